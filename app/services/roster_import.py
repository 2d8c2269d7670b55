"""Importing a roster into a class: a preview that names every row, then all of it or none of it.

Each trainee row is *new* (a person to create), *existing* (a trainee on file, by the identity
rules of :mod:`app.services.identity`), a *duplicate* of an earlier row of the same file, an
*error* with the reason, or *ambiguous*: the candidates are shown and the clerk picks one or
"Người mới" (:meth:`RosterPreview.choose`). The rows that are not trainees are listed too, as
*section* (a heading, used as the unit of the rows under it) or *skipped* (a signature block, a
totals row…). Nothing is written until :func:`commit_roster`, which writes every new trainee,
every enrollment and every detail the file adds to a record (audited) in one transaction after a
backup; a question left open writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from app.domain.changes import Topic, writes
from app.domain.citizen_id import TEXT_MARKS
from app.domain.dates import format_date
from app.domain.errors import UserError, ValidationError
from app.domain.formatting import format_birth
from app.domain.text import clean, fold
from app.exchange.roster_reader import RosterRow, RosterSheet, read_roster
from app.services import audit, auth, identity
from app.services.courses import find_course, find_or_create_organization
from app.services.identity import Candidate, Known, Registry, Verdict, decide, describe, same_name
from app.services.organizations import find_organization, match_key
from app.services.trainees import TraineeInput, validate_trainee
from app.store import db
from app.store.models import Course, Enrollment, EthnicGroup, Trainee, person_keys

NEW, EXISTING, DUPLICATE, ERROR, AMBIGUOUS = "new", "existing", "duplicate", "error", "ambiguous"
SECTION, SKIPPED = "section", "skipped"
TRAINEE_STATUSES = (NEW, EXISTING, DUPLICATE, ERROR, AMBIGUOUS)
NEW_PERSON = 0  # the clerk's choice "Người mới" for an ambiguous row

# Party-member marks, folded. Blank is "no"; anything else unknown is an error, never a silent "no".
_PARTY_YES = {"x", "co", "dv", "d/v", "d.v", "d.vien", "dang vien", "dang vien chinh thuc", "dvct", "1", "true",
              "yes", "v", "✓", "✔", "☑"}
_PARTY_PROBATIONARY = {"dang vien du bi", "du bi", "dvdb", "dv du bi", "d/v du bi", "d/v (du bi)",
                       "dang vien (du bi)", "dv (du bi)"}
_PARTY_NO = {"", "khong", "k", "0", "-", "no", "false", "chua", "chua la dang vien"}


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
    values: dict | None = None  # validated trainee columns (new rows, and ambiguous ones)
    unit: str = ""
    position: str = ""
    warnings: list[str] = field(default_factory=list)
    reason_code: str = ""  # a skipped row's reason, in English, for the command line
    section: str = ""  # the heading the row sits under
    original: dict[str, str] = field(default_factory=dict)  # field → text before encoding conversion
    typed_name: str = ""  # the name as the file wrote it, when it was recased
    candidates: list[Candidate] = field(default_factory=list)  # ambiguous: who it may be
    choice: int | None = None  # ambiguous: the candidate picked, or NEW_PERSON; None while open
    additions: dict[str, object] = field(default_factory=dict)  # what the file adds to the record
    addition_texts: list[str] = field(default_factory=list)  # the same, for the preview

    def line(self) -> str:
        """The command line's report of this row (format pinned by tests)."""
        if self.status == SECTION:
            return f"row {self.row}: section: {self.name}"
        if self.status == SKIPPED:
            return f"row {self.row}: skipped: {self.reason_code}"
        if self.status == DUPLICATE:
            return f"row {self.row}: duplicate of row {self.duplicate_of}"
        if self.status == ERROR:
            return f"row {self.row}: error: {self.reason}"
        if self.status == AMBIGUOUS:
            return f"row {self.row}: ambiguous: {len(self.candidates)} candidates"
        born = f" ({self.birth})" if self.birth else ""
        return f"row {self.row}: {self.status} {self.name}{born}"

    @property
    def open_question(self) -> bool:
        return self.status == AMBIGUOUS and self.choice is None

    @property
    def joins(self) -> int | None:
        """The trainee on file this row enrols (existing, or an ambiguous row resolved to one)."""
        if self.status == EXISTING or (self.status == AMBIGUOUS and self.choice):
            return self.trainee_id
        return None

    @property
    def creates(self) -> bool:
        return self.status == NEW or (self.status == AMBIGUOUS and self.choice == NEW_PERSON)

    @property
    def additions_text(self) -> str:
        return ("bổ sung: " + "; ".join(self.addition_texts)) if self.addition_texts else ""


