"""The page of a Vietnamese official document: margins, header, date line, signature, page numbers.

Layout follows Hướng dẫn 36-HD/VPTW (party documents) or Nghị định 30/2020/NĐ-CP (state
documents), chosen by ``Institution.header_style``. Everything is measured in millimetres.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.domain.formatting import date_line
from app.domain.institution import Institution
from app.printing.fonts import SERIF, SERIF_ITALIC, register_fonts
from app.printing.names import balanced_lines
from app.printing.styles import styles

MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_MOTTO = "Độc lập - Tự do - Hạnh phúc"


def esc(text: object) -> str:
    """User text made safe for reportlab's paragraph mini-markup."""
    return (str(text if text is not None else "").replace("&", "&amp;")
            .replace("<", "&lt;").replace(">", "&gt;"))


@dataclass(frozen=True)
class Signer:
    """Who signs: the director, or a deputy on the director's behalf."""

    name: str = ""
    deputy: bool = False
    header_style: str = "party"

    @classmethod
    def for_institution(cls, institution: Institution, *, deputy: bool | None = None) -> Signer:
        """The signer the settings name (the deputy when "Phó Giám đốc ký thay" is set), or the one asked for."""
        deputy = institution.deputy_signs if deputy is None else deputy
        return cls(name=institution.deputy_name if deputy else institution.director_name, deputy=deputy,
                   header_style=institution.header_style)

    def titles(self) -> list[str]:
        """The signing lines: GIÁM ĐỐC; or, for a deputy, "KT. GIÁM ĐỐC" (Nghị định 30) or
        "K/T GIÁM ĐỐC" (Hướng dẫn 36) over "PHÓ GIÁM ĐỐC"."""
        if not self.deputy:
            return ["GIÁM ĐỐC"]
        return ["KT. GIÁM ĐỐC" if self.header_style == "state" else "K/T GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]


DOTS = "……"


@dataclass(frozen=True)
class ReportForm:
    """A report printed as an official report (Nghị định 30 / Hướng dẫn 36): its number (typed
    when printing, or dots to fill by hand), "BÁO CÁO" over its summary line, "Nơi nhận:" and
    "Người lập biểu" beside the signer; or, as an ``attachment``, its table alone headed
    "(Kèm theo Báo cáo số … ngày …)"."""

    number: str = ""
    recipients: tuple[str, ...] = ()
    attachment: bool = False
    report_day: dt.date | None = None  # the day of the report an attachment goes with


def name_initials(name: str) -> str:
    """The issuing body's short sign: the initials of its name before the administrative unit
    ("Trung tâm Bồi dưỡng chính trị huyện Si Ma Cai" → "TTBDCT")."""
    from app.domain.text import fold

    out = []
    for word in name.split():
        if any(fold(word) == unit.split()[0] for unit in ("huyen", "thanh pho", "thi xa", "quan", "tinh")):
            break
        out.append(fold(word)[:1].upper())
    return "".join(out)


def report_number(institution: Institution, number: str) -> str:
    """"Số: 12-BC/TTBDCT" (party style) or "Số: 12/BC-TTBDCT" (state style); dots when not typed."""
    sign = name_initials(institution.name)
    typed = number.strip() or DOTS
    return f"{typed}/BC-{sign}" if institution.header_style == "state" else f"{typed}-BC/{sign}"


class _UnderlinedParagraph(Paragraph):
    """A centred paragraph with a short rule under its text (the party/motto line, the state
    style's issuing body)."""

    def __init__(self, text: str, style, rule_fraction: float = 1.0):
        super().__init__(text, style)
        self.rule_fraction = rule_fraction

    def draw(self):
        super().draw()
        text_width = max(self.getActualLineWidths0() or [0])
        rule = text_width * self.rule_fraction
        x0 = (self.width - rule) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x0, -2.5, x0 + rule, -2.5)


NAME_MIN_SIZE = 12  # Nghị định 30 and Hướng dẫn 36: the issuing body's name in 12-13 pt


def name_paragraph(text: str, style: ParagraphStyle, width: float, *, rule_fraction: float = 0.0) -> Paragraph:
    """An institution's name in balanced lines broken between words (never "CHÍNH / TRỊ" or
    "SI / MA CAI"), a little smaller when it would not fit ``width`` otherwise; with
    ``rule_fraction`` a short rule under it."""
    lines, size = balanced_lines(text, style.fontName, style.fontSize, width, min_size=NAME_MIN_SIZE)
    sized = ParagraphStyle(f"{style.name}-{size}", style, fontSize=size, leading=size * 1.25)
    markup = "<br/>".join(esc(line) for line in lines)
    return _UnderlinedParagraph(markup, sized, rule_fraction) if rule_fraction else Paragraph(markup, sized)


