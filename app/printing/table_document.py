"""Any :class:`~app.domain.tables.TableDocument` as an official PDF: header, title, table, notes,
what follows the table (a report's charts), signature.

:func:`document_pdf` is the one place of the rule that a signature never stands alone on a page:
every signed table document (class documents, registry, reports with their charts) is built here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from app.domain.formatting import date_line
from app.domain.institution import Institution
from app.domain.tables import TableDocument
from app.printing.styles import styles
from app.printing.template import (
    DOTS,
    Column,
    ReportForm,
    Signer,
    data_table,
    esc,
    frame_width,
    header,
    recipients_block,
    render,
    report_number,
    signature_block,
    title_block,
)


class _PageMark(Flowable):
    """Zero-size flowable that notes the page it lands on."""

    def __init__(self, marks: dict[str, int], name: str):
        super().__init__()
        self.marks, self.name = marks, name

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.marks[self.name] = self.canv.getPageNumber()


TAIL_ROWS = 3


def _heading(institution: Institution, document: TableDocument, day: dt.date, width: float,
             form: ReportForm | None) -> list[Flowable]:
    """The institution's heading and the title: plain, as a report ("BÁO CÁO" over its summary
    line, with its number), or as a report's attachment."""
    if form is None:
        return [header(institution, day, width), *title_block(document.title, document.subtitle)]
    st = styles()
    number = report_number(institution, form.number)
    if form.attachment:
        dated = ("ngày " + DOTS + " tháng " + DOTS + " năm " + DOTS if form.report_day is None
                 else date_line("", form.report_day))
        return [header(institution, None, width), *title_block(document.title, document.subtitle),
                Paragraph(esc(f"(Kèm theo Báo cáo số {number} {dated})"), st["attachment"]), Spacer(1, 3 * mm)]
    summary = document.title[:1] + document.title[1:].lower()
    return [header(institution, day, width, number=number), Spacer(1, 6 * mm), Paragraph("BÁO CÁO", st["title"]),
            Paragraph(esc(summary), st["summary"]), Paragraph(esc(document.subtitle), st["subtitle"])]


def document_pdf(institution: Institution, document: TableDocument, *, day: dt.date, signer: Signer,
                 extras: Sequence[Sequence[Flowable]] = (), form: ReportForm | None = None) -> bytes:
    """The document as an official PDF; ``extras`` are blocks printed after the table and its notes
    (a report's chart rows), each kept in one piece.

    The signature never stands alone on a page: it travels with the last extra block when there
    is one; otherwise, when the signature (with the notes) would begin a page after the table's
    last one, the last rows of the table move over with it (under a repeated header), so the
    signed page shows part of what is signed."""
    if form is not None and form.attachment:
        document = replace(document, signed=False)
    pdf, marks = _build(institution, document, day, signer, extras, tail=0, form=form)
    alone = marks.get("ending", 0) > marks.get("table", 0)
    if document.signed and not extras and len(document.cells) > TAIL_ROWS and alone:
        tail = TAIL_ROWS
        while len(document.cells) - tail - 1 in document.headings and tail < len(document.cells) - 1:
            tail += 1  # a section heading goes over with its rows
        pdf, _ = _build(institution, document, day, signer, extras, tail=tail, form=form)
    return pdf


def table_pdf(institution: Institution, document: TableDocument, *, day: dt.date, signer: Signer) -> bytes:
    """The document as an official PDF (see :func:`document_pdf`)."""
    return document_pdf(institution, document, day=day, signer=signer)


def _build(institution: Institution, document: TableDocument, day: dt.date, signer: Signer,
           extras: Sequence[Sequence[Flowable]], *, tail: int,
           form: ReportForm | None = None) -> tuple[bytes, dict[str, int]]:
    width = frame_width(wide=document.wide)
    all_columns = [Column(c.header, c.width_mm, c.align) for c in document.columns]
    groups = document.column_groups or (tuple(range(len(all_columns))),)

    def pick(rows, group):
        return [tuple(row[i] for i in group) for row in rows]

    cells = list(document.cells)
    body, last = cells[:len(cells) - tail], cells[len(cells) - tail:]
    marks: dict[str, int] = {}
    min_height = document.min_row_height_mm * mm if document.min_row_height_mm else None
    story: list[Flowable] = [*_heading(institution, document, day, width, form)]
    for index, group in enumerate(groups):
        if index:
            story.append(PageBreak())
        if index < len(document.group_titles):
            story.append(Paragraph(esc(document.group_titles[index]), styles()["group_title"]))
        final = index == len(groups) - 1
        footer = pick([document.footer], group)[0] if document.footer is not None else None
        story.append(data_table([all_columns[i] for i in group], pick(body if final else cells, group),
                                total_width=width, footer=None if tail and final else footer,
                                font_size=document.font_size, min_row_height=min_height,
                                headings=[i for i in document.headings if i < len(body) or not final]))
    story.append(_PageMark(marks, "table"))
    columns = [all_columns[i] for i in groups[-1]]
    last = pick(last, groups[-1])
    last_footer = pick([document.footer], groups[-1])[0] if document.footer is not None else None
    notes: list[Flowable] = []
    if document.notes:
        notes.append(Spacer(1, 3 * mm))
        notes += [Paragraph(esc(line), styles()["note"]) for line in document.notes]
    blocks = [list(b) for b in extras]
    if blocks:
        story += notes
        for block in blocks[:-1]:
            story.append(KeepTogether(block))
        ending: list[Flowable] = [_PageMark(marks, "ending"), *blocks[-1]]
    else:
        ending = [_PageMark(marks, "ending")]
        if tail:
            ending.append(data_table(columns, last, total_width=width, footer=last_footer,
                                     font_size=document.font_size, min_row_height=min_height,
                                     headings=[i - len(body) for i in document.headings if i >= len(body)]))
        ending += notes
    if document.signed and form is not None:
        st = styles()
        ending += signature_block(signer, width, left=recipients_block(form.recipients),
                                  middle=[Paragraph("NGƯỜI LẬP BIỂU", st["sign_title"])])
    elif document.signed:
        ending += signature_block(signer, width)
    story.append(KeepTogether(ending))
    return render(story, title=document.title.capitalize(), author=institution.name, wide=document.wide,
                  header_style=institution.header_style), marks
