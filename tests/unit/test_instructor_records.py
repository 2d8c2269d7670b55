"""Instructors' records: the person, awards and observations are saved whole or refused with the
reason; deletions are audited; hours per year against the norm and feedback per class add up."""

import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.services import instructor_records as records
from app.services.courses import CourseInput, add_course
from app.services.feedback import record_feedback
from app.services.instructors import hours_by_year, lessons_taught, set_norm_values
from app.store import db
from app.store.models import AuditEntry, Award, CatalogueItem, Instructor, Lesson, Observation


@pytest.fixture
def teacher(session) -> int:
    return records.add_instructor(records.InstructorInput(
        "  Giàng  Seo Lử ", kind="full_time", gender="M", birth_year="1978", position="Giảng viên",
        unit="Trung tâm Chính trị", degree="DH", theory_level="CC", norm_code="full_time"))


@pytest.fixture
def lessons(teacher):
    """Two classes: 5 lecture periods + 4 discussion in 2026, 4 lecture periods in 2025, 10 marking in 2026."""
    first = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "02/03/2026", "06/03/2026"))
    old = add_course(CourseInput("DVM-2025-01", "DVM", "Khóa I", "03/03/2025", "07/03/2025"))
    with db.write():
        made = [Lesson.create(course=first, date=dt.date(2026, 3, 2), topic="Bài 1", periods=5, instructor=teacher),
                Lesson.create(course=first, date=dt.date(2026, 3, 3), session="afternoon", topic="Thảo luận",
                              periods=4, kind="discussion", instructor=teacher),
                Lesson.create(course=first, date=dt.date(2026, 3, 6), topic="Chấm bài", periods=10, kind="marking",
                              instructor=teacher),
                Lesson.create(course=old, date=dt.date(2025, 3, 3), topic="Bài 2", periods=4, instructor=teacher)]
    return made


def test_a_new_instructor_is_stored_clean_with_search_and_sort_keys(teacher):
    ins = Instructor.get_by_id(teacher)
    assert (ins.full_name, ins.kind, ins.birth_year, ins.degree, ins.norm_code) == (
        "Giàng Seo Lử", "full_time", 1978, "DH", "full_time")
    assert ins.search_key == "giang seo lu" and ins.sort_key
    records.update_instructor(teacher, records.InstructorInput("Giàng Seo Lử", kind="part_time", active=False))
    ins = Instructor.get_by_id(teacher)
    assert (ins.kind, ins.active, ins.degree, ins.position) == ("part_time", False, None, None)


@pytest.mark.parametrize("data, field, message", [
    (records.InstructorInput(" "), "full_name", "Cần nhập họ và tên giảng viên."),
    (records.InstructorInput("Mai"), "full_name", "Cần nhập đủ họ và tên"),
    (records.InstructorInput("Lù Văn Sơn", kind="guest"), "kind", "chuyên trách hoặc kiêm chức"),
    (records.InstructorInput("Lù Văn Sơn", birth_year="78"), "birth_year", "Năm sinh 78 không hợp lệ"),
    (records.InstructorInput("Lù Văn Sơn", birth_year="năm"), "birth_year", "phải là một năm"),
    (records.InstructorInput("Lù Văn Sơn", birth_year=dt.date.today().year - 10), "birth_year", "đủ 18 tuổi"),
    (records.InstructorInput("Lù Văn Sơn", theory_level="XX"), "theory_level", "không có trong danh mục"),
    (records.InstructorInput("Lù Văn Sơn", norm_code="boss"), "norm_code", "Định mức giờ giảng \"boss\""),
])
def test_a_bad_instructor_is_refused_with_the_field_and_nothing_written(session, data, field, message):
    with pytest.raises(ValidationError, match=message) as caught:
        records.add_instructor(data)
    assert caught.value.field == field
    assert Instructor.select().count() == 0


def test_the_list_filters_by_words_kind_and_active_and_carries_the_years_hours(lessons, teacher):
    other = records.add_instructor(records.InstructorInput("Lù Văn Sơn", active=False))
    rows = records.instructor_list(year=2026)
    assert [r.full_name for r in rows] == ["Giàng Seo Lử", "Lù Văn Sơn"]  # given names: Lử before Sơn
    mine = rows[0]
    assert (mine.kind_name, mine.theory_level, mine.periods, mine.standard_hours, mine.norm) == (
        "Chuyên trách", "Cao cấp", 19, 5 + 4 * 0.5 + 10 * 0.1, 120)
    assert mine.norm_pct == pytest.approx(100 * 8 / 120)
    assert [r.id for r in records.instructor_list("seo lu")] == [teacher]
    assert [r.id for r in records.instructor_list(kind="part_time")] == [other]
    assert [r.id for r in records.instructor_list(active=True)] == [teacher]


def test_hours_per_year_against_the_norm_on_known_lessons(lessons, teacher):
    by_year = hours_by_year(teacher)
    assert [(r.year, r.periods, r.standard_hours, r.norm) for r in by_year] == [
        (2025, 4, 4.0, 120), (2026, 19, 8.0, 120)]
    assert by_year[1].periods_by_kind == {"lecture": 5, "discussion": 4, "marking": 10}
    taught = lessons_taught(teacher, 2026)
    assert [(r.topic, r.periods, r.standard_hours) for r in taught] == [
        ("Chấm bài", 10, 1.0), ("Thảo luận", 4, 2.0), ("Bài 1", 5, 5.0)]
    assert len(lessons_taught(teacher)) == 4


