"""Every writing service says what it changes, and says it truly.

Each service marked ``@writes(...)`` runs once on a copy of the demo database, with SQLite
triggers that note every row really inserted, updated or deleted (a trigger fires per row
changed, inside the transaction: a statement that changes nothing, or a write that is rolled
back, notes nothing). The tables written, through ``app.store.topics``, must be covered by
what the service declares (or by what its result says). Every case must write something,
so a case that silently did nothing fails too.

The list of services is not typed here: it is every public function of app/services that
carries a declaration, and a case is required for each. A function that writes without a
declaration is caught by reading the code (a small call-graph walk over the services), and
the read-only services the screens call most are run with the triggers armed.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import peewee
import pytest
from openpyxl import Workbook

import app.services
from app.domain.changes import Topic, changes_of, declared, is_writer
from app.domain.errors import UserError
from app.store import db as store_db
from app.store.models import (
    ALL_MODELS,
    Award,
    Certificate,
    Course,
    Enrollment,
    FeedbackResponse,
    Instructor,
    Lesson,
    Observation,
    Program,
    Trainee,
    database,
)
from app.store.topics import BOOKKEEPING_ROWS, TABLE_TOPICS, topic_of_table

SKIPPED_MODULES = ("demo",)  # the demo builders fill a new database; they are not user actions


def _service_modules():
    for info in pkgutil.walk_packages(app.services.__path__, "app.services."):
        if info.name.rsplit(".", 1)[-1].startswith(SKIPPED_MODULES):
            continue
        yield importlib.import_module(info.name)


def _public_functions():
    for module in _service_modules():
        for name, obj in vars(module).items():
            if inspect.isfunction(obj) and obj.__module__ == module.__name__ and not name.startswith("_"):
                yield f"{module.__name__.removeprefix('app.services.')}.{name}", obj


WRITERS = {key: fn for key, fn in _public_functions() if is_writer(fn)}
READERS = {key: fn for key, fn in _public_functions() if not is_writer(fn)}


# --- noting what a call writes ----------------------------------------------------------------


def _arm() -> None:
    """Temporary triggers on every table of this connection: each changed row notes its table."""
    conn = database.connection()
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS wrote (tbl TEXT NOT NULL)")
    conn.execute("DELETE FROM temp.wrote")
    skip = {model._meta.table_name: column_value for model, column_value in BOOKKEEPING_ROWS.items()}
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        for op, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            when = ""
            if table in skip:
                column, values = skip[table]
                listed = ", ".join(f"'{value}'" for value in values)
                when = f"WHEN {row}.\"{column}\" NOT IN ({listed})"
            conn.execute(f'CREATE TEMP TRIGGER IF NOT EXISTS "wrote_{table}_{op}" AFTER {op} ON main."{table}" '
                         f"{when} BEGIN INSERT INTO wrote (tbl) VALUES ('{table}'); END")


def _written() -> set[str]:
    return {t for (t,) in database.connection().execute("SELECT DISTINCT tbl FROM temp.wrote")}


def _topics(tables: set[str]) -> set[Topic]:
    return {topic for topic in map(topic_of_table, tables) if topic is not None}


# --- one case per writing service ---------------------------------------------------------------
# A case gets the service, prepares what it needs (writes made here are not counted) and returns
# the call to check.

CASES: dict[str, Callable[[Callable], Callable[[], object]]] = {}
EMPTY_DATABASE = {"catalogues.load_defaults"}  # cases run on a new database instead of the demo


def case(key: str):
    def register(build):
        assert key not in CASES, key
        CASES[key] = build
        return build
    return register


TODAY = dt.date.today()


def _course(status: str) -> Course:
    return (Course.select().where(Course.status == status).join(Enrollment).group_by(Course.id)
            .order_by(Course.start_date.desc()).first())


def _running_enrollment() -> Enrollment:
    return Enrollment.select().where(Enrollment.course == _course("running").id).order_by(Enrollment.id).first()


def _scored_enrollment() -> Enrollment:
    return (Enrollment.select().join(Course).join(Program).where(Program.scored, Course.status == "finished")
            .order_by(Enrollment.id.desc()).first())


def _certificate() -> Certificate:
    return Certificate.select().where(Certificate.status == "issued").order_by(Certificate.id.desc()).first()


def _certificate_text(certificate: Certificate) -> str:
    from app.services.certificates import number_text

    return number_text(certificate.number, certificate.year)


def _trainee_outside(course: Course) -> Trainee:
    inside = Enrollment.select(Enrollment.trainee).where(Enrollment.course == course.id)
    return Trainee.select().where(Trainee.id.not_in(inside)).order_by(Trainee.id).first()


def _new_trainee(name: str = "Lò Văn Thử") -> Trainee:
    from app.services.trainees import TraineeInput, add_trainee

    return add_trainee(TraineeInput(name, "01/02/1991", "Nam", unit="Hội Nông dân xã Thử Nghiệm"), confirmed=True)


@case("audit.record")
def _(fn):
    return lambda: fn("note", "course", None, "Ghi thử vào nhật ký", user="thu.nghiem")


@case("auth.add_user")
def _(fn):
    return lambda: fn("canbo", "mat-khau-1", "staff", "Cán bộ Thử")


@case("auth.enable")
def _(fn):
    return lambda: fn("quantri", "mat-khau-1", "Quản trị Thử")


def _signed_in_admin():
    from app.services import auth

    auth.enable("quantri", "mat-khau-1")
    auth.add_user("canbo", "mat-khau-1")


@case("auth.disable")
def _(fn):
    _signed_in_admin()
    return fn


@case("auth.set_password")
def _(fn):
    _signed_in_admin()
    return lambda: fn("canbo", "mat-khau-2")


@case("auth.set_role")
def _(fn):
    _signed_in_admin()
    return lambda: fn("canbo", "admin")


@case("auth.remove_user")
def _(fn):
    _signed_in_admin()
    return lambda: fn("canbo", "nghỉ việc")


@case("blank_stock.record_movement")
def _(fn):
    return lambda: fn("received", 100, serial_from="AA0001", serial_to="AA0100")


@case("blank_stock.record_certificate_print")
def _(fn):
    from app.services.blank_stock import record_movement

    record_movement("received", 10)
    return lambda: fn([_certificate().id], on_blanks=1)


@case("catalogues.load_defaults")
def _(fn):
    with store_db.write():
        for model in reversed(ALL_MODELS):
            if TABLE_TOPICS[model] in (Topic.CATALOGUES, Topic.FEEDBACK):
                model.delete().execute()

    def call():
        with store_db.write():
            fn()
    return call


@case("catalogues.add_program")
def _(fn):
    from app.services.catalogues import ProgramInput

    return lambda: fn(ProgramInput("BDCS", "Bồi dưỡng chi ủy viên", typical_days=3))


@case("catalogues.update_program")
def _(fn):
    from app.services.catalogues import ProgramInput

    return lambda: fn("NQ", ProgramInput("NQ", "Học tập nghị quyết", typical_days=2, absence_threshold_pct=25))


@case("catalogues.reset_program")
def _(fn):
    from app.services.catalogues import ProgramInput, update_program

    update_program("NQ", ProgramInput("NQ", "Học tập nghị quyết", typical_days=2))
    return lambda: fn("NQ")


@case("catalogues.set_program_active")
def _(fn):
    return lambda: fn("QPAN4", False)


@case("catalogues.delete_program")
def _(fn):
    from app.services.catalogues import ProgramInput, add_program

    add_program(ProgramInput("BDCS", "Bồi dưỡng chi ủy viên"))
    return lambda: fn("BDCS")


@case("catalogues.save_bands")
def _(fn):
    from app.domain.results import Band

    return lambda: fn("CNKT", [Band("D", "Đạt", 5), Band("KD", "Không đạt", 0, False)])


@case("catalogues.reset_bands")
def _(fn):
    from app.domain.results import Band
    from app.services.catalogues import save_bands

    save_bands("CNKT", [Band("G", "Giỏi", 8), Band("K", "Khá", 7), Band("TB", "Trung bình", 5),
                        Band("KD", "Không đạt", 0, False)])
    return lambda: fn("CNKT")


@case("catalogues.add_item")
def _(fn):
    return lambda: fn("positions", "BTDTN", "Bí thư Đoàn thanh niên thôn")


@case("catalogues.update_item")
def _(fn):
    return lambda: fn("lesson_kinds", "lecture", "Giảng lý thuyết", 1.5)


@case("catalogues.reset_item")
def _(fn):
    from app.services.catalogues import update_item

    update_item("lesson_kinds", "lecture", "Giảng lý thuyết", 1.5)
    return lambda: fn("lesson_kinds", "lecture")


@case("catalogues.set_item_active")
def _(fn):
    return lambda: fn("positions", "TTHON", False)


@case("catalogues.delete_item")
def _(fn):
    from app.services.catalogues import add_item

    add_item("positions", "BTDTN", "Bí thư Đoàn thanh niên thôn")
    return lambda: fn("positions", "BTDTN")


@case("catalogues.save_ethnic_aliases")
def _(fn):
    return lambda: fn("08", ["H'Mông", "Mèo", "Mông Lềnh"])


@case("catalogues.reset_ethnic_aliases")
def _(fn):
    from app.services.catalogues import save_ethnic_aliases

    save_ethnic_aliases("08", ["Mèo"])
    return lambda: fn("08")


@case("certificate_settings.store_positions")
def _(fn):
    from app.printing.blank import default_positions

    first = default_positions()[0]
    return lambda: fn({first.key: (first.x_mm + 5, first.y_mm, first.size_pt)}, paper="A5")


@case("certificate_settings.save_paper")
def _(fn):
    return lambda: fn("A5")


@case("certificates.issue_certificates")
def _(fn):
    from app.services.certificates import eligibility

    for course in Course.select().where(Course.status == "finished").order_by(Course.start_date.desc()):
        if course.program.certificate not in ("none", "external") and any(
                row.eligibility.eligible and not row.has_certificate for row in eligibility(course, TODAY)):
            return lambda: fn(course.code)
    raise AssertionError("the demo has no class waiting for certificates")


@case("certificates.cancel_certificate")
def _(fn):
    return lambda: fn(_certificate_text(_certificate()), "in sai họ tên")


@case("certificates.reissue_certificate")
def _(fn):
    return lambda: fn(_certificate_text(_certificate()), "học viên làm mất")


@case("certificates.record_reprint")
def _(fn):
    return lambda: fn([_certificate().id])


def _course_input(code: str = "NTVD-2026-99"):
    from app.services.courses import CourseInput

    return CourseInput(code, "NTVD", "Lớp thử", "14/12/2026", "18/12/2026", partner="Đảng ủy xã Thử Nghiệm")


@case("courses.find_or_create_organization")
def _(fn):
    def call():
        with store_db.write():
            return fn("Đảng ủy xã Thử Nghiệm")
    return call


@case("courses.add_course")
def _(fn):
    return lambda: fn(_course_input())


@case("courses.update_course")
def _(fn):
    course = _course("planned")
    return lambda: fn(course.id, _course_input(course.code))


@case("courses.cancel_course")
def _(fn):
    return lambda: fn(_course("planned").code, "thiếu học viên")


def _course_with_marks() -> Course:
    from app.store.models import Attendance

    return (Course.select().join(Enrollment).join(Attendance).where(Course.status == "running")
            .order_by(Course.start_date.desc()).first())


@case("courses.delete_course")
def _(fn):
    return lambda: fn(_course_with_marks().code, "nhập nhầm")


@case("enrolment.enrol_trainees")
def _(fn):
    course = _course("running")
    return lambda: fn(course.id, [_trainee_outside(course).id])


@case("enrolment.enrol_new_trainee")
def _(fn):
    from app.services.trainees import TraineeInput

    data = TraineeInput("Lò Văn Mới", "03/04/1992", "Nam", unit="Chi bộ thôn Thử Nghiệm")
    return lambda: fn(_course("running").id, data, confirmed=True)


@case("enrolment.remove_enrollment")
def _(fn):
    return lambda: fn(_running_enrollment().id, "đi công tác")


@case("enrolment.set_eligibility_override")
def _(fn):
    return lambda: fn(_running_enrollment().id, "vắng do đi công tác theo quyết định")


def _feedback_args():
    from app.services.feedback import template_info

    course = _course("running")
    lesson = Lesson.select().where(Lesson.course == course.id).order_by(Lesson.id).first()
    answers = [4] * len(template_info().questions)
    return course, lesson, answers


def _saved_feedback() -> int:
    from app.services.feedback import record_feedback

    course, lesson, answers = _feedback_args()
    return record_feedback(course.code, lesson.id, answers, form_no=901)


@case("feedback.record_feedback")
def _(fn):
    course, lesson, answers = _feedback_args()
    return lambda: fn(course.code, lesson.id, answers, form_no=900)


@case("feedback.update_feedback")
def _(fn):
    response_id = _saved_feedback()
    _, _, answers = _feedback_args()
    return lambda: fn(response_id, [3] * len(answers), "giảng hay")


@case("feedback.correct_feedback")
def _(fn):
    response_id = _saved_feedback()
    _, _, answers = _feedback_args()
    return lambda: fn(response_id, [2] * len(answers), form_no=902)


@case("feedback.delete_feedback")
def _(fn):
    response = FeedbackResponse.select().order_by(FeedbackResponse.id).first()
    return lambda: fn(response.id)


def _draft(code: str = "THU"):
    from app.services.feedback_templates import TemplateDraft

    return TemplateDraft(code, "Phiếu thử", ("Nội dung bài giảng", "Phương pháp"), ((2, "Tốt"), (1, "Chưa tốt")))


def _new_template() -> int:
    from app.services.feedback_templates import create_template

    return create_template(_draft())


@case("feedback_templates.create_template")
def _(fn):
    return lambda: fn(_draft())


@case("feedback_templates.save_template")
def _(fn):
    template_id = _new_template()
    return lambda: fn(template_id, replace(_draft(), name="Phiếu thử (sửa)"))


@case("feedback_templates.set_active")
def _(fn):
    template_id = _new_template()
    return lambda: fn(template_id, False)


@case("feedback_templates.delete_template")
def _(fn):
    template_id = _new_template()
    return lambda: fn(template_id, "tạo nhầm")


def _instructor() -> Instructor:
    return Instructor.select().order_by(Instructor.id).first()


@case("instructor_records.add_instructor")
def _(fn):
    from app.services.instructor_records import InstructorInput

    return lambda: fn(InstructorInput("Giảng viên Thử", birth_year=1980))


@case("instructor_records.update_instructor")
def _(fn):
    from app.services.instructor_records import instructor_input

    instructor = _instructor()
    return lambda: fn(instructor.id, replace(instructor_input(instructor.id), phone="0912 345 678"))


@case("instructor_records.add_award")
def _(fn):
    from app.services.instructor_records import AwardInput

    return lambda: fn(_instructor().id, AwardInput(2025))


@case("instructor_records.update_award")
def _(fn):
    from app.services.instructor_records import AwardInput

    award = Award.select().order_by(Award.id).first()
    return lambda: fn(award.id, AwardInput(2020, note="sửa năm"))


@case("instructor_records.delete_award")
def _(fn):
    return lambda: fn(Award.select().order_by(Award.id).first().id, "nhập nhầm")


@case("instructor_records.add_observation")
def _(fn):
    from app.services.instructor_records import ObservationInput

    return lambda: fn(_instructor().id, ObservationInput("01/10/2026", observers="Ban Giám đốc"))


@case("instructor_records.update_observation")
def _(fn):
    from app.services.instructor_records import observation_input

    found = Observation.select().order_by(Observation.id).first()
    return lambda: fn(found.id, replace(observation_input(found.id), strengths="chuẩn bị kỹ"))


@case("instructor_records.delete_observation")
def _(fn):
    return lambda: fn(Observation.select().order_by(Observation.id).first().id, "nhập nhầm")


@case("instructors.set_norm_values")
def _(fn):
    from app.services.instructors import norms_and_coefficients

    row = next(r for r in norms_and_coefficients() if r.kind == "teaching_norms")
    return lambda: fn({(row.kind, row.code): (row.value or 0) + 10})


def _lesson_input():
    from app.services.lessons import LessonInput

    return LessonInput("19/12/2026", "afternoon", "Bài thử", 4)


@case("lessons.add_lesson")
def _(fn):
    return lambda: fn(_course("planned").id, _lesson_input())


@case("lessons.update_lesson")
def _(fn):
    lesson = Lesson.select().where(Lesson.course == _course("planned").id).order_by(Lesson.id).first()
    return lambda: fn(lesson.id, replace(_lesson_input(), topic="Bài thử (sửa)"))


@case("lessons.delete_lesson")
def _(fn):
    from app.store.models import Attendance

    marked = Attendance.select(Attendance.lesson).join(Lesson).where(Lesson.course == _course_with_marks().id)
    return lambda: fn(marked.first().lesson_id)


@case("lessons.copy_timetable")
def _(fn):
    from app.services.courses import add_course

    source = (Course.select().join(Lesson).where(Course.status == "finished").group_by(Course.id)
              .order_by(Course.start_date.desc()).first())
    days = (source.end_date - source.start_date).days
    target = add_course(_course_input("NTVD-2026-98"))
    with store_db.write():
        Course.update(end_date=target.start_date + dt.timedelta(days=days + 30)).where(Course.id == target.id).execute()
    return lambda: fn(source.code, target.id)


@case("organizations.find_or_create")
def _(fn):
    def call():
        with store_db.write():
            return fn("Hội Cựu chiến binh xã Thử Nghiệm")
    return call


@case("organizations.add_organization")
def _(fn):
    from app.services.organizations import OrganizationInput

    return lambda: fn(OrganizationInput("Hội Cựu chiến binh xã Thử Nghiệm", aliases=["CCB Thử Nghiệm"]))


@case("organizations.update_organization")
def _(fn):
    from app.services.organizations import OrganizationInput
    from app.store.models import Organization

    org = Organization.select().order_by(Organization.id).first()
    return lambda: fn(org.id, OrganizationInput(org.name, org.kind, note="ghi chú thử"))


@case("photos.set_photo")
def _(fn):
    from tests.photo_helpers import small_png

    return lambda: fn(Trainee.select().order_by(Trainee.id).first().id, small_png())


@case("photos.remove_photo")
def _(fn):
    from app.services.photos import set_photo
    from tests.photo_helpers import small_png

    trainee = Trainee.select().order_by(Trainee.id).first()
    set_photo(trainee.id, small_png())
    return lambda: fn(trainee.id)


@case("plans.save_plan")
def _(fn):
    from app.services.plans import PlanInput, PlanItemInput

    data = PlanInput(2027, "KH-01", items=[PlanItemInput("NTVD", 2, 100, partner="Đảng ủy xã Thử Nghiệm")])
    return lambda: fn(data)


@case("results.set_attendance")
def _(fn):
    enrollment = _running_enrollment()
    lesson = Lesson.select().where(Lesson.course == enrollment.course_id).order_by(Lesson.id.desc()).first()
    return lambda: fn(enrollment.id, lesson.id, "P")


@case("results.set_score")
def _(fn):
    enrollment = _scored_enrollment()
    score = "6,5" if enrollment.score != 6.5 else "8"
    return lambda: fn(enrollment.id, score)


def _band_for(enrollment: Enrollment) -> str:
    from app.services.results import bands_for_program

    return next(b.code for b in bands_for_program(enrollment.course.program) if b.code != enrollment.result_code)


@case("results.override_result")
def _(fn):
    enrollment = _scored_enrollment()
    return lambda: fn(enrollment.id, _band_for(enrollment), "phúc khảo")


@case("results.clear_override")
def _(fn):
    from app.services.results import override_result

    enrollment = _scored_enrollment()
    override_result(enrollment.id, _band_for(enrollment), "phúc khảo")
    return lambda: fn(enrollment.id)


def _sheet(path: Path, header: list[str], rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@case("roster_import.commit_roster")
def _(fn):
    from app.services.roster_import import preview_roster

    course = _course("planned")
    path = _sheet(Path(database.database).parent / "ds.xlsx",
                  ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số CCCD", "Chức vụ, đơn vị công tác"],
                  [[1, "Thào A Thử", "12/04/1985", "Nam", "Mông", "", "Trưởng thôn Thử Nghiệm"]])
    preview = preview_roster(path, course.code)
    return lambda: fn(preview)


@case("history_import.commit_history")
def _(fn):
    from app.exchange.history_workbook import template_workbook
    from app.services.history_import import preview_history

    workbook = template_workbook()
    classes, roster, registry = workbook.worksheets
    classes.append(["LS-CU-01", "NQ", "Lớp cũ", "10/09/2019", "11/09/2019", "", "Xã Thử Cũ"])
    roster.append([1, "LS-CU-01", "Thào A Cũ", "12/04/1985", "Nam", "Mông", "", "", "Xã Thử Cũ"])
    registry.append(["0901/2019", "Thào A Cũ", "12/04/1985", "LS-CU-01", "20/09/2019"])
    path = Path(database.database).parent / "ho-so-cu.xlsx"
    workbook.save(path)
    preview = preview_history(path)
    assert not preview.problems, preview.problems
    return lambda: fn(preview)


@case("scores_import.commit_scores")
def _(fn):
    from app.domain.formatting import format_birth
    from app.services.scores_import import preview_scores

    enrollment = _scored_enrollment()
    trainee = enrollment.trainee
    score = 6.5 if enrollment.score != 6.5 else 8
    path = _sheet(Path(database.database).parent / "diem.xlsx", ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Điểm"],
                  [[1, trainee.full_name, format_birth(trainee.birth_date, trainee.birth_year),
                    trainee.citizen_id or "", score]])
    preview = preview_scores(path, enrollment.course.code)
    return lambda: fn(preview)


@case("backup.save_backup_policy")
def _(fn):
    from app.domain.rotation import RotationPolicy

    return lambda: fn(RotationPolicy(max_mb=500))


@case("centre_code.freeze_centre_code")
def _(fn):
    def call():
        with store_db.write():
            fn()
    return call


@case("centre_code.save_institution_and_code")
def _(fn):
    from app.services.settings import get_institution

    # The demo has certificates: its code is frozen, so None (the code unchanged) with a new phone.
    return lambda: fn(replace(get_institution(), phone="0214 3796 124"), None)


@case("settings.put_setting")
def _(fn):
    def call():
        with store_db.write():
            fn("thu.nghiem", {"a": 1})
    return call


@case("settings.save_institution")
def _(fn):
    from app.services.settings import get_institution

    return lambda: fn(replace(get_institution(), phone="0214 3796 123"))


@case("settings.mark_setup_done")
def _(fn):
    return fn


@case("certificate_settings.set_next_number")
def _(fn):
    from app.services.certificate_settings import next_number

    return lambda: fn(TODAY.year, next_number(TODAY.year) + 50)


@case("settings.save_report_recipients")
def _(fn):
    return lambda: fn(["Ban Tuyên giáo Huyện ủy;", "Lưu: VT."])


@case("trainees.add_trainee")
def _(fn):
    from app.services.trainees import TraineeInput

    return lambda: fn(TraineeInput("Lò Văn Thử", "01/02/1991", "Nam", unit="Hội Nông dân xã Thử Nghiệm"),
                      confirmed=True)


@case("trainees.update_trainee")
def _(fn):
    from app.services.enrolment import trainee_input

    trainee = Trainee.select().order_by(Trainee.id).first()
    return lambda: fn(trainee.id, replace(trainee_input(trainee.id), phone="0988 000 111",
                                          unit="Chi bộ thôn Thử Nghiệm"), confirmed=True)


@case("trainees.merge_trainees")
def _(fn):
    from app.services.enrolment import enrol_trainees

    keep, other = _new_trainee(), _new_trainee("Lò Văn Thử")
    enrol_trainees(_course("running").id, [other.id])
    return lambda: fn(keep.id, other.id, "một người hai hồ sơ")


@case("trainees.delete_trainee")
def _(fn):
    trainee = _new_trainee()
    return lambda: fn(trainee.id, "nhập nhầm")


# Declared, but not run here: a restore replaces the whole database file (and the connection
# the triggers live on); DATABASE, which every screen refreshes on, is what it must declare.
WHOLE_DATABASE = {"backup.restore_from", "backup.restore_path", "backup.finish_restore"}


# --- the checks ---------------------------------------------------------------------------------


def test_every_declared_writer_has_a_case_and_no_case_is_stale():
    assert sorted(set(WRITERS) - WHOLE_DATABASE) == sorted(CASES)


def test_a_restore_declares_the_whole_database():
    for key in WHOLE_DATABASE:
        assert declared(WRITERS[key]) == {Topic.DATABASE}


def test_every_table_has_one_topic():
    assert set(TABLE_TOPICS) == set(ALL_MODELS)
    assert topic_of_table("sqlite_sequence") is None
    with pytest.raises(KeyError):
        topic_of_table("bang_moi")


@pytest.mark.parametrize("key", sorted(CASES))
def test_a_writer_declares_every_table_it_writes(key, request):
    fixture = "session" if key in EMPTY_DATABASE else "demo_session"
    request.getfixturevalue(fixture)
    from app.services import auth

    try:
        fn = WRITERS[key]
        call = CASES[key](fn)
        _arm()
        result = call()
        written = _written()
    finally:
        auth.sign_out()
    assert written, f"{key}: the case wrote nothing, so it proves nothing"
    missing = _topics(written) - changes_of(fn, result)
    assert not missing, f"{key} wrote {sorted(written)} but does not declare {sorted(missing)}"


@pytest.mark.sqlite_only(reason="it watches writes with SQLite TEMP triggers")
def test_the_triggers_note_real_writes_only(demo_session):
    """An UPDATE that matches no row, and a write rolled back, note nothing; a real one notes its table."""
    _arm()
    Course.update(note="x").where(Course.id == -1).execute()
    with pytest.raises(RuntimeError), database.atomic():
        Course.update(note="x").where(Course.id == Course.select(Course.id).limit(1)).execute()
        raise RuntimeError
    assert _written() == set()
    with store_db.write():  # bumps the revision row, which is bookkeeping
        Course.update(note="x").where(Course.id == Course.select(Course.id).limit(1)).execute()
    assert _written() == {"course"}


def test_a_result_may_narrow_but_never_widen_what_is_declared():
    from app.services.enrolment import EnrolResult, enrol_trainees

    assert changes_of(enrol_trainees, EnrolResult(0, 1)) == frozenset()
    assert changes_of(enrol_trainees, EnrolResult(1, 0)) == {Topic.ENROLLMENTS}

    class Wider:
        changes = frozenset({Topic.COURSES})

    with pytest.raises(ValueError):
        changes_of(enrol_trainees, Wider())
    with pytest.raises(TypeError):
        changes_of(lambda: None)


@pytest.mark.sqlite_only(reason="it watches writes with SQLite TEMP triggers")
def test_enrolling_nobody_new_reports_no_change(demo_session):
    from app.services.enrolment import enrol_trainees

    enrollment = _running_enrollment()
    _arm()
    result = enrol_trainees(enrollment.course_id, [enrollment.trainee_id])
    assert (result.enrolled, result.already) == (0, 1)
    assert _written() == set()
    assert changes_of(enrol_trainees, result) == frozenset()


# --- services without a declaration do not write ------------------------------------------------

# Public functions that write without a declaration, and why that is right.
UNDECLARED_WRITERS = {
    # Opening a database creates or upgrades it and loads the catalogues: no screen is open yet.
    "session.open_session",
    "session.open_server",  # the same for a database on a server
    # Fills a new server database from a file (the command line's copy-to); the open session's
    # database is not written.
    "transfer.copy_to_server",
}
WRITE_METHODS = {"create", "insert", "insert_many", "insert_from", "replace", "replace_many", "update", "delete",
                 "bulk_create", "bulk_update", "get_or_create"}
INSTANCE_WRITES = {"delete_instance", "save"}


def _resolve(node: ast.AST, names: dict) -> object:
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, names)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def _names_in(fn: Callable) -> dict:
    """The function's globals, plus what it imports inside its body."""
    names = dict(fn.__globals__)
    for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(fn)))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            module = importlib.import_module(node.module)
            for alias in node.names:
                names[alias.asname or alias.name] = getattr(module, alias.name, None) or importlib.import_module(
                    f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = importlib.import_module(alias.name.split(".")[0])
    return names


def may_write(fn: Callable, seen: set | None = None) -> bool:
    """Whether ``fn`` (or a service function it calls) writes: opens a write, calls a peewee write
    on a model, saves or deletes a model instance, or calls a declared writer."""
    seen = set() if seen is None else seen
    if fn in seen:
        return False
    seen.add(fn)
    names = _names_in(fn)
    for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(fn)))):
        if not isinstance(node, ast.Call):
            continue
        target = _resolve(node.func, names)
        if target is not None and (is_writer(target) or target in (store_db.write, database.atomic)):
            return True
        if isinstance(node.func, ast.Attribute):
            if node.func.attr in INSTANCE_WRITES or node.func.attr == "atomic":
                return True
            owner = _resolve(node.func.value, names)
            if node.func.attr in WRITE_METHODS and inspect.isclass(owner) and issubclass(owner, peewee.Model):
                return True
        if (inspect.isfunction(target) and target.__module__.startswith("app.services.")
                and not target.__module__.rsplit(".", 1)[-1].startswith(SKIPPED_MODULES)
                and may_write(target, seen)):
            return True
    return False