@dataclass
class RosterPreview:
    course_id: int
    course_code: str
    source: Path
    rows: list[PreviewRow]
    encoding: str = "unicode"
    converted_cells: int = 0
    sheet_name: str = ""  # where the table was found: its sheet and header row (0: not known)
    header_row: int = 0
    ignored_columns: list[str] = field(default_factory=list)  # titles of the columns not read ("Sở thích")

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def has_errors(self) -> bool:
        return any(r.status == ERROR for r in self.rows)

    @property
    def open_questions(self) -> int:
        return sum(1 for r in self.rows if r.open_question)

    @property
    def trainee_rows(self) -> int:
        """Rows under the header read as people (whatever their status); 0 for a list left empty."""
        return sum(1 for r in self.rows if r.status in TRAINEE_STATUSES)

    def where(self) -> str:
        """Where the table's header is, for a message: ``trang "Danh sách", dòng 4`` ("" if not known)."""
        return f"trang \"{self.sheet_name}\", dòng {self.header_row}" if self.header_row else ""

    def encoding_line(self) -> str:
        """``encoding: TCVN3 → Unicode (N cells)`` when the file was converted, else ''."""
        if self.encoding in ("", "unicode") or not self.converted_cells:
            return ""
        return f"encoding: {self.encoding.upper()} → Unicode ({self.converted_cells} cells)"

    def lines(self) -> list[str]:
        """What the command line prints: the encoding line, then one line per row."""
        head = [self.encoding_line()] if self.encoding_line() else []
        return head + [r.line() for r in self.rows]

    def choose(self, row_number: int, choice: int | None) -> PreviewRow:
        """The clerk's answer for an ambiguous row: a candidate's id, :data:`NEW_PERSON`, or None
        (undecided again). Refused when that candidate is already another row of the file."""
        row = next((r for r in self.rows if r.row == row_number and r.status == AMBIGUOUS), None)
        if row is None:
            raise ValidationError(f"Dòng {row_number} không cần chọn người.")
        row.additions, row.addition_texts = {}, []
        row.trainee_id, row.already_enrolled = None, False
        if choice is None or choice == NEW_PERSON:
            row.choice = choice
            return row
        if choice not in {c.id for c in row.candidates}:
            raise ValidationError(f"Dòng {row_number}: người được chọn không nằm trong danh sách gợi ý.")
        taken = next((r.row for r in self.rows if r is not row and r.joins == choice), None)
        if taken is not None:
            raise ValidationError(f"Dòng {row_number}: người này đã là dòng {taken} của tệp.")
        enrolled = Enrollment.select().where((Enrollment.course == self.course_id)
                                             & (Enrollment.trainee == choice)).exists()
        row.choice, row.trainee_id, row.already_enrolled = choice, choice, enrolled
        _find_additions(row)
        return row


@dataclass
class ImportResult:
    created: int
    enrolled: int
    skipped_errors: int
    updated: int = 0
    skipped_questions: int = 0


# --- reading the values of a row ---------------------------------------------------------------


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
        # An Excel day number stored without a date format, from 1927 on: a smaller number is no
        # living trainee's birth but an age or a slip, left to be refused as typed.
        if 10_000 <= number <= 80000:
            return format_date(dt.date(1899, 12, 30) + dt.timedelta(days=number))
    return _text(value)


def _citizen_id_text(value: object) -> str:
    text = _text(value).lstrip(TEXT_MARKS)  # '0010… : typed so in Excel to keep the zero
    # A number cell drops the leading zeros of the province code (every code starts with 0): put
    # back, they are checked against the row's birth year and gender (see _lost_zeros).
    if _lost_zeros(value, text):
        text = text.zfill(12)
    return text


