"""Giảng viên: the teaching staff, with their awards and the lessons observed in the period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from app.domain.formatting import format_date, format_int
from app.domain.tables import TableColumn as C
from app.domain.tables import TableDocument
from app.services.instructors import KIND_NAMES
from app.services.reports.common import ReportData, period_text
from app.store.models import Award, CatalogueItem, Instructor, Observation

OBSERVATION_KINDS = {"du_gio": "Dự giờ", "thao_giang": "Thao giảng"}


@dataclass(frozen=True)
class StaffRow:
    full_name: str
    kind: str
    position: str
    unit: str
    degree: str
    theory_level: str
    awards: tuple[str, ...]  # "Giải Nhất cấp huyện năm 2017 (Hội thi …)"
    observations: tuple[str, ...]  # "Thao giảng 12/04/2017: Giỏi"


STAFF_CSV_HEADER = ("Họ và tên", "Loại", "Chức vụ", "Đơn vị", "Chuyên môn", "Lý luận chính trị",
                    "Khen thưởng, hội thi trong kỳ", "Dự giờ, thao giảng trong kỳ")


def _names(kind: str) -> dict[str, str]:
    return dict(CatalogueItem.select(CatalogueItem.code, CatalogueItem.name).where(CatalogueItem.kind == kind).tuples())


def staff_rows(start: dt.date, end: dt.date) -> list[StaffRow]:
    """Active instructors and those with an award or observation in the period: full-time first, by name.

    An award counts in the period when its year is one the period touches (awards carry a year only).
    """
    levels, prizes, ratings = _names("award_levels"), _names("prizes"), _names("observation_ratings")
    degrees, theory = _names("degrees"), _names("theory_levels")
    awards: dict[int, list[str]] = defaultdict(list)
    for a in Award.select().where(Award.year.between(start.year, end.year)).order_by(Award.year, Award.id):
        prize = prizes.get(a.prize or "", a.prize or "")
        level = levels.get(a.level or "", a.level or "")
        head = " ".join(x for x in (prize, level.lower()) if x) or a.title
        awards[a.instructor_id].append(f"{head} năm {a.year}" + (f" ({a.title})" if head != a.title else ""))
    observed: dict[int, list[str]] = defaultdict(list)
    for o in Observation.select().where(Observation.date.between(start, end)).order_by(Observation.date):
        rating = ratings.get(o.rating or "", o.rating or "")
        text = f"{OBSERVATION_KINDS.get(o.kind, o.kind)} {format_date(o.date)}" + (f": {rating}" if rating else "")
        observed[o.instructor_id].append(text)
    keep = Instructor.active | Instructor.id.in_(list(awards) + list(observed))
    return [StaffRow(i.full_name, i.kind, i.position or "", i.unit or "", degrees.get(i.degree or "", i.degree or ""),
                     theory.get(i.theory_level or "", i.theory_level or ""), tuple(awards[i.id]),
                     tuple(observed[i.id]))
            for i in Instructor.select().where(keep).order_by(Instructor.kind != "full_time", Instructor.sort_key)]


def staff_report(start: dt.date, end: dt.date) -> ReportData:
    rows = staff_rows(start, end)
    columns = [C("STT", 10, "center"), C("Họ và tên", 38), C("Loại", 20), C("Chức vụ", 36), C("Đơn vị", 40),
               C("Chuyên môn", 20), C("Lý luận chính trị", 20), C("Khen thưởng, hội thi trong kỳ", 52),
               C("Dự giờ, thao giảng trong kỳ", 42)]
    body = [(str(i), r.full_name, KIND_NAMES.get(r.kind, r.kind).capitalize(), r.position, r.unit, r.degree,
             r.theory_level, "; ".join(r.awards), "; ".join(r.observations)) for i, r in enumerate(rows, 1)]
    full = sum(1 for r in rows if r.kind == "full_time")
    notes = [f"Giảng viên chuyên trách: {format_int(full)}; kiêm chức: {format_int(len(rows) - full)}. "
             f"Khen thưởng, hội thi: {format_int(sum(len(r.awards) for r in rows))}; "
             f"dự giờ, thao giảng: {format_int(sum(len(r.observations) for r in rows))} lượt.",
             "Danh sách gồm giảng viên đang làm việc và giảng viên có khen thưởng hoặc dự giờ trong kỳ. Khen thưởng "
             "tính theo năm của giải (mọi năm mà kỳ báo cáo đi qua); dự giờ, thao giảng theo ngày."]
    document = TableDocument("ĐỘI NGŨ GIẢNG VIÊN", period_text(start, end), columns, body, notes=notes, wide=True,
                             font_size=10, sheet_name="Giảng viên")
    csv_rows = [(r.full_name, KIND_NAMES.get(r.kind, r.kind).capitalize(), r.position, r.unit, r.degree,
                 r.theory_level, "; ".join(r.awards),
                 "; ".join(r.observations)) for r in rows]
    return ReportData("instructors", document, STAFF_CSV_HEADER, csv_rows)
