"""Fixtures of the tests that are about the server itself (issue 18): they run with ``--pg``."""

from __future__ import annotations

import uuid

import pytest


def database_name(prefix: str) -> str:
    """A name for a database of this run's server that no other test uses (random: this file is
    also imported by name, ``tests.unit.conftest``, as a second module with its own state)."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def server(request):
    """The run's PostgreSQL server; the test is skipped on a plain ``pytest`` run (SQLite only)."""
    from tests.conftest import pg_enabled

    if not pg_enabled(request.config):
        pytest.skip("needs PostgreSQL: BOIDUONG_PG_TEST=1 (set by .ci/run) or --pg")
    return request.getfixturevalue("pg_server")


@pytest.fixture
def empty_url(server):
    """A new, empty database on the server (no table), dropped after the test."""
    name = database_name("srv")
    url = server.create_database(name)
    yield url
    server.drop_database(name)
