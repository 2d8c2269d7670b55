"""Nhập hồ sơ cũ: a decade of classes, rosters and the certificate registry, written all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.exchange.history_workbook import read_history_workbook
from app.services import history_import as hi
from app.store.models import Certificate, CertificateCounter, Course, Enrollment, Trainee
from tests.fixtures.old_records import CLASSES, REGISTRY, ROSTER, make_workbook

TODAY = dt.date(2026, 12, 1)


def test_template_is_read_back_as_three_kinds_of_sheet(tmp_path):
    book = read_history_workbook(make_workbook(tmp_path / "ho-so.xlsx"))
    assert [c.values["code"] for c in book.classes] == [c[0] for c in CLASSES]
    assert sum(len(p.table.rows) for p in book.rosters) == len(ROSTER)
    assert [r.values["number"] for r in book.registry] == [r[0] for r in REGISTRY]


def test_importing_into_an_empty_database_gives_the_term_report_its_numbers(session, tmp_path):
    from app.outputs.reports import build_report

    preview = hi.preview_history(make_workbook(tmp_path / "ho-so.xlsx"), today=TODAY)
    assert preview.problems == []
    assert preview.open_questions == 0
    assert preview.people() == (5, 0)  # Lù Văn Páo and Nguyễn Văn An each attended two classes
    backups = []
    result = hi.commit_history(preview, backup=lambda: backups.append(1), today=TODAY)
    assert backups == [1]
    assert (result.classes, result.trainees_created, result.enrolments, result.certificates) == (3, 5, 7, 4)
    assert Trainee.select().count() == 5
    pao = Trainee.get(Trainee.full_name == "Lù Văn Páo")
    assert Enrollment.select().where(Enrollment.trainee == pao.id).count() == 2
    # Numbers kept exactly; the counters moved past the highest of each year.
    assert sorted((c.year, c.number) for c in Certificate.select()) == [(2016, 12), (2016, 13), (2018, 40), (2018, 41)]
    assert {c.year: c.last_number for c in CertificateCounter.select()} == {2016: 13, 2018: 41}
    assert {c.code: c.status for c in Course.select()} == dict.fromkeys((c[0] for c in CLASSES), "finished")
    an = Enrollment.select().join(Trainee).where(Trainee.full_name == "Nguyễn Văn An").join_from(
        Enrollment, Course).where(Course.code == "NTVD-2016-01").get()
    assert an.result_code == "K" and an.completed

    data = build_report("results", dt.date(2015, 1, 1), dt.date(2020, 12, 31))
    by_program = {row[0]: row for row in data.csv_rows}
    # program code, name, classes, enrolments, women, ethnic minority, party members, completed, certificates
    assert by_program["NTVD"][2:] == (1, 3, 1, 2, 0, 3, 2)
    assert by_program["DVM"][2:] == (1, 2, 1, 2, 2, 2, 2)
    assert by_program["NQ"][2:] == (1, 2, 0, 1, 2, 2, 0)


def test_one_sheet_per_class_named_by_its_code(session, tmp_path):
    preview = hi.preview_history(make_workbook(tmp_path / "ho-so.xlsx", long_sheet=False), today=TODAY)
    assert preview.problems == []
    assert [(c.code, c.trainees, c.certificates) for c in preview.classes] == [
        ("NTVD-2016-01", 3, 2), ("DVM-2018-01", 2, 2), ("NQ-2019-01", 2, 0)]


def test_cli_dry_run_writes_nothing_and_the_real_run_writes_all(session, tmp_path, capsys):
    from app.cli import main

    path = make_workbook(tmp_path / "ho-so.xlsx")
    db = session.url or str(session.path)  # a file, or the test server's URL
    session.close()
    assert main(["--db", db, "import", "history", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "class NTVD-2016-01: 3 trainees, 2 certificates" in out
    from app.services.session import open_session

    with open_session(db, backup_on_start=False):
        assert Course.select().count() == 0
    assert main(["--db", db, "import", "history", str(path)]) == 0
    with open_session(db, backup_on_start=False):
        assert Course.select().count() == 3 and Certificate.select().count() == 4


def _problems(session, tmp_path, **changes) -> list[str]:
    preview = hi.preview_history(make_workbook(tmp_path / "ho-so.xlsx", **changes), today=TODAY)
    with pytest.raises(ValidationError, match="chưa ghi gì"):
        hi.commit_history(preview, today=TODAY)
    assert Course.select().count() == Trainee.select().count() == Certificate.select().count() == 0
    return [p.text() for p in preview.problems]


def test_a_bad_date_is_named_and_nothing_is_written(session, tmp_path):
    classes = [CLASSES[0], (*CLASSES[1][:3], "31/02/2018", *CLASSES[1][4:]), CLASSES[2]]
    problems = _problems(session, tmp_path, classes=classes)
    assert any("Trang \"Lớp học\", dòng 4" in p and "Ngày không có thật: 31/02/2018" in p for p in problems)


def test_an_unknown_program_is_named(session, tmp_path):
    classes = [(CLASSES[0][0], "XYZ", *CLASSES[0][2:]), *CLASSES[1:]]
    problems = _problems(session, tmp_path, classes=classes)
    assert any("chương trình \"XYZ\" không có trong danh mục" in p for p in problems)


def test_a_number_twice_in_the_file_is_an_error(session, tmp_path):
    registry = [*REGISTRY[:3], ("0040/2018", *REGISTRY[3][1:])]
    problems = _problems(session, tmp_path, registry=registry)
    assert any("Sổ cấp GCN\", dòng 6" in p and "số GCN 0040/2018 đã ghi ở trang \"Sổ cấp GCN\", dòng 5" in p
               for p in problems)


def test_a_number_already_in_the_database_is_an_error(session, tmp_path):
    first = [REGISTRY[0]]
    hi.commit_history(hi.preview_history(make_workbook(
        tmp_path / "a.xlsx", classes=CLASSES[:1], roster=ROSTER[:3], registry=first), today=TODAY), today=TODAY)
    classes = [("NTVD-2016-02", *CLASSES[0][1:])]
    roster = [(1, "NTVD-2016-02", *ROSTER[4][2:])]
    registry = [("0012/2016", "Vàng Thị Dợ", "05/05/1992", "NTVD-2016-02", "20/03/2016", "")]
    preview = hi.preview_history(make_workbook(tmp_path / "b.xlsx", classes=classes, roster=roster,
                                               registry=registry), today=TODAY)
    assert [p.message for p in preview.problems] == ["số GCN 0012/2016 đã có trong cơ sở dữ liệu"]
    with pytest.raises(ValidationError):
        hi.commit_history(preview, today=TODAY)
    assert Course.select().count() == 1


def test_a_class_without_a_roster_is_an_error(session, tmp_path):
    roster = [r for r in ROSTER if r[1] != "NQ-2019-01"]
    problems = _problems(session, tmp_path, roster=roster)
    assert any("lớp NQ-2019-01 không có danh sách học viên" in p for p in problems)


def test_a_namesake_known_only_by_year_is_a_question_never_a_guess(session, tmp_path):
    roster = [*ROSTER, (3, "NQ-2019-01", "Giàng Thị Mai", "1985", "Nữ", "Mông", "", "", "Xã Bản Mế", "", "", "", "")]
    preview = hi.preview_history(make_workbook(tmp_path / "ho-so.xlsx", roster=roster), today=TODAY)
    assert preview.problems == [] and preview.open_questions == 1
    with pytest.raises(ValidationError, match="chưa rõ là ai"):
        hi.commit_history(preview, today=TODAY)
    question = next(r for r in preview.rows if r.open_question)
    assert [c.key for c in question.choices] == ["f:1"]  # Giàng Thị Mai of NTVD-2016-01
    preview.choose(question.index, "f:1")
    hi.commit_history(preview, today=TODAY)
    assert Trainee.select().where(Trainee.full_name == "Giàng Thị Mai").count() == 1


def test_a_person_on_file_is_matched_by_the_roster_rules(session, tmp_path):
    from app.services.trainees import TraineeInput, add_trainee

    add_trainee(TraineeInput(full_name="Hoàng Văn Sử", birth="1970", unit="Xã Sán Chải"))
    preview = hi.preview_history(make_workbook(tmp_path / "ho-so.xlsx"), today=TODAY)
    assert preview.problems == []
    row = next(r for r in preview.rows if r.name == "Hoàng Văn Sử")
    # A year on both sides and the same name: the rules call it a question, not the same person.
    assert row.status == "ambiguous" and row.choices[0].key.startswith("t:")
    preview.choose(row.index, row.choices[0].key)
    assert preview.people() == (4, 1)
    hi.commit_history(preview, today=TODAY)
    assert Trainee.select().where(Trainee.full_name == "Hoàng Văn Sử").count() == 1
