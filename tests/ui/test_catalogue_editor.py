"""Cài đặt › Danh mục…: a clerk adds a program, refuses a bad threshold, retires and restores items,
edits the result bands (a gap is refused on screen) and ethnic spellings."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.services import catalogues as cat
from app.store.models import AuditEntry, CatalogueItem, EthnicGroup, Program, ResultBand
from app.ui.dialogs.catalogue_editor import CatalogueEditorDialog

pytestmark = pytest.mark.gui


def _shot(widget, name: str) -> None:
    if os.environ.get("BOIDUONG_SCREENSHOTS"):
        widget.grab().save(os.path.join(os.environ["BOIDUONG_SCREENSHOTS"], name))


@pytest.fixture
def dialog(session, qtbot, qtmodeltester):
    d = CatalogueEditorDialog()
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    for model in (d.programs.model, d.items.model, d.ethnic.model):
        qtmodeltester.check(model)
    return d


def _save(qtbot, form) -> None:
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_add_a_program_from_the_form_and_a_bad_threshold_is_refused_under_its_field(dialog, qtbot):
    page = dialog.programs
    assert page.model.row_count() == Program.select().count() == 9
    assert page.model.index(0, 1).data() == "Bồi dưỡng nhận thức về Đảng"
    _shot(dialog, "catalogue-programs.png")
    form = page.add()
    form.code.setText("BDCS")
    form.name.setText("Bồi dưỡng chi ủy viên")
    form.days.setText("3")
    form.threshold.setText("150")
    _save(qtbot, form)
    assert form.isVisible() and form.errors.visible() == {
        "absence_threshold_pct": "Tỷ lệ vắng tối đa (%) phải từ 0 đến 100."}
    assert not Program.select().where(Program.code == "BDCS").exists()
    _shot(form, "catalogue-program-form-error.png")
    form.code.setText("ntvd")
    form.threshold.setText("15")
    _save(qtbot, form)
    assert form.errors.visible() == {"code": "Mã chương trình \"NTVD\" đã được dùng."}
    form.code.setText("BDCS")
    with qtbot.waitSignal(form.accepted):
        _save(qtbot, form)
    assert [page.model.row_at(i).code for i in range(page.model.row_count())][-1] == "BDCS"  # refreshed by topic
    assert Program.get(Program.code == "BDCS").absence_threshold_pct == 15.0


def test_retire_a_program_then_use_it_again_and_reset_a_shipped_one(dialog, qtbot):
    page = dialog.programs
    page.select_code("NQ")
    row = page.current()
    assert row.code == "NQ" and page.retire_button.text() == "Ngừng dùng" and not page.delete_button.isEnabled()
    page.retire_button.click()
    assert page.current().code == "NQ" and page.model.index(page.view.currentIndex().row(), 7).data() == "Ngừng dùng"
    assert page.retire_button.text() == "Dùng lại"
    assert "NQ" not in dict(cat.program_choices())
    page.retire_button.click()
    assert Program.get(Program.code == "NQ").active
    form = page.edit()
    form.name.setText("Học nghị quyết")
    with qtbot.waitSignal(form.accepted):
        _save(qtbot, form)
    assert page.current().name == "Học nghị quyết" and page.reset_button.isEnabled()
    page.reset_button.click()
    assert page.current().name == "Học tập, quán triệt nghị quyết"
    assert [e.action for e in AuditEntry.select().order_by(AuditEntry.id)] == ["retire", "reactivate", "edit", "reset"]


def test_result_bands_with_a_gap_are_refused_and_a_good_set_is_saved(dialog, qtbot):
    dialog.tabs.setCurrentWidget(dialog.bands)
    page = dialog.bands
    assert [page.table.item(r, 0).text() for r in range(page.table.rowCount())] == ["XS", "G", "K", "TB", "KD"]
    assert page.ranges.text().startswith("Thang đang dùng: Giỏi: từ 8 đến 10; Khá: từ 7 đến dưới 8")
    page.table.item(4, 2).setText("2")  # Không đạt from 2: 0 – 2 has no band
    before = list(ResultBand.select().tuples())
    assert page.save() is False
    assert page.message.text() == "Thang xếp loại để trống từ 0 đến dưới 2: xếp loại thấp nhất phải bắt đầu từ 0."
    assert list(ResultBand.select().tuples()) == before
    _shot(dialog, "catalogue-bands-error.png")
    page.table.item(4, 2).setText("0")
    page.table.item(0, 4).setCheckState(Qt.CheckState.Checked)  # use Xuất sắc
    page.table.item(1, 2).setText("8,5")
    assert page.save() is True and page.message.isHidden()
    assert {b.code: (b.min_score, b.enabled) for b in ResultBand.select()}["G"] == (8.5, True)
    assert ResultBand.get(ResultBand.code == "XS").enabled
    page.scope.setCurrentIndex(page.scope.findData("NTVD"))
    assert page.state.text() == ("Chương trình NTVD đang dùng thang mặc định; lưu ở đây thì có thang riêng.")
    assert not page.reset_button.isEnabled()
    page.scope.setCurrentIndex(0)
    page.reset()
    assert ResultBand.get(ResultBand.code == "G", ResultBand.program.is_null()).min_score == 8.0


def test_positions_and_kinds_of_lesson_are_added_retired_and_reset(dialog, qtbot):
    dialog.tabs.setCurrentWidget(dialog.items)
    page = dialog.items
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("lesson_kinds"))
    assert not page.view.isColumnHidden(2)
    assert [page.model.index(i, 1).data() for i in range(page.model.row_count())] == [
        "Giảng lý thuyết", "Hướng dẫn thảo luận", "Chấm bài thu hoạch"]
    form = page.add()
    form.code.setText("thucte")
    form.name.setText("Đi thực tế")
    form.value.setText("mười")
    _save(qtbot, form)
    assert form.errors.visible() == {"value": "Hệ số quy đổi \"mười\" không phải là số."}
    form.value.setText("0,5")
    with qtbot.waitSignal(form.accepted):
        _save(qtbot, form)
    assert page.model.index(3, 2).data() == "0,5"
    page.select_code("discussion")
    page.retire_button.click()
    assert not CatalogueItem.get(CatalogueItem.code == "discussion").active
    _shot(dialog, "catalogue-items.png")
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("positions"))
    assert page.view.isColumnHidden(2) and page.model.row_count() > 30
    page.select_code("TTHON")
    form = page.edit()
    assert form.code.isReadOnly() and form.name.text() == "Trưởng thôn"
    form.name.setText("Trưởng thôn, tổ dân phố")
    with qtbot.waitSignal(form.accepted):
        _save(qtbot, form)
    page.reset_button.click()
    assert CatalogueItem.get(CatalogueItem.kind == "positions", CatalogueItem.code == "TTHON").name == "Trưởng thôn"


def test_ethnic_spellings_are_edited_and_a_clash_is_refused(dialog, qtbot):
    dialog.tabs.setCurrentWidget(dialog.ethnic)
    page = dialog.ethnic
    page.select_code("08")
    assert page.aliases.text().startswith("H'Mông; HMông")
    page.aliases.setText(page.aliases.text() + "; Mông Lềnh")
    page.save_button.click()
    assert "Mông Lềnh" in EthnicGroup.get(EthnicGroup.code == "08").aliases
    assert page.reset_button.isEnabled()
    page.aliases.setText("Kinh")
    page.save_button.click()
    assert page.message.text() == "\"Kinh\" đã là tên (hoặc tên gọi khác) của dân tộc Kinh."
    _shot(dialog, "catalogue-ethnic.png")
    page.select_code("08")
    page.reset_button.click()
    assert "Mông Lềnh" not in EthnicGroup.get(EthnicGroup.code == "08").aliases


def test_the_settings_menu_opens_the_catalogues(session, qtbot):
    from app.ui.main_window import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    actions = {a.text(): a for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()}
    actions["Danh mục…"].trigger()
    opened = [w for w in window.findChildren(CatalogueEditorDialog)]
    assert len(opened) == 1 and opened[0].isVisible() and opened[0].tabs.tabText(1) == "Thang xếp loại"


def test_what_the_centre_added_and_nothing_uses_is_deleted_after_asking(dialog, qtbot):
    """A program or a position the centre added, used by nothing: Xóa… asks, Không keeps it, Xóa
    deletes it. A shipped one, or one in use, cannot be deleted."""
    page = dialog.programs
    page.select_code("NTVD")
    assert not page.delete_button.isEnabled()  # shipped
    form = page.add()
    form.code.setText("BDCS")
    form.name.setText("Bồi dưỡng chi ủy viên")
    form.days.setText("3")
    with qtbot.waitSignal(form.accepted):
        _save(qtbot, form)
    page.select_code("BDCS")
    assert page.delete_button.isEnabled()
    question = page.delete()
    assert question.text() == "Xóa chương trình BDCS – Bồi dưỡng chi ủy viên?"
    question.reject()
    assert Program.select().where(Program.code == "BDCS").exists()
    page.delete().yes_button.click()
    assert not Program.select().where(Program.code == "BDCS").exists()
    assert "BDCS" not in [page.model.row_at(i).code for i in range(page.model.row_count())]

    dialog.tabs.setCurrentWidget(dialog.items)
    items = dialog.items
    items.kind_combo.setCurrentIndex(items.kind_combo.findData("positions"))
    form = items.add()
    form.code.setText("TOTRUONG")
    form.name.setText("Tổ trưởng tổ tự quản")
    with qtbot.waitSignal(form.accepted):
        _save(qtbot, form)
    items.select_code("TOTRUONG")
    question = items.delete()
    assert question.text() == "Xóa Tổ trưởng tổ tự quản (TOTRUONG)?"
    question.yes_button.click()
    assert not CatalogueItem.select().where(CatalogueItem.kind == "positions",
                                           CatalogueItem.code == "TOTRUONG").exists()
    assert [e.action for e in AuditEntry.select().order_by(AuditEntry.id)][-1] == "delete"
