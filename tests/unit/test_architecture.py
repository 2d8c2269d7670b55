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


def _room(path: Path) -> str:
    """The room of a module: its first folder under app/, or its name for app/cli.py etc."""
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
