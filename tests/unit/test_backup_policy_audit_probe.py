"""Changing the backup settings leaves an audit entry an inspector can read: Vietnamese labels,
only what changed, from → to; saving them unchanged adds no entry."""

from __future__ import annotations

from app.domain.rotation import RotationPolicy
from app.services import backup as backup_service
from app.store.models import AuditEntry


def _settings_entries() -> list[str]:
    return [e.summary for e in AuditEntry.select().where(AuditEntry.action == "settings").order_by(AuditEntry.id)]


def test_backup_settings_change_is_audited_in_vietnamese(session):
    backup_service.save_backup_policy(RotationPolicy(today=4, max_mb=50))
    assert _settings_entries() == [
        "Sửa cài đặt giữ bản sao lưu: Số bản sao lưu giữ trong ngày: 10 → 4; "
        "Dung lượng tối đa của các bản sao lưu (MB): 2048 → 50"]
    backup_service.save_backup_policy(RotationPolicy(today=4, max_mb=50))
    assert len(_settings_entries()) == 1  # nothing changed, nothing noted
