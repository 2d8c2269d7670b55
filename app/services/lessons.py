"""Lessons of a class (Lịch học): add, edit, delete, each one transaction with Vietnamese errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, fn

from app.domain.calendar import (
    SESSIONS,
    add_working_days,
    first_working_day,
    is_working_day,
    working_day_offset,
)
from app.domain.calendar import next_free_session as next_free
from app.domain.changes import Topic, writes
from app.domain.dates import format_date, parse_date
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.text import clean, fold
from app.services import audit, auth
from app.store import db
from app.store.models import (
    LESSON_SESSIONS,
    Attendance,
    CatalogueItem,
    Course,
    FeedbackResponse,
    Instructor,
    Lesson,
    lesson_order,
)

SESSION_LABELS = {"morning": "Sáng", "afternoon": "Chiều", "evening": "Tối"}
MAX_PERIODS = 12  # a half-day holds at most a few periods; a typo like 40 is caught


@dataclass
class LessonInput:
    """What the user types for a lesson; the date as dd/mm/yyyy text or a date."""

    date: str | dt.date
    session: str = "morning"
    topic: str = ""
    periods: int | str = 4
    instructor_id: int | None = None
    kind: str = "lecture"


@dataclass(frozen=True)
class LessonRow:
    id: int
    date: dt.date
    session: str
    session_name: str
    topic: str
    periods: int
    instructor_id: int | None
    instructor: str
    kind: str
    kind_name: str
    marks: int  # attendance marks recorded for this lesson


def lesson_kinds() -> list[tuple[str, str]]:
    query = (CatalogueItem.select(CatalogueItem.code, CatalogueItem.name)
             .where(CatalogueItem.kind == "lesson_kinds", CatalogueItem.active)
             .order_by(CatalogueItem.sort_order))
    return [(code, name) for code, name in query.tuples()]


def instructor_choices() -> list[tuple[int, str]]:
    """(id, name) of the active instructors, in Vietnamese name order."""
    query = (Instructor.select(Instructor.id, Instructor.full_name)
             .where(Instructor.active).order_by(Instructor.sort_key))
    return [(iid, name) for iid, name in query.tuples()]


def lesson_kind_names() -> dict[str, str]:
    """code → name of every kind of lesson, the retired ones too (old lessons keep theirs)."""
    return dict(CatalogueItem.select(CatalogueItem.code, CatalogueItem.name)
                .where(CatalogueItem.kind == "lesson_kinds").tuples())


def lesson_rows(course_id: int) -> list[LessonRow]:
    """The class's lessons in teaching order, with instructor and the number of marks."""
    kinds = lesson_kind_names()
    marks = Attendance.select(fn.COUNT(Attendance.id)).where(Attendance.lesson == Lesson.id)
    query = (Lesson.select(Lesson.id, Lesson.date, Lesson.session, Lesson.topic, Lesson.periods,
                           Lesson.instructor, Instructor.full_name, Lesson.kind, marks.alias("marks"))
             .join(Instructor, JOIN.LEFT_OUTER)
             .where(Lesson.course == course_id).order_by(*lesson_order()))
    rows = []
    for lid, date, session, topic, periods, iid, name, kind, count in query.tuples():
        if isinstance(date, str):
            date = dt.date.fromisoformat(date[:10])
        rows.append(LessonRow(lid, date, session, SESSION_LABELS.get(session, session), topic, periods,
                              iid, name or "", kind, kinds.get(kind, kind), count or 0))
    return rows


def _course(course_id: int) -> Course:
    course = Course.get_or_none(Course.id == course_id)
    if course is None:
        raise NotFoundError("Không tìm thấy lớp.")
    return course


def _values(course: Course, data: LessonInput, kept_kind: str | None = None) -> dict:
    try:
        date = parse_date(data.date)
    except ValidationError as exc:
        raise ValidationError(exc.message, field="date") from None
    if not course.start_date <= date <= course.end_date:
        raise ValidationError(f"Ngày {format_date(date)} nằm ngoài thời gian của lớp "
                              f"({format_date(course.start_date)} – {format_date(course.end_date)}).",
                              field="date")
    if data.session not in LESSON_SESSIONS:
        raise ValidationError("Buổi học phải là sáng, chiều hoặc tối.", field="session")
    topic = clean(data.topic)
    if not topic:
        raise ValidationError("Cần nhập tên chuyên đề.", field="topic")
    try:
        periods = int(str(data.periods).strip())
    except ValueError:
        raise ValidationError(f"Số tiết \"{data.periods}\" không phải là số nguyên.", field="periods") from None
    if periods < 0 or periods > MAX_PERIODS:
        raise ValidationError(f"Số tiết phải từ 0 đến {MAX_PERIODS}.", field="periods")
    if data.instructor_id is not None and Instructor.get_or_none(Instructor.id == data.instructor_id) is None:
        raise ValidationError("Không tìm thấy giảng viên.", field="instructor")
    if data.kind not in dict(lesson_kinds()) and data.kind != kept_kind:  # a retired kind stays on old lessons
        raise ValidationError("Loại buổi giảng không có trong danh mục.", field="kind")
    return {"date": date, "session": data.session, "topic": topic, "periods": periods,
            "instructor": data.instructor_id, "kind": data.kind}


