"""Importing a roster as communes send it: the right person or a question, what the file adds to a
record, sections and skipped rows, old and odd values. Sheets are built by hand (the shape the
reader returns), so these tests pin the importer's judgement, not the file reading."""

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.cli import main
from app.domain.errors import ValidationError
from app.exchange.roster_reader import OtherRow, RosterRow, RosterSheet
from app.services import roster_import
from app.services.courses import CourseInput, add_course
from app.services.roster_import import (
    AMBIGUOUS,
    ERROR,
    EXISTING,
    NEW,
    NEW_PERSON,
    commit_roster,
    judge_sheet,
    name_case,
    party_mark,
)
from app.services.session import open_session
from app.services.trainees import TraineeInput, add_trainee
from app.store import db
from app.store.models import AuditEntry, Enrollment, Trainee

COURSE = "NTVD-2026-03"


def sheet(*rows, others=(), encoding="unicode", converted=0) -> RosterSheet:
    """A sheet as the reader returns it: ``rows`` are (row, values) or (row, values, section, original)."""
    built = [RosterRow(r[0], dict(r[1]), *(r[2:])) for r in rows]
    return RosterSheet("DS", 3, {"full_name": 2, "birth": 3}, built, others=list(others), encoding=encoding,
                       converted_cells=converted)


def person(name, birth="", **values):
    return {"full_name": name, "birth": birth, **values}


@pytest.fixture
def course(session):
    return add_course(CourseInput(COURSE, "NTVD", "Khóa III", "07/12/2026", "11/12/2026"))


def judge(course, *rows, **kwargs):
    return judge_sheet(sheet(*rows, **kwargs), course.id, course.code, Path("ds.xlsx"))


def enrol(course, trainee):
    with db.write():
        Enrollment.create(course=course, trainee=trainee)


# --- the lines of the preview --------------------------------------------------------------------


def test_every_row_is_named_with_what_was_read(course):
    add_trainee(TraineeInput("Thào A Sử", "12/04/1985", citizen_id="010085001234"))
    add_trainee(TraineeInput("Lù Văn Páo", "1979", unit="xã Sín Chéng"))
    preview = judge(
        course,
        (5, person("Nguyễn Văn An", dt.date(1980, 3, 12)), "XÃ BẢN MẾ", {"full_name": "NguyÔn V¨n An"}),
        (6, person("Thào A Sử", "12/04/1985", citizen_id="010085001234"), "XÃ BẢN MẾ"),
        (8, person("Lù Văn Páo", "1979"), "XÃ SÍN CHÉNG"),
        (9, person("NGUYỄN VĂN AN", "12/03/1980"), "XÃ SÍN CHÉNG"),
        (10, person("Giàng Seo Pao", "31/02/1990"), "XÃ SÍN CHÉNG"),
        others=[OtherRow(4, "section", "XÃ BẢN MẾ", "", ""), OtherRow(7, "section", "XÃ SÍN CHÉNG", "", ""),
                OtherRow(12, "skipped", "Tổng cộng: 5 người", "dòng tổng cộng", "totals row"),
                OtherRow(14, "skipped", "NGƯỜI LẬP BIỂU", "khối chữ ký", "signature block")],
        encoding="tcvn3", converted=7)
    assert preview.lines() == [
        "encoding: TCVN3 → Unicode (7 cells)",
        "row 4: section: XÃ BẢN MẾ",
        "row 5: new Nguyễn Văn An (12/03/1980)",
        "row 6: existing Thào A Sử (12/04/1985)",
        "row 7: section: XÃ SÍN CHÉNG",
        "row 8: ambiguous: 1 candidates",
        "row 9: duplicate of row 5",
        "row 10: error: Ngày không có thật: 31/02/1990 (ngày/tháng/năm)",
        "row 12: skipped: totals row",
        "row 14: skipped: signature block",
    ]
    # The section is the unit of the rows that have none; the original text is kept for the preview.
    assert preview.rows[1].unit == "Xã Bản Mế" and preview.rows[1].original == {"full_name": "NguyÔn V¨n An"}
    assert Trainee.select().count() == 2  # a preview writes nothing


