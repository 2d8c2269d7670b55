"""The feedback entry grid: paper forms typed in with the keyboard only (SPEC §3).

One row per form. On an answer cell one key is one answer: a value of the scale is taken and
the cursor moves on by itself, any other key is refused on the spot (a beep and a note). After
the last answer the cursor is on the comment; Enter saves the form (``record_feedback``) and
starts the next one. Up and Down reach saved forms, which are corrected in place and saved on
Enter or when the cursor leaves them; Delete asks, then deletes. Tab moves as in a spreadsheet:
answer, next answer, comment, then the next form's first answer (the form left is saved, a comment
being typed is kept); Shift+Tab goes back. A keystroke touches only memory
(the cell and its question's tally); the database is written once per finished form.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from app.domain.changes import NOTHING, changes_of
from app.domain.errors import UserError
from app.services import feedback
from app.ui.messages import ask
from app.ui.models.feedback_grid import FORM_NO_COLUMN, FeedbackGridModel, GridRow

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_PASS_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | \
    Qt.KeyboardModifier.MetaModifier



def _saved_id(grid_row: GridRow) -> int:
    """The id of a saved form (every row but the draft is one)."""
    if grid_row.response_id is None:
        raise ValueError("a saved feedback form without its id")
    return grid_row.response_id

class FeedbackGridView(QTableView):
    """The grid. It knows which stack it shows (class, lesson, template) and saves through services."""

    message = Signal(str, bool)  # text, is_error
    saved = Signal(object)  # a form was saved, corrected or deleted: what changed (Changes)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = FeedbackGridModel(parent=self)
        self.setModel(self.grid)
        self.course_code = ""
        self.lesson_id: int | None = None
        self.template_id: int | None = None
        self.numbered = True
        self._form_no_fresh = True  # the next digit typed on a form number replaces it
        # Injected so tests can answer the question; the real one is a modal box.
        self.confirm: Callable[[QWidget, str, str], bool] = lambda parent, title, text: ask(
            parent, title, text, yes="Xóa", no="Không xóa")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.grid.modelReset.connect(self._layout_columns)

    # -- the stack ----------------------------------------------------------------------------

    def load(self, course_code: str, course_id: int, lesson_id: int | None, template_id: int,
             numbered: bool) -> None:
        """Show the forms of a class (or lesson) typed with a template, and a new empty form."""
        info = feedback.template_info(template_id)
        self.course_code, self.lesson_id, self.template_id = course_code, lesson_id, template_id
        forms = feedback.stack_forms(course_id, lesson_id, template_id)
        self.numbered = numbered
        self.grid.load([text for _qid, text in info.questions], info.scale, forms, None)
        self.grid.set_form_no(self.grid.draft_row, self._next_form_no())
        self.setColumnHidden(FORM_NO_COLUMN, not numbered)
        self.go_to_draft()

    def set_numbered(self, numbered: bool) -> None:
        self.numbered = numbered
        self.setColumnHidden(FORM_NO_COLUMN, not numbered)
        draft = self.grid.draft_row
        self.grid.set_form_no(draft, self._next_form_no() if numbered else None)

    def _layout_columns(self) -> None:
        header = self.horizontalHeader()
        char = self.fontMetrics().averageCharWidth()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.resizeSection(FORM_NO_COLUMN, char * 10)
        for column in range(1, self.grid.comment_column):
            header.resizeSection(column, char * 8)
        header.setSectionResizeMode(self.grid.comment_column, QHeaderView.ResizeMode.Stretch)

    def _next_form_no(self) -> int | None:
        """One more than the last numbered form, skipping numbers already typed."""
        if not self.numbered:
            return None
        used = self.grid.used_form_numbers()
        last = next((r.form_no for r in reversed(self.grid.rows[:-1]) if r.form_no is not None), 0)
        candidate = last + 1
        while candidate in used:
            candidate += 1
        return candidate

    # -- moving -------------------------------------------------------------------------------

    def go_to(self, row: int, column: int) -> None:
        self._form_no_fresh = True
        self.setCurrentIndex(self.grid.index(row, column))

    def go_to_draft(self) -> None:
        self.go_to(self.grid.draft_row, 1)

    def currentChanged(self, current: QModelIndex | QPersistentModelIndex,
                       previous: QModelIndex | QPersistentModelIndex) -> None:
        super().currentChanged(current, previous)
        if current.column() != previous.column() or current.row() != previous.row():
            self._form_no_fresh = True
        if previous.isValid() and current.row() != previous.row() and previous.row() < self.grid.draft_row:
            row = self.grid.row(previous.row())
            if row.dirty:  # leaving a corrected form saves it
                self.save_row(previous.row(), move=False)

    # -- keys ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        editing = self.state() == QAbstractItemView.State.EditingState
        # While the comment editor is open, its own Enter (a queued commit) ends the form.
        if not index.isValid() or editing or event.modifiers() & _PASS_MODIFIERS:
            super().keyPressEvent(event)
            return
        row, column, key, text = index.row(), index.column(), event.key(), event.text()
        q = self.grid.question_of(column)
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.tab_from(row, column, backward=key == Qt.Key.Key_Backtab)
            return
        if key in _ENTER:
            if column == FORM_NO_COLUMN:
                self.go_to(row, 1)
            else:
                self.save_row(row)
            return
        if key == Qt.Key.Key_Delete:
            self.delete_row(row)
            return
        if key == Qt.Key.Key_Escape:
            self.abandon_row(row)
            return
        if q is not None:
            self._answer_key(row, q, key, text, event)
        elif column == FORM_NO_COLUMN:
            self._form_no_key(row, key, text, event)
        elif text.isdigit():
            # A digit too many after the last answer is a slip, not a comment (F2 starts one anyway).
            self.refuse(text, "Phiếu đã đủ câu trả lời: gõ ý kiến bằng chữ, hoặc Enter để lưu phiếu.")
        else:
            super().keyPressEvent(event)

    def _answer_key(self, row: int, q: int, key: int, text: str, event: QKeyEvent) -> None:
        if text.isdigit() and len(text) == 1:
            value = int(text)
            if value not in self.grid.labels:
                self.refuse(text)
                return
            self.grid.set_answer(row, q, value)
            self._clear_message()
            self.setCurrentIndex(self.grid.index(row, q + 2))  # next question, or the comment after the last
            return
        if key == Qt.Key.Key_Backspace:
            if self.grid.row(row).answers[q] is None and q > 0:
                q -= 1
            self.grid.set_answer(row, q, None)
            self.setCurrentIndex(self.grid.index(row, q + 1))
            return
        if text and text.isprintable() and not text.isspace():
            self.refuse(text)
            return
        super().keyPressEvent(event)

    def _form_no_key(self, row: int, key: int, text: str, event: QKeyEvent) -> None:
        current = self.grid.row(row).form_no
        if text.isdigit() and len(text) == 1:
            digits = text if self._form_no_fresh or current is None else f"{current}{text}"
            self._form_no_fresh = False
            if len(digits) > 6:
                self.refuse(text, "Số phiếu tối đa 6 chữ số.")
                return
            self.grid.set_form_no(row, int(digits) or None)
            return
        if key == Qt.Key.Key_Backspace:
            self._form_no_fresh = False
            rest = str(current or "")[:-1]
            self.grid.set_form_no(row, int(rest) if rest else None)
            return
        if key in (Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_Tab):
            self.go_to(row, 1)
            return
        if text and text.isprintable():
            self.refuse(text, "Số phiếu chỉ gồm chữ số.")
            return
        super().keyPressEvent(event)

    def refuse(self, text: str, note: str = "") -> None:
        QApplication.beep()
        allowed = ", ".join(str(v) for v in self.grid.values())
        self.message.emit(note or f"Phím \u201c{text}\u201d không dùng được: chỉ gõ {allowed}.", True)

    def _clear_message(self) -> None:
        self.message.emit("", False)

    def tab_from(self, row: int, column: int, *, backward: bool = False) -> None:
        """Tab as in a spreadsheet: answer → next answer → comment → the next form's first answer
        (leaving the form being typed saves it, as Enter does); Shift+Tab the other way."""
        comment = self.grid.comment_column
        if backward:
            if column > 1 or (column == 1 and self.numbered):
                self.go_to(row, column - 1)
            elif row > 0:
                self.go_to(row - 1, comment)
            return
        if column < comment:
            self.go_to(row, column + 1)
        elif row == self.grid.draft_row:
            self.save_row(row)  # saved: the cursor is on the new form; not complete: on the missing answer
        else:
            self.go_to(row + 1, 1)  # leaving a corrected form saves it

    # -- the comment editor: Enter in it ends the form, Tab keeps what was typed and moves on --

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        index = self.currentIndex()
        on_comment = index.column() == self.grid.comment_column
        tabbed = hint in (QAbstractItemDelegate.EndEditHint.EditNextItem,
                          QAbstractItemDelegate.EndEditHint.EditPreviousItem)
        if on_comment and tabbed:
            self.commitData(editor)  # the comment typed so far is kept, whatever comes next
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.tab_from(index.row(), index.column(),
                          backward=hint == QAbstractItemDelegate.EndEditHint.EditPreviousItem)
            return
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache and on_comment:
            self.save_row(index.row())

    # -- saving -------------------------------------------------------------------------------

    def save_row(self, row: int, *, move: bool = True) -> bool:
        """Enter on a form: save it (new or corrected) and go to the next empty form."""
        grid_row = self.grid.row(row)
        is_draft = row == self.grid.draft_row
        if is_draft and grid_row.blank():
            self.go_to_draft()
            return False
        if not grid_row.complete():
            missing = grid_row.answers.index(None)
            self.message.emit(f"Phiếu chưa đủ: còn thiếu câu {missing + 1}.", True)
            QApplication.beep()
            if move:
                self.go_to(row, missing + 1)
            return False
        answers = [int(a) for a in grid_row.answers if a is not None]
        # Unticking "Phiếu có số" hides the numbers; it never erases those of saved forms.
        form_no = grid_row.form_no if self.numbered or not is_draft else None
        changed = NOTHING
        try:
            if is_draft:
                response_id = feedback.record_feedback(self.course_code, self.lesson_id, answers, form_no=form_no,
                                                       comment=grid_row.comment, template_id=self.template_id)
            elif grid_row.dirty:
                feedback.correct_feedback(_saved_id(grid_row), answers, comment=grid_row.comment, form_no=form_no)
                changed = changes_of(feedback.correct_feedback)
        except UserError as exc:
            QApplication.beep()
            self.message.emit(exc.message, True)
            if move:
                self.go_to(row, FORM_NO_COLUMN if exc.field == "form_no" and self.numbered else 1)
            return False
        if is_draft:
            changed = changes_of(feedback.record_feedback, response_id)
            self.grid.mark_saved(row, response_id, None)
            self.grid.set_form_no(self.grid.draft_row, self._next_form_no())
            self.message.emit(f"Đã lưu phiếu {self._form_label(grid_row.form_no, row)}.", False)
        elif grid_row.dirty:
            self.grid.mark_clean(row)
            self.message.emit(f"Đã sửa phiếu {self._form_label(grid_row.form_no, row)}.", False)
        self.saved.emit(changed)
        if move:
            self.go_to_draft()
        return True

    @staticmethod
    def _form_label(form_no: int | None, row: int) -> str:
        return f"số {form_no}" if form_no is not None else f"dòng {row + 1}"

    def delete_row(self, row: int) -> None:
        """Delete on a saved form asks, then deletes it; on the form being typed, it clears it."""
        grid_row = self.grid.row(row)
        if row == self.grid.draft_row:
            self.grid.clear_draft()
            self.go_to_draft()
            return
        label = self._form_label(grid_row.form_no, row)
        if not self.confirm(self, "Xóa phiếu", f"Xóa phiếu {label} đã nhập?"):
            return
        try:
            feedback.delete_feedback(_saved_id(grid_row))
        except UserError as exc:
            self.message.emit(exc.message, True)
            return
        self.grid.remove_saved(row)
        self.message.emit(f"Đã xóa phiếu {label}.", False)
        self.saved.emit(changes_of(feedback.delete_feedback))
        self.go_to(min(row, self.grid.draft_row), max(self.currentIndex().column(), 1))

    def abandon_row(self, row: int) -> None:
        """Escape: clear the form being typed, or put a corrected form back as stored."""
        grid_row = self.grid.row(row)
        if row == self.grid.draft_row:
            self.grid.clear_draft()
            self.go_to_draft()
        elif grid_row.dirty:
            self.grid.revert_row(row)
        self._clear_message()


def legend(scale: tuple[tuple[int, str], ...]) -> str:
    """The scale as the user reads it above the grid: "4 = Rất hài lòng · 3 = Hài lòng · …"."""
    return " · ".join(f"{value} = {label}" for value, label in scale)


def hint_label(parent: QWidget) -> QLabel:
    label = QLabel("Gõ một số cho mỗi câu, con trỏ tự sang câu sau · Tab: sang ô sau (câu → câu → ý kiến → "
                   "phiếu sau), ý kiến đang gõ được giữ lại · Enter: lưu phiếu, sang phiếu mới · "
                   "↑↓: sửa phiếu đã nhập · Delete: xóa phiếu · Esc: bỏ phiếu đang gõ", parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label
