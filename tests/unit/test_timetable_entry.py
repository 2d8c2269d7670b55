"""Quick timetable entry: the next free half-day, topics from the program's earlier classes, and a
whole timetable copied from another class onto the new dates (all of it or nothing)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.calendar import add_working_days, next_free_session, working_day_offset
from app.domain.errors import ConflictError, ValidationError
from app.services.courses import CourseInput, add_course, cancel_course
from app.services.instructor_records import InstructorInput, add_instructor
from app.services.lessons import (
    LessonInput,
    add_lesson,
    copy_choices,
    copy_timetable,
    lesson_rows,
    topic_suggestions,
)
from app.services.lessons import next_free_session as proposed
from app.store.models import AuditEntry, Lesson

MON, TUE, FRI, SAT, NEXT_MON = (dt.date(2026, 3, d) for d in (2, 3, 6, 7, 9))


def test_morning_then_afternoon_then_the_next_working_day():
    assert next_free_session([], MON, FRI) == (MON, "morning")
    assert next_free_session([(MON, "morning")], MON, FRI, after=(MON, "morning")) == (MON, "afternoon")
    assert next_free_session([], MON, dt.date(2026, 3, 13), after=(FRI, "afternoon")) == (NEXT_MON, "morning")
    assert next_free_session([], SAT, dt.date(2026, 3, 13)) == (NEXT_MON, "morning")  # a Saturday start
    full = [(d, s) for d in (MON, TUE) for s in ("morning", "afternoon")]
    assert next_free_session(full, MON, TUE) is None


def test_working_days_are_counted_over_weekends():
    assert working_day_offset(MON, NEXT_MON) == 5 and add_working_days(MON, 5) == NEXT_MON
    assert working_day_offset(MON, SAT) == 4  # a Saturday counts as the Friday before it
    assert add_working_days(SAT, 0) == NEXT_MON


def test_a_new_lesson_is_proposed_after_the_last_one(session):
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "06/03/2026", "12/03/2026"))  # Fri – Thu
    assert proposed(course.id) == (FRI, "morning")
    add_lesson(course.id, LessonInput(FRI, "morning", "Bài 1"))
    assert proposed(course.id) == (FRI, "afternoon")
    add_lesson(course.id, LessonInput(FRI, "afternoon", "Bài 2"))
    assert proposed(course.id) == (NEXT_MON, "morning")  # the weekend skipped


def _program_history():
    teacher = add_instructor(InstructorInput("Giàng Seo Phử", kind="full_time"))
    old = add_course(CourseInput("NTVD-2025-01", "NTVD", "Khóa I năm 2025", "03/03/2025", "07/03/2025"))
    older = add_course(CourseInput("NTVD-2024-01", "NTVD", "Khóa I năm 2024", "04/03/2024", "08/03/2024"))
    other = add_course(CourseInput("NQ-2025-01", "NQ", "Nghị quyết", "03/03/2025", "04/03/2025"))
    add_lesson(old.id, LessonInput("03/03/2025", "morning", "Chủ nghĩa Mác - Lênin", 4, teacher))
    add_lesson(old.id, LessonInput("03/03/2025", "afternoon", "Lịch sử Đảng", 3, None, "discussion"))
    add_lesson(older.id, LessonInput("04/03/2024", "morning", "Lịch sử Đảng", 4))
    add_lesson(other.id, LessonInput("03/03/2025", "morning", "Nghị quyết Đại hội"))
    return teacher, old


def test_topics_are_suggested_from_the_programs_earlier_classes(session):
    teacher, _old = _program_history()
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "02/03/2026", "06/03/2026"))
    suggestions = topic_suggestions(course.id)
    assert [(s.topic, s.times) for s in suggestions] == [("Lịch sử Đảng", 2), ("Chủ nghĩa Mác - Lênin", 1)]
    history = suggestions[0]
    assert (history.periods, history.kind) == (3, "discussion")  # as taught the latest time
    assert suggestions[1].instructor_id == teacher
    add_lesson(course.id, LessonInput("02/03/2026", "morning", "lịch sử đảng"))  # already in the class
    assert [s.topic for s in topic_suggestions(course.id)] == ["Chủ nghĩa Mác - Lênin"]


def test_a_timetable_is_copied_onto_the_new_dates_keeping_working_days(session):
    teacher = add_instructor(InstructorInput("Giàng Seo Phử", kind="full_time"))
    source = add_course(CourseInput("NTVD-2025-01", "NTVD", "Khóa I năm 2025", "06/03/2025", "11/03/2025"))  # Thu
    for day, session_, topic in (("06/03/2025", "morning", "Bài 1"), ("06/03/2025", "afternoon", "Bài 2"),
                                 ("07/03/2025", "morning", "Bài 3"), ("10/03/2025", "morning", "Bài 4"),
                                 ("11/03/2025", "afternoon", "Bài 5")):
        add_lesson(source.id, LessonInput(day, session_, topic, 4, teacher))
    target = add_course(CourseInput("NTVD-2026-02", "NTVD", "Khóa II", "09/03/2026", "13/03/2026"))  # Mon – Fri
    assert copy_choices(target.id)[0][0] == "NTVD-2025-01"
    assert copy_timetable("NTVD-2025-01", target.id) == 5
    assert [(r.date.strftime("%d/%m"), r.session, r.topic, r.instructor) for r in lesson_rows(target.id)] == [
        ("09/03", "morning", "Bài 1", "Giàng Seo Phử"), ("09/03", "afternoon", "Bài 2", "Giàng Seo Phử"),
        ("10/03", "morning", "Bài 3", "Giàng Seo Phử"), ("11/03", "morning", "Bài 4", "Giàng Seo Phử"),
        ("12/03", "afternoon", "Bài 5", "Giàng Seo Phử")]
    assert AuditEntry.get(AuditEntry.action == "copy").summary == (
        "Sao chép 5 buổi học từ lớp NTVD-2025-01 sang lớp NTVD-2026-02 (09/03/2026 – 12/03/2026)")
    with pytest.raises(ConflictError, match="Buổi sáng 09/03/2026 đã có buổi học; chưa sao chép gì"):
        copy_timetable("NTVD-2025-01", target.id)  # a second copy would collide
    assert Lesson.select().where(Lesson.course == target.id).count() == 5


def test_a_copy_that_would_run_past_the_end_writes_nothing(session):
    source = add_course(CourseInput("NTVD-2025-01", "NTVD", "Khóa I năm 2025", "03/03/2025", "07/03/2025"))
    for day in ("03/03/2025", "05/03/2025", "07/03/2025"):
        add_lesson(source.id, LessonInput(day, "morning", f"Bài {day}"))
    short = add_course(CourseInput("NTVD-2026-03", "NTVD", "Khóa III", "12/03/2026", "16/03/2026"))  # Thu – Mon
    with pytest.raises(ConflictError) as refused:
        copy_timetable("NTVD-2025-01", short.id)
    assert refused.value.message.startswith("Lịch học của lớp NTVD-2025-01 (3 buổi) sang lớp NTVD-2026-03 kéo dài "
                                            "đến ngày 18/03/2026, quá ngày kết thúc lớp (16/03/2026)")
    assert Lesson.select().where(Lesson.course == short.id).count() == 0
    assert not AuditEntry.select().where(AuditEntry.action == "copy").exists()
    with pytest.raises(ValidationError, match="lớp khác"):
        copy_timetable("NTVD-2026-03", short.id)
    empty = add_course(CourseInput("NQ-2026-01", "NQ", "Trống", "02/03/2026", "03/03/2026"))
    cancel_course("NQ-2026-01", "thử")
    with pytest.raises(ValidationError, match="chưa có buổi học nào"):
        copy_timetable(empty.code, short.id)
