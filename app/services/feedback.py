"""Paper feedback forms: recording one form at a time, and the results per question."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from peewee import JOIN, fn

from app.domain.changes import Topic, writes
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.feedback import QuestionSummary, summarise
from app.domain.text import clean
from app.services.courses import find_course
from app.store import db
from app.store.models import (
    Course,
    Enrollment,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    FeedbackScaleValue,
    FeedbackTemplate,
    Instructor,
    Lesson,
    lesson_order,
)


@dataclass(frozen=True)
class TemplateInfo:
    id: int
    name: str
    questions: tuple[tuple[int, str], ...]  # (question id, text) in order
    scale: tuple[tuple[int, str], ...]  # (value, label), highest first


def template_info(template_id: int | None = None) -> TemplateInfo:
    """A template with its questions and scale; the newest active one by default."""
    if template_id is None:
        template = (FeedbackTemplate.select().where(FeedbackTemplate.active)
                    .order_by(FeedbackTemplate.created_at.desc(), FeedbackTemplate.version.desc()).first())
    else:
        template = FeedbackTemplate.get_or_none(FeedbackTemplate.id == template_id)
    if template is None:
        raise NotFoundError("Chưa có mẫu phiếu phản hồi nào đang dùng.")
    questions = tuple((q.id, q.text) for q in template.questions.order_by(FeedbackQuestion.position))
    scale = tuple((s.value, s.label) for s in template.scale.order_by(FeedbackScaleValue.value.desc()))
    return TemplateInfo(template.id, template.name, questions, scale)


def _lesson_of(course: Course, lesson_id: int | None) -> Lesson | None:
    if lesson_id is None:
        return None
    lesson = Lesson.get_or_none(Lesson.id == lesson_id)
    if lesson is None or lesson.course_id != course.id:
        raise NotFoundError(f"Buổi học {lesson_id} không thuộc lớp {course.code}.")
    return lesson


def _check_answers(template: TemplateInfo, answers: Sequence[int]) -> list[int]:
    allowed = {value for value, _ in template.scale}
    if len(answers) != len(template.questions):
        raise ValidationError(f"Phiếu có {len(template.questions)} câu hỏi nhưng nhập {len(answers)} câu trả lời.",
                              field="answers")
    values = []
    for position, answer in enumerate(answers, start=1):
        try:
            value = int(answer)
        except (TypeError, ValueError):
            raise ValidationError(f"Câu {position}: \"{answer}\" không phải là số.", field="answers") from None
        if value not in allowed:
            raise ValidationError(f"Câu {position}: chỉ nhận {', '.join(str(v) for v in sorted(allowed))}.",
                                  field="answers")
        values.append(value)
    return values


@writes(Topic.FEEDBACK)
def record_feedback(course_code: str, lesson_id: int | None, answers: Sequence[int], *,
                    form_no: int | None = None, comment: str = "", template_id: int | None = None) -> int:
    """Save one paper form (one transaction); returns its id. A form number is unique per class/lesson."""
    course = find_course(course_code)
    lesson = _lesson_of(course, lesson_id)
    template = template_info(template_id)
    values = _check_answers(template, answers)
    lesson_key = lesson.id if lesson else 0
    if form_no is not None:
        if form_no <= 0:
            raise ValidationError("Số phiếu phải là số dương.", field="form_no")
        exists = FeedbackResponse.select().where(FeedbackResponse.course == course.id,
                                                 FeedbackResponse.lesson_key == lesson_key,
                                                 FeedbackResponse.form_no == form_no).exists()
        if exists:
            raise ConflictError(f"Phiếu số {form_no} đã được nhập cho {'buổi học' if lesson else 'lớp'} này.",
                                field="form_no")
    with db.write():
        response = FeedbackResponse.create(template=template.id, course=course.id, lesson=lesson,
                                           lesson_key=lesson_key, form_no=form_no, comment=clean(comment) or None)
        FeedbackAnswer.insert_many([{"response": response.id, "question": qid, "value": value}
                                    for (qid, _text), value in zip(template.questions, values, strict=True)]).execute()
    return response.id


@writes(Topic.FEEDBACK)
def update_feedback(response_id: int, answers: Sequence[int], comment: str = "") -> None:
    """Correct a form in place."""
    response = FeedbackResponse.get_or_none(FeedbackResponse.id == response_id)
    if response is None:
        raise NotFoundError("Không tìm thấy phiếu.")
    template = template_info(response.template_id)
    values = _check_answers(template, answers)
    with db.write():
        for (qid, _text), value in zip(template.questions, values, strict=True):
            FeedbackAnswer.update(value=value).where(FeedbackAnswer.response == response_id,
                                                     FeedbackAnswer.question == qid).execute()
        FeedbackResponse.update(comment=clean(comment) or None).where(FeedbackResponse.id == response_id).execute()


@writes(Topic.FEEDBACK)
def delete_feedback(response_id: int) -> None:
    with db.write():
        FeedbackResponse.delete().where(FeedbackResponse.id == response_id).execute()


def _summaries(responses) -> list[QuestionSummary]:
    """Per question of each template used by ``responses`` (a query of FeedbackResponse ids)."""
    by_question: dict[int, list[int]] = defaultdict(list)
    for qid, value in (FeedbackAnswer.select(FeedbackAnswer.question, FeedbackAnswer.value)
                       .where(FeedbackAnswer.response.in_(responses)).tuples()):
        by_question[qid].append(value)
    template_ids = {t for (t,) in FeedbackResponse.select(FeedbackResponse.template)
                    .where(FeedbackResponse.id.in_(responses)).distinct().tuples()}
    if not template_ids:
        template_ids = {template_info().id}
    result = []
    for template_id in sorted(template_ids):
        info = template_info(template_id)
        scale = [value for value, _ in info.scale]
        result += [summarise(text, by_question.get(qid, []), scale) for qid, text in info.questions]
    return result


def course_summary(course_code: str, lesson_id: int | None = None) -> list[QuestionSummary]:
    """Results of a class's forms (all of them, or those about one lesson)."""
    course = find_course(course_code)
    query = FeedbackResponse.select(FeedbackResponse.id).where(FeedbackResponse.course == course.id)
    if lesson_id is not None:
        _lesson_of(course, lesson_id)
        query = query.where(FeedbackResponse.lesson == lesson_id)
    return _summaries(query)


