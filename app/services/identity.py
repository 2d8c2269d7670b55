"""Who is who: the one rule that decides whether a person read from a file (or typed) is a
trainee already on file, a new person, or a question for the clerk.

The rules (README, "Who is who"):

1. The same CCCD is the same person; the same CCCD under another name is an error to resolve.
2. Two different CCCDs are two different people, whatever the names.
3. The same name (same letters and marks, any case) and the same full birth date is the same
   person when at most one side has a CCCD.
4. Everything weaker needs a decision: the same name with only a birth year on one side, no birth
   at all, names that differ only by their marks (An/Ân, Hà/Hạ), or several people that fit.
   Different birth dates (or years) are different people.

:func:`decide` is pure (records in, verdict out); :class:`Registry` loads the records a batch of
rows needs in a few queries, and :func:`describe` says who the candidates are (unit, birth,
classes attended) for the clerk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from peewee import JOIN

from app.domain.formatting import format_birth
from app.domain.text import clean, fold
from app.store.models import Course, Enrollment, Organization, Trainee

SAME, NEW, ASK, CONFLICT = "same", "new", "ask", "conflict"
_CHUNK = 400  # values per IN (…) list: well under SQLite's variable limit


@dataclass(frozen=True)
class Known:
    """What is known of a person: a trainee on file (``id`` set) or a row read or typed."""

    name: str
    birth_date: dt.date | None = None
    birth_year: int | None = None
    citizen_id: str | None = None
    old_id: str | None = None
    id: int | None = None

    @property
    def birth_text(self) -> str:
        return format_birth(self.birth_date, self.birth_year)


@dataclass(frozen=True)
class Verdict:
    """``kind`` SAME (``person_id``), NEW, ASK (``candidates``, best first) or CONFLICT (``reason``)."""

    kind: str
    person_id: int | None = None
    candidates: tuple[int, ...] = ()
    reason: str = ""


def same_name(a: str, b: str) -> bool:
    """The same letters with the same marks, in any case: "LÙ VĂN PÁO" is "Lù Văn Páo", "Ân" is not "An"."""
    return clean(a).casefold() == clean(b).casefold()


def _birth_relation(a: Known, b: Known) -> str:
    """"date" (the same full date), "year" (the same year, a year only on one side at least),
    "unknown" (no birth on one side) or "differ"."""
    year_a = a.birth_date.year if a.birth_date else a.birth_year
    year_b = b.birth_date.year if b.birth_date else b.birth_year
    if year_a is None or year_b is None:
        return "unknown"
    if a.birth_date and b.birth_date:
        return "date" if a.birth_date == b.birth_date else "differ"
    return "year" if year_a == year_b else "differ"


def _holder_verdict(row: Known, holders: Sequence[Known], what: str, number: str) -> Verdict | None:
    """Rule 1 for a number (CCCD, or an old CMND): the holder, or the error naming both people."""
    if not holders:
        return None
    fitting = [h for h in holders if same_name(h.name, row.name)]
    if not fitting:
        holder = holders[0]
        born = f", sinh {holder.birth_text}" if holder.birth_text else ""
        return Verdict(CONFLICT, person_id=holder.id, reason=(
            f"số {what} {number} là của học viên {holder.name}{born}, không phải {row.name}"))
    fitting = [h for h in fitting if _birth_relation(row, h) != "differ"]
    if not fitting:
        holder = holders[0]
        return Verdict(CONFLICT, person_id=holder.id, reason=(
            f"số {what} {number} là của học viên {holder.name} sinh {holder.birth_text}, "
            f"nhưng tệp ghi sinh {row.birth_text}"))
    if len(fitting) == 1:
        return Verdict(SAME, person_id=fitting[0].id)
    return Verdict(ASK, candidates=tuple(h.id for h in fitting if h.id is not None),
                   reason=f"nhiều học viên có cùng số {what} {number}")


def decide(row: Known, records: Iterable[Known], *, year_is_enough: bool = False) -> Verdict:
    """Who ``row`` is among ``records`` (the trainees sharing its CCCD, CMND or folded name).

    ``year_is_enough``: within one class (a score sheet), the one trainee of that name and birth
    year is the person; namesakes outside the class cannot be on the class's sheet.
    """
    records = [r for r in records if r.id != row.id or row.id is None]
    if row.citizen_id:
        verdict = _holder_verdict(row, [r for r in records if r.citizen_id == row.citizen_id], "CCCD",
                                  row.citizen_id)
        if verdict is not None:
            return verdict
    if row.old_id:
        holders = [r for r in records if r.old_id == row.old_id
                   and not (row.citizen_id and r.citizen_id and r.citizen_id != row.citizen_id)]
        verdict = _holder_verdict(row, holders, "CMND", row.old_id)
        if verdict is not None:
            return verdict
    key = fold(row.name)
    sure: list[Known] = []
    maybe: list[Known] = []
    reasons: list[str] = []
    all_dates = True
    for record in records:
        if fold(record.name) != key:
            continue
        if row.citizen_id and record.citizen_id and record.citizen_id != row.citizen_id:
            continue  # rule 2: two CCCDs, two people
        relation = _birth_relation(row, record)
        if relation == "differ":
            continue
        exact = same_name(record.name, row.name)
        if exact and (relation == "date" or (year_is_enough and relation == "year")):
            sure.append(record)
            all_dates = all_dates and relation == "date"
            continue
        maybe.append(record)
        if not exact:
            reasons.append(f"họ tên chỉ khác dấu ({record.name})")
        elif relation == "year":
            reasons.append("cùng họ tên, chỉ biết năm sinh")
        else:
            reasons.append("cùng họ tên, thiếu ngày sinh để so")
    if len(sure) == 1 and not maybe:
        return Verdict(SAME, person_id=sure[0].id)
    if not sure and not maybe:
        return Verdict(NEW)
    if len(sure) > 1:
        reasons.insert(0, "nhiều học viên cùng họ tên và " + ("ngày sinh" if all_dates else "năm sinh"))
    unique = list(dict.fromkeys(reasons))
    return Verdict(ASK, candidates=tuple(r.id for r in sure + maybe if r.id is not None), reason="; ".join(unique))


# --- the records a batch of rows needs --------------------------------------------------------


def _known(row: tuple) -> Known:
    tid, name, birth_date, birth_year, citizen_id, old_id = row
    return Known(name, birth_date, birth_year, citizen_id, old_id, tid)


_FIELDS = (Trainee.id, Trainee.full_name, Trainee.birth_date, Trainee.birth_year, Trainee.citizen_id,
           Trainee.old_id_number)


class Registry:
    """The trainees that can be the people of a batch of rows: those sharing a folded name, a CCCD
    or an old CMND with one of them (of one class when ``course_id`` is given)."""

    def __init__(self, people: Iterable[Known], *, course_id: int | None = None) -> None:
        people = list(people)
        found: dict[int, Known] = {}
        for column, values in ((Trainee.search_key, {fold(p.name) for p in people if p.name}),
                               (Trainee.citizen_id, {p.citizen_id for p in people if p.citizen_id}),
                               (Trainee.old_id_number, {p.old_id for p in people if p.old_id})):
            ordered = sorted(values)
            for start in range(0, len(ordered), _CHUNK):
                query = Trainee.select(*_FIELDS).where(column.in_(ordered[start:start + _CHUNK]))
                if course_id is not None:
                    query = query.where(Trainee.id.in_(
                        Enrollment.select(Enrollment.trainee).where(Enrollment.course == course_id)))
                for row in query.tuples():
                    found[row[0]] = _known(row)
        self.by_name: dict[str, list[Known]] = {}
        self.by_number: dict[str, list[Known]] = {}
        for record in found.values():
            self.by_name.setdefault(fold(record.name), []).append(record)
            for number in (record.citizen_id, record.old_id):
                if number:
                    self.by_number.setdefault(number, []).append(record)

    def records_for(self, person: Known) -> list[Known]:
        seen: dict[int | None, Known] = {}
        for number in (person.citizen_id, person.old_id):
            for record in self.by_number.get(number or "", []):
                seen[record.id] = record
        for record in self.by_name.get(fold(person.name), []):
            seen[record.id] = record
        return list(seen.values())

    def decide(self, person: Known, *, year_is_enough: bool = False) -> Verdict:
        return decide(person, self.records_for(person), year_is_enough=year_is_enough)


def find_person(person: Known, *, exclude_id: int | None = None) -> Verdict:
    """:func:`decide` against everyone on file (one person typed in the form)."""
    registry = Registry([person])
    records = [r for r in registry.records_for(person) if r.id != exclude_id]
    return decide(person, records)


# --- who the candidates are -------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A trainee the clerk may pick: enough to tell namesakes apart."""

    id: int
    name: str
    birth: str
    citizen_id: str
    unit: str
    classes: tuple[str, ...]  # codes of the classes attended, oldest first

    def text(self) -> str:
        """One line for the preview: "Lù Văn Páo — 1979 — xã Sín Chéng — đã học NTVD-2019-01"."""
        parts = [self.name, self.birth or "không rõ ngày sinh", self.unit or "không rõ đơn vị",
                 f"CCCD {self.citizen_id}" if self.citizen_id else "",
                 ("đã học " + ", ".join(self.classes)) if self.classes else "chưa học lớp nào"]
        return " — ".join(p for p in parts if p)


def describe(ids: Sequence[int]) -> dict[int, Candidate]:
    """The candidates ``ids`` with their unit, birth and the classes they attended."""
    if not ids:
        return {}
    classes: dict[int, list[str]] = {}
    query = (Enrollment.select(Enrollment.trainee, Course.code).join(Course)
             .where(Enrollment.trainee.in_(list(ids))).order_by(Course.start_date, Course.code))
    for trainee_id, code in query.tuples():
        classes.setdefault(trainee_id, []).append(code)
    result = {}
    rows = (Trainee.select(Trainee.id, Trainee.full_name, Trainee.birth_date, Trainee.birth_year,
                           Trainee.citizen_id, Organization.name, Trainee.unit_text)
            .join(Organization, JOIN.LEFT_OUTER).where(Trainee.id.in_(list(ids))).tuples())
    for tid, name, birth_date, birth_year, citizen_id, org_name, unit_text in rows:
        result[tid] = Candidate(tid, name, format_birth(birth_date, birth_year), citizen_id or "",
                                org_name or unit_text or "", tuple(classes.get(tid, ())))
    return result
