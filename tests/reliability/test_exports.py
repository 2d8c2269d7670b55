"""Exports: text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return stays text.

In .xlsx every string cell — title, subtitle, headers, rows, totals, notes — is a string cell
(``data_type == 's'``), never a formula, the sheet's XML holds no ``<f>``, and formula-looking
text is marked "quote prefix" so Excel shows it as typed. In CSV such text gets a leading
apostrophe, the rest kept. Property tests over the writers every export goes through
(``write_table``, ``table_xlsx``, ``report_csv``), then the real exports of the command line on a
database whose names were typed by someone hostile.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.domain.tables import TableColumn, TableDocument
from app.exchange.xlsx_writer import FORMULA_TRIGGERS, SheetColumn, table_xlsx, write_table
from app.outputs.reports import report_csv
from app.services.certificates import issue_certificates
from app.services.reports.common import ReportData
from app.services.session import open_session
from app.store import db as store_db
from app.store.models import Certificate, Course, Enrollment, Trainee, person_keys
from tests.reliability.helpers import world

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = settings(max_examples=60, deadline=None, database=None, derandomize=True)

HOSTILE = ["=1+1", "+1+1", "-1+1", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://x.invalid\",\"Bấm\")",
           "=cmd|' /C calc'!A0", "-", "+", "=", "@"]
formula_like = st.builds(lambda trigger, rest: trigger + rest, st.sampled_from(FORMULA_TRIGGERS), st.text(max_size=20))
cell_text = st.one_of(formula_like, st.sampled_from(HOSTILE), st.text(max_size=20))
cell_value = st.one_of(cell_text, st.integers(-10**6, 10**6), st.none())


def _sheet_cells(data: bytes):
    """Every non-empty cell of the first sheet, and the sheet's XML."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    return cells, xml


def _kept(text: str) -> str:
    """What a cell holds when read back: no characters XML cannot carry, line ends as XML reads them."""
    return ILLEGAL_CHARACTERS_RE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


def _assert_text_cells(data: bytes, texts: list[str]) -> None:
    cells, xml = _sheet_cells(data)
    assert "<f>" not in xml and "<f " not in xml
    assert all(cell.data_type != "f" for cell in cells)
    by_value = {}
    for cell in cells:
        by_value.setdefault(cell.value, cell)
    for text in texts:
        kept = _kept(text)
        if not kept:
            continue
        cell = by_value.get(kept)
        assert cell is not None, (text, sorted(map(repr, by_value))[:20])
        assert cell.data_type == "s"
        if ILLEGAL_CHARACTERS_RE.sub("", text).startswith(FORMULA_TRIGGERS):
            assert cell.quotePrefix, kept


@SETTINGS
@given(st.lists(st.tuples(cell_value, cell_value, cell_value), min_size=1, max_size=6), cell_text, cell_text)
def test_write_table_keeps_every_text_as_text(rows, title, header):
    data = write_table(title, [SheetColumn(header, 12), SheetColumn("Họ và tên", 30), SheetColumn("Ghi chú", 20)],
                       rows, subtitle="=" + title)
    texts = [v for row in rows for v in row if isinstance(v, str)] + [title, header, "=" + title]
    _assert_text_cells(data, texts)


@SETTINGS
@given(st.lists(st.tuples(cell_text, cell_text), min_size=1, max_size=5), cell_text, st.lists(cell_text, max_size=2))
def test_table_documents_keep_every_text_as_text(rows, footer, notes):
    document = TableDocument(title="DANH SÁCH", subtitle=footer, columns=[TableColumn("STT", 10),
                                                                         TableColumn(footer or "Tên", 40)],
                             cells=rows, footer=(footer, footer), notes=notes)
    _assert_text_cells(table_xlsx(document), [t for row in rows for t in row] + [footer, *notes])


