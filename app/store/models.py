"""Peewee models for the whole domain (SPEC §2).

Text columns go through :mod:`app.store.fields` so they are stored NFC-normalised. People carry
a folded ``search_key`` (for diacritic-insensitive search) and a ``sort_key`` (Vietnamese name
order) computed by :mod:`app.domain.text`; :func:`person_keys` is the one place they are made.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from peewee import (
    SQL,
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    Check,
    DatabaseProxy,
    DateField,
    DateTimeField,
    DecimalField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)

from app.domain.text import clean, fold, name_sort_key, split_name
from app.store.fields import CleanCharField, CleanTextField, KeyField


# The models' database: a proxy that ``app.store.db.bind`` points at an SQLite file (the default,
# this unbound ``SqliteDatabase`` re-initialised on each bind) or a PostgreSQL server
# (``app.store.backend``).
class _Proxy(DatabaseProxy):
    """peewee's proxy, but an attribute set on it lands on the database it stands for (as when
    ``database`` was the database itself: tests count queries by wrapping ``execute_sql``)."""

    def __setattr__(self, attr: str, value: Any) -> None:
        if attr in DatabaseProxy.__slots__:
            super().__setattr__(attr, value)
        else:
            setattr(self.obj, attr, value)

    def __delattr__(self, attr: str) -> None:
        delattr(self.obj, attr)


sqlite_database = SqliteDatabase(None)
database = _Proxy()
database.initialize(sqlite_database)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


# --- settings and catalogues ---------------------------------------------------------------


class Setting(BaseModel):
    """Key/value settings: the institution (name, parent body, place, director, header style…)."""

    key = CleanCharField(primary_key=True)
    value = TextField(null=True)  # JSON


class Program(BaseModel):
    """A kind of course (Chương trình / Loại lớp)."""

    code = CleanCharField(unique=True)
    name = CleanCharField()
    audience = CleanCharField(null=True)
    typical_days = IntegerField(null=True)
    periods = IntegerField(null=True)
    scored = BooleanField(default=True)
    certificate = CleanCharField(default="gcn")  # gcn | diploma | external | optional | none
    certificate_validity_months = IntegerField(null=True)
    absence_threshold_pct = FloatField(default=20.0)
    sort_order = IntegerField(default=0)
    active = BooleanField(default=True)


class ResultBand(BaseModel):
    """A result band of a 10-point score; ``program`` NULL is the default set."""

    program = ForeignKeyField(Program, null=True, backref="bands", on_delete="CASCADE")
    code = CleanCharField()
    name = CleanCharField()
    min_score = FloatField()
    passing = BooleanField(default=True)
    enabled = BooleanField(default=True)

    class Meta:
        indexes = ((("program", "code"), True),)


class EthnicGroup(BaseModel):
    code = CleanCharField(unique=True)
    name = CleanCharField()
    aliases = CleanTextField(null=True)  # JSON list
    sort_order = IntegerField(default=0)


class Province(BaseModel):
    """Province codes of the citizen ID (first three digits)."""

    code = CleanCharField(unique=True)
    name = CleanCharField()


class CatalogueItem(BaseModel):
    """Small pick-lists: theory levels, positions, genders, marks, ratings, norms…"""

    kind = CleanCharField()
    code = CleanCharField()
    name = CleanCharField()
    value = FloatField(null=True)  # hours of a norm, coefficient of a kind of lesson
    sort_order = IntegerField(default=0)
    active = BooleanField(default=True)

    class Meta:
        indexes = ((("kind", "code"), True),)


class Organization(BaseModel):
    """Communes, agencies, party committees, mass organisations, schools."""

    name = CleanCharField()
    kind = CleanCharField(default="other")
    search_key = CharField(index=True)
    aliases = CleanTextField(null=True)  # JSON list
    active = BooleanField(default=True)
    note = CleanTextField(null=True)


# --- plans and courses ---------------------------------------------------------------------


class AnnualPlan(BaseModel):
    year = IntegerField(unique=True)
    document_number = CleanCharField(null=True)
    approved_on = DateField(null=True)
    note = CleanTextField(null=True)


class PlanItem(BaseModel):
    plan = ForeignKeyField(AnnualPlan, backref="items", on_delete="CASCADE")
    program = ForeignKeyField(Program, backref="plan_items")
    classes = IntegerField(default=1, constraints=[Check("classes >= 0")])
    trainees = IntegerField(default=0, constraints=[Check("trainees >= 0")])
    partner = ForeignKeyField(Organization, null=True, backref="plan_items")
    month = IntegerField(null=True, constraints=[Check("month IS NULL OR month BETWEEN 1 AND 12")])
    note = CleanTextField(null=True)


COURSE_STATUSES = ("planned", "running", "finished", "cancelled")


class Course(BaseModel):
    """One run of a program (Lớp)."""

    code = CleanCharField(unique=True)
    program = ForeignKeyField(Program, backref="courses")
    name = CleanCharField()
    start_date = DateField(index=True)
    end_date = DateField()
    venue = CleanCharField(null=True)
    partner = ForeignKeyField(Organization, null=True, backref="courses")
    decision_number = CleanCharField(null=True)
    decision_date = DateField(null=True)
    monitor = CleanCharField(null=True)
    status = CleanCharField(default="planned", constraints=[Check(
        "status IN ('planned', 'running', 'finished', 'cancelled')")])
    cancel_reason = CleanTextField(null=True)
    note = CleanTextField(null=True)
    created_at = DateTimeField(default=_now)

    class Meta:
        constraints = (Check("end_date >= start_date"),)


class Instructor(BaseModel):
    full_name = CleanCharField()
    # Derived keys: plain fields, since clean() would strip the separators of the sort key.
    search_key = CharField(index=True)
    sort_key = KeyField(index=True)  # any length (fields.KeyField)
    kind = CleanCharField(default="part_time", constraints=[Check(
        "kind IN ('full_time', 'part_time')")])
    gender = CleanCharField(null=True)
    birth_year = IntegerField(null=True)
    position = CleanCharField(null=True)
    unit = CleanCharField(null=True)
    degree = CleanCharField(null=True)
    theory_level = CleanCharField(null=True)
    norm_code = CleanCharField(null=True)  # CatalogueItem(kind='teaching_norms').code
    phone = CleanCharField(null=True)
    active = BooleanField(default=True)
    note = CleanTextField(null=True)


LESSON_SESSIONS = ("morning", "afternoon", "evening")


def lesson_order() -> tuple[Any, Any, Any]:
    """Lessons in teaching order: by date, then morning before afternoon before evening."""
    from peewee import Case

    session_rank = Case(Lesson.session, [(name, rank) for rank, name in enumerate(LESSON_SESSIONS)], 9)
    return (Lesson.date, session_rank, Lesson.id)


class Lesson(BaseModel):
    """One taught topic in a class (Chuyên đề / buổi học)."""

    course = ForeignKeyField(Course, backref="lessons", on_delete="CASCADE")
    date = DateField()
    session = CleanCharField(default="morning", constraints=[Check(
        "session IN ('morning', 'afternoon', 'evening')")])
    topic = CleanCharField()
    periods = IntegerField(default=4, constraints=[Check("periods >= 0")])
    kind = CleanCharField(default="lecture")  # CatalogueItem(kind='lesson_kinds').code
    instructor = ForeignKeyField(Instructor, null=True, backref="lessons", on_delete="SET NULL")

    class Meta:
        indexes = ((("course", "date", "session"), False),)


# --- people --------------------------------------------------------------------------------


class Trainee(BaseModel):
    """A person who attends classes, kept once across all classes (Học viên)."""

    full_name = CleanCharField()
    # Derived keys: plain fields, since clean() would strip the separators of the sort key.
    search_key = CharField(index=True)
    sort_key = KeyField(index=True)  # any length (fields.KeyField)
    birth_date = DateField(null=True)
    birth_year = IntegerField(null=True, index=True)
    gender = CleanCharField(null=True)  # M | F
    ethnic_group = ForeignKeyField(EthnicGroup, null=True, backref="trainees")
    citizen_id = CleanCharField(null=True, unique=True)
    old_id_number = CleanCharField(null=True)
    party_member = BooleanField(default=False)
    # A probationary member (đảng viên dự bị) is a party member not yet confirmed (schema version 4);
    # SQL's default too, so bulk inserts that do not name the column stay valid.
    # FALSE, not 0: PostgreSQL refuses an integer default on a boolean (SQLite reads FALSE as 0).
    party_probationary = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])
    party_joined_on = DateField(null=True)
    position = CleanCharField(null=True)
    organization = ForeignKeyField(Organization, null=True, backref="trainees")
    unit_text = CleanCharField(null=True)  # the workplace as written when no catalogue match
    theory_level = CleanCharField(null=True)
    phone = CleanCharField(null=True)
    note = CleanTextField(null=True)
    created_at = DateTimeField(default=_now)

    class Meta:
        # The Học viên filter reads the distinct workplaces typed as text from this index alone.
        indexes = ((("organization", "unit_text"), False),)


def person_keys(full_name: str, birth_date: dt.date | None = None,
                birth_year: int | None = None) -> dict[str, str]:
    """The derived columns of a person: cleaned name, folded search key, Vietnamese sort key."""
    name = clean(full_name)
    if birth_date is not None:
        birth_key = birth_date.isoformat()
    elif birth_year is not None:
        birth_key = f"{birth_year:04d}"
    else:
        birth_key = ""
    return {"full_name": name, "search_key": fold(name), "sort_key": name_sort_key(name, birth_key)}


def given_name(full_name: str) -> str:
    return split_name(full_name)[2]


RESULT_SOURCES = ("computed", "override")


class Enrollment(BaseModel):
    """A trainee in a class (Ghi danh): result, completion, certificate eligibility."""

    course = ForeignKeyField(Course, backref="enrollments", on_delete="CASCADE")
    trainee = ForeignKeyField(Trainee, backref="enrollments")
    position_at_time = CleanCharField(null=True)  # a historical record keeps its names
    unit_at_time = CleanCharField(null=True)
    score = DecimalField(null=True, max_digits=4, decimal_places=1, constraints=[Check(
        "score IS NULL OR (score >= 0 AND score <= 10)")])
    result_code = CleanCharField(null=True)  # ResultBand.code
    result_override_reason = CleanTextField(null=True)
    completed = BooleanField(default=False)
    eligibility_override_reason = CleanTextField(null=True)
    note = CleanTextField(null=True)
    enrolled_at = DateTimeField(default=_now)

    class Meta:
        indexes = ((("course", "trainee"), True),)


ATTENDANCE_MARKS = ("x", "P", "K")


class Attendance(BaseModel):
    enrollment = ForeignKeyField(Enrollment, backref="attendance", on_delete="CASCADE")
    lesson = ForeignKeyField(Lesson, backref="attendance", on_delete="CASCADE")
    mark = CleanCharField(constraints=[Check("mark IN ('x', 'P', 'K')")])

    class Meta:
        indexes = ((("enrollment", "lesson"), True),)


class Award(BaseModel):
    """A competition prize or commendation of an instructor."""

    instructor = ForeignKeyField(Instructor, backref="awards", on_delete="CASCADE")
    year = IntegerField()
    title = CleanCharField()  # e.g. "Hội thi giảng viên lý luận chính trị giỏi"
    level = CleanCharField(null=True)  # CatalogueItem(kind='award_levels')
    prize = CleanCharField(null=True)  # CatalogueItem(kind='prizes')
    note = CleanTextField(null=True)


class Observation(BaseModel):
    """A lesson observed by colleagues (dự giờ / thao giảng)."""

    instructor = ForeignKeyField(Instructor, backref="observations", on_delete="CASCADE")
    lesson = ForeignKeyField(Lesson, null=True, backref="observations", on_delete="SET NULL")
    date = DateField()
    kind = CleanCharField(default="du_gio")  # du_gio | thao_giang
    observers = CleanTextField(null=True)
    rating = CleanCharField(null=True)  # CatalogueItem(kind='observation_ratings')
    strengths = CleanTextField(null=True)
    weaknesses = CleanTextField(null=True)


# --- feedback ------------------------------------------------------------------------------


class FeedbackTemplate(BaseModel):
    """A questionnaire; versions are kept so old responses keep the template they were typed with."""

    code = CleanCharField()
    version = IntegerField(default=1)
    name = CleanCharField()
    active = BooleanField(default=True)
    created_at = DateTimeField(default=_now)

    class Meta:
        indexes = ((("code", "version"), True),)


class FeedbackQuestion(BaseModel):
    template = ForeignKeyField(FeedbackTemplate, backref="questions", on_delete="CASCADE")
    position = IntegerField()
    text = CleanCharField()

    class Meta:
        indexes = ((("template", "position"), True),)


class FeedbackScaleValue(BaseModel):
    template = ForeignKeyField(FeedbackTemplate, backref="scale", on_delete="CASCADE")
    value = IntegerField()
    label = CleanCharField()

    class Meta:
        indexes = ((("template", "value"), True),)


class FeedbackResponse(BaseModel):
    """One typed-in paper form, about a lesson (so its instructor) or the class as a whole."""

    template = ForeignKeyField(FeedbackTemplate, backref="responses")
    course = ForeignKeyField(Course, backref="feedback", on_delete="CASCADE")
    lesson = ForeignKeyField(Lesson, null=True, backref="feedback", on_delete="CASCADE")
    # 0 for "the whole class": SQLite treats NULLs as distinct, so uniqueness needs a value.
    lesson_key = IntegerField(default=0)
    form_no = IntegerField(null=True)
    comment = CleanTextField(null=True)
    created_at = DateTimeField(default=_now)

    class Meta:
        indexes = ((("course", "lesson_key", "form_no"), True),)


class FeedbackAnswer(BaseModel):
    response = ForeignKeyField(FeedbackResponse, backref="answers", on_delete="CASCADE")
    question = ForeignKeyField(FeedbackQuestion, backref="answers")
    value = IntegerField()

    class Meta:
        indexes = ((("response", "question"), True),)


# --- certificates --------------------------------------------------------------------------


class CertificateCounter(BaseModel):
    """The per-year sequence of certificate numbers: the last number given."""

    year = IntegerField(primary_key=True)
    last_number = IntegerField(default=0)


CERTIFICATE_STATUSES = ("issued", "cancelled")


class Certificate(BaseModel):
    """A numbered certificate (GCN). Numbers are given once, never reused (HD 154-HD/BTGTW)."""

    enrollment = ForeignKeyField(Enrollment, backref="certificates")
    year = IntegerField()
    number = IntegerField()
    serial = CleanCharField(null=True)  # số hiệu printed on a pre-printed blank
    issued_on = DateField()
    status = CleanCharField(default="issued", constraints=[Check(
        "status IN ('issued', 'cancelled')")])
    cancel_reason = CleanTextField(null=True)
    cancelled_on = DateField(null=True)
    reissue_of = ForeignKeyField("self", null=True, backref="reissues")
    reissue_reason = CleanTextField(null=True)
    print_count = IntegerField(default=0)
    note = CleanTextField(null=True)

    class Meta:
        indexes = ((("year", "number"), True),)


# --- audit ---------------------------------------------------------------------------------


class AuditEntry(BaseModel):
    """What was deleted, cancelled, merged or restored: when, by whom, why."""

    id = AutoField()
    at = DateTimeField(default=_now, index=True)
    user = CleanCharField(null=True)
    action = CleanCharField()
    entity = CleanCharField()
    entity_id = IntegerField(null=True)
    summary = CleanTextField(null=True)
    reason = CleanTextField(null=True)


# --- version 2 -----------------------------------------------------------------------------


class CertificateBlankStock(BaseModel):
    """Movements of the stock of pre-printed certificate blanks (phôi): received (+) or spoilt (−)."""

    date = DateField()
    quantity = IntegerField()
    kind = CleanCharField(default="received")  # received | spoilt | adjusted
    serial_from = CleanCharField(null=True)
    serial_to = CleanCharField(null=True)
    note = CleanTextField(null=True)


# --- version 5 -----------------------------------------------------------------------------


class TraineePhoto(BaseModel):
    """A trainee's 3×4 photo, a JPEG of at most 100 KB: a table of its own, so that no list of
    trainees ever reads image bytes (schema version 5)."""

    trainee = ForeignKeyField(Trainee, unique=True, backref="photos", on_delete="CASCADE")
    jpeg = BlobField()
    updated_at = DateTimeField(default=_now)


ALL_MODELS: list[type[BaseModel]] = [
    Setting, Program, ResultBand, EthnicGroup, Province, CatalogueItem, Organization,
    AnnualPlan, PlanItem, Course, Instructor, Lesson, Trainee, Enrollment, Attendance,
    Award, Observation, FeedbackTemplate, FeedbackQuestion, FeedbackScaleValue,
    FeedbackResponse, FeedbackAnswer, CertificateCounter, Certificate, AuditEntry,
    CertificateBlankStock, TraineePhoto,
]
