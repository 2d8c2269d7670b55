"""Every list to Excel: what the clerk opens in Excel is the list they saw, typed as Excel types it."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from app.outputs import lists as out
from app.services import lists
from app.services.enrolment import class_roster
from app.services.instructor_records import instructor_list


def _sheet(path):
    workbook = load_workbook(path)
    return workbook, workbook.worksheets[0]


def _header_row(sheet) -> int:
    return next(r for r in range(1, 6) if sheet.cell(r, 1).value == "STT")


def test_the_trainee_list_of_a_filter_keeps_types_and_prints_like_our_tables(demo_session, tmp_path):
    ids = lists.trainee_ids("nguyen")
    assert 5 < len(ids) < lists.trainee_count()
    path = tmp_path / "hv.xlsx"
    seen = []
    assert out.export_trainees(path, "nguyen", progress=lambda done, total: seen.append((done, total))) == len(ids)
    assert seen[-1] == (len(ids), len(ids))
    workbook, sheet = _sheet(path)
    header = _header_row(sheet)
    assert [c.value for c in sheet[header]] == [h for h, _, _ in out.TRAINEE_COLUMNS]
    assert sheet.cell(1, 1).value == "DANH SÁCH HỌC VIÊN" and "nguyen" in sheet.cell(2, 1).value
    body = list(sheet.iter_rows(min_row=header + 1, values_only=True))
    expected = lists.trainee_rows(ids)
    assert [r[1] for r in body] == [r.full_name for r in expected]  # the list's own order
    first_dated = next(i for i, r in enumerate(expected) if r.birth_date)
    assert body[first_dated][2] == dt.datetime.combine(expected[first_dated].birth_date, dt.time())
    assert sheet.cell(header + 1 + first_dated, 3).number_format == "dd/mm/yyyy"
    assert isinstance(body[0][0], int) and isinstance(body[0][8], int)  # numbers, not text
    assert all(isinstance(r[5], str) or r[5] is None for r in body)  # CCCD stays text (leading zero)
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.cell(header + 1, 2).font.name == "Times New Roman"
    workbook.close()


def test_stopping_a_long_export_leaves_no_file_and_keeps_an_old_one(demo_session, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "hv.xlsx"
    path.write_bytes(b"old")
    assert out.export_trainees(path, "", cancelled=lambda: True) is None
    assert path.read_bytes() == b"old"
    assert [p.name for p in folder.iterdir()] == ["hv.xlsx"]  # no temporary file left


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    from app.exchange.xlsx_writer import SheetColumn, stream_table

    path = tmp_path / "f.xlsx"
    stream_table(path, "T", [SheetColumn("A", 10), SheetColumn("B", 10)], [("=1+1", "x"), ("y", "=2")])
    workbook, sheet = _sheet(path)
    assert sheet["A3"].value == "=1+1" and sheet["A3"].data_type == "s" and sheet["A3"].quotePrefix
    assert not sheet["B3"].quotePrefix  # the shared style of other cells is untouched
    workbook.close()


def test_the_class_list_of_a_year_has_dates_and_counts(demo_session, tmp_path):
    year = lists.course_years()[0]
    rows = lists.courses(year)
    path = tmp_path / "lop.xlsx"
    assert out.export_courses(path, rows, f"Năm {year}") == len(rows)
    workbook, sheet = _sheet(path)
    header = _header_row(sheet)
    body = list(sheet.iter_rows(min_row=header + 1, values_only=True))
    assert [r[1] for r in body] == [r.code for r in rows]
    assert body[0][4] == dt.datetime.combine(rows[0].start_date, dt.time())
    assert [r[9] for r in body] == [r.trainee_count for r in rows]
    workbook.close()


def test_the_instructor_list_has_hours_as_numbers(demo_session, tmp_path):
    year = lists.course_years()[0]
    rows = instructor_list(year=year)
    path = tmp_path / "gv.xlsx"
    assert out.export_instructors(path, rows, year) == len(rows)
    workbook, sheet = _sheet(path)
    header = _header_row(sheet)
    body = list(sheet.iter_rows(min_row=header + 1, values_only=True))
    assert [r[1] for r in body] == [r.full_name for r in rows]
    taught = next(i for i, r in enumerate(rows) if r.periods)
    assert body[taught][7] == rows[taught].periods
    assert body[taught][8] == pytest.approx(round(rows[taught].standard_hours, 1))
    workbook.close()


def test_a_class_roster_has_its_people_and_results(demo_session, tmp_path):
    course, roster = next((c, r) for c in lists.courses(None) if c.trainee_count > 5
                          for r in [class_roster(c.id)] if any(row.score is not None for row in r.rows))
    path = tmp_path / "ds.xlsx"
    assert out.export_roster(path, course.id) == len(roster.rows)
    workbook, sheet = _sheet(path)
    header = _header_row(sheet)
    assert course.code in sheet.cell(2, 1).value
    body = list(sheet.iter_rows(min_row=header + 1, values_only=True))
    assert [r[1] for r in body] == [r.full_name for r in roster.rows]
    assert [r[3] for r in body] == [r.gender for r in roster.rows]
    scored = next(i for i, r in enumerate(roster.rows) if r.score is not None)
    assert body[scored][8] == float(roster.rows[scored].score)
    workbook.close()
