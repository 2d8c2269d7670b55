"""Kết nối máy chủ…: what a stranger types in the "Máy chủ" field."""

from __future__ import annotations

import pytest

from app.ui import credentials
from app.ui.dialogs.server_connect import ServerConnectDialog, ServerSettings

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("host", ["may chu", "http://192.168.1.10", "192.168.1.10/trungtam", "thu@192.168.1.10"])
def test_a_host_that_is_not_a_name_or_address_is_said_next_to_the_fields(qtbot, host):
    dialog = ServerConnectDialog(ServerSettings(), store=credentials.Store(None))
    qtbot.addWidget(dialog)
    dialog.host.setText(host)
    dialog.database.setText("trungtam")
    dialog.user.setText("thu")
    dialog.submit()
    assert dialog.url is None and dialog.result() != ServerConnectDialog.DialogCode.Accepted
    assert "Máy chủ" in dialog.error.text() and "192.168.1.10" in dialog.error.text()  # with an example
    assert ServerSettings.load().host == ""  # nothing kept


@pytest.mark.parametrize("host, port, expected", [
    ("192.168.1.10", 5432, "postgresql://thu@192.168.1.10:5432/trungtam"),
    ("192.168.1.10:5433", 5432, "postgresql://thu@192.168.1.10:5433/trungtam"),
    ("fe80::1", 5432, "postgresql://thu@[fe80::1]:5432/trungtam"),
    ("may-chu.trungtam.local", 5432, "postgresql://thu@may-chu.trungtam.local:5432/trungtam"),
])
def test_a_name_or_address_gives_the_url(qtbot, host, port, expected):
    dialog = ServerConnectDialog(ServerSettings(), store=credentials.Store(None))
    qtbot.addWidget(dialog)
    dialog.host.setText(host)
    dialog.port.setValue(port)
    dialog.database.setText("trungtam")
    dialog.user.setText("thu")
    dialog.submit()
    assert dialog.url == expected


def test_demo_with_a_server_url_opens_a_throw_away_file_never_the_server(monkeypatch, qapp):
    """``boiduong --db URL --demo``: the demo is a throw-away database in a temporary folder, as
    with --db FILE; the centre's (perhaps new, empty) server database is never filled with it."""
    from pathlib import Path

    import app.ui.app as gui

    opened: list[object] = []
    monkeypatch.setattr(gui, "open_for_gui", lambda target, **kw: opened.append(target) or 1)
    assert gui.run_gui("postgresql://thu@127.0.0.1:1/trungtam", demo=lambda *a, **k: None) == 1
    assert len(opened) == 1 and isinstance(opened[0], Path) and opened[0].name.endswith(".sqlite3")