def instructor_summary(instructor_id: int, start: dt.date | None = None,
                       end: dt.date | None = None) -> list[QuestionSummary]:
    """Results of the forms about lessons the instructor taught (optionally within a period)."""
    query = (FeedbackResponse.select(FeedbackResponse.id).join(Lesson, on=(FeedbackResponse.lesson == Lesson.id))
             .where(Lesson.instructor == instructor_id))
    if start is not None:
        query = query.where(Lesson.date >= start)
    if end is not None:
        query = query.where(Lesson.date <= end)
    return _summaries(query)


def response_count(course_id: int, lesson_id: int | None) -> int:
    query = FeedbackResponse.select().where(FeedbackResponse.course == course_id)
    query = query.where(FeedbackResponse.lesson_key == (lesson_id or 0))
    return query.count()


# --- the entry grid: one stack of paper forms -----------------------------------------------


@dataclass(frozen=True)
class FormRow:
    """One typed form of a stack, as the entry grid shows it."""

    id: int
    form_no: int | None
    answers: tuple[int, ...]  # in question order
    comment: str


@dataclass(frozen=True)
class FeedbackTarget:
    """What a stack of forms is about: one lesson (so its instructor) or the whole class."""

    lesson_id: int | None
    date: dt.date | None
    session: str
    topic: str
    instructor: str
    forms: int


def feedback_targets(course_id: int) -> list[FeedbackTarget]:
    """The whole class, then each lesson in teaching order, with the forms typed so far."""
    counts = dict(FeedbackResponse.select(FeedbackResponse.lesson_key, fn.COUNT(FeedbackResponse.id))
                  .where(FeedbackResponse.course == course_id).group_by(FeedbackResponse.lesson_key).tuples())
    targets = [FeedbackTarget(None, None, "", "", "", counts.get(0, 0))]
    query = (Lesson.select(Lesson.id, Lesson.date, Lesson.session, Lesson.topic, Instructor.full_name)
             .join(Instructor, JOIN.LEFT_OUTER, on=(Lesson.instructor == Instructor.id))
             .where(Lesson.course == course_id).order_by(*lesson_order()))
    for lesson_id, date, session, topic, instructor in query.tuples():
        targets.append(FeedbackTarget(lesson_id, date, session, topic, instructor or "", counts.get(lesson_id, 0)))
    return targets


