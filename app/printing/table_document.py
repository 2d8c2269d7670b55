"""Any :class:`~app.domain.tables.TableDocument` as an official PDF: header, title, table, notes, signature."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from app.domain.institution import Institution
from app.domain.tables import TableDocument
from app.printing.styles import styles
from app.printing.template import (
    Column,
    Signer,
    data_table,
    esc,
    frame_width,
    header,
    render,
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


def table_pdf(institution: Institution, document: TableDocument, *, day: dt.date, signer: Signer) -> bytes:
    """The document as an official PDF. A signature never stands alone on the last page: when it
    would, the last rows move over with it (under a repeated header), so the signed page shows
    part of what is signed."""
    pdf, marks = _build(institution, document, day, signer, tail=0)
    if document.signed and len(document.cells) > TAIL_ROWS and marks.get("ending", 0) > marks.get("table", 0):
        pdf, _ = _build(institution, document, day, signer, tail=TAIL_ROWS)
    return pdf


def _build(institution: Institution, document: TableDocument, day: dt.date, signer: Signer,
           *, tail: int) -> tuple[bytes, dict[str, int]]:
    width = frame_width(wide=document.wide)
    columns = [Column(c.header, c.width_mm, c.align) for c in document.columns]
    cells = list(document.cells)
    body, last = cells[:len(cells) - tail], cells[len(cells) - tail:]
    marks: dict[str, int] = {}
    story = [header(institution, day, width), *title_block(document.title, document.subtitle),
             data_table(columns, body, total_width=width, footer=None if tail else document.footer,
                        font_size=document.font_size),
             _PageMark(marks, "table")]
    ending: list[Flowable] = [_PageMark(marks, "ending")]
    if tail:
        ending.append(data_table(columns, last, total_width=width, footer=document.footer,
                                 font_size=document.font_size))
    if document.notes:
        ending.append(Spacer(1, 3 * mm))
        ending += [Paragraph(esc(line), styles()["note"]) for line in document.notes]
    if document.signed:
        ending += signature_block(signer, width)
    story.append(KeepTogether(ending))
    return render(story, title=document.title.capitalize(), author=institution.name, wide=document.wide), marks
