"""The reports of SPEC §5 on small hand-built classes: every figure is what its column says."""

import datetime as dt

import pytest

from app.domain.errors import NotFoundError, ValidationError
from app.outputs.reports import build_report
from app.services.courses import CourseInput, add_course, cancel_course
from app.services.feedback import record_feedback
from app.services.reports import (
    by_year,
    feedback_rows,
    find_trainee,
    grades_rows,
    history_rows,
    hours_rows,
    plan_rows,
    results_by_partner,
    staff_rows,
    validity,
    year_fraction,
)
from app.store import db
from app.store.models import (
    AnnualPlan,
    Award,
    Certificate,
    Course,
    Enrollment,
    Instructor,
    Lesson,
    Observation,
    PlanItem,
    Program,
    Trainee,
    person_keys,
)

YEAR_2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
FIRST_HALF_2024 = (dt.date(2024, 1, 1), dt.date(2024, 6, 30))


def _people(n: int, prefix: str = "Giàng Seo") -> list[Trainee]:
    givens = ["Sử", "Páo", "Chớ", "Dình", "Lềnh", "Mai", "Dũng", "Ánh", "Pà", "Súa"]
    return [Trainee.create(**person_keys(f"{prefix} {givens[i % 10]}", None, 1980 + i), birth_year=1980 + i)
            for i in range(n)]


def _course(code: str, program: str, start: str, end: str | None = None, partner: str = ""):
    return add_course(CourseInput(code, program, f"Lớp {code}", start, end or start, partner=partner))


def _enrol(course, trainees, **values) -> list[Enrollment]:
    return [Enrollment.create(course=course, trainee=t, **values) for t in trainees]


# --- periods -------------------------------------------------------------------------------


def test_year_fraction_counts_months():
    assert year_fraction(*YEAR_2024) == 1
    assert year_fraction(*FIRST_HALF_2024) == 0.5
    assert year_fraction(dt.date(2015, 1, 1), dt.date(2020, 12, 31)) == 6
    assert year_fraction(dt.date(2023, 2, 1), dt.date(2023, 2, 14)) == pytest.approx(0.5 / 12)


def test_classes_per_year_and_per_month(session):
    with db.write():
        people = _people(3)
        _enrol(_course("A", "DVM", "01/01/2023"), people)
        _enrol(_course("B", "DVM", "31/12/2024"), people[:2])
        _course("C", "NQ", "15/03/2024")
    assert by_year(dt.date(2023, 1, 1), dt.date(2024, 12, 31)) == (["2023", "2024"], [1, 2], [3, 2])
    labels, classes, enrolments = by_year(*YEAR_2024)
    assert labels == [f"T{m}" for m in range(1, 13)]
    assert (classes[2], classes[11], enrolments[11]) == (1, 1, 2)


# --- results per partner -------------------------------------------------------------------


def test_results_per_partner_and_certificates(session):
    with db.write():
        people = _people(4)
        farmers = _course("A", "CNKT", "10/03/2024", partner="Hội Nông dân huyện")
        women = _course("B", "CNKT", "10/04/2024", partner="Hội Liên hiệp Phụ nữ huyện")
        own = _course("C", "NVCTD", "10/05/2024")
        first = _enrol(farmers, people, completed=True)
        _enrol(women, people[:2])
        _enrol(own, people[:1])
        _course("D", "CNKT", "10/06/2024", partner="Hội Nông dân huyện")
        Certificate.create(enrollment=first[0], year=2024, number=1, issued_on=dt.date(2024, 3, 20))
        Certificate.create(enrollment=first[1], year=2024, number=2, issued_on=dt.date(2024, 3, 20),
                           status="cancelled", cancel_reason="Sai tên")
    rows = {r.partner: r for r in results_by_partner(*YEAR_2024)}
    farmers_row = rows["Hội Nông dân huyện"]
    assert (farmers_row.classes, farmers_row.enrolments, farmers_row.completed, farmers_row.certificates) == (
        2, 4, 4, 1)  # a class without trainees still counts; a cancelled certificate does not
    assert (rows["Hội Liên hiệp Phụ nữ huyện"].enrolments, rows["Trung tâm tự tổ chức"].enrolments) == (2, 1)
    assert (rows["Tổng cộng"].classes, rows["Tổng cộng"].enrolments) == (4, 7)
    assert results_by_partner(*YEAR_2024)[0].partner == "Hội Nông dân huyện"  # most classes first


