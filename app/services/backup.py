"""Backup, restore and check as user actions (shared by the menu and the command line)."""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

from app.domain.changes import Topic, writes
from app.domain.errors import DatabaseDamagedError, StorageError, UserError, ValidationError
from app.domain.formatting import format_int
from app.domain.rotation import SETTING_PREFIX, RotationPolicy
from app.services import auth
from app.services.session import Session, open_session
from app.store import db as store_db
from app.store import migrations, safety
from app.store import models as store_models
from app.store.lock import COMMAND, WINDOW, InstanceLock

backup_target = safety.backup_target  # the rule lives with the files (the window's session uses it too)


def backup_file(db_path: Path, dest: Path, *, overwrite: bool = False) -> Path:
    """Copy the database at ``db_path`` to ``dest`` (a USB stick…) while others may use it.

    ``dest`` may be a folder (a dated file is written inside it); an existing file is replaced
    only with ``overwrite``. Returns the file written.
    """
    db_path = Path(db_path)
    dest = backup_target(db_path, dest, overwrite=overwrite)
    report = safety.check_file(db_path)
    if not report.ok:
        raise DatabaseDamagedError("Cơ sở dữ liệu bị hỏng nên không sao lưu (để không ghi đè "
                                   "bản sao lưu tốt). Hãy khôi phục từ bản sao lưu gần nhất.",
                                   details="\n".join(report.problems))
    conn = safety.connect_for_copy(db_path)  # also from a read-only stick or folder
    try:
        safety.write_copy(conn, dest)
    finally:
        conn.close()
    return dest


@writes(Topic.DATABASE)
def restore_path(db_path: Path, source: Path, *, command: str = "", wait_s: float = 0.0,
                 on_wait: Callable[[dict], object] | None = None) -> tuple[Session, Path | None]:
    """Restore ``source`` over the database at ``db_path`` (not open anywhere); open it.

    Refused while another copy of the program has the database open (a command ``command``, the
    restore command, waits up to ``wait_s`` for another command). Returns the opened session
    (migrated if the backup is older) and where the previous file was kept.
    """
    auth.require_role("admin", action="khôi phục dữ liệu", database_file=Path(db_path))
    problem = database_file_problem(Path(db_path), missing_ok=True)
    if problem:  # never put a backup in the place of somebody's text or Excel file
        raise UserError(f"{problem} Không khôi phục đè lên tệp này.")
    lock = InstanceLock(Path(db_path), kind=COMMAND if command else WINDOW, command=command)
    lock.acquire(wait_s=wait_s, on_wait=on_wait)
    try:
        aside = safety.restore_file(Path(db_path), Path(source), migrations.SCHEMA_VERSION)
    except BaseException:
        lock.release()
        raise
    lock.release()
    log_restore(Path(db_path), Path(source), aside)
    # Another command may take the lock in this moment (one that waited for the restore): it is
    # waited for as well, or the restore, done, would be reported as refused.
    session = open_session(db_path, backup_on_start=False, kind=lock.kind, command=command, wait_s=wait_s,
                           on_wait=on_wait)
    return session, aside


@dataclass(frozen=True)
class StagedRestore:
    """A backup checked and copied beside the database, ready to take its place."""

    db_path: Path
    source: Path
    staged: Path


def prepare_restore(db_path: Path, source: Path) -> StagedRestore:
    """The slow half of a restore, fit for the window's worker thread while the database is open:
    check ``source`` (readable, healthy, ours, not newer), copy it beside the database, and back up
    the current data into the rotation. Writes nothing to the database itself.
    """
    auth.require_role("admin", action="khôi phục dữ liệu")
    db_path, source = Path(db_path), Path(source)
    safety.validate_restore_source(source, migrations.SCHEMA_VERSION)
    staged = safety.stage_restore(db_path, source)
    try:
        safety.backup_current(db_path)
    except BaseException:
        safety.discard_staged(staged)
        raise
    return StagedRestore(db_path, source, staged)


def discard_restore(prepared: StagedRestore) -> None:
    """Remove the staged copy of a restore that will not happen."""
    safety.discard_staged(prepared.staged)


