"""Blank feedback forms (phiếu phản hồi): numbered, one or two to an A4 page, ready to hand out.

Each form names the class, the lesson (date, topic) and its instructor, lists the template's
questions with one tick box per value of the scale, and leaves room for "Ý kiến khác, đề xuất".
The form number lets the officer catch a form typed in twice.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Protocol

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    KeepInFrame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.domain.institution import Institution
from app.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from app.printing.progress import PageCount, Progress, Stop
from app.printing.template import esc

SIDE_MM, TOP_MM, GAP_MM = 18.0, 10.0, 10.0  # forms are handed out, not bound: narrower margins
TWO_PER_PAGE_MAX_QUESTIONS = 6


class FormSheet(Protocol):
    """The plain rows a stack of forms is printed from (built by app.services.feedback_forms);
    read-only, so that a frozen dataclass fits."""

    @property
    def course_name(self) -> str: ...
    @property
    def course_code(self) -> str: ...
    @property
    def period(self) -> str: ...
    @property
    def venue(self) -> str: ...
    @property
    def lesson_topic(self) -> str: ...
    @property
    def lesson_date(self) -> str: ...
    @property
    def instructor(self) -> str: ...
    @property
    def questions(self) -> Sequence[str]: ...
    @property
    def scale(self) -> Sequence[tuple[int, str]]: ...
    @property
    def numbers(self) -> Sequence[int]: ...


class TickBox(Flowable):
    """An empty square to tick, centred in its cell."""

    def __init__(self, size: float = 4.2 * mm):
        super().__init__()
        self.size = size
        self.width = self.height = size
        self.hAlign = "CENTER"

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.size, self.size)


class WritingLines(Flowable):
    """Dotted lines to write on."""

    def __init__(self, count: int, spacing: float = 7 * mm):
        super().__init__()
        self.count, self.spacing = count, spacing
        self.height = count * spacing

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        self.canv.setLineWidth(0.5)
        self.canv.setDash(1, 2)
        for i in range(self.count):
            y = self.height - (i + 1) * self.spacing + 1.5
            self.canv.line(0, y, self.width, y)
        self.canv.setDash()


def _styles(compact: bool) -> dict[str, ParagraphStyle]:
    size = 12 if compact else 13
    base = ParagraphStyle("form", fontName=SERIF, fontSize=size, leading=size * 1.25, alignment=TA_LEFT)
    return {
        "body": base,
        "org": ParagraphStyle("org", base, fontName=SERIF_BOLD, fontSize=size - 1, leading=(size - 1) * 1.25),
        "number": ParagraphStyle("number", base, fontName=SERIF_BOLD, alignment=TA_RIGHT),
        "title": ParagraphStyle("title", base, fontName=SERIF_BOLD, fontSize=size + 2, leading=(size + 2) * 1.3,
                                alignment=TA_CENTER, spaceBefore=2, spaceAfter=3),
        "hint": ParagraphStyle("hint", base, fontName=SERIF_ITALIC, fontSize=size - 1, leading=(size - 1) * 1.25),
        "cell": ParagraphStyle("cell", base, fontSize=size - 1, leading=(size - 1) * 1.2),
        "head": ParagraphStyle("head", base, fontName=SERIF_BOLD, fontSize=size - 2, leading=(size - 2) * 1.2,
                               alignment=TA_CENTER),
    }


def _about_lines(sheet: FormSheet, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    lines = [f"Lớp: <b>{esc(sheet.course_name)}</b> (mã lớp {esc(sheet.course_code)}), {esc(sheet.period)}"]
    if sheet.lesson_topic:
        lines.append(f"Chuyên đề: <b>{esc(sheet.lesson_topic)}</b>")
        when = f"Ngày học: {esc(sheet.lesson_date)}"
        if sheet.instructor:
            when += f"&nbsp;&nbsp;&nbsp;&nbsp;Giảng viên: <b>{esc(sheet.instructor)}</b>"
        lines.append(when)
    else:
        lines.append("Nội dung lấy ý kiến: <b>toàn khóa học</b>")
    return [Paragraph(text, st["body"]) for text in lines]


def _questions_table(sheet: FormSheet, width: float, st: dict[str, ParagraphStyle]) -> Table:
    box_width = 21 * mm
    widths = [9 * mm, width - 9 * mm - box_width * len(sheet.scale)] + [box_width] * len(sheet.scale)
    head = [Paragraph("STT", st["head"]), Paragraph("Nội dung", st["head"])]
    head += [Paragraph(f"{esc(label)}<br/>({value})", st["head"]) for value, label in sheet.scale]
    data = [head]
    for i, question in enumerate(sheet.questions, start=1):
        data.append([Paragraph(str(i), ParagraphStyle("n", st["cell"], alignment=TA_CENTER)),
                     Paragraph(esc(question), st["cell"])] + [TickBox() for _ in sheet.scale])
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (2, 1), (-1, -1), "CENTER"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _form(institution: Institution, sheet: FormSheet, number: int, width: float, *, compact: bool) -> list[Flowable]:
    st = _styles(compact)
    top = Table([[[Paragraph(esc(institution.parent_body.upper()), st["body"]) if institution.parent_body else
                   Spacer(1, 0), Paragraph(esc(institution.name.upper()), st["org"])],
                  Paragraph(f"Phiếu số: {number}", st["number"])]],
                colWidths=[width * 0.72, width * 0.28])
    top.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                             ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    story: list[Flowable] = [top, Paragraph("PHIẾU PHẢN HỒI Ý KIẾN HỌC VIÊN", st["title"])]
    story += _about_lines(sheet, st)
    story += [Spacer(1, 2 * mm),
              Paragraph("Đồng chí vui lòng đánh dấu X vào một ô phù hợp với ý kiến của mình ở mỗi nội dung "
                        "(không cần ghi tên).", st["hint"]),
              Spacer(1, 2 * mm), _questions_table(sheet, width, st), Spacer(1, 3 * mm),
              Paragraph("<b>Ý kiến khác, đề xuất:</b>", st["body"]), WritingLines(3 if compact else 8),
              Spacer(1, 2 * mm), Paragraph("Xin cảm ơn đồng chí!", ParagraphStyle("thanks", st["hint"],
                                                                                   alignment=TA_RIGHT))]
    return story


def per_page_for(sheet: FormSheet) -> int:
    """Two forms to an A4 page while the questions fit half a page; otherwise one."""
    return 2 if len(sheet.questions) <= TWO_PER_PAGE_MAX_QUESTIONS else 1


def feedback_forms_pdf(institution: Institution, sheet: FormSheet, *, per_page: int | None = None,
                       progress: Progress | None = None, cancelled: Stop | None = None) -> bytes:
    """One form per number of ``sheet``, one or two to a portrait A4 page (cut along the dashed line).
    Each page is told to ``progress`` (of as many pages as the forms fill); ``cancelled()`` stops
    the drawing there (:mod:`app.printing.progress`)."""
    register_fonts()
    per_page = per_page or per_page_for(sheet)
    if per_page not in (1, 2):
        raise ValueError("per_page must be 1 or 2")
    pages = PageCount(-(-len(sheet.numbers) // per_page), progress, cancelled)
    page_width, page_height = A4
    width = page_width - 2 * SIDE_MM * mm
    slot = (page_height - 2 * TOP_MM * mm - (per_page - 1) * GAP_MM * mm) / per_page
    frames = [Frame(SIDE_MM * mm, page_height - TOP_MM * mm - (i + 1) * slot - i * GAP_MM * mm, width, slot,
                    leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"form{i}")
              for i in range(per_page)]

    def cut_line(canvas, doc) -> None:
        forms_on_page = min(per_page, len(sheet.numbers) - (doc.page - 1) * per_page)
        if forms_on_page == 2:
            canvas.saveState()
            canvas.setDash(4, 3)
            canvas.setLineWidth(0.4)
            canvas.setStrokeColor(colors.grey)
            canvas.line(8 * mm, page_height / 2, page_width - 8 * mm, page_height / 2)
            canvas.restoreState()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4, title="Phiếu phản hồi", author=institution.name,
                          creator="boiduong", initialFontName=SERIF, initialFontSize=12,
                          leftMargin=SIDE_MM * mm, rightMargin=SIDE_MM * mm, topMargin=TOP_MM * mm,
                          bottomMargin=TOP_MM * mm)
    doc.addPageTemplates([PageTemplate(id="forms", frames=frames, onPage=cut_line,
                                       onPageEnd=lambda _canvas, _doc: pages.page_done())])
    story: list[Flowable] = []
    for i, number in enumerate(sheet.numbers):
        if i % 50 == 0:
            pages.check()  # a few hundred forms take a moment to prepare too
        form = _form(institution, sheet, number, width, compact=per_page == 2)
        story.append(KeepInFrame(width, slot, form, mode="shrink"))
        if i < len(sheet.numbers) - 1:
            story.append(FrameBreak())
    doc.build(story)
    return buffer.getvalue()