@writes(Topic.LESSONS)
def add_lesson(course_id: int, data: LessonInput) -> Lesson:
    """Add a lesson to a class; its date must fall within the class's period."""
    course = _course(course_id)
    values = _values(course, data)
    with db.write():
        return Lesson.create(course=course.id, **values)


@writes(Topic.LESSONS)
def update_lesson(lesson_id: int, data: LessonInput) -> Lesson:
    lesson = Lesson.get_or_none(Lesson.id == lesson_id)
    if lesson is None:
        raise NotFoundError("Không tìm thấy buổi học.")
    values = _values(lesson.course, data, kept_kind=lesson.kind)
    with db.write():
        Lesson.update(**values).where(Lesson.id == lesson_id).execute()
    return Lesson.get_by_id(lesson_id)


@writes(Topic.LESSONS, Topic.ATTENDANCE, Topic.AUDIT)
def delete_lesson(lesson_id: int) -> int:
    """Delete a lesson and its attendance marks (audited); returns how many marks went with it.

    Refused when feedback forms were typed in for the lesson: they would be lost.
    """
    lesson = Lesson.get_or_none(Lesson.id == lesson_id)
    if lesson is None:
        raise NotFoundError("Không tìm thấy buổi học.")
    forms = FeedbackResponse.select().where(FeedbackResponse.lesson == lesson_id).count()
    if forms:
        raise ConflictError(f"Buổi học đã có {forms} phiếu phản hồi nên không xóa được.")
    marks = Attendance.select().where(Attendance.lesson == lesson_id).count()
    with db.write():
        audit.record("delete", "lesson", lesson_id,
                     f"Xóa buổi học {format_date(lesson.date)} ({SESSION_LABELS.get(lesson.session, '')}) "
                     f"\"{lesson.topic}\" của lớp {lesson.course.code}; {marks} lượt điểm danh",
                     user=auth.acting_user())
        Lesson.delete().where(Lesson.id == lesson_id).execute()
    return marks


# --- quick timetable entry -----------------------------------------------------------------------


def next_free_session(course_id: int) -> tuple[dt.date, str]:
    """Where a new lesson of the class most likely goes: the half-day after its last lesson
    (morning → afternoon → next working day); the first free half-day from the start when the
    class's days after it are full; its last day when every half-day is taken."""
    course = _course(course_id)
    taken = [(_day(d), s) for d, s in Lesson.select(Lesson.date, Lesson.session)
             .where(Lesson.course == course_id).order_by(*lesson_order()).tuples()]
    last = taken[-1] if taken else None
    found = next_free(taken, course.start_date, course.end_date, after=last) if last else None
    if found is None:
        found = next_free(taken, course.start_date, course.end_date)
    if found is None:  # no working day free (a class held at the weekend): any free half-day
        busy, day = set(taken), course.start_date
        while found is None and day <= course.end_date:
            found = next(((day, s) for s in SESSIONS if (day, s) not in busy), None)
            day += dt.timedelta(days=1)
    return found or (course.end_date, "morning")


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class TopicSuggestion:
    """A topic taught before in classes of the same program, with how it was taught last time."""

    topic: str
    periods: int
    kind: str
    instructor_id: int | None
    times: int


def topic_suggestions(course_id: int, limit: int = 200) -> list[TopicSuggestion]:
    """Topics of the program's earlier classes (the most taught first), not yet in this class; each
    with the periods, kind and instructor of its latest run (an instructor no longer teaching is left
    out)."""
    course = _course(course_id)
    here = {fold(t) for (t,) in Lesson.select(Lesson.topic).where(Lesson.course == course_id).tuples()}
    query = (Lesson.select(Lesson.topic, Lesson.periods, Lesson.kind, Lesson.instructor, Instructor.active,
                           Course.start_date)
             .join(Course).switch(Lesson).join(Instructor, JOIN.LEFT_OUTER)
             .where(Course.program == course.program_id, Course.id != course_id, Course.status != "cancelled")
             .order_by(Course.start_date.desc(), Lesson.date.desc()))
    seen: dict[str, list] = {}
    for topic, periods, kind, instructor_id, active, _start in query.tuples():
        key = fold(topic)
        if key in here:
            continue
        if key not in seen:
            seen[key] = [topic, periods, kind, instructor_id if active else None, 0]
        seen[key][4] += 1
    ranked = sorted(seen.values(), key=lambda s: -s[4])[:limit]
    return [TopicSuggestion(topic, periods, kind, instructor, times) for topic, periods, kind, instructor, times
            in ranked]