def test_edited_norms_and_coefficients_change_the_hours_and_bad_values_write_nothing(lessons, teacher):
    set_norm_values({("teaching_norms", "full_time"): "100", ("lesson_kinds", "discussion"): "0,75"})
    (_, row) = hours_by_year(teacher)
    assert (row.standard_hours, row.norm) == (5 + 4 * 0.75 + 1.0, 100)
    with pytest.raises(ValidationError, match="Hướng dẫn thảo luận: giá trị phải từ 0 đến 10"):
        set_norm_values({("teaching_norms", "full_time"): "90", ("lesson_kinds", "discussion"): "12"})
    with pytest.raises(ValidationError, match="không phải là số"):
        set_norm_values({("teaching_norms", "full_time"): "nhiều"})
    assert CatalogueItem.get(kind="teaching_norms", code="full_time").value == 100


def test_awards_are_added_edited_and_deleted_with_an_audit_entry(teacher):
    award_id = records.add_award(teacher, records.AwardInput("2019", level="tinh", prize="nhi"))
    (row,) = records.awards(teacher)
    assert (row.year, row.title, row.level, row.prize) == (
        2019, "Hội thi giảng viên lý luận chính trị giỏi", "Cấp tỉnh", "Giải Nhì")
    records.update_award(award_id, records.AwardInput(2020, "Giảng viên giỏi", "huyen", "", "Bằng khen"))
    assert records.award_input(award_id) == records.AwardInput(2020, "Giảng viên giỏi", "huyen", "", "Bằng khen")
    records.delete_award(award_id, "Nhập nhầm")
    assert Award.select().count() == 0
    entry = AuditEntry.get(entity="award")
    assert (entry.action, entry.reason) == ("delete", "Nhập nhầm") and "Giàng Seo Lử" in entry.summary


@pytest.mark.parametrize("data, field, message", [
    (records.AwardInput(""), "year", "Cần nhập năm."),
    (records.AwardInput(dt.date.today().year + 1), "year", "không hợp lệ"),
    (records.AwardInput(2019, title=" "), "title", "Cần nhập tên hội thi"),
    (records.AwardInput(2019, level="xa"), "level", "Cấp \"xa\" không có trong danh mục."),
    (records.AwardInput(2019, prize="vang"), "prize", "Giải \"vang\""),
])
def test_a_bad_award_is_refused_and_nothing_written(teacher, data, field, message):
    with pytest.raises(ValidationError, match=message) as caught:
        records.add_award(teacher, data)
    assert caught.value.field == field and Award.select().count() == 0


def test_observations_are_tied_to_the_instructors_lesson_and_deleted_with_an_audit_entry(lessons, teacher):
    lesson = lessons[0]
    obs_id = records.add_observation(teacher, records.ObservationInput(
        "02/03/2026", "thao_giang", lesson.id, "Ban Giám đốc", "G", "Liên hệ thực tiễn tốt", "Ít thảo luận"))
    (row,) = records.observations(teacher)
    assert (row.date, row.kind, row.lesson, row.rating, row.strengths) == (
        dt.date(2026, 3, 2), "Thao giảng", "NTVD-2026-01 – Bài 1", "Giỏi", "Liên hệ thực tiễn tốt")
    records.update_observation(obs_id, records.ObservationInput("03/03/2026", rating="K"))
    assert records.observation_input(obs_id) == records.ObservationInput(dt.date(2026, 3, 3), "du_gio", None, "", "K")
    records.delete_observation(obs_id)
    assert Observation.select().count() == 0 and AuditEntry.get(entity="observation").action == "delete"


@pytest.mark.parametrize("data, field, message", [
    (records.ObservationInput(""), "date", "Cần nhập ngày"),
    (records.ObservationInput("30/02/2026"), "date", "Ngày không có thật"),
    (records.ObservationInput(dt.date.today() + dt.timedelta(days=2)), "date", "ở tương lai"),
    (records.ObservationInput("02/03/2026", kind="khac"), "kind", "dự giờ hoặc thao giảng"),
    (records.ObservationInput("03/03/2026", lesson_id=-1), "lesson", "không phải của giảng viên này"),
    (records.ObservationInput("02/03/2026", rating="A"), "rating", "Xếp loại \"A\""),
])
def test_a_bad_observation_is_refused_and_nothing_written(lessons, teacher, data, field, message):
    with pytest.raises(ValidationError, match=message) as caught:
        records.add_observation(teacher, data)
    assert caught.value.field == field and Observation.select().count() == 0


def test_an_observation_on_another_day_than_its_lesson_is_refused(lessons, teacher):
    with pytest.raises(ValidationError, match="diễn ra ngày 02/03/2026") as caught:
        records.add_observation(teacher, records.ObservationInput("05/03/2026", lesson_id=lessons[0].id))
    assert caught.value.field == "date" and Observation.select().count() == 0


def test_feedback_per_class_pools_the_answers_of_the_instructors_lessons(lessons, teacher):
    for answers in ([4, 4, 4, 4], [3, 3, 2, 1]):
        record_feedback("NTVD-2026-01", lessons[0].id, answers)
    record_feedback("NTVD-2026-01", lessons[1].id, [4, 3, 4, 3])
    record_feedback("NTVD-2026-01", None, [1, 1, 1, 1])  # about the class, not the instructor
    record_feedback("DVM-2025-01", lessons[3].id, [2, 2, 2, 2])
    rows = records.feedback_by_course(teacher)
    assert [(r.course_code, r.forms) for r in rows] == [("NTVD-2026-01", 3), ("DVM-2025-01", 1)]
    # 12 answers: 4×6, 3×4, 2×1, 1×1 → 10 satisfied, mean 39/12
    assert rows[0].satisfied_pct == pytest.approx(100 * 10 / 12) and rows[0].mean == pytest.approx(39 / 12)
    assert (rows[1].satisfied_pct, rows[1].mean) == (0.0, 2.0)
    assert [r.course_code for r in records.feedback_by_course(teacher, 2025)] == ["DVM-2025-01"]