def test_a_vni_file_says_so_and_an_unconverted_file_says_nothing(course):
    assert judge(course, (4, person("Lò Thị Hà", "1990")), encoding="vni", converted=2).lines()[0] == \
        "encoding: VNI → Unicode (2 cells)"
    assert judge(course, (4, person("Lò Thị Hà", "1990"))).lines() == ["row 4: new Lò Thị Hà (1990)"]


# --- the right person, or a question ----------------------------------------------------------------


def test_a_namesake_with_another_cccd_is_another_person(course):
    add_trainee(TraineeInput("Thào A Sử", "12/04/1985", citizen_id="010085001234"))
    preview = judge(course, (4, person("Thào A Sử", "12/04/1985", citizen_id="010085009998")))
    assert preview.lines() == ["row 4: new Thào A Sử (12/04/1985)"]
    commit_roster(preview)
    assert Trainee.select().where(Trainee.full_name == "Thào A Sử").count() == 2


def test_a_cccd_of_someone_else_is_an_error_naming_both(course):
    add_trainee(TraineeInput("Thào A Sử", "12/04/1985", citizen_id="010085001234"))
    preview = judge(course, (4, person("Lù Văn Páo", "12/04/1985", citizen_id="010085001234")))
    assert preview.lines() == [
        "row 4: error: số CCCD 010085001234 là của học viên Thào A Sử, sinh 12/04/1985, không phải Lù Văn Páo"]
    with pytest.raises(ValidationError):
        commit_roster(preview)
    assert Enrollment.select().count() == 0


def test_one_cccd_for_two_names_in_the_file_is_an_error(course):
    preview = judge(course, (4, person("Thào A Sử", "12/04/1985", citizen_id="010085001234")),
                    (5, person("Lù Văn Páo", "1985", citizen_id="010085001234")))
    assert preview.lines()[1] == "row 5: error: số CCCD 010085001234 đã ghi ở dòng 4 cho Thào A Sử"


def test_an_ambiguous_row_writes_nothing_until_answered(course):
    páo = add_trainee(TraineeInput("Lù Văn Páo", "1979", unit="xã Sín Chéng"))
    other = add_trainee(TraineeInput("Lù Văn Páo", "03/03/1979", unit="xã Bản Mế"), confirmed=True)
    preview = judge(course, (4, person("Lù Văn Páo", "03/03/1979")), (5, person("Sùng Seo Dơ", "1990")))
    row = preview.rows[0]
    assert row.status == AMBIGUOUS and {c.id for c in row.candidates} == {páo.id, other.id}
    assert {c.text() for c in row.candidates} == {"Lù Văn Páo — 1979 — xã Sín Chéng — chưa học lớp nào",
                                                  "Lù Văn Páo — 03/03/1979 — xã Bản Mế — chưa học lớp nào"}
    with pytest.raises(ValidationError, match="1 dòng chưa rõ là ai"):
        commit_roster(preview)
    assert Enrollment.select().count() == 0 and Trainee.select().count() == 2
    # The clerk picks the year-only record: the enrollment goes to that person, who gets the full date.
    preview.choose(4, páo.id)
    assert row.additions_text == "bổ sung: ngày sinh 03/03/1979"
    result = commit_roster(preview)
    assert (result.created, result.enrolled, result.updated) == (1, 2, 1)
    assert Enrollment.get(Enrollment.trainee == páo.id).course.code == COURSE
    assert Trainee.get_by_id(páo.id).birth_date == dt.date(1979, 3, 3)
    assert Trainee.get_by_id(other.id).enrollments.count() == 0


def test_new_person_or_skip_for_an_open_question(course):
    add_trainee(TraineeInput("Lù Văn Páo", "1979"))
    preview = judge(course, (4, person("Lù Văn Páo", "1979")), (5, person("Sùng Seo Dơ", "1990")))
    skipped = commit_roster(preview, skip_errors=True)
    assert (skipped.created, skipped.enrolled, skipped.skipped_questions) == (1, 1, 1)
    preview = judge(course, (4, person("Lù Văn Páo", "1979")))
    preview.choose(4, NEW_PERSON)
    assert preview.rows[0].line() == "row 4: ambiguous: 1 candidates"  # the line says what was read
    assert commit_roster(preview).created == 1
    assert Trainee.select().where(Trainee.full_name == "Lù Văn Páo").count() == 2