def _lost_zeros(cell: object, text: str) -> bool:
    """A CCCD written in a number cell, which dropped its leading zero(s)."""
    return not isinstance(cell, str) and text.isdigit() and len(text) in (10, 11)


def _id_numbers(cccd_cell: object, cmnd_cell: object) -> tuple[str, str]:
    """(CCCD, old CMND) as text. A "Số CMND/CCCD" column also holds old 9-digit CMNDs, and a CMND
    stored as a number has lost its leading zero (8 digits): those go to the CMND field."""
    citizen_id, old_id = _citizen_id_text(cccd_cell), _text(cmnd_cell).lstrip(TEXT_MARKS)
    digits = "".join(ch for ch in citizen_id if ch.isdigit())
    plain = citizen_id.replace(" ", "").replace(".", "").replace("-", "") == digits
    if plain and (len(digits) == 9 or (len(digits) == 8 and not isinstance(cccd_cell, str))):
        number = digits.zfill(9)
        if not old_id or "".join(ch for ch in old_id if ch.isdigit()).zfill(9) == number:
            return "", number
    if old_id.isdigit() and len(old_id) == 8 and not isinstance(cmnd_cell, str):
        old_id = old_id.zfill(9)
    return citizen_id, old_id


def party_mark(value: object) -> tuple[bool, bool]:
    """(party member, probationary) from a roster's mark: x, Đ/v, đảng viên, ✓ → member; đảng viên
    dự bị → probationary member; blank or "không" → not a member; anything else is an error."""
    if isinstance(value, bool):
        return value, False
    key = " ".join(fold(_text(value)).replace("\u00a0", " ").split()).strip(" .")
    if key in _PARTY_PROBATIONARY:
        return True, True
    if key in _PARTY_YES:
        return True, False
    if key in _PARTY_NO:
        return False, False
    raise ValidationError(f"Không hiểu dấu đảng viên \"{_text(value)}\": ghi x, Đ/v hoặc \"đảng viên\" "
                          "(\"đảng viên dự bị\" nếu là dự bị), để trống nếu không phải đảng viên.")


def name_case(name: str) -> str:
    """A name typed in ALL CAPS or all lower case, in title case ("NGUYỄN VĂN AN" → "Nguyễn Văn An");
    a name with mixed case is kept as typed."""
    name = clean(name)
    if name.upper() == name.lower() or name not in (name.upper(), name.lower()):
        return name

    # A capital after a hyphen, and after an apostrophe (H'Hen Niê, Ksor H’Bia): each piece is a word.
    return "".join(part[:1].upper() + part[1:].lower() for part in re.split(r"([ \-'\u2019])", name))


MIN_AGE = 15  # no trainee of a political class is younger when it starts


def too_young(values: dict[str, Any], start: dt.date | None) -> str:
    """Why a trainee born so is no trainee of a class starting on ``start`` (younger than
    :data:`MIN_AGE`: a class date typed in the birth column, a year mistyped), or ""."""
    born: dt.date | None = values.get("birth_date")
    year: int | None = born.year if born else values.get("birth_year")
    if start is None or year is None:
        return ""
    birthday_to_come = born is not None and (start.month, start.day) < (born.month, born.day)
    if start.year - year - birthday_to_come >= MIN_AGE:
        return ""
    return (f"sinh {format_birth(born, year)}, chưa đủ {MIN_AGE} tuổi khi lớp khai giảng {format_date(start)}: "
            "hãy kiểm tra lại ngày sinh")


