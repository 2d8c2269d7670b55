"""Result bands: the default set and a program's own set of bands (Giỏi, Khá, Đạt…), read and edited
by the catalogue editor; a set is checked for gaps and overlaps by ``domain.results.band_set_problem``
before anything is written. Programs themselves live in :mod:`app.services.catalogues`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from peewee import fn

from app.domain.changes import Topic, writes
from app.domain.errors import ConflictError, ValidationError
from app.domain.results import Band, band_set_problem
from app.domain.text import clean
from app.services import audit
from app.services.catalogues import _find_program, _load, _user
from app.store import db
from app.store.models import Course, Enrollment, Program, ResultBand


@dataclass(frozen=True)
class BandRow:
    code: str
    name: str
    min_score: float
    passing: bool
    enabled: bool
    used: int  # results recorded with this band, in the classes that read this set


def _band_scope(program_code: str | None) -> tuple[Program | None, Any]:
    program = _find_program(program_code) if program_code else None
    return program, (ResultBand.program == program.id) if program else ResultBand.program.is_null()


def _band_use(program: Program | None) -> dict[str, int]:
    """Results recorded per band code in the classes that read this set (a program's own set, or the
    default set for every program without one)."""
    query = Enrollment.select(Enrollment.result_code, fn.COUNT(Enrollment.id)).join(Course)
    if program is not None:
        query = query.where(Course.program == program.id)
    else:
        own = ResultBand.select(ResultBand.program).where(ResultBand.program.is_null(False))
        query = query.where(Course.program.not_in(own))
    return dict(query.where(Enrollment.result_code.is_null(False)).group_by(Enrollment.result_code).tuples())


def band_rows(program_code: str | None = None) -> tuple[bool, list[BandRow]]:
    """The bands a program reads (its own set when it has one, else the default), highest first;
    and whether the set is the program's own."""
    program, scope = _band_scope(program_code)
    rows = list(ResultBand.select().where(scope))
    own = program is None or bool(rows)
    if not rows:
        rows = list(ResultBand.select().where(ResultBand.program.is_null()))
    used = _band_use(program)
    return own, [BandRow(b.code, b.name, float(b.min_score), bool(b.passing), bool(b.enabled), used.get(b.code, 0))
                 for b in sorted(rows, key=lambda b: -b.min_score)]


@writes(Topic.CATALOGUES, Topic.AUDIT)
def save_bands(program_code: str | None, bands: list[Band]) -> list[BandRow]:
    """Replace the default set (``program_code`` None) or a program's own set with ``bands``.

    Refused, nothing written, when the bands overlap or leave a gap (``band_set_problem``) or when a
    band that results were recorded with is left out (retire it instead: untick "Đang dùng").
    Results already recorded keep their band; scores typed later are banded by the new set.
    """
    program, scope = _band_scope(program_code)
    cleaned = [Band(clean(b.code).upper(), clean(b.name), float(b.min_score), bool(b.passing), bool(b.enabled))
               for b in bands]
    problem = band_set_problem(cleaned)
    if problem:
        raise ValidationError(problem[1], field=problem[0])
    used = _band_use(program)
    missing = sorted(code for code, n in used.items() if n and code not in {b.code for b in cleaned})
    if missing:
        raise ConflictError(f"Xếp loại {', '.join(missing)} đã dùng cho {sum(used[c] for c in missing)} kết quả nên "
                            "không bỏ được; hãy bỏ đánh dấu \u201cĐang dùng\u201d.", field="code")
    before = {b.code: (b.name, b.min_score, b.passing, b.enabled) for b in ResultBand.select().where(scope)}
    after = {b.code: (b.name, b.min_score, b.passing, b.enabled) for b in cleaned}
    if before == after:
        return band_rows(program_code)[1]
    whose = f"chương trình {program.code}" if program else "mặc định"
    text = "; ".join(f"{b.name} ({b.code}) từ {b.min_score:g}".replace(".", ",") + ("" if b.enabled else ", ngừng dùng")
                     for b in sorted(cleaned, key=lambda b: -b.min_score))
    with db.write():
        ResultBand.delete().where(scope).execute()
        for b in cleaned:
            ResultBand.create(program=program.id if program else None, code=b.code, name=b.name,
                              min_score=b.min_score, passing=b.passing, enabled=b.enabled)
        audit.record("edit", "result_band", program.id if program else None,
                     f"Sửa thang xếp loại {whose}: {text}", user=_user())
    return band_rows(program_code)[1]


@writes(Topic.CATALOGUES, Topic.AUDIT)
def reset_bands(program_code: str | None = None) -> list[BandRow]:
    """The default set back to the shipped bands; a program back to the default set (its own set dropped)."""
    if program_code:
        program = _find_program(program_code)
        own = list(ResultBand.select().where(ResultBand.program == program.id))
        if not own:
            return band_rows(program_code)[1]
        default_codes = {c for (c,) in ResultBand.select(ResultBand.code)
                         .where(ResultBand.program.is_null()).tuples()}
        used = _band_use(program)
        lost = sorted(code for code, n in used.items() if n and code not in default_codes)
        if lost:
            raise ConflictError(f"Xếp loại {', '.join(lost)} của chương trình {program.code} đã dùng cho kết quả "
                                "nhưng thang mặc định không có; chưa khôi phục được.")
        with db.write():
            ResultBand.delete().where(ResultBand.program == program.id).execute()
            audit.record("reset", "result_band", program.id,
                         f"Chương trình {program.code} dùng lại thang xếp loại mặc định", user=_user())
        return band_rows(program_code)[1]
    shipped = [Band(b["code"], b["name"], float(b["min_score"]), bool(b["passing"]), bool(b["enabled"]))
               for b in _load("result_bands.json")]
    return save_bands(None, shipped)
