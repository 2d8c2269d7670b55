"""Checking, backing up and restoring the database file: one door to three rooms.

- :mod:`app.store.checks`: reading a file without opening it for use (integrity, a file cut
  short, schema version, is it ours, what it holds);
- :mod:`app.store.backups`: atomic checked copies, the automatic rotation, a crash's leftovers;
- :mod:`app.store.restore`: a backup put in place of the database (stage, then swap).

Backups use SQLite's online backup API (never a file copy of a live database), are written to a
temporary file, checked with ``integrity_check`` and only then renamed into place. A damaged
database is never backed up and never written to. The names below stay importable from here.
"""

from __future__ import annotations

from app.store.backups import (
    STALE_TEMP_AGE_S,
    STAMP_FORMAT,
    BackupInfo,
    automatic_backup,
    backup_dir_for,
    backup_target,
    backups_paused,
    fsync_dir,
    last_automatic_backup,
    latest_good_backup,
    list_backups,
    marker_path,
    read_policy,
    remove_stale_temporaries,
    rotate,
    rotation_cap,
    write_copy,
)
from app.store.checks import (
    REQUIRED_TABLES,
    CheckReport,
    FileContents,
    PendingCheck,
    backup_contents,
    check_file,
    check_header,
    connect_for_copy,
    connect_readonly,
    file_version,
    is_ours,
    read_as_immutable,
    read_revision,
    refuse_writes,
    require_healthy,
    require_supported_version,
    setting_in_file,
    sqlite_error_text,
)
from app.store.restore import (
    backup_current,
    discard_staged,
    fold_wal,
    keep_aside,
    restore_file,
    set_aside,
    stage_restore,
    swap_in,
    validate_restore_source,
)

__all__ = [
    "REQUIRED_TABLES",
    "STALE_TEMP_AGE_S",
    "STAMP_FORMAT",
    "BackupInfo",
    "CheckReport",
    "FileContents",
    "PendingCheck",
    "automatic_backup",
    "backup_contents",
    "backup_current",
    "backup_dir_for",
    "backup_target",
    "backups_paused",
    "check_file",
    "check_header",
    "connect_for_copy",
    "connect_readonly",
    "discard_staged",
    "file_version",
    "fold_wal",
    "fsync_dir",
    "is_ours",
    "keep_aside",
    "last_automatic_backup",
    "latest_good_backup",
    "list_backups",
    "marker_path",
    "read_as_immutable",
    "read_policy",
    "read_revision",
    "refuse_writes",
    "remove_stale_temporaries",
    "require_healthy",
    "require_supported_version",
    "restore_file",
    "rotate",
    "rotation_cap",
    "set_aside",
    "setting_in_file",
    "sqlite_error_text",
    "stage_restore",
    "swap_in",
    "validate_restore_source",
    "write_copy",
]
