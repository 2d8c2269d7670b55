"""The read queries behind the main window's lists, on a small hand-built database.

The officer types a few letters without diacritics and finds the person; names come in the
Vietnamese order (given name first); a class list counts its trainees in one query.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from playhouse.test_utils import count_queries

from app.services import lists
from app.store.models import (
    Course,
    Enrollment,
    EthnicGroup,
    Instructor,
    Lesson,
    Organization,
    Program,
    Trainee,
    person_keys,
)


def add_trainee(name, birth=None, *, year=None, **extra) -> Trainee:
    if isinstance(birth, dt.date):
        keys = person_keys(name, birth_date=birth)
        extra.setdefault("birth_year", birth.year)
    else:
        keys = person_keys(name, birth_year=year)
        extra["birth_year"] = year
    return Trainee.create(**keys, birth_date=birth if isinstance(birth, dt.date) else None,
                          **extra)


def add_course(code, start, end=None, *, program="NTVD", status="finished", **extra) -> Course:
    return Course.create(code=code, program=Program.get(Program.code == program),
                         name=f"Lớp {code}", start_date=start, end_date=end or start,
                         status=status, **extra)


@pytest.fixture
def people(session):
    """Seven trainees inserted out of order; returns name → Trainee."""
    mong = EthnicGroup.get(EthnicGroup.name == "Mông")
    commune = Organization.create(name="xã Thào Chư Phìn", kind="commune",
                                  search_key="xa thao chu phin")
    made = [
        add_trainee("Thào A Sử", dt.date(1980, 3, 5), gender="M", ethnic_group=mong,
                    citizen_id="010080001234", organization=commune),
        add_trainee("Nguyễn Văn Dũng", dt.date(1990, 1, 1), gender="M"),
        add_trainee("Giàng Seo Ánh", year=1985, gender="F", ethnic_group=mong,
                    unit_text="Trường Tiểu học Bản Mế"),
        add_trainee("Thào A Sử", dt.date(1975, 7, 1), gender="M", citizen_id="010075009999"),
        add_trainee("Lù Văn An", dt.date(1988, 2, 2), gender="M", position="Trưởng thôn"),
        add_trainee("Đặng Thị Dung", dt.date(1992, 5, 5), gender="F"),
        add_trainee("Sùng A Thào", dt.date(1970, 1, 1), gender="M"),
    ]
    return made


def names(ids):
    return [(r.full_name, r.birth_year) for r in lists.trainee_rows(ids)]


def test_trainees_come_in_vietnamese_order_given_name_first(people):
    assert names(lists.trainee_ids()) == [
        ("Lù Văn An", 1988),
        ("Giàng Seo Ánh", 1985),
        ("Đặng Thị Dung", 1992),
        ("Nguyễn Văn Dũng", 1990),
        ("Thào A Sử", 1975),  # same name: the older birth date first
        ("Thào A Sử", 1980),
        ("Sùng A Thào", 1970),
    ]


@pytest.mark.parametrize(("typed", "expected"), [
    ("nguyen van d", {"Nguyễn Văn Dũng"}),
    ("thao a su", {"Thào A Sử", "Sùng A Thào"}),  # every word starts a word of the name
    ("THÀO A SỬ", {"Thào A Sử", "Sùng A Thào"}),
    (unicodedata.normalize("NFD", "thào a sử"), {"Thào A Sử", "Sùng A Thào"}),
    ("dung", {"Đặng Thị Dung", "Nguyễn Văn Dũng"}),
    ("đặng", {"Đặng Thị Dung"}),
    ("a", {"Lù Văn An", "Giàng Seo Ánh", "Thào A Sử", "Sùng A Thào"}),
    ("ung", set()),  # words match at their start, not in the middle
    ("ban me", {"Giàng Seo Ánh"}),  # the workplace as written
    ("chu phin", {"Thào A Sử"}),  # the workplace from the catalogue
])
def test_filter_folds_case_and_diacritics(people, typed, expected):
    assert {name for name, _ in names(lists.trainee_ids(typed))} == expected


def test_filter_by_citizen_id_prefix_and_birth_year(people):
    assert names(lists.trainee_ids("010080")) == [("Thào A Sử", 1980)]
    assert names(lists.trainee_ids("0100")) == [("Thào A Sử", 1975), ("Thào A Sử", 1980)]
    assert names(lists.trainee_ids("1985")) == [("Giàng Seo Ánh", 1985)]


def test_filter_treats_sql_wildcards_as_text(people):
    assert lists.trainee_ids("%") == []
    assert lists.trainee_ids("_") == []
    assert lists.trainee_ids("   ") == lists.trainee_ids()


def test_trainee_rows_follow_the_given_ids_and_read_the_catalogues(people):
    su, dung = people[0], people[1]
    course = add_course("NTVD-2019-01", dt.date(2019, 5, 6))
    Enrollment.create(course=course, trainee=su)
    rows = lists.trainee_rows([dung.id, 999_999, su.id])
    assert [r.id for r in rows] == [dung.id, su.id]
    assert rows[1] == lists.TraineeRow(
        id=su.id, full_name="Thào A Sử", birth_date=dt.date(1980, 3, 5), birth_year=1980,
        gender="Nam", ethnic_group="Mông", citizen_id="010080001234", position="",
        unit="xã Thào Chư Phìn", course_count=1)
    assert rows[0].course_count == 0


def test_trainee_rows_read_a_page_in_one_query(people):
    ids = lists.trainee_ids()
    with count_queries(only_select=True) as counter:
        lists.trainee_rows(ids)
    assert counter.count == 1


@pytest.fixture
def classes(session, people):
    partner = Organization.create(name="Hội Liên hiệp Phụ nữ huyện", kind="mass",
                                  search_key="hoi lien hiep phu nu huyen")
    a = add_course("NTVD-2019-01", dt.date(2019, 3, 4), dt.date(2019, 3, 8), venue="Hội trường")
    b = add_course("CNKT-2019-02", dt.date(2019, 9, 9), program="CNKT", partner=partner,
                   status="planned")
    c = add_course("TC-2018-01", dt.date(2018, 10, 1), dt.date(2019, 12, 20), program="TC",
                   status="running")
    d = add_course("DVM-2020-01", dt.date(2020, 1, 6), program="DVM")
    for trainee in people[:5]:
        Enrollment.create(course=a, trainee=trainee)
    for trainee in people[:2]:
        Enrollment.create(course=c, trainee=trainee)
    return a, b, c, d


def test_courses_of_a_year_with_their_trainee_counts_in_one_query(classes):
    with count_queries(only_select=True) as counter:
        rows = lists.courses(2019)
    assert counter.count == 1
    # A class that runs across the new year belongs to both years.
    assert [(r.code, r.trainee_count) for r in rows] == [
        ("TC-2018-01", 2), ("NTVD-2019-01", 5), ("CNKT-2019-02", 0)]
    cnkt = rows[2]
    assert (cnkt.program_name, cnkt.partner, cnkt.status_name) == (
        "Cập nhật kiến thức, chuyên đề", "Hội Liên hiệp Phụ nữ huyện", "Đã kết thúc")  # by the calendar
    assert rows[1].start_date == dt.date(2019, 3, 4)


def test_courses_filter_by_status_and_text(classes):
    # Stored "planned" and "running", but every class of 2019 has ended by now: the calendar says so.
    assert lists.courses(2019, status="planned") == [] and lists.courses(2019, status="running") == []
    assert [r.code for r in lists.courses(2019, status="finished")] == ["TC-2018-01", "NTVD-2019-01", "CNKT-2019-02"]
    assert [r.code for r in lists.courses(2019, text="phu nu")] == ["CNKT-2019-02"]
    assert [r.code for r in lists.courses(2019, text="ntvd 2019")] == ["NTVD-2019-01"]
    assert [r.code for r in lists.courses(2019, text="hoi truong")] == ["NTVD-2019-01"]
    assert lists.courses(2017) == []


def test_course_years_newest_first(classes):
    assert lists.course_years() == [2020, 2019, 2018]


def test_instructors_in_name_order_with_lesson_counts(classes):
    course = classes[0]
    made = {}
    for name, kind in [("Vàng Văn Tú", "full_time"), ("Lý Thị Mai", "part_time"),
                       ("Hầu A Chớ", "part_time")]:
        made[name] = Instructor.create(**person_keys(name), kind=kind, theory_level="CC")
    for day in range(3):
        Lesson.create(course=course, date=dt.date(2019, 3, 4 + day), topic="Chuyên đề",
                      instructor=made["Lý Thị Mai"])
    with count_queries(only_select=True) as counter:
        rows = lists.instructors()
    assert counter.count == 1
    assert [(r.full_name, r.kind_name, r.theory_level, r.lesson_count) for r in rows] == [
        ("Hầu A Chớ", "Kiêm chức", "Cao cấp", 0),
        ("Lý Thị Mai", "Kiêm chức", "Cao cấp", 3),
        ("Vàng Văn Tú", "Chuyên trách", "Cao cấp", 0),
    ]
    assert [r.full_name for r in lists.instructors("mai")] == ["Lý Thị Mai"]


def test_totals(classes):
    assert lists.totals() == lists.Totals(courses=4, trainees=7, instructors=0)


def test_catalogue_tables_are_vietnamese_text(session):
    programs = lists.program_table()
    assert programs.rows[0][:2] == ("NTVD", "Bồi dưỡng nhận thức về Đảng")
    assert all(len(row) == len(programs.headers) for row in programs.rows)
    groups = lists.ethnic_group_table()
    assert groups.rows[7][:2] == ("08", "Mông")
    assert "H'Mông" in groups.rows[7][2]
    for kind, title in lists.SMALL_CATALOGUES.items():
        table = lists.small_catalogue_table(kind)
        assert table.title == title
        assert table.rows, kind
    assert lists.organization_table().headers[0] == "Tên"


def test_workplace_search_spells_out_abbreviations(session):
    from app.services.trainees import TraineeInput, add_trainee

    sử = add_trainee(TraineeInput("Thào A Sử", "1985", "Nam", unit="UBND xã Sán Chải"))
    add_trainee(TraineeInput("Giàng Seo Pao", "1986", "Nam", unit="xã Bản Mế"))
    assert lists.trainee_ids("uy ban nhan dan xa san chai") == [sử.id]
    assert lists.trainee_ids("ubnd san chai") == [sử.id]
