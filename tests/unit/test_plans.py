"""The annual plan (saved whole or not at all) and plan vs actual per program on a small database."""

import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.services.courses import CourseInput, add_course, cancel_course
from app.services.enrolment import enrol_trainees
from app.services.plans import PlanInput, PlanItemInput, get_plan, plan_vs_actual, save_plan
from app.services.trainees import TraineeInput, add_trainee
from app.store.models import AnnualPlan, Organization, PlanItem


def _plan(**changes) -> PlanInput:
    values = dict(year=2025, document_number="15-KH/TTCT", approved_on="10/01/2025", items=[
        PlanItemInput("NTVD", 3, 150, "Ban Tổ chức Huyện ủy", 3),
        PlanItemInput("dvm", "2", "80", "", "6"),
        PlanItemInput("NQ", 4, "1.200"),
    ])
    values.update(changes)
    return PlanInput(**values)


def test_save_and_read_back_a_plan(session):
    save_plan(_plan())
    plan = get_plan(2025)
    assert (plan.document_number, plan.approved_on) == ("15-KH/TTCT", dt.date(2025, 1, 10))
    assert [(i.program_code, i.classes, i.trainees, i.partner, i.month) for i in plan.items] == [
        ("NTVD", 3, 150, "Ban Tổ chức Huyện ủy", 3), ("DVM", 2, 80, "", 6), ("NQ", 4, 1200, "", None)]
    assert get_plan(2030).items == []


def test_saving_again_replaces_the_items(session):
    save_plan(_plan())
    save_plan(_plan(document_number="16-KH/TTCT", items=[PlanItemInput("SC", 1, 40)]))
    assert AnnualPlan.select().count() == 1 and PlanItem.select().count() == 1
    assert get_plan(2025).document_number == "16-KH/TTCT"


@pytest.mark.parametrize("changes, field, message", [
    ({"approved_on": "31/02/2025"}, "approved_on", "không có thật"),
    ({"year": 1800}, "year", "Năm kế hoạch"),
    ({"items": [PlanItemInput("NTVD", 1), PlanItemInput("XYZ", 1)]}, "items", "Dòng 2: không có chương trình"),
    ({"items": [PlanItemInput("NTVD", "-1")]}, "items", "Dòng 1: số lớp"),
    ({"items": [PlanItemInput("NTVD", 1, "nhiều")]}, "items", "Dòng 1: số học viên"),
    ({"items": [PlanItemInput("NTVD", 1, 10, "", 13)]}, "items", "Dòng 1: tháng phải từ 1 đến 12"),
    ({"items": [PlanItemInput("", 1)]}, "items", "Dòng 1: cần chọn chương trình"),
])
def test_a_bad_row_writes_nothing_not_even_the_good_ones(session, changes, field, message):
    save_plan(_plan(items=[PlanItemInput("SC", 1, 40)]))
    with pytest.raises(ValidationError, match=message) as caught:
        save_plan(_plan(**changes))
    assert caught.value.field == field
    assert [(i.program_code, i.classes) for i in get_plan(2025).items] == [("SC", 1)]
    assert Organization.select().count() == 0


def test_plan_vs_actual_counts_classes_starting_in_the_year_and_their_trainees(session):
    save_plan(_plan())
    people = [add_trainee(TraineeInput(f"Thào A {given}", birth="1990")).id for given in ("Sử", "Páo", "Chớ")]
    a = add_course(CourseInput("NTVD-2025-01", "NTVD", "Khóa I", "03/03/2025", "07/03/2025"))
    b = add_course(CourseInput("NTVD-2025-02", "NTVD", "Khóa II", "29/12/2025", "02/01/2026"))
    cancelled = add_course(CourseInput("NTVD-2025-03", "NTVD", "Khóa III", "01/09/2025", "05/09/2025"))
    last_year = add_course(CourseInput("NTVD-2024-09", "NTVD", "Khóa IX", "28/12/2024", "03/01/2025"))
    other = add_course(CourseInput("CNKT-2025-01", "CNKT", "Chuyên đề", "04/04/2025", "04/04/2025"))
    enrol_trainees(a.id, people)
    enrol_trainees(b.id, people[:1])
    enrol_trainees(cancelled.id, people)
    cancel_course(cancelled.code, "Hoãn")
    enrol_trainees(last_year.id, people)
    enrol_trainees(other.id, people[:2])
    rows = plan_vs_actual(2025)
    table = [(r.program_code, r.planned_classes, r.planned_trainees, r.actual_classes, r.actual_trainees,
              r.classes_pct, r.trainees_pct) for r in rows]
    assert table == [
        ("NTVD", 3, 150, 2, 4, "67%", "3%"),
        ("DVM", 2, 80, 0, 0, "0%", "0%"),
        ("CNKT", 0, 0, 1, 2, "", ""),
        ("NQ", 4, 1200, 0, 0, "0%", "0%"),
        ("", 9, 1430, 3, 6, "33%", "0%"),
    ]
    assert rows[-1].program_name == "Tổng cộng"
    assert plan_vs_actual(2019) == [plan_vs_actual(2019)[-1]] and plan_vs_actual(2019)[-1].actual_classes == 0
