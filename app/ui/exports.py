"""Xuất Excel from where a list is shown: ask where to save, write on the executor, say where it went.

Every list's export goes through :func:`export_to_excel`: the save dialog (in the last folder an
export went to), the job on the window's executor (the button disabled meanwhile, after half a second
a progress dialog with the rows written and Hủy), then a line in the window's status bar that clears
itself, or the reason in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMainWindow, QWidget

from app.domain.formatting import format_int
from app.ui import file_dialogs
from app.ui.executor import Guard, Task, executor
from app.ui.messages import show_user_error

STATUS_MS = 10_000


def safe_file_name(text: str) -> str:
    """A file name from a title: characters Windows refuses are dropped."""
    return "".join(ch for ch in text if ch not in '<>:"/\\|?*').strip() or "Danh sách"


def choose_path(parent: QWidget | None, suggested: str) -> Path | None:
    """The save dialog for an .xlsx, in the folder of the last export."""
    path = file_dialogs.save_file_name(parent, "Xuất ra Excel", suggested, "Tệp Excel (*.xlsx)")
    if path is None:
        return None
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    return path


def tell(parent: QWidget | None, text: str) -> None:
    """A passing message in the window's status bar."""
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, STATUS_MS)
    elif parent is not None and hasattr(parent, "show_message"):
        parent.show_message(text, error=False)


def export_to_excel(parent: QWidget, job: Callable[..., Any], *args: Any, suggested: str, noun: str,
                    guard: Guard | None = None, path: Path | None = None, long: bool = True,
                    on_done: Callable[[Path, int], object] | None = None) -> Task | None:
    """Ask for a file (unless ``path``), run ``job(path, *args)`` on the executor. The job takes
    ``progress(done, total)`` (its rows written) and ``cancelled()``: past half a second a dialog says
    "đã ghi X/Y dòng" and Hủy stops it, leaving no file (``long=False`` for a job that takes neither)."""
    path = path or choose_path(parent, safe_file_name(suggested) + ".xlsx")
    if path is None:
        return None

    def done(count: int | None) -> None:
        if count is None:
            return
        tell(parent, f"Đã xuất {format_int(count)} {noun} ra tệp {path}")
        if on_done is not None:
            on_done(path, count)

    return executor().submit(
        job, path, *args, label=f"Đang xuất danh sách {noun} ra Excel…", parent=parent, guard=guard,
        with_progress=long, cancellable=long, on_success=done,
        progress_label=f"Đang xuất danh sách {noun} ra Excel: đã ghi {{done}}/{{total}} dòng…" if long else "",
        on_cancel=lambda: tell(parent, "Đã dừng xuất Excel; không tạo tệp."),
        on_failure=lambda exc: show_user_error(parent, exc, "Không xuất được"))
