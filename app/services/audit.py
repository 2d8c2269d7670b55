"""The audit trail: deletions, cancellations, merges and restores leave a record (what, when, why)."""

from __future__ import annotations

import getpass

from app.store.models import AuditEntry


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name on some systems
        return ""


def record(action: str, entity: str, entity_id: int | None, summary: str, reason: str | None = None) -> None:
    """Add one audit entry (the caller holds the transaction of the action it records)."""
    AuditEntry.create(action=action, entity=entity, entity_id=entity_id, summary=summary,
                      reason=reason, user=_user())
