"""Kết nối máy chủ…: "Ghi nhớ mật khẩu trên máy này" with a faked credential store."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from app.domain.errors import StorageError
from app.services import session as sessions
from app.ui import credentials
from app.ui.dialogs import server_connect
from app.ui.dialogs.server_connect import REFUSED_KEPT, ServerConnectDialog, ServerSettings
from tests.ui.test_credentials import FakeVault

pytestmark = pytest.mark.gui

SERVER = ServerSettings(host="10.0.0.5", port=5432, database="trungtam", user="thu", enabled=True)
TARGET = "boiduong:postgresql://thu@10.0.0.5:5432/trungtam"
REFUSED = StorageError("Không kết nối được máy chủ 10.0.0.5: kiểm tra địa chỉ…",
                       details='connection failed: connection to server at "10.0.0.5", port 5432 failed: '
                               'FATAL:  password authentication failed for user "thu"')
DOWN = StorageError("Không kết nối được máy chủ 10.0.0.5: kiểm tra địa chỉ…",
                    details='connection failed: connection to server at "10.0.0.5", port 5432 failed: '
                            "Connection refused")


def url(password: str) -> str:
    return SERVER.url(password)


@pytest.fixture
def vault(monkeypatch) -> FakeVault:
    fake = FakeVault()
    monkeypatch.setattr(server_connect, "system_store", lambda: credentials.Store(fake))
    return fake


@pytest.fixture
def boxes(monkeypatch) -> list[str]:
    """The texts of the message boxes shown (instead of showing them), with their informative text."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda box: shown.append("\n".join(filter(None, (box.text(), box.informativeText())))) or 0)
    return shown


@pytest.fixture
def server(monkeypatch):
    """A server whose password is ``server.password``; ``server.probed`` lists the URLs tried."""

    class Server:
        def __init__(self) -> None:
            self.password = "đúng"
            self.down = False
            self.probed: list[str] = []

        def probe(self, tried: str) -> int:
            self.probed.append(tried)
            if self.down:
                raise DOWN
            if tried != url(self.password):
                raise REFUSED
            return 7

    fake = Server()
    monkeypatch.setattr(sessions, "probe_server", fake.probe)
    return fake


def type_and_keep(password: str):
    """The dialog's exec as a user who types ``password``, ticks "Ghi nhớ" and clicks Kết nối."""
    def typed(dialog):
        dialog.password.setText(password)
        dialog.remember.setChecked(True)
        dialog.submit()
        return dialog.result()
    return typed


def settings_text() -> str:
    qs = QSettings()
    return str({key: qs.value(key) for key in qs.allKeys()})


def test_without_a_store_the_box_is_shown_but_cannot_be_ticked(qtbot):
    dialog = ServerConnectDialog(SERVER, store=credentials.Store(None))
    qtbot.addWidget(dialog)
    assert dialog.remember.text() == "Ghi nhớ mật khẩu trên máy này"
    assert not dialog.remember.isEnabled() and not dialog.remember.isChecked()
    assert "mật khẩu được hỏi mỗi lần mở" in dialog.remember.toolTip()


def test_ticked_the_password_is_kept_once_the_server_took_it_never_in_the_settings(qtbot, vault):
    dialog = ServerConnectDialog(SERVER)
    qtbot.addWidget(dialog)
    assert dialog.remember.isEnabled() and not dialog.remember.isChecked()  # nothing kept yet
    dialog.password.setText("đúng")
    dialog.remember.setChecked(True)
    dialog.submit()
    assert vault.kept == {}  # not before the server took it
    dialog.connected()
    assert vault.kept == {TARGET: ("thu", "đúng".encode("utf-16-le"))}
    assert dialog.notes == []
    assert "đúng" not in settings_text() and QSettings().value("server/password") is None
    # The next dialog shows it kept: the field filled, the box ticked.
    again = ServerConnectDialog(SERVER)
    qtbot.addWidget(again)
    assert again.password.text() == "đúng" and again.remember.isChecked()


def test_unticked_a_kept_password_is_deleted(qtbot, vault):
    vault.kept[TARGET] = ("thu", "cũ".encode("utf-16-le"))
    dialog = ServerConnectDialog(SERVER)
    qtbot.addWidget(dialog)
    assert dialog.remember.isChecked()
    dialog.remember.setChecked(False)
    dialog.submit()
    assert vault.kept == {}
    assert dialog.url == url("cũ")


def test_at_start_a_kept_password_connects_without_asking(qtbot, vault, server, monkeypatch):
    SERVER.save()
    vault.kept[TARGET] = ("thu", "đúng".encode("utf-16-le"))
    monkeypatch.setattr(ServerConnectDialog, "exec", lambda dialog: pytest.fail("the dialog was shown"))
    assert server_connect.server_at_start() == url("đúng")
    assert server.probed == [url("đúng")]


