"""Several PCs (issue 18): a record changed by another PC since a form showed it is not silently
overwritten. The save is refused with a Vietnamese message, nothing is written, and the newer
values stay; with the stamp of what is now stored the save goes through. Runs on both backends."""

from __future__ import annotations

import pytest

from app.domain.errors import ChangedElsewhereError
from app.services import courses, instructor_records, trainees
from app.services.courses import CourseInput
from app.services.trainees import TraineeInput
from app.store.models import Course, Instructor, Trainee


def test_trainee_saved_over_a_newer_edit_is_refused(session):
    person = trainees.add_trainee(TraineeInput("Nguyễn Văn An", "02/03/1980", "M"))
    shown = trainees.edit_stamp(person.id)  # PC 1 opens the form
    trainees.update_trainee(person.id, TraineeInput("Nguyễn Văn Ân", "02/03/1980", "M"))  # PC 2 saves
    with pytest.raises(ChangedElsewhereError) as refused:
        trainees.update_trainee(person.id, TraineeInput("Nguyễn Văn Anh", "02/03/1980", "M"), expected=shown)
    assert "vừa được sửa hoặc xóa ở máy khác" in refused.value.message
    assert Trainee.get_by_id(person.id).full_name == "Nguyễn Văn Ân"  # PC 2's value kept
    fresh = trainees.edit_stamp(person.id)
    trainees.update_trainee(person.id, TraineeInput("Nguyễn Văn Anh", "02/03/1980", "M"), expected=fresh)
    assert Trainee.get_by_id(person.id).full_name == "Nguyễn Văn Anh"


def test_unchanged_record_saves_and_its_stamp_changes(session):
    person = trainees.add_trainee(TraineeInput("Lò Thị Bình", "1990"))
    shown = trainees.edit_stamp(person.id)
    trainees.update_trainee(person.id, TraineeInput("Lò Thị Bình", "1990", phone="0912345678"), expected=shown)
    assert Trainee.get_by_id(person.id).phone == "0912345678"
    assert trainees.edit_stamp(person.id) != shown


def test_course_saved_over_a_newer_edit_is_refused(session):
    course = courses.add_course(CourseInput("NTVD-2026-01", "NTVD", "Lớp NTVD", "02/03/2026", "06/03/2026"))
    shown = courses.edit_stamp(course.id)
    courses.update_course(course.id, CourseInput("NTVD-2026-01", "NTVD", "Lớp NTVD", "02/03/2026", "06/03/2026",
                                                 venue="Hội trường UBND xã"))
    with pytest.raises(ChangedElsewhereError):
        courses.update_course(course.id, CourseInput("NTVD-2026-01", "NTVD", "Lớp NTVD khóa I", "02/03/2026",
                                                     "06/03/2026"), expected=shown)
    stored = Course.get_by_id(course.id)
    assert (stored.name, stored.venue) == ("Lớp NTVD", "Hội trường UBND xã")


def test_instructor_deleted_or_changed_elsewhere_is_refused(session):
    iid = instructor_records.add_instructor(instructor_records.InstructorInput("Trần Văn Cường"))
    shown = instructor_records.edit_stamp(iid)
    instructor_records.update_instructor(iid, instructor_records.InstructorInput("Trần Văn Cường", phone="0987654321"))
    with pytest.raises(ChangedElsewhereError):
        instructor_records.update_instructor(iid, instructor_records.InstructorInput("Trần Văn Cương"), expected=shown)
    assert (Instructor.get_by_id(iid).full_name, Instructor.get_by_id(iid).phone) == ("Trần Văn Cường", "0987654321")
