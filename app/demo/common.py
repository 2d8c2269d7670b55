"""Pieces shared by the demo builders (the Si Ma Cai term and the province archive): the summary,
working days, Roman numerals for course names, bulk inserts, and the refusal of a non-empty
database."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from peewee import chunked

from app.domain.errors import ConflictError
from app.store import bulk
from app.store.models import (
    AnnualPlan,
    Certificate,
    Course,
    EthnicGroup,
    FeedbackQuestion,
    FeedbackTemplate,
    Instructor,
    Program,
    ResultBand,
    Trainee,
)

BATCH = 500  # rows per INSERT, well inside SQLite's limit on bound variables
HOLIDAYS = {(1, 1), (4, 30), (5, 1), (9, 2)}  # (month, day) of fixed public holidays
REFUSAL = "Cơ sở dữ liệu đã có dữ liệu; chỉ tạo dữ liệu mẫu trong cơ sở dữ liệu mới."


@dataclass
class DemoSummary:
    """What ``build_demo`` wrote."""

    courses: int = 0
    trainees: int = 0
    enrollments: int = 0
    lessons: int = 0
    attendance: int = 0
    certificates: int = 0
    feedback_responses: int = 0
    instructors: int = 0
    elapsed_seconds: float = 0.0




@dataclass
class Catalogues:
    """What both demo builders read from the shipped catalogues before they invent anything."""

    programs: dict[str, Program]
    bands: list[tuple]  # (min score, band code, passing), best band first
    ethnic_ids: dict[str, int]
    template: FeedbackTemplate
    questions: list[int]

    @classmethod
    def load(cls) -> Catalogues:
        template = FeedbackTemplate.get(code="MAC_DINH", version=1)
        return cls(
            programs={p.code: p for p in Program.select()},
            bands=[(b.min_score, b.code, b.passing) for b in ResultBand.select().where(
                ResultBand.program.is_null(), ResultBand.enabled).order_by(ResultBand.min_score.desc())],
            ethnic_ids={g.name: g.id for g in EthnicGroup.select()},
            template=template,
            questions=[q.id for q in FeedbackQuestion.select().where(
                FeedbackQuestion.template == template).order_by(FeedbackQuestion.position)])


def is_workday(day: dt.date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS


def workday_from(day: dt.date, step: int = 1) -> dt.date:
    """``day`` if it is a working day, else the next (``step`` 1) or previous (−1) one."""
    while not is_workday(day):
        day += dt.timedelta(days=step)
    return day


def workdays(start: dt.date, count: int) -> list[dt.date]:
    days: list[dt.date] = []
    day = workday_from(start)
    while len(days) < count:
        days.append(day)
        day = workday_from(day + dt.timedelta(days=1))
    return days


def roman(number: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def split(rng: random.Random, total: int, parts: int, spread: float = 0.25) -> list[int]:
    """``parts`` class sizes around the mean that add up to exactly ``total``."""
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(parts)]
    scale = total / sum(weights)
    sizes = [int(w * scale) for w in weights]
    for i in range(total - sum(sizes)):
        sizes[i % parts] += 1
    return sizes


def at(day: dt.date, hour: int = 8) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0))


def insert(model, fields: str, rows: list[tuple]) -> None:
    """Bulk-insert ``rows`` (tuples in the order of the space-separated ``fields``)."""
    columns = [getattr(model, name) for name in fields.split()]
    for batch in chunked(rows, BATCH):
        model.insert_many(batch, fields=columns).execute()
    if "id" in fields.split():
        bulk.ids_given(model._meta.table_name)  # the program's next row gets the next id (a server)


def refuse_non_empty() -> None:
    for model in (Course, Trainee, Instructor, AnnualPlan, Certificate):
        if model.select().exists():
            raise ConflictError(REFUSAL)




class StudyDays:
    """A class run of the demo builders: its study days, and the first and last of them."""

    days: list[dt.date]

    @property
    def start(self) -> dt.date:
        return self.days[0]

    @property
    def end(self) -> dt.date:
        return self.days[-1]


def feedback_plan(rng: random.Random, lessons: list[tuple], class_size: int,
                  end: dt.date) -> tuple[dt.datetime, list[tuple[tuple | None, int]]]:
    """The stack of paper forms a demo class hands in: 20–40 forms (at most one per trainee)
    about the whole class and up to two of its lectures, typed in a few days after the end.
    Returns the day typed and (lesson or None, form number) per form."""
    total = min(rng.randint(20, 40), class_size)
    lectures = [lesson for lesson in lessons if lesson[6] is not None]
    targets = [None, *rng.sample(lectures, min(len(lectures), rng.randint(0, 2)))]
    day = at(end + dt.timedelta(days=rng.randint(1, 5)), 9)
    stack = []
    for t, target in enumerate(targets):
        forms = total // len(targets) + (1 if t < total % len(targets) else 0)
        stack += [(target, form_no) for form_no in range(1, forms + 1)]
    return day, stack