def test_a_candidate_already_taken_by_another_row_cannot_be_picked(course):
    sử = add_trainee(TraineeInput("Thào A Sử", "1985", citizen_id="010085001234"))
    preview = judge(course, (4, person("Thào A Sử", "", citizen_id="010085001234")),
                    (5, person("Thào A Sử", "12/04/1985")))
    assert [r.status for r in preview.rows] == [EXISTING, AMBIGUOUS]
    with pytest.raises(ValidationError, match="đã là dòng 4"):
        preview.choose(5, sử.id)
    with pytest.raises(ValidationError, match="không nằm trong danh sách"):
        preview.choose(5, 999)


def test_a_roster_imported_again_finds_the_class_trainees(course):
    páo = add_trainee(TraineeInput("Lù Văn Páo", "1979"))
    enrol(course, páo)
    add_trainee(TraineeInput("Lù Văn Páo", "1979"), confirmed=True)  # a namesake outside the class
    preview = judge(course, (4, person("Lù Văn Páo", "1979")))
    assert preview.rows[0].status == EXISTING and preview.rows[0].already_enrolled


@pytest.mark.parametrize("said, differs", [({"gender": "Nữ"}, "giới tính"), ({"ethnic_group": "Mông"}, "dân tộc"),
                                           ({"unit": "xã Sín Chéng"}, "đơn vị")])
def test_a_class_namesake_the_row_contradicts_is_asked_not_taken(course, said, differs):
    # Same name and birth year as a trainee of the class, but the row says another gender, ethnic
    # group or unit: perhaps another person of that name; taking the class member would drop them.
    páo = add_trainee(TraineeInput("Lù Văn Páo", "1979", gender="Nam", ethnic_group="Nùng", unit="xã Bản Mế"))
    enrol(course, páo)
    other = add_trainee(TraineeInput("Lù Văn Páo", "1979"), confirmed=True)
    preview = judge(course, (4, person("Lù Văn Páo", "1979", **said)))
    row = preview.rows[0]
    assert row.status == AMBIGUOUS and row.reason.endswith(f"học viên cùng tên trong lớp khác {differs}")
    assert {c.id for c in row.candidates} == {páo.id, other.id}
    # What agrees with the record (or is not said) still finds the class member.
    same = judge(course, (4, person("Lù Văn Páo", "1979", gender="Nam", ethnic_group="Nùng", unit="xã Bản Mế")))
    assert same.rows[0].status == EXISTING and same.rows[0].trainee_id == páo.id


def test_what_the_file_adds_updates_the_record_and_is_audited(course):
    sử = add_trainee(TraineeInput("Thào A Sử", "12/04/1985", unit="xã Sán Chải", position="Trưởng thôn"))
    preview = judge(course, (4, person("Thào A Sử", "12/04/1985", citizen_id="010085001234", gender="Nam",
                                       unit="xã Bản Mế", position="Bí thư chi bộ", party_member="Đ/v")))
    row = preview.rows[0]
    assert row.status == EXISTING
    assert row.additions_text == ("bổ sung: CCCD 010085001234; giới tính Nam; đảng viên; "
                                  "đơn vị xã Bản Mế (trước: xã Sán Chải); chức vụ Bí thư chi bộ (trước: Trưởng thôn)")
    assert commit_roster(preview).updated == 1
    t = Trainee.get_by_id(sử.id)
    assert (t.citizen_id, t.gender, t.party_member, t.organization.name, t.position) == (
        "010085001234", "M", True, "xã Bản Mế", "Bí thư chi bộ")
    entry = AuditEntry.get(AuditEntry.entity == "trainee", AuditEntry.entity_id == sử.id)
    assert entry.action == "import" and "CCCD 010085001234" in entry.summary and COURSE in entry.summary


