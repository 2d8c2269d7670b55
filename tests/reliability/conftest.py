"""Fixtures of the reliability suite: the prepared world, made once and copied per run.

Every test here is marked ``reliability`` and, but for the one that starts the real window, not
``gui``: ``pytest -m "not gui"`` runs them, ``pytest -m reliability`` runs them alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.reliability.helpers import killing


def pytest_configure(config):
    config.addinivalue_line("markers", "reliability: kills, faults, corruption and hostile files (issue 8)")


# These need POSIX processes (fork, SIGKILL, RLIMIT_FSIZE, /proc); CI runs on Linux.
_POSIX_ONLY = {"test_kill.py", "test_faults.py", "test_hostile_files.py", "test_races.py"}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.reliability)
            if sys.platform == "win32" and Path(item.path).name in _POSIX_ONLY:
                item.add_marker(pytest.mark.skip(reason="needs fork, SIGKILL and POSIX resource limits"))


@pytest.fixture(scope="session")
def prepared(tmp_path_factory) -> killing.Prepared:
    """The template database (three prepared classes) and the 500-row roster."""
    return killing.Prepared.make(tmp_path_factory.mktemp("prepared"))


@pytest.fixture(scope="session")
def kill_worker():
    worker = killing.Worker()
    yield worker
    worker.close()