@writes(Topic.DATABASE)
def finish_restore(session: Session, prepared: StagedRestore) -> Path | None:
    """The quick half, on the thread that owns the session's connection: fold the WAL, close,
    swap the staged copy in, reopen (migrating an older backup). Returns where the previous file
    was kept. No automatic backup runs meanwhile; if the swap is refused, the current database
    stays open and the staged copy is removed.
    """
    with safety.backups_paused():
        try:
            safety.fold_wal(store_models.database.connection())
        except BaseException:
            safety.discard_staged(prepared.staged)
            raise
        store_db.close()
        try:
            aside = safety.swap_in(session.path, prepared.staged)
        finally:
            store_db.bind(session.path)
    log_restore(session.path, prepared.source, aside)
    migrations.migrate(store_models.database)
    return aside


@writes(Topic.DATABASE)
def restore_from(session: Session, source: Path) -> Path | None:
    """Restore ``source`` in place of the session's database, keeping the session's lock, in one
    call (:func:`prepare_restore` then :func:`finish_restore`); the window runs the halves apart.
    If the source is refused, the current database stays open.
    """
    return finish_restore(session, prepare_restore(session.path, source))


def restore_log_path(db_path: Path) -> Path:
    return Path(db_path).with_name(f"{Path(db_path).stem}.nhat-ky-khoi-phuc.jsonl")


def log_restore(db_path: Path, source: Path, aside: Path | None) -> None:
    """Note a restore (when, who, from what, where the old data went) in a file beside the database.

    Not in the database: the restored data cannot hold its own restore, and restoring an older
    backup later would erase the note. Best effort: a restore is not undone for want of its note.
    """
    user = auth.current_user()
    try:
        who = user.username if user else getpass.getuser()
    except (OSError, KeyError, ImportError):
        who = ""
    entry = {"at": dt.datetime.now().isoformat(), "user": who, "source": str(source),
             "kept": str(aside) if aside else ""}
    with contextlib.suppress(OSError), restore_log_path(db_path).open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def restore_events(db_path: Path) -> list[dict]:
    """The restores noted beside the database, oldest first (unreadable lines skipped)."""
    events = []
    with contextlib.suppress(OSError), restore_log_path(db_path).open(encoding="utf-8") as fh:
        for line in fh:
            with contextlib.suppress(ValueError, TypeError, KeyError):
                entry = json.loads(line)
                events.append({**entry, "at": dt.datetime.fromisoformat(entry["at"])})
    return events


CheckReport = safety.CheckReport
BackupInfo = safety.BackupInfo


def backup_folder(db_path: Path) -> Path:
    """Where the automatic backups of ``db_path`` go."""
    return safety.backup_dir_for(Path(db_path))


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The automatic backups of ``db_path``, newest first."""
    return safety.list_backups(Path(db_path))


def latest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest automatic backup of ``db_path`` that passes the integrity check, if any."""
    return safety.latest_good_backup(Path(db_path))


def check(db_path: Path) -> safety.CheckReport:
    """Full integrity check of the file, plus its schema version against this program."""
    report = safety.check_file(Path(db_path), full=True)
    if report.ok and report.user_version is not None \
            and report.user_version > migrations.SCHEMA_VERSION:
        report.ok = False
        report.problems.append(
            f"Phiên bản dữ liệu {report.user_version} mới hơn chương trình "
            f"({migrations.SCHEMA_VERSION}).")
    return report


# --- rotation settings and the list of automatic backups -----------------------------------


def backup_policy() -> RotationPolicy:
    """The rotation settings of the open database (defaults where none were saved)."""
    from app.services.settings import get_setting

    values = {f.name: get_setting(SETTING_PREFIX + f.name) for f in fields(RotationPolicy)}
    return RotationPolicy.from_settings({k: v for k, v in values.items() if v is not None})


@writes(Topic.SETTINGS, Topic.AUDIT)
def save_backup_policy(policy: RotationPolicy) -> RotationPolicy:
    """Validate and save the rotation settings in one transaction (admin when sign-in is on)."""
    from app.services.settings import put_setting

    auth.require_role("admin", action="sửa cài đặt sao lưu")
    problems = policy.problems()
    if problems:
        name, message = next(iter(problems.items()))
        raise ValidationError(message, field=name)
    from app.domain.rotation import LABELS
    from app.services import audit

    before = backup_policy().as_settings()
    changed = [f"{LABELS.get(name, name)}: {before.get(name)} → {value}"
               for name, value in policy.as_settings().items() if before.get(name) != value]
    with store_db.write():
        for name, value in policy.as_settings().items():
            put_setting(SETTING_PREFIX + name, value)
        if changed:
            audit.record("settings", "settings", None, "Sửa cài đặt giữ bản sao lưu: " + "; ".join(changed),
                         user=auth.acting_user())
    return policy


