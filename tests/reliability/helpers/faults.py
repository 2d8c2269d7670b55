"""Making the disk misbehave: a small full disk, a read-only folder, and ENOSPC at a chosen write.

Real mechanisms first (a 2 MB tmpfs, a read-only bind mount — both need root with mount
rights); when they are not available, the tests use the fallbacks named here, never a silent skip:
a file-size limit (``RLIMIT_FSIZE``) on the child process for "disk full", and folder permissions
with the child running as an unprivileged user for "read-only".
"""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _run(*args: str) -> bool:
    return subprocess.run(args, capture_output=True).returncode == 0


@functools.cache
def mount_available() -> bool:
    """Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN, as in the CI container).

    ``BOIDUONG_TEST_NO_MOUNT=1`` pretends it may not, to exercise the fallbacks.
    """
    if sys.platform != "linux" or os.geteuid() != 0 or os.environ.get("BOIDUONG_TEST_NO_MOUNT"):
        return False
    probe = Path(tempfile.mkdtemp(prefix="mount-probe-"))
    try:
        if not _run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)):
            return False
        _run("umount", str(probe))
        return True
    finally:
        probe.rmdir()


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "2m") -> Iterator[Path]:
    """``folder`` becomes a tiny disk of its own (tmpfs) for the duration."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)):
        raise RuntimeError("mount tmpfs failed")
    try:
        yield folder
    finally:
        if not _run("umount", str(folder)):
            _run("umount", "-l", str(folder))


def fill_disk(folder: Path, leave: int = 0) -> Path:
    """Write a filler file until the disk is full (or only ``leave`` bytes are left)."""
    filler = folder / "filler.bin"
    chunk = b"\0" * 4096
    with filler.open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(chunk)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        try:
            while fh.write(b"\0"):  # the last bytes of a partly used block
                pass
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    if leave:
        size = filler.stat().st_size
        os.truncate(filler, max(0, size - leave))
    return filler


@functools.cache
def chattr_available() -> bool:
    """Whether root can make a folder immutable here (``chattr +i``: ext4, xfs, btrfs…)."""
    if sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("chattr"):
        return False
    probe = Path(tempfile.mkdtemp(prefix="chattr-probe-"))
    try:
        if not _run("chattr", "+i", str(probe)):
            return False
        _run("chattr", "-i", str(probe))
        return True
    finally:
        probe.rmdir()


@contextlib.contextmanager
def readonly_folder(folder: Path) -> Iterator[tuple[dict, str]]:
    """Make ``folder`` read-only for programs started with the returned ``subprocess`` options.

    Yields ``(options, word)``: ``word`` is what the program's message must say. A read-only bind
    mount when possible (read-only even for root: "chỉ cho phép đọc"); as root without mount
    rights, the folder and its files made immutable (``chattr +i``: "không có quyền ghi");
    as an ordinary user, the folder loses its write permission ("không có quyền ghi").
    """
    if mount_available():
        if not (_run("mount", "--bind", str(folder), str(folder))
                and _run("mount", "-o", "remount,ro,bind", str(folder))):
            raise RuntimeError("read-only bind mount failed")
        try:
            yield {}, "chỉ cho phép đọc"
        finally:
            if not _run("umount", str(folder)):
                _run("umount", "-l", str(folder))
        return
    if os.geteuid() == 0:
        if not chattr_available():
            import pytest

            pytest.skip("no way to make a folder read-only for root here (no mount rights, no chattr); "
                        "the ENOSPC injection tests still cover the file paths")
        entries = [folder, *folder.iterdir()]
        for entry in entries:
            _run("chattr", "+i", str(entry))
        try:
            yield {}, "không có quyền ghi"
        finally:
            for entry in entries:
                _run("chattr", "-i", str(entry))
        return
    mode = folder.stat().st_mode
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    try:
        yield {}, "không có quyền ghi"
    finally:
        folder.chmod(mode)


# --- ENOSPC at a chosen write ----------------------------------------------------------------


class DiskFull:
    """Counts the writing file operations (os.write, os.fsync, os.replace, os.link, file writes)
    and fails the ``fail_at``-th with ENOSPC — or none, to count them."""

    OS_CALLS = ("write", "fsync", "replace", "link")

    def __init__(self, monkeypatch, fail_at: int | None = None) -> None:
        self.fail_at = fail_at
        self.calls: list[str] = []
        for name in self.OS_CALLS:
            monkeypatch.setattr(os, name, self._wrap(name, getattr(os, name)))
        real_open = io.open

        def open_(file, mode="r", *args, **kwargs):
            handle = real_open(file, mode, *args, **kwargs)
            return _FailingFile(handle, self) if any(m in mode for m in "wax+") else handle

        monkeypatch.setattr(io, "open", open_)

    def step(self, name: str) -> None:
        if self.fail_at is not None and len(self.calls) == self.fail_at:
            self.calls.append(name + " (failed)")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.calls.append(name)

    def _wrap(self, name, real):
        def call(*args, **kwargs):
            self.step(f"os.{name}")
            return real(*args, **kwargs)

        return call


class _FailingFile:
    def __init__(self, handle, disk: DiskFull) -> None:
        self._handle = handle
        self._disk = disk

    def write(self, data):
        self._disk.step("file.write")
        return self._handle.write(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()
