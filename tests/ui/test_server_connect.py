"""Tệp › Kết nối máy chủ…: the server's fields are kept in the user's settings, never the password
(which only the OS credential store keeps, when the user asks: tests/ui/test_server_password.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from app.services import session as sessions
from app.ui.dialogs.server_connect import ServerConnectDialog, ServerSettings

pytestmark = pytest.mark.gui


def test_missing_fields_are_named_and_nothing_is_kept(qtbot):
    dialog = ServerConnectDialog(ServerSettings())
    qtbot.addWidget(dialog)
    dialog.host.setText("192.168.1.10")
    dialog.submit()
    assert dialog.url is None
    assert dialog.error.text() == "Cần nhập cơ sở dữ liệu, người dùng."
    assert QSettings().value("server/host") is None


def test_accepted_dialog_gives_the_url_and_keeps_all_but_the_password(qtbot):
    dialog = ServerConnectDialog(ServerSettings())
    qtbot.addWidget(dialog)
    dialog.host.setText(" 192.168.1.10 ")
    dialog.port.setValue(5433)
    dialog.database.setText("trungtam")
    dialog.user.setText("van thu")
    dialog.password.setText("mật:khẩu@1")
    dialog.submit()
    assert dialog.url == "postgresql://van%20thu:m%E1%BA%ADt%3Akh%E1%BA%A9u%401@192.168.1.10:5433/trungtam"
    kept = ServerSettings.load()
    assert kept == ServerSettings(host="192.168.1.10", port=5433, database="trungtam", user="van thu", enabled=True)
    settings = QSettings()
    assert "mật" not in str([settings.value(k) for k in settings.allKeys()])
    assert settings.value("server/password") is None
    # The next start shows the kept fields and asks only for the password.
    again = ServerConnectDialog(at_start=True)
    qtbot.addWidget(again)
    assert (again.host.text(), again.port.value(), again.database.text(), again.user.text(),
            again.password.text()) == ("192.168.1.10", 5433, "trungtam", "van thu", "")


def test_url_round_trips_through_psycopg_conninfo():
    psycopg = pytest.importorskip("psycopg")
    url = ServerSettings(host="10.0.0.5", port=5432, database="tỉnh", user="cán bộ").url("p@ss:w/rd")
    info = psycopg.conninfo.conninfo_to_dict(url)
    assert info == {"host": "10.0.0.5", "port": "5432", "dbname": "tỉnh", "user": "cán bộ", "password": "p@ss:w/rd"}


def test_at_start_the_kept_server_is_asked_for_its_password(qtbot, monkeypatch):
    from app.ui import app as ui_app

    probed = []
    monkeypatch.setattr(sessions, "probe_server", lambda url: probed.append(url) or 7)

    assert ui_app.server_at_start() is None  # no server chosen: the file on this PC
    ServerSettings(host="10.0.0.5", port=5432, database="trungtam", user="thu", enabled=True).save()

    def typed(dialog):
        assert (dialog.host.text(), dialog.user.text(), dialog.password.text()) == ("10.0.0.5", "thu", "")
        dialog.password.setText("bí mật")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(ServerConnectDialog, "exec", typed)
    assert ui_app.server_at_start() == "postgresql://thu:b%C3%AD%20m%E1%BA%ADt@10.0.0.5:5432/trungtam"
    assert probed == ["postgresql://thu:b%C3%AD%20m%E1%BA%ADt@10.0.0.5:5432/trungtam"]
    monkeypatch.setattr(ServerConnectDialog, "exec", lambda dialog: ServerConnectDialog.DialogCode.Rejected)
    assert ui_app.server_at_start() == ""  # closed: the program does not open the local file instead