def test_at_start_a_refused_kept_password_is_forgotten_and_asked_again(qtbot, vault, server, boxes, monkeypatch):
    SERVER.save()
    vault.kept[TARGET] = ("thu", "cũ".encode("utf-16-le"))  # changed on the server since
    seen = []

    def typed(dialog):
        seen.append((dialog.error.text(), dialog.password.text(), dialog.remember.isChecked()))
        dialog.password.setText("đúng")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(ServerConnectDialog, "exec", typed)
    assert server_connect.server_at_start() == url("đúng")
    assert seen == [(REFUSED_KEPT, "", True)]
    assert REFUSED_KEPT.startswith("Máy chủ không nhận mật khẩu đã ghi nhớ")
    assert server.probed == [url("cũ"), url("đúng")]
    assert vault.kept == {TARGET: ("thu", "đúng".encode("utf-16-le"))}  # the new one, ticked
    assert boxes == []


def test_at_start_a_wrong_typed_password_asks_again_and_keeps_nothing(qtbot, vault, server, monkeypatch):
    SERVER.save()
    typed_passwords = iter(["sai", "đúng"])
    errors = []

    def typed(dialog):
        errors.append(dialog.error.text())
        dialog.password.setText(next(typed_passwords))
        dialog.remember.setChecked(True)
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(ServerConnectDialog, "exec", typed)
    assert server_connect.server_at_start() == url("đúng")
    assert errors == ["", REFUSED.message]  # a typed password is not "the kept one"
    assert vault.kept == {TARGET: ("thu", "đúng".encode("utf-16-le"))}


def test_at_start_a_server_that_is_down_keeps_the_password(qtbot, vault, server, monkeypatch):
    SERVER.save()
    vault.kept[TARGET] = ("thu", "đúng".encode("utf-16-le"))
    server.down = True
    shown = []

    def closed(dialog):
        shown.append((dialog.error.text(), dialog.password.text()))
        return ServerConnectDialog.DialogCode.Rejected

    monkeypatch.setattr(ServerConnectDialog, "exec", closed)
    assert server_connect.server_at_start() == ""
    assert shown == [(DOWN.message, "đúng")]
    assert TARGET in vault.kept


def test_a_store_that_refuses_to_write_is_told_and_the_connection_still_works(qtbot, vault, server, boxes,
                                                                              monkeypatch):
    SERVER.save()
    vault.failing["write"] = credentials.ERROR_ACCESS_DENIED

    monkeypatch.setattr(ServerConnectDialog, "exec", type_and_keep("đúng"))
    assert server_connect.server_at_start() == url("đúng")
    assert boxes == ["Không ghi nhớ được mật khẩu trên máy này (Windows không cho phép). Lần này chương trình "
                     "vẫn kết nối; lần mở sau sẽ hỏi lại mật khẩu."]
    assert vault.kept == {}
    assert "đúng" not in settings_text()


def test_a_store_that_fails_to_read_means_the_password_is_asked(qtbot, vault, server, monkeypatch):
    SERVER.save()
    vault.kept[TARGET] = ("thu", "đúng".encode("utf-16-le"))
    vault.failing["read"] = credentials.ERROR_NO_SUCH_LOGON_SESSION
    asked = []
    monkeypatch.setattr(ServerConnectDialog, "exec",
                        lambda dialog: asked.append(dialog.password.text()) or ServerConnectDialog.DialogCode.Rejected)
    assert server_connect.server_at_start() == ""
    assert asked == [""] and server.probed == []


def test_the_menu_forgets_a_kept_password_the_server_refuses(qtbot, vault, server, boxes, monkeypatch):
    from app.ui import file_actions

    vault.kept[TARGET] = ("thu", "cũ".encode("utf-16-le"))
    SERVER.save()
    monkeypatch.setattr(ServerConnectDialog, "exec", lambda dialog: dialog.submit() or dialog.result())
    task = file_actions.connect_server(None)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert task.error is REFUSED
    assert boxes == [REFUSED_KEPT] and vault.kept == {}
    # Typed again, ticked: kept, and the closing message says so.
    boxes.clear()

    monkeypatch.setattr(ServerConnectDialog, "exec", type_and_keep("đúng"))
    task = file_actions.connect_server(None)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert task.value == 7 and server.probed[-1] == url("đúng")
    assert vault.kept == {TARGET: ("thu", "đúng".encode("utf-16-le"))}
    assert boxes == ["Kết nối được máy chủ 10.0.0.5.\nTừ lần khởi động sau, chương trình mở cơ sở dữ liệu trên "
                     "máy chủ (mật khẩu đã được ghi nhớ trên máy này). Hãy đóng rồi mở lại chương trình."]


