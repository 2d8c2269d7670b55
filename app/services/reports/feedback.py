"""Phiếu phản hồi: trainees' satisfaction in the period, per question and per instructor."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from peewee import JOIN, fn

from app.domain.formatting import format_decimal, format_int
from app.domain.tables import TableColumn as C
from app.domain.tables import TableDocument
from app.domain.text import sort_key
from app.services.reports.common import PERIOD_RULE, ReportData, courses_in_period, period_text, share
from app.store.models import (
    Course,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    FeedbackScaleValue,
    Instructor,
    Lesson,
)

WHOLE_CLASS = "Phiếu đánh giá chung cả lớp"


@dataclass(frozen=True)
class FeedbackRow:
    group: str  # question | instructor | whole_class | course | total
    name: str
    forms: int
    shares: tuple[float | None, ...]  # percent of answers per scale value, highest first
    satisfied_pct: float | None  # the two highest values of the form's scale
    mean: float | None


@dataclass
class _Tally:
    """Answers counted per scale value, and how many were "satisfied"."""

    counts: dict[int, int] = field(default_factory=dict)
    satisfied: int = 0

    def add(self, value: int, n: int, satisfied: bool) -> None:
        self.counts[value] = self.counts.get(value, 0) + n
        self.satisfied += n if satisfied else 0

    def row(self, group: str, name: str, forms: int, scale: list[int]) -> FeedbackRow:
        answers = sum(self.counts.values())
        mean = round(sum(v * n for v, n in self.counts.items()) / answers, 2) if answers else None
        return FeedbackRow(group, name, forms, tuple(share(self.counts.get(v, 0), answers) for v in scale),
                           share(self.satisfied, answers), mean)


def feedback_rows(start: dt.date, end: dt.date) -> tuple[list[tuple[int, str]], list[FeedbackRow]]:
    """The scale (value, label), highest first, and the rows: per question, per instructor, the forms about
    a whole class, per class, then the total over every form of the period's classes."""
    in_period = courses_in_period(start, end)
    top_two: dict[int, set[int]] = defaultdict(set)
    labels: dict[int, str] = {}
    for template, value, label in (FeedbackScaleValue.select(FeedbackScaleValue.template, FeedbackScaleValue.value,
                                                             FeedbackScaleValue.label)
                                   .order_by(FeedbackScaleValue.template, FeedbackScaleValue.value.desc()).tuples()):
        if len(top_two[template]) < 2:
            top_two[template].add(value)
        labels.setdefault(value, label)
    query = (FeedbackAnswer
             .select(FeedbackResponse.template, FeedbackResponse.course, Lesson.instructor, FeedbackQuestion.text,
                     fn.MIN(FeedbackQuestion.position), FeedbackAnswer.value, fn.COUNT(FeedbackAnswer.id))
             .join(FeedbackQuestion).switch(FeedbackAnswer).join(FeedbackResponse).join(Course)
             .switch(FeedbackResponse).join(Lesson, JOIN.LEFT_OUTER, on=(FeedbackResponse.lesson == Lesson.id))
             .where(in_period)
             .group_by(FeedbackResponse.template, FeedbackResponse.course, Lesson.instructor, FeedbackQuestion.text,
                       FeedbackAnswer.value)
             .tuples())
    questions: dict[str, _Tally] = defaultdict(_Tally)
    position: dict[str, int] = {}
    people: dict[int | None, _Tally] = defaultdict(_Tally)
    classes: dict[int, _Tally] = defaultdict(_Tally)
    total = _Tally()
    for template, course, instructor, text, pos, value, n in query:
        good = value in top_two[template]
        for tally in (questions[text], people[instructor], classes[course], total):
            tally.add(value, n, good)
        position[text] = min(pos, position.get(text, pos))
    forms: dict[int | None, int] = defaultdict(int)
    course_forms: dict[int, int] = defaultdict(int)
    for course, instructor, n in (FeedbackResponse.select(FeedbackResponse.course, Lesson.instructor,
                                                          fn.COUNT(FeedbackResponse.id)).join(Course)
                                  .switch(FeedbackResponse)
                                  .join(Lesson, JOIN.LEFT_OUTER, on=(FeedbackResponse.lesson == Lesson.id))
                                  .where(in_period).group_by(FeedbackResponse.course, Lesson.instructor).tuples()):
        forms[instructor] += n
        course_forms[course] += n
    scale = sorted({v for t in questions.values() for v in t.counts} | set(labels), reverse=True)
    rows = [questions[text].row("question", text, sum(questions[text].counts.values()), scale)
            for text in sorted(questions, key=lambda t: (position[t], sort_key(t)))]
    for instructor, name in (Instructor.select(Instructor.id, Instructor.full_name)
                             .where(Instructor.id.in_([i for i in people if i is not None]))
                             .order_by(Instructor.sort_key).tuples()):
        rows.append(people[instructor].row("instructor", name, forms[instructor], scale))
    if None in people:
        rows.append(people[None].row("whole_class", WHOLE_CLASS, forms[None], scale))
    for course, code, name in (Course.select(Course.id, Course.code, Course.name)
                               .where(Course.id.in_(list(classes))).order_by(Course.start_date, Course.code).tuples()):
        rows.append(classes[course].row("course", f"{name} ({code})", course_forms[course], scale))
    rows.append(total.row("total", "Tất cả phiếu trong kỳ", sum(forms.values()), scale))
    return [(v, labels.get(v, str(v))) for v in scale], rows


