"""Shared fixtures. Qt runs offscreen for every test (set here, before anything imports Qt).

Two backends (issue 18): plain ``pytest`` runs on SQLite only. With ``BOIDUONG_PG_TEST=1`` (set
by .ci/run) or ``--pg``, every test of ``PG_FOLDERS`` that opens its database through the
``session`` or ``demo_session`` fixture (the ``backend`` fixture in its closure) runs once per
backend, the PostgreSQL pass on a server started for the run (tests/pg_server.py). A test about the SQLite
file itself (kill, corruption, the file lock, WAL, pragmas) is marked
``@pytest.mark.sqlite_only("why")`` and runs on SQLite alone.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_addoption(parser):
    parser.addoption("--pg", action="store_true", default=False,
                     help="also run the database tests on PostgreSQL (as BOIDUONG_PG_TEST=1 does)")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): about the SQLite file itself; not run on PostgreSQL")


def pg_enabled(config) -> bool:
    return bool(config.getoption("--pg")) or os.environ.get("BOIDUONG_PG_TEST") == "1"


# The folders whose database tests run on PostgreSQL too: the services, the store and the command
# line (unit), and the window (ui), whose lists, models and workers read in their own ways.
PG_FOLDERS = ("unit", "ui")


def pytest_generate_tests(metafunc):
    folder = Path(str(metafunc.definition.path)).parent.name
    if "backend" in metafunc.fixturenames and pg_enabled(metafunc.config) and folder in PG_FOLDERS:
        only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("backend", ["sqlite"] if only_sqlite else ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request) -> str:
    """The backend of the test's database: "sqlite" or "postgresql"."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the whole run (a temporary data directory on 127.0.0.1)."""
    from tests import pg_server as server_mod

    why = server_mod.available()
    if why:
        pytest.fail(f"PostgreSQL tests were asked for, but {why}")
    server = server_mod.Server().start()
    yield server
    server.stop()


_pg_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_empty_template(pg_server) -> str:
    """A database on the server with the schema and the catalogues: what a new one gets."""
    from app.services.session import open_session

    url = pg_server.create_database("tpl_empty")
    open_session(url).close()
    return "tpl_empty"


def _pg_database(request, template_fixture: str):
    server = request.getfixturevalue("pg_server")
    template = request.getfixturevalue(template_fixture)
    name = f"t{os.getpid()}_{next(_pg_names)}"
    url = server.create_database(name, template)
    return server, name, url


@pytest.fixture
def db_target(backend, db_path, request):
    """Where the test's database lives: the SQLite path, or the URL of a new server database."""
    if backend == "sqlite":
        yield db_path
        return
    server, name, url = _pg_database(request, "pg_empty_template")
    yield url
    server.drop_database(name)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test touches the real user data folder."""
    monkeypatch.setenv("BOIDUONG_DATA_DIR", str(tmp_path / "userdata"))


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "data" / "boiduong.sqlite3"


@pytest.fixture
def session(db_target):
    """A new, empty database (catalogues loaded), open for the test."""
    from app.services.session import open_session

    s = open_session(db_target)
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo database, built once per test run; tests copy it (never write to it)."""
    from app.demo import term as demo
    from app.services.session import open_session

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    with open_session(path, backup_on_start=False):
        demo.build_demo()
    return path


@pytest.fixture
def demo_path(demo_template, tmp_path) -> Path:
    """A private copy of the demo database for one test."""
    target = tmp_path / "demo" / "boiduong.sqlite3"
    target.parent.mkdir(parents=True)
    shutil.copy2(demo_template, target)
    return target


@pytest.fixture(scope="session")
def pg_demo_template(pg_server) -> str:
    """The demo database on the server, built once per run; tests get copies."""
    from app.demo import term as demo
    from app.services.session import open_session

    url = pg_server.create_database("tpl_demo")
    with open_session(url):
        demo.build_demo()
    return "tpl_demo"


@pytest.fixture
def demo_target(backend, request):
    """A private copy of the demo database: a file, or a database on the server."""
    if backend == "sqlite":
        yield request.getfixturevalue("demo_path")
        return
    server, name, url = _pg_database(request, "pg_demo_template")
    yield url
    server.drop_database(name)


@pytest.fixture
def demo_session(demo_target):
    from app.services.session import open_session

    s = open_session(demo_target, backup_on_start=False)
    yield s
    s.close()


def pytest_collection_modifyitems(items):
    """Every test on the demo database is ``slow``: the first one builds the whole demo term
    (``-m "not slow"`` leaves them out)."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "demo_template" in names or "demo_target" in names:
            item.add_marker(pytest.mark.slow)
