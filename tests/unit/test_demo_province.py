"""The province-sized archive (SPEC §9), built at 1/100 of its size: exact counts, unique people,
the same archive on every build. The full size is built by the bench (bench/README.md)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from peewee import fn

from app.cli import main
from app.demo import province as demo_province
from app.domain.errors import ConflictError
from app.domain.text import fold
from app.services.session import open_session
from app.store import db
from app.store.models import (
    Attendance,
    Certificate,
    CertificateCounter,
    Course,
    Enrollment,
    Lesson,
    Program,
    Trainee,
)

FACTOR = 0.01
SIZE = demo_province.ArchiveSize().scaled(FACTOR)


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("province") / "boiduong.sqlite3"
    with open_session(path, backup_on_start=False):
        demo_province.build_province(factor=FACTOR)
    return path


@pytest.fixture
def opened(archive):
    db.bind(archive)
    yield archive
    db.close()


def fingerprint(path: Path) -> str:
    """A digest of what the archive says (every row of the main tables, in id order)."""
    db.bind(path)
    try:
        digest = hashlib.sha256()
        for table in ("course", "lesson", "trainee", "enrollment", "attendance", "certificate",
                      "feedback_response", "organization", "instructor"):
            sql = f'SELECT * FROM "{table}" ORDER BY id'
            for row in db.database.execute_sql(sql):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        db.close()


def test_the_scaled_archive_has_exactly_its_share_of_everything(opened):
    assert demo_province.ArchiveSize(1000, 20, 5000, 200) == SIZE
    assert Trainee.select().count() == SIZE.trainees
    assert Course.select().count() == SIZE.courses
    assert Enrollment.select().count() == SIZE.enrollments
    assert Certificate.select().count() == SIZE.certificates
    assert Lesson.select().count() > SIZE.courses
    assert Attendance.select().count() > 0


def test_everyone_attended_a_class_and_nobody_twice_the_same(opened):
    attended = Enrollment.select(fn.COUNT(Enrollment.trainee.distinct())).scalar()
    assert attended == SIZE.trainees
    pairs = Enrollment.select(Enrollment.course, Enrollment.trainee).distinct().count()
    assert pairs == SIZE.enrollments


def test_people_are_unique_by_name_and_birth_and_by_citizen_id(opened):
    seen_dates, years_only, years_any = set(), set(), {}
    for t in Trainee.select(Trainee.full_name, Trainee.search_key, Trainee.birth_date,
                            Trainee.birth_year, Trainee.citizen_id):
        assert t.full_name == unicodedata.normalize("NFC", t.full_name)
        assert t.search_key == fold(t.full_name)
        if t.birth_date is None:
            years_only.add((t.search_key, t.birth_year))
        else:
            key = (t.search_key, t.birth_date)
            assert key not in seen_dates
            seen_dates.add(key)
        years_any[(t.search_key, t.birth_year)] = years_any.get((t.search_key, t.birth_year), 0) + 1
    # Someone known only by a birth year shares that year with nobody of the same name.
    assert all(years_any[key] == 1 for key in years_only)
    with_id = Trainee.select().where(Trainee.citizen_id.is_null(False))
    assert with_id.count() == with_id.select(Trainee.citizen_id).distinct().count() > 0


def test_certificates_are_numbered_per_year_for_eligible_trainees(opened):
    counters = dict(CertificateCounter.select(CertificateCounter.year, CertificateCounter.last_number).tuples())
    for year, last in counters.items():
        numbers = [n for (n,) in Certificate.select(Certificate.number).where(Certificate.year == year).tuples()]
        assert sorted(numbers) == list(range(1, last + 1))
    issued = (Certificate.select(Program.certificate, Enrollment.completed)
              .join(Enrollment).join(Course).join(Program).tuples())
    assert {(kind, bool(done)) for kind, done in issued} <= {("gcn", True), ("diploma", True)}


def test_classes_have_district_codes_and_one_of_each_program(opened):
    codes = [c.code for c in Course.select()]
    assert len(set(codes)) == len(codes)
    assert all(code.split("-")[1] in {p.code for p in Program.select()} for code in codes)
    assert Course.select(Course.program).distinct().count() == Program.select().count()


def test_the_same_archive_on_every_build(archive, tmp_path):
    # Another process, with another string-hash seed: nothing may depend on set or hash order.
    again = tmp_path / "again.sqlite3"
    script = ("import sys; from app.services.session import open_session; "
              "from app.demo.province import build_province\n"
              "with open_session(sys.argv[1], backup_on_start=False): "
              f"build_province(factor={FACTOR})")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", script, str(again)], check=True, env=env,
                   cwd=Path(__file__).resolve().parents[2])
    assert fingerprint(again) == fingerprint(archive)


def test_a_database_with_data_is_refused(archive):
    with open_session(archive, backup_on_start=False), pytest.raises(ConflictError):
        demo_province.build_province(factor=FACTOR)


def test_cli_demo_scale_province(tmp_path, monkeypatch, capsys):
    real = demo_province.build_province
    monkeypatch.setattr(demo_province, "build_province", lambda: real(factor=FACTOR))
    path = tmp_path / "cli" / "boiduong.sqlite3"
    assert main(["--db", str(path), "demo", "--scale", "province"]) == 0
    assert "1.000 học viên" in capsys.readouterr().out
    assert main(["--db", str(path), "demo", "--scale", "county"]) == 2
