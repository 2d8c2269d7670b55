"""Nhập hồ sơ cũ, the reading half: the records of an old-records import, and the workbook's
sheets turned into them.

* :func:`read_classes`: each class row becomes a :class:`HistoryClass` — a new class code, a known
  program (code or name), real dates — or a :class:`Problem`;
* :func:`read_roster_rows`: each roster row becomes a :class:`HistoryRow` — the trainee's columns
  validated as a roster import validates them, and the score and result of the row;
* :class:`HistoryPreview` holds them with the certificates, and the clerk's answers to the
  questions (:meth:`HistoryPreview.choose`).

Who each row is, the certificate numbers, and the writing are judged in :mod:`app.services.history_import`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import cast

from peewee import fn

from app.domain.dates import format_date, parse_date
from app.domain.errors import UserError, ValidationError
from app.domain.formatting import format_birth
from app.domain.results import Band, band_for, parse_score
from app.domain.text import clean, fold
from app.exchange.history_workbook import HistoryWorkbook
from app.exchange.roster_reader import RosterRow
from app.services.certificates import number_text
from app.services.identity import Known
from app.services.results import bands_for_program
from app.services.roster_import import name_case, row_input, too_young
from app.services.trainees import validate_trainee
from app.store.models import Course, Program

NEW_PERSON = "new"


@dataclass
class HistoryClass:
    sheet: str
    row: int
    code: str = ""
    name: str = ""
    program_id: int | None = None
    program_code: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    venue: str = ""
    partner: str = ""
    decision_number: str = ""
    note: str = ""
    trainees: int = 0
    certificates: int = 0


@dataclass
class Choice:
    """One answer to a question: a trainee on file (``t:ID``) or an earlier row of the workbook (``f:N``)."""

    key: str
    text: str


@dataclass
class HistoryRow:
    """One roster row: who it is (``person``: ``t:ID`` on file, ``f:N`` the person first met at row index N)."""

    index: int
    sheet: str
    row: int
    course_code: str
    name: str = ""
    birth: str = ""
    unit: str = ""
    position: str = ""
    values: dict | None = None
    score: Decimal | None = None
    result_code: str | None = None
    passing: bool = False
    status: str = "error"  # new | existing | same | ambiguous | error
    reason: str = ""
    person: str = ""
    choices: list[Choice] = field(default_factory=list)
    choice: str | None = None
    known: Known | None = None

    @property
    def where(self) -> str:
        return f"Trang \"{self.sheet}\", dòng {self.row}"

    @property
    def open_question(self) -> bool:
        return self.status == "ambiguous" and self.choice is None


@dataclass
class HistoryCertificate:
    sheet: str
    row: int
    number: int = 0
    year: int = 0
    issued_on: dt.date | None = None
    course_code: str = ""
    name: str = ""
    serial: str = ""
    note: str = ""
    row_index: int | None = None  # the HistoryRow it belongs to

    @property
    def number_text(self) -> str:
        return number_text(self.number, self.year) if self.year else ""


@dataclass
class Problem:
    where: str
    message: str

    def text(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class HistoryPreview:
    source: Path
    classes: list[HistoryClass]
    rows: list[HistoryRow]
    certificates: list[HistoryCertificate]
    problems: list[Problem]
    ignored_sheets: list[str] = field(default_factory=list)  # sheets that are none of classes, roster, registry

    @property
    def has_errors(self) -> bool:
        return bool(self.problems)

    @property
    def open_questions(self) -> int:
        return sum(1 for r in self.rows if r.open_question)

    def people(self) -> tuple[int, int]:
        """(new people, people already on file) once every question is answered."""
        keys = {self._person(r) for r in self.rows if r.status != "error"}
        keys.discard("")
        return sum(1 for k in keys if k.startswith("f:")), sum(1 for k in keys if k.startswith("t:"))

    def _person(self, row: HistoryRow) -> str:
        if row.status == "same":
            return self._person(self.rows[int(row.person[2:])])
        if row.status == "ambiguous":
            if row.choice is None:
                return ""
            if row.choice == NEW_PERSON:
                return f"f:{row.index}"
            return self._person(self.rows[int(row.choice[2:])]) if row.choice.startswith("f:") else row.choice
        return row.person

    def person_of(self, row: HistoryRow) -> str:
        """``t:ID`` or ``f:N`` once decided; "" while open or in error."""
        return self._person(row) if row.status != "error" else ""

    def choose(self, index: int, key: str | None) -> HistoryRow:
        """The clerk's answer for a question row: one of its choices' keys, :data:`NEW_PERSON`, or None."""
        row = self.rows[index] if 0 <= index < len(self.rows) else None
        if row is None or row.status != "ambiguous":
            raise ValidationError("Dòng này không cần chọn người.")
        if key is not None and key != NEW_PERSON and key not in {c.key for c in row.choices}:
            raise ValidationError(f"{row.where}: người được chọn không nằm trong danh sách gợi ý.")
        previous, row.choice = row.choice, key
        if key is not None:
            person = self._person(row)
            twice = next((r for r in self.rows if r is not row and r.course_code == row.course_code
                          and r.status != "error" and self._person(r) == person), None)
            if twice is not None:
                row.choice = previous
                raise ValidationError(f"{row.where}: người này đã có trong lớp {row.course_code} "
                                      f"(trang \"{twice.sheet}\", dòng {twice.row}).")
        return row

    def lines(self) -> list[str]:
        """What the command line prints: one line per class, each problem and each question."""
        out = [f"class {c.code}: {c.trainees} trainees, {c.certificates} certificates" for c in self.classes if c.code]
        out += [f"error: {p.text()}" for p in self.problems]
        out += [f"ambiguous: {r.where}: {r.name} ({len(r.choices)} candidates)" for r in self.rows if r.open_question]
        new, known = self.people()
        out += [f"ignored sheet: {name}" for name in self.ignored_sheets]
        out.append(f"people: {new} new, {known} on file; certificates: {len(self.certificates)}")
        return out


@dataclass
class HistoryResult:
    classes: int
    trainees_created: int
    enrolments: int
    certificates: int


# --- reading --------------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """A cell as text: a whole number without ".0", a date as dd/mm/yyyy, spaces cleaned."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.date):
        return format_date(value)
    return clean(str(value))


