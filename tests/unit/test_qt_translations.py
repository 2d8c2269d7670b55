"""The shipped Qt translation is what PySide6's lrelease makes of the .ts in the repository."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "qt_vi.ts"


def _script():
    spec = importlib.util.spec_from_file_location("qt_translations", ROOT / "packaging" / "qt_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_qm_is_the_compiled_ts():
    script = _script()
    assert script.stale() == [], "run packaging/qt_translations.py after editing qt_vi.ts"
    assert TS.with_suffix(".qm").read_bytes() == script.compiled(TS)


def test_a_stale_qm_is_caught(tmp_path):
    script = _script()
    (tmp_path / "qt_vi.ts").write_bytes(TS.read_bytes())
    assert script.stale(tmp_path) == [tmp_path / "qt_vi.qm"]  # missing
    (tmp_path / "qt_vi.qm").write_bytes(TS.with_suffix(".qm").read_bytes()[:-1])
    assert script.stale(tmp_path) == [tmp_path / "qt_vi.qm"]  # differs
    (tmp_path / "qt_vi.qm").write_bytes(TS.with_suffix(".qm").read_bytes())
    assert script.stale(tmp_path) == []


def test_every_message_is_translated_with_its_placeholders():
    messages = ET.parse(TS).getroot().iter("message")
    for message in messages:
        source, translation = message.findtext("source"), message.findtext("translation")
        assert translation and message.find("translation").get("type") is None, source
        for mark in ("%1", "%2", "\n"):
            assert source.count(mark) == translation.count(mark), source


def test_the_program_never_forces_qts_own_file_or_print_dialogs():
    """On Windows the native dialogs (in the language of Windows) are used: nothing asks for Qt's."""
    forcing = [path for path in (ROOT / "app").rglob("*.py")
               if "DontUseNativeDialog" in path.read_text(encoding="utf-8")]
    assert forcing == []