# --- plan ----------------------------------------------------------------------------------


def _plan(year: int, items: dict[str, tuple[int, int]]) -> None:
    plan = AnnualPlan.create(year=year, document_number=f"0{year % 10}-KH/TTBDCT")
    for code, (classes, trainees) in items.items():
        PlanItem.create(plan=plan, program=Program.get(Program.code == code), classes=classes, trainees=trainees)


def test_plan_against_actual_with_percentages(session):
    with db.write():
        _plan(2024, {"DVM": (4, 8), "NTVD": (2, 4)})
        _plan(2025, {"DVM": (2, 10)})
        people = _people(6)
        for code, start, who in (("D1", "05/03/2024", people[:2]), ("D2", "05/06/2024", people[2:4]),
                                 ("D3", "05/09/2024", people[4:6]), ("C1", "05/10/2024", people[:2])):
            _enrol(_course(code, "CNKT" if code == "C1" else "DVM", start), who)
        _course("D4", "DVM", "05/11/2024")
    cancel_course("D4", "Không đủ học viên")
    rows = {r.program_code: r for r in plan_rows(*YEAR_2024)}
    assert (rows["DVM"].planned_classes, rows["DVM"].actual_classes, rows["DVM"].classes_pct) == (4, 3, 75.0)
    assert (rows["DVM"].planned_trainees, rows["DVM"].actual_enrolments, rows["DVM"].trainees_pct) == (8, 6, 75.0)
    assert (rows["NTVD"].actual_classes, rows["NTVD"].classes_pct) == (0, 0.0)
    assert (rows["CNKT"].planned_classes, rows["CNKT"].classes_pct) == (0, None)  # outside the plan
    assert (rows["TOTAL"].planned_classes, rows["TOTAL"].actual_classes, rows["TOTAL"].classes_pct) == (6, 4, 66.7)
    two_years = {r.program_code: r for r in plan_rows(dt.date(2024, 1, 1), dt.date(2025, 12, 31))}
    assert (two_years["DVM"].planned_classes, two_years["DVM"].planned_trainees) == (6, 18)  # plans summed
    cells = {row[1]: row for row in build_report("plan", *YEAR_2024).document.cells}
    dvm = cells["Bồi dưỡng lý luận chính trị dành cho đảng viên mới (DVM)"]
    # kế hoạch, đã thực hiện, đang học, đã lên lịch, tỷ lệ; học viên kế hoạch, thực hiện, tỷ lệ
    assert dvm[2:10] == ("4", "3", "0", "0", "75,0%", "8", "6", "75,0%")
    assert cells["Cập nhật kiến thức, chuyên đề (CNKT)"][-1] == "Ngoài kế hoạch"