def test_the_same_unit_spelled_otherwise_is_not_an_addition(course):
    add_trainee(TraineeInput("Thào A Sử", "12/04/1985", unit="UBND xã Sán Chải"))
    preview = judge(course, (4, person("Thào A Sử", "12/04/1985", unit="Ủy ban nhân dân xã Sán Chải")))
    assert preview.rows[0].additions == {}


# --- old and odd values ----------------------------------------------------------------------------


@pytest.mark.parametrize("mark, expected", [
    ("x", (True, False)), ("X", (True, False)), ("Đ/v", (True, False)), ("đ/v", (True, False)),
    ("đảng viên", (True, False)), ("Đảng viên", (True, False)), ("✓", (True, False)), ("✔", (True, False)),
    ("đảng viên dự bị", (True, True)), ("Đảng viên dự bị", (True, True)), ("dự bị", (True, True)),
    ("", (False, False)), (None, (False, False)), ("không", (False, False)), (True, (True, False)),
    (1, (True, False)),
])
def test_party_marks(mark, expected):
    assert party_mark(mark) == expected


@pytest.mark.parametrize("mark", ["có lẽ", "Đoàn viên", "?", "2"])
def test_an_unknown_party_mark_is_an_error_not_a_no(mark):
    with pytest.raises(ValidationError, match="Không hiểu dấu đảng viên"):
        party_mark(mark)


def test_party_marks_on_the_way_in(course):
    preview = judge(course, (4, person("Lò Thị Hà", "1990", party_member="đảng viên dự bị")),
                    (5, person("Lò Văn Hạ", "1991", party_member="✓")),
                    (6, person("Vừ A Dế", "1992", party_member="chắc vậy")))
    assert preview.rows[2].status == ERROR and "Không hiểu dấu đảng viên \"chắc vậy\"" in preview.rows[2].reason
    commit_roster(preview, skip_errors=True)
    hà, hạ = Trainee.get(Trainee.full_name == "Lò Thị Hà"), Trainee.get(Trainee.full_name == "Lò Văn Hạ")
    assert (hà.party_member, hà.party_probationary) == (True, True)
    assert (hạ.party_member, hạ.party_probationary) == (True, False)


def test_old_cmnd_in_the_cccd_column_goes_to_the_cmnd_field(course):
    preview = judge(course, (4, person("Lò Thị Hà", "1990", citizen_id="012345678")),
                    (5, person("Lò Văn Hạ", "1991", citizen_id=12345679)),  # a number: the leading zero lost
                    (6, person("Vừ A Dế", "1992", citizen_id="0123456")))
    assert [r.status for r in preview.rows] == [NEW, NEW, ERROR]
    assert "12 chữ số" in preview.rows[2].reason
    commit_roster(preview, skip_errors=True)
    got = {t.full_name: (t.citizen_id, t.old_id_number) for t in Trainee.select()}
    assert got == {"Lò Thị Hà": (None, "012345678"), "Lò Văn Hạ": (None, "012345679")}


@pytest.mark.parametrize("typed, stored", [
    ("NGUYỄN VĂN AN", "Nguyễn Văn An"), ("nguyễn văn an", "Nguyễn Văn An"), ("ĐẶNG THỊ ÁNH", "Đặng Thị Ánh"),
    ("LÙ VĂN PÁO", "Lù Văn Páo"), ("Nguyễn văn An", "Nguyễn văn An"),
    ("Thào A Sử", "Thào A Sử"), ("ĐINH-THỊ HOA", "Đinh-Thị Hoa"),
    # Ê Đê, Gia Rai, K'Ho names: a capital after the apostrophe too (H'Hen Niê, Ksor H'Bia, K'Bang).
    ("H'HEN NIÊ", "H'Hen Niê"), ("KSOR H’BIA", "Ksor H’Bia"), ("h'mông a sử", "H'Mông A Sử"),
])
def test_names_in_capitals_or_lower_case_are_stored_in_title_case(typed, stored):
    assert name_case(typed) == stored


