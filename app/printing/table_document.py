"""Any :class:`~app.domain.tables.TableDocument` as an official PDF: header, title, table, notes,
what follows the table (a report's charts), signature.

:func:`document_pdf` is the one place of the rule that a signature never stands alone on a page:
every signed table document (class documents, registry, reports with their charts) is built here.

The table is drawn straight on the canvas, not laid out by platypus: a 20,000-row registry must
print at the speed of the paper, in bounded memory. Its rows are read twice from
``document.cells`` (a list, or a :class:`~app.domain.tables.RowSource` that streams them from the
database a block at a time): once to measure each row's height (cells wrapped between words with
the font's own widths, cached per word), once to draw. Between the two, the pages are counted from
those heights alone, which gives "Trang X/Y" without a second layout. The heading, the notes,
a report's charts and the signature are the few platypus flowables of the page, placed by the same
walk with the rules of a platypus frame (6 pt padding, space before dropped at the top of a page).
"""

from __future__ import annotations

import datetime as dt
import io
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer

from app.domain.errors import Cancelled
from app.domain.formatting import date_line
from app.domain.institution import Institution
from app.domain.tables import TableDocument
from app.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from app.printing.styles import styles
from app.printing.template import (
    CELL_PADDING,
    DOTS,
    MARGINS_MM,
    ReportForm,
    Signer,
    esc,
    frame_height,
    frame_width,
    header,
    page_size,
    recipients_block,
    report_number,
    signature_block,
    title_block,
)

TAIL_ROWS = 3
FRAME_PADDING = 6  # platypus's frame padding, kept so that the page looks as it always did
GRID_WIDTH = 0.5
HEAD_GREY = colors.Color(0.92, 0.92, 0.92)
_FUZZ = 1e-6
SPACE_SHRINKAGE = 0.05  # a line may fit by shrinking its spaces this much (as reportlab's paragraphs do)
SPLIT_LINES = 2  # a row taller than a page starts at a page's foot only when this many of its lines fit there

Progress = Callable[[int, int], object]


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
                 extras: Sequence[Sequence[Flowable]] = (), form: ReportForm | None = None,
                 progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> bytes:
    """The document as an official PDF; ``extras`` are blocks printed after the table and its notes
    (a report's chart rows), each kept in one piece.

    The signature never stands alone on a page: it travels with the last extra block when there
    is one; otherwise, when the signature (with the notes) would begin a page after the table's
    last one, the last rows of the table move over with it (under a repeated header), so the
    signed page shows part of what is signed.

    ``progress(pages done, pages)`` is told as pages are drawn; ``cancelled()`` is asked as the
    rows are measured and drawn, and :class:`Cancelled` raised when it says yes."""
    register_fonts()
    if form is not None and form.attachment:
        document = replace(document, signed=False)
    stop = cancelled or (lambda: False)
    table = _Table(document, stop)
    n = len(table.heights[-1]) if table.heights else 0
    plan = _Plan(institution, document, day, signer, extras, form, table, tail=0)
    pages, marks = plan.walk(None)
    alone = marks.get("ending", 0) > marks.get("table", 0)
    if document.signed and not extras and n > TAIL_ROWS and alone:
        tail = TAIL_ROWS
        while n - tail - 1 in table.headings and tail < n - 1:
            tail += 1  # a section heading goes over with its rows
        plan = _Plan(institution, document, day, signer, extras, form, table, tail=tail)
        pages, marks = plan.walk(None)
    buffer = io.BytesIO()
    binary = rl_config.useA85
    rl_config.useA85 = 0  # binary page streams: ASCII85 (pure Python without rl_accel) costs a sixth of the time
    try:
        canvas = _canvas(buffer, document, institution)
        plan.walk(_Painter(canvas, pages, institution.header_style, progress, stop))
        canvas.save()
    finally:
        rl_config.useA85 = binary
    return buffer.getvalue()


