"""Importing a roster into a class that has already ended asks first; "no" writes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.exchange.roster_reader import RosterRow, RosterSheet
from app.services.courses import CourseInput, add_course
from app.services.roster_import import judge_sheet
from app.store.models import AuditEntry, Enrollment
from app.ui.dialogs.roster_import import RosterPreviewDialog

pytestmark = pytest.mark.gui


def _dialog(qtbot, start: str, end: str) -> RosterPreviewDialog:
    course = add_course(CourseInput("CU-01", "NTVD", "Khóa I", start, end))
    sheet = RosterSheet("DS", 1, {"full_name": 1, "birth": 2}, [
        RosterRow(2, {"full_name": "Sùng Seo Dơ", "birth": "02/02/1990"}, "", {})])
    dialog = RosterPreviewDialog(judge_sheet(sheet, course.id, course.code, Path("ds.xlsx")), source_name="ds.xlsx")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_an_ended_class_asks_and_no_writes_nothing(session, qtbot):
    dialog = _dialog(qtbot, "02/03/2020", "06/03/2020")
    dialog.commit()
    box = dialog.question
    assert box.isVisible() and box.windowTitle() == "Lớp đã kết thúc"
    assert box.text() == "Lớp CU-01 đã kết thúc ngày 06/03/2020."
    if os.environ.get("BOIDUONG_SCREENSHOTS"):
        box.grab().save(os.environ["BOIDUONG_SCREENSHOTS"] + "/roster-into-ended-class.png")
    box.reject()  # "Không"
    assert Enrollment.select().count() == 0 and dialog.isVisible()
    dialog.commit()
    with qtbot.waitSignal(dialog.accepted):
        dialog.question.yes_button.click()
    assert Enrollment.select().count() == 1
    assert AuditEntry.select().where(AuditEntry.action == "import").count() == 1


def test_a_class_not_yet_ended_imports_without_a_question(session, qtbot):
    dialog = _dialog(qtbot, "02/03/2099", "06/03/2099")
    with qtbot.waitSignal(dialog.accepted):
        dialog.commit()
    assert Enrollment.select().count() == 1 and not hasattr(dialog, "question")