def row_input(row: RosterRow) -> TraineeInput:
    """The trainee fields of a roster row, as text (the name as the file wrote it)."""
    v = row.values
    name = _text(v.get("full_name"))
    if not name and (v.get("family_middle") or v.get("given_name")):
        name = f"{_text(v.get('family_middle'))} {_text(v.get('given_name'))}"
    position = _text(v.get("position_unit")) or _text(v.get("position"))
    citizen_id, old_id = _id_numbers(v.get("citizen_id"), v.get("old_id_number"))
    birth, gender = _birth_text(v.get("birth")), _text(v.get("gender"))
    if _lost_zeros(v.get("citizen_id"), _text(v.get("citizen_id"))) and not (birth and gender):
        # The zeros put back are only sure when the number's own birth-year and sex digits can be
        # checked against the row (validate_trainee does); without them, never a guess.
        raise ValidationError(f"Số CCCD {_text(v.get('citizen_id'))} nằm trong ô kiểu số nên đã mất số 0 ở đầu; "
                              "dòng này không có đủ ngày sinh và giới tính để đối chiếu. Hãy định dạng cột CCCD là "
                              "văn bản (Text), gõ lại đủ 12 chữ số rồi nhập lại.", field="citizen_id")
    member, probationary = party_mark(v.get("party_member"))
    return TraineeInput(full_name=name, birth=birth, gender=gender,
                        ethnic_group=_text(v.get("ethnic_group")), citizen_id=citizen_id, old_id_number=old_id,
                        party_member=member, party_probationary=probationary, position=position,
                        unit=_text(v.get("unit")) or name_case(getattr(row, "section", "")),
                        theory_level=_text(v.get("theory_level")), phone=_text(v.get("phone")),
                        note=_text(v.get("note")))


# --- judging the rows ---------------------------------------------------------------------------


def _read(path: Path, encoding: str | None, required: tuple[str, ...] = ()) -> RosterSheet:
    """The file's roster table; ``encoding`` only when the clerk forced one."""
    return read_roster(Path(path), required=required, encoding=encoding)


def preview_roster(path: Path, course_code: str, *, encoding: str | None = None) -> RosterPreview:
    """Read and judge every row; writes nothing. ``encoding`` forces "unicode", "tcvn3" or "vni"."""
    course = find_course(course_code)
    sheet = _read(path, encoding)
    return judge_sheet(sheet, course.id, course.code, Path(path))


def judge_sheet(sheet: RosterSheet, course_id: int, course_code: str, source: Path) -> RosterPreview:
    """The preview of a sheet already read (the file's or pasted rows)."""
    start = Course.get_by_id(course_id).start_date
    read = [_read_row(row, start) for row in sheet.rows]
    _judge_people(read, course_id)
    rows = [r.preview for r in read]
    for other in sheet.others:
        status = SECTION if other.kind == "section" else SKIPPED
        rows.append(PreviewRow(row=other.row, status=status, name=clean(other.text), reason=other.reason,
                               reason_code=other.reason_code))
    rows.sort(key=lambda r: r.row)
    return RosterPreview(course_id, course_code, source, rows, encoding=sheet.encoding,
                         converted_cells=sheet.converted_cells, sheet_name=sheet.sheet_name,
                         header_row=sheet.header_row, ignored_columns=ignored_columns(sheet))


def ignored_columns(sheet: RosterSheet) -> list[str]:
    """The titles of the sheet's columns the import does not read, but the row number's ("STT")."""
    return [title for title in sheet.ignored_headers
            if fold(title).strip(" .") not in ("stt", "tt", "so tt", "so thu tu", "thu tu")]


@dataclass
class _Read:
    """A row being judged: the preview row, and what identifies the person."""

    preview: PreviewRow
    person: Known | None = None


def _typed_name(row: RosterRow) -> str:
    """The name as the row gives it, whole or split in two columns, for naming a row in error."""
    whole = _text(row.values.get("full_name"))
    if whole:
        return whole
    return clean(" ".join(_text(row.values.get(part)) for part in ("family_middle", "given_name")))


def _read_row(row: RosterRow, start: dt.date | None = None) -> _Read:
    result = PreviewRow(row=row.row, status=ERROR, section=clean(row.section), original=dict(row.original))
    if row.values.get("_errors"):
        result.name = _typed_name(row)
        result.reason = "; ".join(cast(list[str], row.values["_errors"]))  # roster_reader's error texts
        return _Read(result)
    try:
        data = row_input(row)
    except UserError as exc:
        result.name = _typed_name(row)
        result.reason = exc.message.rstrip(".")
        return _Read(result)
    stored_name = name_case(data.full_name)
    if stored_name != clean(data.full_name):
        result.typed_name = clean(data.full_name)
    data.full_name = stored_name
    result.name, result.birth, result.position, result.unit = stored_name, data.birth, data.position, data.unit
    try:
        checked = validate_trainee(data)
    except UserError as exc:
        result.reason = exc.message.rstrip(".")
        return _Read(result)
    result.values = checked.values
    result.birth = format_birth(checked.values["birth_date"], checked.values["birth_year"])
    young = too_young(checked.values, start)
    if young:
        result.reason = young
        return _Read(result)
    result.warnings = checked.warnings
    if checked.warnings:  # a mismatch the import cannot confirm: the user fixes the file
        result.reason = "; ".join(w.rstrip(".") for w in checked.warnings)
        return _Read(result)
    v = checked.values
    return _Read(result, Known(v["full_name"], v["birth_date"], v["birth_year"], v["citizen_id"], v["old_id_number"]))


