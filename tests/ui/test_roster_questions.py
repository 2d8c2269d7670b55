"""The roster preview when the program is not sure who a row is: the candidates are shown (unit,
birth, classes attended), the clerk picks one or "Người mới", and the import follows the choice."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from app.exchange.roster_reader import OtherRow, RosterRow, RosterSheet
from app.services.courses import CourseInput, add_course
from app.services.roster_import import judge_sheet
from app.services.trainees import TraineeInput, add_trainee
from app.store import db
from app.store.models import AuditEntry, Enrollment, Trainee
from app.ui.dialogs.roster_import import PREVIEW_COLUMNS, RosterPreviewDialog

# The "Lý do / bổ sung" column of the roster preview, found by its header.
NOTE_COLUMN = next(i for i, c in enumerate(PREVIEW_COLUMNS) if c.header == "Lý do / bổ sung")
pytestmark = pytest.mark.gui


@pytest.fixture
def world(session):
    old = add_course(CourseInput("NTVD-2019-01", "NTVD", "Khóa I năm 2019", "04/03/2019", "08/03/2019"))
    course = add_course(CourseInput("NTVD-2026-03", "NTVD", "Khóa III năm 2026", "07/12/2026", "11/12/2026"))
    an_year = add_trainee(TraineeInput("Nguyễn Văn An", "1980", unit="xã Bản Mế"))
    ân = add_trainee(TraineeInput("Nguyễn Văn Ân", "12/03/1980", unit="xã Sín Chéng"), confirmed=True)
    with db.write():
        Enrollment.create(course=old, trainee=an_year)
    sheet = RosterSheet("DS", 5, {"full_name": 2, "birth": 3}, [
        RosterRow(7, {"full_name": "Nguyễn Văn An", "birth": "12/03/1980", "position": "Trưởng thôn"}, "XÃ BẢN MẾ",
                  {"full_name": "NguyÔn V¨n An"}),
        RosterRow(8, {"full_name": "Sùng Seo Dơ", "birth": "1990"}, "XÃ BẢN MẾ", {"full_name": "Sïng Seo D¬"}),
    ], others=[OtherRow(6, "section", "XÃ BẢN MẾ", "", ""),
               OtherRow(10, "skipped", "NGƯỜI LẬP BIỂU", "khối chữ ký", "signature block")],
        encoding="tcvn3", converted_cells=2)
    preview = judge_sheet(sheet, course.id, course.code, Path("ds.xls"))
    return course, an_year, ân, preview


def open_dialog(qtbot, preview) -> RosterPreviewDialog:
    backups = []
    dialog = RosterPreviewDialog(preview, backup=lambda: backups.append(1), source_name="ds.xls")
    dialog.backups = backups
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def test_pick_a_candidate_and_the_enrollment_goes_to_that_person(world, qtbot, qtmodeltester):
    course, an_year, ân, preview = world
    dialog = open_dialog(qtbot, preview)
    qtmodeltester.check(dialog.model)
    model = dialog.model
    shown = [tuple(model.index(r, c).data() for c in (0, 1, 2, 3)) for r in range(model.rowCount())]
    assert shown == [("6", "Mục", "XÃ BẢN MẾ", ""),
                     ("7", "Cần chọn (2 người)", "Nguyễn Văn An", "NguyÔn V¨n An"),
                     ("8", "Mới", "Sùng Seo Dơ", "Sïng Seo D¬"),
                     ("10", "Bỏ qua", "NGƯỜI LẬP BIỂU", "")]
    assert "bảng mã TCVN3, đã chuyển sang Unicode (2 ô)" in dialog.source.text()
    assert "2 dòng: 1 mới, 0 đã có, 0 trùng, 0 lỗi, 1 cần chọn người." in dialog.summary.text()
    assert "Còn 1 dòng chưa rõ là ai" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    # The question is open on screen: the candidates with unit, birth and classes attended.
    box = dialog.candidates
    assert box.isVisible() and box.title().startswith("Dòng 7: Nguyễn Văn An (12/03/1980) là ai?")
    assert [b.text() for b in box.buttons_] == [
        "Nguyễn Văn An — 1980 — xã Bản Mế — đã học NTVD-2019-01",
        "Nguyễn Văn Ân — 12/03/1980 — xã Sín Chéng — chưa học lớp nào",
        "Người mới: chưa có trong hồ sơ, thêm học viên mới"]
    if os.environ.get("BOIDUONG_SCREENSHOTS"):
        dialog.grab().save(os.environ["BOIDUONG_SCREENSHOTS"] + "/roster-question.png")
    click(qtbot, box.button_for(an_year.id))
    assert model.index(1, 1).data() == "Đã chọn: người đã có"
    assert model.index(1, NOTE_COLUMN).data() == "bổ sung: ngày sinh 12/03/1980; chức vụ Trưởng thôn"
    assert dialog.import_button.isEnabled()
    assert "1 cần chọn người (đã chọn 1). " in dialog.summary.text()
    if os.environ.get("BOIDUONG_SCREENSHOTS"):
        dialog.grab().save(os.environ["BOIDUONG_SCREENSHOTS"] + "/roster-answered.png")
    assert Enrollment.select().where(Enrollment.course == course.id).count() == 0
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.backups == [1]
    assert sorted(e.trainee_id for e in Enrollment.select().where(Enrollment.course == course.id)) == sorted(
        [an_year.id, Trainee.get(Trainee.full_name == "Sùng Seo Dơ").id])
    assert Trainee.get_by_id(an_year.id).birth_date.isoformat() == "1980-03-12"
    assert Trainee.get_by_id(ân.id).enrollments.count() == 0
    assert AuditEntry.select().where(AuditEntry.entity_id == an_year.id).count() == 1
    assert dialog.result_text() == "Đã ghi 2 học viên vào lớp (1 học viên mới), bổ sung hồ sơ của 1 học viên."


def test_new_person_makes_a_new_record(world, qtbot):
    course, an_year, ân, preview = world
    dialog = open_dialog(qtbot, preview)
    click(qtbot, dialog.candidates.button_for(0))
    assert dialog.model.index(1, 1).data() == "Đã chọn: người mới"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert Trainee.select().where(Trainee.search_key == "nguyen van an").count() == 3
    assert Enrollment.select().where(Enrollment.trainee.in_([an_year.id, ân.id])
                                     & (Enrollment.course == course.id)).count() == 0


def test_skipping_leaves_the_question_out(world, qtbot):
    course, _an, _ân, preview = world
    dialog = open_dialog(qtbot, preview)
    assert dialog.skip_check.isVisible() and dialog.skip_check.text() == "Bỏ qua dòng lỗi và dòng chưa chọn người"
    dialog.skip_check.setChecked(True)
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert [e.trainee.full_name for e in Enrollment.select().where(Enrollment.course == course.id)] == ["Sùng Seo Dơ"]
    assert dialog.result_text().endswith("bỏ qua 1 dòng chưa chọn người.")
