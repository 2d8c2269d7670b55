"""Importing a roster into a class: a preview that marks every row, then all of it or none of it.

Each row is *new* (a trainee to create), *existing* (a trainee already on file: same citizen ID,
or same name and birth date), a *duplicate* of an earlier row of the same file, or an *error* with
the reason. Nothing is written until :func:`commit_roster`, which writes every new trainee and
every enrollment in one transaction after a backup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.dates import format_date
from app.domain.errors import UserError, ValidationError
from app.domain.text import clean, fold
from app.exchange.roster_reader import RosterRow, read_roster
from app.services.courses import find_course, find_or_create_organization
from app.services.trainees import TraineeInput, check_trainee
from app.store import db
from app.store.models import Enrollment, Trainee

NEW, EXISTING, DUPLICATE, ERROR = "new", "existing", "duplicate", "error"
_TRUE_WORDS = {"x", "co", "dv", "dang vien", "1", "true", "yes", "v"}


@dataclass
class PreviewRow:
    row: int
    status: str
    name: str = ""
    birth: str = ""
    reason: str = ""
    duplicate_of: int | None = None
    trainee_id: int | None = None
    already_enrolled: bool = False
    values: dict | None = None  # validated trainee columns, for new rows
    unit: str = ""
    position: str = ""
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The command line's report of this row (format pinned by tests)."""
        if self.status == DUPLICATE:
            return f"row {self.row}: duplicate of row {self.duplicate_of}"
        if self.status == ERROR:
            return f"row {self.row}: error: {self.reason}"
        return f"row {self.row}: {self.status}"


@dataclass
class RosterPreview:
    course_id: int
    course_code: str
    source: Path
    rows: list[PreviewRow]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def has_errors(self) -> bool:
        return any(r.status == ERROR for r in self.rows)


@dataclass
class ImportResult:
    created: int
    enrolled: int
    skipped_errors: int


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value))


def _birth_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return format_date(value.date())
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value)
        if 1000 <= number <= 9999:
            return str(number)
        if 1 <= number <= 80000:  # an Excel serial day number stored without a date format
            return format_date(dt.date(1899, 12, 30) + dt.timedelta(days=number))
    return _text(value)


def _citizen_id_text(value: object) -> str:
    text = _text(value)
    # A number cell drops the leading zero of the province code (every code starts with 0).
    if text.isdigit() and len(text) == 11 and not isinstance(value, str):
        text = "0" + text
    return text


def _party(value: object) -> bool:
    return fold(_text(value)) in _TRUE_WORDS


def row_input(row: RosterRow) -> TraineeInput:
    """The trainee fields of a roster row, as text."""
    v = row.values
    name = _text(v.get("full_name"))
    if not name and (v.get("family_middle") or v.get("given_name")):
        name = f"{_text(v.get('family_middle'))} {_text(v.get('given_name'))}"
    position = _text(v.get("position_unit")) or _text(v.get("position"))
    return TraineeInput(full_name=name, birth=_birth_text(v.get("birth")), gender=_text(v.get("gender")),
                        ethnic_group=_text(v.get("ethnic_group")), citizen_id=_citizen_id_text(v.get("citizen_id")),
                        old_id_number=_text(v.get("old_id_number")), party_member=_party(v.get("party_member")),
                        position=position, unit=_text(v.get("unit")), theory_level=_text(v.get("theory_level")),
                        phone=_text(v.get("phone")), note=_text(v.get("note")))


def preview_roster(path: Path, course_code: str) -> RosterPreview:
    """Read and judge every row; writes nothing."""
    course = find_course(course_code)
    sheet = read_roster(Path(path))
    enrolled = {t for (t,) in Enrollment.select(Enrollment.trainee).where(Enrollment.course == course.id).tuples()}
    seen: dict[str, int] = {}
    rows = [_judge(row, seen, enrolled) for row in sheet.rows]
    return RosterPreview(course.id, course.code, Path(path), rows)


