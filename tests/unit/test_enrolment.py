"""Enrolment: existing trainees by id, a new trainee and its enrolment in one transaction,
removal (audited, refused once a certificate is issued), the roster and the training history."""

import datetime as dt

import pytest

from app.domain.errors import ConflictError, UserError, ValidationError
from app.services.certificates import issue_certificates
from app.services.courses import CourseInput, add_course, cancel_course
from app.services.enrolment import (
    class_roster,
    enrol_new_trainee,
    enrol_trainees,
    remove_enrollment,
    similar_trainees,
    trainee_input,
    training_history,
)
from app.services.lessons import LessonInput, add_lesson
from app.services.results import set_attendance, set_score
from app.services.trainees import NeedsConfirmation, TraineeInput, add_trainee
from app.store.models import Attendance, AuditEntry, Enrollment, Trainee


@pytest.fixture
def course(session):
    return add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I năm 2026", "02/03/2026", "06/03/2026"))


def _sử(**changes) -> TraineeInput:
    values = dict(full_name="Thào A Sử", birth="12/04/1985", gender="Nam", ethnic_group="Mông",
                  citizen_id="010085001234", unit="UBND xã Sán Chải", position="Trưởng thôn")
    values.update(changes)
    return TraineeInput(**values)


def test_enrol_existing_trainees_by_id_keeps_unit_and_position_of_the_time(course):
    sử = add_trainee(_sử())
    mỷ = add_trainee(_sử(full_name="Giàng Thị Mỷ", gender="Nữ", citizen_id="", position="Hội viên"))
    result = enrol_trainees(course.id, [sử.id, mỷ.id, sử.id])
    assert (result.enrolled, result.already) == (2, 0)
    again = enrol_trainees(course.id, [sử.id])
    assert (again.enrolled, again.already) == (0, 1)
    row = Enrollment.get(Enrollment.trainee == sử.id)
    assert (row.position_at_time, row.unit_at_time) == ("Trưởng thôn", "UBND xã Sán Chải")
    assert Enrollment.select().count() == 2


def test_a_cancelled_class_takes_no_one(course):
    sử = add_trainee(_sử())
    cancel_course(course.code, "Không đủ học viên")
    with pytest.raises(ConflictError, match="đã hủy"):
        enrol_trainees(course.id, [sử.id])
    with pytest.raises(ConflictError, match="đã hủy"):
        enrol_new_trainee(course.id, _sử(citizen_id="", full_name="Lù Văn An"))
    assert Enrollment.select().count() == 0 and Trainee.select().count() == 1


def test_new_trainee_inline_is_created_and_enrolled_together(course):
    trainee = enrol_new_trainee(course.id, _sử())
    assert Enrollment.get().trainee_id == trainee.id


def test_new_trainee_with_a_warning_writes_nothing_until_confirmed(course):
    data = _sử(citizen_id="010186001234")  # says born 1986, female
    with pytest.raises(NeedsConfirmation):
        enrol_new_trainee(course.id, data)
    assert Trainee.select().count() == 0 and Enrollment.select().count() == 0
    enrol_new_trainee(course.id, data, confirmed=True)
    assert Trainee.select().count() == 1 and Enrollment.select().count() == 1


def test_new_trainee_refused_writes_neither_record(course):
    with pytest.raises(ValidationError, match="12 chữ số"):
        enrol_new_trainee(course.id, _sử(citizen_id="123"))
    assert Trainee.select().count() == 0 and Enrollment.select().count() == 0


def test_enrolment_failing_rolls_back_the_new_trainee(course, monkeypatch):
    from app.services import enrolment

    def broken(**_kwargs):
        raise UserError("Ổ đĩa đầy.")

    monkeypatch.setattr(enrolment.Enrollment, "create", broken)
    with pytest.raises(UserError, match="Ổ đĩa đầy"):
        enrol_new_trainee(course.id, _sử())
    assert Trainee.select().count() == 0


