"""Typing a stack of paper feedback forms with the keyboard only: one key per answer, Enter for
the next form; refused keys store nothing; a form number typed twice is caught; closing the
window keeps every finished form and nothing half-typed; the tallies follow the keys."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from app.services.courses import CourseInput, add_course
from app.services.feedback import record_feedback, stack_summary, template_info
from app.store import db
from app.store.models import (
    Enrollment,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    Instructor,
    Lesson,
    Trainee,
    database,
    person_keys,
)
from app.ui.course_detail import CourseDetailWindow
from app.ui.course_detail.feedback import FeedbackTab
from app.ui.models.feedback_grid import FORM_NO_COLUMN

pytestmark = pytest.mark.gui

CODE = "NTVD-2026-01"


@pytest.fixture
def course(session):
    """A class of 40 trainees with one lesson taught by Vàng Seo Lử."""
    course = add_course(CourseInput(CODE, "NTVD", "Khóa I", "02/03/2026", "06/03/2026"))
    with db.write():
        for i in range(40):
            trainee = Trainee.create(**person_keys(f"Giàng Seo Học {i}"))
            Enrollment.create(course=course, trainee=trainee)
        teacher = Instructor.create(**person_keys("Vàng Seo Lử"), kind="full_time")
        Lesson.create(course=course, date=dt.date(2026, 3, 2), topic="Bài 1", periods=5, instructor=teacher)
    return course


@pytest.fixture
def tab(course, qtbot):
    tab = FeedbackTab(course.id)
    qtbot.addWidget(tab)
    tab.show()
    tab.view.setFocus()
    return tab


def type_form(qtbot, view, answers: str) -> None:
    qtbot.keyClicks(view, answers)
    qtbot.keyClick(view, Qt.Key.Key_Return)


def type_text(widget, text: str) -> None:
    """Key events carrying Vietnamese letters, as a Vietnamese keyboard (Unikey) sends them."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def stored_forms() -> list[tuple[int | None, list[int]]]:
    """(form number, answers in question order) of every stored form, in the order typed."""
    forms = []
    for response in FeedbackResponse.select().order_by(FeedbackResponse.id):
        values = [a.value for a in FeedbackAnswer.select().join(FeedbackQuestion)
                  .where(FeedbackAnswer.response == response.id).order_by(FeedbackQuestion.position)]
        forms.append((response.form_no, values))
    return forms


class QueryCounter:
    """Counts the SQL statements the database runs."""

    def __init__(self, monkeypatch) -> None:
        self.count = 0
        original = database.execute_sql

        def counting(*args, **kwargs):
            self.count += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(database, "execute_sql", counting)


def test_fifty_forms_typed_with_digits_and_enter_are_stored_as_typed(tab, qtbot, monkeypatch):
    rng = random.Random(5)
    typed = ["".join(rng.choice("4321") for _ in range(4)) for _ in range(50)]
    queries = QueryCounter(monkeypatch)
    view = tab.view
    for n, answers in enumerate(typed, start=1):
        before = queries.count
        qtbot.keyClicks(view, answers)
        assert queries.count == before  # answering touches memory only
        assert view.currentIndex().column() == view.grid.comment_column  # after the last answer: comment
        qtbot.keyClick(view, Qt.Key.Key_Return)
        assert view.currentIndex().row() == n and view.currentIndex().column() == 1  # the next form
    assert stored_forms() == [(n, [int(c) for c in answers]) for n, answers in enumerate(typed, start=1)]
    # The live tallies, moved one key at a time, agree with the results read back from the database.
    for q, summary in enumerate(stack_summary(tab.course_id, None)):
        assert tab.tally.summary(q) == summary
    assert tab.count_label.text().startswith("Đã nhập 50 phiếu · sĩ số lớp 40 — nhiều phiếu hơn sĩ số")
    assert tab.target_combo.itemText(0).endswith("— 50 phiếu")


def test_keys_outside_the_scale_are_refused_on_the_spot_and_store_nothing(tab, qtbot):
    view = tab.view
    for key in "50a":
        qtbot.keyClicks(view, key)
        assert view.currentIndex().column() == 1
        assert view.grid.row(view.grid.draft_row).answers == [None, None, None, None]
        assert tab.message_label.text() == f"Phím \u201c{key}\u201d không dùng được: chỉ gõ 4, 3, 2, 1."
    qtbot.keyClicks(view, "43")
    qtbot.keyClick(view, Qt.Key.Key_Return)  # two answers out of four
    assert tab.message_label.text() == "Phiếu chưa đủ: còn thiếu câu 3."
    assert view.currentIndex().column() == 3
    qtbot.keyClicks(view, "5")
    assert FeedbackResponse.select().count() == 0
    qtbot.keyClicks(view, "21")
    qtbot.keyClicks(view, "4")  # a digit too many is not a comment
    assert view.grid.row(0).comment == "" and "đã đủ câu trả lời" in tab.message_label.text()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert stored_forms() == [(1, [4, 3, 2, 1])]


