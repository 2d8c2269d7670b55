"""Kết quả đào tạo, bồi dưỡng: classes and enrolments per program, per partner, per year."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass

from peewee import JOIN, SQL, Case, Cast, fn

from app.domain.formatting import format_int
from app.domain.tables import TableColumn as C
from app.domain.tables import TableDocument
from app.domain.text import sort_key
from app.services.reports.common import (
    KINH_CODE,
    PERIOD_RULE,
    TOTAL_CODE,
    ChartData,
    ReportData,
    courses_in_period,
    period_text,
)
from app.store.models import Certificate, Course, Enrollment, EthnicGroup, Organization, Program, Trainee

COUNT_FIELDS = ("classes", "enrolments", "women", "ethnic_minority", "party_members", "completed", "certificates")
NO_PARTNER = "Trung tâm tự tổ chức"


@dataclass(frozen=True)
class ResultsRow:
    program_code: str
    program_name: str
    classes: int
    enrolments: int
    women: int
    ethnic_minority: int
    party_members: int
    completed: int
    certificates: int


@dataclass(frozen=True)
class PartnerRow:
    partner: str  # the organisation's name, or NO_PARTNER
    classes: int
    enrolments: int
    women: int
    ethnic_minority: int
    party_members: int
    completed: int
    certificates: int


RESULTS_CSV_HEADER = ("program code", "program name", "classes", "enrolments", "women", "ethnic minority",
                      "party members", "completed", "certificates")
# The results CSV keeps the columns the README documents (scripts read it); the others speak Vietnamese.
PARTNERS_CSV_HEADER = ("Đơn vị phối hợp", "Số lớp", "Lượt học viên", "Nữ", "Dân tộc thiểu số", "Đảng viên",
                       "Hoàn thành", "Được cấp GCN")

RULES = (f"{PERIOD_RULE} Lượt học viên: một người học hai lớp được tính hai lượt. Đảng viên: là đảng viên "
         "tại ngày khai giảng lớp. Dân tộc thiểu số: không phải dân tộc Kinh. Được cấp GCN: có giấy chứng "
         "nhận chưa bị hủy.")


def _counts(group, start: dt.date, end: dt.date) -> dict[object, tuple[int, ...]]:
    """Per value of ``group`` (a Course column or expression): the seven counts of COUNT_FIELDS."""
    in_period = courses_in_period(start, end)
    women = fn.SUM(Case(None, [(Trainee.gender == "F", 1)], 0))
    minority = fn.SUM(Case(None, [((EthnicGroup.code.is_null(False)) & (EthnicGroup.code != KINH_CODE), 1)], 0))
    party = fn.SUM(Case(None, [(Trainee.party_member & (Trainee.party_joined_on.is_null() |
                                                        (Trainee.party_joined_on <= Course.start_date)), 1)], 0))
    completed = fn.SUM(Case(None, [(Enrollment.completed, 1)], 0))
    certified = (Certificate.select(fn.COUNT(Certificate.id.distinct()))
                 .where(Certificate.enrollment == Enrollment.id, Certificate.status == "issued"))
    people = (Enrollment
              .select(group, fn.COUNT(Enrollment.id), women, minority, party, completed,
                      fn.SUM(Case(None, [(certified > 0, 1)], 0)))
              .join(Course).switch(Enrollment).join(Trainee).join(EthnicGroup, JOIN.LEFT_OUTER)
              .where(in_period).group_by(group).tuples())
    counts = {row[0]: tuple(int(v or 0) for v in row[1:]) for row in people}
    classes = Course.select(group, fn.COUNT(Course.id)).where(in_period).group_by(group).tuples()
    return {key: (n, *counts.get(key, (0,) * 6)) for key, n in classes}


def _total(rows) -> tuple[int, ...]:
    return tuple(sum(getattr(r, f) for r in rows) for f in COUNT_FIELDS)


def results_by_program(start: dt.date, end: dt.date) -> list[ResultsRow]:
    """Kết quả đào tạo, bồi dưỡng: per program with classes in the period, then a TOTAL row.

    Enrolments are counted per class (a person in two classes counts twice: lượt học viên).
    Party members are those who were members when the class started.
    """
    counts = _counts(Course.program, start, end)
    rows = [ResultsRow(p.code, p.name, *counts[p.id])
            for p in Program.select().order_by(Program.sort_order, Program.code) if p.id in counts]
    return [*rows, ResultsRow(TOTAL_CODE, "Tổng cộng", *_total(rows))]


def results_by_partner(start: dt.date, end: dt.date) -> list[PartnerRow]:
    """The same counts per partner organisation (đơn vị phối hợp), most classes first, then a total."""
    counts = _counts(Course.partner, start, end)
    names = dict(Organization.select(Organization.id, Organization.name)
                 .where(Organization.id.in_([k for k in counts if k is not None])).tuples())
    rows = [PartnerRow(names[k] if k is not None else NO_PARTNER, *v) for k, v in counts.items()]
    rows.sort(key=lambda r: (r.partner == NO_PARTNER, -r.classes, sort_key(r.partner)))
    return [*rows, PartnerRow("Tổng cộng", *_total(rows))]


def by_year(start: dt.date, end: dt.date) -> tuple[list[str], list[int], list[int]]:
    """Classes and enrolments per year of the period (per month when the period is within one year)."""
    monthly = start.year == end.year
    # The date as ISO text (CAST: a server's DATE is no text), then its year or year-month; the
    # numbers inline, so that the server sees the SELECT's and the GROUP BY's expression as one.
    bucket = fn.substr(Cast(Course.start_date, "TEXT"), SQL("1"), SQL("7" if monthly else "4"))
    counts = _counts(bucket, start, end)
    if monthly:
        keys = [f"{start.year:04d}-{m:02d}" for m in range(start.month, end.month + 1)]
        labels = [f"T{int(k[5:])}" for k in keys]
    else:
        keys = [str(y) for y in range(start.year, end.year + 1)]
        labels = keys
    return labels, [counts.get(k, (0, 0))[0] for k in keys], [counts.get(k, (0, 0))[1] for k in keys]


def _count_cells(row) -> tuple[str, ...]:
    return tuple(format_int(getattr(row, f)) for f in COUNT_FIELDS)


def _columns(first: str, first_width: float) -> list[C]:
    return [C("STT", 10, "center"), C(first, first_width), C("Số lớp", 16, "right"),
            C("Lượt học viên", 20, "right"), C("Nữ", 16, "right"), C("Dân tộc thiểu số", 20, "right"),
            C("Đảng viên", 18, "right"), C("Hoàn thành", 20, "right"), C("Được cấp GCN", 20, "right")]


def results_document(start: dt.date, end: dt.date, rows: list[ResultsRow] | None = None) -> TableDocument:
    rows = rows if rows is not None else results_by_program(start, end)
    body = [(str(i), f"{r.program_name} ({r.program_code})", *_count_cells(r)) for i, r in enumerate(rows[:-1], 1)]
    return TableDocument("KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG", period_text(start, end), _columns("Chương trình", 62), body,
                         footer=("", "Tổng cộng", *_count_cells(rows[-1])), notes=[RULES], wide=True,
                         sheet_name="Kết quả đào tạo")


def results_charts(start: dt.date, end: dt.date, rows: list[ResultsRow]) -> list[ChartData]:
    """Classes and enrolments per year (per month within one year) and per program; none without classes."""
    if not rows[-1].classes:
        return []
    labels, classes, enrolments = by_year(start, end)
    unit = "tháng" if start.year == end.year else "năm"
    programs = tuple(r.program_code for r in rows[:-1])
    return [
        ChartData(f"Số lớp theo {unit}", tuple(labels), (("Số lớp", tuple(classes)),)),
        ChartData(f"Lượt học viên theo {unit}", tuple(labels), (("Lượt học viên", tuple(enrolments)),)),
        ChartData("Số lớp theo chương trình", programs, (("Số lớp", tuple(r.classes for r in rows[:-1])),)),
        ChartData("Lượt học viên theo chương trình", programs,
                  (("Lượt học viên", tuple(r.enrolments for r in rows[:-1])),)),
    ]


def results_report(start: dt.date, end: dt.date) -> ReportData:
    rows = results_by_program(start, end)
    return ReportData("results", results_document(start, end, rows), RESULTS_CSV_HEADER,
                      [astuple(r) for r in rows], results_charts(start, end, rows))


def partners_report(start: dt.date, end: dt.date) -> ReportData:
    rows = results_by_partner(start, end)
    body = [(str(i), r.partner, *_count_cells(r)) for i, r in enumerate(rows[:-1], 1)]
    document = TableDocument("KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG THEO ĐƠN VỊ PHỐI HỢP", period_text(start, end),
                             _columns("Đơn vị phối hợp", 62), body, footer=("", "Tổng cộng", *_count_cells(rows[-1])),
                             notes=[RULES, f"\"{NO_PARTNER}\": lớp không ghi đơn vị phối hợp."], wide=True,
                             sheet_name="Theo đơn vị phối hợp")
    csv_rows = [astuple(r) for r in rows[:-1]] + [("Tổng cộng", *astuple(rows[-1])[1:])]
    return ReportData("results-partners", document, PARTNERS_CSV_HEADER, csv_rows)
