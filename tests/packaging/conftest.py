"""Packaging tests: the wheel in a venv of its own, and the Windows portable build under Wine.

Marked ``packaging``; the Wine test also ``wine`` (it runs when ``BOIDUONG_WINE_TEST=1``, which
``.ci/run`` sets when packaging inputs changed, on release tags and on demand).
"""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "packaging: builds the wheel or the Windows zip and runs the installed program")
    config.addinivalue_line("markers", "wine: the Windows portable build run under Wine (BOIDUONG_WINE_TEST=1)")


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.packaging)
