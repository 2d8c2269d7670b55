"""Restoring from the window: the slow half on the worker, the swap on the GUI thread; the list of
backups with what each holds and loses; where the file dialogs open."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from app.domain.institution import Institution
from app.services import backup, settings
from app.store import safety
from app.ui import file_actions, file_dialogs
from app.ui.dialogs.restore import RestoreDialog
from app.ui.executor import executor

pytestmark = pytest.mark.sqlite_only(reason="restoring swaps the SQLite file (a server is restored with pg_restore; "
                                            "the window says so: test_ui_parts)")


@pytest.fixture
def said(monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(file_actions, "_info", lambda parent, title, text, informative="": told.append(text))
    monkeypatch.setattr(file_actions, "show_user_error", lambda parent, exc, title="": told.append(exc.message))
    return told


def _backup_then_rename(session, tmp_path) -> Path:
    copy = session.backup_to(tmp_path / "usb" / "before.sqlite3")
    settings.save_institution(Institution(name="Tên mới sau sao lưu"))
    return copy


def _staged_leftovers(db_path: Path) -> list[str]:
    return [p.name for p in db_path.parent.iterdir() if ".restore-" in p.name]


def test_the_checks_and_the_copy_run_on_the_worker_and_only_the_swap_on_the_gui_thread(
        session, qtbot, tmp_path, monkeypatch, said):
    copy = _backup_then_rename(session, tmp_path)
    threads: dict[str, str] = {}
    real_validate, real_swap = safety.validate_restore_source, safety.swap_in
    monkeypatch.setattr(safety, "validate_restore_source", lambda *a: threads.setdefault(
        "validate", threading.current_thread().name) and real_validate(*a))
    monkeypatch.setattr(safety, "swap_in", lambda *a, **k: threads.setdefault(
        "swap", threading.current_thread().name) and real_swap(*a, **k))
    refreshed = []
    task = file_actions.restore(None, session, copy, lambda: refreshed.append(settings.get_institution().name))
    with qtbot.waitSignal(task.finished, timeout=30000):
        pass
    assert threads == {"validate": "boiduong-worker", "swap": threading.main_thread().name}
    assert refreshed == [""]  # the lists re-read the restored data
    assert settings.get_institution().name == ""
    qtbot.waitUntil(lambda: bool(said), timeout=5000)  # said once the worker is free again
    assert said == [f"Đã khôi phục dữ liệu từ bản sao lưu\n{copy}."]
    asides = list(session.path.parent.glob("boiduong.truoc-khoi-phuc-*.sqlite3"))
    assert len(asides) == 1
    conn = sqlite3.connect(asides[0])
    assert "Tên mới sau sao lưu" in conn.execute("SELECT value FROM setting WHERE key LIKE 'institution%'"
                                                 ).fetchall()[0][0]
    conn.close()
    assert _staged_leftovers(session.path) == []


def test_a_restore_asked_for_while_the_worker_is_busy_waits_its_turn(session, qtbot, tmp_path, said):
    copy = _backup_then_rename(session, tmp_path)
    gate = threading.Event()
    first = executor().submit(gate.wait, 10)
    task = file_actions.restore(None, session, copy, lambda: None)  # not refused: queued
    assert settings.get_institution().name == "Tên mới sau sao lưu"
    gate.set()
    with qtbot.waitSignal(task.finished, timeout=30000):
        pass
    assert first.done and first.value is True
    assert settings.get_institution().name == ""


def test_no_job_uses_the_database_while_the_gui_thread_swaps_it(session, qtbot, tmp_path, monkeypatch, said):
    copy = _backup_then_rename(session, tmp_path)
    order: list[str] = []
    real_finish = backup.finish_restore

    def finish(*args):
        order.append("swap starts")
        try:
            return real_finish(*args)
        finally:
            order.append("swap ends")

    monkeypatch.setattr(backup, "finish_restore", finish)
    task = file_actions.restore(None, session, copy, lambda: None)
    later = executor().submit(lambda: order.append("next job") or settings.get_institution().name)
    with qtbot.waitSignal(later.finished, timeout=30000):
        pass
    assert task.done
    assert order == ["swap starts", "swap ends", "next job"]
    assert later.value == ""  # the next job read the restored data


def test_a_damaged_backup_is_refused_and_nothing_changes(session, qtbot, tmp_path, said):
    copy = _backup_then_rename(session, tmp_path)
    data = bytearray(copy.read_bytes())
    data[len(data) // 2: len(data) // 2 + 4096] = b"\xff" * 4096
    copy.write_bytes(bytes(data))
    before = session.path.stat().st_ino
    task = file_actions.restore(None, session, copy, lambda: None)
    with qtbot.waitSignal(task.finished, timeout=30000):
        pass
    assert said and said[0].startswith("Tệp sao lưu bị hỏng hoặc không phải cơ sở dữ liệu của chương trình")
    assert session.path.stat().st_ino == before
    assert settings.get_institution().name == "Tên mới sau sao lưu"
    assert _staged_leftovers(session.path) == []
    assert not list(session.path.parent.glob("boiduong.truoc-khoi-phuc-*"))


def test_a_command_reading_an_old_snapshot_holds_the_swap_back_and_nothing_is_lost(session, qtbot, tmp_path, said):
    copy = _backup_then_rename(session, tmp_path)
    reader = sqlite3.connect(session.path)  # ``boiduong courses`` in the middle of its read
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM course").fetchone()
    settings.save_institution(Institution(name="Sau khi lệnh kia bắt đầu đọc"))
    try:
        task = file_actions.restore(None, session, copy, lambda: None)
        with qtbot.waitSignal(task.finished, timeout=60000):
            pass
    finally:
        reader.close()
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert said == ["Chưa khôi phục được: một lệnh khác của chương trình đang đọc cơ sở dữ liệu. "
                    "Hãy đợi lệnh đó xong rồi thử lại; cơ sở dữ liệu hiện tại vẫn giữ nguyên."]
    assert settings.get_institution().name == "Sau khi lệnh kia bắt đầu đọc"  # still open, still writable
    settings.save_institution(Institution(name="Vẫn ghi được"))
    assert _staged_leftovers(session.path) == []
    said.clear()
    task = file_actions.restore(None, session, copy, lambda: None)  # the reader is done: it goes through
    with qtbot.waitSignal(task.finished, timeout=30000):
        pass
    assert settings.get_institution().name == ""


def _two_backups(session, tmp_path):
    """A backup, then more data, then a second backup, then more data still."""
    from app.services.courses import CourseInput, add_course

    first = session.backup_now(force=True)
    for code in ("K1", "K2", "K3"):
        add_course(CourseInput(code=code, program_code="NTVD", name=f"Lớp {code}",
                               start="01/12/2026", end="05/12/2026"))
    second = session.backup_now(force=True)
    add_course(CourseInput(code="K4", program_code="NTVD", name="Lớp K4", start="01/12/2026", end="05/12/2026"))
    return first, second


def test_the_restore_dialog_lists_what_each_backup_holds_and_what_it_would_lose(session, qtbot, tmp_path,
                                                                               monkeypatch):
    first, second = _two_backups(session, tmp_path)
    dialog = RestoreDialog(session.path)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.load().finished, timeout=30000):
        pass
    assert dialog.model.row_count() == 2
    newest, oldest = dialog.model.row_at(0), dialog.model.row_at(1)
    assert newest.details.path == second and oldest.details.path == first
    assert newest.details.holds() == "3 lớp, 0 học viên, 0 giấy chứng nhận"
    assert oldest.details.holds() == "0 lớp, 0 học viên, 0 giấy chứng nhận"
    when = oldest.details.changed_at or oldest.details.taken_at
    assert oldest.loss == f"mất 4 lớp, các thay đổi sau {when:%H:%M} ngày {when:%d/%m/%Y}"
    assert newest.loss.startswith("mất 1 lớp, các thay đổi sau ")
    assert dialog.now_label.text().startswith("Dữ liệu đang dùng: 4 lớp, 0 học viên, 0 giấy chứng nhận, sửa lần cuối ")
    assert "So với bây giờ: mất 1 lớp" in dialog.loss_label.text()
    dialog.grab().save(str(tmp_path / "restore-dialog.png"))
    chosen = []
    dialog.chosen.connect(chosen.append)
    dialog.view.selectRow(1)
    dialog.restore_button.click()
    assert [c.details.path for c in chosen] == [first]


def test_choosing_a_backup_in_the_list_asks_with_what_is_lost_then_restores(session, qtbot, tmp_path,
                                                                            monkeypatch, said):
    from app.services import lists

    first, _second = _two_backups(session, tmp_path)
    asked = []
    monkeypatch.setattr(file_actions, "ask", lambda parent, title, text, informative="", yes="", no="":
                        asked.append((text, informative)) or True)
    started = []
    real_restore = file_actions.restore
    monkeypatch.setattr(file_actions, "restore", lambda *a, **k: started.append(real_restore(*a, **k)))
    dialog = file_actions.restore_from_file(None, session, lambda: None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.load_task.finished, timeout=30000):
        pass
    dialog.view.selectRow(1)
    dialog.restore_button.click()
    assert len(asked) == 1 and str(first) in asked[0][0]
    assert "Bản sao lưu có 0 lớp, 0 học viên, 0 giấy chứng nhận." in asked[0][1]
    assert "So với bây giờ: mất 4 lớp, các thay đổi sau " in asked[0][1]
    with qtbot.waitSignal(started[0].finished, timeout=30000):
        pass
    assert lists.totals().courses == 0


def test_a_file_picked_by_hand_is_described_before_the_question(session, qtbot, tmp_path, monkeypatch, said):
    copy = session.backup_to(tmp_path / "usb" / "copy.sqlite3")
    from app.services.courses import CourseInput, add_course

    add_course(CourseInput(code="K9", program_code="NTVD", name="Lớp K9", start="01/12/2026", end="05/12/2026"))
    monkeypatch.setattr(file_dialogs.QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(copy), "")))
    asked = []
    monkeypatch.setattr(file_actions, "ask", lambda parent, title, text, informative="", yes="", no="":
                        asked.append(informative) or False)
    dialog = file_actions.restore_from_file(None, session, lambda: None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.load_task.finished, timeout=30000):
        pass
    with qtbot.waitSignal(dialog.other_file, timeout=5000) as picked:
        dialog.other_button.click()
    assert picked.args == [copy]
    qtbot.waitUntil(lambda: bool(asked), timeout=30000)
    assert asked[0].startswith("Bản sao lưu có 0 lớp, 0 học viên, 0 giấy chứng nhận.\nSo với bây giờ: mất 1 lớp")
    assert file_dialogs.last_folder() == copy.parent  # the next dialog opens where this one ended


def test_backup_to_a_file_opens_on_a_usb_stick_when_one_is_plugged_in(session, monkeypatch, tmp_path):
    stick = tmp_path / "media" / "canbo" / "USB 8GB"
    stick.mkdir(parents=True)
    assert file_dialogs.removable_drives(media_roots=[tmp_path / "media" / "canbo", tmp_path / "nowhere"]) == [stick]
    opened = []
    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName",
                        staticmethod(lambda parent, caption, start, flt: opened.append(Path(start)) or ("", "")))
    monkeypatch.setattr(file_dialogs, "removable_drives", lambda: [stick])
    assert file_actions.backup_to_file(None, session) is None
    monkeypatch.setattr(file_dialogs, "removable_drives", lambda: [])
    assert file_actions.backup_to_file(None, session) is None
    assert [p.parent for p in opened] == [stick, file_dialogs.documents_folder()]
    assert opened[0].name.startswith("boiduong-") and opened[0].suffix == ".sqlite3"


def test_file_dialogs_open_in_the_last_folder_used_not_the_program_folder(tmp_path, monkeypatch):
    assert file_dialogs.last_folder() == file_dialogs.documents_folder()
    chosen = tmp_path / "Báo cáo 2026" / "bao-cao.pdf"
    chosen.parent.mkdir()
    seen = []
    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName",
                        staticmethod(lambda parent, caption, start, flt: seen.append(start) or (str(chosen), "")))
    monkeypatch.setattr(file_dialogs.QFileDialog, "getOpenFileName",
                        staticmethod(lambda parent, caption, start, flt: seen.append(start) or ("", "")))
    assert file_dialogs.save_file_name(None, "Lưu", "a.pdf", "PDF (*.pdf)") == chosen
    assert file_dialogs.open_file_name(None, "Mở", "Excel (*.xlsx)") is None
    assert seen == [str(file_dialogs.documents_folder() / "a.pdf"), str(chosen.parent)]
    chosen.parent.rename(tmp_path / "moved")  # a folder that went away: back to Documents
    assert file_dialogs.last_folder() == file_dialogs.documents_folder()



def _listed(session, qtbot) -> RestoreDialog:
    """The restore dialog of ``session``'s database, its backups listed."""
    dialog = RestoreDialog(session.path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.load().finished, timeout=30000):
        pass
    return dialog