def test_a_december_plan_report_does_not_count_a_class_that_starts_on_the_15th(session):
    """Run on 3 December: a class that ended, one running, one starting on the 15th are three
    different things; only the ended class is "thực hiện" and only its trainees count."""
    with db.write():
        _plan(2026, {"DVM": (4, 20)})
        people = _people(5)
        _enrol(_course("DONE", "DVM", "02/11/2026", "06/11/2026"), people[:2])
        _enrol(_course("NOW", "DVM", "01/12/2026", "05/12/2026"), people[2:4])
        _enrol(_course("LATER", "DVM", "15/12/2026", "19/12/2026"), people[4:])
    rows = {r.program_code: r for r in plan_rows(dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                                  today=dt.date(2026, 12, 3))}
    dvm = rows["DVM"]
    assert (dvm.actual_classes, dvm.running_classes, dvm.scheduled_classes) == (1, 1, 1)
    assert (dvm.actual_enrolments, dvm.classes_pct, dvm.trainees_pct) == (2, 25.0, 10.0)
    # Once the year is over every class of it has ended: the same report in January counts all three.
    after = {r.program_code: r for r in plan_rows(dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                                   today=dt.date(2027, 1, 10))}["DVM"]
    assert (after.actual_classes, after.running_classes, after.scheduled_classes, after.actual_enrolments) == \
        (3, 0, 0, 5)
    # A report of November alone, read on 3 December, counts the November class as done.
    november = {r.program_code: r for r in plan_rows(dt.date(2026, 11, 1), dt.date(2026, 11, 30),
                                                      today=dt.date(2026, 12, 3))}["DVM"]
    assert (november.actual_classes, november.running_classes, november.scheduled_classes) == (1, 0, 0)


# --- grades --------------------------------------------------------------------------------


def test_grades_count_and_share_the_bands_of_scored_programs(session):
    with db.write():
        people = _people(6)
        dvm = _course("A", "DVM", "05/03/2024")
        for person, code in zip(people[:5], ["G", "G", "K", "KD", None], strict=True):
            Enrollment.create(course=dvm, trainee=person, result_code=code)
        _enrol(_course("B", "NVCTD", "05/04/2024"), people)  # not scored: left out
    bands, rows = grades_rows(*YEAR_2024)
    assert [b.name for b in bands] == ["Giỏi", "Khá", "Trung bình", "Không đạt"]
    assert [r.program_code for r in rows] == ["DVM", "TOTAL"]
    dvm_row = rows[0]
    assert (dvm_row.enrolments, dvm_row.graded, dvm_row.ungraded) == (5, 4, 1)
    assert dvm_row.counts == (2, 1, 0, 1) and dvm_row.shares == (50.0, 25.0, 0.0, 25.0)
    cells = build_report("grades", *YEAR_2024).document.cells[0]
    assert cells[2:] == ("5", "4", "2", "50,0%", "1", "25,0%", "0", "0,0%", "1", "25,0%", "1")


# --- hours ---------------------------------------------------------------------------------


def test_hours_against_the_norm_prorated_to_the_period(session):
    with db.write():
        full = Instructor.create(**person_keys("Vàng Văn Tú"), kind="full_time", norm_code="full_time")
        Instructor.create(**person_keys("Hầu A Chớ"), kind="part_time")
        Instructor.create(**person_keys("Lý Seo Dìn"), kind="part_time", active=False)
    course = _course("A", "DVM", "04/03/2024", "08/03/2024")
    cancelled = _course("B", "DVM", "04/04/2024")
    later = _course("C", "DVM", "04/07/2024")
    with db.write():
        for day, kind in ((4, "lecture"), (5, "lecture"), (6, "discussion")):
            Lesson.create(course=course, date=dt.date(2024, 3, day), topic="Chuyên đề", periods=4, kind=kind,
                          instructor=full)
        Lesson.create(course=cancelled, date=dt.date(2024, 4, 4), topic="Hủy", periods=4, instructor=full)
        Lesson.create(course=later, date=dt.date(2024, 7, 4), topic="Sau kỳ", periods=4, instructor=full)
    cancel_course("B", "Trùng lịch")
    rows = hours_rows(*FIRST_HALF_2024)
    # Full-time first; an idle part-timer is listed (the norm is owed), an inactive idle one is not.
    assert [r.full_name for r in rows] == ["Vàng Văn Tú", "Hầu A Chớ"]
    tu, cho = rows
    assert (tu.periods, tu.standard_hours, tu.norm, tu.norm_pct) == (12, 10.0, 60.0, 16.7)  # 120 a year, half
    assert (cho.periods, cho.standard_hours, cho.norm) == (0, 0.0, 15.0)  # 30 a year
    cells = build_report("hours", *FIRST_HALF_2024).document.cells[0]
    assert cells[4:] == ("12", "10", "60", "16,7%", "-50")
    assert hours_rows(*YEAR_2024)[0].standard_hours == 14.0 and hours_rows(*YEAR_2024)[0].norm == 120.0


