"""`boiduong --version`: one version, written once (app.__version__), the same in the metadata."""

import importlib.metadata
import re

import pytest

import app
from app.cli import main


def test_version_prints_the_program_and_its_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == "boiduong 0.2.0"
    assert app.__version__ == "0.2.0"


def test_the_installed_metadata_has_the_same_version():
    assert importlib.metadata.version("boiduong") == app.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", app.__version__)
