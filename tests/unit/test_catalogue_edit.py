"""A centre edits its catalogues: add, edit, retire, put back the shipped default; bad input writes
nothing and says why in Vietnamese; every change is in the audit log."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.errors import ConflictError, ValidationError
from app.domain.results import Band
from app.services import catalogues as cat
from app.services.courses import CourseInput, add_course
from app.services.lessons import LessonInput, add_lesson, lesson_kinds, lesson_rows, update_lesson
from app.services.result_bands import band_rows, reset_bands, save_bands
from app.services.results import bands_for_program
from app.services.trainees import ethnic_group_by_name
from app.store import db
from app.store.models import AuditEntry, CatalogueItem, Enrollment, Program, ResultBand, Trainee, person_keys


def _audit(action: str) -> list[str]:
    return [e.summary for e in AuditEntry.select().where(AuditEntry.action == action).order_by(AuditEntry.id)]


def _snapshot() -> tuple:
    return (list(Program.select().tuples()), list(ResultBand.select().tuples()),
            list(CatalogueItem.select().tuples()), AuditEntry.select().count())


# --- programs ------------------------------------------------------------------------------


def test_add_a_program_and_edit_its_rules(session):
    cat.add_program(cat.ProgramInput("bdcs", "Bồi dưỡng chi ủy viên", typical_days="3", periods="", scored=False,
                                     certificate="none", absence_threshold_pct="10"))
    row = next(r for r in cat.program_rows() if r.code == "BDCS")
    assert (row.name, row.typical_days, row.periods, row.scored, row.certificate_name, row.absence_threshold_pct,
            row.active, row.shipped) == ("Bồi dưỡng chi ủy viên", 3, None, False, "Không cấp", 10.0, True, False)
    cat.update_program("BDCS", cat.ProgramInput("BDCS", "Bồi dưỡng chi ủy viên", typical_days=4, scored=False,
                                                certificate="gcn", absence_threshold_pct="12,5"))
    program = Program.get(Program.code == "BDCS")
    assert (program.typical_days, program.certificate, program.absence_threshold_pct) == (4, "gcn", 12.5)
    assert _audit("add") == ["Thêm chương trình BDCS – Bồi dưỡng chi ủy viên"]
    assert _audit("edit") == ["Sửa chương trình BDCS: số ngày: 3 → 4; văn bằng: Không cấp → Giấy chứng nhận; "
                              "vắng tối đa (%): 10 → 12,5"]


@pytest.mark.parametrize(("data", "field", "message"), [
    (cat.ProgramInput("NTVD", "Trùng mã"), "code", "Mã chương trình \"NTVD\" đã được dùng."),
    (cat.ProgramInput("ntvd", "Trùng mã chữ thường"), "code", "Mã chương trình \"NTVD\" đã được dùng."),
    (cat.ProgramInput("MOI", "Mới", absence_threshold_pct="120"), "absence_threshold_pct",
     "Tỷ lệ vắng tối đa (%) phải từ 0 đến 100."),
    (cat.ProgramInput("MOI", "Mới", absence_threshold_pct="hai mươi"), "absence_threshold_pct",
     "Tỷ lệ vắng tối đa (%) \"hai mươi\" không phải là số."),
    (cat.ProgramInput("MOI", "Mới", typical_days="0"), "typical_days", "Số ngày học phải từ 1 đến 1000."),
    (cat.ProgramInput("MOI", "  "), "name", "Cần nhập tên chương trình."),
    (cat.ProgramInput("MỚI", "Mới"), "code", "Mã chương trình \"MỚI\" chỉ gồm chữ không dấu"),
])
def test_a_bad_program_writes_nothing_and_names_the_field(session, data, field, message):
    before = _snapshot()
    with pytest.raises((ValidationError, ConflictError)) as refused:
        cat.add_program(data)
    assert refused.value.field == field and refused.value.message.startswith(message)
    assert _snapshot() == before


def test_retire_a_program_hides_it_from_new_classes_but_old_ones_keep_it(session):
    old = add_course(CourseInput("NQ-2025-01", "NQ", "Học nghị quyết", "02/03/2025", "03/03/2025"))
    cat.set_program_active("NQ", False)
    assert "NQ" not in [code for code, _ in cat.program_choices()]
    assert "NQ" in [code for code, _ in cat.program_choices(keep="NQ")]  # the old class's form still shows it
    assert next(r for r in cat.program_rows() if r.code == "NQ").courses == 1
    with pytest.raises(ValidationError, match="ngừng dùng"):
        add_course(CourseInput("NQ-2026-01", "NQ", "Lớp mới", "02/03/2026", "03/03/2026"))
    from app.services.courses import update_course
    update_course(old.id, CourseInput("NQ-2025-01", "NQ", "Học nghị quyết (sửa)", "02/03/2025", "03/03/2025"))
    with pytest.raises(ConflictError, match="không xóa được; hãy cho ngừng dùng"):
        cat.delete_program("NQ")
    cat.set_program_active("NQ", True)
    assert _audit("retire") == ["Ngừng dùng chương trình NQ – Học tập, quán triệt nghị quyết"]
    assert len(_audit("reactivate")) == 1


def test_a_shipped_program_goes_back_to_its_defaults_one_added_cannot(session):
    cat.update_program("NTVD", cat.ProgramInput("NTVD", "Nhận thức về Đảng (tên tắt)", typical_days=7,
                                                certificate="gcn", absence_threshold_pct=30,
                                                certificate_validity_months=60,
                                                audience="Quần chúng ưu tú (đối tượng kết nạp Đảng)"))
    cat.reset_program("NTVD")
    program = Program.get(Program.code == "NTVD")
    assert (program.name, program.typical_days, program.absence_threshold_pct) == (
        "Bồi dưỡng nhận thức về Đảng", 5, 20.0)
    assert _audit("reset") == ["Khôi phục mặc định chương trình NTVD: tên: Nhận thức về Đảng (tên tắt) → "
                               "Bồi dưỡng nhận thức về Đảng; số ngày: 7 → 5; vắng tối đa (%): 30 → 20"]
    cat.add_program(cat.ProgramInput("BDCS", "Bồi dưỡng chi ủy viên"))
    with pytest.raises(ConflictError, match="không có giá trị mặc định"):
        cat.reset_program("BDCS")
    cat.delete_program("BDCS")  # unused and added by the centre: it may go
    assert not Program.select().where(Program.code == "BDCS").exists()


# --- result bands ----------------------------------------------------------------------------


BANDS = [Band("G", "Giỏi", 8), Band("K", "Khá", 7), Band("TB", "Trung bình", 5), Band("KD", "Không đạt", 0, False)]


@pytest.mark.parametrize(("bands", "message"), [
    ([Band("G", "Giỏi", 8), Band("K", "Khá", 7), Band("TB", "Trung bình", 5)],
     "Thang xếp loại để trống từ 0 đến dưới 5: xếp loại thấp nhất phải bắt đầu từ 0."),
    ([Band("G", "Giỏi", 7), Band("K", "Khá", 7), Band("KD", "Không đạt", 0, False)],
     "Giỏi và Khá cùng bắt đầu từ 7 điểm (chồng lên nhau)."),
    ([Band("G", "Giỏi", 8), Band("KD", "Không đạt", 6, False), Band("TB", "Trung bình", 0)],
     "Không đạt (không đạt) không thể cao hơn Trung bình (đạt)."),
    ([Band("G", "Giỏi", 8.3), Band("KD", "Không đạt", 0, False)], "Giỏi: điểm từ phải là số từ 0 đến 10, bước 0,5."),
    ([Band("G", "Giỏi", 8), Band("G", "Giỏi 2", 0)], "Mã xếp loại \"G\" bị trùng."),
])
def test_bands_that_overlap_or_leave_a_gap_are_refused(session, bands, message):
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        save_bands(None, bands)
    assert refused.value.message == message
    assert _snapshot() == before


def test_a_program_gets_its_own_bands_and_goes_back_to_the_default(session):
    own = [Band("D", "Đạt", 5), Band("KD", "Không đạt", 0, False)]
    save_bands("CNKT", own)
    program = Program.get(Program.code == "CNKT")
    assert [(b.code, b.min_score) for b in bands_for_program(program)] == [("D", 5.0), ("KD", 0.0)]
    assert band_rows("CNKT")[0] is True and band_rows("NTVD")[0] is False
    assert _audit("edit") == ["Sửa thang xếp loại chương trình CNKT: Đạt (D) từ 5; Không đạt (KD) từ 0"]
    reset_bands("CNKT")
    assert [b.code for b in bands_for_program(program)] == ["XS", "G", "K", "TB", "KD"]


def test_a_band_results_were_recorded_with_cannot_be_dropped_only_retired(session):
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "02/03/2026", "06/03/2026"))
    with db.write():
        trainee = Trainee.create(**person_keys("Thào A Sử", None, 1990), birth_year=1990)
        Enrollment.create(course=course, trainee=trainee, score=9.5, result_code="XS")
    without = [b for b in BANDS]  # no XS
    with pytest.raises(ConflictError, match="Xếp loại XS đã dùng cho 1 kết quả nên không bỏ được"):
        save_bands(None, without)
    kept = [Band("XS", "Xuất sắc", 9, enabled=False), *BANDS]
    rows = save_bands(None, kept)
    assert [(r.code, r.enabled, r.used) for r in rows][:2] == [("XS", False, 1), ("G", True, 0)]
    changed = [Band("XS", "Xuất sắc", 9, enabled=False), Band("G", "Giỏi", 8.5), *BANDS[1:]]
    save_bands(None, changed)
    reset_bands()  # the shipped set
    assert [(r.code, r.min_score, r.enabled) for r in band_rows()[1]] == [
        ("XS", 9.0, False), ("G", 8.0, True), ("K", 7.0, True), ("TB", 5.0, True), ("KD", 0.0, True)]


# --- small pick-lists ------------------------------------------------------------------------


def test_positions_add_rename_retire_and_the_picker_keeps_an_old_records_value(session):
    cat.add_item("positions", "BTDTN", "Bí thư Đoàn thanh niên thôn")
    assert ("BTDTN", "Bí thư Đoàn thanh niên thôn") in cat.choices("positions")
    with pytest.raises(ConflictError, match="đã được dùng"):
        cat.add_item("positions", "btdtn", "Khác")
    with pytest.raises(ConflictError, match="đã có trong danh mục"):
        cat.add_item("positions", "TT2", "trưởng thôn")  # same name, other case
    cat.set_item_active("positions", "TTHON", False)
    assert "TTHON" not in dict(cat.choices("positions")) and "TTHON" in dict(cat.choices("positions", keep="TTHON"))
    assert cat.catalogue_names("positions")["TTHON"] == "Trưởng thôn"  # still readable on old records
    cat.update_item("positions", "BTDTN", "Bí thư chi đoàn thôn")
    cat.delete_item("positions", "BTDTN")
    with pytest.raises(ConflictError, match="thuộc danh mục gốc"):
        cat.delete_item("positions", "TTHON")
    assert [a for a in ("add", "retire", "edit", "delete") if _audit(a)] == ["add", "retire", "edit", "delete"]


def test_a_kind_of_lesson_with_a_coefficient_and_an_old_lesson_keeps_its_retired_kind(session):
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "02/03/2026", "06/03/2026"))
    lesson = add_lesson(course.id, LessonInput("02/03/2026", topic="Bài 1", kind="discussion"))
    with pytest.raises(ValidationError, match="Hệ số quy đổi phải từ 0 đến 10"):
        cat.add_item("lesson_kinds", "field", "Đi thực tế", "12")
    cat.add_item("lesson_kinds", "field", "Đi thực tế", "0,5")
    assert CatalogueItem.get(CatalogueItem.code == "field").value == 0.5
    cat.set_item_active("lesson_kinds", "discussion", False)
    assert "discussion" not in dict(lesson_kinds())
    assert lesson_rows(course.id)[0].kind_name == "Hướng dẫn thảo luận"  # the old lesson still says what it was
    update_lesson(lesson.id, LessonInput("02/03/2026", topic="Bài 1 (sửa)", kind="discussion"))  # kept on edit
    with pytest.raises(ValidationError, match="Loại buổi giảng"):
        add_lesson(course.id, LessonInput("03/03/2026", topic="Bài 2", kind="discussion"))
    with pytest.raises(ConflictError, match="đang dùng ở 1 hồ sơ"):
        cat.delete_item("lesson_kinds", "discussion")
    cat.update_item("lesson_kinds", "lecture", "Giảng lý thuyết", "1,5")
    cat.reset_item("lesson_kinds", "lecture")
    assert CatalogueItem.get(CatalogueItem.code == "lecture").value == 1.0


# --- ethnic aliases ----------------------------------------------------------------------------


def test_ethnic_aliases_are_matched_by_the_roster_import_and_cannot_mean_two_groups(session):
    assert ethnic_group_by_name("Mông Lềnh") is None
    cat.save_ethnic_aliases("08", ["H'Mông", "HMông", "Mèo", " Mông Lềnh ", ""])
    assert ethnic_group_by_name("mong lenh").code == "08"
    before = _snapshot()
    with pytest.raises(ConflictError, match="đã là tên \\(hoặc tên gọi khác\\) của dân tộc Tày"):
        cat.save_ethnic_aliases("08", ["Tày"])
    assert _snapshot() == before
    cat.reset_ethnic_aliases("08")
    assert ethnic_group_by_name("Mông Lềnh") is None and ethnic_group_by_name("Mông Đỏ").code == "08"
    assert _audit("edit")[0].startswith("Sửa tên gọi khác của dân tộc Mông:")


def test_every_catalogue_change_is_one_audited_transaction(session):
    """A retired program keeps its classes and the audit entry is written with the change."""
    cat.set_program_active("QPAN4", False)
    entry = AuditEntry.get(AuditEntry.action == "retire")
    assert (entry.entity, entry.user != "", entry.at.date()) == ("program", True, dt.date.today())
