"""Instructors' records: the person, awards (hội thi, khen thưởng), observations (dự giờ,
thao giảng), and the queries behind the Giảng viên tab and detail (hours: ``instructors``).

Every write is one transaction; a broken rule is a :class:`ValidationError` naming its field
and nothing is written. Deletions leave an audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from peewee import JOIN

from app.domain.changes import Topic, writes
from app.domain.dates import format_date, parse_date
from app.domain.errors import NotFoundError, ValidationError
from app.domain.feedback import summarise
from app.domain.text import clean, fold
from app.services import audit, auth
from app.services.feedback import template_info
from app.services.instructors import KIND_NAMES, hours_by_instructor
from app.store import db
from app.store.models import (
    Award,
    CatalogueItem,
    Course,
    FeedbackAnswer,
    FeedbackResponse,
    Instructor,
    Lesson,
    Observation,
    person_keys,
)

OBSERVATION_KINDS = {"du_gio": "Dự giờ", "thao_giang": "Thao giảng"}
DEFAULT_AWARD_TITLE = "Hội thi giảng viên lý luận chính trị giỏi"
MIN_YEAR = 1945


def _codes(kind: str) -> dict[str, str]:
    return dict(CatalogueItem.select(CatalogueItem.code, CatalogueItem.name)
                .where(CatalogueItem.kind == kind).tuples())


def _pick(kind: str, code: str | None, field: str, what: str) -> str | None:
    """A catalogue code (empty → None); an unknown one is refused with ``what`` in the message."""
    code = clean(code)
    if not code:
        return None
    if code not in _codes(kind):
        raise ValidationError(f"{what} \"{code}\" không có trong danh mục.", field=field)
    return code


def _year(value, field: str, what: str, *, required: bool) -> int | None:
    text = clean(str(value)) if value is not None else ""
    if not text:
        if required:
            raise ValidationError(f"Cần nhập {what}.", field=field)
        return None
    if not text.isdigit():
        raise ValidationError(f"{what.capitalize()} \"{text}\" phải là một năm, ví dụ 2019.", field=field)
    year = int(text)
    if not MIN_YEAR <= year <= dt.date.today().year:
        raise ValidationError(f"{what.capitalize()} {year} không hợp lệ (từ {MIN_YEAR} đến năm nay).", field=field)
    return year


# --- the instructor ----------------------------------------------------------------------


@dataclass
class InstructorInput:
    """What the user types for an instructor; codes for the catalogue choices."""

    full_name: str
    kind: str = "part_time"
    gender: str = ""
    birth_year: str | int | None = None
    position: str = ""
    unit: str = ""
    degree: str = ""
    theory_level: str = ""
    norm_code: str = ""
    phone: str = ""
    active: bool = True
    note: str = ""


def _instructor_values(data: InstructorInput) -> dict:
    name = clean(data.full_name)
    if not name:
        raise ValidationError("Cần nhập họ và tên giảng viên.", field="full_name")
    if len(name.split(" ")) < 2:
        raise ValidationError("Cần nhập đủ họ và tên (ít nhất hai chữ).", field="full_name")
    if data.kind not in KIND_NAMES:
        raise ValidationError("Loại giảng viên phải là chuyên trách hoặc kiêm chức.", field="kind")
    gender = _pick("genders", data.gender, "gender", "Giới tính")
    birth_year = _year(data.birth_year, "birth_year", "năm sinh", required=False)
    if birth_year is not None and birth_year > dt.date.today().year - 18:
        raise ValidationError(f"Năm sinh {birth_year}: giảng viên phải đủ 18 tuổi.", field="birth_year")
    return {**person_keys(name), "kind": data.kind, "gender": gender, "birth_year": birth_year,
            "position": clean(data.position) or None, "unit": clean(data.unit) or None,
            "degree": _pick("degrees", data.degree, "degree", "Trình độ chuyên môn"),
            "theory_level": _pick("theory_levels", data.theory_level, "theory_level", "Trình độ lý luận"),
            "norm_code": _pick("teaching_norms", data.norm_code, "norm_code", "Định mức giờ giảng"),
            "phone": clean(data.phone) or None, "active": bool(data.active), "note": clean(data.note) or None}


def _instructor(instructor_id: int) -> Instructor:
    found = Instructor.get_or_none(Instructor.id == instructor_id)
    if found is None:
        raise NotFoundError("Không tìm thấy giảng viên.")
    return found


@writes(Topic.INSTRUCTORS)
def add_instructor(data: InstructorInput) -> int:
    """Create an instructor; returns the id."""
    values = _instructor_values(data)
    with db.write():
        return Instructor.create(**values).id


@writes(Topic.INSTRUCTORS)
def update_instructor(instructor_id: int, data: InstructorInput, *, expected: str | None = None) -> None:
    """Save an edited instructor; ``expected``: the :func:`edit_stamp` the form took."""
    _instructor(instructor_id)
    values = _instructor_values(data)
    with db.write():
        db.require_unchanged(Instructor, instructor_id, expected, "Hồ sơ giảng viên này")
        Instructor.update(**values).where(Instructor.id == instructor_id).execute()


def edit_stamp(instructor_id: int) -> str | None:
    """The fingerprint of the stored record, taken when a form shows it (compare-on-write)."""
    return db.row_stamp(Instructor, instructor_id)


def instructor_input(instructor_id: int) -> InstructorInput:
    """The stored instructor as the form edits it."""
    ins = _instructor(instructor_id)
    return InstructorInput(ins.full_name, ins.kind, ins.gender or "", ins.birth_year, ins.position or "",
                           ins.unit or "", ins.degree or "", ins.theory_level or "", ins.norm_code or "",
                           ins.phone or "", bool(ins.active), ins.note or "")


@dataclass(frozen=True)
class InstructorListRow:
    """One instructor in the Giảng viên tab, with the year's standard hours against the norm."""

    id: int
    full_name: str
    kind: str
    kind_name: str
    position: str
    unit: str
    theory_level: str
    active: bool
    periods: int
    standard_hours: float
    norm: float | None

    @property
    def norm_pct(self) -> float | None:
        return 100.0 * self.standard_hours / self.norm if self.norm else None


