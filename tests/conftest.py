"""Shared fixtures. Qt runs offscreen for every test (set here, before anything imports Qt)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test touches the real user data folder."""
    monkeypatch.setenv("BOIDUONG_DATA_DIR", str(tmp_path / "userdata"))


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "data" / "boiduong.sqlite3"


@pytest.fixture
def session(db_path):
    """A new, empty database (catalogues loaded), open for the test."""
    from app.services.session import open_session

    s = open_session(db_path)
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


@pytest.fixture
def demo_session(demo_path):
    from app.services.session import open_session

    s = open_session(demo_path, backup_on_start=False)
    yield s
    s.close()


def pytest_collection_modifyitems(items):
    """Every test on the demo database is ``slow``: the first one builds the whole demo term
    (``-m "not slow"`` leaves them out)."""
    for item in items:
        if "demo_template" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
