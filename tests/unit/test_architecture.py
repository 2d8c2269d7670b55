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
        if APP / "ui" not in path.parents and APP / "cli" not in path.parents
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


def _room(path: Path) -> str:
    """The room of a module: its first folder under app/, or its name for app/paths.py etc."""
    return path.relative_to(APP).parts[0].removesuffix(".py")


def _imports_with_app_names(path: Path) -> set[str]:
    """Like :func:`_imports`, with ``from app import x`` counted as ``app.x``."""
    found = _imports(path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "app" and node.level == 0:
            found.update(f"app.{alias.name}" for alias in node.names)
    return found


def test_the_demo_is_used_only_by_the_command_line():
    """The demo builders are not services: the command line hands them to the window; tests and
    benchmarks (outside app/) use them directly."""
    offenders = [
        str(path.relative_to(APP.parent))
        for path in _modules(APP)
        if _room(path) not in {"demo", "cli"}
        and any(name == "app.demo" or name.startswith("app.demo.") for name in _imports_with_app_names(path))
    ]
    assert offenders == []


def test_only_outputs_puts_services_and_printing_together():
    """Composition (rows from services, laid out and rendered by printing) lives in app/outputs;
    services never import printing, and no other module imports both."""
    offenders = []
    for path in _modules(APP):
        names = _imports_with_app_names(path)
        printing = any(n == "app.printing" or n.startswith("app.printing.") for n in names)
        services = any(n == "app.services" or n.startswith("app.services.") for n in names)
        if printing and (services or _room(path) == "services") and _room(path) != "outputs":
            offenders.append(str(path.relative_to(APP.parent)))
    assert offenders == []


def test_the_store_imports_no_room_above_it():
    offenders = [
        str(path.relative_to(APP.parent))
        for path in _modules(APP / "store")
        for name in _imports_with_app_names(path)
        if name.startswith(("app.services", "app.outputs", "app.printing", "app.exchange", "app.demo", "app.ui"))
    ]
    assert offenders == []


def _module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_modules(path: Path, known: set[str]) -> set[str]:
    """The modules of ``known`` that ``path`` imports, at the top or inside a function."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from pkg import module`
    return found & known


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, each once (a depth-first search; a back edge closes a cycle)."""
    found: list[list[str]] = []
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycle = stack[stack.index(nxt):]
                turn = cycle.index(min(cycle))
                found.append(cycle[turn:] + cycle[:turn])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_no_import_cycle_between_services():
    """The arrows between services run one way (auth → audit, not back): no module imports itself round."""
    paths = _modules(APP / "services")
    known = {_module_name(p) for p in paths}
    graph = {_module_name(p): _imported_modules(p, known) - {_module_name(p)} for p in paths}
    assert graph["app.services.auth"] >= {"app.services.audit"}  # the finder sees `from app.services import audit`
    assert _cycles(graph) == []


# -- the window reads plain rows; SQLite stays in the store; private names stay home ----------


def _all_imports(path: Path) -> set[str]:
    """Every module ``path`` imports (absolute, at the top or inside a function), with
    ``from pkg import name`` also counted as ``pkg.name``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_the_window_never_imports_the_store():
    """Screens read plain rows from services (view queries such as course_info); no peewee model,
    no store function under app/ui."""
    offenders = sorted(
        f"{path.relative_to(APP.parent)}: {name}"
        for path in _modules(APP / "ui")
        for name in _all_imports(path)
        if name == "app.store" or name.startswith("app.store.")
    )
    assert offenders == []


def test_the_store_imports_no_service():
    offenders = [
        str(path.relative_to(APP.parent))
        for path in _modules(APP / "store")
        for name in _all_imports(path)
        if name == "app.services" or name.startswith("app.services.")
    ]
    assert offenders == []


def _is_our_module(name: str) -> bool:
    where = APP.parent.joinpath(*name.split("."))
    return where.with_suffix(".py").is_file() or (where / "__init__.py").is_file()


def _private_uses(path: Path, source: str | None = None) -> set[str]:
    """``_private`` names of other rooms that ``path`` imports or reads off an imported module
    of ours (``safety._connect_readonly``; not a library's own API such as peewee's ``Model._meta``)."""
    room = _room(path)
    found, modules = set(), {}
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("app."):
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.add(target)
                if _is_our_module(target):  # `from app.store import db`
                    modules[alias.asname or alias.name] = target
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("app.") and alias.asname:
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules \
                and node.attr.startswith("_") and not node.attr.startswith("__"):
            found.add(f"{modules[node.value.id]}.{node.attr}")
    return {name for name in found if name.split(".")[1] != room}


def test_the_private_finder_sees_both_ways_of_reaching_a_private_name():
    source = ("from app.store.db import _translate\nfrom app.store import safety\n"
              "from app.store.models import Trainee\nfrom app.ui import events\n"
              "x = safety._connect_readonly\ny = events._hub\nz = Trainee._meta\n")
    assert _private_uses(APP / "ui" / "probe.py", source) == {"app.store.db._translate",
                                                             "app.store.safety._connect_readonly"}


def test_no_private_name_is_imported_across_rooms():
    offenders = sorted(
        (str(path.relative_to(APP.parent)), name)
        for path in _modules(APP)
        for name in _private_uses(path)
    )
    assert offenders == []


SQLITE_WORDS = ("pragma", "sqlite_master", "database is locked", "disk i/o error", "malformed",
                "readonly database", "no such table", "integrity_check", "quick_check")


def _sqlite_details(path: Path) -> set[str]:
    """What in ``path`` knows the engine: the sqlite3 module, the backup API, pragmas and SQLite's
    own error texts in string literals (comments and docstrings do not count)."""
    found = {name for name in _all_imports(path) if name.split(".")[0] == "sqlite3"}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        # The backup API: `<connection>.backup(...)` (a service's own `self.backup` callback is not it).
        if isinstance(node, ast.Attribute) and node.attr == "backup" and (
                (isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute)
                 and node.value.func.attr == "connection")
                or (isinstance(node.value, ast.Name) and node.value.id in {"conn", "connection", "source", "src"})):
            found.add("backup API")
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            lowered = node.value.lower()
            found.update(word for word in SQLITE_WORDS if word in lowered and not _is_docstring(node, path))
    return found


def _is_docstring(node: ast.Constant, path: Path) -> bool:
    docstrings = set()
    for owner in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)) and owner.body:
            first = owner.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add((first.value.lineno, first.value.col_offset))
    return (node.lineno, node.col_offset) in docstrings


def test_the_sqlite_finder_sees_the_store_details():
    assert {"sqlite3", "pragma", "backup API", "integrity_check"} <= _sqlite_details(APP / "store" / "backups.py")


def test_only_the_store_knows_sqlite():
    """Pragmas, the backup API, the sqlite3 module and SQLite's error texts live under app/store
    (the one place to change for PostgreSQL). app/demo is exempt for now: its builders are being
    moved out of services by another helper (issue 11 point 5) and are checked again after that."""
    offenders = sorted(
        f"{path.relative_to(APP.parent)}: {', '.join(sorted(words))}"
        for path in _modules(APP)
        if _room(path) not in {"store", "demo"}
        for words in [_sqlite_details(path)] if words
    )
    assert offenders == []


def test_no_import_cycle_within_the_window():
    """The class window and the trainee's record open each other through app.ui.windows, not by
    importing each other; no module of app/ui imports itself round (late imports included)."""
    paths = _modules(APP / "ui")
    known = {_module_name(p) for p in paths}
    graph = {_module_name(p): _imported_modules(p, known) - {_module_name(p)} for p in paths}
    assert "app.ui.windows" in graph["app.ui.dialogs.trainee_detail"]  # the finder sees the imports
    assert _cycles(graph) == []
