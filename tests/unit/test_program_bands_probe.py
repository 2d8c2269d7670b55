"""A program with its own result bands: who may have a certificate, and what the certificate, the
registry and the results table print, follow that program's bands, not the default set."""

from __future__ import annotations

import datetime as dt

from app.domain.results import Band
from app.services import documents
from app.services.certificates import eligibility, issue_certificates
from app.services.courses import CourseInput, add_course
from app.services.result_bands import save_bands
from app.services.results import set_score
from app.store import db
from app.store.models import Enrollment, Trainee, person_keys

STRICT = [Band("G", "Giỏi", 8), Band("K", "Khá", 6.5), Band("TB", "Trung bình (chưa đạt)", 5, False),
          Band("KD", "Không đạt", 0, False)]
AFTER = dt.date(2026, 4, 1)


def _class():
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "02/03/2026", "06/03/2026"))
    ids = []
    with db.write():
        for name in ("Thào A Sử", "Lù Văn An"):
            trainee = Trainee.create(**person_keys(name, None, 1990), birth_year=1990)
            ids.append(Enrollment.create(course=course, trainee=trainee).id)
    return course, ids


def test_a_result_the_programs_own_bands_fail_gives_no_certificate(session):
    save_bands("NTVD", STRICT)
    course, (su, an) = _class()
    assert set_score(su, "6")[1] == "TB"  # Trung bình: passing in the default set, not in this program's
    assert set_score(an, "7")[1] == "K"
    verdicts = {row.full_name: row.eligibility.eligible for row in eligibility(course, AFTER)}
    assert verdicts == {"Thào A Sử": False, "Lù Văn An": True}
    assert [name for _number, name in issue_certificates(course.code, today=AFTER)] == ["Lù Văn An"]


def test_the_certificate_and_the_registry_print_the_programs_own_band_name(session):
    save_bands("NTVD", [Band("G", "Giỏi", 8), Band("D", "Đạt yêu cầu", 5), Band("KD", "Không đạt", 0, False)])
    course, (su, an) = _class()
    set_score(su, "9")
    set_score(an, "6")
    issue_certificates(course.code, today=AFTER)
    assert sorted(r.result for r in documents.certificate_rows(course.code)) == ["Giỏi", "Đạt yêu cầu"]
    assert sorted(r.result for r in documents.registry(AFTER, AFTER)) == ["Giỏi", "Đạt yêu cầu"]
    source, _facts = documents.registry_source(AFTER, AFTER)
    assert sorted(r.result for r in source) == ["Giỏi", "Đạt yêu cầu"]


def test_a_result_recorded_with_a_band_retired_since_still_prints(session):
    course, (su, _an) = _class()
    set_score(su, "9.5")
    with db.write():  # the default set's XS (Xuất sắc) used, then retired
        Enrollment.update(result_code="XS").where(Enrollment.id == su).execute()
    rows, _bands, _rule = documents.result_rows(course)
    assert {r.full_name: r.result for r in rows}["Thào A Sử"] == "Xuất sắc"
