"""Several PCs: a form whose record another PC saved meanwhile shows the new values and says so;
nothing of the user's edit is written (issue 18)."""

from __future__ import annotations

import pytest

from app.services import courses, trainees
from app.services.courses import CourseInput
from app.services.trainees import TraineeInput
from app.store.models import Course, Trainee
from app.ui.dialogs.course_form import CourseFormDialog
from app.ui.dialogs.trainee_form import TraineeFormDialog

pytestmark = pytest.mark.gui


def test_trainee_form_shows_the_other_pcs_value_and_writes_nothing(session, qtbot):
    person = trainees.add_trainee(TraineeInput("Nguyễn Văn An", "02/03/1980", "M"))
    form = TraineeFormDialog(person.id)
    qtbot.addWidget(form)
    trainees.update_trainee(person.id, TraineeInput("Nguyễn Văn Ân", "02/03/1980", "M"))  # another PC
    form.full_name_edit.setText("Nguyễn Văn Anh")
    form.save()
    assert form.result() == 0 and form.saved is None  # still open, nothing saved
    assert form.full_name_edit.text() == "Nguyễn Văn Ân"  # the newer value is shown
    assert "vừa được sửa hoặc xóa ở máy khác" in form.errors.visible()[""]
    assert Trainee.get_by_id(person.id).full_name == "Nguyễn Văn Ân"
    form.full_name_edit.setText("Nguyễn Văn Anh")  # typed again over what is now stored: saved
    form.save()
    assert Trainee.get_by_id(person.id).full_name == "Nguyễn Văn Anh"


def test_course_form_shows_the_other_pcs_value(session, qtbot):
    course = courses.add_course(CourseInput("NTVD-2026-01", "NTVD", "Lớp NTVD", "02/03/2026", "06/03/2026"))
    form = CourseFormDialog(course.id)
    qtbot.addWidget(form)
    courses.update_course(course.id, CourseInput("NTVD-2026-01", "NTVD", "Lớp NTVD", "02/03/2026", "06/03/2026",
                                                 venue="Hội trường xã"))
    form.name_edit.setText("Lớp NTVD khóa I")
    form.save()
    assert form.saved is None and form.venue_edit.text() == "Hội trường xã"
    assert Course.get_by_id(course.id).name == "Lớp NTVD"