GROUP_NAMES = {"question": "Theo nội dung đánh giá", "instructor": "Theo giảng viên",
               "whole_class": "Theo giảng viên", "course": "Theo lớp", "total": "Tổng cộng"}


def _pct(value: float | None) -> str:
    return "" if value is None else format_decimal(value) + "%"


def feedback_report(start: dt.date, end: dt.date) -> ReportData:
    scale, rows = feedback_rows(start, end)
    columns = [C("STT", 10, "center"), C("Nội dung đánh giá / Giảng viên / Lớp", 70), C("Số phiếu", 16, "right"),
               *[C(label, 18, "right") for _, label in scale], C("Tỷ lệ hài lòng và rất hài lòng", 26, "right"),
               C("Điểm trung bình", 18, "right")]

    def cells(r: FeedbackRow) -> tuple[str, ...]:
        mean = "" if r.mean is None else format_decimal(r.mean, 2)
        return (format_int(r.forms), *[_pct(s) for s in r.shares], _pct(r.satisfied_pct), mean)

    blank = ("",) * (len(columns) - 2)
    body: list[tuple[str, ...]] = []
    headings: list[int] = []
    sections = (("question", "I", "THEO NỘI DUNG ĐÁNH GIÁ"), ("instructor", "II", "THEO GIẢNG VIÊN"),
                ("course", "III", "THEO LỚP"))
    for group, roman, heading in sections:
        members = [r for r in rows if r.group == group]
        # The forms about a class as a whole close the instructors' part (they name no instructor).
        unnumbered = [r for r in rows if r.group == "whole_class"] if group == "instructor" else []
        if members or unnumbered:
            headings.append(len(body))
            body.append((roman, heading, *blank))
            body += [(str(i), r.name, *cells(r)) for i, r in enumerate(members, 1)]
            body += [("", r.name, *cells(r)) for r in unnumbered]
    notes = [f"{PERIOD_RULE} Các cột mức đánh giá là tỷ lệ trên số câu trả lời. Tỷ lệ hài lòng: hai mức cao nhất "
             "của thang (rất hài lòng, hài lòng). Điểm trung bình trên thang của phiếu (4 là rất hài lòng). "
             "Theo giảng viên: các phiếu về buổi học do giảng viên đó dạy, mọi câu hỏi. Theo lớp: mọi phiếu của lớp."]
    document = TableDocument("KẾT QUẢ PHIẾU PHẢN HỒI CỦA HỌC VIÊN", period_text(start, end), columns, body,
                             footer=("", rows[-1].name, *cells(rows[-1])), notes=notes, wide=True,
                             sheet_name="Phiếu phản hồi", headings=tuple(headings))
    header = ("Nhóm", "Tên", "Số phiếu", *[f"{label} (%)" for _, label in scale],
              "Tỷ lệ hài lòng và rất hài lòng (%)", "Điểm trung bình")
    csv_rows = [(GROUP_NAMES.get(r.group, r.group), r.name, r.forms, *r.shares, r.satisfied_pct,
                 None if r.mean is None else round(r.mean, 2)) for r in rows]
    return ReportData("feedback", document, header, csv_rows)