def test_the_code_reading_finds_every_declared_writer():
    """The reader that looks for undeclared writers must at least see the declared ones."""
    unseen = [key for key, fn in WRITERS.items() if key not in WHOLE_DATABASE and not may_write(fn)]
    assert unseen == []


def test_no_public_service_writes_without_a_declaration():
    undeclared = sorted(key for key, fn in READERS.items() if may_write(fn))
    assert undeclared == sorted(UNDECLARED_WRITERS)


@pytest.mark.sqlite_only(reason="it watches writes with SQLite TEMP triggers")
def test_the_reads_the_screens_make_write_nothing(demo_session):
    """The list, report and document queries, run with the triggers armed."""
    from app.outputs.printouts import class_document, registry_document
    from app.outputs.reports import REPORT_KINDS, build_report
    from app.services import lists

    course = _course("finished")
    trainee = Enrollment.select().where(Enrollment.course == course.id).first().trainee
    _arm()
    calls = 0
    for key, fn in READERS.items():
        if not inspect.signature(fn).parameters or all(
                p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                for p in inspect.signature(fn).parameters.values()):
            if key in UNDECLARED_WRITERS or key.startswith("auth.sign"):
                continue
            fn()
            calls += 1
    lists.courses(2026)
    lists.trainee_rows(lists.trainee_ids("Lò"))
    for kind in REPORT_KINDS:
        if kind.code == "history":
            build_report(kind.code, trainee=trainee.citizen_id or trainee.full_name, today=TODAY)
        else:
            build_report(kind.code, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    for key in ("class-list", "sign-in", "attendance", "results", "timetable", "receipt"):
        try:
            class_document(key, course.code)
        except UserError:
            assert key == "receipt"  # refused for a class without certificates, writing nothing
    registry_document(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert calls > 10
    assert _written() == set()
