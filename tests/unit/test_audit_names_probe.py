"""Every kind of entry the program writes to the audit log reads in Vietnamese in the log's
"Thao tác" and "Đối tượng" columns (on screen and in the saved workbook): no code left in English."""

from __future__ import annotations

import re
from pathlib import Path

from app.services.audit_log import ACTION_NAMES, ENTITY_NAMES

APP = Path(__file__).resolve().parents[2] / "app"
CALL = re.compile(r"audit\.record\(\s*\"([a-z_-]+)\",\s*\"([a-z_-]+)\"")


def test_every_recorded_action_and_entity_has_a_vietnamese_name():
    found = {m.groups() for path in APP.rglob("*.py") for m in CALL.finditer(path.read_text(encoding="utf-8"))}
    assert len(found) > 30  # the scan sees the program's calls
    assert sorted(a for a, _e in found if a not in ACTION_NAMES) == []
    assert sorted(e for _a, e in found if e not in ENTITY_NAMES) == []
