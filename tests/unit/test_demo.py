"""The demo database tells the centre's 2015–2020 story with its exact figures, in realistic data.

Most tests read a private copy of the demo built once per run (``demo_session``, built for the
real date). Tests about the current years use a build of their own for a fixed day, so nothing
here depends on the date the tests run on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal

import pytest
from peewee import fn

from app.demo import term as demo
from app.domain.citizen_id import century_sex_digit
from app.domain.errors import ConflictError
from app.domain.text import fold
from app.services.session import open_session
from app.services.settings import get_institution
from app.store import db
from app.store.models import (
    ALL_MODELS,
    AnnualPlan,
    Attendance,
    Award,
    CatalogueItem,
    Certificate,
    CertificateCounter,
    Course,
    Enrollment,
    EthnicGroup,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    Instructor,
    Lesson,
    Observation,
    Organization,
    PlanItem,
    Program,
    ResultBand,
    Trainee,
    person_keys,
)

TODAY = dt.date(2026, 11, 25)
TERM = (dt.date(2015, 1, 1), dt.date(2020, 12, 31))
# The article (SPEC §5): classes and enrolments per program; QPAN4's class count and NQ are ours.
ARTICLE = {
    "TC": (3, 219), "DVM": (14, 918), "NTVD": (21, 1409), "NVCTD": (5, 449), "TGDV": (5, 665),
    "CNKT": (45, 3399), "SC": (4, 239), "QPAN4": (4, 1432), "NQ": (84, 5469),
}


def term_classes():
    return Course.select().where(Course.start_date.between(*TERM), Course.status != "cancelled")


def table_counts() -> dict[str, int]:
    return {model.__name__: model.select().count() for model in ALL_MODELS}


@pytest.fixture(scope="module")
def fixed_day_build(tmp_path_factory):
    """A demo built for 25/11/2026, with its summary and the progress calls it made."""
    path = tmp_path_factory.mktemp("demo_fixed") / "demo.sqlite3"
    calls: list[tuple[int, int]] = []
    with open_session(path, backup_on_start=False):
        summary = demo.build_demo(today=TODAY, progress=lambda done, total: calls.append((done, total)))
    return path, summary, calls


def fingerprint(*, term_only: bool) -> list:
    """Classes with their rosters, results and certificates, in a stable order."""
    courses = Course.select().order_by(Course.code)
    if term_only:
        courses = courses.where(Course.start_date <= TERM[1])
    rows = []
    for course in courses:
        roster = (Enrollment.select(Trainee.full_name, Trainee.birth_date, Trainee.birth_year,
                                    Enrollment.score, Enrollment.result_code, Enrollment.completed)
                  .join(Trainee).where(Enrollment.course == course).order_by(Enrollment.id).tuples())
        marks = (Attendance.select(fn.GROUP_CONCAT(Attendance.mark, ""))
                 .join(Enrollment).where(Enrollment.course == course).scalar())
        rows.append((course.code, course.name, course.start_date, course.end_date, course.status,
                     course.venue, list(roster), marks,
                     [(lesson.date, lesson.session, lesson.topic, lesson.instructor_id)
                      for lesson in course.lessons.order_by(Lesson.id)]))
    certificates = Certificate.select(Certificate.year, Certificate.number, Certificate.issued_on,
                                      Certificate.status, Trainee.full_name).join(Enrollment).join(
        Trainee).order_by(Certificate.year, Certificate.number)
    if term_only:
        certificates = certificates.where(Certificate.year <= TERM[1].year)
    return [rows, list(certificates.tuples())]


# --- the article's figures -----------------------------------------------------------------


def test_the_term_has_185_classes_and_14199_enrolments(demo_session):
    assert term_classes().count() == 185
    enrolments = Enrollment.select().join(Course).where(
        Course.start_date.between(*TERM), Course.status != "cancelled").count()
    assert enrolments == 14199


def test_each_program_has_the_articles_classes_and_enrolments(demo_session):
    classes = dict(term_classes().select(Program.code, fn.COUNT(Course.id)).join(Program)
                   .group_by(Program.code).tuples())
    enrolments = dict(Enrollment.select(Program.code, fn.COUNT(Enrollment.id)).join(Course)
                      .join(Program).where(Course.start_date.between(*TERM),
                                           Course.status != "cancelled")
                      .group_by(Program.code).tuples())
    assert {code: (classes.get(code), enrolments.get(code)) for code in ARTICLE} == ARTICLE
    assert set(classes) == set(ARTICLE)


def test_term_classes_are_finished_and_spread_over_the_six_years(demo_session):
    assert {c.status for c in term_classes()} == {"finished"}
    per_year = Counter(str(c.start_date.year) for c in term_classes())  # (no SQL date function: both backends)
    assert sorted(per_year) == [str(y) for y in range(2015, 2021)]
    assert all(25 <= n <= 40 for n in per_year.values())


def test_one_extra_cancelled_class_in_2018_is_outside_the_figures(demo_session):
    cancelled = list(Course.select().where(Course.status == "cancelled",
                                           Course.start_date.between(*TERM)))
    assert len(cancelled) == 1
    course = cancelled[0]
    assert course.program.code == "NQ" and course.start_date.year == 2018
    assert course.cancel_reason
    assert course.enrollments.count() > 0  # a roster that reports must leave out
    assert Attendance.select().join(Enrollment).where(Enrollment.course == course).count() == 0


def test_class_lengths_lessons_and_codes_fit_each_program(demo_session):
    lesson_range = {"NTVD": (10, 10), "DVM": (12, 12), "SC": (40, 40), "TC": (40, 40),
                    "NVCTD": (4, 6), "TGDV": (6, 6), "CNKT": (2, 6), "NQ": (2, 4), "QPAN4": (8, 8)}
    days_range = {"NTVD": (4, 8), "DVM": (5, 10), "SC": (28, 40), "TC": (360, 560),
                  "NVCTD": (1, 5), "TGDV": (2, 5), "CNKT": (0, 5), "NQ": (0, 4), "QPAN4": (3, 6)}
    lesson_counts = dict(Lesson.select(Lesson.course, fn.COUNT(Lesson.id))
                         .group_by(Lesson.course).tuples())
    codes = set()
    for course in Course.select().join(Program):
        code = course.program.code
        low, high = lesson_range[code]
        assert low <= lesson_counts[course.id] <= high, course.code
        low, high = days_range[code]
        assert low <= (course.end_date - course.start_date).days <= high, course.code
        assert re.fullmatch(rf"{code}-{course.start_date.year}-\d\d", course.code)
        assert re.fullmatch(rf".+ khóa [IVXL]+ năm {course.start_date.year}", course.name)
        assert re.fullmatch(r"\d+/QĐ-TTBDCT", course.decision_number)
        assert 0 < (course.start_date - course.decision_date).days <= 14
        codes.add(course.code)
    assert len(codes) == Course.select().count()
    outside = Lesson.select().join(Course).where(
        (Lesson.date < Course.start_date) | (Lesson.date > Course.end_date)).count()
    assert outside == 0


def test_partners_are_the_articles_organisations(demo_session):
    def partners(code):
        return {c.partner.name if c.partner else None
                for c in Course.select().join(Program).where(Program.code == code)}

    assert partners("TC") == {"Trường Chính trị tỉnh Lào Cai"}
    assert partners("QPAN4") == {"Ban Chỉ huy Quân sự huyện"}
    mass = {o.name for o in Organization.select().where(Organization.kind == "mass")}
    assert partners("CNKT") <= mass and len(partners("CNKT")) == 7
    for org in Organization.select():
        assert org.search_key == fold(org.name)


def test_no_instructor_teaches_two_lessons_at_once(demo_session):
    clashes = (Lesson.select(Lesson.instructor, Lesson.date, Lesson.session)
               .where(Lesson.instructor.is_null(False))
               .group_by(Lesson.instructor, Lesson.date, Lesson.session)
               .having(fn.COUNT(Lesson.id) > 1))
    assert clashes.count() == 0


# --- people --------------------------------------------------------------------------------


def test_women_and_ethnic_minorities_have_plausible_shares(demo_session):
    def women_share(query):
        rows = list(query.select(Trainee.gender).join(Trainee).tuples())
        return sum(g == "F" for (g,) in rows) / len(rows)

    everyone = Enrollment.select()
    assert 0.40 <= women_share(everyone) <= 0.50
    qpan4 = Enrollment.select().join(Course).join(Program).where(Program.code == "QPAN4").switch(
        Enrollment)
    assert women_share(qpan4) < 0.3
    kinh = EthnicGroup.get(EthnicGroup.name == "Kinh")
    minorities = Trainee.select().where(Trainee.ethnic_group != kinh).count()
    assert 0.85 <= minorities / Trainee.select().count() <= 0.97
    assert Trainee.select().where(Trainee.ethnic_group.is_null()).count() == 0
    mong = EthnicGroup.get(EthnicGroup.name == "Mông")
    assert Trainee.select().where(Trainee.ethnic_group == mong).count() > Trainee.select().count() / 2


def test_people_come_back_class_after_class(demo_session):
    trainees = Trainee.select().count()
    assert 8000 <= trainees <= 10000
    regulars = (Enrollment.select(Enrollment.trainee).group_by(Enrollment.trainee)
                .having(fn.COUNT(Enrollment.id) >= 3))
    assert regulars.count() > 500
    ntvd = (Enrollment.select(Enrollment.trainee).join(Course).join(Program)
            .where(Program.code == "NTVD"))
    dvm = (Enrollment.select(Enrollment.trainee).join(Course).join(Program)
           .where(Program.code == "DVM"))
    assert Enrollment.select().where(Enrollment.trainee.in_(ntvd) & Enrollment.trainee.in_(dvm)) \
        .count() > 300


def test_no_trainee_is_enrolled_twice_in_a_class(demo_session):
    twice = (Enrollment.select(Enrollment.course, Enrollment.trainee)
             .group_by(Enrollment.course, Enrollment.trainee).having(fn.COUNT(Enrollment.id) > 1))
    assert twice.count() == 0


def test_identical_names_are_common_but_name_and_birth_are_unique(demo_session):
    shared = (Trainee.select(Trainee.search_key).group_by(Trainee.search_key)
              .having(fn.COUNT(Trainee.id) > 1))
    assert shared.count() > 500
    same_person = (Trainee.select(Trainee.search_key, Trainee.birth_date, Trainee.birth_year)
                   .group_by(Trainee.search_key, Trainee.birth_date, Trainee.birth_year)
                   .having(fn.COUNT(Trainee.id) > 1))
    assert same_person.count() == 0


def test_trainee_records_follow_the_data_rules(demo_session):
    positions = {name for (name,) in CatalogueItem.select(CatalogueItem.name)
                 .where(CatalogueItem.kind == "positions").tuples()}
    trainees = list(Trainee.select())
    year_only = with_id = women = women_thi = 0
    for t in trainees:
        assert 1960 <= t.birth_year <= 2002
        if t.birth_date is None:
            year_only += 1
        else:
            assert t.birth_date.year == t.birth_year
        keys = person_keys(t.full_name, t.birth_date, t.birth_year)
        # as the ORM stores them (the text field cleans what it stores)
        assert t.search_key == keys["search_key"]
        assert t.sort_key == Trainee.sort_key.db_value(keys["sort_key"])
        assert t.position in positions and t.organization_id is not None
        assert t.gender in ("M", "F")
        if t.citizen_id:
            with_id += 1
            assert re.fullmatch(r"010\d{9}", t.citizen_id)
            assert int(t.citizen_id[3]) == century_sex_digit(t.birth_year, t.gender)
            assert t.citizen_id[4:6] == f"{t.birth_year % 100:02d}"
        if t.gender == "F":
            women += 1
            women_thi += " Thị " in t.full_name
        if t.party_member:
            assert t.party_joined_on is not None
    assert 0.07 <= year_only / len(trainees) <= 0.13
    assert 0.65 <= with_id / len(trainees) <= 0.75
    assert women_thi / women > 0.6


def test_party_membership_fits_each_program_at_the_time(demo_session):
    def members_then(code):
        rows = (Enrollment.select(Trainee.party_member, Trainee.party_joined_on, Course.start_date)
                .join(Trainee).switch(Enrollment).join(Course).join(Program)
                .where(Program.code == code).tuples())
        flags = [member and joined <= start for member, joined, start in rows]
        return sum(flags) / len(flags)

    assert members_then("NTVD") == 0
    assert members_then("DVM") == 1
    assert members_then("SC") > 0.8 and members_then("NVCTD") > 0.8
    assert 0.45 <= members_then("NQ") <= 0.75


def test_enrolments_keep_the_workplace_as_it_was_called(demo_session):
    merged = Organization.get(Organization.name == "xã Lùng Sui")
    assert not merged.active
    late = (Enrollment.select().join(Course)
            .where(Enrollment.unit_at_time == "xã Lùng Sui", Course.start_date >= dt.date(2020, 2, 1)))
    assert late.count() == 0
    assert Enrollment.select().where(Enrollment.unit_at_time.is_null()).count() == 0


# --- results, attendance, certificates -----------------------------------------------------


def test_results_come_from_the_default_bands(demo_session):
    bands = [(b.min_score, b.code) for b in ResultBand.select().where(
        ResultBand.program.is_null(), ResultBand.enabled).order_by(ResultBand.min_score.desc())]
    rows = (Enrollment.select(Enrollment.score, Enrollment.result_code, Program.scored,
                              Course.status, Enrollment.completed)
            .join(Course).join(Program).where(Course.status != "cancelled").tuples())
    low = scored = 0
    for score, result, is_scored, status, completed in rows:
        if not is_scored or status != "finished" or not completed:
            assert result is None
            continue
        scored += 1
        assert Decimal("4.5") <= score <= 10 and score * 2 == int(score * 2)
        assert result == next(code for minimum, code in bands if minimum <= score)
        low += score < 5
    assert 0.005 <= low / scored <= 0.04


def test_finished_classes_have_one_mark_per_lesson_and_trainee(demo_session):
    lessons = dict(Lesson.select(Lesson.course, fn.COUNT(Lesson.id)).group_by(Lesson.course).tuples())
    enrolled = dict(Enrollment.select(Enrollment.course, fn.COUNT(Enrollment.id))
                    .group_by(Enrollment.course).tuples())
    marks = dict(Attendance.select(Enrollment.course, fn.COUNT(Attendance.id)).join(Enrollment)
                 .group_by(Enrollment.course).tuples())
    for course in Course.select().where(Course.status == "finished"):
        assert marks.get(course.id, 0) == lessons[course.id] * enrolled.get(course.id, 0), course.code
    shares = dict(Attendance.select(Attendance.mark, fn.COUNT(Attendance.id))
                  .group_by(Attendance.mark).tuples())
    total = sum(shares.values())
    assert shares["x"] / total > 0.9 and 0.02 <= shares["P"] / total <= 0.05
    assert 0.005 <= shares["K"] / total <= 0.03
    assert total < 250_000
    dropouts = Enrollment.select().join(Course).where(Course.status == "finished",
                                                      ~Enrollment.completed).count()
    assert 0 < dropouts < 0.01 * Enrollment.select().count()


def test_certificate_numbers_are_unique_per_year_and_the_counter_is_the_highest(demo_session):
    per_year = (Certificate.select(Certificate.year, fn.COUNT(Certificate.id),
                                   fn.COUNT(Certificate.number.distinct()), fn.MIN(Certificate.number),
                                   fn.MAX(Certificate.number)).group_by(Certificate.year).tuples())
    counters = {c.year: c.last_number for c in CertificateCounter.select()}
    years = set()
    for year, count, distinct, lowest, highest in per_year:
        assert count == distinct == highest and lowest == 1  # 1, 2, 3… with no gap or repeat
        assert counters[year] == highest
        years.add(year)
    assert set(counters) == years and years >= set(range(2015, 2021))


def test_certificates_are_numbered_in_class_order_and_go_to_eligible_trainees(demo_session):
    rows = (Certificate.select(Certificate, Enrollment, Course, Program).join(Enrollment)
            .join(Course).join(Program).order_by(Certificate.year, Certificate.number))
    last_end: dict[int, dt.date] = {}
    for cert in rows:
        course = cert.enrollment.course
        assert course.status == "finished"
        assert course.program.certificate in ("gcn", "diploma", "optional")
        if cert.reissue_of_id is None:
            assert course.end_date >= last_end.get(cert.year, course.end_date)
            last_end[cert.year] = course.end_date
            assert 3 <= (cert.issued_on - course.end_date).days <= 14
        if cert.status == "issued":
            assert cert.enrollment.completed
            assert cert.enrollment.result_code in (None, "G", "K", "TB")
    cnkt = Course.select().join(Program).where(Program.code == "CNKT", Course.status == "finished")
    with_certs = cnkt.where(Course.id.in_(Enrollment.select(Enrollment.course).join(
        Certificate, on=(Certificate.enrollment == Enrollment.id))))
    assert 0.15 <= with_certs.count() / cnkt.count() <= 0.5


def test_a_cancelled_certificate_and_a_reissue_after_loss_are_in_the_term(demo_session):
    cancelled = list(Certificate.select().where(Certificate.status == "cancelled"))
    assert cancelled and all(c.cancel_reason and c.cancelled_on for c in cancelled)
    assert all(c.year <= 2020 for c in cancelled)
    reissues = list(Certificate.select().where(Certificate.reissue_of.is_null(False)))
    assert len(reissues) == 1
    reissue = reissues[0]
    assert reissue.reissue_reason == "Cấp lại do mất" and reissue.status == "issued"
    assert reissue.reissue_of.status == "cancelled"
    assert reissue.enrollment_id == reissue.reissue_of.enrollment_id
    assert reissue.year <= 2020


# --- instructors, feedback, plans, settings ------------------------------------------------


def test_there_are_2_full_time_and_14_part_time_instructors(demo_session):
    kinds = dict(Instructor.select(Instructor.kind, fn.COUNT(Instructor.id))
                 .group_by(Instructor.kind).tuples())
    assert kinds == {"full_time": 2, "part_time": 14}
    assert all(i.norm_code == i.kind for i in Instructor.select())
    taught = Lesson.select(Lesson.instructor).distinct().where(Lesson.instructor.is_null(False))
    assert taught.count() == 16


def test_the_district_competition_and_observations(demo_session):
    prizes = dict(Award.select(Award.prize, fn.COUNT(Award.id)).where(
        Award.level == "huyen", Award.year.between(2015, 2020)).group_by(Award.prize).tuples())
    assert prizes["nhat"] == 1 and prizes["nhi"] == 2 and prizes["ba"] >= 2 and prizes["kk"] >= 2
    first = Award.get(Award.prize == "nhat")
    assert first.instructor.kind == "full_time"
    lower = Award.select().join(Instructor).where(Award.prize.in_(("ba", "kk")))
    assert {a.instructor.kind for a in lower} == {"part_time"}
    observations = list(Observation.select())
    assert len(observations) >= 6
    assert {o.rating for o in observations} <= {"G", "K", "D"}
    assert all(o.lesson.instructor_id == o.instructor_id and o.strengths for o in observations)


def test_feedback_forms_are_mostly_satisfied(demo_session):
    questions = FeedbackQuestion.select().count()
    responses = list(FeedbackResponse.select().join(Course).join(Program))
    assert {r.course.program.code for r in responses} <= {"NTVD", "DVM", "NVCTD", "TGDV"}
    per_course: dict[int, int] = {}
    for r in responses:
        per_course[r.course_id] = per_course.get(r.course_id, 0) + 1
        assert r.lesson_key == (r.lesson_id or 0)
        assert r.template.code == "MAC_DINH"
    assert all(20 <= n <= 40 for n in per_course.values())
    eligible = (Course.select().join(Program).where(
        Program.code.in_(("NTVD", "DVM", "NVCTD", "TGDV")), Course.status == "finished").count())
    assert 0.3 <= len(per_course) / eligible <= 0.7
    assert FeedbackAnswer.select().count() == len(responses) * 4 == len(responses) * questions
    satisfied = FeedbackAnswer.select().where(FeedbackAnswer.value >= 3).count()
    assert 0.85 <= satisfied / FeedbackAnswer.select().count() <= 0.95
    assert FeedbackResponse.select().where(FeedbackResponse.comment.is_null(False)).count() > 0


def test_every_year_has_its_plan_close_to_what_was_done(demo_session):
    years = [p.year for p in AnnualPlan.select().order_by(AnnualPlan.year)]
    assert years == list(range(2015, years[-1] + 1)) and years[-1] >= 2021
    for plan in AnnualPlan.select():
        assert re.fullmatch(r"\d+-KH/TTBDCT", plan.document_number)
        assert plan.approved_on.year == plan.year and plan.approved_on.month == 1
    for year in range(2015, 2021):
        planned = PlanItem.select(fn.SUM(PlanItem.classes)).join(AnnualPlan).where(
            AnnualPlan.year == year).scalar()
        done = Course.select().where(Course.start_date.between(dt.date(year, 1, 1), dt.date(year, 12, 31))).count()
        assert abs(planned - done) <= 5


def test_institution_settings_name_the_centre(demo_session):
    institution = get_institution()
    assert institution.name == "Trung tâm Bồi dưỡng chính trị huyện Si Ma Cai"
    assert institution.parent_body == "Huyện ủy Si Ma Cai"
    assert institution.place_name == "Si Ma Cai" and institution.header_style == "party"
    assert institution.director_name and institution.deputy_name


# --- the current years, determinism, refusal -----------------------------------------------


def test_classes_of_the_current_years_take_their_status_from_the_dates(fixed_day_build):
    path, _, _ = fixed_day_build
    with open_session(path, backup_on_start=False):
        current = list(Course.select().where(Course.start_date > TERM[1]))
        years = {c.start_date.year for c in current}
        assert years == {2025, 2026}
        for year in years:
            assert 25 <= sum(c.start_date.year == year for c in current) <= 36
        for course in current:
            expected = ("finished" if course.end_date < TODAY else
                        "running" if course.start_date <= TODAY else "planned")
            assert course.status == expected, course.code
        statuses = {c.status for c in current}
        assert {"running", "planned", "finished"} <= statuses
        future_marks = Attendance.select().join(Lesson).where(Lesson.date >= TODAY).count()
        assert future_marks == 0
        running = [c for c in current if c.status == "running"]
        assert any(Attendance.select().join(Enrollment).where(Enrollment.course == c).exists()
                   for c in running)


def test_the_summary_counts_what_was_written(fixed_day_build):
    path, summary, calls = fixed_day_build
    with open_session(path, backup_on_start=False):
        assert summary.courses == Course.select().count()
        assert summary.trainees == Trainee.select().count()
        assert summary.enrollments == Enrollment.select().count()
        assert summary.lessons == Lesson.select().count()
        assert summary.attendance == Attendance.select().count()
        assert summary.certificates == Certificate.select().count()
        assert summary.feedback_responses == FeedbackResponse.select().count()
        assert summary.instructors == Instructor.select().count() == 16
    assert calls and calls[-1][0] == calls[-1][1]
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


@pytest.mark.sqlite_only(reason="compares with the SQLite demo file, fingerprinted with SQLite's group_concat")
def test_the_same_seed_builds_the_same_data(fixed_day_build, demo_path, session):
    demo.build_demo(today=TODAY)
    again = fingerprint(term_only=False)
    path, _, _ = fixed_day_build
    with open_session(path, backup_on_start=False):
        first = fingerprint(term_only=False)
    assert again == first
    # The term does not depend on the day the demo is built (the shared demo used today's date).
    with open_session(demo_path, backup_on_start=False):
        built_today = fingerprint(term_only=True)
    term = [[row for row in first[0] if row[2] <= TERM[1]],
            [row for row in first[1] if row[0] <= TERM[1].year]]
    assert built_today == term


def test_a_database_with_data_is_refused_and_left_alone(demo_session):
    before = table_counts()
    with pytest.raises(ConflictError, match="chỉ tạo dữ liệu mẫu trong cơ sở dữ liệu mới"):
        demo.build_demo(today=TODAY)
    assert table_counts() == before


def test_a_single_trainee_is_enough_to_refuse(session):
    with db.write():
        Trainee.create(**person_keys("Giàng Seo Sử", birth_year=1980))
    before = table_counts()
    with pytest.raises(ConflictError):
        demo.build_demo(today=TODAY)
    assert table_counts() == before
