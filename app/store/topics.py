"""Which topic (app.domain.changes.Topic) each table belongs to: the one place that says it.

A service that writes a table must declare the table's topic; tests/unit/test_service_topics.py
checks every writing service against this map, and that every table has an entry.
"""

from __future__ import annotations

from app.domain.changes import Topic
from app.store import models as m

TABLE_TOPICS: dict[type[m.BaseModel], Topic] = {
    m.Setting: Topic.SETTINGS,
    m.Program: Topic.CATALOGUES,
    m.ResultBand: Topic.CATALOGUES,
    m.EthnicGroup: Topic.CATALOGUES,
    m.Province: Topic.CATALOGUES,
    m.CatalogueItem: Topic.CATALOGUES,
    m.Organization: Topic.ORGANIZATIONS,
    m.AnnualPlan: Topic.PLANS,
    m.PlanItem: Topic.PLANS,
    m.Course: Topic.COURSES,
    m.Instructor: Topic.INSTRUCTORS,
    m.Award: Topic.INSTRUCTORS,
    m.Observation: Topic.INSTRUCTORS,
    m.Lesson: Topic.LESSONS,
    m.Trainee: Topic.TRAINEES,
    m.TraineePhoto: Topic.TRAINEES,  # the record dialog shows it; lists never read it
    m.Enrollment: Topic.ENROLLMENTS,
    m.Attendance: Topic.ATTENDANCE,
    # The templates go with the forms filled in on them: the screens that enter feedback list them.
    m.FeedbackTemplate: Topic.FEEDBACK,
    m.FeedbackQuestion: Topic.FEEDBACK,
    m.FeedbackScaleValue: Topic.FEEDBACK,
    m.FeedbackResponse: Topic.FEEDBACK,
    m.FeedbackAnswer: Topic.FEEDBACK,
    m.CertificateCounter: Topic.CERTIFICATES,
    m.Certificate: Topic.CERTIFICATES,
    m.CertificateBlankStock: Topic.CERTIFICATES,
    m.AuditEntry: Topic.AUDIT,
}

# Rows that are the store's own bookkeeping, not what a screen shows: every write bumps the
# revision counter (setting "revision") and notes when (setting "changed_at", which the list of
# backups shows). Table -> (column, values) of those rows.
BOOKKEEPING_ROWS: dict[type[m.BaseModel], tuple[str, tuple[str, ...]]] = {
    m.Setting: ("key", ("revision", "changed_at"))}


def topic_of_table(table: str) -> Topic | None:
    """The topic of a table by its SQL name; None for SQLite's own tables (sqlite_sequence…)."""
    for model, topic in TABLE_TOPICS.items():
        if model._meta.table_name == table:
            return topic
    if table.startswith("sqlite_"):
        return None
    raise KeyError(f"table {table!r} has no topic in app/store/topics.py")
