"""The audit log as the viewer shows it: who did what, when, and why — filtered, and as a table to save.

Rows come newest first. The same rows make the screen list and the exported workbook
(:func:`audit_document`, a :class:`~app.domain.tables.TableDocument` for ``table_xlsx``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from app.domain.dates import format_date
from app.domain.tables import TableColumn, TableDocument
from app.domain.text import fold
from app.store.models import AuditEntry, database

ACTION_NAMES: dict[str, str] = {
    "delete": "Xóa",
    "cancel": "Hủy",
    "merge": "Gộp hồ sơ",
    "photo": "Thêm hoặc thay ảnh",
    "photo-remove": "Gỡ ảnh",
    "import": "Nhập từ danh sách",
    "reissue": "Cấp lại",
    "restore": "Khôi phục dữ liệu",
    "user-add": "Thêm người dùng",
    "user-role": "Đổi vai trò",
    "password": "Đổi mật khẩu",
    "auth-on": "Bật đăng nhập",
    "auth-off": "Tắt đăng nhập",
    "create": "Tạo mới",
    "issue": "Cấp giấy chứng nhận",
    "print": "In giấy chứng nhận",
    "settings": "Sửa cài đặt",
    "override": "Sửa kết quả",
    "edit": "Sửa danh mục",
    "add": "Thêm vào danh mục",
    "retire": "Ngừng dùng",
    "reactivate": "Dùng lại",
    "reset": "Khôi phục mặc định",
    "copy": "Sao chép lịch học",
}
ENTITY_NAMES: dict[str, str] = {
    "certificate": "Giấy chứng nhận",
    "course": "Lớp",
    "trainee": "Học viên",
    "enrollment": "Học viên của lớp",
    "lesson": "Buổi học",
    "feedback_template": "Mẫu phiếu phản hồi",
    "feedback": "Phiếu phản hồi",
    "database": "Cơ sở dữ liệu",
    "user": "Người dùng",
    "settings": "Cài đặt",
    "program": "Chương trình",
    "result_band": "Thang xếp loại",
    "catalogue_item": "Danh mục",
    "ethnic_group": "Dân tộc",
    "award": "Khen thưởng",
    "observation": "Dự giờ",
    "history": "Hồ sơ cũ",
}


@dataclass(frozen=True)
class AuditRow:
    """One line of the log, ready to show."""

    id: int
    at: dt.datetime
    user: str
    action: str
    entity: str
    entity_id: int | None
    summary: str
    reason: str

    @property
    def action_name(self) -> str:
        return ACTION_NAMES.get(self.action, self.action)

    @property
    def entity_name(self) -> str:
        return ENTITY_NAMES.get(self.entity, self.entity)

    @property
    def at_text(self) -> str:
        return f"{self.at:%H:%M} {format_date(self.at.date())}"


def audit_rows(action: str | None = None, start: dt.date | None = None, end: dt.date | None = None,
               text: str = "", *, limit: int | None = None) -> list[AuditRow]:
    """Entries newest first: of one action (code), between two dates (inclusive), containing ``text``
    (diacritics and case ignored, in what, why and who)."""
    query = AuditEntry.select().order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action == action)
    if start is not None:
        query = query.where(AuditEntry.at >= dt.datetime.combine(start, dt.time.min))
    if end is not None:
        query = query.where(AuditEntry.at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    candidates = [AuditRow(entry.id, entry.at, entry.user or "", entry.action, entry.entity, entry.entity_id,
                           entry.summary or "", entry.reason or "") for entry in query]
    if action in (None, "", "restore"):
        candidates = sorted(candidates + _restores(start, end), key=lambda r: (r.at, r.id), reverse=True)
    needle = fold(text)
    rows = []
    for row in candidates:
        if needle and needle not in fold(" ".join((row.summary, row.reason, row.user, row.action_name))):
            continue
        rows.append(row)
        if limit is not None and len(rows) >= limit:
            break
    return rows


def _restores(start: dt.date | None, end: dt.date | None) -> list[AuditRow]:
    """Restores are noted beside the database file (see ``backup.log_restore``), not in it."""
    from app.services.backup import restore_events

    if database.deferred or not database.database:
        return []
    rows = []
    for event in restore_events(Path(database.database)):
        at = event["at"]
        if (start and at.date() < start) or (end and at.date() > end):
            continue
        kept = f"; dữ liệu trước đó giữ ở tệp {Path(event['kept']).name}" if event.get("kept") else ""
        rows.append(AuditRow(0, at, event.get("user", ""), "restore", "database", None,
                             f"Khôi phục từ bản sao lưu {Path(event.get('source', '')).name}{kept}", ""))
    return rows


def actions_present() -> list[tuple[str, str]]:
    """(code, Vietnamese name) of every action found in the log, for the filter."""
    codes = [a for (a,) in AuditEntry.select(AuditEntry.action).distinct().tuples()]
    if _restores(None, None) and "restore" not in codes:
        codes.append("restore")
    return sorted(((c, ACTION_NAMES.get(c, c)) for c in codes), key=lambda pair: pair[1])


COLUMNS = [
    TableColumn("STT", 10, "center"),
    TableColumn("Thời gian", 28, "center"),
    TableColumn("Người thực hiện", 28),
    TableColumn("Thao tác", 26),
    TableColumn("Đối tượng", 30),
    TableColumn("Nội dung", 80),
    TableColumn("Lý do", 60),
]


def audit_document(rows: list[AuditRow], *, action: str | None = None, start: dt.date | None = None,
                   end: dt.date | None = None, text: str = "") -> TableDocument:
    """The rows as the printable, saveable table ``NHẬT KÝ THAO TÁC`` (with the filters in its subtitle)."""
    parts = []
    if start or end:
        parts.append(f"Từ ngày {format_date(start) or '…'} đến ngày {format_date(end) or '…'}")
    if action:
        parts.append(f"Thao tác: {ACTION_NAMES.get(action, action)}")
    if text:
        parts.append(f"Có chữ: {text}")
    cells = [(str(i), r.at_text, r.user, r.action_name, r.entity_name, r.summary, r.reason)
             for i, r in enumerate(rows, start=1)]
    return TableDocument(title="NHẬT KÝ THAO TÁC", subtitle="; ".join(parts), columns=list(COLUMNS), cells=cells,
                         notes=[f"Tổng số: {len(rows)} thao tác."], wide=True, sheet_name="Nhật ký", signed=False)