def instructor_list(text: str = "", kind: str | None = None, active: bool | None = None,
                    year: int | None = None) -> list[InstructorListRow]:
    """Instructors in Vietnamese name order, filtered; hours are those of ``year`` (this year by default)."""
    year = year or dt.date.today().year
    hours = {row.instructor_id: row for row in hours_by_instructor(dt.date(year, 1, 1), dt.date(year, 12, 31))}
    levels = _codes("theory_levels")
    query = Instructor.select()
    for word in fold(text).split():
        query = query.where(Instructor.search_key.contains(word))
    if kind:
        query = query.where(Instructor.kind == kind)
    if active is not None:
        query = query.where(Instructor.active == active)
    rows = []
    for ins in query.order_by(Instructor.sort_key, Instructor.id):
        h = hours.get(ins.id)
        rows.append(InstructorListRow(ins.id, ins.full_name, ins.kind, KIND_NAMES.get(ins.kind, ins.kind).capitalize(),
                                      ins.position or "", ins.unit or "",
                                      levels.get(ins.theory_level or "", ins.theory_level or ""), bool(ins.active),
                                      h.periods if h else 0, h.standard_hours if h else 0.0, h.norm if h else None))
    return rows


# --- awards --------------------------------------------------------------------------------


@dataclass
class AwardInput:
    year: str | int | None
    title: str = DEFAULT_AWARD_TITLE
    level: str = ""
    prize: str = ""
    note: str = ""


@dataclass(frozen=True)
class AwardRow:
    id: int
    year: int
    title: str
    level: str
    prize: str
    note: str


