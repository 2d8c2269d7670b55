"""The password store (app/ui/credentials.py) with the operating system's calls faked.

The real Windows Credential Manager is proven under Wine in tests/packaging/test_windows_build.py.
"""

from __future__ import annotations

import logging

import pytest

from app.ui import credentials
from app.ui.credentials import (
    ERROR_ACCESS_DENIED,
    ERROR_NO_SUCH_LOGON_SESSION,
    ERROR_NOT_FOUND,
    Store,
    target_name,
)

TARGET = "boiduong:postgresql://văn thư@192.168.1.10:5432/trungtam"
SECRET = "Mật-khẩu:bí mật@1"


def _failure(code: int) -> OSError:
    return OSError(code, f"call failed ({code})")  # errno carries the code off Windows


class FakeVault:
    """A credential store in memory, recording the calls; ``failing`` makes a call fail with a code."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[str, bytes]] = {}
        self.calls: list[tuple[str, str]] = []
        self.failing: dict[str, int] = {}

    def write(self, target: str, user: str, blob: bytes) -> None:
        self.calls.append(("write", target))
        if "write" in self.failing:
            raise _failure(self.failing["write"])
        self.kept[target] = (user, blob)

    def read(self, target: str) -> bytes:
        self.calls.append(("read", target))
        if "read" in self.failing:
            raise _failure(self.failing["read"])
        if target not in self.kept:
            raise _failure(ERROR_NOT_FOUND)
        return self.kept[target][1]

    def delete(self, target: str) -> None:
        self.calls.append(("delete", target))
        if "delete" in self.failing:
            raise _failure(self.failing["delete"])
        if target not in self.kept:
            raise _failure(ERROR_NOT_FOUND)
        del self.kept[target]


def test_the_target_names_the_program_user_server_port_and_database():
    assert target_name("192.168.1.10", 5432, "trungtam", "văn thư") == TARGET


def test_remember_writes_utf16le_read_gives_it_back_forget_deletes_it():
    vault = FakeVault()
    store = Store(vault)
    assert store.available
    assert store.read(TARGET) is None  # none kept yet: ask
    assert store.remember(TARGET, "văn thư", SECRET) is None
    assert vault.kept == {TARGET: ("văn thư", SECRET.encode("utf-16-le"))}
    assert store.read(TARGET) == SECRET
    assert store.forget(TARGET) is None
    assert vault.kept == {}
    assert store.read(TARGET) is None
    assert store.forget(TARGET) is None  # nothing kept is not a failure
    assert [name for name, _ in vault.calls] == ["read", "write", "read", "delete", "read", "delete"]
    assert {target for _, target in vault.calls} == {TARGET}


@pytest.mark.parametrize("code", [ERROR_ACCESS_DENIED, ERROR_NO_SUCH_LOGON_SESSION, 1783])
def test_a_failed_read_means_ask(code, caplog):
    vault = FakeVault()
    vault.kept[TARGET] = ("văn thư", SECRET.encode("utf-16-le"))
    vault.failing["read"] = code
    with caplog.at_level(logging.WARNING, logger="app.ui.credentials"):
        assert Store(vault).read(TARGET) is None
    assert f"({code})" in caplog.text and SECRET not in caplog.text


def test_a_blob_that_is_not_utf16_means_ask():
    vault = FakeVault()
    vault.kept[TARGET] = ("x", b"\x00\xd8\x41")  # odd length, a lone surrogate
    assert Store(vault).read(TARGET) is None


def test_a_failed_write_is_told_in_vietnamese_without_the_password(caplog):
    vault = FakeVault()
    vault.failing["write"] = ERROR_ACCESS_DENIED
    with caplog.at_level(logging.WARNING, logger="app.ui.credentials"):
        message = Store(vault).remember(TARGET, "văn thư", SECRET)
    assert message == ("Không ghi nhớ được mật khẩu trên máy này (Windows không cho phép). Lần này chương "
                       "trình vẫn kết nối; lần mở sau sẽ hỏi lại mật khẩu.")
    assert vault.kept == {}
    assert SECRET not in caplog.text and TARGET in caplog.text
    vault.failing["write"] = ERROR_NO_SUCH_LOGON_SESSION
    assert "tài khoản Windows này không có kho mật khẩu" in Store(vault).remember(TARGET, "văn thư", SECRET)
    vault.failing["write"] = 1783
    assert "(lỗi Windows 1783)" in Store(vault).remember(TARGET, "văn thư", SECRET)


def test_a_password_too_long_for_the_store_is_not_written():
    vault = FakeVault()
    message = Store(vault).remember(TARGET, "u", "x" * 1281)  # 2,562 bytes in UTF-16 > 2,560
    assert message is not None and "mật khẩu quá dài" in message
    assert vault.calls == []
    assert Store(vault).remember(TARGET, "u", "x" * 1280) is None


def test_a_failed_delete_is_told_and_says_where_to_delete_by_hand():
    vault = FakeVault()
    vault.kept[TARGET] = ("u", b"p\x00")
    vault.failing["delete"] = ERROR_ACCESS_DENIED
    message = Store(vault).forget(TARGET)
    assert message is not None and message.startswith("Không xóa được mật khẩu đã ghi nhớ trên máy này")
    assert "Credential Manager" in message
    assert TARGET in vault.kept


def test_without_a_store_nothing_is_kept_and_the_password_is_asked():
    store = Store(None)
    assert not store.available
    assert store.remember(TARGET, "u", SECRET) is None
    assert store.read(TARGET) is None
    assert store.forget(TARGET) is None


def test_the_system_store_is_windows_only(monkeypatch):
    monkeypatch.setattr(credentials, "_system", None)
    monkeypatch.setattr(credentials.sys, "platform", "linux")
    assert not credentials.system_store().available  # Linux, macOS: asked each start

    def no_advapi(self):
        raise OSError(126, "advapi32 not found")

    monkeypatch.setattr(credentials, "_system", None)
    monkeypatch.setattr(credentials.sys, "platform", "win32")
    monkeypatch.setattr(credentials.WindowsVault, "__init__", no_advapi)
    assert not credentials.system_store().available
    monkeypatch.setattr(credentials, "_system", None)