# --- feedback ------------------------------------------------------------------------------


def test_feedback_shares_per_question_and_instructor(session):
    course = _course("A", "NTVD", "04/03/2024", "08/03/2024")
    gone = _course("B", "NTVD", "04/04/2024")
    outside = _course("C", "NTVD", "04/03/2025")
    with db.write():
        su = Instructor.create(**person_keys("Giàng Seo Sử"), kind="full_time")
        mai = Instructor.create(**person_keys("Lù Thị Mai"), kind="part_time")
        by_su = Lesson.create(course=course, date=dt.date(2024, 3, 4), topic="Bài 1", instructor=su)
        by_mai = Lesson.create(course=course, date=dt.date(2024, 3, 5), topic="Bài 2", instructor=mai)
    record_feedback("A", by_su.id, [4, 4, 4, 4])
    record_feedback("A", by_su.id, [3, 3, 2, 1])
    record_feedback("A", by_mai.id, [4, 3, 2, 2])
    record_feedback("A", None, [4, 4, 4, 4])
    record_feedback(gone.code, None, [1, 1, 1, 1])
    record_feedback(outside.code, None, [1, 1, 1, 1])
    cancel_course("B", "Hoãn")
    scale, rows = feedback_rows(*YEAR_2024)
    assert [v for v, _ in scale] == [4, 3, 2, 1]
    questions = [r for r in rows if r.group == "question"]
    assert [r.name for r in questions] == ["Nội dung bài giảng", "Phương pháp truyền đạt", "Tác phong sư phạm",
                                           "Hiệu quả bài giảng"]
    assert [(r.forms, r.satisfied_pct, r.mean) for r in questions] == [
        (4, 100.0, 3.75), (4, 100.0, 3.5), (4, 50.0, 3.0), (4, 50.0, 2.75)]
    assert questions[0].shares == (75.0, 25.0, 0.0, 0.0)
    people = [(r.name, r.forms, r.satisfied_pct) for r in rows if r.group == "instructor"]
    assert people == [("Lù Thị Mai", 1, 50.0), ("Giàng Seo Sử", 2, 75.0)]  # Vietnamese order: Mai before Sử
    whole_class = next(r for r in rows if r.group == "whole_class")
    assert (whole_class.forms, whole_class.satisfied_pct) == (1, 100.0)
    assert [(r.name, r.forms, r.satisfied_pct) for r in rows if r.group == "course"] == [("Lớp A (A)", 4, 75.0)]
    total = rows[-1]
    assert (total.forms, total.satisfied_pct, total.mean) == (4, 75.0, 3.25)
    document = build_report("feedback", *YEAR_2024).document
    assert document.footer[2:] == ("4", "56,2%", "18,8%", "18,8%", "6,2%", "75,0%", "3,25")


# --- instructors ---------------------------------------------------------------------------