def table_pdf(institution: Institution, document: TableDocument, *, day: dt.date, signer: Signer,
              progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> bytes:
    """The document as an official PDF (see :func:`document_pdf`)."""
    return document_pdf(institution, document, day=day, signer=signer, progress=progress, cancelled=cancelled)


def _canvas(buffer: io.BytesIO, document: TableDocument, institution: Institution):
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(buffer, pagesize=page_size(wide=document.wide), initialFontName=SERIF, initialFontSize=12)
    canvas.setTitle(document.title.capitalize())
    canvas.setAuthor(institution.name)
    canvas.setCreator("boiduong")
    return canvas


# -- measuring text -----------------------------------------------------------------------------

class _Widths:
    """Widths of words in one face and size, from the font's own metrics, cached per word (a
    Vietnamese text is made of a few thousand syllables, so the cache stays small)."""

    def __init__(self, font: str, size: float):
        self.font, self.size = font, size
        self.cache: dict[str, float] = {}
        self.space = stringWidth(" ", font, size)
        self.face = getFont(font)
        self.shrink = self.space * SPACE_SHRINKAGE

    def word(self, word: str) -> float:
        width = self.cache.get(word)
        if width is None:
            width = stringWidth(word, self.font, self.size)
            if len(self.cache) < 200_000:
                self.cache[word] = width
        return width

    def lines(self, text: str, room: float) -> list[tuple[str, float]]:
        """``text`` in lines of at most ``room`` points, broken between words (a word longer than
        the room is broken inside as a last resort); each line with its width."""
        words = text.split()
        if not words:
            return []
        out: list[tuple[str, float]] = []
        line: list[str] = []
        used = 0.0
        space = self.space
        for word in words:
            width = self.word(word)
            if line and used + space + width <= room + self.shrink * len(line):
                line.append(word)
                used += space + width
                continue
            pieces = self._cut(word, used + space if line else 0.0, room) if width > room else []
            if len(pieces) > 1:  # a word wider than its column: cut it where it must, as reportlab does
                head = pieces.pop(0)
                if head:
                    line.append(head)
                    used = (used + space if len(line) > 1 else 0.0) + self.word(head)
                if line:
                    out.append((" ".join(line), used))
                out.extend((piece, self.word(piece)) for piece in pieces[:-1])
                word = pieces[-1]
                width = self.word(word)
            elif line:
                out.append((" ".join(line), used))
            line, used = [word], width
        out.append((" ".join(line), used))
        return out

    def count(self, text: str, room: float) -> int:
        """How many lines :meth:`lines` makes (one without wrapping when the text fits)."""
        words = text.split()
        if not words:
            return 0
        total = sum(self.word(w) for w in words) + self.space * (len(words) - 1)
        if total <= room + self.shrink * (len(words) - 1):
            return 1
        return len(self.lines(text, room))

    def _cut(self, word: str, used: float, room: float) -> list[str]:
        """``word`` cut into pieces: the first fills what is left of the line (``used`` points
        taken), the others a line each, the last one a line others may follow on."""
        pieces: list[str] = []
        piece = ""
        width = used
        for char in word:
            char_width = self.word(char)
            if width + char_width > room and (piece or char_width <= room):
                pieces.append(piece)
                piece, width = "", 0.0
            piece += char
            width += char_width
        pieces.append(piece)
        return pieces


@dataclass
class _Grid:
    """One printed table (a sheet of the document): its columns on the page and their type."""

    columns: tuple[int, ...]  # indices into the document's columns
    widths: list[float]
    aligns: list[str]
    size: float
    leading: float
    plain: _Widths
    bold: _Widths
    head_lines: list[list[tuple[str, float]]] = field(default_factory=list)
    head_height: float = 0.0

    @property
    def rooms(self) -> list[float]:
        return [w - CELL_PADDING["left"] - CELL_PADDING["right"] for w in self.widths]

    def height(self, row: Sequence[object], bold: bool, minimum: float) -> float:
        widths = self.bold if bold else self.plain
        most = 0
        for i, room in zip(self.columns, self.rooms, strict=True):
            value = row[i]
            if value is None or value == "":
                continue
            lines = widths.count(str(value), room)
            if lines > most:
                most = lines
        return max(minimum, most * self.leading + CELL_PADDING["top"] + CELL_PADDING["bottom"])

    def piece(self, lines: int) -> float:
        """The height of ``lines`` lines of a row (a piece of a row taller than a page)."""
        return lines * self.leading + CELL_PADDING["top"] + CELL_PADDING["bottom"]

    def lines_in(self, height: float) -> int:
        """How many lines of text a row (or a room) of ``height`` points holds."""
        return int((height - CELL_PADDING["top"] - CELL_PADDING["bottom"]) / self.leading + _FUZZ)


class _Table:
    """The document's table measured: every row's height on each sheet (an array of floats, not
    the rows), read in one pass over the cells."""

    def __init__(self, document: TableDocument, cancelled: Callable[[], bool]):
        self.document = document
        width = frame_width(wide=document.wide)
        size = document.font_size or 11
        leading = size * 1.2 if document.font_size else styles()["cell"].leading
        groups = document.column_groups or (tuple(range(len(document.columns))),)
        plain, bold = _Widths(SERIF, size), _Widths(SERIF_BOLD, size)
        self.grids: list[_Grid] = []
        for group in groups:
            total = sum(document.columns[i].width_mm for i in group) * mm
            scale = width / total if total else 1.0  # each sheet fills the frame's width
            grid = _Grid(tuple(group), [document.columns[i].width_mm * mm * scale for i in group],
                         [document.columns[i].align for i in group], size, leading, plain, bold)
            grid.head_lines = [bold.lines(document.columns[i].header, room) for i, room in zip(group, grid.rooms,
                                                                                                 strict=True)]
            grid.head_height = max(len(x) for x in grid.head_lines) * leading + CELL_PADDING["top"] + \
                CELL_PADDING["bottom"]
            self.grids.append(grid)
        self.headings = set(document.headings)
        self.minimum = document.min_row_height_mm * mm if document.min_row_height_mm else 0.0
        self.heights = [array("d") for _ in self.grids]
        for index, row in enumerate(document.cells):
            if index % 256 == 0 and cancelled():
                raise Cancelled
            heading = index in self.headings
            for grid, heights in zip(self.grids, self.heights, strict=True):
                heights.append(grid.height(row, heading, self.minimum))
        footer = document.footer
        self.footer_heights = [grid.height(footer, True, 0.0) if footer is not None else 0.0 for grid in self.grids]


# -- laying out and drawing -----------------------------------------------------------------------

class _Painter:
    """Draws what the walk places, page by page, numbering each page as it ends."""

    def __init__(self, canvas, pages: int, header_style: str, progress: Progress | None,
                 cancelled: Callable[[], bool]):
        self.canvas, self.pages, self.header_style = canvas, pages, header_style
        self.progress, self.cancelled = progress, cancelled
        self.page = 1
        self.rows: dict[int, Iterator[Sequence[object]]] = {}

    def end_page(self) -> None:
        canvas = self.canvas
        width, height = canvas._pagesize
        if self.header_style == "state":
            if self.page > 1:
                canvas.setFont(SERIF, 13)
                canvas.drawCentredString(width / 2, height - 12 * mm, str(self.page))
        elif self.pages > 1:
            canvas.setFont(SERIF_ITALIC, 10)
            canvas.drawCentredString(width / 2, 10 * mm, f"Trang {self.page}/{self.pages}")
        canvas.showPage()
        if self.progress is not None:
            self.progress(self.page, self.pages)
        if self.cancelled():
            raise Cancelled
        self.page += 1


class _Plan:
    """The document as a sequence of things to place, walked once to count the pages (and note
    where the table ends and the signing block begins), then once more to draw them."""

    def __init__(self, institution: Institution, document: TableDocument, day: dt.date, signer: Signer,
                 extras: Sequence[Sequence[Flowable]], form: ReportForm | None, table: _Table, *, tail: int):
        self.document, self.table, self.tail = document, table, tail
        width = frame_width(wide=document.wide)
        page_height = page_size(wide=document.wide)[1]
        self.left = MARGINS_MM["left"] * mm
        self.x0 = self.left + FRAME_PADDING
        self.room_width = width - 2 * FRAME_PADDING
        self.top = page_height - MARGINS_MM["top"] * mm - FRAME_PADDING
        self.room = frame_height(wide=document.wide) - 2 * FRAME_PADDING
        self.heading = _heading(institution, document, day, width, form)
        st = styles()
        self.titles = [Paragraph(esc(t), st["group_title"]) for t in document.group_titles]
        notes: list[Flowable] = []
        if document.notes:
            notes.append(Spacer(1, 3 * mm))
            notes += [Paragraph(esc(line), st["note"]) for line in document.notes]
        self.notes = notes
        self.extras = [list(b) for b in extras]
        signing: list[Flowable] = []
        if document.signed and form is not None:
            signing = signature_block(signer, width, left=recipients_block(form.recipients),
                                      middle=[Paragraph("NGƯỜI LẬP BIỂU", st["sign_title"])])
        elif document.signed:
            signing = signature_block(signer, width)
        self.signing = signing
        self._sizes: dict[int, tuple[float, float]] = {}

    # -- the walk ------------------------------------------------------------------------------

    def walk(self, painter: _Painter | None) -> tuple[int, dict[str, int]]:
        """Place everything; draw it when ``painter`` is given. Returns the pages and the marks."""
        self.painter = painter
        self.page, self.used, self.at_top = 1, 0.0, True
        marks: dict[str, int] = {}
        n = len(self.table.heights[-1]) if self.table.heights else 0
        body = n - self.tail
        for flowable in self.heading:
            self._flow(flowable)
        groups = len(self.table.grids)
        for index in range(groups):
            if index:
                self._new_page()
            if index < len(self.titles):
                self._flow(self.titles[index])
            final = index == groups - 1
            self._rows(index, 0, body if final else n, footer=not (self.tail and final))
        marks["table"] = self.page
        if self.extras:
            for flowable in self.notes:
                self._flow(flowable)
            for block in self.extras[:-1]:
                self._keep(block)
            marks["ending"] = self._keep(self.extras[-1] + self.signing)
        else:
            marks["ending"] = self._keep(self.notes + self.signing, tail=(body, n) if self.tail else None)
        if painter is not None:
            painter.end_page()
        return self.page, marks

    def _new_page(self) -> None:
        if self.painter is not None:
            self.painter.end_page()
        self.page += 1
        self.used, self.at_top = 0.0, True

    def _size(self, flowable: Flowable) -> tuple[float, float]:
        key = id(flowable)
        if key not in self._sizes:
            self._sizes[key] = flowable.wrap(self.room_width, self.room)
        return self._sizes[key]

    def _space_before(self, flowable: Flowable) -> float:
        return 0.0 if self.at_top else flowable.getSpaceBefore()

    def _flow(self, flowable: Flowable) -> None:
        """Place one flowable as a platypus frame would (on the next page when it does not fit)."""
        width, height = self._size(flowable)
        if self.used + self._space_before(flowable) + height > self.room + _FUZZ and not self.at_top:
            self._new_page()
        self.used += self._space_before(flowable) + height
        if self.painter is not None:
            align = getattr(flowable, "hAlign", "LEFT")
            x = self.x0
            if align in ("CENTER", "CENTRE"):
                x += (self.room_width - width) / 2
            elif align == "RIGHT":
                x += self.room_width - width
            flowable.wrapOn(self.painter.canvas, self.room_width, self.room)
            flowable.drawOn(self.painter.canvas, x, self.top - self.used)
        self.used += flowable.getSpaceAfter()
        self.at_top = False

    def _keep(self, block: list[Flowable], *, tail: tuple[int, int] | None = None) -> int:
        """Place ``block`` (and the last rows ``tail`` before it) in one piece; the page it starts on."""
        height, first = 0.0, True
        if tail is not None:
            grid = len(self.table.grids) - 1
            a, b = tail
            height += self.table.grids[grid].head_height + sum(self.table.heights[grid][a:b])
            height += self.table.footer_heights[grid]
            first = False
        for flowable in block:
            height += (0.0 if first else flowable.getSpaceBefore()) + self._size(flowable)[1]
            height += flowable.getSpaceAfter()
            first = False
        if not self.at_top and self.used + height > self.room + _FUZZ:
            self._new_page()
        page = self.page
        if tail is not None:
            self._rows(len(self.table.grids) - 1, *tail, footer=True)
        for flowable in block:
            self._flow(flowable)
        return page

    def _rows(self, index: int, start: int, stop: int, *, footer: bool) -> None:
        """Rows ``start`` to ``stop`` of sheet ``index`` (and the totals row), under the header,
        repeated on each page they run over; a section heading never ends a page. A row taller than
        a whole page runs on over the pages, line by line (a long cancel reason in a narrow column)."""
        grid, heights = self.table.grids[index], self.table.heights[index]
        document = self.table.document
        footer_height = self.table.footer_heights[index] if footer and document.footer is not None else None
        count = stop - start + (footer_height is not None)
        painter = self.painter
        source: Iterator[Sequence[object]] | None = None
        if painter is not None:
            source = painter.rows.get(index)
            if source is None or start == 0:
                source = iter(document.cells)
                painter.rows[index] = source
        i = start
        part = 0  # lines of row i already printed on the pages before (a row taller than a page)
        carried: Sequence[object] | None = None  # that row's cells, read once
        done_footer = footer_height is None
        first_piece = True
        while first_piece or i < stop or not done_footer:
            first_piece = False
            room = self.room - self.used
            # What fits under the header here: at least one row, else the table starts on the next page.
            taken: list[float] = []
            total = grid.head_height
            j = i
            while j < stop:
                h = self._rest(grid, heights[j], part if j == i else 0)
                if total + h > room + _FUZZ:
                    break
                total += h
                taken.append(h)
                j += 1
            footer_here = False
            if j == stop and footer_height is not None and not done_footer and total + footer_height <= room + _FUZZ:
                total += footer_height
                footer_here = True
            # Nor does the totals row begin a page alone: the last row goes over with it.
            if (j == stop and footer_height is not None and not done_footer and not footer_here
                    and len(taken) > 1 and j - 1 >= i):
                j -= 1
                total -= taken.pop()
            # A section heading never ends a piece with its row on the next page.
            while j < stop and taken and j - 1 in self.table.headings and j - 1 >= i:
                j -= 1
                total -= taken.pop()
            # A row that no page can hold begins here and runs on: as many of its lines as fit.
            split: tuple[int, int] | None = None
            if j < stop:
                first_line = part if j == i else 0
                rest = self._rest(grid, heights[j], first_line)
                fit = grid.lines_in(room - total)
                if rest > self.room - grid.head_height + _FUZZ and fit >= (1 if self.at_top and not taken
                                                                              else SPLIT_LINES):
                    split = (first_line, first_line + fit)
                    taken.append(grid.piece(fit))
                    total += taken[-1]
            if not taken and not footer_here and count > 0:
                if self.at_top:  # a page too short for one line of a row: put the row anyway
                    h = heights[i] if i < stop else footer_height or 0.0
                    taken, j, total = [h], (i + 1 if i < stop else i), grid.head_height + h
                    footer_here = i >= stop
                else:
                    self._new_page()
                    continue
            if painter is not None:
                rows: list[Sequence[object]] = []
                for k in range(i, j + (split is not None)):
                    rows.append(carried if k == i and part and carried is not None else next(source))  # type: ignore[arg-type]
                spans: list[tuple[int, int] | None] = [None] * len(rows)
                if part and rows:
                    spans[0] = (part, 10**9)
                if split is not None:
                    spans[-1] = split
                    carried = rows[-1]
                self._draw(grid, rows, taken, i, footer_height if footer_here else None, spans)
            self.used += total
            self.at_top = False
            if split is not None:
                i, part = j, split[1]
            else:
                i, part = j, 0
            done_footer = done_footer or footer_here
            if i < stop or not done_footer:
                self._new_page()

    @staticmethod
    def _rest(grid: _Grid, height: float, printed: int) -> float:
        """What is left of a row of ``height`` once its first ``printed`` lines are on earlier pages."""
        return height if not printed else grid.piece(grid.lines_in(height) - printed)

    def _draw(self, grid: _Grid, rows: list[Sequence[object]], heights: list[float], first: int,
              footer_height: float | None, spans: Sequence[tuple[int, int] | None] = ()) -> None:
        """The header, ``rows`` (a row with a span: only those of its lines, from the top) and the
        totals row, with their rules."""
        assert self.painter is not None
        canvas = self.painter.canvas
        document = self.table.document
        x0 = self.left
        top = self.top - self.used
        edges = [x0]
        for w in grid.widths:
            edges.append(edges[-1] + w)
        total_height = grid.head_height + sum(heights) + (footer_height or 0.0)
        canvas.setFillColor(HEAD_GREY)
        canvas.rect(x0, top - grid.head_height, edges[-1] - x0, grid.head_height, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        y = top
        self._cells(canvas, grid, grid.head_lines, ["center"] * len(grid.widths), edges, y, grid.head_height,
                    grid.bold)
        y -= grid.head_height
        ys = [top, y]
        for offset, (row, height) in enumerate(zip(rows, heights, strict=True)):
            bold = first + offset in self.table.headings
            widths = grid.bold if bold else grid.plain
            lines = [widths.lines(str(row[c]), room) if row[c] not in (None, "") else []
                     for c, room in zip(grid.columns, grid.rooms, strict=True)]
            span = spans[offset] if offset < len(spans) else None
            if span is not None:  # a piece of a row taller than a page: its lines from the top
                lines = [cell[span[0]:span[1]] for cell in lines]
            self._cells(canvas, grid, lines, grid.aligns, edges, y, height, widths,
                        top_aligned=span is not None)
            y -= height
            ys.append(y)
        footer = document.footer
        if footer_height is not None and footer is not None:
            lines = [grid.bold.lines(str(footer[c]), room) if footer[c] not in (None, "") else []
                     for c, room in zip(grid.columns, grid.rooms, strict=True)]
            self._cells(canvas, grid, lines, grid.aligns, edges, y, footer_height, grid.bold)
            y -= footer_height
            ys.append(y)
        canvas.setLineWidth(GRID_WIDTH)
        canvas.setStrokeColor(colors.black)
        segments = [(x0, v, edges[-1], v) for v in ys]
        segments += [(x, top, x, top - total_height) for x in edges]
        canvas.lines(segments)

    @staticmethod
    def _cells(canvas, grid: _Grid, cells: list[list[tuple[str, float]]], aligns: list[str], edges: list[float],
               top: float, height: float, widths: _Widths, *, top_aligned: bool = False) -> None:
        """One row's texts, each cell's lines centred in its height (as VALIGN MIDDLE does), or
        from its top (``top_aligned``: a piece of a row that runs over pages).

        Each cell is written with the operators a paragraph in a table cell writes (moved to its
        corner, a text object, its lines one under the other), so that text extraction reads a
        cell as it always did; written here directly, without reportlab's text objects (whose
        number formatting is most of the cost of a long table)."""
        pad_left, pad_top, pad_bottom = CELL_PADDING["left"], CELL_PADDING["top"], CELL_PADDING["bottom"]
        size, leading = grid.size, grid.leading
        font, doc, escape = widths.face, canvas._doc, canvas._escape
        code = canvas._code
        setting = f"{size:g} Tf {leading:g} TL"
        for lines, align, x, room in zip(cells, aligns, edges[:-1], grid.rooms, strict=True):
            if not lines:
                continue
            content = len(lines) * leading
            bottom = top - height
            corner = top - pad_top - content if top_aligned else bottom + (pad_bottom + height - pad_top - content) / 2
            ops = [f"q 1 0 0 1 {x + pad_left:.3f} {corner:.3f} cm BT 1 0 0 1 0 {content - size:.3f} Tm"]
            shift = 0.0
            subset_now = -1
            for line, width in lines:
                extra = room - width
                squeezed = extra < -1e-8 and " " in line  # fitted by shrinking its spaces
                offset = 0.0 if squeezed else extra / 2 if align == "center" else extra if align == "right" else 0.0
                if offset != shift:
                    ops.append(f"{offset - shift:.3f} 0 Td")
                if squeezed:
                    ops.append(f"{extra / line.count(' '):.3f} Tw")
                for subset, piece in font.splitString(line, doc):
                    if subset != subset_now:
                        ops.append(f"{font.getSubsetInternalName(subset, doc)} {setting}")
                        subset_now = subset
                    ops.append(f"({escape(piece)}) Tj")
                ops.append("T*")
                if squeezed:
                    ops.append("0 Tw")
                shift = offset
            if shift:
                ops.append(f"{-shift:.3f} 0 Td")
            ops.append("ET Q")
            code.append(" ".join(ops))
