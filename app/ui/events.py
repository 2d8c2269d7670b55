"""One signal that says what changed after a write, so each screen decides whether to redraw.

Anki's "operation did execute" idea: a screen that writes through a service emits
``changes().changed.emit({"courses", "enrollments"})``; lists and detail windows listen and
refresh only when a topic they show is in the set. No global "reload everything".

Topics: courses, trainees, enrollments, attendance, lessons, certificates, feedback,
instructors, plans, organizations, settings, catalogues, database (a restore: everything).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ChangeHub(QObject):
    changed = Signal(object)  # a set of topic names

    def announce(self, *topics: str) -> None:
        self.changed.emit(set(topics))


_hub: ChangeHub | None = None


def changes() -> ChangeHub:
    """The application's change hub (created on first use, after QApplication exists)."""
    global _hub
    if _hub is None:
        _hub = ChangeHub()
    return _hub


def touches(changed: set[str], *topics: str) -> bool:
    """True when ``changed`` names any of ``topics`` (or the whole database)."""
    return "database" in changed or bool(changed.intersection(topics))
