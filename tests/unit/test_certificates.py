"""Certificate rules: eligibility, once, gapless numbers per year, reprint, cancel, reissue, races."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.domain.errors import ConflictError
from app.domain.results import Band, band_for, parse_score
from app.services.certificates import (
    cancel_certificate,
    issue_certificates,
    record_reprint,
    reissue_certificate,
)
from app.services.courses import CourseInput, add_course
from app.services.session import open_session
from app.store import db
from app.store.models import (
    Attendance,
    AuditEntry,
    Certificate,
    CertificateCounter,
    Enrollment,
    Lesson,
    Trainee,
    person_keys,
)

ROOT = Path(__file__).resolve().parents[2]
AFTER = dt.date(2026, 3, 20)


def _class(code="NTVD-2026-01", names=("Thào A Sử", "Lù Văn An", "Giàng Thị Mỷ"), scores=(8.5, 7.0, 9.0),
           absences=(0, 0, 0), lessons=5, end="06/03/2026"):
    course = add_course(CourseInput(code, "NTVD", f"Lớp {code}", "02/03/2026", end))
    with db.write():
        lesson_ids = [Lesson.create(course=course, date=dt.date(2026, 3, 2), topic=f"Bài {i}").id
                      for i in range(lessons)]
        for name, score, absent in zip(names, scores, absences, strict=True):
            trainee = Trainee.create(**person_keys(name, None, 1990), birth_year=1990)
            band = band_for(score, [Band("G", "Giỏi", 8), Band("K", "Khá", 7), Band("TB", "Trung bình", 5),
                                    Band("KD", "Không đạt", 0, passing=False)])
            enrollment = Enrollment.create(course=course, trainee=trainee, score=score, result_code=band.code,
                                           completed=True)
            for i, lesson_id in enumerate(lesson_ids):
                Attendance.create(enrollment=enrollment, lesson=lesson_id, mark="K" if i < absent else "x")
    return course


def test_score_parsing():
    assert str(parse_score("7,5")) == "7.5" and str(parse_score("8")) == "8.0"
    for bad in ("7,3", "11", "-1", "abc"):
        with pytest.raises(Exception, match="Điểm"):
            parse_score(bad)


def test_issue_numbers_in_name_order_then_nothing_the_second_time(session):
    _class()
    issued = issue_certificates("NTVD-2026-01", today=AFTER)
    assert issued == [("0001/2026", "Lù Văn An"), ("0002/2026", "Giàng Thị Mỷ"), ("0003/2026", "Thào A Sử")]
    assert issue_certificates("NTVD-2026-01", today=AFTER) == []
    assert CertificateCounter.get_by_id(2026).last_number == 3


def test_failing_result_and_too_many_absences_are_not_eligible(session):
    _class(scores=(8.5, 4.0, 9.0), absences=(0, 0, 2))  # 2 of 5 lessons = 40 % > 20 %
    issued = issue_certificates("NTVD-2026-01", today=AFTER)
    assert [name for _, name in issued] == ["Thào A Sử"]


def test_absence_override_with_a_reason_makes_eligible(session):
    _class(absences=(0, 0, 2))
    with db.write():
        Enrollment.update(eligibility_override_reason="Ốm, có giấy của trạm y tế").where(
            Enrollment.trainee == Trainee.get(Trainee.full_name == "Giàng Thị Mỷ").id).execute()
    assert len(issue_certificates("NTVD-2026-01", today=AFTER)) == 3


def test_refused_while_the_class_has_not_ended(session):
    _class()
    with pytest.raises(ConflictError, match="chưa kết thúc"):
        issue_certificates("NTVD-2026-01", today=dt.date(2026, 3, 4))
    assert Certificate.select().count() == 0


def test_numbers_continue_across_classes_of_the_year(session):
    _class("A")
    _class("B", names=("Sùng Seo Dơ",), scores=(8.0,), absences=(0,))
    issue_certificates("A", today=AFTER)
    assert issue_certificates("B", today=AFTER) == [("0004/2026", "Sùng Seo Dơ")]


def test_reprint_keeps_the_number_cancel_keeps_it_reissue_links(session):
    _class()
    issue_certificates("NTVD-2026-01", today=AFTER)
    first = Certificate.get(Certificate.number == 1)
    record_reprint([first.id])
    again = Certificate.get_by_id(first.id)
    assert (again.number, again.print_count) == (1, 1)

    cancel_certificate("0002/2026", "Sai ngày sinh", today=AFTER)
    cancelled = Certificate.get(Certificate.number == 2)
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "Sai ngày sinh")
    assert issue_certificates("NTVD-2026-01", today=AFTER) == []  # issued once: no new number

    new = reissue_certificate("0003/2026", "Học viên làm mất", today=AFTER)
    assert (new.number, new.reissue_of_id) == (4, Certificate.get(Certificate.number == 3).id)
    assert Certificate.get(Certificate.number == 3).status == "cancelled"
    numbers = [c.number for c in Certificate.select().order_by(Certificate.number)]
    assert numbers == [1, 2, 3, 4]
    assert {e.action for e in AuditEntry.select()} == {"create", "issue", "print", "cancel", "reissue"}
    issued = AuditEntry.get(AuditEntry.action == "issue")
    assert issued.summary == "Cấp 3 GCN cho lớp NTVD-2026-01: số 0001/2026 – 0003/2026"
    assert AuditEntry.get(AuditEntry.action == "print").summary == "In 1 GCN của lớp NTVD-2026-01: số 0001/2026"


def test_issuing_before_the_class_ends_needs_an_explicit_yes(session):
    _class()
    early = dt.date(2026, 3, 4)  # the class runs 02/03 – 06/03
    with pytest.raises(ConflictError, match="chưa kết thúc") as refused:
        issue_certificates("NTVD-2026-01", today=early)
    assert refused.value.field == "before_end"
    assert Certificate.select().count() == 0 and not AuditEntry.select().where(AuditEntry.action == "issue").exists()
    issued = issue_certificates("NTVD-2026-01", today=early, before_end=True)
    assert [number for number, _ in issued] == ["0001/2026", "0002/2026", "0003/2026"]
    entry = AuditEntry.get(AuditEntry.action == "issue")
    assert entry.summary.endswith("cấp trước ngày kết thúc lớp (06/03/2026)")


def test_reprinting_says_so_in_the_audit_log(session):
    _class()
    issue_certificates("NTVD-2026-01", today=AFTER)
    ids = [c.id for c in Certificate.select().order_by(Certificate.number)]
    record_reprint(ids)
    record_reprint(ids[:1])
    summaries = [e.summary for e in AuditEntry.select().where(AuditEntry.action == "print").order_by(AuditEntry.id)]
    assert summaries == ["In 3 GCN của lớp NTVD-2026-01: số 0001/2026 – 0003/2026",
                         "In 1 GCN (1 bản in lại) của lớp NTVD-2026-01: số 0001/2026"]


def test_cli_issue_prints_number_tab_name_and_refuses_early(db_path, capsys):
    with open_session(db_path):
        _class(end="06/03/2099")
    assert main(["--db", str(db_path), "certificates", "issue", "--course", "NTVD-2026-01"]) == 1
    err = capsys.readouterr().err
    assert "chưa kết thúc" in err and "--force" in err
    with open_session(db_path, backup_on_start=False), db.write():
        from app.store.models import Course
        Course.update(status="finished").execute()
    assert main(["--db", str(db_path), "certificates", "issue", "--course", "NTVD-2026-01"]) == 0
    year = dt.date.today().year
    assert capsys.readouterr().out.splitlines() == [
        f"0001/{year}\tLù Văn An", f"0002/{year}\tGiàng Thị Mỷ", f"0003/{year}\tThào A Sử"]
    assert main(["--db", str(db_path), "certificates", "issue", "--course", "NTVD-2026-01"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["--db", str(db_path), "certificates", "cancel", "--number", f"2/{year}", "--reason", "Sai tên"]) == 0


def test_cli_issue_force_gives_numbers_before_the_end(db_path, capsys):
    with open_session(db_path):
        _class(end="06/03/2099")
    assert main(["--db", str(db_path), "certificates", "issue", "--course", "NTVD-2026-01", "--force"]) == 0
    year = dt.date.today().year
    assert capsys.readouterr().out.splitlines()[0] == f"0001/{year}\tLù Văn An"


ISSUER = """
import datetime as dt, sys
from app.services.session import open_session
from app.services.certificates import issue_certificates
with open_session(sys.argv[1], lock=False, backup_on_start=False):
    sys.stdin.readline()  # start together
    for code in sys.argv[2:]:
        issue_certificates(code, today=dt.date(2026, 3, 20))
"""


def test_two_processes_issuing_at_once_get_distinct_gapless_numbers(db_path):
    codes_a, codes_b = [f"A{i}" for i in range(6)], [f"B{i}" for i in range(6)]
    with open_session(db_path):
        for code in codes_a + codes_b:
            _class(code, names=tuple(f"Thào A Sử {code}{k}" for k in range(10)), scores=(8.0,) * 10,
                   absences=(0,) * 10, lessons=1)
    procs = [subprocess.Popen([sys.executable, "-c", ISSUER, str(db_path), *codes], cwd=ROOT,
                              stdin=subprocess.PIPE, text=True) for codes in (codes_a, codes_b)]
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
    with open_session(db_path, backup_on_start=False):
        numbers = sorted(c.number for c in Certificate.select().where(Certificate.year == 2026))
        assert numbers == list(range(1, 121))
        assert CertificateCounter.get_by_id(2026).last_number == 120
