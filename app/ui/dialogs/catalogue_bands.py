"""Cài đặt › Danh mục… › Thang xếp loại: the result bands of the default set or of one program,
edited in place as a table and saved as a whole through ``app.services.result_bands`` (which
refuses a set with a gap or an overlap). A tab of :mod:`app.ui.dialogs.catalogue_editor`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.domain.results import Band
from app.services import catalogues as cat
from app.services import result_bands
from app.ui.dialogs.common import error_label
from app.ui.dialogs.common import number_text as _number
from app.ui.events import perform

BAND_HEADERS = ("Mã", "Tên xếp loại", "Điểm từ", "Đạt", "Đang dùng", "Số kết quả")


class BandsPage(QWidget):
    """The bands of the default set or of one program, edited in place and saved as a whole."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.scope = QComboBox(self)
        self.table = QTableWidget(0, len(BAND_HEADERS), self)
        self.table.setHorizontalHeaderLabels(BAND_HEADERS)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        char = self.fontMetrics().averageCharWidth()
        for column, width in ((0, 8), (2, 9), (3, 6), (4, 11), (5, 11)):
            header.resizeSection(column, char * width + 16)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.ranges = QLabel(self)
        self.ranges.setWordWrap(True)
        self.message = error_label(self)
        self.add_row_button = QPushButton("Thêm xếp loại", self)
        self.remove_row_button = QPushButton("Bỏ dòng", self)
        self.save_button = QPushButton("Lưu thang xếp loại", self)
        self.reset_button = QPushButton("Khôi phục mặc định", self)
        self.add_row_button.clicked.connect(lambda: self._append(Band("", "", 0.0), 0))
        self.remove_row_button.clicked.connect(self._remove_row)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        top = QHBoxLayout()
        top.addWidget(QLabel("Áp dụng cho:", self))
        top.addWidget(self.scope, 1)
        bar = QHBoxLayout()
        for b in (self.add_row_button, self.remove_row_button, self.save_button, self.reset_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.ranges)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        self.scope.currentIndexChanged.connect(lambda _i: self.load())
        self.table.itemChanged.connect(lambda _item: self._show_ranges())

    def program_code(self) -> str | None:
        return self.scope.currentData() or None

    def refresh(self) -> None:
        chosen = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem("Mặc định (mọi chương trình không có thang riêng)", "")
        for row in cat.program_rows():
            if row.scored:
                self.scope.addItem(f"{row.code} – {row.name}", row.code)
        self.scope.setCurrentIndex(max(0, self.scope.findData(chosen)))
        self.scope.blockSignals(False)
        self.load()

    def load(self) -> None:
        own, rows = result_bands.band_rows(self.program_code())
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for row in rows:
            self._append(Band(row.code, row.name, row.min_score, row.passing, row.enabled), row.used)
        self.table.blockSignals(False)
        code = self.program_code()
        if code is None:
            self.state.setText("Thang mặc định, dùng cho mọi chương trình không có thang riêng.")
        elif own:
            self.state.setText(f"Chương trình {code} có thang xếp loại riêng.")
        else:
            self.state.setText(f"Chương trình {code} đang dùng thang mặc định; lưu ở đây thì có thang riêng.")
        self.reset_button.setEnabled(code is None or own)
        self.message.hide()
        self._show_ranges()

    def _append(self, band: Band, used: int) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(band.code))
        self.table.setItem(row, 1, QTableWidgetItem(band.name))
        self.table.setItem(row, 2, QTableWidgetItem(_number(band.min_score)))
        for column, value in ((3, band.passing), (4, band.enabled)):
            item = QTableWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            self.table.setItem(row, column, item)
        count = QTableWidgetItem(str(used))
        count.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        count.setData(Qt.ItemDataRole.UserRole, used)
        self.table.setItem(row, 5, count)

    def _remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        count = self.table.item(row, 5)
        used = (count.data(Qt.ItemDataRole.UserRole) if count is not None else 0) or 0
        if used:
            self.message.setText(f"Xếp loại này đã dùng cho {used} kết quả: không bỏ được, hãy bỏ đánh dấu "
                                 "\u201cĐang dùng\u201d.")
            self.message.show()
            return
        self.table.removeRow(row)
        self._show_ranges()

    def bands(self) -> list[Band]:
        """The bands as typed; a score that is not a number is refused here, naming the row."""
        def cell(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""

        def ticked(row: int, column: int) -> bool:
            item = self.table.item(row, column)
            return item is not None and item.checkState() == Qt.CheckState.Checked

        out = []
        for row in range(self.table.rowCount()):
            text = cell(row, 2).strip().replace(",", ".")
            name = cell(row, 1)
            try:
                score = float(text)
            except ValueError:
                raise UserError(f"Dòng {row + 1} ({name or 'chưa có tên'}): điểm từ \"{text}\" không phải "
                                "là số.", field="min_score") from None
            out.append(Band(cell(row, 0), name, score, ticked(row, 3), ticked(row, 4)))
        return out

    def _show_ranges(self) -> None:
        try:
            bands = sorted((b for b in self.bands() if b.enabled), key=lambda b: -b.min_score)
        except UserError:
            self.ranges.setText("")
            return
        parts, upper = [], None
        for band in bands:
            span = f"từ {_number(band.min_score)} đến 10" if upper is None else \
                f"từ {_number(band.min_score)} đến dưới {_number(upper)}"
            parts.append(f"{band.name or band.code}: {span}")
            upper = band.min_score
        self.ranges.setText("Thang đang dùng: " + "; ".join(parts) + ". Kết quả đã ghi giữ nguyên; điểm nhập sau "
                            "xếp theo thang mới." if parts else "")

    def save(self) -> bool:
        try:
            perform(result_bands.save_bands, self.program_code(), self.bands())
        except UserError as exc:
            self.message.setText(exc.message)
            self.message.show()
            return False
        self.load()
        return True

    def reset(self) -> None:
        try:
            perform(result_bands.reset_bands, self.program_code())
        except UserError as exc:
            self.message.setText(exc.message)
            self.message.show()
            return
        self.load()