@SETTINGS
@given(st.lists(st.tuples(cell_value, cell_value), min_size=1, max_size=6))
def test_report_csv_quotes_formula_looking_text(rows):
    data = ReportData("test", TableDocument("T", "", [], []), ("a", "b"), rows)
    text = report_csv(data).decode("utf-8")
    assert text.startswith("\ufeff")
    read = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert read[0] == ["a", "b"]
    for written, original in zip(read[1:], rows, strict=True):
        for got, value in zip(written, original, strict=True):
            if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
                assert got == "'" + value
            else:
                assert got == ("" if value is None else str(value))
            assert not isinstance(value, str) or not got.startswith(FORMULA_TRIGGERS)


# --- the real exports ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_db(prepared, tmp_path_factory) -> Path:
    """The prepared database with trainees whose names a spreadsheet would run, all with certificates."""
    db_path = prepared.copy(tmp_path_factory.mktemp("exports") / "data")
    with open_session(db_path, backup_on_start=False):
        course = Course.get(Course.code == world.CERT_COURSE)
        with store_db.write():
            Course.update(name="=HYPERLINK(\"http://x.invalid\",\"Lớp\")").where(Course.id == course.id).execute()
            for i, name in enumerate(HOSTILE[:8]):
                born = dt.date(1990, 1, 1 + i)
                trainee = Trainee.create(**person_keys(name, born), birth_date=born, birth_year=1990,
                                         unit_text="@unit" if i % 2 else "-unit")
                Enrollment.create(course=course, trainee=trainee, score=8.0, result_code="G", completed=True)
        issue_certificates(world.CERT_COURSE, today=world.ISSUE_DAY)
        assert Certificate.select().count() == world.CERT_COUNT + 8
    return db_path


def _names() -> list[str]:
    return [" ".join(_kept(name).split()) for name in HOSTILE[:8]]


EXPORTS = [
    ("export", "trainees", "--course", world.CERT_COURSE, "--out", "{out}.xlsx"),
    ("print", "class-list", "--course", world.CERT_COURSE, "--out", "{out}.xlsx"),
    ("print", "receipt", "--course", world.CERT_COURSE, "--out", "{out}.xlsx"),
    ("print", "registry", "--from", "01/01/2026", "--to", "31/12/2026", "--out", "{out}.xlsx"),
    ("report", "registry", "--from", "01/01/2026", "--to", "31/12/2026", "--out", "{out}.xlsx"),
    ("report", "registry", "--from", "01/01/2026", "--to", "31/12/2026", "--out", "{out}.csv"),
]


@pytest.mark.parametrize("command", EXPORTS, ids=lambda c: f"{c[0]}-{c[1]}-{c[-1][-4:]}")
def test_every_export_of_hostile_names_keeps_them_as_text(command, hostile_db, tmp_path):
    out = tmp_path / "out"
    args = [a.format(out=out) for a in command]
    run = subprocess.run([sys.executable, "main.py", "--db", str(hostile_db), *args], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    path = Path(args[-1])
    names = _names()
    if path.suffix == ".csv":
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
        found = {cell for row in rows for cell in row}
        for name in names:
            assert ("'" + name if name.startswith(FORMULA_TRIGGERS) else name) in found, name
        assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in found)
        return
    cells, xml = _sheet_cells(path.read_bytes())
    assert "<f>" not in xml and "<f " not in xml
    texts = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    for name in names:
        cell = texts.get(name)
        assert cell is not None, (name, sorted(texts)[:30])
        assert cell.data_type == "s" and (cell.quotePrefix or not name.startswith(FORMULA_TRIGGERS))


def test_feedback_summary_csv_quotes_a_formula_looking_question(hostile_db, tmp_path):
    from app.store.models import FeedbackQuestion

    copy = tmp_path / "db.sqlite3"
    copy.write_bytes(hostile_db.read_bytes())
    with open_session(copy, backup_on_start=False), store_db.write():
        FeedbackQuestion.update(text="=1+1").where(FeedbackQuestion.position == 1).execute()
    run = subprocess.run([sys.executable, "main.py", "--db", str(copy), "feedback", "summary", "--course",
                          world.FEEDBACK_COURSE], cwd=ROOT, capture_output=True, text=True, timeout=60)
    rows = list(csv.reader(io.StringIO(run.stdout, newline="")))
    assert not any(cell.startswith(FORMULA_TRIGGERS) for row in rows for cell in row)
