"""Catalogue edits at the edges: a name that differs only by case, spaces or diacritics from one
in the list, a code left empty; refused with a clear Vietnamese message, nothing written."""

from __future__ import annotations

import pytest

from app.domain.errors import ConflictError, ValidationError
from app.domain.results import Band
from app.services import catalogues as cat
from app.services.result_bands import save_bands
from app.store.models import AuditEntry, CatalogueItem, Program, ResultBand


def _snapshot() -> tuple:
    return (list(Program.select().tuples()), list(ResultBand.select().tuples()),
            list(CatalogueItem.select().tuples()), AuditEntry.select().count())


def test_two_bands_of_one_name_are_refused(session):
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        save_bands(None, [Band("G", "Giỏi", 8), Band("K", "giỏi ", 6.5), Band("KD", "Không đạt", 0, False)])
    assert refused.value.message == "Tên xếp loại \"giỏi\" bị trùng với Giỏi (G)." and refused.value.field == "name"
    assert _snapshot() == before


def test_a_program_named_like_another_is_refused(session):
    existing = Program.get(Program.code == "NTVD").name
    before = _snapshot()
    with pytest.raises(ConflictError) as refused:
        cat.add_program(cat.ProgramInput("MOI", "  " + existing.upper() + " "))
    assert refused.value.message == f"\"{existing}\" đã có trong danh mục chương trình (mã NTVD)."
    assert refused.value.field == "name" and _snapshot() == before
    cat.update_program("NTVD", cat.ProgramInput("NTVD", existing, typical_days=9))  # its own name is no clash
    assert Program.get(Program.code == "NTVD").typical_days == 9


@pytest.mark.parametrize(("code", "message"), [
    ("", "Cần nhập mã."),
    ("Đ1", "Mã \"Đ1\" chỉ gồm chữ không dấu, chữ số, dấu gạch (tối đa 20 ký tự)."),
])
def test_a_bad_item_code_is_said_without_a_stray_space(session, code, message):
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        cat.add_item("degrees", code, "Tiến sĩ khoa học")
    assert refused.value.message == message and _snapshot() == before