def test_removing_is_audited_and_takes_the_marks(course):
    trainee = enrol_new_trainee(course.id, _sử())
    lesson = add_lesson(course.id, LessonInput("02/03/2026", topic="Chuyên đề 1"))
    enrollment = Enrollment.get()
    set_attendance(enrollment.id, lesson.id, "x")
    remove_enrollment(enrollment.id, "Đăng ký nhầm lớp")
    assert Enrollment.select().count() == 0 and Attendance.select().count() == 0
    assert Trainee.get_by_id(trainee.id)  # the person stays on file
    entry = AuditEntry.get(AuditEntry.entity == "enrollment")
    assert entry.summary == "Bỏ Thào A Sử khỏi lớp NTVD-2026-01" and entry.reason == "Đăng ký nhầm lớp"


def test_removing_is_refused_once_a_certificate_is_issued(course):
    enrol_new_trainee(course.id, _sử())
    enrollment = Enrollment.get()
    set_score(enrollment.id, "8")
    issue_certificates(course.code, today=dt.date(2026, 3, 20))
    with pytest.raises(ConflictError, match="đã được cấp giấy chứng nhận"):
        remove_enrollment(enrollment.id)
    assert Enrollment.select().count() == 1
    assert not AuditEntry.select().where(AuditEntry.entity == "enrollment").exists()


def test_roster_shows_marks_results_and_why_not_eligible(course):
    enrol_new_trainee(course.id, _sử())
    enrol_new_trainee(course.id, _sử(full_name="Lù Văn An", citizen_id="", birth="1990"))
    lessons = [add_lesson(course.id, LessonInput(f"0{d}/03/2026", topic=f"Chuyên đề {d}")) for d in (2, 3)]
    an, sử = (Enrollment.get(Enrollment.trainee == t) for t in (Trainee.get(Trainee.full_name == n)
                                                             for n in ("Lù Văn An", "Thào A Sử")))
    set_attendance(sử.id, lessons[0].id, "x")
    set_attendance(sử.id, lessons[1].id, "K")
    set_score(sử.id, "7,5")
    roster = class_roster(course.id, today=dt.date(2026, 3, 20))
    assert [lesson.id for lesson in roster.lessons] == [lesson.id for lesson in lessons]
    assert [r.full_name for r in roster.rows] == ["Lù Văn An", "Thào A Sử"]  # An before Sử
    row = roster.rows[1]
    assert (row.birth, row.unit, row.result_name) == ("12/04/1985", "UBND xã Sán Chải", "Khá")
    assert row.marks == {lessons[0].id: "x", lessons[1].id: "K"}
    assert row.mark_counts() == {"x": 1, "P": 0, "K": 1}
    assert not row.eligible and row.eligibility_reasons == ("vắng 1/2 buổi, quá 20%",)
    assert roster.rows[0].eligibility_reasons == ("chưa có kết quả đạt",)
    assert [code for code, _name in roster.bands] == ["G", "K", "TB", "KD"]
    assert an.id == roster.rows[0].enrollment_id


def test_similar_trainees_while_typing(course):
    sử = add_trainee(_sử())
    assert [t.id for t in similar_trainees("thao a su", "12/04/1985")] == [sử.id]
    assert [t.id for t in similar_trainees("Thào A Sử", "1985")] == [sử.id]
    assert similar_trainees("Thào A Sử", "13/04/1985") == []
    assert [t.id for t in similar_trainees("Giàng Seo Pao", "", "010085001234")] == [sử.id]
    assert similar_trainees("Thào A Sử", "30/02/1985")[0].birth == "12/04/1985"  # a typo is no reason to fail
    assert similar_trainees("Thào A Sử", "12/04/1985", exclude_id=sử.id) == []


def test_trainee_record_as_form_text(course):
    sử = add_trainee(_sử(party_member=True))
    assert trainee_input(sử.id) == TraineeInput(
        full_name="Thào A Sử", birth="12/04/1985", gender="Nam", ethnic_group="Mông",
        citizen_id="010085001234", party_member=True, position="Trưởng thôn", unit="UBND xã Sán Chải")


