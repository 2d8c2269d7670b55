"""Settings and catalogue dialogs: the officer saves the centre's details through the settings
service, a broken rule is shown next to its field and nothing is written."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from app.domain.institution import Institution
from app.services import lists, settings
from app.store import db as store_db
from app.ui.dialogs.catalogues import PAGES, CatalogueDialog
from app.ui.dialogs.institution import InstitutionDialog
from app.ui.main_window import APP_TITLE, MainWindow

pytestmark = pytest.mark.gui


def click_save(qtbot, dialog: InstitutionDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def test_settings_dialog_saves_a_change(session, qtbot):
    dialog = InstitutionDialog(settings.get_institution())
    qtbot.addWidget(dialog)
    dialog.edits["name"].setText("  Trung tâm Chính trị huyện Si Ma Cai ")
    dialog.edits["place_name"].setText("Si Ma Cai")
    dialog.edits["director_name"].setText("Giàng Seo Phử")
    dialog.style_combo.setCurrentIndex(dialog.style_combo.findData("state"))
    click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = settings.get_institution()
    assert saved == Institution(name="Trung tâm Chính trị huyện Si Ma Cai", place_name="Si Ma Cai",
                                director_name="Giàng Seo Phử", header_style="state")
    assert dialog.saved == saved


def test_settings_dialog_rejects_an_empty_name_and_writes_nothing(session, qtbot):
    settings.save_institution(Institution(name="Trung tâm Chính trị huyện Si Ma Cai"))
    before, revision = settings.get_institution(), store_db.get_revision()
    dialog = InstitutionDialog(before)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.edits["name"].setText("   ")
    dialog.edits["director_name"].setText("Giàng Seo Phử")
    click_save(qtbot, dialog)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors["name"].isVisible()
    assert dialog.errors["name"].text() == "Cần nhập tên trung tâm."
    assert not dialog.errors["director_name"].isVisible()
    assert settings.get_institution() == before
    assert store_db.get_revision() == revision
    # Fixing the field clears the message and saves.
    dialog.edits["name"].setText("Trung tâm Chính trị huyện Si Ma Cai")
    click_save(qtbot, dialog)
    assert not dialog.errors["name"].isVisible()
    assert settings.get_institution().director_name == "Giàng Seo Phử"


def test_saving_from_the_menu_updates_the_window_title(session, qtbot):
    window = MainWindow(session)
    qtbot.addWidget(window)
    assert window.windowTitle() == APP_TITLE
    dialog = window.open_institution()
    dialog.edits["name"].setText("Trung tâm Chính trị huyện Si Ma Cai")
    click_save(qtbot, dialog)
    assert window.windowTitle() == f"{APP_TITLE} — Trung tâm Chính trị huyện Si Ma Cai"


def test_catalogue_viewer_shows_every_catalogue(session, qtbot, qtmodeltester):
    dialog = CatalogueDialog("ethnic_groups")
    qtbot.addWidget(dialog)
    assert dialog.tabs.currentIndex() == 1
    assert dialog.tabs.tabText(1) == "Dân tộc"
    assert dialog.models["programs"].rowCount() == len(lists.program_table().rows) > 0
    assert dialog.models["programs"].index(0, 1).data() == "Bồi dưỡng nhận thức về Đảng"
    for model in dialog.models.values():
        qtmodeltester.check(model)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("theory_levels"))
    other = dialog.models["other"]
    assert [other.index(i, 1).data() for i in range(other.rowCount())] == [
        "Chưa qua đào tạo", "Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân"]
    qtmodeltester.check(other)
    dialog.show_page("other")
    assert dialog.tabs.currentIndex() == len(PAGES) - 1


def test_deputy_signing_is_set_in_the_institution_settings_and_printed(session, qtbot):
    import datetime as dt

    from app.outputs.printouts import table_pdf_bytes
    from app.printing.class_tables import timetable_table
    from app.services.documents import course_heading
    from tests.pdf_helpers import pages_text
    from tests.unit.test_certificates import _class

    settings.save_institution(Institution(name="Trung tâm Chính trị huyện Si Ma Cai", director_name="Giàng Seo Phử",
                                          header_style="state"))
    course = _class()
    dialog = InstitutionDialog(settings.get_institution())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.deputy_check.setChecked(True)
    click_save(qtbot, dialog)  # no deputy named: refused, nothing saved
    assert dialog.errors["deputy_name"].isVisible() and "Phó Giám đốc" in dialog.errors["deputy_name"].text()
    assert settings.get_institution().deputy_signs is False
    dialog.edits["deputy_name"].setText("Lù Thị Dợ")
    click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.get_institution().deputy_signs is True
    text = " ".join(pages_text(table_pdf_bytes(timetable_table(course_heading(course), []), dt.date(2026, 3, 6)))[0]
                    .split())
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in text and "Lù Thị Dợ" in text
    assert "K/T" not in text and "Giàng Seo Phử" not in text


def test_centre_code_is_chosen_in_the_institution_dialog_until_a_certificate_exists(session, qtbot, tmp_path):
    import os

    from app.services import centre_code
    from app.services.certificates import issue_certificates
    from app.store.models import AuditEntry
    from tests.unit.test_certificates import AFTER, _class

    settings.save_institution(Institution(name="Trung tâm Chính trị huyện Si Ma Cai"))
    dialog = InstitutionDialog(settings.get_institution())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    assert not dialog.code_edit.isReadOnly() and dialog.code_edit.text() == ""
    assert dialog.code_edit.placeholderText() == "TTCTHSMC (chữ cái đầu của tên)"
    dialog.edits["name"].setText("Trung tâm Chính trị huyện Bắc Hà")
    assert dialog.code_edit.placeholderText() == "TTCTHBH (chữ cái đầu của tên)"
    dialog.edits["name"].setText("Trung tâm Chính trị huyện Si Ma Cai")
    # A wrong code: said under it, the focus in it, nothing written (not the phone either).
    revision = store_db.get_revision()
    dialog.edits["phone"].setText("0214 3796 123")
    dialog.code_edit.setText("TT SMC")
    click_save(qtbot, dialog)
    assert dialog.isVisible() and dialog.field_errors.visible() == {
        "centre_code": "Mã đơn vị chỉ gồm chữ cái không dấu (A–Z) và chữ số, viết liền, ví dụ TTCTSMC."}
    assert dialog.focusWidget() is dialog.code_edit
    assert store_db.get_revision() == revision and settings.get_institution().phone == ""
    # The message takes two lines: the row grows to hold them, the note under it moves down.
    label = dialog.field_errors.labels["centre_code"]

    def message_whole_above_the_note() -> bool:
        bottom = label.mapTo(dialog, label.rect().bottomLeft()).y()
        return (label.height() > label.fontMetrics().height() * 1.5
                and bottom < dialog.code_note.mapTo(dialog, dialog.code_note.rect().topLeft()).y())
    qtbot.waitUntil(message_whole_above_the_note)
    if os.environ.get("BOIDUONG_SCREENSHOTS"):
        dialog.grab().save(os.path.join(os.environ["BOIDUONG_SCREENSHOTS"], "institution_code_refused.png"))
    qtbot.keyClicks(dialog.code_edit, "x")  # editing it takes the message away
    assert dialog.field_errors.visible() == {}
    dialog.code_edit.setText("ttsmc")
    click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert centre_code.centre_code() == "TTSMC" and settings.get_institution().phone == "0214 3796 123"
    assert "Sửa mã đơn vị in trong mã QR" in AuditEntry.select().order_by(AuditEntry.id.desc()).first().summary

    issue_certificates(_class().code, today=AFTER)
    frozen = InstitutionDialog(settings.get_institution())
    qtbot.addWidget(frozen)
    frozen.show()
    assert frozen.code_edit.isReadOnly() and frozen.code_edit.text() == "TTSMC"
    assert frozen.code_note.text() == "Mã đơn vị đã in trên giấy chứng nhận, không đổi được."
    if os.environ.get("BOIDUONG_SCREENSHOTS"):
        frozen.grab().save(os.path.join(os.environ["BOIDUONG_SCREENSHOTS"], "institution_code_frozen.png"))
    frozen.edits["name"].setText("Trung tâm Chính trị huyện Bắc Hà")  # renaming is still allowed
    click_save(qtbot, frozen)
    assert frozen.result() == QDialog.DialogCode.Accepted
    assert centre_code.centre_code() == "TTSMC"
    assert settings.get_institution().name == "Trung tâm Chính trị huyện Bắc Hà"
