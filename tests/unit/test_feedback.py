"""Feedback forms: one form per row, refused values and form numbers, and the arithmetic of results."""

import datetime as dt

import pytest

from app.cli import main
from app.domain.errors import ConflictError, ValidationError
from app.domain.feedback import summarise
from app.services.courses import CourseInput, add_course
from app.services.feedback import course_summary, instructor_summary, record_feedback, update_feedback
from app.services.instructors import hours_by_instructor
from app.services.session import open_session
from app.store import db
from app.store.models import FeedbackResponse, Instructor, Lesson, person_keys


def test_summary_arithmetic_on_a_known_set():
    row = summarise("Nội dung bài giảng", [4, 4, 4, 3, 3, 2, 1, 4], [1, 2, 3, 4])
    assert row.counts == (4, 2, 1, 1)
    assert row.responses == 8 and row.satisfied_pct == 75.0 and row.mean == 25 / 8


@pytest.fixture
def lesson(session):
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "02/03/2026", "06/03/2026"))
    with db.write():
        teacher = Instructor.create(**person_keys("Vàng Seo Lử"), kind="full_time", norm_code="full_time")
        return Lesson.create(course=course, date=dt.date(2026, 3, 2), topic="Bài 1", periods=5, instructor=teacher)


def test_forms_are_saved_and_summarised(lesson):
    for answers in ([4, 4, 3, 4], [3, 3, 3, 3], [4, 2, 4, 1]):
        record_feedback("NTVD-2026-01", lesson.id, answers)
    record_feedback("NTVD-2026-01", None, [1, 1, 1, 1])
    by_lesson = course_summary("NTVD-2026-01", lesson.id)
    assert [q.question for q in by_lesson] == ["Nội dung bài giảng", "Phương pháp truyền đạt", "Tác phong sư phạm",
                                               "Hiệu quả bài giảng"]
    assert by_lesson[0].counts == (2, 1, 0, 0) and by_lesson[1].satisfied_pct == pytest.approx(200 / 3)
    assert course_summary("NTVD-2026-01")[0].responses == 4
    assert instructor_summary(lesson.instructor_id)[3].mean == pytest.approx(8 / 3)


@pytest.mark.parametrize("answers, message", [([4, 4, 5, 4], "chỉ nhận 1, 2, 3, 4"), ([4, 4, 4], "4 câu hỏi"),
                                              ([0, 4, 4, 4], "chỉ nhận")])
def test_refused_answers_write_nothing(lesson, answers, message):
    with pytest.raises(ValidationError, match=message):
        record_feedback("NTVD-2026-01", lesson.id, answers)
    assert FeedbackResponse.select().count() == 0


def test_a_form_number_typed_twice_is_refused(lesson):
    record_feedback("NTVD-2026-01", lesson.id, [4, 4, 4, 4], form_no=7)
    with pytest.raises(ConflictError, match="Phiếu số 7 đã được nhập"):
        record_feedback("NTVD-2026-01", lesson.id, [3, 3, 3, 3], form_no=7)
    record_feedback("NTVD-2026-01", None, [3, 3, 3, 3], form_no=7)  # the class-wide stack has its own numbers
    assert FeedbackResponse.select().count() == 2


def test_a_wrong_form_is_corrected_in_place(lesson):
    response_id = record_feedback("NTVD-2026-01", lesson.id, [4, 4, 4, 4])
    update_feedback(response_id, [1, 2, 3, 4], "Sửa")
    assert course_summary("NTVD-2026-01")[0].counts == (0, 0, 0, 1)


def test_hours_against_the_norm(lesson):
    with db.write():
        Lesson.create(course=lesson.course, date=dt.date(2026, 3, 3), topic="Thảo luận", periods=4,
                      kind="discussion", instructor=lesson.instructor)
        Lesson.create(course=lesson.course, date=dt.date(2025, 3, 3), topic="Năm trước", periods=4,
                      instructor=lesson.instructor)
    (row,) = hours_by_instructor(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (row.periods, row.standard_hours, row.norm) == (9, 5 * 1.0 + 4 * 0.5, 120)


def test_cli_feedback_add_and_summary_csv(db_path, capsys):
    with open_session(db_path):
        add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "02/03/2026", "06/03/2026"))
    base = ["--db", str(db_path), "feedback"]
    assert main([*base, "add", "--course", "NTVD-2026-01", "--answers", "4,4,3,4", "--form-no", "1"]) == 0
    assert main([*base, "add", "--course", "NTVD-2026-01", "--answers", "3,2,3,4", "--form-no", "2"]) == 0
    assert main([*base, "add", "--course", "NTVD-2026-01", "--answers", "3,2,3,4", "--form-no", "2"]) == 1
    assert "Phiếu số 2 đã được nhập" in capsys.readouterr().err
    assert main([*base, "summary", "--course", "NTVD-2026-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("Câu hỏi,Số phiếu,Rất hài lòng (4),Hài lòng (3),Chưa hài lòng (2),Không hài lòng (1),"
                        "Tỷ lệ hài lòng (%),Điểm trung bình")
    assert lines[1] == "Nội dung bài giảng,2,1,1,0,0,100.0,3.50"
    assert lines[2] == "Phương pháp truyền đạt,2,1,0,1,0,50.0,3.00"


def test_lessons_of_a_cancelled_class_give_no_hours(lesson):
    from app.services.courses import cancel_course

    cancel_course("NTVD-2026-01", "Không đủ học viên")
    (row,) = hours_by_instructor(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (row.periods, row.standard_hours) == (0, 0.0)