def header_name_lines(institution: Institution, *, wide: bool = False) -> tuple[list[str], list[str]]:
    """The parent body's and the institution's names in the lines the PDF heading breaks them
    into (between words, the administrative unit on its own line), for a sheet's heading."""
    st = styles()
    split = 0.45 if institution.header_style == "state" else 0.5
    room = frame_width(wide=wide) * split - 2 * mm
    parent, _size = balanced_lines(institution.parent_body.upper(), st["header_left"].fontName,
                                   st["header_left"].fontSize, room, min_size=NAME_MIN_SIZE)
    name, _size = balanced_lines(institution.name.upper(), st["header_left_bold"].fontName,
                                 st["header_left_bold"].fontSize, room, min_size=NAME_MIN_SIZE)
    return parent, name


def header(institution: Institution, day: dt.date | None, width: float, *, number: str = "") -> Table:
    """The two-column heading: issuing body on the left, party or state line on the right."""
    st = styles()
    state = institution.header_style == "state"
    split = 0.45 if state else 0.5
    room = width * split - 2 * mm
    left: list[Flowable] = [name_paragraph(institution.parent_body.upper(), st["header_left"], room)]
    if state:
        # Nghị định 30: a rule under the issuing body's name, a third to a half of its length; no "*".
        left.append(name_paragraph(institution.name.upper(), st["header_left_bold"], room, rule_fraction=0.4))
        right = [Paragraph(STATE_NAME, st["header_state"]),
                 _UnderlinedParagraph(STATE_MOTTO, st["header_motto"])]
    else:
        left += [name_paragraph(institution.name.upper(), st["header_left_bold"], room),
                 Paragraph("*", st["header_left"])]
        right = [_UnderlinedParagraph(PARTY_NAME, st["header_right"])]
    if number:
        left += [Spacer(1, 2 * mm), Paragraph(f"Số: {esc(number)}", st["header_left"])]
    if day is not None:
        right += [Spacer(1, 4 * mm), Paragraph(esc(date_line(institution.place_name, day)), st["date_line"])]
    table = Table([[left, right]], colWidths=[width * split, width * (1 - split)])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF),  # reportlab's default cell font is Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def title_block(title: str, subtitle: str = "") -> list[Flowable]:
    st = styles()
    out: list[Flowable] = [Spacer(1, 6 * mm), Paragraph(esc(title), st["title"])]
    if subtitle:
        out.append(Paragraph(esc(subtitle), st["subtitle"]))
    else:
        out.append(Spacer(1, 4 * mm))
    return out


def recipients_block(recipients: Sequence[str]) -> list[Flowable]:
    """"Nơi nhận:" (bold italic 12 pt) and its lines (11 pt), as Nghị định 30 and Hướng dẫn 36 set them;
    no lines: the heading alone, with room under it to write them by hand."""
    st = styles()
    lines = [line if line.startswith(("-", "–")) else f"- {line}" for line in recipients]
    return [Paragraph("<b><i>Nơi nhận:</i></b>", st["recipients_head"]),
            *[Paragraph(esc(line), st["recipients"]) for line in lines]]


def signature_block(signer: Signer, width: float, *, left: Sequence[Flowable] = (),
                    middle: Sequence[Flowable] = ()) -> list[Flowable]:
    """The signing block on the right (GIÁM ĐỐC, or K/T GIÁM ĐỐC / PHÓ GIÁM ĐỐC, room for the seal),
    as flowables a caller keeps together with what must stay beside it (``left``: "Nơi nhận";
    ``middle``: "Người lập biểu")."""
    st = styles()
    lines: list[Flowable] = [Paragraph(title, st["sign_title"]) for title in signer.titles()]
    lines += [Spacer(1, 28 * mm), Paragraph(esc(signer.name), st["sign_name"])]
    if middle:
        row = [list(left), list(middle), lines]
        widths = [width * 0.36, width * 0.24, width * 0.40]
    else:
        row, widths = [list(left), lines], [width * 0.45, width * 0.55]
    table = Table([row], colWidths=widths)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF),  # reportlab's default cell font is Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [Spacer(1, 6 * mm), table]


def signature(signer: Signer, width: float, *, left: Sequence[Flowable] = ()) -> KeepTogether:
    """The signing block, kept in one piece."""
    return KeepTogether(signature_block(signer, width, left=left))


@dataclass(frozen=True)
class Column:
    """A printed table column: header, width in millimetres, alignment (left / center / right)."""

    header: str
    width_mm: float
    align: str = "left"


def _sized(style, size: float | None):
    if size is None:
        return style
    return ParagraphStyle(f"{style.name}-{size}", style, fontSize=size, leading=size * 1.2)


CELL_PADDING = {"top": 2, "bottom": 3, "left": 3, "right": 3}


# A boxed table with a grey header row, the cells padded as the measuring assumes.
GRID_TABLE_STYLE = [
    ("FONT", (0, 0), (-1, -1), SERIF),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
    ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING["top"]),
    ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING["bottom"]),
    ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING["left"]),
    ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING["right"]),
]


