"""`pip wheel .` → a venv with only that wheel (and its pinned dependencies) runs every command.

The venv lives in a cache outside the checkout (``$BOIDUONG_BUILD_CACHE``, else
``~/.cache/boiduong-build``), keyed by the checkout, constraints and dependencies, so its dependencies are
installed once; the freshly built wheel is force-reinstalled into it on every run. Commands run
from an empty folder with a clean environment: nothing of the source tree can be imported.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import app
from tests.packaging.smoke import assert_certificates_pdf, smallest_certified_class

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "packaging" / "constraints.txt"


def build_cache() -> Path:
    return Path(os.environ.get("BOIDUONG_BUILD_CACHE") or Path.home() / ".cache" / "boiduong-build")


def _pip(python: Path | str, *args: str) -> None:
    subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", "-q", *args], check=True,
                   stdin=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _pip(sys.executable, "wheel", str(ROOT), "--no-deps", "-w", str(out))
    (built,) = out.glob("boiduong-*.whl")
    return built


@pytest.fixture(scope="session")
def wheel_venv(wheel) -> Path:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    # One venv per checkout: two checkouts testing at once must not reinstall each other's wheel into it.
    key = hashlib.sha256((CONSTRAINTS.read_text(encoding="utf-8") + repr(deps) + sys.version + str(ROOT))
                         .encode()).hexdigest()
    venv = build_cache() / f"wheel-venv-{key[:12]}"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        _pip(python, "install", "-c", str(CONSTRAINTS), str(wheel))
    _pip(python, "install", "--no-deps", "--force-reinstall", str(wheel))
    return venv


def _run(venv: Path, *args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(cwd), "LANG": "C.UTF-8",
           "BOIDUONG_DATA_DIR": str(cwd / "userdata"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, f"{args}: {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def test_the_wheel_carries_the_resources_inside_the_app_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert {"app/resources/data/programs.json", "app/resources/data/ethnic_groups.json",
            "app/resources/fonts/LiberationSerif-Regular.ttf", "app/resources/fonts/LICENSE-OFL.txt",
            "app/resources/translations/qt_vi.qm", "app/resources/guide/huong-dan-su-dung.html"} <= set(names)
    tops = {name.split("/")[0] for name in names}
    assert tops == {"app", f"boiduong-{app.__version__}.dist-info"}, tops  # no top-level resources/
    assert not any(name.startswith(("tests/", "bench/")) for name in names)


def test_the_installed_program_runs_every_command(wheel_venv, tmp_path):
    work = tmp_path / "thư mục có dấu"
    work.mkdir()
    version = _run(wheel_venv, "boiduong", "--version", cwd=work)
    assert version.stdout.strip() == f"boiduong {app.__version__}"
    where = _run(wheel_venv, "python", "-c", "import app, app.paths as p; print(app.__file__, p.resources_dir())",
                 cwd=work).stdout.split()
    site = next((wheel_venv / "lib").glob("python3*/site-packages"))
    assert Path(where[0]).is_relative_to(site) and Path(where[1]) == site / "app" / "resources"
    assert not (site / "resources").exists()

    db = work / "dữ liệu.sqlite3"
    demo = _run(wheel_venv, "boiduong", "--db", str(db), "demo", cwd=work)
    assert "Đã tạo dữ liệu mẫu" in demo.stdout
    assert "Cơ sở dữ liệu tốt" in _run(wheel_venv, "boiduong", "--db", str(db), "check", cwd=work).stdout
    code, expected = smallest_certified_class(db)
    pdf = work / "gcn.pdf"
    _run(wheel_venv, "boiduong", "--db", str(db), "print", "certificates", "--course", code, "--out", str(pdf),
         cwd=work)
    assert_certificates_pdf(pdf, expected)


def test_the_installed_window_starts_with_the_shipped_fonts(wheel_venv, tmp_path):
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from app.ui.app import make_application, load_fonts\n"
        "from app.services.session import open_session\n"
        "from app.ui.main_window import MainWindow\n"
        "qapp = make_application([])\n"
        "session = open_session(Path(sys.argv[1]))\n"
        "window = MainWindow(session)\n"
        "window.show()\n"
        "qapp.processEvents()\n"
        "print(window.isVisible(), window.windowTitle(), load_fonts(), sep='|')\n"
        "window.close(); session.close()\n"
    )
    result = _run(wheel_venv, "python", "-c", script, str(tmp_path / "db.sqlite3"), cwd=tmp_path)
    visible, title, fonts = result.stdout.strip().splitlines()[-1].split("|")
    assert visible == "True" and "Quản lý bồi dưỡng chính trị" in title, title
    assert int(fonts) == 6