def _judge(row: RosterRow, seen: dict[str, int], enrolled: set[int]) -> PreviewRow:
    data = row_input(row)
    result = PreviewRow(row=row.row, status=ERROR, name=data.full_name, birth=data.birth,
                        position=data.position, unit=data.unit)
    if row.values.get("_errors"):
        result.reason = "; ".join(row.values["_errors"])
        return result
    citizen_id = "".join(ch for ch in data.citizen_id if ch.isdigit())
    try:
        if citizen_id:
            holder = Trainee.get_or_none(Trainee.citizen_id == citizen_id)
            if holder is not None:
                if fold(holder.full_name) != fold(data.full_name):
                    raise ValidationError(f"số CCCD {citizen_id} đã thuộc học viên {holder.full_name}")
                data.citizen_id = ""  # the existing record keeps its number
                return _existing(result, holder.id, enrolled, seen, citizen_id)
        checked = check_trainee(data)
    except UserError as exc:
        result.reason = exc.message.rstrip(".")
        return result
    keys = [f"id:{citizen_id}"] if citizen_id else []
    keys.append(f"nb:{checked.values['search_key']}|{checked.values['birth_year']}|{checked.values['birth_date']}")
    for key in keys:
        if key in seen:
            result.status, result.duplicate_of = DUPLICATE, seen[key]
            return result
    for key in keys:
        seen[key] = row.row
    result.warnings = checked.warnings
    if checked.warnings:  # a mismatch the command line cannot confirm: the user fixes the file
        result.reason = "; ".join(w.rstrip(".") for w in checked.warnings)
        return result
    if checked.possible_duplicates:
        result.status, result.trainee_id = EXISTING, checked.possible_duplicates[0]
        result.already_enrolled = result.trainee_id in enrolled
        return result
    result.status, result.values = NEW, checked.values
    return result


def _existing(result: PreviewRow, trainee_id: int, enrolled: set[int], seen: dict[str, int],
              citizen_id: str) -> PreviewRow:
    key = f"id:{citizen_id}"
    if key in seen:
        result.status, result.duplicate_of = DUPLICATE, seen[key]
        return result
    seen[key] = result.row
    result.status, result.trainee_id = EXISTING, trainee_id
    result.already_enrolled = trainee_id in enrolled
    return result


def commit_roster(preview: RosterPreview, *, skip_errors: bool = False,
                  backup: Callable[[], object] | None = None) -> ImportResult:
    """Write the preview: every new trainee and every enrollment, in one transaction.

    Refused (nothing written) when a row has an error, unless ``skip_errors``. ``backup`` is
    called first (the session's backup), since an import is a bulk change.
    """
    errors = preview.count(ERROR)
    if errors and not skip_errors:
        raise ValidationError(f"Danh sách có {errors} dòng lỗi; chưa ghi gì. Hãy sửa tệp hoặc bỏ qua các dòng lỗi.")
    if backup is not None:
        backup()
    created = enrolled = 0
    with db.write():
        for row in preview.rows:
            if row.status == NEW:
                trainee = Trainee.create(organization=find_or_create_organization(row.unit),
                                         unit_text=row.unit or None, **row.values)
                trainee_id = trainee.id
                created += 1
            elif row.status == EXISTING and not row.already_enrolled:
                trainee_id = row.trainee_id
            else:
                continue
            Enrollment.create(course=preview.course_id, trainee=trainee_id,
                              position_at_time=row.position or None, unit_at_time=row.unit or None)
            enrolled += 1
    return ImportResult(created=created, enrolled=enrolled, skipped_errors=errors if skip_errors else 0)


# --- rows pasted from Excel ----------------------------------------------------------------


def preview_pasted_roster(text: str, course_code: str) -> RosterPreview:
    """Judge rows pasted from Excel (tab-separated, the header line first) exactly as a file's rows:
    the same column names, the same new / existing / duplicate / error marks. Writes nothing.
    Row numbers count the pasted lines from 1 (the header)."""
    from app.exchange.roster_reader import read_pasted_roster

    course = find_course(course_code)
    sheet = read_pasted_roster(text)
    enrolled = {t for (t,) in Enrollment.select(Enrollment.trainee).where(Enrollment.course == course.id).tuples()}
    seen: dict[str, int] = {}
    rows = [_judge(row, seen, enrolled) for row in sheet.rows]
    return RosterPreview(course.id, course.code, Path("bảng dán"), rows)