@dataclass(frozen=True)
class CopiedLesson:
    date: dt.date
    session: str
    topic: str
    periods: int
    kind: str
    instructor_id: int | None


def copy_choices(course_id: int) -> list[tuple[str, str, int]]:
    """(code, label, lessons) of the classes whose timetable can be copied into ``course_id``: the
    same program first, newest first."""
    course = _course(course_id)
    count = fn.COUNT(Lesson.id)
    query = (Course.select(Course.code, Course.name, Course.program, Course.start_date, count.alias("n"))
             .join(Lesson).where(Course.id != course_id).group_by(Course.id)
             .order_by((Course.program != course.program_id), Course.start_date.desc()))
    return [(code, f"{code} – {name} ({n} buổi, khai giảng {format_date(_day(start))})", n)
            for code, name, _program, start, n in query.tuples()]


def plan_copy(source_code: str, course_id: int) -> list[CopiedLesson]:
    """The lessons of class ``source_code`` moved to the dates of class ``course_id``: each keeps
    its place in working days from the first day (weekends skipped), its half-day, topic, periods,
    kind and instructor. Refused when the timetable would run past the class's last day or fall
    on a half-day that already has a lesson."""
    from app.services.courses import find_course

    target = _course(course_id)
    source = find_course(source_code)
    if source.id == target.id:
        raise ValidationError("Hãy chọn một lớp khác để sao chép lịch học.", field="source")
    lessons = list(Lesson.select().where(Lesson.course == source.id).order_by(*lesson_order()))
    if not lessons:
        raise ValidationError(f"Lớp {source.code} chưa có buổi học nào để sao chép.", field="source")
    first = first_working_day(source.start_date)
    start = first_working_day(target.start_date)
    planned = []
    for lesson in lessons:
        day = _day(lesson.date)
        offset = working_day_offset(first, day)
        moved = add_working_days(start, offset)
        if not is_working_day(day):  # a weekend lesson keeps its distance from the working day before it
            moved += day - add_working_days(first, offset)
        planned.append(CopiedLesson(moved, lesson.session, lesson.topic, lesson.periods, lesson.kind,
                                    lesson.instructor_id))
    earliest = min(p.date for p in planned)
    if earliest < target.start_date:  # the source began with a weekend lesson; the target starts on a weekday
        raise ConflictError(f"Lịch học của lớp {source.code} bắt đầu bằng buổi học ngày nghỉ; sang lớp {target.code} "
                            f"buổi đó rơi vào ngày {format_date(earliest)}, trước ngày khai giảng "
                            f"({format_date(target.start_date)}); chưa sao chép gì. Hãy sửa ngày khai giảng của lớp "
                            "hoặc chọn lớp khác.", field="source")
    last = max(p.date for p in planned)
    if last > target.end_date:
        raise ConflictError(f"Lịch học của lớp {source.code} ({len(planned)} buổi) sang lớp {target.code} kéo dài "
                            f"đến ngày {format_date(last)}, quá ngày kết thúc lớp ({format_date(target.end_date)}); "
                            "chưa sao chép gì. Hãy sửa ngày kết thúc của lớp hoặc chọn lớp khác.", field="source")
    taken = {(_day(d), s) for d, s in Lesson.select(Lesson.date, Lesson.session)
             .where(Lesson.course == target.id).tuples()}
    for p in planned:  # two lessons of the source in one half-day stay two lessons in one half-day
        if (p.date, p.session) in taken:
            raise ConflictError(f"Buổi {SESSION_LABELS.get(p.session, p.session).lower()} {format_date(p.date)} "
                                "đã có buổi học; chưa sao chép gì.", field="source")
    return planned


@writes(Topic.LESSONS, Topic.AUDIT)
def copy_timetable(source_code: str, course_id: int) -> int:
    """Copy the timetable of class ``source_code`` into class ``course_id`` (see :func:`plan_copy`),
    in one transaction, audited; returns how many lessons were added."""
    planned = plan_copy(source_code, course_id)
    target = _course(course_id)
    with db.write():
        for p in planned:
            Lesson.create(course=course_id, date=p.date, session=p.session, topic=p.topic, periods=p.periods,
                          kind=p.kind, instructor=p.instructor_id)
        audit.record("copy", "lesson", None,
                     f"Sao chép {len(planned)} buổi học từ lớp {clean(source_code)} sang lớp {target.code} "
                     f"({format_date(planned[0].date)} – {format_date(max(p.date for p in planned))})",
                     user=auth.acting_user())
    return len(planned)
