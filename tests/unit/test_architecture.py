"""The house rules of ARCHITECTURE.md that a machine can check."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
QT_ALLOWED = {APP / "paths.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules(folder: Path):
    return sorted(folder.rglob("*.py"))


def test_qt_is_imported_only_under_app_ui():
    offenders = [
        str(path.relative_to(APP.parent))
        for path in _modules(APP)
        if APP / "ui" not in path.parents and path not in QT_ALLOWED
        and any(name.split(".")[0] in {"PySide6", "shiboken6"} for name in _imports(path))
    ]
    assert offenders == []


def test_domain_imports_nothing_of_ours_nor_peewee():
    offenders = [
        str(path.relative_to(APP.parent))
        for path in _modules(APP / "domain")
        for name in _imports(path)
        if (name.startswith("app.") and not name.startswith("app.domain")) or name == "peewee"
    ]
    assert offenders == []


def test_nothing_but_the_cli_imports_the_ui():
    offenders = [
        str(path.relative_to(APP.parent))
        for path in _modules(APP)
        if APP / "ui" not in path.parents and path.name != "cli.py"
        and any(name.startswith("app.ui") for name in _imports(path))
    ]
    assert offenders == []


def test_printing_and_exchange_do_not_touch_the_store():
    offenders = [
        str(path.relative_to(APP.parent))
        for folder in ("printing", "exchange")
        for path in _modules(APP / folder)
        for name in _imports(path)
        if name.startswith(("app.store", "app.services")) or name == "peewee"
    ]
    assert offenders == []