def cell_date(value: object, what: str) -> dt.date:
    """A date cell, typed text or an Excel day number; a bad one is refused naming ``what``."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 1000 <= value <= 9999:
        # A year typed alone (2016), not Excel's day 2016 (1905): no class of these records is that old.
        raise ValidationError(f"{what}: {cell_text(value)} chỉ là năm; hãy ghi đủ ngày/tháng/năm")
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value <= 80000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))  # an Excel day number
    try:
        return parse_date(value if isinstance(value, dt.date) else cell_text(value))
    except ValidationError as exc:
        raise ValidationError(f"{what}: {exc.message.rstrip('.')}") from None


def _program(text: str) -> Program | None:
    key = fold(text)
    for program in Program.select():
        if key in (fold(program.code), fold(program.name)):
            return program
    return None


def read_classes(workbook: HistoryWorkbook, problems: list[Problem]) -> list[HistoryClass]:
    """Every class row as a :class:`HistoryClass`; what is wrong with a row goes to ``problems``."""
    classes: list[HistoryClass] = []
    seen: dict[str, int] = {}
    for line in workbook.classes:
        v = line.values
        course = HistoryClass(line.sheet, line.row)
        where = f"Trang \"{line.sheet}\", dòng {line.row}"
        course.code = cell_text(v.get("code"))
        course.name = cell_text(v.get("name"))
        try:
            if not course.code:
                raise ValidationError("thiếu mã lớp")
            if fold(course.code) in seen:
                raise ValidationError(f"mã lớp {course.code} đã ghi ở dòng {seen[fold(course.code)]}")
            seen[fold(course.code)] = line.row
            if Course.select().where(fn.LOWER(Course.code) == course.code.lower()).exists():
                raise ValidationError(f"lớp {course.code} đã có trong cơ sở dữ liệu")
            program_text = cell_text(v.get("program"))
            program = _program(program_text) if program_text else None
            if program is None:
                raise ValidationError(f"chương trình \"{program_text}\" không có trong danh mục chương trình"
                                      if program_text else "thiếu chương trình")
            course.program_id, course.program_code = program.id, program.code
            course.start = cell_date(v.get("start"), "Từ ngày")
            course.end = cell_date(v.get("end"), "Đến ngày")
            if course.end < course.start:
                raise ValidationError(f"ngày kết thúc {format_date(course.end)} trước ngày khai giảng "
                                      f"{format_date(course.start)}")
            if not course.name:
                course.name = f"{program.name} ({course.code})"
        except UserError as exc:
            problems.append(Problem(where, exc.message.rstrip(".")))
        course.venue, course.partner = cell_text(v.get("venue")), cell_text(v.get("partner"))
        course.decision_number, course.note = cell_text(v.get("decision_number")), cell_text(v.get("note"))
        classes.append(course)
    return classes


def _result(row: HistoryRow, cell: object, bands: list[Band], scored: bool) -> None:
    """Score and result of a row: the band named in "Kết quả", else the band of the score."""
    score_cell = row.values.pop("_score", None) if row.values else None
    if score_cell not in (None, ""):
        row.score = parse_score(score_cell if not isinstance(score_cell, float) else str(score_cell))
    text = cell_text(cell)
    if text:
        band = next((b for b in bands if fold(b.name) == fold(text) or fold(b.code) == fold(text)), None)
        if band is None:
            names = ", ".join(b.name for b in bands)
            raise ValidationError(f"kết quả \"{text}\" không phải một mức xếp loại ({names})")
        row.result_code, row.passing = band.code, band.passing
    elif row.score is not None:
        band = band_for(row.score, bands)
        if band is not None:
            row.result_code, row.passing = band.code, band.passing
    elif not scored:
        row.passing = True


def read_roster_rows(workbook: HistoryWorkbook, classes: dict[str, HistoryClass],
               problems: list[Problem]) -> list[HistoryRow]:
    """Every roster row as a :class:`HistoryRow` of its class in ``classes`` (by folded code): the
    trainee's columns checked, score and result read; a bad row has status "error" and its reason."""
    rows: list[HistoryRow] = []
    bands: dict[int, tuple[list[Band], bool]] = {}
    for part in workbook.rosters:
        for roster_row in part.table.rows:
            code = part.codes.get(roster_row.row) or ""
            if not code and fold(part.sheet) in classes:
                code = classes[fold(part.sheet)].code
            if not code and _class_of_heading(roster_row.section, classes):
                # The heading above the rows names their class: it is the class, not the people's unit.
                code = _class_of_heading(roster_row.section, classes)
                roster_row = replace(roster_row, section="")
            course = classes.get(fold(code))
            row = HistoryRow(len(rows), part.sheet, roster_row.row, course.code if course else code)
            rows.append(row)
            try:
                if course is None:
                    raise ValidationError(f"mã lớp \"{code}\" không có trong trang danh sách lớp" if code
                                          else "không rõ học lớp nào (cần cột Mã lớp, một dòng \u201cLớp …\u201d trên "
                                               "các dòng của lớp, hoặc đặt tên trang là mã lớp)")
                _read_person(row, roster_row)
                if course.program_id is None:
                    raise ValidationError(f"lớp {course.code} có lỗi ở trang danh sách lớp")
                assert row.values is not None
                young = too_young(row.values, course.start)
                if young:
                    raise ValidationError(young)
                if course.program_id not in bands:
                    program = Program.get_by_id(course.program_id)
                    bands[course.program_id] = ([b for b in bands_for_program(program) if b.enabled],
                                                bool(program.scored))
                _result(row, part.results.get(roster_row.row), *bands[course.program_id])
                row.status = "checked"
            except UserError as exc:
                row.status, row.reason = "error", exc.message.rstrip(".")
    return rows


