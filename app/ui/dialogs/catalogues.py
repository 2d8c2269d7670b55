"""Danh mục: a read-only view of the catalogues (programs, ethnic groups, units, pick-lists)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import lists
from app.services.lists import CatalogueTable
from app.ui.dialogs.common import table_for
from app.ui.models.catalogue import CatalogueModel
from app.ui.widgets.fit import fit_to_screen

# (key, tab label, loader) in the order of the Danh mục menu.
PAGES: tuple[tuple[str, str, Callable[[], CatalogueTable] | None], ...] = (
    ("programs", "Chương trình", lists.program_table),
    ("ethnic_groups", "Dân tộc", lists.ethnic_group_table),
    ("organizations", "Đơn vị, cơ quan", lists.organization_table),
    ("other", "Danh mục khác", None),
)


class CatalogueDialog(QDialog):
    """One tab per catalogue; "Danh mục khác" picks one of the small pick-lists."""

    def __init__(self, page: str = "programs", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Danh mục")
        fit_to_screen(self, 1120, 600)
        self.tabs = QTabWidget(self)
        self.models: dict[str, CatalogueModel] = {}
        for key, label, loader in PAGES:
            if loader is not None:
                model = CatalogueModel(loader(), self)
                self.models[key] = model
                self.tabs.addTab(table_for(model, self), label)
            else:
                self.tabs.addTab(self._other_page(), label)
        self.show_page(page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    def _other_page(self) -> QWidget:
        page = QWidget(self)
        self.kind_combo = QComboBox(page)
        for kind, label in lists.SMALL_CATALOGUES.items():
            self.kind_combo.addItem(label, kind)
        self.other_layout = QVBoxLayout(page)
        self.other_layout.addWidget(self.kind_combo)
        self.other_view: QTableView | None = None
        self.kind_combo.currentIndexChanged.connect(self._show_kind)
        self._show_kind()
        return page

    def _show_kind(self) -> None:
        model = CatalogueModel(lists.small_catalogue_table(self.kind_combo.currentData()), self)
        self.models["other"] = model
        view = table_for(model, self)
        model.setParent(view)  # replaced together
        if self.other_view is not None:
            self.other_layout.replaceWidget(self.other_view, view)
            self.other_view.deleteLater()
        else:
            self.other_layout.addWidget(view)
        self.other_view = view

    def show_page(self, page: str) -> None:
        keys = [key for key, _label, _loader in PAGES]
        self.tabs.setCurrentIndex(keys.index(page) if page in keys else 0)