def _judge_people(rows: list[_Read], course_id: int) -> None:
    people = [r.person for r in rows if r.person is not None]
    registry = Registry(people)
    enrolled = {t for (t,) in Enrollment.select(Enrollment.trainee).where(Enrollment.course == course_id).tuples()}
    seen_ids: dict[str, tuple[int, str]] = {}  # CCCD or CMND → (row, name)
    seen_people: list[tuple[Known, int]] = []  # earlier rows of the file, as people
    taken: dict[int, int] = {}  # trainee id → the row that enrols it
    for read in rows:
        row, person = read.preview, read.person
        if person is None:
            continue
        earlier = _earlier_row(person, seen_ids, seen_people)
        if isinstance(earlier, str):
            row.reason = earlier
            continue
        if earlier is not None:
            row.status, row.duplicate_of, row.values = DUPLICATE, earlier, None
            continue
        for number in (person.citizen_id, person.old_id):
            if number:
                seen_ids[number] = (row.row, person.name)
        seen_people.append((person, row.row))
        verdict = registry.decide(person)
        if verdict.kind == identity.ASK:
            verdict = _one_in_class(person, verdict, registry, enrolled, row)
        if verdict.kind == identity.CONFLICT:
            row.reason = verdict.reason
        elif verdict.kind == identity.NEW:
            row.status = NEW
        elif verdict.kind == identity.SAME:
            assert verdict.person_id is not None
            if verdict.person_id in taken:
                row.status, row.duplicate_of, row.values = DUPLICATE, taken[verdict.person_id], None
                continue
            taken[verdict.person_id] = row.row
            row.status, row.trainee_id = EXISTING, verdict.person_id
            row.already_enrolled = verdict.person_id in enrolled
        else:
            row.status, row.reason = AMBIGUOUS, verdict.reason
            found = describe(verdict.candidates)
            row.candidates = [found[i] for i in verdict.candidates if i in found]
    for read in rows:
        if read.preview.status == EXISTING:
            _find_additions(read.preview)


def _earlier_row(person: Known, seen_ids: dict[str, tuple[int, str]],
                 seen_people: list[tuple[Known, int]]) -> int | str | None:
    """The earlier row of the file that is this person (its number), an error (a number given twice
    to two names), or None."""
    for number, what in ((person.citizen_id, "CCCD"), (person.old_id, "CMND")):
        if number and number in seen_ids:
            other_row, other_name = seen_ids[number]
            if same_name(other_name, person.name):
                return other_row
            return f"số {what} {number} đã ghi ở dòng {other_row} cho {other_name}"
    for other, other_row in seen_people:
        if person.citizen_id and other.citizen_id and person.citizen_id != other.citizen_id:
            continue
        if same_name(other.name, person.name) and (other.birth_date, other.birth_year) == (
                person.birth_date, person.birth_year):
            return other_row
    return None


def _one_in_class(person: Known, verdict: Verdict, registry: Registry, enrolled: set[int],
                  row: PreviewRow) -> Verdict:
    """A question whose one fitting candidate already sits in this class is answered: namesakes
    outside the class cannot be on it twice (a roster imported again). Unless the row says
    otherwise of that trainee (another gender, ethnic group or unit): two people then, maybe, and
    the clerk is asked."""
    in_class = [r for r in registry.records_for(person) if r.id in enrolled]
    if not in_class:
        return verdict
    answer = decide(person, in_class, year_is_enough=True)
    if answer.kind != identity.SAME or answer.person_id not in verdict.candidates:
        return verdict
    differences = _contradictions(row, Trainee.get_by_id(answer.person_id))
    if differences:
        return Verdict(identity.ASK, candidates=verdict.candidates,
                       reason=f"{verdict.reason}; học viên cùng tên trong lớp khác {', '.join(differences)}")
    return answer