@dataclass(frozen=True)
class BackupDetails:
    """One backup (or the database now) as ``boiduong backups`` and the Khôi phục dialog list it."""

    path: Path
    taken_at: dt.datetime
    size: int
    courses: int | None = None       # None when the file cannot be read
    trainees: int | None = None
    certificates: int | None = None
    changed_at: dt.datetime | None = None
    problem: str = ""
    revision: int | None = None
    newer_version: int | None = None  # the data version of a file a newer program made (not restorable)

    @property
    def readable(self) -> bool:
        """Whether this copy can be restored: read, healthy, and not made by a newer program."""
        return not self.problem and self.courses is not None and self.newer_version is None

    def newer_text(self) -> str:
        return (f"do phiên bản mới hơn của chương trình tạo (phiên bản dữ liệu {self.newer_version}, "
                f"chương trình này hiểu tới {migrations.SCHEMA_VERSION}): hãy cập nhật chương trình để khôi "
                "phục từ bản này")

    def holds(self) -> str:
        """``12 lớp, 340 học viên, 290 giấy chứng nhận`` (or why it cannot be read)."""
        if self.newer_version is not None and not self.problem:
            return self.newer_text()
        if not self.readable:
            return f"hỏng: {self.problem}" if self.problem else "không đọc được"
        return (f"{format_int(self.courses)} lớp, {format_int(self.trainees)} học viên, "
                f"{format_int(self.certificates)} giấy chứng nhận")

    def changed_text(self) -> str:
        return f"{self.changed_at:%H:%M} ngày {self.changed_at:%d/%m/%Y}" if self.changed_at else "không rõ"

    def loss_against(self, now: BackupDetails) -> str:
        """What restoring this copy loses compared with ``now``, in words: ``mất 3 lớp, 41 học viên,
        12 giấy chứng nhận, các thay đổi sau 14:20 ngày 02/12/2026``; ``không mất gì`` when it holds
        the same data; what comes back when the copy holds more (deleted rows)."""
        if self.newer_version is not None and not self.problem:
            return f"không khôi phục được: {self.newer_text()}"
        if not self.readable:
            return "không khôi phục được từ bản này"
        if not now.readable:
            return "không so được với dữ liệu hiện tại (dữ liệu hiện tại không đọc được)"
        if self.revision is not None and self.revision == now.revision and \
                (self.courses, self.trainees, self.certificates) == (now.courses, now.trainees, now.certificates):
            return "không mất gì (giống dữ liệu hiện tại)"
        lost, back = [], []
        for mine, theirs, unit in ((self.courses, now.courses, "lớp"), (self.trainees, now.trainees, "học viên"),
                                   (self.certificates, now.certificates, "giấy chứng nhận")):
            assert mine is not None and theirs is not None  # both readable
            if theirs > mine:
                lost.append(f"{format_int(theirs - mine)} {unit}")
            elif mine > theirs:
                back.append(f"{format_int(mine - theirs)} {unit}")
        since = self.changed_at or self.taken_at
        lost.append(f"các thay đổi sau {since:%H:%M} ngày {since:%d/%m/%Y}")
        text = "mất " + ", ".join(lost)
        if back:
            text += "; có lại " + ", ".join(back) + " đã bị xóa sau đó"
        return text

    def line(self) -> str:
        """``dd/mm/yyyy HH:MM:SS<TAB>size<TAB>N lớp<TAB>N học viên<TAB>N GCN<TAB>sửa lần cuối …<TAB>file``."""
        when = self.taken_at.strftime("%d/%m/%Y %H:%M:%S")
        if self.problem:
            return "\t".join((when, format_size(self.size), f"hỏng: {self.problem}", self.path.name))
        if self.newer_version is not None:
            return "\t".join((when, format_size(self.size), self.newer_text(), self.path.name))
        changed = (f"sửa lần cuối {self.changed_at:%d/%m/%Y %H:%M}" if self.changed_at
                   else "sửa lần cuối: không rõ")
        return "\t".join((when, format_size(self.size), f"{format_int(self.courses)} lớp",
                          f"{format_int(self.trainees)} học viên",
                          f"{format_int(self.certificates)} giấy chứng nhận", changed, self.path.name))


