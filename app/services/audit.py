"""The audit trail: deletions, cancellations, merges and restores leave a record (what, when, why, who).

Who acted is passed in by the caller (``auth.acting_user()``): the trail knows nothing of sign-in,
so the arrows run one way, auth → audit.
"""

from __future__ import annotations

from app.domain.changes import Topic, writes
from app.store.models import AuditEntry


@writes(Topic.AUDIT)
def record(action: str, entity: str, entity_id: int | None, summary: str, reason: str | None = None, *,
           user: str) -> None:
    """Add one audit entry by ``user`` (the caller holds the transaction of the action it records)."""
    AuditEntry.create(action=action, entity=entity, entity_id=entity_id, summary=summary,
                      reason=reason, user=user)