def test_staff_with_awards_and_observations_in_the_period(session):
    with db.write():
        tu = Instructor.create(**person_keys("Vàng Văn Tú"), kind="full_time", degree="THS", theory_level="CC",
                               position="Phó Giám đốc", unit="Trung tâm")
        gone = Instructor.create(**person_keys("Lý Seo Dìn"), kind="part_time", active=False)
        Instructor.create(**person_keys("Hầu A Chớ"), kind="part_time", active=False)
        Award.create(instructor=tu, year=2024, title="Hội thi giảng viên giỏi", level="huyen", prize="nhat")
        Award.create(instructor=tu, year=2023, title="Hội thi giảng viên giỏi", level="huyen", prize="ba")
        Award.create(instructor=gone, year=2024, title="Hội thi giảng viên giỏi", level="tinh", prize="kk")
        Observation.create(instructor=tu, date=dt.date(2024, 5, 6), kind="thao_giang", rating="G")
        Observation.create(instructor=tu, date=dt.date(2024, 7, 6), kind="du_gio", rating="K")
    rows = staff_rows(*FIRST_HALF_2024)
    assert [r.full_name for r in rows] == ["Vàng Văn Tú", "Lý Seo Dìn"]  # the idle inactive one is left out
    tu_row = rows[0]
    assert (tu_row.degree, tu_row.theory_level) == ("Thạc sĩ", "Cao cấp")
    assert tu_row.awards == ("Giải Nhất cấp huyện năm 2024 (Hội thi giảng viên giỏi)",)
    assert tu_row.observations == ("Thao giảng 06/05/2024: Giỏi",)
    assert rows[1].awards == ("Giải Khuyến khích cấp tỉnh năm 2024 (Hội thi giảng viên giỏi)",)


# --- history -------------------------------------------------------------------------------


@pytest.fixture
def trainee(session):
    ntvd = _course("N1", "NTVD", "25/05/2020", "29/05/2020")
    dvm = _course("D1", "DVM", "10/03/2022", "17/03/2022")
    _course("X1", "NQ", "10/03/2023")
    with db.write():
        person = Trainee.create(**person_keys("Thào Seo Páo", dt.date(1990, 4, 5)), birth_date=dt.date(1990, 4, 5),
                                birth_year=1990, citizen_id="010090001234")
        first = Enrollment.create(course=ntvd, trainee=person, score=8.5, result_code="G", completed=True)
        second = Enrollment.create(course=dvm, trainee=person, score=7, result_code="K", completed=True)
        Certificate.create(enrollment=first, year=2020, number=7, issued_on=dt.date(2020, 6, 1))
        Certificate.create(enrollment=second, year=2022, number=3, issued_on=dt.date(2022, 3, 20),
                           status="cancelled", cancel_reason="Sai ngày sinh")
        Certificate.create(enrollment=second, year=2022, number=4, issued_on=dt.date(2022, 3, 25))
        Enrollment.create(course=Course.get(Course.code == "X1"), trainee=person)
    cancel_course("X1", "Hoãn")
    return person


def test_history_lists_every_class_with_result_and_certificate(trainee):
    rows = history_rows(trainee)
    assert [(r.course_code, r.result, r.certificate) for r in rows] == [
        ("N1", "Giỏi", "0007/2020"), ("D1", "Khá", "0004/2022"), ("X1", "", "")]
    assert rows[1].note == "GCN số 0003/2022 đã hủy" and rows[2].note == "Lớp đã hủy"
    assert rows[0].score == 8.5 and rows[0].issued_on == dt.date(2020, 6, 1)


def test_ntvd_certificate_is_valid_for_sixty_months(trainee):
    before = {v.program_code: v for v in validity(trainee, dt.date(2025, 5, 31))}
    assert before["NTVD"].valid and before["NTVD"].valid_until == dt.date(2025, 6, 1)
    assert not validity(trainee, dt.date(2025, 6, 1))[0].valid
    notes = build_report("history", trainee="010090001234", today=dt.date(2025, 5, 31)).document.notes
    assert any("CÒN HIỆU LỰC" in n and "0007/2020" in n and "31/05/2025" in n for n in notes)
    assert notes[0] == "Số lớp đã học: 2."


def test_history_finds_the_trainee_by_citizen_id_or_a_unique_name(trainee):
    assert find_trainee("010090001234").id == trainee.id
    assert find_trainee("thao seo pao").id == trainee.id
    with db.write():
        Trainee.create(**person_keys("Thào Seo Páo", None, 1970), birth_year=1970)
    with pytest.raises(ValidationError, match="Có 2 học viên"):
        find_trainee("Thào Seo Páo")
    with pytest.raises(NotFoundError):
        find_trainee("Không Có Ai")
