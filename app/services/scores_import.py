"""Importing scores from the marking instructor's sheet (name + birth date or citizen ID + score).

Same conventions as the roster import: a preview marks each row — *existing* (a trainee of the
class, matched), a *duplicate* of an earlier row (the same trainee twice), or an *error* with the
reason (no such trainee in the class, a bad score) — and nothing is written until all rows are
good (or errors are skipped), then all scores in one transaction after a backup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from app.domain.changes import Topic, writes
from app.domain.dates import parse_birth
from app.domain.errors import UserError, ValidationError
from app.domain.results import band_for, parse_score
from app.domain.text import fold
from app.exchange.roster_reader import read_roster
from app.services.courses import find_course
from app.services.results import bands_for_program
from app.services.roster_import import DUPLICATE, ERROR, EXISTING, PreviewRow, _birth_text, _citizen_id_text, _text
from app.store import db
from app.store.models import Enrollment, Trainee


@dataclass
class ScoreRow(PreviewRow):
    enrollment_id: int | None = None
    score: Decimal | None = None


@dataclass
class ScoresPreview:
    course_code: str
    rows: list[ScoreRow]

    @property
    def has_errors(self) -> bool:
        return any(r.status == ERROR for r in self.rows)


def preview_scores(path: Path, course_code: str) -> ScoresPreview:
    course = find_course(course_code)
    sheet = read_roster(Path(path), required=("score",))
    people = list(Enrollment.select(Enrollment.id, Trainee.full_name, Trainee.search_key, Trainee.citizen_id,
                                    Trainee.birth_date, Trainee.birth_year)
                  .join(Trainee).where(Enrollment.course == course.id).tuples())
    by_id = {cid: eid for eid, _n, _k, cid, _bd, _by in people if cid}
    seen: dict[int, int] = {}
    rows = []
    for raw in sheet.rows:
        name = _text(raw.values.get("full_name")) or (
            f"{_text(raw.values.get('family_middle'))} {_text(raw.values.get('given_name'))}".strip())
        row = ScoreRow(row=raw.row, status=ERROR, name=name)
        try:
            value = raw.values.get("score")
            row.score = parse_score(value if isinstance(value, int | float) else _text(value))
            if row.score is None:
                raise ValidationError("thiếu điểm")
            citizen_id = "".join(ch for ch in _citizen_id_text(raw.values.get("citizen_id")) if ch.isdigit())
            if citizen_id:
                match = [by_id[citizen_id]] if citizen_id in by_id else []
            else:
                birth = parse_birth(_birth_text(raw.values.get("birth")))
                key = fold(name)
                match = [eid for eid, _n, k, _c, bd, by in people if k == key and birth is not None
                         and (bd == birth.date if birth.date else by == birth.year)]
            if not match:
                raise ValidationError("không có học viên này trong lớp")
            if len(match) > 1:
                raise ValidationError("có nhiều học viên cùng họ tên và ngày sinh trong lớp; hãy ghi số CCCD")
            row.enrollment_id = match[0]
        except UserError as exc:
            row.reason = exc.message.rstrip(".")
            rows.append(row)
            continue
        if row.enrollment_id in seen:
            row.status, row.duplicate_of = DUPLICATE, seen[row.enrollment_id]
        else:
            seen[row.enrollment_id] = row.row
            row.status = EXISTING
        rows.append(row)
    return ScoresPreview(course.code, rows)


@writes(Topic.ENROLLMENTS)
def commit_scores(preview: ScoresPreview, *, skip_errors: bool = False,
                  backup: Callable[[], object] | None = None) -> int:
    """Write every matched score and its band in one transaction; returns how many."""
    errors = sum(1 for r in preview.rows if r.status == ERROR)
    if errors and not skip_errors:
        raise ValidationError(f"Bảng điểm có {errors} dòng lỗi; chưa ghi gì.")
    if backup is not None:
        backup()
    course = find_course(preview.course_code)
    bands = bands_for_program(course.program)
    written = 0
    with db.write():
        for row in preview.rows:
            if row.status != EXISTING:
                continue
            band = band_for(row.score, bands)
            update = {Enrollment.score: row.score}
            enrollment = Enrollment.get_by_id(row.enrollment_id)
            if not enrollment.result_override_reason:
                update[Enrollment.result_code] = band.code if band else None
                update[Enrollment.completed] = bool(band and band.passing)
            Enrollment.update(update).where(Enrollment.id == row.enrollment_id).execute()
            written += 1
    return written
