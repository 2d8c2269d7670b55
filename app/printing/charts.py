"""Bar charts (reportlab graphics) and the report page that carries them after its table.

A chart is plain data — a title, category labels and one or more named series — so the same
figures feed the screen's chart and the PDF's. Numbers are written the Vietnamese way (14.199).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Protocol

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from app.domain.formatting import format_decimal, format_int
from app.domain.institution import Institution
from app.domain.tables import TableDocument
from app.printing.fonts import SERIF, SERIF_BOLD, register_fonts
from app.printing.styles import styles
from app.printing.template import (
    ReportForm,
    Signer,
    frame_height,
    frame_width,
    signature_block,
)

# Print-friendly series colours: they stay distinct on a grey laser printer.
SERIES_COLOURS = (colors.Color(0.18, 0.33, 0.58), colors.Color(0.85, 0.55, 0.20), colors.Color(0.35, 0.60, 0.35))


CHART_HEIGHT = 51 * mm  # four charts (two rows) and the signature fill a landscape page


class Chart(Protocol):
    """A bar chart to draw (read-only, so that a frozen dataclass fits)."""

    @property
    def title(self) -> str: ...
    @property
    def categories(self) -> Sequence[str]: ...
    @property
    def series(self) -> Sequence[tuple[str, Sequence[float]]]: ...


def number_text(value: float) -> str:
    """Axis and bar labels: whole numbers grouped (14.199), others with one decimal (8,5)."""
    if float(value).is_integer():
        return format_int(int(value))
    return format_decimal(value)


def _ceiling(top: float) -> float:
    """A round axis maximum a little above ``top`` (so bar labels fit under it)."""
    if top <= 0:
        return 1.0
    top *= 1.12
    step = 10 ** math.floor(math.log10(top))
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if top <= factor * step:
            return factor * step
    return 10 * step


def bar_chart(chart: Chart, width: float, height: float) -> Drawing:
    """One chart as a reportlab drawing of ``width`` × ``height`` points."""
    register_fonts()
    drawing = Drawing(width, height)
    # The drawing's starting state would name Helvetica (declared in the PDF, never embedded).
    drawing.initialFontName, drawing.initialFontSize = SERIF, 9
    drawing.add(String(width / 2, height - 12, chart.title, fontName=SERIF_BOLD, fontSize=11, textAnchor="middle"))
    several = len(chart.series) > 1
    long_labels = max((len(c) for c in chart.categories), default=0) * len(chart.categories) > 60
    bars = VerticalBarChart()
    bars.x, bars.y = 42, 34 if long_labels else 22
    bars.width = width - bars.x - 10
    bars.height = height - bars.y - (40 if several else 26)
    bars.data = [list(values) for _, values in chart.series] or [[0]]
    bars.categoryAxis.categoryNames = list(chart.categories)
    labels = bars.categoryAxis.labels
    labels.fontName, labels.fontSize = SERIF, 9
    if long_labels:
        labels.angle, labels.boxAnchor, labels.dx, labels.dy = 25, "ne", 4, -2
    top = max((v for _, values in chart.series for v in values), default=0)
    axis = bars.valueAxis
    axis.valueMin, axis.valueMax = 0, _ceiling(top)
    axis.labelTextFormat = number_text
    axis.labels.fontName, axis.labels.fontSize = SERIF, 8
    axis.visibleGrid, axis.gridStrokeColor, axis.gridStrokeWidth = True, colors.Color(0.85, 0.85, 0.85), 0.4
    # Side-by-side bars are too narrow for their numbers; the table beside the chart has them.
    bars.barLabelFormat = None if several else number_text
    bars.barLabels.fontName, bars.barLabels.fontSize = SERIF, 7.5 if several else 8.5
    bars.barLabels.nudge = 6
    bars.groupSpacing, bars.barSpacing = 6, 1
    for i in range(len(bars.data)):
        bars.bars[i].fillColor = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        bars.bars[i].strokeColor = None
    drawing.add(bars)
    if several:
        legend = Legend()
        legend.alignment = "right"
        legend.x, legend.y = bars.x, height - 22
        legend.columnMaximum, legend.deltax = 1, 90
        legend.fontName, legend.fontSize = SERIF, 9
        legend.dxTextSpace, legend.boxAnchor = 4, "nw"
        legend.colorNamePairs = [(SERIES_COLOURS[i % len(SERIES_COLOURS)], name)
                                 for i, (name, _) in enumerate(chart.series)]
        drawing.add(legend)
    return drawing


def chart_grid(charts: Sequence[Chart], width: float, *, columns: int = 2, height: float = CHART_HEIGHT) -> Table:
    """Charts side by side, ``columns`` per row, filling ``width`` points."""
    cell = width / columns
    columns = max(1, min(columns, len(charts)))  # a lone chart keeps its size, centred
    drawings: list[list[object]] = []
    for i in range(0, len(charts), columns):
        row: list[object] = [bar_chart(c, cell - 4 * mm, height) for c in charts[i:i + columns]]
        drawings.append(row + [""] * (columns - len(row)))
    table = Table(drawings, colWidths=[cell] * columns)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm)]))
    return table


def _heading_style() -> ParagraphStyle:
    return ParagraphStyle("chart_heading", styles()["title"], fontSize=13, leading=16, spaceBefore=0, spaceAfter=2)


def chart_blocks(charts: Sequence[Chart], width: float, *, columns: int,
                 room: float | None = None) -> list[list[Flowable]]:
    """The charts as blocks kept in one piece each, the heading "BIỂU ĐỒ" with the first: all the
    charts in one block when they fit ``room`` points of height (a page with the signature under
    them), else one block per row of charts."""
    heading: list[Flowable] = [Spacer(1, 4 * mm), Paragraph("BIỂU ĐỒ", _heading_style())]
    whole = chart_grid(charts, width, columns=columns, height=CHART_HEIGHT)
    if room is not None and _height([*heading, whole], width) <= room:
        return [[*heading, whole]]
    blocks: list[list[Flowable]] = []
    for i in range(0, len(charts), columns):
        grid = chart_grid(charts[i:i + columns], width, columns=columns, height=CHART_HEIGHT)
        blocks.append([*heading, grid] if i == 0 else [grid])
    return blocks


def _height(flowables: Sequence[Flowable], width: float) -> float:
    return sum(f.wrap(width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def report_pdf(institution: Institution, document: TableDocument, charts: Sequence[Chart], *, day: dt.date,
               signer: Signer, form: ReportForm | None = None, progress=None, cancelled=None) -> bytes:
    """A report: header, title, table, notes, its charts, then the signature (kept with the charts
    or their last row, by the one rule of :func:`app.printing.table_document.document_pdf`, which
    also tells ``progress`` and asks ``cancelled``)."""
    from app.printing.table_document import document_pdf

    width = frame_width(wide=document.wide)
    # Sized so that a landscape page holds four charts and the signature under them.
    room = frame_height(wide=document.wide) - _height(signature_block(signer, width), width) - 14  # frame padding
    blocks = chart_blocks(charts, width, columns=2 if document.wide else 1, room=room) if charts else []
    return document_pdf(institution, document, day=day, signer=signer, extras=blocks, form=form, progress=progress,
                        cancelled=cancelled)