def stack_templates(course_id: int, lesson_id: int | None) -> list[int]:
    """Templates the forms of a stack were typed with, the most recently used first."""
    query = (FeedbackResponse.select(FeedbackResponse.template, fn.MAX(FeedbackResponse.id))
             .where(FeedbackResponse.course == course_id, FeedbackResponse.lesson_key == (lesson_id or 0))
             .group_by(FeedbackResponse.template).order_by(fn.MAX(FeedbackResponse.id).desc()))
    return [template_id for template_id, _last in query.tuples()]


def stack_forms(course_id: int, lesson_id: int | None, template_id: int) -> list[FormRow]:
    """The forms of one stack typed with one template, in the order they were typed (two queries)."""
    info = template_info(template_id)
    position = {qid: i for i, (qid, _text) in enumerate(info.questions)}
    responses = list(FeedbackResponse.select(FeedbackResponse.id, FeedbackResponse.form_no, FeedbackResponse.comment)
                     .where(FeedbackResponse.course == course_id, FeedbackResponse.lesson_key == (lesson_id or 0),
                            FeedbackResponse.template == template_id)
                     .order_by(FeedbackResponse.id).tuples())
    answers: dict[int, list[int]] = {rid: [0] * len(position) for rid, _no, _c in responses}
    ids = (FeedbackResponse.select(FeedbackResponse.id)
           .where(FeedbackResponse.course == course_id, FeedbackResponse.lesson_key == (lesson_id or 0),
                  FeedbackResponse.template == template_id))
    for rid, qid, value in (FeedbackAnswer.select(FeedbackAnswer.response, FeedbackAnswer.question,
                                                  FeedbackAnswer.value)
                            .where(FeedbackAnswer.response.in_(ids)).tuples()):
        if qid in position:
            answers[rid][position[qid]] = value
    return [FormRow(rid, form_no, tuple(answers[rid]), comment or "") for rid, form_no, comment in responses]


@writes(Topic.FEEDBACK)
def correct_feedback(response_id: int, answers: Sequence[int], *, comment: str = "",
                     form_no: int | None = None) -> None:
    """Correct a typed form in place: its answers, comment and form number (one transaction)."""
    response = FeedbackResponse.get_or_none(FeedbackResponse.id == response_id)
    if response is None:
        raise NotFoundError("Không tìm thấy phiếu.")
    template = template_info(response.template_id)
    values = _check_answers(template, answers)
    if form_no is not None:
        if form_no <= 0:
            raise ValidationError("Số phiếu phải là số dương.", field="form_no")
        clash = FeedbackResponse.select().where(FeedbackResponse.course == response.course_id,
                                                FeedbackResponse.lesson_key == response.lesson_key,
                                                FeedbackResponse.form_no == form_no,
                                                FeedbackResponse.id != response_id).exists()
        if clash:
            raise ConflictError(f"Phiếu số {form_no} đã được nhập cho "
                                f"{'buổi học' if response.lesson_key else 'lớp'} này.", field="form_no")
    with db.write():
        for (qid, _text), value in zip(template.questions, values, strict=True):
            FeedbackAnswer.update(value=value).where(FeedbackAnswer.response == response_id,
                                                     FeedbackAnswer.question == qid).execute()
        FeedbackResponse.update(comment=clean(comment) or None, form_no=form_no).where(
            FeedbackResponse.id == response_id).execute()


def class_size(course_id: int) -> int:
    """Trainees enrolled in the class: what the count of forms is checked against."""
    return Enrollment.select().where(Enrollment.course == course_id).count()


def summary_from_counts(question: str, counts: dict[int, int], scale: Sequence[int]) -> QuestionSummary:
    """The summary of a question from a tally {value: count} (the entry grid keeps tallies)."""
    values = [value for value in scale for _ in range(counts.get(value, 0))]
    return summarise(question, values, scale)


def stack_summary(course_id: int, lesson_id: int | None, template_id: int | None = None) -> list[QuestionSummary]:
    """Results of one stack: the forms about one lesson, or those about the whole class only."""
    query = FeedbackResponse.select(FeedbackResponse.id).where(FeedbackResponse.course == course_id,
                                                               FeedbackResponse.lesson_key == (lesson_id or 0))
    if template_id is not None:
        query = query.where(FeedbackResponse.template == template_id)
    return _summaries(query)


def period_summary(start: dt.date, end: dt.date) -> list[QuestionSummary]:
    """Results of every form typed for the classes that started in [start, end]."""
    query = (FeedbackResponse.select(FeedbackResponse.id).join(Course)
             .where(Course.start_date.between(start, end)))
    return _summaries(query)
