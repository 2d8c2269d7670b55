"""The lists read a fixed number of queries however long they are (no query per row: SPEC §9).

Each list is read on a small world and on one ten times bigger; the number of queries must not
change. peewee's ``count_queries`` counts what reaches SQLite.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playhouse.test_utils import assert_query_count, count_queries

from app.services import lists
from app.store.models import (
    Course,
    Enrollment,
    Instructor,
    Lesson,
    Organization,
    Program,
    Trainee,
    person_keys,
)

GIVEN = ["An", "Bình", "Dũng", "Hoa", "Lan", "Minh", "Sử", "Thào", "Vân", "Xuân"]


def build_world(size: int, first: int = 0) -> None:
    """Trainees ``first``…``size - 1`` (some with a workplace as text), classes and instructors."""
    commune, _ = Organization.get_or_create(name="xã Sín Chéng", kind="commune",
                                            search_key="xa sin cheng")
    program = Program.get(Program.code == "NTVD")
    for i in range(Course.select().count(), max(1, size // 10)):
        Course.create(code=f"NTVD-2024-{i:02d}", program=program, name=f"Khóa {i}",
                      start_date=dt.date(2024, 3, 1 + i), end_date=dt.date(2024, 3, 1 + i),
                      status="finished")
    courses = list(Course.select().order_by(Course.id))
    for i in range(first, size):
        name = f"Nguyễn Văn {GIVEN[i % len(GIVEN)]}"
        extra = {"organization": commune} if i % 3 else {"unit_text": f"Trường Tiểu học số {i % 4}"}
        trainee = Trainee.create(**person_keys(name, birth_year=1900 + i), birth_year=1900 + i,
                                 citizen_id=f"0100{i:08d}", **extra)
        for course in courses[: 1 + i % 3]:
            Enrollment.create(course=course, trainee=trainee)
    for i in range(Instructor.select().count(), max(1, size // 10)):
        teacher = Instructor.create(**person_keys(f"Lù Văn {GIVEN[i % len(GIVEN)]}"))
        Lesson.create(course=courses[i % len(courses)], date=dt.date(2024, 3, 2), topic="Bài 1",
                      instructor=teacher)


def queries(read) -> int:
    with count_queries(only_select=True) as counter:
        read()
    return counter.count


READS = {
    "trainee ids, everyone": lambda: lists.trainee_ids(),
    "trainee ids, name words": lambda: lists.trainee_ids("nguyen van d"),
    "trainee ids, workplace as written": lambda: lists.trainee_ids("truong tieu hoc"),
    "trainee ids, citizen id": lambda: lists.trainee_ids("0100"),
    "trainee ids of a class": lambda: lists.trainee_ids(course_id=Course.select().first().id),
    "trainee rows of a page": lambda: lists.trainee_rows(lists.trainee_ids()[:100]),
    "trainee count": lists.trainee_count,
    "a page of everyone's ids": lambda: lists.trainee_id_page(0, 100),
    "classes of a year": lambda: lists.courses(2024),
    "instructors": lambda: lists.instructors(),
}


def test_every_list_reads_the_same_queries_at_ten_times_the_size(session):
    build_world(6)
    small = {name: queries(read) for name, read in READS.items()}
    build_world(60, first=6)
    assert Trainee.select().count() == 60
    big = {name: queries(read) for name, read in READS.items()}
    assert big == small


@pytest.fixture
def world(session):
    build_world(30)


def test_the_hoc_vien_filter_runs_three_queries(world):
    # The organisations (matched with abbreviations spelled out), the distinct workplaces typed
    # as text, then one SELECT of ids in name order: the same three at any size.
    with assert_query_count(3):
        lists.trainee_ids("nguyen van")


def test_everyone_and_digits_are_one_query_each(world):
    with assert_query_count(1):
        lists.trainee_ids()
    with assert_query_count(1):
        lists.trainee_ids("0100")


def test_a_page_of_rows_is_one_query_and_500_ids_a_chunk(world):
    ids = lists.trainee_ids()
    with assert_query_count(1):
        lists.trainee_rows(ids[:100])
    with assert_query_count(2):
        lists.trainee_rows(ids * 20)  # 600 ids: two chunks of at most 500 bound variables


def test_the_position_of_a_trainee_in_the_whole_list_takes_two_queries(world):
    ids = lists.trainee_ids()
    with assert_query_count(2):
        assert lists.trainee_position(ids[17]) == 17
    assert lists.trainee_position(999_999) is None


def test_pages_of_everyone_follow_the_name_order(world):
    ids = lists.trainee_ids()
    assert lists.trainee_count() == len(ids) == 30
    assert lists.trainee_id_page(0, 10) + lists.trainee_id_page(10, 25) == ids


def test_classes_and_instructors_are_one_query_whatever_their_number(world):
    with assert_query_count(1):
        lists.courses(2024)
    with assert_query_count(1):
        lists.instructors()
