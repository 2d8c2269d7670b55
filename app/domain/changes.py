"""What a write changed, as a set of topics: services say it, screens refresh by it.

Anki's operations return ``OpChanges`` and one hook tells every screen what changed. Here a
writing service *declares* the topics it may change with ``@writes(Topic.COURSES, ...)``; the
declaration sits on the function (``declared(fn)``) and the call returns what it returned before,
so the command line and the tests are untouched by it. A service whose changes depend on the
outcome (nothing enrolled, nothing changed) may also return a result with a ``changes``
attribute: it says what this call did change, always within what the function declares.
``changes_of(fn, result)`` gives the one or the other; the window's single helper
(``app.ui.events.perform``) calls a service and announces exactly that, so no screen types a
topic after a call.

Why a declaration and not a changed return type: every writer would otherwise wrap its result
(a course, an id, a list of numbers) and every caller (CLI, ~660 tests) would unwrap it, for a
set that is the same on every successful call. A declaration can also be checked against the
code: tests/unit/test_service_topics.py runs every declared writer on a
scratch database and checks that the tables it really wrote are covered by its topics
(``app.store.topics`` maps each table to its topic), and that no undeclared service writes.

Pure: no Qt, no peewee.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar


class Topic(StrEnum):
    """One kind of thing a screen shows; a write names each kind it changed."""

    COURSES = "courses"
    TRAINEES = "trainees"
    ENROLLMENTS = "enrollments"  # who is in which class, with their score and result
    LESSONS = "lessons"
    ATTENDANCE = "attendance"
    CERTIFICATES = "certificates"  # numbers issued, reprints, the stock of blank forms
    FEEDBACK = "feedback"  # the filled-in feedback forms and their templates
    INSTRUCTORS = "instructors"  # with their awards and observations
    PLANS = "plans"
    ORGANIZATIONS = "organizations"
    SETTINGS = "settings"  # the institution, certificate paper and positions, users
    CATALOGUES = "catalogues"  # programmes, bands, ethnic groups, provinces, norms and coefficients
    AUDIT = "audit"  # the audit trail
    DATABASE = "database"  # the whole database (a restore): every screen refreshes


Changes = frozenset[Topic]
NOTHING: Changes = frozenset()

F = TypeVar("F", bound=Callable[..., Any])


def writes(*topics: Topic) -> Callable[[F], F]:
    """Mark a service function as a writer of ``topics`` (the function itself is returned unchanged)."""
    if not topics or not all(isinstance(t, Topic) for t in topics):
        raise TypeError("@writes needs at least one Topic")

    def mark(fn: F) -> F:
        fn.changes = frozenset(topics)  # type: ignore[attr-defined]
        return fn

    return mark


def is_writer(fn: object) -> bool:
    return isinstance(getattr(fn, "changes", None), frozenset)


def declared(fn: Callable[..., Any]) -> Changes:
    """The topics a service declared with ``@writes``; a TypeError for a function that declared none."""
    found = getattr(fn, "changes", None)
    if not isinstance(found, frozenset):
        raise TypeError(f"{getattr(fn, '__qualname__', fn)!r} declares no changes (@writes is missing)")
    return found


def changes_of(fn: Callable[..., Any], result: object = None) -> Changes:
    """What one call of ``fn`` changed: its result's ``changes`` when it has one, else the declaration."""
    declared_topics = declared(fn)
    said = getattr(result, "changes", None)
    if isinstance(said, frozenset):
        if not said <= declared_topics:
            raise ValueError(f"{fn.__qualname__} returned changes {sorted(said - declared_topics)} "
                             "it does not declare")
        return said
    return declared_topics


def touches(changed: Changes, *topics: Topic) -> bool:
    """True when ``changed`` names any of ``topics``, or the whole database."""
    return Topic.DATABASE in changed or not changed.isdisjoint(topics)
