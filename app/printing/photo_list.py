"""The class list with each trainee's 3×4 photo in a column beside the number (when the centre
asks for it in the settings): the same heading, columns, notes and signature as the plain list,
a row tall enough for the photo."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, KeepTogether, LongTable, Paragraph, Spacer, TableStyle

from app.domain.institution import Institution
from app.domain.tables import TableDocument
from app.printing.progress import PageCount, Progress, Stop
from app.printing.styles import styles
from app.printing.template import (
    CELL_PADDING,
    GRID_TABLE_STYLE,
    Signer,
    esc,
    frame_height,
    frame_width,
    header,
    render,
    signature_block,
    title_block,
)

PHOTO_MM = (15.0, 20.0)  # the 3×4 photo at half size
PHOTO_COLUMN = ("Ảnh", 19.0)


class _Photo(Flowable):
    """A JPEG drawn at the photo size, framed; an empty frame where there is none."""

    def __init__(self, jpeg: bytes | None) -> None:
        super().__init__()
        self.jpeg = jpeg
        self.width, self.height = PHOTO_MM[0] * mm, PHOTO_MM[1] * mm

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        if self.jpeg:
            self.canv.drawImage(ImageReader(io.BytesIO(self.jpeg)), 0, 0, self.width, self.height,
                                preserveAspectRatio=True, anchor="c")
        self.canv.setLineWidth(0.3)
        self.canv.setStrokeColor(colors.Color(0.5, 0.5, 0.5))
        self.canv.rect(0, 0, self.width, self.height)


class _PageMark(Flowable):
    """Zero-size flowable that notes the page it lands on."""

    def __init__(self, marks: dict[str, int], name: str) -> None:
        super().__init__()
        self.marks, self.name = marks, name

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.marks[self.name] = self.canv.getPageNumber()


TAIL_ROWS = 2


def class_list_with_photos_pdf(institution: Institution, document: TableDocument,
                               photos: Sequence[bytes | None], *, day: dt.date, signer: Signer,
                               progress: Progress | None = None, cancelled: Stop | None = None) -> bytes:
    """``document`` (the class list) with a photo column after STT; ``photos`` go with its rows.
    As every signed list: the signature never stands alone on a page (the last rows go with it).

    Each page laid out is told to ``progress``, of a count estimated from the rows' heights before
    the layout (corrected as it goes); ``cancelled()`` stops the layout at the next page. When the
    signature would stand alone, the list is laid out once more and counted again from page 1."""
    pages = PageCount(0, progress, cancelled)
    pdf, marks = _build(institution, document, photos, day, signer, tail=0, pages=pages)
    if document.signed and len(document.cells) > TAIL_ROWS and marks.get("ending", 0) > marks.get("table", 0):
        pages = PageCount(pages.done, progress, cancelled)
        pdf, _ = _build(institution, document, photos, day, signer, tail=TAIL_ROWS, pages=pages)
    pages.finish()
    return pdf


def _build(institution: Institution, document: TableDocument, photos: Sequence[bytes | None], day: dt.date,
           signer: Signer, *, tail: int, pages: PageCount) -> tuple[bytes, dict[str, int]]:
    width = frame_width(wide=document.wide)
    st = styles()
    align = {"left": st["cell"], "center": st["cell_center"], "right": st["cell_right"]}
    headers = [c.header for c in document.columns]
    widths = [c.width_mm for c in document.columns]
    # The photo's room is taken from the two widest columns (name, position and unit), so the
    # narrow ones ("Đảng viên") keep their width.
    for widest in sorted(range(len(widths)), key=lambda i: widths[i])[-2:]:
        widths[widest] = max(widths[widest] - PHOTO_COLUMN[1] / 2, widths[widest] * 0.6)
    headers.insert(1, PHOTO_COLUMN[0])
    widths.insert(1, PHOTO_COLUMN[1])
    scale = width / (sum(widths) * mm)
    column_widths = [w * mm * scale for w in widths]
    head = [Paragraph(esc(h), st["cell_head"]) for h in headers]
    body: list[list[Flowable]] = []
    for index, (row, jpeg) in enumerate(zip(document.cells, photos, strict=True)):
        if index % 100 == 0:
            pages.check()
        cells: list[Flowable] = [Paragraph(esc(v), align[c.align]) for c, v in zip(document.columns, row, strict=True)]
        cells.insert(1, _Photo(jpeg))
        body.append(cells)
    split = len(body) - tail
    marks: dict[str, int] = {}
    heading = [header(institution, day, width), *title_block(document.title, document.subtitle)]
    story: list[Flowable] = [*heading, _table([head, *body[:split]], column_widths), _PageMark(marks, "table")]
    ending: list[Flowable] = [_PageMark(marks, "ending")]
    if tail:
        ending.append(_table([head, *body[split:]], column_widths))
    if document.notes:
        ending.append(Spacer(1, 3 * mm))
        ending += [Paragraph(esc(line), st["note"]) for line in document.notes]
    if document.signed:
        ending += signature_block(signer, width)
    story.append(KeepTogether(ending))
    if not pages.total:
        pages.total = _estimated_pages(heading, head, body[:split], ending, column_widths, width,
                                       frame_height(wide=document.wide))
    pdf = render(story, title=document.title.capitalize(), author=institution.name, wide=document.wide,
                 header_style=institution.header_style, on_page=pages.page_done)
    return pdf, marks


def _estimated_pages(heading: Sequence[Flowable], head: list[Paragraph], body: Sequence[Sequence[Flowable]],
                     ending: Sequence[Flowable], widths: list[float], width: float, height: float) -> int:
    """How many pages the list will fill, from each row's height (its cells wrapped to their
    columns) packed under the heading and a repeated header row, then the notes and signature
    kept together: the progress bar's count, told before the layout (the slow part) begins."""
    pad_x = CELL_PADDING["left"] + CELL_PADDING["right"]
    pad_y = CELL_PADDING["top"] + CELL_PADDING["bottom"]

    def row_height(cells: Sequence[Flowable]) -> float:
        return max(cell.wrap(w - pad_x, height)[1] for cell, w in zip(cells, widths, strict=True)) + pad_y

    room = height - 2 * 6  # the frame's padding
    used = sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in heading)
    top = row_height(head)
    used += top
    count = 1
    for cells in body:
        tall = row_height(cells)
        if used + tall > room:
            count += 1
            used = top
        used += tall
    if used + sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in ending) > room:
        count += 1
    return count


def _table(data: Sequence[Sequence[object]], widths: list[float]) -> LongTable:
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([*GRID_TABLE_STYLE, ("ALIGN", (1, 1), (1, -1), "CENTER")]))  # the photos centred
    return table