def _class_of_heading(heading: str, classes: dict[str, HistoryClass]) -> str:
    """The code of the class a section heading names ("Lớp NTVD-2016-01", "LỚP ĐẢNG VIÊN MỚI 2018",
    "Mã lớp: NQ-2019-01"), or ""."""
    key = fold(heading)
    for prefix in ("ma lop", "ten lop", "lop"):
        if key.startswith(prefix) and key[len(prefix):len(prefix) + 1] in (" ", ":"):
            key = key[len(prefix):].strip(" :")
            break
    course = classes.get(key) if key else None
    return course.code if course is not None else ""


def _read_person(row: HistoryRow, roster_row: RosterRow) -> None:
    if roster_row.values.get("_errors"):
        raise ValidationError("; ".join(str(e) for e in cast(list, roster_row.values["_errors"])))
    data = row_input(roster_row)
    data.full_name = name_case(data.full_name)
    row.name, row.position, row.unit = data.full_name, data.position, data.unit
    checked = validate_trainee(data)
    if checked.warnings:
        raise ValidationError("; ".join(w.rstrip(".") for w in checked.warnings))
    v = checked.values
    row.values = dict(v)
    row.values["_score"] = roster_row.values.get("score")
    row.birth = format_birth(v["birth_date"], v["birth_year"])
    row.known = Known(v["full_name"], v["birth_date"], v["birth_year"], v["citizen_id"], v["old_id_number"])