def test_a_form_number_typed_twice_is_refused_and_the_row_kept_for_correction(tab, qtbot):
    view = tab.view
    type_form(qtbot, view, "4444")
    assert view.grid.row(1).form_no == 2  # the next number is offered
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.currentIndex().column() == FORM_NO_COLUMN
    qtbot.keyClicks(view, "1")
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter on the number goes to the first answer
    type_form(qtbot, view, "3333")
    assert tab.message_label.text() == "Phiếu số 1 đã được nhập cho lớp này."
    assert view.currentIndex().row() == 1 and view.currentIndex().column() == FORM_NO_COLUMN
    assert view.grid.row(1).answers == [3, 3, 3, 3]  # kept for correction
    assert stored_forms() == [(1, [4, 4, 4, 4])]
    qtbot.keyClicks(view, "12")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert stored_forms() == [(1, [4, 4, 4, 4]), (12, [3, 3, 3, 3])]
    assert view.grid.row(2).form_no == 13


def test_closing_the_window_mid_stack_keeps_every_finished_form_and_nothing_half_typed(course, qtbot):
    window = CourseDetailWindow(course.id)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.feedback_tab)
    view = window.feedback_tab.view
    view.setFocus()
    for answers in ("4321", "3333", "4433"):
        type_form(qtbot, view, answers)
    qtbot.keyClicks(view, "44")  # the fourth form is half typed
    window.close()
    assert stored_forms() == [(1, [4, 3, 2, 1]), (2, [3, 3, 3, 3]), (3, [4, 4, 3, 3])]


def test_a_comment_is_typed_after_the_answers_and_enter_in_it_saves_the_form(tab, qtbot):
    view = tab.view
    qtbot.keyClicks(view, "4343")
    qtbot.keyClicks(view, "R")  # the first letter opens the comment editor
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "R"
    type_text(editor, "ất bổ ích")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: FeedbackResponse.select().count() == 1)
    assert FeedbackResponse.get().comment == "Rất bổ ích"
    qtbot.waitUntil(lambda: view.currentIndex().row() == 1 and view.currentIndex().column() == 1)


def test_a_saved_form_is_corrected_in_place_and_deleted_after_asking(tab, qtbot):
    view = tab.view
    for answers in ("4444", "3333", "2222"):
        type_form(qtbot, view, answers)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (2, 2)
    qtbot.keyClicks(view, "4")  # question 2 of form 3 corrected
    assert view.grid.row(2).dirty and tab.tally.summary(1).counts == (2, 1, 0, 0)
    qtbot.keyClick(view, Qt.Key.Key_Up)  # leaving the row saves the correction
    assert stored_forms()[2] == (3, [2, 4, 2, 2]) and not view.grid.row(2).dirty
    asked = []
    view.confirm = lambda parent, title, text: asked.append(text) or False
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert asked == ["Xóa phiếu số 2 đã nhập?"] and FeedbackResponse.select().count() == 3
    view.confirm = lambda parent, title, text: True
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [no for no, _ in stored_forms()] == [1, 3]
    assert tab.tally.summary(0).counts == (1, 0, 1, 0) and view.grid.saved_count() == 2
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClicks(view, "1")
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # a correction abandoned
    assert view.grid.row(1).answers == [2, 4, 2, 2] and stored_forms()[1] == (3, [2, 4, 2, 2])


def test_forms_about_a_lesson_are_a_stack_of_their_own(tab, qtbot, course):
    lesson = Lesson.get()
    record_feedback(CODE, None, [1, 1, 1, 1])
    tab.refresh()
    assert tab.target_combo.count() == 2
    assert "Vàng Seo Lử" in tab.target_combo.itemText(1)
    tab.target_combo.setCurrentIndex(1)
    assert tab.view.grid.saved_count() == 0
    tab.view.setFocus()
    type_form(qtbot, tab.view, "4321")
    assert FeedbackResponse.select().where(FeedbackResponse.lesson == lesson.id).count() == 1
    assert tab.target_combo.itemText(1).endswith("— 1 phiếu")


def test_the_tallies_show_counts_share_satisfied_and_mean_of_a_known_set(tab, qtbot):
    for answers in ("4444", "4333", "3222", "1111"):
        type_form(qtbot, tab.view, answers)
    cells = [tab.tally.index(0, c).data() for c in range(tab.tally.columnCount())]
    assert cells == ["1. Nội dung bài giảng", "2", "1", "0", "1", "75,0%", "3,00"]
    qtbot.keyClicks(tab.view, "2")  # the form being typed counts at once
    assert tab.tally.index(0, 3).data() == "1" and tab.tally.index(0, 5).data() == "60,0%"