def _award_values(data: AwardInput) -> dict:
    year = _year(data.year, "year", "năm", required=True)
    title = clean(data.title)
    if not title:
        raise ValidationError("Cần nhập tên hội thi hoặc hình thức khen thưởng.", field="title")
    return {"year": year, "title": title, "level": _pick("award_levels", data.level, "level", "Cấp"),
            "prize": _pick("prizes", data.prize, "prize", "Giải"), "note": clean(data.note) or None}


@writes(Topic.INSTRUCTORS)
def add_award(instructor_id: int, data: AwardInput) -> int:
    _instructor(instructor_id)
    values = _award_values(data)
    with db.write():
        return Award.create(instructor=instructor_id, **values).id


@writes(Topic.INSTRUCTORS)
def update_award(award_id: int, data: AwardInput) -> None:
    if Award.get_or_none(Award.id == award_id) is None:
        raise NotFoundError("Không tìm thấy khen thưởng.")
    values = _award_values(data)
    with db.write():
        Award.update(**values).where(Award.id == award_id).execute()


@writes(Topic.INSTRUCTORS, Topic.AUDIT)
def delete_award(award_id: int, reason: str = "") -> None:
    award = Award.get_or_none(Award.id == award_id)
    if award is None:
        raise NotFoundError("Không tìm thấy khen thưởng.")
    with db.write():
        audit.record("delete", "award", award.id,
                     f"Xóa khen thưởng {award.year} – {award.title} của {award.instructor.full_name}", clean(reason),
                     user=auth.acting_user())
        award.delete_instance()


def awards(instructor_id: int) -> list[AwardRow]:
    """The instructor's awards, newest first, with the names of level and prize."""
    levels, prizes = _codes("award_levels"), _codes("prizes")
    return [AwardRow(a.id, a.year, a.title, levels.get(a.level or "", a.level or ""),
                     prizes.get(a.prize or "", a.prize or ""), a.note or "")
            for a in Award.select().where(Award.instructor == instructor_id).order_by(Award.year.desc(), Award.id)]


def award_input(award_id: int) -> AwardInput:
    a = Award.get_by_id(award_id)
    return AwardInput(a.year, a.title, a.level or "", a.prize or "", a.note or "")


# --- observations ----------------------------------------------------------------------------


@dataclass
class ObservationInput:
    date: str | dt.date | None
    kind: str = "du_gio"
    lesson_id: int | None = None
    observers: str = ""
    rating: str = ""
    strengths: str = ""
    weaknesses: str = ""


@dataclass(frozen=True)
class ObservationRow:
    id: int
    date: dt.date
    kind: str
    lesson: str
    observers: str
    rating: str
    strengths: str
    weaknesses: str


def _observation_values(instructor_id: int, data: ObservationInput) -> dict:
    try:
        date = parse_date(data.date)
    except ValidationError as exc:
        raise ValidationError(exc.message, field="date") from None
    if date > dt.date.today():
        raise ValidationError(f"Ngày dự giờ {format_date(date)} ở tương lai.", field="date")
    if data.kind not in OBSERVATION_KINDS:
        raise ValidationError("Hình thức phải là dự giờ hoặc thao giảng.", field="kind")
    lesson = None
    if data.lesson_id is not None:
        lesson = Lesson.get_or_none(Lesson.id == data.lesson_id)
        if lesson is None or lesson.instructor_id != instructor_id:
            raise ValidationError("Buổi giảng đã chọn không phải của giảng viên này.", field="lesson")
        if lesson.date != date:
            raise ValidationError(f"Buổi giảng đã chọn diễn ra ngày {format_date(lesson.date)}, "
                                  f"không phải ngày {format_date(date)}.", field="date")
    return {"date": date, "kind": data.kind, "lesson": lesson,
            "observers": clean(data.observers) or None,
            "rating": _pick("observation_ratings", data.rating, "rating", "Xếp loại"),
            "strengths": clean(data.strengths) or None, "weaknesses": clean(data.weaknesses) or None}


@writes(Topic.INSTRUCTORS)
def add_observation(instructor_id: int, data: ObservationInput) -> int:
    _instructor(instructor_id)
    values = _observation_values(instructor_id, data)
    with db.write():
        return Observation.create(instructor=instructor_id, **values).id


