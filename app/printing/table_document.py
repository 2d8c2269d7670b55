"""Any :class:`~app.domain.tables.TableDocument` as an official PDF: header, title, table, notes, signature."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

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
    signature,
    title_block,
)


def table_pdf(institution: Institution, document: TableDocument, *, day: dt.date, signer: Signer) -> bytes:
    width = frame_width(wide=document.wide)
    columns = [Column(c.header, c.width_mm, c.align) for c in document.columns]
    story = [header(institution, day, width), *title_block(document.title, document.subtitle),
             data_table(columns, document.cells, total_width=width, footer=document.footer,
                        font_size=document.font_size)]
    if document.notes:
        story.append(Spacer(1, 3 * mm))
        story += [Paragraph(esc(line), styles()["note"]) for line in document.notes]
    if document.signed:
        story.append(signature(signer, width))
    return render(story, title=document.title.capitalize(), author=institution.name, wide=document.wide)
