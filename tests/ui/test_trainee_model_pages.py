"""The unfiltered Học viên list holds only a count: ids and rows come a page at a time as the view
scrolls, in the same Vietnamese order as the filtered list (SPEC §9)."""

from __future__ import annotations

import pytest
from playhouse.test_utils import count_queries
from PySide6.QtCore import Qt

from app.services import lists
from app.store.models import Trainee, person_keys
from app.ui.models.trainees import PAGE_SIZE, TraineeModel

pytestmark = pytest.mark.gui

GIVEN = ["An", "Ánh", "Bình", "Dung", "Dũng", "Hoa", "Lan", "Minh", "Sử", "Thào"]


@pytest.fixture
def many(session):
    rows = [{**person_keys(f"Giàng Seo {GIVEN[i % len(GIVEN)]}", birth_year=1950 + i), "birth_year": 1950 + i}
            for i in range(PAGE_SIZE * 2 + 37)]
    Trainee.insert_many(rows).execute()
    return lists.trainee_ids()


def reads(action) -> int:
    with count_queries(only_select=True) as counter:
        action()
    return counter.count


def test_everyone_is_counted_then_read_a_page_at_a_time(many, qtmodeltester):
    model = TraineeModel()
    assert reads(model.show_everyone) == 1  # the count
    assert model.rowCount() == len(many)
    assert reads(lambda: model.index(0, 0).data()) == 2  # the page's ids, then its rows
    assert reads(lambda: [model.index(r, 1).data() for r in range(PAGE_SIZE)]) == 0
    assert reads(lambda: model.row_at(PAGE_SIZE * 2 + 5)) == 2
    assert [model.row_at(r).id for r in range(len(many))] == many
    qtmodeltester.check(model)


def test_the_row_of_a_trainee_is_found_without_reading_the_list(many):
    model = TraineeModel()
    model.show_everyone()
    assert model.row_of(many[PAGE_SIZE + 3]) == PAGE_SIZE + 3
    assert model.row_of(999_999) is None
    model.set_ids(many[:5])
    assert model.row_of(many[4]) == 4 and model.row_of(many[9]) is None
    assert model.ids() == many[:5]


def test_the_row_numbers_header_is_sized_without_asking_every_row(many, qapp):
    model = TraineeModel()
    model.show_everyone()
    size = model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.SizeHintRole)
    assert size.width() > 0 and size.height() > 0
    assert model.headerData(4, Qt.Orientation.Vertical) == "5"