def test_password_refused_tells_a_refusal_from_a_server_that_is_away():
    assert server_connect.password_refused(REFUSED)
    assert not server_connect.password_refused(DOWN)
    assert not server_connect.password_refused(StorageError("x"))


def test_a_real_server_refusing_the_password_is_told_from_one_that_is_away(request):
    """On PostgreSQL itself (with --pg / BOIDUONG_PG_TEST=1): a wrong password under scram-sha-256
    is a refusal (the kept one is forgotten); a port where no server listens is not."""
    from tests.conftest import pg_enabled
    from tests.pg_server import _free_port

    if not pg_enabled(request.config):
        pytest.skip("needs PostgreSQL: run with --pg or BOIDUONG_PG_TEST=1")
    pg = request.getfixturevalue("pg_server")
    pg.admin("DROP ROLE IF EXISTS thu_pw")
    pg.admin("CREATE ROLE thu_pw LOGIN PASSWORD 'đúng-mật-khẩu'")
    hba = pg.data / "pg_hba.conf"
    hba.write_text("host all thu_pw 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
    pg.admin("SELECT pg_reload_conf()")
    good = sessions.server_url("127.0.0.1", pg.port, "postgres", "thu_pw", "đúng-mật-khẩu")
    assert sessions.probe_server(good) == 0
    for wrong in ("sai", None):
        with pytest.raises(StorageError) as refused:
            sessions.probe_server(sessions.server_url("127.0.0.1", pg.port, "postgres", "thu_pw", wrong))
        assert server_connect.password_refused(refused.value)
        assert "sai" not in refused.value.message
    with pytest.raises(StorageError) as away:
        sessions.probe_server(sessions.server_url("127.0.0.1", _free_port(), "postgres", "thu_pw", "sai"))
    assert not server_connect.password_refused(away.value)


@pytest.mark.parametrize("answer", [7, DOWN])
def test_the_window_keeps_running_while_the_menu_tries_a_server(qtbot, monkeypatch, vault, boxes, answer):
    """A host that does not answer takes up to 10 s: Tệp › Kết nối máy chủ… tries it on the
    executor, behind a progress dialog that says so (the window goes on painting), then says the
    answer: connected, or why not."""
    import threading

    from app.ui import file_actions

    release = threading.Event()

    def slow_server(tried: str) -> int:
        assert release.wait(10), "the test never saw the progress dialog"
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(sessions, "probe_server", slow_server)
    SERVER.save()
    monkeypatch.setattr(ServerConnectDialog, "exec", type_and_keep("đúng"))
    task = file_actions.connect_server(None)
    with qtbot.waitSignal(task.dialog_shown, timeout=10_000):  # shown by the GUI thread meanwhile
        pass
    assert task.dialog.labelText() == "Đang kết nối máy chủ cơ sở dữ liệu…" and boxes == []
    with qtbot.waitSignal(task.finished, timeout=10_000):
        release.set()
    if isinstance(answer, Exception):
        assert boxes == [DOWN.message]
    else:
        assert boxes[0].startswith("Kết nối được máy chủ 10.0.0.5.")


def test_db_url_without_a_password_uses_the_kept_one_or_asks_until_the_server_takes_it(
        qtbot, monkeypatch, vault, server, boxes):
    """``boiduong --db postgresql://thu@10.0.0.5:5432/trungtam``: the password kept for that
    database when the server takes it; else asked, again after a wrong one; Hủy gives up."""
    from PySide6.QtWidgets import QInputDialog

    given = "postgresql://thu@10.0.0.5:5432/trungtam"
    asked: list[str] = []
    answers: list[tuple[str, bool]] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: asked.append(args[2]) or answers.pop(0))

    vault.kept[TARGET] = ("thu", "đúng".encode("utf-16-le"))
    assert server_connect.password_for(given) == url("đúng") and asked == []  # kept: not asked

    vault.kept.clear()
    answers[:] = [("sai", True), ("đúng", True)]
    assert server_connect.password_for(given) == url("đúng")
    assert asked == ["Mật khẩu của người dùng “thu” trên máy chủ 10.0.0.5, cơ sở dữ liệu “trungtam”:",
                     "Máy chủ không nhận mật khẩu này. Hãy nhập lại (hoặc bấm Hủy).\n\n"
                     "Mật khẩu của người dùng “thu” trên máy chủ 10.0.0.5, cơ sở dữ liệu “trungtam”:"]
    assert vault.kept == {}  # typed for this start only

    asked.clear()
    answers[:] = [("", False)]
    assert server_connect.password_for(given) == ""  # Hủy: the program does not open
    assert len(asked) == 1

    server.down = True  # away, not refusing: the opening says why
    asked.clear()
    assert server_connect.password_for(given) == given and asked == []
    assert server_connect.password_for(url("sai")) == url("sai")  # a URL with its own password: as given
    assert boxes == []