def test_the_grid_and_tally_models_pass_the_model_tester(tab, qtbot, qtmodeltester):
    for answers in ("4444", "4321"):
        type_form(qtbot, tab.view, answers)
    qtbot.keyClicks(tab.view, "32")
    qtmodeltester.check(tab.view.grid)
    qtmodeltester.check(tab.tally)


def test_a_template_with_another_scale_takes_only_its_own_keys(course, qtbot):
    from app.services import feedback_templates as templates

    lop = templates.create_template(templates.TemplateDraft(
        "CA_LOP", "Đánh giá khóa học", ("Tổ chức lớp", "Tài liệu"), ((5, "Tốt"), (3, "Được"), (1, "Kém"))))
    tab = FeedbackTab(course.id)
    qtbot.addWidget(tab)
    assert tab.template_combo.isVisibleTo(tab) and tab.template_combo.currentData() == lop
    assert template_info(lop).scale[0] == (5, "Tốt")
    qtbot.keyClicks(tab.view, "4")
    assert "chỉ gõ 5, 3, 1" in tab.message_label.text()
    type_form(qtbot, tab.view, "51")
    assert stored_forms() == [(1, [5, 1])]


def test_forms_without_numbers_and_hidden_numbers_are_kept_on_correction(tab, qtbot):
    view = tab.view
    type_form(qtbot, view, "4444")
    tab.numbered_check.setChecked(False)  # the rest of the stack has no printed numbers
    assert view.isColumnHidden(FORM_NO_COLUMN) and view.grid.row(1).form_no is None
    type_form(qtbot, view, "3333")
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClicks(view, "1")  # form 1 corrected while its number is hidden
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert stored_forms() == [(1, [1, 4, 4, 4]), (None, [3, 3, 3, 3])]


def _at(view) -> tuple[int, int]:
    return view.currentIndex().row(), view.currentIndex().column()


def test_tab_moves_answer_to_answer_to_comment_and_shift_tab_goes_back(tab, qtbot):
    view = tab.view
    comment = view.grid.comment_column
    assert _at(view) == (0, 1)
    for expected in (2, 3, 4, comment):
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        assert _at(view) == (0, expected)
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert _at(view) == (0, 4)
    qtbot.keyClicks(view, "3")  # an answer typed after Shift+Tab moves on as usual
    assert _at(view) == (0, comment) and view.grid.row(0).answers == [None, None, None, 3]
    # Tab on the comment of an unfinished form: nothing is stored, the cursor goes to what is missing.
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert FeedbackResponse.select().count() == 0
    assert _at(view) == (0, 1) and "còn thiếu câu 1" in tab.message_label.text()


def test_tab_in_a_comment_being_typed_keeps_it_and_goes_to_the_next_forms_first_answer(tab, qtbot):
    view = tab.view
    qtbot.keyClicks(view, "4342")
    qtbot.keyClicks(view, "R")  # opens the comment editor
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    type_text(editor, "ất hay")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: FeedbackResponse.select().count() == 1)
    assert FeedbackResponse.get().comment == "Rất hay" and stored_forms() == [(1, [4, 3, 4, 2])]
    assert _at(view) == (1, 1) and view.state() != view.State.EditingState  # the next form's first answer
    type_form(qtbot, view, "3333")
    assert stored_forms() == [(1, [4, 3, 4, 2]), (2, [3, 3, 3, 3])]


def test_tab_in_a_saved_forms_comment_saves_the_correction_and_moves_to_the_next_form(tab, qtbot):
    view = tab.view
    for answers in ("4444", "3333"):
        type_form(qtbot, view, answers)
    view.go_to(0, view.grid.comment_column)
    qtbot.keyClicks(view, "G")
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    type_text(editor, "iảng dễ hiểu")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert _at(view) == (1, 1)
    first = FeedbackResponse.select().order_by(FeedbackResponse.id).first()
    assert first.comment == "Giảng dễ hiểu" and not view.grid.row(0).dirty
    qtbot.keyClick(view, Qt.Key.Key_Backtab)  # Shift+Tab from a first answer: the form number
    assert _at(view) == (1, FORM_NO_COLUMN)
    qtbot.keyClick(view, Qt.Key.Key_Backtab)  # then the comment of the form above
    assert _at(view) == (0, view.grid.comment_column)


def test_the_hint_line_says_what_tab_does(tab):
    from app.ui.widgets.feedback_grid import hint_label

    text = hint_label(tab).text()
    assert "Tab: sang ô sau (câu → câu → ý kiến → phiếu sau), ý kiến đang gõ được giữ lại" in text
