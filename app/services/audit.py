"""The audit trail: deletions, cancellations, merges and restores leave a record (what, when, why)."""

from __future__ import annotations

import getpass

from app.store.models import AuditEntry


def _user() -> str:
    """Who did it: the signed-in user when sign-in is on, else the computer's login name."""
    from app.services import auth  # auth records its own changes here: import late

    signed_in = auth.current_user()
    if signed_in is not None:
        return signed_in.username
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name on some systems
        return ""


def record(action: str, entity: str, entity_id: int | None, summary: str, reason: str | None = None) -> None:
    """Add one audit entry (the caller holds the transaction of the action it records)."""
    AuditEntry.create(action=action, entity=entity, entity_id=entity_id, summary=summary,
                      reason=reason, user=_user())
