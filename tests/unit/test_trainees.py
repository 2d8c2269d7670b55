"""Adding, checking and merging trainees (SPEC §6 rules)."""

import datetime as dt
import unicodedata

import pytest

from app.domain.errors import ConflictError, ValidationError
from app.services.courses import CourseInput, add_course
from app.services.trainees import NeedsConfirmation, TraineeInput, add_trainee, merge_trainees
from app.store import db
from app.store.models import AuditEntry, Enrollment, Trainee


def _sử(**changes) -> TraineeInput:
    values = dict(full_name="Thào A Sử", birth="12/04/1985", gender="Nam", ethnic_group="H'Mông",
                  citizen_id="010085001234", unit="UBND xã Sán Chải", position="Trưởng thôn")
    values.update(changes)
    return TraineeInput(**values)


def test_add_trainee_with_alias_ethnic_group_and_valid_cccd(session):
    trainee = add_trainee(_sử())
    again = Trainee.get_by_id(trainee.id)
    assert again.ethnic_group.name == "Mông"
    assert (again.birth_date, again.birth_year, again.gender) == (dt.date(1985, 4, 12), 1985, "M")
    assert again.citizen_id == "010085001234"
    assert again.organization.name == "UBND xã Sán Chải"


def test_nfd_input_is_the_same_person(session):
    add_trainee(_sử())
    nfd = unicodedata.normalize("NFD", "Thào A Sử")
    with pytest.raises(NeedsConfirmation, match="cùng họ tên và ngày sinh"):
        add_trainee(_sử(full_name=nfd, citizen_id=""))
    assert Trainee.select().count() == 1


def test_year_only_birth(session):
    trainee = add_trainee(_sử(birth="1985", citizen_id=""))
    assert (trainee.birth_date, trainee.birth_year) == (None, 1985)


@pytest.mark.parametrize("changes, message", [
    ({"full_name": " "}, "Cần nhập họ và tên"),
    ({"birth": "30/02/1985"}, "không có thật"),
    ({"birth": "1890"}, "trước năm 1900"),
    ({"citizen_id": "0100850012"}, "12 chữ số"),
    ({"citizen_id": "999085001234"}, "Mã tỉnh 999"),
    ({"gender": "khác"}, "Giới tính"),
    ({"ethnic_group": "Sao Hỏa"}, "Không có dân tộc"),
])
def test_bad_input_gives_the_reason_and_writes_nothing(session, changes, message):
    with pytest.raises(ValidationError, match=message):
        add_trainee(_sử(**changes))
    assert Trainee.select().count() == 0


def test_cccd_mismatch_needs_confirmation_then_saves(session):
    data = _sử(citizen_id="010186001234")  # says born 1986, female
    with pytest.raises(NeedsConfirmation) as caught:
        add_trainee(data)
    assert len(caught.value.warnings) == 2
    assert Trainee.select().count() == 0
    add_trainee(data, confirmed=True)
    assert Trainee.select().count() == 1


def test_same_cccd_twice_is_refused(session):
    add_trainee(_sử())
    with pytest.raises(ConflictError, match="đã có ở học viên Thào A Sử"):
        add_trainee(_sử(full_name="Giàng Seo Pao"))


def test_merge_keeps_every_enrollment_and_is_audited(session):
    first = add_trainee(_sử(citizen_id=""))
    second = add_trainee(_sử(full_name="Thào A Sử", citizen_id="010085001234"), confirmed=True)
    a = add_course(CourseInput("NTVD-2019-01", "NTVD", "Khóa I", "04/03/2019", "08/03/2019"))
    b = add_course(CourseInput("DVM-2020-01", "DVM", "Khóa I", "02/03/2020", "07/03/2020"))
    with db.write():
        Enrollment.create(course=a, trainee=first)
        Enrollment.create(course=b, trainee=second)
    merged = merge_trainees(first.id, second.id, "Nhập trùng")
    assert Trainee.select().count() == 1
    assert merged.citizen_id == "010085001234"  # filled from the other record
    assert sorted(e.course.code for e in Enrollment.select()) == ["DVM-2020-01", "NTVD-2019-01"]
    assert all(e.trainee_id == first.id for e in Enrollment.select())
    entry = AuditEntry.get(AuditEntry.entity == "trainee")
    assert entry.action == "merge" and entry.reason == "Nhập trùng"


def test_merge_refused_when_both_are_in_the_same_class(session):
    first = add_trainee(_sử(citizen_id=""))
    second = add_trainee(_sử(citizen_id=""), confirmed=True)
    course = add_course(CourseInput("NTVD-2019-01", "NTVD", "Khóa I", "04/03/2019", "08/03/2019"))
    with db.write():
        Enrollment.create(course=course, trainee=first)
        Enrollment.create(course=course, trainee=second)
    with pytest.raises(ConflictError, match="cùng có trong lớp NTVD-2019-01"):
        merge_trainees(first.id, second.id, "x")
    assert Trainee.select().count() == 2
    assert not AuditEntry.select().where(AuditEntry.entity == "trainee").exists()


def test_editing_a_trainee_with_a_namesake_does_not_ask_again_unless_name_or_birth_change(session):
    from app.services.trainees import update_trainee

    add_trainee(_sử(citizen_id=""))
    second = add_trainee(_sử(citizen_id="", unit="xã Bản Mế"), confirmed=True)
    update_trainee(second.id, _sử(citizen_id="", unit="xã Nàn Sán"))  # same name and birth: no question
    assert Trainee.get_by_id(second.id).organization.name == "xã Nàn Sán"
    with pytest.raises(NeedsConfirmation):
        update_trainee(second.id, _sử(citizen_id="", birth="1985"))


def test_delete_a_trainee_typed_by_mistake_is_audited_and_refused_once_they_have_classes(session):
    from app.services.trainees import delete_trainee

    typo = add_trainee(_sử(citizen_id=""))
    with pytest.raises(ValidationError, match="lý do"):
        delete_trainee(typo.id, " ")
    delete_trainee(typo.id, "Nhập nhầm")
    assert Trainee.select().count() == 0 and AuditEntry.get(AuditEntry.entity == "trainee").action == "delete"
    kept = add_trainee(_sử(citizen_id=""))
    course = add_course(CourseInput("NTVD-2019-01", "NTVD", "Khóa I", "04/03/2019", "08/03/2019"))
    with db.write():
        Enrollment.create(course=course, trainee=kept)
    with pytest.raises(ConflictError, match="1 lượt học"):
        delete_trainee(kept.id, "x")
    assert Trainee.select().count() == 1
