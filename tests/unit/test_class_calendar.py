"""A class's life follows the calendar, and the audit log holds what an inspector asks for."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from app.cli import main
from app.domain.calendar import calendar_status
from app.domain.institution import Institution
from app.services import lists
from app.services.certificate_settings import save_paper
from app.services.course_view import course_info
from app.services.courses import CourseInput, add_course, cancel_course, ended_notice, status_expression
from app.services.roster_import import commit_roster, preview_roster
from app.services.session import open_session
from app.services.settings import save_institution, save_report_recipients
from app.store.models import AuditEntry, Course, Enrollment
from tests.unit.test_roster_import import messy_roster

TODAY = dt.date.today()
DAY = dt.timedelta(days=1)


def test_the_status_moves_forward_with_the_dates_and_a_cancelled_class_stays_cancelled():
    start, end = dt.date(2026, 12, 14), dt.date(2026, 12, 18)
    assert [calendar_status("planned", start, end, day) for day in
            (dt.date(2026, 12, 13), start, end, end + DAY)] == ["planned", "running", "running", "finished"]
    assert calendar_status("cancelled", start, end, end + DAY) == "cancelled"
    # A class closed by hand before its last day stays closed: the calendar never moves it back.
    assert calendar_status("finished", start, end, start) == "finished"
    assert calendar_status("running", start, end, dt.date(2026, 12, 1)) == "running"


def test_sql_and_python_say_the_same_status(session):
    """The lists filter by status in SQL; the class window reads it in Python: one rule."""
    days = [TODAY - 10 * DAY, TODAY - DAY, TODAY, TODAY + DAY, TODAY + 10 * DAY]
    periods = [(s, e) for s in days for e in days if e >= s]
    for n, (stored, (start, end)) in enumerate(itertools.product(("planned", "running", "finished"), periods), 1):
        add_course(CourseInput(f"L{n}", "NQ", f"Lớp {n}", start, end, status=stored))
    cancel_course("L1", "thử")
    expression = status_expression()
    in_sql = dict(Course.select(Course.code, expression).tuples())
    assert in_sql == {c.code: calendar_status(c.status, c.start_date, c.end_date, TODAY) for c in Course.select()}
    assert in_sql["L1"] == "cancelled"
    assert set(in_sql.values()) == {"planned", "running", "finished", "cancelled"}


def test_the_class_list_and_window_show_the_status_of_today(session):
    add_course(CourseInput("XONG", "NQ", "Đã học", TODAY - 5 * DAY, TODAY - DAY))
    add_course(CourseInput("DANG", "NQ", "Đang học", TODAY - DAY, TODAY + DAY))
    add_course(CourseInput("SAU", "NQ", "Sắp học", TODAY + 12 * DAY, TODAY + 14 * DAY))
    assert {r.code: r.status_name for r in lists.courses(None)} == {
        "XONG": "Đã kết thúc", "DANG": "Đang học", "SAU": "Dự kiến"}
    assert [r.code for r in lists.courses(None, status="running")] == ["DANG"]
    assert course_info(Course.get(Course.code == "XONG").id).status_label == "Đã kết thúc"
    assert ended_notice("XONG").startswith("Lớp XONG đã kết thúc ngày")
    assert ended_notice("DANG") == "" and ended_notice("SAU") == ""


def test_importing_a_roster_into_an_ended_class_is_noted_on_the_command_line(db_path, tmp_path, capsys):
    with open_session(db_path):
        add_course(CourseInput("CU-01", "NTVD", "Lớp cũ", "02/03/2020", "06/03/2020"))
        add_course(CourseInput("MOI-01", "NTVD", "Lớp mới", TODAY + 5 * DAY, TODAY + 9 * DAY))
    path = messy_roster(tmp_path / "ds.xlsx")
    assert main(["--db", str(db_path), "import", "roster", str(path), "--course", "CU-01"]) == 0
    err = capsys.readouterr().err
    assert err.splitlines()[0] == "Lưu ý: Lớp CU-01 đã kết thúc ngày 06/03/2020; danh sách đã được nhập vào lớp này."
    assert "ghi danh" in err.splitlines()[1]
    other = messy_roster(tmp_path / "ds2.xlsx", [[1, "Sùng Seo Dơ", "02/02/1992", "Nam", "Mông", "", "", "", ""]])
    assert main(["--db", str(db_path), "import", "roster", str(other), "--course", "MOI-01"]) == 0
    assert "Lưu ý" not in capsys.readouterr().err


# --- the audit log ----------------------------------------------------------------------------


def test_creating_a_class_and_importing_a_roster_are_in_the_audit_log(session, tmp_path):
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "02/03/2026", "06/03/2026"))
    created = AuditEntry.get(AuditEntry.action == "create")
    assert (created.entity, created.entity_id, created.summary) == (
        "course", course.id, "Tạo lớp NTVD-2026-01 – Khóa I (NTVD, 02/03/2026 – 06/03/2026)")
    assert created.user  # who did it
    result = commit_roster(preview_roster(messy_roster(tmp_path / "danh-sach-ban-me.xlsx"), course.code),
                           skip_errors=True)
    entry = AuditEntry.get(AuditEntry.action == "import", AuditEntry.entity == "course")
    assert Enrollment.select().count() == result.enrolled > 0
    assert entry.summary.startswith(f"Nhập danh sách lớp NTVD-2026-01 từ tệp danh-sach-ban-me.xlsx: ghi danh "
                                    f"{result.enrolled} học viên ({result.created} học viên mới")


def test_a_refused_import_leaves_no_audit_entry(session, tmp_path):
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "02/03/2026", "06/03/2026"))
    rows = [[1, "Sùng Seo Dơ", "31/02/1992", "Nam", "Mông", "", "", "", ""],
            [2, "Vàng Thị Mai", "02/02/1993", "Nữ", "Mông", "", "", "", ""]]
    preview = preview_roster(messy_roster(tmp_path / "ds.xlsx", rows), course.code)
    assert preview.has_errors
    with pytest.raises(Exception, match="dòng lỗi"):
        commit_roster(preview)
    assert not AuditEntry.select().where(AuditEntry.action == "import").exists()


def test_settings_changes_are_audited_with_what_changed(session):
    save_institution(Institution(name="Trung tâm Chính trị huyện Si Ma Cai", place_name="Si Ma Cai"))
    save_institution(Institution(name="Trung tâm Chính trị huyện Si Ma Cai", place_name="Si Ma Cai",
                                 director_name="Vàng Seo Dơ"))
    save_report_recipients(["Như trên;", "Lưu: VT."])
    save_paper("A5")
    summaries = [e.summary for e in AuditEntry.select().where(AuditEntry.action == "settings").order_by(AuditEntry.id)]
    assert summaries[1] == "Sửa thông tin đơn vị: Giám đốc: \"\" → \"Vàng Seo Dơ\""
    assert "tên đơn vị: \"\" → \"Trung tâm Chính trị huyện Si Ma Cai\"" in summaries[0]
    assert summaries[2:] == ["Sửa nơi nhận báo cáo: Như trên;; Lưu: VT.",
                             "Đổi khổ giấy in giấy chứng nhận thành A5"]
    # Saving without a change writes no entry.
    save_institution(Institution(name="Trung tâm Chính trị huyện Si Ma Cai", place_name="Si Ma Cai",
                                 director_name="Vàng Seo Dơ"))
    assert AuditEntry.select().where(AuditEntry.action == "settings").count() == 4


def test_the_exported_audit_log_holds_the_new_entries(session, tmp_path):
    """What an inspector reads in the saved workbook: the class created, the numbers issued and printed."""
    from io import BytesIO

    from openpyxl import load_workbook

    from app.exchange.xlsx_writer import table_xlsx
    from app.services import audit_log
    from app.services.certificates import issue_certificates, record_reprint
    from app.store import db
    from app.store.models import Certificate, Trainee, person_keys

    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "02/03/2026", "06/03/2026"))
    with db.write():
        for i in range(3):
            trainee = Trainee.create(**person_keys(f"Thào A Sử {i}", None, 1990), birth_year=1990)
            Enrollment.create(course=course, trainee=trainee, score=8.0, result_code="G", completed=True)
    issue_certificates(course.code, today=dt.date(2026, 3, 20))
    record_reprint([c.id for c in Certificate.select()])
    rows = audit_log.audit_rows()
    data = table_xlsx(audit_log.audit_document(rows))
    sheet = load_workbook(BytesIO(data)).active
    cells = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "Tạo lớp NTVD-2026-01 – Khóa I (NTVD, 02/03/2026 – 06/03/2026)" in cells
    assert "Cấp 3 GCN cho lớp NTVD-2026-01: số 0001/2026 – 0003/2026" in cells
    assert "In 3 GCN của lớp NTVD-2026-01: số 0001/2026 – 0003/2026" in cells
    assert {"Tạo mới", "Cấp giấy chứng nhận", "In giấy chứng nhận"} <= set(cells)
