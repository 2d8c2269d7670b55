"""The catalogue of feedback templates (mẫu phiếu phản hồi): questions and a scale, versioned.

A template is known by its code; changing its questions or its scale makes a new version of
that code and retires the old one, so every form already typed keeps the version it was typed
with. Only a change of name is made in place. The default (``MAC_DINH`` v1) ships with every
new database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from peewee import fn

from app.domain.changes import Topic, writes
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.text import clean
from app.services import audit, auth
from app.store import db
from app.store.models import FeedbackQuestion, FeedbackResponse, FeedbackScaleValue, FeedbackTemplate

MAX_QUESTIONS = 30


@dataclass(frozen=True)
class TemplateRow:
    """One version of a template in the catalogue."""

    id: int
    code: str
    version: int
    name: str
    active: bool
    questions: int
    scale: str  # "4 Rất hài lòng · 3 Hài lòng · …"
    responses: int
    created_at: dt.datetime | None


@dataclass(frozen=True)
class TemplateDraft:
    """What the user edits: the questions in order and the scale as (value, label) pairs."""

    code: str
    name: str
    questions: tuple[str, ...]
    scale: tuple[tuple[int, str], ...]


def list_templates() -> list[TemplateRow]:
    """Every version of every template: by code, newest version first."""
    questions = dict(FeedbackQuestion.select(FeedbackQuestion.template, fn.COUNT(FeedbackQuestion.id))
                     .group_by(FeedbackQuestion.template).tuples())
    responses = dict(FeedbackResponse.select(FeedbackResponse.template, fn.COUNT(FeedbackResponse.id))
                     .group_by(FeedbackResponse.template).tuples())
    scales: dict[int, list[str]] = {}
    for template_id, value, label in (FeedbackScaleValue.select(FeedbackScaleValue.template,
                                                                FeedbackScaleValue.value, FeedbackScaleValue.label)
                                      .order_by(FeedbackScaleValue.value.desc()).tuples()):
        scales.setdefault(template_id, []).append(f"{value} {label}")
    return [TemplateRow(t.id, t.code, t.version, t.name, bool(t.active), questions.get(t.id, 0),
                        " · ".join(scales.get(t.id, [])), responses.get(t.id, 0), t.created_at)
            for t in FeedbackTemplate.select().order_by(FeedbackTemplate.code, FeedbackTemplate.version.desc())]


def _template(template_id: int) -> FeedbackTemplate:
    template = FeedbackTemplate.get_or_none(FeedbackTemplate.id == template_id)
    if template is None:
        raise NotFoundError("Không tìm thấy mẫu phiếu.")
    return template


def template_draft(template_id: int) -> TemplateDraft:
    """A template as the editor shows it."""
    template = _template(template_id)
    questions = tuple(q.text for q in template.questions.order_by(FeedbackQuestion.position))
    scale = tuple((s.value, s.label) for s in template.scale.order_by(FeedbackScaleValue.value.desc()))
    return TemplateDraft(template.code, template.name, questions, scale)


def check_draft(draft: TemplateDraft) -> TemplateDraft:
    """The draft cleaned, or a :class:`ValidationError` naming what is wrong."""
    code = clean(draft.code).upper().replace(" ", "_")
    if not code:
        raise ValidationError("Cần nhập mã mẫu phiếu.", field="code")
    name = clean(draft.name)
    if not name:
        raise ValidationError("Cần nhập tên mẫu phiếu.", field="name")
    questions = tuple(clean(q) for q in draft.questions if clean(q))
    if not questions:
        raise ValidationError("Mẫu phiếu cần ít nhất một câu hỏi.", field="questions")
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError(f"Mẫu phiếu có tối đa {MAX_QUESTIONS} câu hỏi.", field="questions")
    scale: list[tuple[int, str]] = []
    for value, label in draft.scale:
        label = clean(label)
        if value is None and not label:
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(f"Giá trị \"{value}\" của thang đánh giá phải là một chữ số.",
                                  field="scale") from None
        # One keystroke per answer: each value must be a single digit key.
        if not 0 <= number <= 9:
            raise ValidationError(f"Giá trị {number} của thang đánh giá phải là một chữ số từ 0 đến 9.",
                                  field="scale")
        if not label:
            raise ValidationError(f"Cần ghi nhãn cho giá trị {number} của thang đánh giá.", field="scale")
        if any(number == v for v, _ in scale):
            raise ValidationError(f"Giá trị {number} xuất hiện hai lần trong thang đánh giá.", field="scale")
        scale.append((number, label))
    if len(scale) < 2:
        raise ValidationError("Thang đánh giá cần ít nhất hai mức.", field="scale")
    scale.sort(reverse=True)
    return TemplateDraft(code, name, questions, tuple(scale))


def _create(draft: TemplateDraft, version: int) -> FeedbackTemplate:
    template = FeedbackTemplate.create(code=draft.code, version=version, name=draft.name, active=True)
    FeedbackQuestion.insert_many([{"template": template.id, "position": i, "text": text}
                                  for i, text in enumerate(draft.questions, start=1)]).execute()
    FeedbackScaleValue.insert_many([{"template": template.id, "value": value, "label": label}
                                    for value, label in draft.scale]).execute()
    return template


@writes(Topic.FEEDBACK)
def create_template(draft: TemplateDraft) -> int:
    """A new template (version 1) under a new code; returns its id."""
    draft = check_draft(draft)
    if FeedbackTemplate.select().where(FeedbackTemplate.code == draft.code).exists():
        raise ConflictError(f"Mã mẫu phiếu \"{draft.code}\" đã có; hãy sửa mẫu đó để tạo phiên bản mới.",
                            field="code")
    with db.write():
        return _create(draft, 1).id


@writes(Topic.FEEDBACK)
def save_template(template_id: int, draft: TemplateDraft) -> int:
    """Save an edit of a template; returns the id that now holds it.

    New questions or a new scale make a new version (active, the older versions retired);
    a new name alone is changed in place. The code cannot change.
    """
    template = _template(template_id)
    draft = check_draft(TemplateDraft(template.code, draft.name, draft.questions, draft.scale))
    current = template_draft(template_id)
    if (draft.questions, draft.scale) == (current.questions, current.scale):
        if draft.name != current.name:
            with db.write():
                FeedbackTemplate.update(name=draft.name).where(FeedbackTemplate.id == template_id).execute()
        return template_id
    with db.write():
        last = (FeedbackTemplate.select(fn.MAX(FeedbackTemplate.version))
                .where(FeedbackTemplate.code == template.code).scalar()) or 0
        FeedbackTemplate.update(active=False).where(FeedbackTemplate.code == template.code).execute()
        return _create(draft, last + 1).id


@writes(Topic.FEEDBACK)
def set_active(template_id: int, active: bool) -> None:
    """Use a version for new forms (retiring the other versions of its code), or stop using it.

    At least one template stays in use, so there is always something to type forms with.
    """
    template = _template(template_id)
    if not active:
        others = (FeedbackTemplate.select()
                  .where(FeedbackTemplate.active, FeedbackTemplate.id != template_id).exists())
        if not others:
            raise ConflictError("Phải còn ít nhất một mẫu phiếu đang dùng.")
    with db.write():
        if active:
            FeedbackTemplate.update(active=False).where(FeedbackTemplate.code == template.code).execute()
        FeedbackTemplate.update(active=active).where(FeedbackTemplate.id == template_id).execute()


@writes(Topic.FEEDBACK, Topic.AUDIT)
def delete_template(template_id: int, reason: str = "") -> None:
    """Delete a version no form was typed with (audited); a used one can only be retired."""
    template = _template(template_id)
    if FeedbackResponse.select().where(FeedbackResponse.template == template_id).exists():
        raise ConflictError("Mẫu phiếu này đã có phiếu nhập theo nên không xóa được; có thể ngừng dùng.")
    if template.active and not (FeedbackTemplate.select()
                                .where(FeedbackTemplate.active, FeedbackTemplate.id != template_id).exists()):
        raise ConflictError("Phải còn ít nhất một mẫu phiếu đang dùng.")
    with db.write():
        audit.record("delete", "feedback_template", template.id,
                     f"Xóa mẫu phiếu {template.code} phiên bản {template.version} – {template.name}", clean(reason),
                     user=auth.acting_user())
        template.delete_instance(recursive=True)


def active_templates() -> list[tuple[int, str]]:
    """(id, "name (code vN)") of the templates in use, newest first: the entry grid's choice."""
    query = (FeedbackTemplate.select().where(FeedbackTemplate.active)
             .order_by(FeedbackTemplate.created_at.desc(), FeedbackTemplate.id.desc()))
    return [(t.id, label(t.name, t.code, t.version)) for t in query]


def label(name: str, code: str, version: int) -> str:
    return f"{name} ({code} v{version})"


def templates_named(ids: Sequence[int]) -> list[tuple[int, str]]:
    """(id, label) of the given template ids (active or not), in the given order."""
    found = {t.id: t for t in FeedbackTemplate.select().where(FeedbackTemplate.id.in_(list(ids)))}
    return [(i, label(found[i].name, found[i].code, found[i].version)) for i in ids if i in found]