def test_a_backup_cut_short_is_listed_as_damaged_and_cannot_be_chosen(session, qtbot, tmp_path):
    _first, second = _two_backups(session, tmp_path)
    with second.open("r+b") as fh:  # the newest copy lost its tail (a disk that failed)
        fh.truncate(second.stat().st_size - 1000)
    dialog = _listed(session, qtbot)
    damaged = dialog.model.row_at(0)
    assert damaged.details.path == second and not damaged.details.readable
    assert damaged.details.holds().startswith("hỏng: Tệp bị cắt cụt hoặc hỏng")
    assert dialog.model.data(dialog.model.index(0, 3)) == "hỏng"
    dialog.view.selectRow(0)
    assert not dialog.restore_button.isEnabled()
    dialog.view.selectRow(1)
    assert dialog.restore_button.isEnabled()


def test_restoring_from_the_file_menu_refreshes_the_window(session, qtbot, tmp_path, monkeypatch, said):
    from app.ui.main_window import MainWindow

    first, _second = _two_backups(session, tmp_path)
    window = MainWindow(session)
    qtbot.addWidget(window)
    assert "· 4 lớp ·" in window.status_label.text()
    monkeypatch.setattr(file_actions, "ask", lambda *a, **k: True)
    window.restore_action.trigger()
    dialog = window.findChild(RestoreDialog)
    qtbot.waitUntil(lambda: dialog.model.row_count() == 2, timeout=30000)
    dialog.view.selectRow(1)
    dialog.restore_button.click()
    assert not window.restore_action.isEnabled()  # no second restore while this one runs
    qtbot.waitUntil(lambda: bool(said), timeout=30000)
    assert said == [f"Đã khôi phục dữ liệu từ bản sao lưu\n{first}."]
    assert window.restore_action.isEnabled()
    assert "· 0 lớp ·" in window.status_label.text()
    assert window.courses_tab.model.rowCount() == 0


def test_a_backup_made_by_a_newer_version_is_listed_as_such_and_cannot_be_chosen(session, qtbot, tmp_path):
    """After going back to an older program (an update gone wrong), the backups the newer one made
    are said to be from a newer version (not "damaged", not "mất …" as if they could be restored)."""
    from app.store import migrations

    _first, second = _two_backups(session, tmp_path)
    conn = sqlite3.connect(second)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    dialog = _listed(session, qtbot)
    newer = dialog.model.row_at(0)
    assert newer.details.path == second and not newer.details.readable
    assert "phiên bản mới hơn" in newer.details.holds() and "hỏng" not in newer.details.holds()
    assert dialog.model.data(dialog.model.index(0, 3)) != "hỏng"
    shown = dialog.model.data(dialog.model.index(0, 7))
    assert "phiên bản mới hơn" in shown and "mất" not in shown
    dialog.view.selectRow(0)
    assert not dialog.restore_button.isEnabled()
    dialog.view.selectRow(1)
    assert dialog.restore_button.isEnabled()
    line = next(d for d in backup.backup_details(session.path) if d.path == second).line()
    assert "phiên bản mới hơn" in line and "hỏng" not in line
