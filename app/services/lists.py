"""Read queries behind the main window's lists: classes, trainees, instructors, catalogues.

Every function returns plain dataclass rows (no Qt, no peewee objects), so the screen tables,
and later the printouts and Excel exports, read the same rows. Lists are ordered in SQL by the
stored keys (``Trainee.sort_key`` is the Vietnamese name order); nothing is sorted in Python.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from peewee import JOIN, SQL, Cast, Expression, NodeList, Tuple, fn

from app.domain.text import clean, fold, sort_key
from app.services.courses import status_expression
from app.store.models import (
    CatalogueItem,
    Course,
    Enrollment,
    EthnicGroup,
    Instructor,
    Lesson,
    Organization,
    Program,
    Trainee,
)

# SQLite's default limit of bound variables was 999 in older builds; stay well below it.
_IN_CHUNK = 500


# --- matching helpers ----------------------------------------------------------------------


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(expr, pattern: str) -> Expression:
    """``expr LIKE pattern ESCAPE '\\'`` (the pattern's own wildcards are escaped by the caller)."""
    return NodeList((expr, SQL("LIKE"), pattern, SQL("ESCAPE '\\'")))


def _words_prefix(folded_column, words: Sequence[str]):
    """Every word starts a word of the folded column: "nguyen van d" finds "nguyen van dung"."""
    padded = NodeList((SQL("' ' ||"), folded_column))
    condition = None
    for word in words:
        term = _like(padded, f"% {_escape_like(word)}%")
        condition = term if condition is None else (condition & term)
    return condition


def query_words(text: str | None) -> list[str]:
    """The folded words of what the user typed (empty when nothing useful was typed)."""
    return fold(text).split()


def _label(kind: str):
    """An alias of the small catalogue ``kind``, to join a code to its Vietnamese name."""
    return CatalogueItem.alias(f"cat_{kind}")


def _join_label(query, alias, kind: str, code_field):
    return query.join(alias, JOIN.LEFT_OUTER,
                      on=((alias.kind == kind) & (alias.code == code_field)))


# --- classes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseRow:
    """One class in the Lớp học list."""

    id: int
    code: str
    program_code: str
    program_name: str
    name: str
    start_date: dt.date
    end_date: dt.date
    venue: str
    partner: str
    status: str
    status_name: str
    trainee_count: int


def course_years() -> list[int]:
    """Years in which some class starts, newest first."""
    # ISO text on both backends; the numbers inline (the server must see one expression twice).
    year = fn.substr(Cast(Course.start_date, "TEXT"), SQL("1"), SQL("4"))
    query = Course.select(year.distinct()).order_by(year.desc())
    return [int(value) for (value,) in query.tuples() if value]


def courses(year: int | None, status: str | None = None, text: str | None = None) -> list[CourseRow]:
    """Classes running during ``year`` (every class when None), optionally of one status and matching text.

    One query: the trainee count is a correlated subquery, never a query per class.
    """
    status_alias = _label("course_statuses")
    count = (Enrollment.select(fn.COUNT(Enrollment.id))
             .where(Enrollment.course == Course.id))
    status_now = status_expression()  # the calendar's status, derived on read
    query = (Course
             .select(Course.id, Course.code, Program.code, Program.name, Course.name,
                     Course.start_date, Course.end_date, Course.venue, Organization.name,
                     status_now, status_alias.name, count)
             .join(Program)
             .switch(Course).join(Organization, JOIN.LEFT_OUTER))
    query = _join_label(query, status_alias, "course_statuses", status_now)
    if year is not None:
        query = query.where(Course.start_date <= dt.date(year, 12, 31),
                            Course.end_date >= dt.date(year, 1, 1))
    if status:
        query = query.where(status_now == status)
    words = query_words(text)
    query = query.order_by(Course.start_date, Course.code)
    rows = [CourseRow(id=r[0], code=r[1], program_code=r[2], program_name=r[3], name=r[4],
                      start_date=_as_day(r[5]), end_date=_as_day(r[6]), venue=r[7] or "",
                      partner=r[8] or "", status=r[9], status_name=r[10] or r[9],
                      trainee_count=r[11] or 0)
            for r in query.tuples()]
    if words:
        # Matched here, on the folded text of the row, not in SQL: the fold of app.domain.text is
        # no function a PostgreSQL server has (classes are few; people are searched by their
        # stored search_key).
        rows = [row for row in rows if _has_words(row, words)]
    return rows


def _has_words(row: CourseRow, words: Sequence[str]) -> bool:
    haystack = fold(" ".join((row.code, row.name, row.program_code, row.program_name, row.venue, row.partner)))
    return all(word in haystack for word in words)


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _as_day(value: object) -> dt.date:
    """The value of a NOT NULL date column."""
    day = _as_date(value)
    if day is None:
        raise ValueError("a NOT NULL date column read as NULL")
    return day


# --- trainees ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TraineeRow:
    """One trainee in the Học viên list."""

    id: int
    full_name: str
    birth_date: dt.date | None
    birth_year: int | None
    gender: str
    ethnic_group: str
    citizen_id: str
    position: str
    unit: str
    course_count: int


_YEAR_RE = re.compile(r"^\d{4}$")
_DIGITS_RE = re.compile(r"^\d+$")


def _trainee_condition(text: str | None):
    """The WHERE clause for what was typed in the Học viên filter (None: everyone).

    A 4-digit number is a birth year or the start of a citizen ID; other digits are the start of
    a citizen ID (or old ID number); words must each start a word of the folded name, or each
    start a word of the folded workplace.
    """
    typed = clean(text)
    if not typed:
        return None
    if _DIGITS_RE.match(typed):
        prefix = f"{_escape_like(typed)}%"
        condition = _like(Trainee.citizen_id, prefix) | _like(Trainee.old_id_number, prefix)
        if _YEAR_RE.match(typed):
            condition = condition | (Trainee.birth_year == int(typed))
        return condition
    words = query_words(typed)
    if not words:
        return None
    # Each way of matching is its own SELECT of ids, so each reads the smallest thing it can:
    # names through the search_key index alone (half a table scan), workplaces through the
    # organization index. One WHERE with ORs would scan the whole table instead.
    longest = max(words, key=len)
    by_name = Trainee.select(Trainee.id).where(
        _like(Trainee.search_key, f"%{_escape_like(longest)}%")  # cheap, and rules out most rows
        & _words_prefix(Trainee.search_key, words))
    units = _organizations_matching(typed)
    matches = by_name + Trainee.select(Trainee.id).where(Trainee.organization.in_(units))
    written = _units_as_written(words)
    if written:
        matches = matches + Trainee.select(Trainee.id).where(
            Trainee.organization.is_null(), Trainee.unit_text.in_(written))
    return Trainee.id.in_(matches)


def _organizations_matching(typed: str) -> list[int]:
    """Organisations whose name or an alias matches every typed word at a word start, with
    abbreviations spelled out on both sides ("uy ban nhan dan xa san chai" finds "UBND xã Sán
    Chải"). Organisations are a few hundred: matched in Python with the catalogue's own key."""
    from app.services.organizations import match_key

    words = match_key(typed).split()
    if not words:
        return []
    found = []
    query = Organization.select(Organization.id, Organization.name, Organization.aliases)
    for org_id, name, aliases in Trainee._meta.database.execute(query):
        for spelling in (name, *json.loads(aliases or "[]")):
            parts = match_key(spelling).split()
            if all(any(part.startswith(word) for part in parts) for word in words):
                found.append(org_id)
                break
    return found


def _units_as_written(words: Sequence[str]) -> list[str]:
    """Workplaces typed as free text (no catalogue match) whose folded words match.

    Folding each distinct text once in Python is much cheaper than folding the column of every
    row in SQL: many trainees share a few hundred such texts.
    """
    query = (Trainee.select(Trainee.unit_text)
             .where(Trainee.organization.is_null(), Trainee.unit_text.is_null(False))
             .distinct())
    found = []
    for (text,) in Trainee._meta.database.execute(query):
        parts = fold(text).split()
        if all(any(part.startswith(word) for part in parts) for word in words):
            found.append(text)
    return found


def filters_nothing(text: str | None) -> bool:
    """True when what was typed in the Học viên filter keeps everyone (nothing useful typed)."""
    typed = clean(text)
    return not typed or (not _DIGITS_RE.match(typed) and not query_words(typed))


def trainee_count() -> int:
    """How many trainees there are (the unfiltered Học viên list)."""
    return _count(Trainee)


def trainee_id_page(offset: int, limit: int) -> list[int]:
    """Ids of everyone in Vietnamese name order, ``limit`` of them from position ``offset``.

    Walks the sort_key index (which also holds the id): a page in well under a millisecond at the
    start, about two milliseconds at the end of 100,000.
    """
    query = (Trainee.select(Trainee.id).order_by(Trainee.sort_key, Trainee.id)
             .limit(limit).offset(offset))
    return [row[0] for row in Trainee._meta.database.execute(query)]


def trainee_position(trainee_id: int) -> int | None:
    """The row of a trainee in the unfiltered list (None when there is no such trainee)."""
    key = Trainee.select(Trainee.sort_key).where(Trainee.id == trainee_id).scalar()
    if key is None:
        return None
    # A row-value comparison: SQLite counts it along the sort_key index.
    before = Tuple(Trainee.sort_key, Trainee.id) < Tuple(key, trainee_id)
    return Trainee.select(fn.COUNT(SQL("*"))).where(before).scalar() or 0


def trainee_ids(text: str | None = None, *, course_id: int | None = None) -> list[int]:
    """Ids of the trainees matching ``text`` (of one class, if given), in Vietnamese name order."""
    query = Trainee.select(Trainee.id)
    condition = _trainee_condition(text)
    if course_id is not None:
        in_class = Trainee.id.in_(Enrollment.select(Enrollment.trainee).where(Enrollment.course == course_id))
        condition = in_class if condition is None else (condition & in_class)
    if condition is None:
        query = query.order_by(Trainee.sort_key, Trainee.id)  # walks the sort_key index
    else:
        # Filter first, then sort the few matches: ordering by an expression keeps SQLite from
        # walking the whole index in order and testing every row on the way (7× slower).
        query = query.where(condition).order_by(Trainee.sort_key.concat(""), Trainee.id)
    # The raw cursor: 100,000 ids in ~20 ms, where building row tuples takes ~100 ms.
    return [row[0] for row in Trainee._meta.database.execute(query)]


def trainee_rows(ids: Sequence[int]) -> list[TraineeRow]:
    """The rows of the given trainees, in the order of ``ids`` (unknown ids are skipped)."""
    found: dict[int, TraineeRow] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = list(ids[start:start + _IN_CHUNK])
        for row in _trainee_chunk(chunk):
            found[row.id] = row
    return [found[i] for i in ids if i in found]


def _trainee_chunk(ids: list[int]) -> list[TraineeRow]:
    gender = _label("genders")
    count = (Enrollment.select(fn.COUNT(Enrollment.id))
             .where(Enrollment.trainee == Trainee.id))
    query = (Trainee
             .select(Trainee.id, Trainee.full_name, Trainee.birth_date, Trainee.birth_year,
                     Trainee.gender, gender.name, EthnicGroup.name, Trainee.citizen_id,
                     Trainee.position, Organization.name, Trainee.unit_text, count)
             .join(EthnicGroup, JOIN.LEFT_OUTER)
             .switch(Trainee).join(Organization, JOIN.LEFT_OUTER))
    query = _join_label(query, gender, "genders", Trainee.gender)
    query = query.where(Trainee.id.in_(ids))
    # The raw cursor: a page of rows without peewee's per-value conversions (half the time).
    return [TraineeRow(id=r[0], full_name=r[1], birth_date=_as_date(r[2]), birth_year=r[3],
                       gender=r[5] or r[4] or "", ethnic_group=r[6] or "", citizen_id=r[7] or "",
                       position=r[8] or "", unit=r[9] or r[10] or "", course_count=r[11] or 0)
            for r in Trainee._meta.database.execute(query)]


# --- instructors ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InstructorRow:
    """One instructor in the Giảng viên list."""

    id: int
    full_name: str
    kind: str
    kind_name: str
    position: str
    unit: str
    theory_level: str
    lesson_count: int


def instructors(text: str | None = None) -> list[InstructorRow]:
    """Instructors in Vietnamese name order, with the number of lessons each has taught."""
    kind = _label("instructor_kinds")
    level = _label("theory_levels")
    count = (Lesson.select(fn.COUNT(Lesson.id)).where(Lesson.instructor == Instructor.id))
    query = Instructor.select(Instructor.id, Instructor.full_name, Instructor.kind, kind.name,
                              Instructor.position, Instructor.unit, Instructor.theory_level,
                              level.name, count)
    query = _join_label(query, kind, "instructor_kinds", Instructor.kind)
    query = _join_label(query.switch(Instructor), level, "theory_levels", Instructor.theory_level)
    words = query_words(text)
    if words:
        query = query.where(_words_prefix(Instructor.search_key, words))
    query = query.order_by(Instructor.sort_key, Instructor.id)
    return [InstructorRow(id=r[0], full_name=r[1], kind=r[2], kind_name=r[3] or r[2],
                          position=r[4] or "", unit=r[5] or "", theory_level=r[7] or r[6] or "",
                          lesson_count=r[8] or 0)
            for r in query.tuples()]


# --- totals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    """What the status bar counts."""

    courses: int
    trainees: int
    instructors: int


def _count(model) -> int:
    """Rows of a table by ``COUNT(*)`` alone, which SQLite answers from its smallest index."""
    return model.select(fn.COUNT(SQL("*"))).scalar() or 0


def totals() -> Totals:
    return Totals(courses=_count(Course), trainees=_count(Trainee), instructors=_count(Instructor))


# --- catalogues (read-only views) ----------------------------------------------------------


@dataclass(frozen=True)
class CatalogueTable:
    """A catalogue as a table of text: what the catalogue viewer shows."""

    title: str
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


# The Vietnamese names of the small catalogues (CatalogueItem.kind), in the order shown.
SMALL_CATALOGUES: dict[str, str] = {
    "positions": "Chức vụ thường gặp",
    "theory_levels": "Trình độ lý luận chính trị",
    "degrees": "Trình độ chuyên môn",
    "genders": "Giới tính",
    "course_statuses": "Trạng thái lớp",
    "attendance_marks": "Ký hiệu điểm danh",
    "instructor_kinds": "Loại giảng viên",
    "teaching_norms": "Định mức giờ giảng",
    "lesson_kinds": "Loại buổi giảng",
    "feedback_scale": "Thang đánh giá phiếu phản hồi",
    "award_levels": "Cấp hội thi",
    "prizes": "Giải thưởng",
    "observation_ratings": "Xếp loại dự giờ",
    "organization_kinds": "Loại cơ quan, đơn vị",
}

_CERTIFICATE_KINDS = {"gcn": "Giấy chứng nhận", "diploma": "Bằng", "external": "Cơ sở khác cấp",
                      "optional": "Tùy chọn", "none": "Không cấp"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _aliases(raw: str | None) -> str:
    try:
        return ", ".join(json.loads(raw)) if raw else ""
    except (ValueError, TypeError):
        return raw or ""


def program_table() -> CatalogueTable:
    rows = [(p.code, p.name, p.audience or "", _text(p.typical_days), _text(p.periods),
             _text(p.scored), _CERTIFICATE_KINDS.get(p.certificate, p.certificate),
             _text(p.certificate_validity_months), _text(p.absence_threshold_pct))
            for p in Program.select().order_by(Program.sort_order, Program.code)]
    return CatalogueTable("Chương trình", ("Mã", "Tên chương trình", "Đối tượng", "Số ngày",
                                            "Số tiết", "Chấm điểm", "Văn bằng, chứng nhận",
                                            "Hiệu lực (tháng)", "Vắng tối đa (%)"), rows)


def ethnic_group_table() -> CatalogueTable:
    rows = [(g.code, g.name, _aliases(g.aliases))
            for g in EthnicGroup.select().order_by(EthnicGroup.sort_order, EthnicGroup.code)]
    return CatalogueTable("Dân tộc", ("Mã", "Tên dân tộc", "Tên gọi khác"), rows)


def organization_table() -> CatalogueTable:
    kind = _label("organization_kinds")
    query = Organization.select(Organization.name, Organization.kind, kind.name,
                                Organization.aliases, Organization.active)
    query = _join_label(query, kind, "organization_kinds", Organization.kind)
    # Vietnamese order, sorted here: no server has the sort key of app.domain.text as a function.
    found = sorted(query.tuples(), key=lambda r: (sort_key(r[0]), r[0]))
    rows = [(name, kind_name or kind_code, _aliases(aliases), _text(bool(active)))
            for name, kind_code, kind_name, aliases, active in found]
    return CatalogueTable("Đơn vị, cơ quan", ("Tên", "Loại", "Tên gọi khác", "Đang dùng"), rows)


def small_catalogue_table(kind: str) -> CatalogueTable:
    query = (CatalogueItem.select(CatalogueItem.code, CatalogueItem.name, CatalogueItem.value,
                                  CatalogueItem.active)
             .where(CatalogueItem.kind == kind).order_by(CatalogueItem.sort_order))
    rows = [(code, name, _text(value), _text(bool(active)))
            for code, name, value, active in query.tuples()]
    return CatalogueTable(SMALL_CATALOGUES.get(kind, kind), ("Mã", "Tên", "Giá trị", "Đang dùng"),
                          rows)
