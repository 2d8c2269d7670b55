"""Institution settings (name, parent body, place, director, header style)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, fields
from typing import Any

from app.domain.changes import Topic, writes
from app.domain.errors import ValidationError
from app.domain.institution import Institution
from app.domain.limits import MAX_NAME, check_length
from app.domain.text import clean
from app.services import audit, auth
from app.store import db
from app.store.models import Course, Setting

_PREFIX = "institution."


def get_setting(key: str, default=None):
    row = Setting.get_or_none(Setting.key == key)
    if row is None or row.value is None:
        return default
    return json.loads(row.value)


@writes(Topic.SETTINGS)
def put_setting(key: str, value) -> None:
    """Store one setting (caller holds the transaction)."""
    payload = json.dumps(value, ensure_ascii=False)
    Setting.insert(key=key, value=payload).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: payload}).execute()


REPORT_RECIPIENTS_KEY = "reports.recipients"
DEFAULT_RECIPIENTS = ("Lưu: VT.",)


def get_report_recipients() -> tuple[str, ...]:
    """The "Nơi nhận:" lines printed under every report (kept in the settings)."""
    return tuple(get_setting(REPORT_RECIPIENTS_KEY, list(DEFAULT_RECIPIENTS)))


@writes(Topic.SETTINGS, Topic.AUDIT)
def save_report_recipients(lines: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Save the "Nơi nhận:" lines (one recipient a line, blank lines dropped) in one transaction.
    An empty list is allowed (the report then leaves room under "Nơi nhận:" to write by hand);
    a line longer than a name may be is refused, naming the line."""
    auth.require_role("admin", action="sửa nơi nhận báo cáo")
    cleaned = [clean(line).lstrip("-–").strip() for line in lines]
    cleaned = [line for line in cleaned if line]
    for number, line in enumerate(cleaned, 1):
        check_length(line, MAX_NAME, f"Nơi nhận dòng {number}", field="recipients")
    with db.write():
        put_setting(REPORT_RECIPIENTS_KEY, cleaned)
        audit.record("settings", "settings", None, "Sửa nơi nhận báo cáo: " + ("; ".join(cleaned) or "(để trống)"),
                     user=auth.acting_user())
    return tuple(cleaned)


SETUP_DONE_KEY = "setup.done"


def needs_setup() -> bool:
    """Whether the first-run setup should open by itself: a new database (no class, no centre name)
    where the setup was never finished or closed."""
    return not get_setting(SETUP_DONE_KEY, False) and not get_institution().name and not Course.select().exists()


@writes(Topic.SETTINGS)
def mark_setup_done() -> None:
    """The first-run setup was finished or closed: it no longer opens by itself (Cài đặt reaches it)."""
    with db.write():
        put_setting(SETUP_DONE_KEY, True)


def get_institution() -> Institution:
    values = {f.name: get_setting(_PREFIX + f.name, getattr(Institution(), f.name))
              for f in fields(Institution)}
    return Institution(**values)


@writes(Topic.SETTINGS, Topic.AUDIT)
def save_institution(institution: Institution, *, also: Callable[[], object] | None = None) -> Institution:
    """Validate and save the institution settings in one transaction; ``also`` (another setting of
    the same form, checked and written in that transaction) may still refuse, and then nothing is saved."""
    auth.require_role("admin", action="sửa thông tin đơn vị")
    values: dict[str, Any] = {k: v if isinstance(v, bool) else clean(v) for k, v in asdict(institution).items()}
    cleaned = Institution(**values)
    problems = cleaned.problems()
    if problems:
        field, message = next(iter(problems.items()))
        raise ValidationError(message, field=field)
    before = asdict(get_institution())
    changed = [f"{_INSTITUTION_LABELS.get(key, key)}: \"{_shown(before.get(key))}\" → \"{_shown(value)}\""
               for key, value in asdict(cleaned).items() if before.get(key) != value]
    with db.write():
        for key, value in asdict(cleaned).items():
            put_setting(_PREFIX + key, value)
        if changed:
            audit.record("settings", "settings", None, "Sửa thông tin đơn vị: " + "; ".join(changed),
                         user=auth.acting_user())
        if also is not None:
            also()
    return cleaned


# How the audit log names the institution's settings.
_INSTITUTION_LABELS = {"name": "tên đơn vị", "parent_body": "cơ quan chủ quản", "place_name": "địa danh",
                       "director_name": "Giám đốc", "deputy_name": "Phó Giám đốc", "header_style": "thể thức",
                       "address": "địa chỉ", "phone": "điện thoại", "deputy_signs": "Phó Giám đốc ký thay"}


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    return {"party": "văn bản Đảng", "state": "văn bản nhà nước"}.get(str(value), str(value or ""))
