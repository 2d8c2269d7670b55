"""Rows for the class documents (lists, sheets, results), built once for PDF, Excel and screen.

:mod:`app.outputs.printouts` lays them out (:mod:`app.printing.class_tables`) by document name."""

from __future__ import annotations

import datetime as dt

from peewee import JOIN, Case, Tuple, fn

from app.domain.documents import (
    AttendanceRow,
    CertificateRow,
    ClassListRow,
    CompletionRule,
    CourseHeading,
    LessonHeading,
    RegistryFacts,
    RegistryRow,
    ResultRow,
)
from app.domain.formatting import format_birth, format_span, position_and_unit
from app.domain.tables import RowSource
from app.services.courses import find_course
from app.services.results import band_name, band_names
from app.store.models import (
    Attendance,
    Certificate,
    Course,
    Enrollment,
    EthnicGroup,
    Instructor,
    Lesson,
    Organization,
    Program,
    Trainee,
    lesson_order,
)

GENDER_NAMES = {"M": "Nam", "F": "Nữ"}


def course_heading(course: Course) -> CourseHeading:
    return CourseHeading(code=course.code, name=course.name, program_name=course.program.name,
                         start_date=course.start_date, end_date=course.end_date, venue=course.venue or "",
                         partner=course.partner.name if course.partner_id else "")


def _position_unit(position: str | None, unit: str | None) -> str:
    return position_and_unit(position, unit)


def class_list(course_code: str) -> tuple[CourseHeading, list[ClassListRow]]:
    """The class's trainees in Vietnamese name order, with the names the class was made with."""
    course = find_course(course_code)
    query = (Enrollment
             .select(Enrollment, Trainee, EthnicGroup, Organization)
             .join(Trainee)
             .join(EthnicGroup, JOIN.LEFT_OUTER).switch(Trainee)
             .join(Organization, JOIN.LEFT_OUTER)
             .where(Enrollment.course == course.id)
             .order_by(Trainee.sort_key))
    rows = []
    for enrollment in query:
        trainee = enrollment.trainee
        unit = enrollment.unit_at_time or (trainee.organization.name if trainee.organization_id else
                                          trainee.unit_text)
        position = enrollment.position_at_time or trainee.position
        rows.append(ClassListRow(
            full_name=trainee.full_name,
            birth=format_birth(trainee.birth_date, trainee.birth_year),
            gender=GENDER_NAMES.get(trainee.gender or "", ""),
            ethnic_group=trainee.ethnic_group.name if trainee.ethnic_group_id else "",
            position_unit=_position_unit(position, unit),
            party_member=trainee.party_member,
            note=enrollment.note or "",
            trainee_id=trainee.id,
        ))
    return course_heading(course), rows


def certificate_rows(course_code: str, *, with_photos: bool = False) -> list[CertificateRow]:
    """The class's issued (not cancelled) certificates, in Vietnamese name order (with each
    holder's photo, when on file, for ``with_photos``)."""
    from app.services.certificates import number_text
    from app.services.photos import photos_of

    course = find_course(course_code)
    bands = band_names()
    query = (Certificate
             .select(Certificate, Enrollment, Trainee, Organization)
             .join(Enrollment).join(Trainee).join(Organization, JOIN.LEFT_OUTER)
             .where(Enrollment.course == course.id, Certificate.status == "issued")
             .order_by(Trainee.sort_key))
    certificates = list(query)
    photos = photos_of(c.enrollment.trainee_id for c in certificates) if with_photos else {}
    rows = []
    for certificate in certificates:
        enrollment = certificate.enrollment
        trainee = enrollment.trainee
        unit = enrollment.unit_at_time or (trainee.organization.name if trainee.organization_id else
                                          trainee.unit_text) or ""
        number = number_text(certificate.number, certificate.year)
        rows.append(CertificateRow(
            number=number, serial=certificate.serial or number, full_name=trainee.full_name,
            birth=format_birth(trainee.birth_date, trainee.birth_year), unit=unit, course_name=course.name,
            start_date=course.start_date, end_date=course.end_date, venue=course.venue or "",
            result=band_name(bands, course.program_id, enrollment.result_code) if course.program.scored else "",
            issued_on=certificate.issued_on, photo=photos.get(trainee.id)))
    return rows


