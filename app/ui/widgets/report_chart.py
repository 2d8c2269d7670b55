"""A report's bar charts on screen (Qt Charts), from the same figures as the PDF's charts.

Numbers on the axes and above the bars are written the Vietnamese way (14.199) through the
chart's locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QLocale, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QTabWidget, QWidget

from app.services.reports import ChartData

VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
SERIES_COLOURS = ("#2e5494", "#d98c33", "#59995a")  # the PDF's colours


def nice_step(at_least: float, smallest: float) -> float:
    """The smallest of 1, 2, 5 × 10ⁿ (and not below ``smallest``) that is ``at_least``."""
    step = smallest
    while True:
        for factor in (1, 2, 5):
            if step * factor >= at_least - 1e-9:
                return step * factor
        step *= 10


class BarChartView(QChartView):
    """One :class:`ChartData` as a bar chart: a bar group per category, a bar per series."""

    def __init__(self, data: ChartData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        chart = QChart()
        chart.setLocale(VIETNAMESE)
        chart.setLocalizeNumbers(True)
        chart.setTitle(data.title)
        font = chart.titleFont()
        font.setBold(True)
        chart.setTitleFont(font)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        series = QBarSeries()
        several = len(data.series) > 1
        for i, (name, values) in enumerate(data.series):
            bar_set = QBarSet(name)
            bar_set.append([float(v) for v in values])
            bar_set.setColor(QColor(SERIES_COLOURS[i % len(SERIES_COLOURS)]))
            bar_set.setLabelColor(QColor("black"))
            series.append(bar_set)
        # Side-by-side bars are too narrow for their numbers; the table has them.
        series.setLabelsVisible(not several)
        series.setLabelsFormat("@value")
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(list(data.categories))
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        value_axis = QValueAxis()
        top = max((float(v) for _, vs in data.series for v in vs), default=0.0)
        whole = all(float(v).is_integer() for _, vs in data.series for v in vs)
        value_axis.setRange(0, top * 1.25 if top > 0 else 1)  # room for the numbers above the bars
        value_axis.applyNiceNumbers()
        value_axis.setLabelFormat("%.0f" if whole else "%.1f")
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(value_axis)
        self.value_axis, self._smallest_step = value_axis, 1.0 if whole else 0.1
        self._nice_ticks = value_axis.tickCount()  # what applyNiceNumbers chose, where there is room
        chart.plotAreaChanged.connect(self._fit_ticks)
        chart.legend().setVisible(several)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        self.setChart(chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(180)

    def _fit_ticks(self, plot: QRectF) -> None:
        """As many values on the axis as there is height for: a short chart (a 1366×768 screen at
        125 %) wrote "…" for every value when its six ticks were closer than a line of text."""
        axis = self.value_axis
        line = QFontMetrics(axis.labelsFont()).height() * 1.5
        most = max(2, min(self._nice_ticks, int(plot.height() // line) + 1))  # values that fit, 0 included
        span = axis.max() - axis.min()
        if span <= 0:
            return
        step = nice_step(span / (most - 1), self._smallest_step)
        if axis.tickType() != QValueAxis.TickType.TicksDynamic or axis.tickInterval() != step:
            axis.setTickType(QValueAxis.TickType.TicksDynamic)
            axis.setTickAnchor(0)
            axis.setTickInterval(step)


class ChartTabs(QTabWidget):
    """A report's charts, one tab each (titled like the chart)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)

    def set_charts(self, charts: Sequence[ChartData]) -> None:
        while self.count():
            widget = self.widget(0)
            self.removeTab(0)
            if widget is not None:  # (count() says there is one)
                widget.deleteLater()
        for data in charts:
            self.addTab(BarChartView(data, self), data.title)

    def views(self) -> list[BarChartView]:
        return [cast(BarChartView, self.widget(i)) for i in range(self.count())]