def format_size(size: int) -> str:
    """Bytes as a person reads them: ``812 KB``, ``13,4 MB`` (Vietnamese decimal comma)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024)) if size else 0} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def backup_details(db_path: Path, *, check: bool = True) -> list[BackupDetails]:
    """The automatic backups of ``db_path``, newest first, with what each holds (read-only).

    ``check``: run SQLite's ``quick_check`` on each (it reads the whole file); without it only the
    header is checked and the counts read (a restore checks the chosen file in full anyway)."""
    out = []
    for info in safety.list_backups(Path(db_path)):
        try:
            size = info.path.stat().st_size
        except OSError:
            continue  # rotated away meanwhile
        out.append(_details(info.path, info.taken_at, size, info.revision, check=check))
    return out


def file_details(path: Path, *, check: bool = True) -> BackupDetails:
    """What any database file holds (a backup on a USB stick, or the database in use), read-only;
    ``taken_at`` is the file's modification time."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError as exc:
        return BackupDetails(path, dt.datetime.now(), 0, problem=f"không đọc được tệp ({exc.strerror or exc})")
    return _details(path, dt.datetime.fromtimestamp(st.st_mtime), st.st_size, None, check=check)


@dataclass(frozen=True)
class RestoreChoices:
    """What the Khôi phục dialog shows: the data now, and each automatic backup."""

    current: BackupDetails
    backups: list[BackupDetails]


def restore_choices(db_path: Path) -> RestoreChoices:
    """The database now and its automatic backups, newest first, each with what it holds (read
    from the files without opening them for use; their headers checked, not every page: the one
    chosen is checked in full before it is restored). Reads files: run it off the GUI thread."""
    return RestoreChoices(file_details(Path(db_path), check=False), backup_details(Path(db_path), check=False))


def _details(path: Path, taken_at: dt.datetime, size: int, revision: int | None, *,
             check: bool = True) -> BackupDetails:
    report = safety.check_file(path) if check else safety.check_header(path)
    if not report.ok:
        return BackupDetails(path, taken_at, size, problem=report.problems[0] if report.problems else "",
                             revision=revision)
    try:
        contents = safety.backup_contents(path)
    except StorageError as exc:
        return BackupDetails(path, taken_at, size, problem=exc.message, revision=revision)
    version = safety.file_version(path)
    newer = version if version is not None and version > migrations.SCHEMA_VERSION else None
    changed = None
    if contents.changed_at:
        with contextlib.suppress(ValueError, TypeError):
            changed = dt.datetime.fromisoformat(json.loads(contents.changed_at))
    return BackupDetails(path, taken_at, size, contents.courses, contents.trainees, contents.certificates,
                         changed, revision=contents.revision, newer_version=newer)


# --- is this path one of our databases? --------------------------------------------------------

_FOREIGN_MAGIC = {b"PK\x03\x04": "tệp nén hoặc tệp Excel/Word (.xlsx, .docx, .zip)",
                  b"\xd0\xcf\x11\xe0": "tệp Excel/Word cũ (.xls, .doc)",
                  b"%PDF": "tệp PDF"}


def database_file_problem(path: Path, *, missing_ok: bool = False) -> str | None:
    """Why ``path`` cannot be opened as one of our databases, in Vietnamese; None when it can be
    (or, with ``missing_ok``, when it does not exist yet).

    Reads only, creates nothing: a mistyped path leaves no folder and no lock file behind. A file
    that is plainly something else (a folder, a text, Excel or PDF file, another program's SQLite
    database) is said to be so, not "damaged"; a binary file with a broken header is left to the
    integrity check, which says it is damaged and offers the backups.
    """
    path = Path(path)
    if path.is_dir():
        return f"{path} là một thư mục, không phải cơ sở dữ liệu của chương trình."
    if not path.exists():
        return None if missing_ok else f"Không tìm thấy cơ sở dữ liệu {path} (không có tệp nào được tạo)."
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        return f"Không đọc được tệp {path}: {exc.strerror or exc}."
    if size == 0:
        return f"Tệp {path} trống (0 byte): không phải cơ sở dữ liệu của chương trình."
    if not head.startswith(b"SQLite format 3\x00"):
        for magic, kind in _FOREIGN_MAGIC.items():
            if head.startswith(magic):
                return f"Tệp {path} là {kind}, không phải cơ sở dữ liệu của chương trình."
        if b"\x00" not in head:
            return f"Tệp {path} là tệp văn bản, không phải cơ sở dữ liệu của chương trình."
        return None  # binary, with a broken header: the integrity check says it is damaged
    if not safety.is_ours(path):
        return f"Tệp {path} là cơ sở dữ liệu của một chương trình khác, không phải cơ sở dữ liệu của chương trình."
    return None
