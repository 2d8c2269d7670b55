"""The Học viên filter never blocks typing: searches run on the executor, the latest one wins, a
stale result never overwrites a newer one."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from app.services import lists
from app.services.trainees import TraineeInput, add_trainee
from app.ui.tabs import trainees as tab_module
from app.ui.tabs.trainees import TraineesTab

NAMES = ("Thào A Sử", "Thào Seo Chứ", "Lù Văn An", "Lù Thị Mỷ", "Giàng Seo Vần")


@pytest.fixture
def tab(session, qtbot):
    for i, name in enumerate(NAMES):
        add_trainee(TraineeInput(name, f"0{i + 1}/02/1990", "Nam"), confirmed=True)
    widget = TraineesTab()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


class HeldSearch:
    """lists.trainee_ids as the tab's searches see it: the search for ``hold`` waits on the worker
    until released; every text searched is noted."""

    def __init__(self, hold: str) -> None:
        self.hold = hold
        self.release = threading.Event()
        self.started = threading.Event()
        self.searched: list[str] = []
        self.search = lists.trainee_ids  # the real one (the test puts this object in its place)

    def __call__(self, text=None, **kwargs):
        self.searched.append(text)
        if text == self.hold:
            self.started.set()
            assert self.release.wait(10)
        return self.search(text, **kwargs)


def _names(tab: TraineesTab) -> list[str]:
    return [tab.model.row_at(i).full_name for i in range(tab.model.rowCount())]


def test_a_search_finds_the_names_off_the_gui_thread(tab, qtbot, monkeypatch):
    read_on_gui_thread: list[list[int]] = []
    monkeypatch.setattr(tab.model, "_fetch", lambda ids: (read_on_gui_thread.append(list(ids)),
                                                           lists.trainee_rows(ids))[1])
    with qtbot.waitSignal(tab.searched, timeout=5_000) as signal:
        qtbot.keyClicks(tab.filter_edit, "thao")
    assert signal.args == ["thao"]
    tab.view.viewport().repaint()
    assert read_on_gui_thread == []  # the first page came with the search
    assert _names(tab) == ["Thào Seo Chứ", "Thào A Sử"]
    assert tab.count_label.text() == "2 học viên" and not tab.filter_pending()


def test_typing_goes_on_while_a_search_runs_and_the_stale_result_is_never_shown(tab, qtbot, monkeypatch):
    held = HeldSearch("thao")
    monkeypatch.setattr(tab_module.lists, "trainee_ids", held)
    shown: list[list[int]] = []
    set_ids = tab.model.set_ids
    monkeypatch.setattr(tab.model, "set_ids", lambda ids, *page: (shown.append(list(ids)), set_ids(ids, *page)))

    tab.filter_edit.setText("thao")
    tab.refresh()  # as the debounce timer would
    assert held.started.wait(5)  # the search for "thao" is under way on the worker…
    assert tab.filter_pending() and tab.count_label.text() == "Đang tìm…"
    qtbot.keyClicks(tab.filter_edit, " s")  # …and the GUI thread takes keystrokes meanwhile
    assert tab.filter_edit.text() == "thao s"
    tab.filter_edit.clear()
    qtbot.keyClicks(tab.filter_edit, "lu")
    tab.refresh()  # "lu" is asked for while "thao" still runs
    with qtbot.waitSignal(tab.searched, timeout=5_000) as signal:
        held.release.set()
    assert signal.args == ["lu"]
    assert _names(tab) == ["Lù Văn An", "Lù Thị Mỷ"]
    assert shown == [held.search("lu")]  # "thao"'s result came back first and was dropped
    assert not tab.filter_pending() and tab.count_label.text() == "2 học viên"


def test_a_search_superseded_before_it_starts_is_not_run(tab, qtbot, monkeypatch):
    held = HeldSearch("thao")
    monkeypatch.setattr(tab_module.lists, "trainee_ids", held)
    for text in ("thao", "lu", "lu van", "giang"):
        tab.filter_edit.setText(text)
        tab.refresh()
        if text == "thao":
            assert held.started.wait(5)
    with qtbot.waitSignal(tab.searched, timeout=5_000) as signal:
        held.release.set()
    assert signal.args == ["giang"]
    assert held.searched == ["thao", "giang"]  # "lu" and "lu van" were stale before their turn
    assert _names(tab) == ["Giàng Seo Vần"]


def test_a_keystroke_makes_the_search_under_way_stale(tab, qtbot, monkeypatch):
    held = HeldSearch("lu")
    monkeypatch.setattr(tab_module.lists, "trainee_ids", held)
    tab.filter_edit.setText("lu")
    tab.refresh()
    assert held.started.wait(5)
    qtbot.keyClick(tab.filter_edit, Qt.Key.Key_Backspace)  # typing on: "l" will be asked for after the pause
    with qtbot.waitSignal(tab.search_task.finished, timeout=5_000):
        held.release.set()
    assert tab.model.rowCount() == len(NAMES)  # "lu"'s result was dropped: still everyone
    assert tab.filter_pending()
    with qtbot.waitSignal(tab.searched, timeout=5_000) as signal:
        pass  # the debounce fires and "l" is searched
    assert signal.args == ["l"] and held.searched == ["lu", "l"]
    assert _names(tab) == ["Lù Văn An", "Lù Thị Mỷ"]


def test_clearing_the_filter_shows_everyone_at_once(tab, qtbot):
    with qtbot.waitSignal(tab.searched, timeout=5_000):
        qtbot.keyClicks(tab.filter_edit, "giang")
    assert tab.model.rowCount() == 1
    qtbot.keyClick(tab.filter_edit, Qt.Key.Key_Escape)
    tab.refresh()
    assert tab.model.rowCount() == len(NAMES) and not tab.filter_pending()