def _contradictions(row: PreviewRow, trainee: Trainee) -> list[str]:
    """What the row says of the person that the trainee on file contradicts (both known, different)."""
    values = row.values or {}
    found = []
    if values.get("gender") and trainee.gender and values["gender"] != trainee.gender:
        found.append("giới tính")
    ethnic: EthnicGroup | None = values.get("ethnic_group")
    if ethnic is not None and trainee.ethnic_group_id is not None and ethnic.id != trainee.ethnic_group_id:
        found.append("dân tộc")
    current_unit = _unit_of(trainee)
    if row.unit and current_unit and match_key(row.unit) != match_key(current_unit):
        organization = find_organization(row.unit)
        if organization is None or organization.id != trainee.organization_id:
            found.append("đơn vị")
    return found


def _unit_of(trainee: Trainee) -> str:
    return (trainee.organization.name if trainee.organization_id else trainee.unit_text) or ""


def _find_additions(row: PreviewRow) -> None:
    """What the row adds to the trainee on file: a full birth date where it has a year, a CCCD or
    CMND where it has none, gender or ethnic group where unknown, party membership, a new unit or
    position."""
    values = row.values
    trainee = Trainee.get_or_none(Trainee.id == row.trainee_id) if row.trainee_id else None
    if values is None or trainee is None:
        return
    adds: dict[str, object] = {}
    texts: list[str] = []
    if values["birth_date"] and trainee.birth_date is None and trainee.birth_year in (None, values["birth_year"]):
        adds.update(birth_date=values["birth_date"], birth_year=values["birth_year"])
        texts.append(f"ngày sinh {format_date(values['birth_date'])}")
    elif values["birth_year"] and trainee.birth_year is None:
        adds["birth_year"] = values["birth_year"]
        texts.append(f"năm sinh {values['birth_year']}")
    if values["citizen_id"] and not trainee.citizen_id:
        adds["citizen_id"] = values["citizen_id"]
        texts.append(f"CCCD {values['citizen_id']}")
    if values["old_id_number"] and not trainee.old_id_number:
        adds["old_id_number"] = values["old_id_number"]
        texts.append(f"CMND {values['old_id_number']}")
    if values["gender"] and not trainee.gender:
        adds["gender"] = values["gender"]
        texts.append("giới tính " + {"M": "Nam", "F": "Nữ"}[values["gender"]])
    ethnic: EthnicGroup | None = values["ethnic_group"]
    if ethnic is not None and trainee.ethnic_group_id is None:
        adds["ethnic_group"] = ethnic.id
        texts.append(f"dân tộc {ethnic.name}")
    if values.get("party_probationary") and not trainee.party_member:
        adds.update(party_member=True, party_probationary=True)
        texts.append("đảng viên dự bị")
    elif values["party_member"] and not trainee.party_member:
        adds["party_member"] = True
        texts.append("đảng viên")
    current_unit = _unit_of(trainee)
    if row.unit and match_key(row.unit) != match_key(current_unit):
        found = find_organization(row.unit)
        if found is None or found.id != trainee.organization_id:
            adds["unit"] = row.unit
            texts.append(f"đơn vị {row.unit}" + (f" (trước: {current_unit})" if current_unit else ""))
    if row.position and fold(row.position) != fold(trainee.position or ""):
        adds["position"] = row.position
        texts.append(f"chức vụ {row.position}" + (f" (trước: {trainee.position})" if trainee.position else ""))
    row.additions, row.addition_texts = adds, texts


# --- writing ------------------------------------------------------------------------------------


