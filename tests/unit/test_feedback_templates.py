"""Feedback templates: the default ships; changing questions or scale makes a new version while
forms already typed keep theirs; bad templates are refused with the reason and write nothing."""

import datetime as dt

import pytest

from app.domain.errors import ConflictError, ValidationError
from app.services import feedback_templates as templates
from app.services.courses import CourseInput, add_course
from app.services.feedback import (
    correct_feedback,
    course_summary,
    period_summary,
    record_feedback,
    stack_forms,
    stack_summary,
    stack_templates,
    summary_from_counts,
    template_info,
)
from app.store.models import AuditEntry, FeedbackTemplate


@pytest.fixture
def course(session):
    return add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "02/03/2026", "06/03/2026"))


def test_the_default_template_ships(session):
    (row,) = templates.list_templates()
    assert (row.code, row.version, row.active, row.questions, row.responses) == ("MAC_DINH", 1, True, 4, 0)
    assert row.scale == "4 Rất hài lòng · 3 Hài lòng · 2 Chưa hài lòng · 1 Không hài lòng"
    draft = templates.template_draft(row.id)
    assert draft.questions == ("Nội dung bài giảng", "Phương pháp truyền đạt", "Tác phong sư phạm",
                               "Hiệu quả bài giảng")


def test_new_questions_make_a_new_version_and_old_forms_keep_theirs(course):
    v1 = template_info().id
    record_feedback(course.code, None, [4, 3, 4, 3])
    draft = templates.template_draft(v1)
    v2 = templates.save_template(v1, templates.TemplateDraft(
        draft.code, draft.name, (*draft.questions, "Cơ sở vật chất"), draft.scale))
    assert v2 != v1 and template_info().id == v2 and len(template_info().questions) == 5
    versions = {(r.version, r.active, r.responses) for r in templates.list_templates()}
    assert versions == {(1, False, 1), (2, True, 0)}
    record_feedback(course.code, None, [4, 4, 4, 4, 2])
    assert stack_templates(course.id, None) == [v2, v1]
    assert [f.answers for f in stack_forms(course.id, None, v1)] == [(4, 3, 4, 3)]
    assert [f.answers for f in stack_forms(course.id, None, v2)] == [(4, 4, 4, 4, 2)]
    # The results list the questions of both versions.
    assert [q.responses for q in course_summary(course.code)] == [1, 1, 1, 1, 1, 1, 1, 1, 1]


def test_a_new_name_alone_is_changed_in_place(session):
    v1 = template_info().id
    draft = templates.template_draft(v1)
    same = templates.save_template(v1, templates.TemplateDraft("OTHER", "Phiếu đánh giá", draft.questions,
                                                               draft.scale))
    assert same == v1 and FeedbackTemplate.get_by_id(v1).name == "Phiếu đánh giá"
    assert FeedbackTemplate.get_by_id(v1).code == "MAC_DINH"  # the code never changes


@pytest.mark.parametrize("draft, field, message", [
    (templates.TemplateDraft("", "Mẫu", ("Câu 1",), ((2, "Tốt"), (1, "Chưa tốt"))), "code", "Cần nhập mã"),
    (templates.TemplateDraft("LOP", " ", ("Câu 1",), ((2, "Tốt"), (1, "Chưa tốt"))), "name", "Cần nhập tên"),
    (templates.TemplateDraft("LOP", "Mẫu", (" ",), ((2, "Tốt"), (1, "Chưa tốt"))), "questions", "ít nhất một câu"),
    (templates.TemplateDraft("LOP", "Mẫu", ("Câu 1",), ((2, "Tốt"),)), "scale", "ít nhất hai mức"),
    (templates.TemplateDraft("LOP", "Mẫu", ("Câu 1",), ((10, "Tốt"), (1, "Kém"))), "scale", "một chữ số từ 0 đến 9"),
    (templates.TemplateDraft("LOP", "Mẫu", ("Câu 1",), ((2, "Tốt"), (2, "Kém"))), "scale", "xuất hiện hai lần"),
    (templates.TemplateDraft("LOP", "Mẫu", ("Câu 1",), ((2, "Tốt"), (1, ""))), "scale", "Cần ghi nhãn"),
    (templates.TemplateDraft("LOP", "Mẫu", ("Câu 1",), (("a", "Tốt"), (1, "Kém"))), "scale", "phải là một chữ số"),
    (templates.TemplateDraft("mac dinh", "Mẫu", ("Câu 1",), ((2, "Tốt"), (1, "Kém"))), "code", "đã có"),
])
def test_a_bad_template_is_refused_and_nothing_written(session, draft, field, message):
    with pytest.raises((ValidationError, ConflictError), match=message) as caught:
        templates.create_template(draft)
    assert caught.value.field == field
    assert FeedbackTemplate.select().count() == 1