@writes(Topic.INSTRUCTORS)
def update_observation(observation_id: int, data: ObservationInput) -> None:
    found = Observation.get_or_none(Observation.id == observation_id)
    if found is None:
        raise NotFoundError("Không tìm thấy lần dự giờ.")
    values = _observation_values(found.instructor_id, data)
    with db.write():
        Observation.update(**values).where(Observation.id == observation_id).execute()


@writes(Topic.INSTRUCTORS, Topic.AUDIT)
def delete_observation(observation_id: int, reason: str = "") -> None:
    found = Observation.get_or_none(Observation.id == observation_id)
    if found is None:
        raise NotFoundError("Không tìm thấy lần dự giờ.")
    with db.write():
        audit.record("delete", "observation", found.id,
                     f"Xóa {OBSERVATION_KINDS.get(found.kind, found.kind).lower()} ngày {format_date(found.date)} "
                     f"của {found.instructor.full_name}", clean(reason), user=auth.acting_user())
        found.delete_instance()


def observations(instructor_id: int) -> list[ObservationRow]:
    """The instructor's observed lessons, newest first."""
    ratings = _codes("observation_ratings")
    query = (Observation.select(Observation.id, Observation.date, Observation.kind, Course.code, Lesson.topic,
                                Observation.observers, Observation.rating, Observation.strengths,
                                Observation.weaknesses)
             .join(Lesson, JOIN.LEFT_OUTER).join(Course, JOIN.LEFT_OUTER)
             .where(Observation.instructor == instructor_id).order_by(Observation.date.desc(), Observation.id))
    rows = []
    for oid, date, kind, code, topic, observers, rating, strengths, weaknesses in query.tuples():
        rows.append(ObservationRow(oid, date, OBSERVATION_KINDS.get(kind, kind), f"{code} – {topic}" if code else "",
                                   observers or "", ratings.get(rating or "", rating or ""), strengths or "",
                                   weaknesses or ""))
    return rows


def observation_input(observation_id: int) -> ObservationInput:
    o = Observation.get_by_id(observation_id)
    return ObservationInput(o.date, o.kind, o.lesson_id, o.observers or "", o.rating or "", o.strengths or "",
                            o.weaknesses or "")


# --- feedback per class ------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseFeedbackRow:
    """All answers of the forms about one instructor's lessons in one class, pooled."""

    course_code: str
    course_name: str
    start_date: dt.date
    forms: int
    satisfied_pct: float | None
    mean: float | None


def feedback_by_course(instructor_id: int, year: int | None = None) -> list[CourseFeedbackRow]:
    """Per class (newest first): forms about the instructor's lessons, share satisfied and mean of all answers."""
    query = (FeedbackAnswer.select(Course.id, Course.code, Course.name, Course.start_date, FeedbackResponse.id,
                                   FeedbackResponse.template, FeedbackAnswer.value)
             .join(FeedbackResponse).join(Lesson, on=(FeedbackResponse.lesson == Lesson.id))
             .join(Course, on=(Lesson.course == Course.id))
             .where(Lesson.instructor == instructor_id))
    if year is not None:
        query = query.where(Lesson.date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    groups: dict[tuple, dict] = defaultdict(lambda: {"forms": set(), "values": []})
    for course_id, code, name, start, response_id, template_id, value in query.tuples():
        group = groups[(course_id, code, name, start, template_id)]
        group["forms"].add(response_id)
        group["values"].append(value)
    rows = []
    scales: dict[int, list[int]] = {}
    for (_cid, code, name, start, template_id), group in groups.items():
        if template_id not in scales:
            scales[template_id] = [value for value, _label in template_info(template_id).scale]
        summary = summarise("", group["values"], scales[template_id])
        rows.append(CourseFeedbackRow(code, name, start, len(group["forms"]), summary.satisfied_pct, summary.mean))
    rows.sort(key=lambda r: (r.start_date, r.course_code), reverse=True)
    return rows