@writes(Topic.TRAINEES, Topic.ENROLLMENTS, Topic.ORGANIZATIONS, Topic.AUDIT)
def commit_roster(preview: RosterPreview, *, skip_errors: bool = False, new_if_ambiguous: bool = False,
                  backup: Callable[[], object] | None = None) -> ImportResult:
    """Write the preview in one transaction: every new trainee, every enrollment, and what the file
    adds to the records on file (audited, as is a name stored in another case than typed).

    Refused (nothing written) when a row has an error, unless ``skip_errors``, or when an ambiguous
    row has no answer, unless ``new_if_ambiguous`` (a new person each) or ``skip_errors`` (left
    out). ``backup`` is called first (the session's backup), since an import is a bulk change.
    """
    errors = preview.count(ERROR)
    if errors and not skip_errors:
        raise ValidationError(f"Danh sách có {errors} dòng lỗi; chưa ghi gì. Hãy sửa tệp hoặc bỏ qua các dòng lỗi.")
    questions = preview.open_questions
    if questions and not (new_if_ambiguous or skip_errors):
        raise ValidationError(f"Danh sách có {questions} dòng chưa rõ là ai (cần chọn người đã có hoặc "
                              "\u201cNgười mới\u201d); chưa ghi gì.")
    if backup is not None:
        backup()
    created = enrolled = updated = 0
    with db.write():
        for row in preview.rows:
            if row.creates or (row.open_question and new_if_ambiguous):
                trainee_id = _create(row, preview.course_code)
                created += 1
            elif row.joins is not None:
                trainee_id = row.joins
                if row.additions:
                    _add_to_record(row, preview.course_code)
                    updated += 1
                if row.already_enrolled:
                    continue
            else:
                continue
            Enrollment.create(course=preview.course_id, trainee=trainee_id,
                              position_at_time=row.position or None, unit_at_time=row.unit or None)
            enrolled += 1
        skipped = f"; bỏ qua {errors} dòng lỗi" if skip_errors and errors else ""
        audit.record("import", "course", preview.course_id,
                     f"Nhập danh sách lớp {preview.course_code} từ tệp {preview.source.name}: ghi danh {enrolled} "
                     f"học viên ({created} học viên mới, bổ sung hồ sơ {updated} người){skipped}",
                     user=auth.acting_user())
    return ImportResult(created=created, enrolled=enrolled, skipped_errors=errors if skip_errors else 0,
                        updated=updated, skipped_questions=0 if new_if_ambiguous else questions)


def _create(row: PreviewRow, course_code: str) -> int:
    assert row.values is not None
    trainee = Trainee.create(organization=find_or_create_organization(row.unit), unit_text=row.unit or None,
                             **row.values)
    if row.typed_name:
        audit.record("import", "trainee", trainee.id,
                     f"Nhập từ danh sách lớp {course_code}: họ tên ghi \"{row.typed_name}\", lưu là "
                     f"\"{row.name}\"", user=auth.acting_user())
    return trainee.id


def _add_to_record(row: PreviewRow, course_code: str) -> None:
    adds: dict[str, Any] = dict(row.additions)
    trainee = Trainee.get_by_id(row.trainee_id)
    if "unit" in adds:
        unit = str(adds.pop("unit"))
        adds.update(organization=find_or_create_organization(unit), unit_text=unit)
    if "birth_date" in adds or "birth_year" in adds:
        adds.update(person_keys(trainee.full_name, adds.get("birth_date", trainee.birth_date),
                                adds.get("birth_year", trainee.birth_year)))
    Trainee.update(**adds).where(Trainee.id == trainee.id).execute()
    audit.record("import", "trainee", trainee.id,
                 f"Bổ sung từ danh sách lớp {course_code} (dòng {row.row}) cho {trainee.full_name}: "
                 + "; ".join(row.addition_texts), user=auth.acting_user())


# --- rows pasted from Excel ----------------------------------------------------------------


def preview_pasted_roster(text: str, course_code: str, *, encoding: str | None = None) -> RosterPreview:
    """Judge rows pasted from Excel (tab-separated, the header line first) exactly as a file's rows:
    the same column names, the same marks. Writes nothing. Row numbers count the pasted lines from
    1 (the header). ``encoding`` forces "unicode", "tcvn3" or "vni" as for a file."""
    from app.exchange.roster_reader import read_pasted_roster

    course = find_course(course_code)
    return judge_sheet(read_pasted_roster(text, encoding=encoding), course.id, course.code, Path("bảng dán"))
