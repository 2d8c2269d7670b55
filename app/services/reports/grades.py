"""Kết quả học tập: how many trainees reached each result band, per scored program."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from app.domain.formatting import format_decimal, format_int
from app.domain.results import Band
from app.domain.tables import TableColumn as C
from app.domain.tables import TableDocument
from app.services.reports.common import (
    PERIOD_RULE,
    TOTAL_CODE,
    ChartData,
    ReportData,
    courses_in_period,
    period_text,
    share,
    vn_code,
)
from app.services.results import bands_for_program
from app.store.models import Course, Enrollment, Program


@dataclass(frozen=True)
class GradesRow:
    program_code: str
    program_name: str
    enrolments: int
    graded: int  # with a result
    counts: tuple[int, ...]  # per band of the report, best first
    shares: tuple[float | None, ...]  # percent of ``graded``
    ungraded: int


def report_bands(programs: list[Program]) -> list[Band]:
    """The enabled bands of the programs (their own or the default set), best first, each once."""
    seen: dict[str, Band] = {}
    for program in programs:
        for band in bands_for_program(program):
            if band.enabled and band.code not in seen:
                seen[band.code] = band
    return sorted(seen.values(), key=lambda b: b.min_score, reverse=True)


def grades_rows(start: dt.date, end: dt.date) -> tuple[list[Band], list[GradesRow]]:
    """Per scored program with classes in the period: counts and shares per band; then a TOTAL row."""
    in_period = courses_in_period(start, end)
    query = (Enrollment.select(Course.program, Enrollment.result_code, fn.COUNT(Enrollment.id))
             .join(Course).join(Program).where(in_period, Program.scored)
             .group_by(Course.program, Enrollment.result_code).tuples())
    counts: dict[int, dict[str | None, int]] = {}
    for program_id, code, n in query:
        counts.setdefault(program_id, {})[code] = n
    programs = [p for p in Program.select().where(Program.scored).order_by(Program.sort_order, Program.code)
                if p.id in counts]
    bands = report_bands(programs)
    rows = []
    for p in programs:
        by_code = counts[p.id]
        enrolments = sum(by_code.values())
        ungraded = by_code.get(None, 0) + sum(n for c, n in by_code.items() if c and c not in {b.code for b in bands})
        per_band = tuple(by_code.get(b.code, 0) for b in bands)
        graded = enrolments - ungraded
        rows.append(GradesRow(p.code, p.name, enrolments, graded, per_band,
                              tuple(share(n, graded) for n in per_band), ungraded))
    graded = sum(r.graded for r in rows)
    per_band = tuple(sum(r.counts[i] for r in rows) for i in range(len(bands)))
    rows.append(GradesRow(TOTAL_CODE, "Tổng cộng", sum(r.enrolments for r in rows), graded, per_band,
                          tuple(share(n, graded) for n in per_band), sum(r.ungraded for r in rows)))
    return bands, rows


def grades_report(start: dt.date, end: dt.date) -> ReportData:
    bands, rows = grades_rows(start, end)
    columns = [C("STT", 10, "center"), C("Chương trình", 60), C("Lượt học viên", 18, "right"),
               C("Có kết quả", 17, "right")]
    for band in bands:
        columns += [C(band.name, 15, "right"), C(f"Tỷ lệ {band.name.lower()}", 17, "right")]
    columns.append(C("Chưa có kết quả", 17, "right"))

    def cells(r: GradesRow) -> tuple[str, ...]:
        pairs = []
        for n, pct in zip(r.counts, r.shares, strict=True):
            pairs += [format_int(n), "" if pct is None else format_decimal(pct) + "%"]
        return (format_int(r.enrolments), format_int(r.graded), *pairs, format_int(r.ungraded))

    body = [(str(i), f"{r.program_name} ({r.program_code})", *cells(r)) for i, r in enumerate(rows[:-1], 1)]
    notes = [f"{PERIOD_RULE} Chỉ tính các chương trình có chấm điểm. Tỷ lệ tính trên số lượt học viên đã có "
             "kết quả xếp loại; xếp loại theo thang điểm của từng chương trình (kể cả kết quả đã sửa có lý do)."]
    document = TableDocument("KẾT QUẢ HỌC TẬP CỦA HỌC VIÊN", period_text(start, end), columns, body,
                             footer=("", "Tổng cộng", *cells(rows[-1])), notes=notes, wide=True,
                             font_size=10 if len(bands) > 4 else None, sheet_name="Kết quả học tập")
    header = ["Mã chương trình", "Tên chương trình", "Lượt học viên", "Đã xếp loại"]
    for band in bands:
        header += [f"{band.name}: số lượt", f"{band.name}: tỷ lệ (%)"]
    csv_rows = []
    for r in rows:
        pairs: list[object] = []
        for n, pct in zip(r.counts, r.shares, strict=True):
            pairs += [n, pct]
        csv_rows.append((vn_code(r.program_code), r.program_name, r.enrolments, r.graded, *pairs, r.ungraded))
    total = rows[-1]
    charts = [ChartData("Lượt học viên theo xếp loại", tuple(b.name for b in bands),
                        (("Lượt học viên", total.counts),))] if total.graded else []
    return ReportData("grades", document, (*header, "Chưa xếp loại"), csv_rows, charts)
