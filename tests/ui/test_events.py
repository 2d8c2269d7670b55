"""The change hub: a write through perform() announces what the service declared, and only then."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.domain.changes import Topic
from app.domain.errors import ValidationError
from app.services import courses, enrolment
from app.services.courses import CourseInput
from app.ui.events import changes, perform, touches

UI = Path(__file__).resolve().parents[2] / "app" / "ui"


@pytest.fixture
def heard(qapp):
    found: list[frozenset] = []
    changes().changed.connect(found.append)
    yield found
    changes().changed.disconnect(found.append)


def test_a_write_announces_what_the_service_declares(session, heard):
    course = perform(courses.add_course, CourseInput("NTVD-2026-01", "NTVD", "Lớp một", "07/12/2026", "11/12/2026",
                                                     partner="Đảng ủy xã Bản Mế"))
    assert course.code == "NTVD-2026-01"  # the service's own result comes back
    assert heard == [frozenset({Topic.COURSES, Topic.ORGANIZATIONS})]


def test_a_refused_write_announces_nothing(session, heard):
    with pytest.raises(ValidationError):
        perform(courses.add_course, CourseInput("", "NTVD", "Lớp không mã", "07/12/2026", "11/12/2026"))
    assert heard == []


def test_enrolling_only_people_already_in_the_class_announces_nothing(session, heard):
    from app.services.trainees import TraineeInput

    course = courses.add_course(CourseInput("NTVD-2026-01", "NTVD", "Lớp một", "07/12/2026", "11/12/2026"))
    trainee = enrolment.enrol_new_trainee(course.id, TraineeInput("Thào A Sử", "12/04/1985", "Nam"))
    result = perform(enrolment.enrol_trainees, course.id, [trainee.id])
    assert (result.enrolled, result.already) == (0, 1)
    assert heard == []


def test_touches_names_a_topic_or_the_whole_database():
    assert touches(frozenset({Topic.LESSONS}), Topic.COURSES, Topic.LESSONS)
    assert not touches(frozenset({Topic.AUDIT}), Topic.COURSES, Topic.LESSONS)
    assert touches(frozenset({Topic.DATABASE}), Topic.COURSES)


def test_no_topic_is_typed_as_text_in_the_window():
    """announce(...), touches(...) and `topics = (...)` take Topic values, never strings."""
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = None
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                args = node.args
            elif isinstance(node, ast.Assign) and any(getattr(t, "id", None) in ("topics", "DATA_TOPICS")
                                                       for t in node.targets):
                name, args = "topics", [node.value]
            if name in ("announce", "touches", "topics") and any(
                    isinstance(sub, ast.Constant) and isinstance(sub.value, str)
                    for arg in args for sub in ast.walk(arg)):
                offenders.append(f"{path.relative_to(UI.parent.parent)}:{node.lineno}")
    assert offenders == []


# Writing services the window calls without perform(), and who announces their changes instead.
CALLED_DIRECTLY = {
    # The grid saves form by form and tells its tab, which announces without reloading itself.
    ("app/ui/widgets/feedback_grid.py", "record_feedback"), ("app/ui/widgets/feedback_grid.py", "correct_feedback"),
    ("app/ui/widgets/feedback_grid.py", "delete_feedback"),
    # A long import runs off the GUI thread; the dialog announces what it wrote once it is back.
    ("app/ui/dialogs/roster_import.py", "commit_roster"), ("app/ui/dialogs/roster_import.py", "commit_scores"),
    # A restore replaces the database: the main window re-reads everything (or starts afresh).
    ("app/ui/file_actions.py", "finish_restore"), ("app/ui/app.py", "restore_path"),
}


def _names(module, tree: ast.AST) -> dict:
    """The module's globals, plus the names imported inside its functions."""
    import importlib

    names = dict(vars(module))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            source = importlib.import_module(node.module)
            for alias in node.names:
                found = getattr(source, alias.name, None)
                if found is None:
                    found = importlib.import_module(f"{node.module}.{alias.name}")
                names.setdefault(alias.asname or alias.name, found)
    return names


def _resolve(node: ast.AST, names: dict):
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, names)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def test_the_window_calls_writing_services_through_perform():
    """A writing service called directly (not handed to perform) would change data unannounced."""
    import importlib

    from app.domain.changes import is_writer

    direct, performed = set(), 0
    for path in sorted(UI.rglob("*.py")):
        rel = str(path.relative_to(UI.parent.parent))
        module = importlib.import_module(rel.removesuffix(".py").removesuffix("/__init__").replace("/", "."))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _names(module, tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            target = _resolve(node.func, names)
            if target is perform:
                performed += is_writer(_resolve(node.args[0], names))
            elif is_writer(target):
                direct.add((rel, target.__name__))
    assert direct == CALLED_DIRECTLY
    assert performed > 40  # the check resolves the services the window hands to perform()
