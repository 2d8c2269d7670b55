"""The type checker passes on the whole of app/, with the project's configuration (pyproject.toml:
strict flags on domain/ and store/, ordinary checking with check_untyped_defs elsewhere)."""

from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "pyproject.toml"


def test_mypy_passes_on_app(monkeypatch):
    monkeypatch.chdir(ROOT)  # the configuration names `app` (files) relative to the checkout
    report, errors, status = api.run(["--config-file", str(CONFIG)])
    assert status == 0, f"mypy found type errors:\n{report}{errors}"
    assert "Success: no issues found" in report


def _probe(tmp_path: Path, package: str) -> str:
    """mypy's report on one sloppy module placed at ``app/<package>/probe.py``."""
    folder = tmp_path / "app" / package
    folder.mkdir(parents=True)
    (tmp_path / "app" / "__init__.py").write_text("")
    (folder / "__init__.py").write_text("")
    (folder / "probe.py").write_text(
        "def double(value):\n"
        "    return value * 2\n"
        "\n"
        "\n"
        "def count(text: str) -> int:\n"
        "    length = len(text)\n"
        "    return length + ''\n"
    )
    report, _errors, _status = api.run(["--config-file", str(CONFIG), "--cache-dir", str(tmp_path / "cache"),
                                        str(folder / "probe.py")])
    return report


def test_domain_and_store_are_strict_the_rest_is_checked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for package in ("domain", "store"):
        report = _probe(tmp_path / package, package)
        assert "probe.py:1: error: Function is missing a type annotation  [no-untyped-def]" in report, report
        assert "probe.py:7: error: Unsupported operand types" in report, report
    report = _probe(tmp_path / "services", "services")
    assert "no-untyped-def" not in report, report  # untyped functions are allowed outside the core…
    assert "probe.py:7: error: Unsupported operand types" in report, report  # …but still checked
