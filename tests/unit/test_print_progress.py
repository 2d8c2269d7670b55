"""The certificates, the blank feedback forms and the class list with photos say how many pages
are drawn, of how many (known before the first page), and stop at the next page when asked; the
paper is the same as without anyone watching."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.domain.errors import Cancelled
from app.outputs import printouts
from app.printing.progress import PageCount
from app.services import photos
from app.services.certificates import issue_certificates
from app.services.settings import get_institution, save_institution
from app.store.models import Trainee
from tests.pdf_helpers import pages_text
from tests.photo_helpers import small_png
from tests.unit.test_certificates import AFTER, _class

DAY = dt.date(2026, 3, 20)
CODE = "NTVD-2026-01"


def _names(n: int) -> tuple[str, ...]:
    return tuple(f"Thào A Sử{'' if i == 0 else ' ' + chr(0x41 + i % 26) * (1 + i // 26)}" for i in range(n))


def _course(n: int, *, with_photos: bool = False) -> None:
    _class(names=_names(n), scores=(8.0,) * n, absences=(0,) * n)
    if with_photos:
        jpeg = small_png()
        for trainee in Trainee.select():
            photos.set_photo(trainee.id, jpeg)
        save_institution(replace(get_institution(), name="Trung tâm Chính trị huyện Si Ma Cai",
                                 class_list_photos=True))


def _watched(make, **stop):
    """The PDF made with a progress watcher, and what the watcher was told."""
    told: list[tuple[int, int]] = []
    pdf = make(progress=lambda done, total: told.append((done, total)), **stop)
    return pdf, told


def _stopped_at(make, page: int) -> list[tuple[int, int]]:
    told: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        make(progress=lambda done, total: told.append((done, total)), cancelled=lambda: len(told) >= page)
    return told


PRINTOUTS = {
    "certificates": lambda **kw: printouts.class_pdf("certificates", CODE, DAY, **kw),
    "certificates on blanks": lambda **kw: printouts.class_pdf("certificates", CODE, DAY, preprinted=True, **kw),
    "feedback forms": lambda **kw: printouts.class_pdf("feedback-forms", CODE, DAY, **kw),
}


@pytest.mark.parametrize("kind", list(PRINTOUTS))
def test_each_page_is_told_of_a_total_known_up_front_and_cancel_stops_at_the_next_page(session, kind):
    _course(7)
    issue_certificates(CODE, today=AFTER)
    make = PRINTOUTS[kind]
    plain = make()
    pdf, told = _watched(make)
    pages = len(pages_text(plain))
    assert pages == (4 if kind == "feedback forms" else 7)  # two forms to a page; a certificate a page
    assert told == [(page, pages) for page in range(1, pages + 1)]
    assert pages_text(pdf) == pages_text(plain)  # watching changes nothing on the paper
    assert _stopped_at(make, 2) == [(1, pages), (2, pages)]  # nothing drawn after Hủy


@pytest.mark.parametrize("trainees, passes", [(12, 1), (18, 2), (30, 2), (33, 1)])
def test_the_class_list_with_photos_tells_its_pages_of_a_count_estimated_before_the_layout(session, trainees, passes):
    """The count is told from the first page (estimated from the rows' heights: right here); when
    the signature would stand alone the list is laid out again (last rows with it), counted again."""
    _course(trainees, with_photos=True)

    def make(**kw):
        return printouts.class_pdf("class-list", CODE, DAY, **kw)

    plain = make()
    pdf, told = _watched(make)
    pages = len(pages_text(plain))
    assert pages >= 2 and "Ảnh" in pages_text(pdf)[0]
    assert told == [(page, pages) for page in range(1, pages + 1)] * passes
    assert pages_text(pdf) == pages_text(plain)
    assert _stopped_at(make, 2) == [(1, pages), (2, pages)]


def test_the_calibration_page_and_a_single_certificate_need_no_watcher(session):
    _course(3)
    issue_certificates(CODE, today=AFTER)
    assert len(pages_text(printouts.calibration_test_pdf({}))) == 1
    pdf, told = _watched(lambda **kw: printouts.certificates_pdf(CODE, numbers=["0002/2026"], **kw))
    assert len(pages_text(pdf)) == 1 and told == [(1, 1)]


def test_a_page_count_never_says_more_pages_done_than_there_are_and_ends_on_the_true_count():
    told: list[tuple[int, int]] = []
    low = PageCount(2, lambda done, total: told.append((done, total)))
    for _ in range(3):
        low.page_done()
    low.finish()
    assert told == [(1, 2), (2, 2), (3, 3)]
    told.clear()
    high = PageCount(5, lambda done, total: told.append((done, total)))
    high.page_done()
    high.page_done()
    high.finish()
    assert told == [(1, 5), (2, 5), (2, 2)]
    stopped = PageCount(5, None, lambda: True)
    with pytest.raises(Cancelled):
        stopped.page_done()
    assert stopped.done == 1
