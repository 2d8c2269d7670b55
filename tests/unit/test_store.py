"""The store: pragmas, round trips, NFC on the way in, constraints as Vietnamese errors."""

import datetime as dt
import unicodedata

import pytest

from app.domain.errors import ConflictError
from app.store import db
from app.store.models import (
    Certificate,
    Course,
    Enrollment,
    EthnicGroup,
    Program,
    Trainee,
    person_keys,
)


def _trainee(name="Thào A Sử", born=dt.date(1985, 4, 12), **extra) -> Trainee:
    return Trainee.create(**person_keys(name, born), birth_date=born, birth_year=born.year, **extra)


def _course(code="NTVD-2025-01") -> Course:
    return Course.create(code=code, program=Program.get(Program.code == "NTVD"), name="Khóa I",
                         start_date=dt.date(2025, 3, 3), end_date=dt.date(2025, 3, 7))


@pytest.mark.sqlite_only(reason="SQLite's pragmas")
def test_pragmas_are_set(session):
    pragma = lambda name: db.database.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("foreign_keys") == 1
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("busy_timeout") == db.BUSY_TIMEOUT_MS
    assert pragma("user_version") == 9  # SCHEMA_VERSION


def test_catalogues_loaded_into_a_new_database(session):
    assert [p.code for p in Program.select().order_by(Program.sort_order)] == [
        "NTVD", "DVM", "SC", "TC", "NVCTD", "TGDV", "CNKT", "NQ", "QPAN4"]
    assert EthnicGroup.get(EthnicGroup.code == "08").name == "Mông"
    assert EthnicGroup.select().count() == 56


def test_trainee_round_trip_stores_nfc_and_folded_keys(session):
    nfd = unicodedata.normalize("NFD", "  Hầu   Thị Mỷ ")
    with db.write():
        saved = _trainee(nfd, dt.date(1990, 1, 2), gender="F", citizen_id="010190123456")
    again = Trainee.get_by_id(saved.id)
    assert again.full_name == "Hầu Thị Mỷ"
    assert unicodedata.is_normalized("NFC", again.full_name)
    assert again.search_key == "hau thi my"
    assert again.birth_date == dt.date(1990, 1, 2)
    found = Trainee.select().where(Trainee.search_key.contains("thi my")).get()
    assert found.id == saved.id


@pytest.mark.sqlite_only(reason="the SQL functions registered on SQLite connections")
def test_sql_functions_use_the_domain_fold(session):
    row = db.database.execute_sql("SELECT vn_fold(?)", ("Đặng Thị Ánh",)).fetchone()
    assert row[0] == "dang thi anh"


def test_duplicate_citizen_id_is_refused_in_vietnamese_and_writes_nothing(session):
    with db.write():
        _trainee(citizen_id="010085001234")
    before = Trainee.select().count()
    with pytest.raises(ConflictError, match="Số CCCD này đã có"), db.write():
        _trainee("Giàng Seo Pao", dt.date(1986, 1, 1))
        _trainee("Sùng A Chứ", dt.date(1987, 1, 1), citizen_id="010085001234")
    assert Trainee.select().count() == before


def test_empty_citizen_id_is_not_a_duplicate(session):
    with db.write():
        _trainee("Giàng Seo Pao", citizen_id="")
        _trainee("Sùng A Chứ", citizen_id="  ")
    assert Trainee.select().where(Trainee.citizen_id.is_null()).count() == 2


def test_same_trainee_twice_in_a_class_is_refused(session):
    with db.write():
        trainee, course = _trainee(), _course()
        Enrollment.create(course=course, trainee=trainee)
    with pytest.raises(ConflictError, match="đã có trong danh sách lớp"), db.write():
        Enrollment.create(course=course, trainee=trainee)
    assert Enrollment.select().count() == 1


def test_certificate_number_unique_per_year(session):
    with db.write():
        enrollment = Enrollment.create(course=_course(), trainee=_trainee())
        Certificate.create(enrollment=enrollment, year=2025, number=1, issued_on=dt.date(2025, 3, 10))
        Certificate.create(enrollment=enrollment, year=2026, number=1, issued_on=dt.date(2026, 1, 5))
    with pytest.raises(ConflictError, match="Số giấy chứng nhận này đã được cấp"), db.write():
        Certificate.create(enrollment=enrollment, year=2025, number=1, issued_on=dt.date(2025, 3, 11))
    assert Certificate.select().count() == 2


def test_foreign_keys_are_enforced(session):
    with pytest.raises(ConflictError), db.write():
        Enrollment.insert(course=9999, trainee=9999).execute()
    assert Enrollment.select().count() == 0


def test_class_ending_before_it_starts_is_refused_by_the_schema(session):
    with pytest.raises(Exception, match="Giá trị không hợp lệ"), db.write():
        Course.create(code="X", program=Program.get(Program.code == "NQ"), name="X",
                      start_date=dt.date(2025, 3, 3), end_date=dt.date(2025, 3, 1))
    assert Course.select().count() == 0


def test_each_write_action_bumps_the_revision(session):
    start = db.get_revision()
    with db.write():
        _trainee()
    assert db.get_revision() == start + 1
    with pytest.raises(ConflictError), db.write():
        _trainee("Other", citizen_id="1"), _trainee("Other 2", citizen_id="1")
    assert db.get_revision() == start + 1


def test_stored_sort_key_is_exactly_the_domain_key(session):
    with db.write():
        saved = _trainee("Thào A Sử", dt.date(1985, 4, 12))
    stored = Trainee.get_by_id(saved.id).sort_key
    assert stored == person_keys("Thào A Sử", dt.date(1985, 4, 12))["sort_key"]
    assert "\x01" in stored and "\x02" in stored