def registry(start: dt.date, end: dt.date) -> list[RegistryRow]:
    """Every certificate issued in the period (cancelled ones too, marked), by year and number."""
    from app.services.certificates import number_text

    bands = band_names()
    Original = Certificate.alias()
    query = (Certificate
             .select(Certificate, Enrollment, Trainee, Course, Program, EthnicGroup, Organization, Original)
             .join(Enrollment).join(Trainee)
             .join(EthnicGroup, JOIN.LEFT_OUTER).switch(Trainee)
             .join(Organization, JOIN.LEFT_OUTER).switch(Enrollment)
             .join(Course).join(Program).switch(Certificate)
             .join(Original, JOIN.LEFT_OUTER, on=(Certificate.reissue_of == Original.id))
             .where(Certificate.issued_on.between(start, end))
             .order_by(Certificate.year, Certificate.number))
    rows = []
    for cert in query:
        enrollment, trainee, course = cert.enrollment, cert.enrollment.trainee, cert.enrollment.course
        notes = []
        if cert.reissue_of_id:
            notes.append(f"Cấp lại số {number_text(cert.reissue_of.number, cert.reissue_of.year)}"
                         + (f" ({cert.reissue_reason})" if cert.reissue_reason else ""))
        if cert.status == "cancelled":
            notes.append(f"Đã hủy: {cert.cancel_reason}")
        number = number_text(cert.number, cert.year)
        unit = enrollment.unit_at_time or (trainee.organization.name if trainee.organization_id else
                                          trainee.unit_text) or ""
        rows.append(RegistryRow(
            serial=cert.serial or number, number=number, full_name=trainee.full_name,
            birth=format_birth(trainee.birth_date, trainee.birth_year),
            gender=GENDER_NAMES.get(trainee.gender or "", ""),
            ethnic_group=trainee.ethnic_group.name if trainee.ethnic_group_id else "", unit=unit,
            course_name=course.name, course_code=course.code,
            period=format_span(course.start_date, course.end_date),
            result=band_name(bands, course.program_id, enrollment.result_code) if course.program.scored else "",
            issued_on=cert.issued_on, note="; ".join(notes)))
    return rows


REGISTRY_BLOCK = 1000  # certificates read at a time when the registry is streamed


def registry_source(start: dt.date, end: dt.date) -> tuple[RowSource, RegistryFacts]:
    """The rows of :func:`registry`, streamed: read a block of :data:`REGISTRY_BLOCK` certificates
    at a time (by year and number, from the last one read), as plain tuples, each time the source
    is walked; and the facts the layout needs, from one aggregate query."""
    from app.services.certificates import number_text

    period = Certificate.issued_on.between(start, end)
    count, serials, dates, years = (Certificate
                                    .select(fn.COUNT(Certificate.id),
                                            # SUM(CASE …), not SQLite's TOTAL: the same SQL on a server
                                            fn.SUM(Case(None, [(Certificate.serial.is_null(False), 1)], 0)),
                                            fn.SUM(Case(None, [(Trainee.birth_date.is_null(False), 1)], 0)),
                                            fn.SUM(Case(None, [(Trainee.birth_date.is_null()
                                                                & Trainee.birth_year.is_null(False), 1)], 0)))
                                    .join(Enrollment).join(Trainee).where(period).tuples().get())
    births = (("01/01/2000",) if dates else ()) + (("2000",) if years else ())
    if serials:  # a serial equal to its number is no serial of its own
        given = (Certificate.select(Certificate.serial, Certificate.number, Certificate.year)
                 .where(period, Certificate.serial.is_null(False)).tuples())
        serials = any(serial != number_text(number, year) for serial, number, year in given.iterator())
    bands = band_names()
    Original = Certificate.alias()
    columns = (Certificate.year, Certificate.number, Certificate.serial, Certificate.status, Certificate.cancel_reason,
               Certificate.issued_on, Certificate.reissue_of, Certificate.reissue_reason, Original.number,
               Original.year, Trainee.full_name, Trainee.birth_date, Trainee.birth_year, Trainee.gender,
               EthnicGroup.name, Enrollment.unit_at_time, Organization.name, Trainee.unit_text, Course.name,
               Course.code, Course.start_date, Course.end_date, Program.scored, Enrollment.result_code, Course.program)

    def block(after: tuple[int, int] | None) -> list[RegistryRow]:
        query = (Certificate.select(*columns)
                 .join(Enrollment).join(Trainee)
                 .join(EthnicGroup, JOIN.LEFT_OUTER).switch(Trainee)
                 .join(Organization, JOIN.LEFT_OUTER).switch(Enrollment)
                 .join(Course).join(Program).switch(Certificate)
                 .join(Original, JOIN.LEFT_OUTER, on=(Certificate.reissue_of == Original.id))
                 .where(period))
        if after is not None:
            query = query.where(Tuple(Certificate.year, Certificate.number) > Tuple(*after))
        rows = []
        for (year, number, serial, status, cancel_reason, issued_on, reissue_of, reissue_reason, old_number,
             old_year, full_name, birth_date, birth_year, gender, ethnic, unit_at_time, organization, unit_text,
             course_name, course_code, course_start, course_end, scored, result_code, program_id) in (
                query.order_by(Certificate.year, Certificate.number).limit(REGISTRY_BLOCK).tuples().iterator()):
            notes = []
            if reissue_of:
                notes.append(f"Cấp lại số {number_text(old_number, old_year)}"
                             + (f" ({reissue_reason})" if reissue_reason else ""))
            if status == "cancelled":
                notes.append(f"Đã hủy: {cancel_reason}")
            text = number_text(number, year)
            rows.append(RegistryRow(
                serial=serial or text, number=text, full_name=full_name, birth=format_birth(birth_date, birth_year),
                gender=GENDER_NAMES.get(gender or "", ""), ethnic_group=ethnic or "",
                unit=unit_at_time or organization or unit_text or "", course_name=course_name, course_code=course_code,
                period=format_span(course_start, course_end),
                result=band_name(bands, program_id, result_code) if scored else "", issued_on=issued_on,
                note="; ".join(notes), year=year, sequence=number))
        return rows

    def blocks():
        after = None
        while True:
            rows = block(after)
            if not rows:
                return
            yield rows
            if len(rows) < REGISTRY_BLOCK:
                return
            after = (rows[-1].year, rows[-1].sequence)

    return RowSource(count, blocks), RegistryFacts(count, bool(serials), births)