def test_a_recased_name_keeps_the_original_in_the_audit(course):
    preview = judge(course, (4, person("NGUYỄN VĂN AN", "12/03/1980")))
    assert preview.lines() == ["row 4: new Nguyễn Văn An (12/03/1980)"]
    assert preview.rows[0].typed_name == "NGUYỄN VĂN AN"
    commit_roster(preview)
    an = Trainee.get()
    assert an.full_name == "Nguyễn Văn An"
    assert "\"NGUYỄN VĂN AN\"" in AuditEntry.get(AuditEntry.entity == "trainee", AuditEntry.entity_id == an.id).summary


# --- the command line ---------------------------------------------------------------------------


def test_cli_stops_at_a_question_unless_told(db_path, tmp_path, capsys, monkeypatch):
    with open_session(db_path):
        add_course(CourseInput(COURSE, "NTVD", "Khóa III", "07/12/2026", "11/12/2026"))
        add_trainee(TraineeInput("Lù Văn Páo", "1979"))
    asked = []

    def fake_read(path, *, required=(), encoding=None):  # the reader's interface (contract of issue 13)
        asked.append(encoding)
        return sheet((4, person("Lù Văn Páo", "1979")), (5, person("Sùng Seo Dơ", "1990")),
                     others=[OtherRow(7, "skipped", "NGƯỜI LẬP BIỂU", "khối chữ ký", "signature block")],
                     encoding="tcvn3", converted=4)

    monkeypatch.setattr(roster_import, "read_roster", fake_read)
    args = ["--db", str(db_path), "import", "roster", str(tmp_path / "ds.xls"), "--course", COURSE]
    assert main([*args, "--encoding", "tcvn3"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["encoding: TCVN3 → Unicode (4 cells)", "row 4: ambiguous: 1 candidates",
                                         "row 5: new Sùng Seo Dơ (1990)", "row 7: skipped: signature block"]
    assert "chưa rõ là ai" in captured.err and asked == ["tcvn3"]
    with open_session(db_path, backup_on_start=False):
        assert Trainee.select().count() == 1 and Enrollment.select().count() == 0
    assert main([*args, "--skip-errors"]) == 0
    with open_session(db_path, backup_on_start=False):
        assert [e.trainee.full_name for e in Enrollment.select()] == ["Sùng Seo Dơ"]
    assert main([*args, "--new-if-ambiguous"]) == 0
    with open_session(db_path, backup_on_start=False):
        assert Trainee.select().where(Trainee.full_name == "Lù Văn Páo").count() == 2
    assert asked == ["tcvn3", None, None]


def test_a_row_in_error_is_named_even_when_the_name_comes_in_two_columns(course):
    preview = judge(course, (7, {"family_middle": "Vàng Seo", "given_name": "Chứ", "birth": "1988",
                                 "party_member": "có lẽ"}))
    assert preview.rows[0].status == ERROR and preview.rows[0].name == "Vàng Seo Chứ"
    assert "Không hiểu dấu đảng viên" in preview.rows[0].reason


def test_cli_shows_both_readings_of_old_font_text_and_the_option_that_chooses(db_path, tmp_path, capsys):
    with open_session(db_path):
        add_course(CourseInput(COURSE, "NTVD", "Khóa III", "07/12/2026", "11/12/2026"))
    workbook = Workbook()
    for row in (["Họ và tên", "Năm sinh", "Ghi chú"], ["Thào A Sử", 1985, "Caû"], ["Giàng Thị Mỷ", 1990, "Chuû"]):
        workbook.active.append(row)
    workbook.save(tmp_path / "ds.xlsx")
    args = ["--db", str(db_path), "import", "roster", str(tmp_path / "ds.xlsx"), "--course", COURSE]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("boiduong: lỗi: Không xác định được bảng mã của tệp")
    assert ("(đọc theo TCVN3: \u201cCaỷ\u201d, \u201cChuỷ\u201d; đọc theo VNI: \u201cCả\u201d, \u201cChủ\u201d. "
            "Chạy lại với --encoding tcvn3 hoặc --encoding vni.)") in err
    assert main([*args, "--encoding", "vni"]) == 0
    with open_session(db_path, backup_on_start=False):
        assert sorted(t.note for t in Trainee.select()) == ["Chủ", "Cả"]