def test_templates_are_activated_retired_and_deleted_only_when_unused(course):
    v1 = template_info().id
    with pytest.raises(ConflictError, match="ít nhất một mẫu phiếu đang dùng"):
        templates.set_active(v1, False)
    lop = templates.create_template(templates.TemplateDraft(
        "ca lop", "Phiếu đánh giá khóa học", ("Tổ chức lớp", "Tài liệu"), ((3, "Tốt"), (2, "Được"), (1, "Kém"))))
    assert FeedbackTemplate.get_by_id(lop).code == "CA_LOP"
    assert [t for t, _ in templates.active_templates()] == [lop, v1]
    templates.set_active(v1, False)
    assert template_info().id == lop
    record_feedback(course.code, None, [3, 1], template_id=lop)
    with pytest.raises(ConflictError, match="không xóa được"):
        templates.delete_template(lop)
    templates.set_active(v1, True)
    templates.delete_template(v1, "Không dùng")
    assert AuditEntry.get(entity="feedback_template").reason == "Không dùng"
    assert [r.code for r in templates.list_templates()] == ["CA_LOP"]


def test_a_form_is_corrected_in_place_with_its_number_still_unique(course):
    first = record_feedback(course.code, None, [4, 4, 4, 4], form_no=1)
    second = record_feedback(course.code, None, [3, 3, 3, 3], form_no=2)
    correct_feedback(second, [1, 2, 3, 4], comment=" Phòng học nóng ", form_no=5)
    with pytest.raises(ConflictError, match="Phiếu số 1 đã được nhập"):
        correct_feedback(second, [1, 2, 3, 4], form_no=1)
    with pytest.raises(ValidationError, match="chỉ nhận"):
        correct_feedback(second, [1, 2, 3, 7], form_no=6)
    forms = stack_forms(course.id, None, template_info().id)
    assert [(f.id, f.form_no, f.answers, f.comment) for f in forms] == [
        (first, 1, (4, 4, 4, 4), ""), (second, 5, (1, 2, 3, 4), "Phòng học nóng")]


def test_results_of_a_stack_a_period_and_a_live_tally_agree(course):
    for answers in ([4, 4, 4, 3], [3, 2, 4, 1], [4, 1, 2, 3]):
        record_feedback(course.code, None, answers)
    (q1, q2, _q3, q4) = stack_summary(course.id, None)
    assert (q1.counts, q1.satisfied_pct, q1.mean) == ((2, 1, 0, 0), 100.0, 11 / 3)
    assert (q2.counts, q2.satisfied_pct) == ((1, 0, 1, 1), pytest.approx(100 / 3))
    assert q4.mean == pytest.approx(7 / 3)
    tally = summary_from_counts(q2.question, {4: 1, 2: 1, 1: 1}, [4, 3, 2, 1])
    assert tally == q2
    assert period_summary(dt.date(2026, 1, 1), dt.date(2026, 12, 31))[0] == q1
    assert period_summary(dt.date(2025, 1, 1), dt.date(2025, 12, 31))[0].responses == 0
