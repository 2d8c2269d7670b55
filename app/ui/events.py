"""One signal that says what changed after a write, so each screen decides whether to redraw.

Anki's "operation did execute" idea: a screen writes through :func:`perform`, which calls the
service and announces the topics the service declared (``@writes``, app.domain.changes) or
that its result reports; lists and detail windows listen on ``changes().changed`` and refresh
only when a topic they show is in the set (:func:`touches`). No global "reload everything",
and no topic typed at a call site.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from PySide6.QtCore import QObject, Signal

from app.domain.changes import Changes, Topic, changes_of
from app.domain.changes import touches as _touches

P = ParamSpec("P")
R = TypeVar("R")


class ChangeHub(QObject):
    changed = Signal(object)  # a Changes: frozenset of Topic

    def announce(self, changed: Changes) -> None:
        if changed:
            self.changed.emit(frozenset(changed))


_hub: ChangeHub | None = None


def changes() -> ChangeHub:
    """The application's change hub (created on first use, after QApplication exists)."""
    global _hub
    if _hub is None:
        _hub = ChangeHub()
    return _hub


def announce(changed: Changes) -> None:
    """Tell every screen that ``changed`` changed (nothing is said for an empty set)."""
    changes().announce(changed)


def perform(service: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Call a writing service and announce what it changed; its errors pass through, unannounced."""
    result = service(*args, **kwargs)
    announce(changes_of(service, result))
    return result


def touches(changed: Changes, *topics: Topic) -> bool:
    """True when ``changed`` names any of ``topics`` (or the whole database)."""
    return _touches(changed, *topics)