def _lessons(course: Course) -> list[LessonHeading]:
    query = (Lesson.select(Lesson, Instructor).join(Instructor, JOIN.LEFT_OUTER)
             .where(Lesson.course == course.id).order_by(*lesson_order()))
    return [LessonHeading(x.date, x.session, x.topic, x.periods, x.instructor.full_name if x.instructor_id else "")
            for x in query]


def attendance_rows(course: Course) -> tuple[list[LessonHeading], list[AttendanceRow]]:
    from app.services.results import attendance_grid

    lessons, grid = attendance_grid(course.id)
    headings = _lessons(course)
    rows = [AttendanceRow(r.full_name, r.birth, tuple(r.marks.get(x.id, "") for x in lessons)) for r in grid]
    return headings, rows


def result_rows(course: Course) -> tuple[list[ResultRow], list[str], CompletionRule]:
    from app.services.results import bands_for_program

    every = bands_for_program(course.program)
    bands = [b for b in every if b.enabled]
    names = {b.code: b.name for b in every}  # a result recorded with a band retired since keeps its name
    absences = (Attendance.select(fn.COUNT(Attendance.id))
                .where(Attendance.enrollment == Enrollment.id, Attendance.mark.in_(("P", "K"))))
    query = (Enrollment.select(Enrollment, Trainee, Organization, absences.alias("absent")).join(Trainee)
             .join(Organization, JOIN.LEFT_OUTER).where(Enrollment.course == course.id).order_by(Trainee.sort_key))
    rows = []
    for e in query:
        t = e.trainee
        unit = e.unit_at_time or (t.organization.name if t.organization_id else t.unit_text) or ""
        note = "Sửa kết quả: " + e.result_override_reason if e.result_override_reason else (e.note or "")
        rows.append(ResultRow(t.full_name, format_birth(t.birth_date, t.birth_year), unit,
                              float(e.score) if e.score is not None else None, names.get(e.result_code or "", ""),
                              note, completed=bool(e.completed), absences=e.absent or 0,
                              absence_excused=bool(e.eligibility_override_reason)))
    ordered = [b.name for b in sorted(bands, key=lambda b: b.min_score, reverse=True)]
    rule = CompletionRule(scored=course.program.scored, threshold_pct=course.program.absence_threshold_pct,
                          lessons=Lesson.select().where(Lesson.course == course.id).count())
    return rows, ordered, rule


def attendance_sheet(course_code: str) -> tuple[CourseHeading, list[LessonHeading], list[AttendanceRow]]:
    """The class, its lessons in order, and each trainee's marks (Sổ điểm danh)."""
    course = find_course(course_code)
    return (course_heading(course), *attendance_rows(course))


def results_sheet(course_code: str) -> tuple[CourseHeading, list[ResultRow], list[str], CompletionRule]:
    """The class, each trainee's score and result, the program's band names best first, and how
    the class is judged (bands, or completion for programs without scores)."""
    course = find_course(course_code)
    return (course_heading(course), *result_rows(course))


def timetable(course_code: str) -> tuple[CourseHeading, list[LessonHeading]]:
    """The class and its lessons in order, with their instructors (Lịch học)."""
    course = find_course(course_code)
    return course_heading(course), _lessons(course)


def receipt(course_code: str) -> tuple[CourseHeading, list[CertificateRow]]:
    """The class and its issued certificates (Danh sách nhận giấy chứng nhận)."""
    return course_heading(find_course(course_code)), certificate_rows(course_code)