def data_table(columns: Sequence[Column], rows: Sequence[Sequence[object]], *,
               total_width: float | None = None, footer: Sequence[object] | None = None,
               font_size: float | None = None, min_row_height: float | None = None,
               headings: Sequence[int] = ()) -> LongTable:
    """A ruled table whose header row repeats on every page; long text wraps, never clips.

    Widths are scaled to ``total_width`` (points) when given; wide tables pass a smaller
    ``font_size`` so that numbers and dates fit their columns. With ``min_row_height`` (points)
    every body row is at least that high (room to sign), taller when its text needs it. The rows
    of ``headings`` (indices into ``rows``) head a section: bold, and never left alone at the foot
    of a page (they move to the next page with the row under them).
    """
    st = {k: _sized(v, font_size) for k, v in styles().items() if k.startswith("cell")}
    widths = [c.width_mm * mm for c in columns]
    if total_width:
        scale = total_width / sum(widths)
        widths = [w * scale for w in widths]
    cell_style = {"left": st["cell"], "center": st["cell_center"], "right": st["cell_right"]}
    data = [[Paragraph(esc(c.header), st["cell_head"]) for c in columns]]
    bold = set(headings)
    for index, row in enumerate(rows):
        if index in bold:
            data.append([Paragraph(f"<b>{esc(v)}</b>", cell_style[c.align]) for c, v in zip(columns, row, strict=True)])
        else:
            data.append([Paragraph(esc(v), cell_style[c.align]) for c, v in zip(columns, row, strict=True)])
    if footer is not None:
        data.append([Paragraph(f"<b>{esc(v)}</b>", cell_style[c.align])
                     for c, v in zip(columns, footer, strict=True)])
    heights = None
    if min_row_height:
        pad = CELL_PADDING
        heights = [None] + [max(min_row_height, pad["top"] + pad["bottom"] + max(
            cell.wrap(w - pad["left"] - pad["right"], 10_000)[1] for cell, w in zip(row, widths, strict=True)))
            for row in data[1:]]
    table = LongTable(data, colWidths=widths, rowHeights=heights, repeatRows=1)
    table.setStyle(TableStyle([("NOSPLIT", (0, 1 + i), (-1, min(2 + i, len(data) - 1))) for i in sorted(bold)]))
    table.setStyle(TableStyle(GRID_TABLE_STYLE))
    return table


class _NumberedCanvas(pdfcanvas.Canvas):
    """Numbers the pages of a document longer than one page, as its norm wants: party style
    (Hướng dẫn 36) "Trang X/Y" at the foot of every page; state style (Nghị định 30, Phụ lục I)
    the bare number, 13 pt upright, centred in the top margin, from page 2 on."""

    header_style = "party"
    on_page: Callable[[], object] | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []

    def showPage(self):  # reportlab names it so
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()
        if self.on_page is not None:  # a page is laid out and drawn (numbered when all are)
            self.on_page()

    def save(self):
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            width, height = self._pagesize
            if self.header_style == "state":
                if self._pageNumber > 1:
                    self.setFont(SERIF, 13)
                    self.drawCentredString(width / 2, height - 12 * mm, str(self._pageNumber))
            elif total > 1:
                self.setFont(SERIF_ITALIC, 10)
                self.drawCentredString(width / 2, 10 * mm, f"Trang {self._pageNumber}/{total}")
            super().showPage()
        super().save()


def _canvas_for(header_style: str, on_page: Callable[[], object] | None = None) -> type[_NumberedCanvas]:
    return type(f"_NumberedCanvas_{header_style}", (_NumberedCanvas,),
                {"header_style": header_style, "on_page": staticmethod(on_page) if on_page else None})


def page_size(*, wide: bool = False) -> tuple[float, float]:
    return landscape(A4) if wide else A4


def frame_width(*, wide: bool = False) -> float:
    return page_size(wide=wide)[0] - (MARGINS_MM["left"] + MARGINS_MM["right"]) * mm


def frame_height(*, wide: bool = False) -> float:
    return page_size(wide=wide)[1] - (MARGINS_MM["top"] + MARGINS_MM["bottom"]) * mm


def render(story: Sequence[Flowable], *, title: str, author: str = "", wide: bool = False,
           header_style: str = "party", on_page: Callable[[], object] | None = None) -> bytes:
    """Lay out ``story`` on A4 (landscape when ``wide``) with the official margins, pages numbered
    as the institution's norm wants; PDF bytes. ``on_page()`` is called as each page is laid out
    (it may raise to stop the build)."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=page_size(wide=wide), title=title, author=author, creator="boiduong",
        initialFontName=SERIF, initialFontSize=12,  # no unembedded Helvetica in the file
        leftMargin=MARGINS_MM["left"] * mm, rightMargin=MARGINS_MM["right"] * mm,
        topMargin=MARGINS_MM["top"] * mm, bottomMargin=MARGINS_MM["bottom"] * mm,
    )
    doc.build(list(story), canvasmaker=_canvas_for(header_style, on_page))
    return buffer.getvalue()


__all__ = ["SERIF", "Column", "Signer", "data_table", "esc", "frame_width", "header", "render",
           "signature", "title_block"]