def test_history_lists_every_class_and_whether_the_ntvd_certificate_is_still_valid(session):
    old = add_course(CourseInput("NTVD-2019-01", "NTVD", "Khóa I năm 2019", "04/03/2019", "08/03/2019"))
    new = add_course(CourseInput("DVM-2021-01", "DVM", "Khóa I năm 2021", "01/03/2021", "06/03/2021"))
    trainee = enrol_new_trainee(old.id, _sử())
    enrol_trainees(new.id, [trainee.id])
    set_score(Enrollment.get(Enrollment.course == old.id).id, "8,5")
    issue_certificates(old.code, today=dt.date(2019, 3, 15))
    rows, valid = training_history(trainee.id, today=dt.date(2024, 3, 14))
    assert [(r.course_code, r.result, r.certificates) for r in rows] == [
        ("DVM-2021-01", "", ""), ("NTVD-2019-01", "Giỏi", "0001/2019")]
    assert valid["NTVD"].valid and valid["NTVD"].valid_until == dt.date(2024, 3, 15)
    assert "còn hiệu lực" in valid["NTVD"].sentence()
    _rows, later = training_history(trainee.id, today=dt.date(2024, 3, 15))
    assert not later["NTVD"].valid and "đã hết hiệu lực (đến 15/03/2024)" in later["NTVD"].sentence()


def test_pasted_rows_are_judged_like_a_file(course):
    from app.services.roster_import import commit_roster, preview_pasted_roster

    add_trainee(_sử())
    text = ("DANH SÁCH HỌC VIÊN\r\n"
            "STT\tHọ và tên\tNgày sinh\tSố CCCD\tChức vụ, đơn vị công tác\r\n"
            "1\tThào A Sử\t12/04/1985\t010085001234\tTrưởng thôn\r\n"
            "\r\n"
            "2\tGiàng Thị Mỷ\t1990\t\t\"Hội viên\nphụ nữ\"\r\n"
            "3\tGIÀNG THỊ MỶ\t1990\t\t\r\n"
            "4\tLù Văn Páo\t30/02/1979\t\t\r\n")
    preview = preview_pasted_roster(text, course.code)
    assert [r.line() for r in preview.rows] == [
        "row 3: existing Thào A Sử (12/04/1985)", "row 5: new Giàng Thị Mỷ (1990)", "row 6: duplicate of row 5",
        "row 7: error: Ngày không có thật: 30/02/1979 (ngày/tháng/năm)"]
    assert preview.rows[1].position == "Hội viên phụ nữ"  # a cell with a line break stays one cell
    assert Trainee.select().count() == 1
    with pytest.raises(ValidationError, match="1 dòng lỗi"):
        commit_roster(preview)
    result = commit_roster(preview, skip_errors=True)
    assert (result.created, result.enrolled) == (1, 2)


def test_pasting_without_a_header_or_text_is_explained(course):
    from app.services.roster_import import preview_pasted_roster

    with pytest.raises(ValidationError, match="dòng tiêu đề"):
        preview_pasted_roster("Thào A Sử\t1985\n", course.code)
    with pytest.raises(ValidationError, match="không có gì để dán"):
        preview_pasted_roster("  \n", course.code)


def test_an_absence_exception_makes_the_trainee_eligible_and_is_audited(course):
    from app.services.enrolment import set_eligibility_override

    enrol_new_trainee(course.id, _sử())
    enrollment = Enrollment.get()
    lessons = [add_lesson(course.id, LessonInput(f"0{d}/03/2026", topic=f"Chuyên đề {d}")) for d in (2, 3)]
    set_attendance(enrollment.id, lessons[0].id, "K")
    set_score(enrollment.id, "8")
    today = dt.date(2026, 3, 20)
    assert class_roster(course.id, today).rows[0].eligibility_reasons == ("vắng 1/2 buổi, quá 20%",)
    set_eligibility_override(enrollment.id, "Đi công tác theo Quyết định số 12")
    row = class_roster(course.id, today).rows[0]
    assert row.eligible and row.eligibility_override == "Đi công tác theo Quyết định số 12"
    assert AuditEntry.get(AuditEntry.action == "override").reason == "Đi công tác theo Quyết định số 12"
    set_eligibility_override(enrollment.id, None)
    assert not class_roster(course.id, today).rows[0].eligible
    set_eligibility_override(enrollment.id, "Đi công tác")
    issue_certificates(course.code, today=today)
    with pytest.raises(ConflictError, match="đã được cấp giấy chứng nhận"):
        set_eligibility_override(enrollment.id, None)
