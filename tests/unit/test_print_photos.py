"""Photos on paper: in the certificate's photo box when the holder has one, and on the class list
when the centre ticks it in the settings."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

from pypdf import PdfReader

from app.outputs import printouts
from app.services import photos
from app.services.certificates import issue_certificates
from app.services.settings import get_institution, save_institution
from app.store.models import Trainee
from tests.pdf_helpers import pages_text
from tests.photo_helpers import small_png
from tests.unit.test_certificates import AFTER, _class

DAY = dt.date(2026, 3, 20)


def _images(pdf: bytes) -> list[list[tuple[int, int]]]:
    """Per page, the (width, height) in pixels of each image XObject drawn on it."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        sizes = []
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                sizes.append((int(obj["/Width"]), int(obj["/Height"])))
        found.append(sizes)
    return found


def _drawn(page) -> list[str]:
    """The names of the images drawn on ``page``, in drawing order (an image used twice, twice)."""
    from pypdf.generic import ContentStream

    xobjects = page["/Resources"]["/XObject"]
    return [operands[0] for operands, op in ContentStream(page.get_contents(), page.pdf).operations
            if op == b"Do" and xobjects[operands[0]].get_object().get("/Subtype") == "/Image"]


def _drawn_colours(pdf: bytes) -> list[str]:
    """The main colour of each image of the first page, in the order they are drawn (top to bottom)."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    names = _drawn(page)
    images = {image.name.rsplit(".", 1)[0]: image.image for image in page.images}  # "Name.jpg"
    colours = []
    for name in names:
        r, _g, b = images[name.lstrip("/")].convert("RGB").getpixel((100, 100))
        colours.append("red" if r > b else "blue")
    return colours


def _name(name: str) -> Trainee:
    return Trainee.get(Trainee.full_name == name)


def test_the_certificate_shows_the_holders_photo_and_no_image_without_one(session):
    _class()
    issue_certificates("NTVD-2026-01", today=AFTER)
    photos.set_photo(_name("Thào A Sử").id, small_png())
    pdf = printouts.certificates_pdf("NTVD-2026-01")
    pages = pages_text(pdf)
    assert [next(n for n in ("Lù Văn An", "Giàng Thị Mỷ", "Thào A Sử") if n in text) for text in pages] == [
        "Lù Văn An", "Giàng Thị Mỷ", "Thào A Sử"]
    assert _images(pdf) == [[], [], [(354, 472)]]
    # On pre-printed blanks there is no photo box: the fields only.
    assert _images(printouts.certificates_pdf("NTVD-2026-01", preprinted=True)) == [[], [], []]
    photos.remove_photo(_name("Thào A Sử").id)
    assert _images(printouts.certificates_pdf("NTVD-2026-01")) == [[], [], []]


def test_a5_certificate_keeps_the_photo(session):
    from app.services.certificate_settings import save_paper

    _class()
    issue_certificates("NTVD-2026-01", today=AFTER)
    photos.set_photo(_name("Lù Văn An").id, small_png())
    save_paper("A5")
    assert _images(printouts.certificates_pdf("NTVD-2026-01"))[0] == [(354, 472)]


def test_the_class_list_prints_photos_only_when_the_setting_is_ticked(session):
    _class()
    photos.set_photo(_name("Giàng Thị Mỷ").id, small_png((200, 30, 30)))
    photos.set_photo(_name("Thào A Sử").id, small_png((30, 30, 200)))
    plain = printouts.class_pdf("class-list", "NTVD-2026-01", DAY)
    assert _images(plain) == [[]]
    assert "Ảnh" not in pages_text(plain)[0].split("STT")[1][:20]

    save_institution(replace(get_institution(), name="Trung tâm Chính trị huyện Si Ma Cai", class_list_photos=True))
    assert get_institution().class_list_photos is True
    with_photos = printouts.class_pdf("class-list", "NTVD-2026-01", DAY)
    assert sorted(_images(with_photos)[0]) == [(354, 472), (354, 472)]
    text = " ".join(pages_text(with_photos)[0].split())
    for expected in ("DANH SÁCH HỌC VIÊN", "STT Ảnh Họ và tên", "Lù Văn An", "Giàng Thị Mỷ", "Thào A Sử",
                     "Tổng số: 3 học viên"):
        assert expected in text, expected
    # The same rows as the plain list, a photo column added (and the Excel file stays text).
    assert text.index("Lù Văn An") < text.index("Giàng Thị Mỷ") < text.index("Thào A Sử")
    assert _drawn_colours(with_photos) == ["red", "blue"]  # Mỷ's photo in Mỷ's row, then Sử's
    assert printouts.class_xlsx("class-list", "NTVD-2026-01", DAY)[:2] == b"PK"

    # Ticked, but nobody in the class has a photo: the plain list.
    for name in ("Giàng Thị Mỷ", "Thào A Sử"):
        photos.remove_photo(_name(name).id)
    assert _images(printouts.class_pdf("class-list", "NTVD-2026-01", DAY)) == [[]]


def test_a_long_class_list_with_photos_breaks_onto_pages_with_the_header_repeated(session):
    names = tuple(f"Thào A Sử{'' if i == 0 else ' ' + chr(0x41 + i % 26) * (1 + i // 26)}" for i in range(30))
    _class(names=names, scores=(8.0,) * 30, absences=(0,) * 30)
    for trainee in Trainee.select():
        photos.set_photo(trainee.id, small_png())
    save_institution(replace(get_institution(), name="Trung tâm Chính trị huyện Si Ma Cai", class_list_photos=True))
    pdf = printouts.class_pdf("class-list", "NTVD-2026-01", DAY)
    pages = pages_text(pdf)
    assert len(pages) >= 3
    assert all("Ảnh" in page and "Họ và tên" in page for page in pages)
    assert sum(len(_drawn(page)) for page in PdfReader(io.BytesIO(pdf)).pages) == 30  # a photo a row
    assert "Tổng số: 30 học viên" in " ".join(pages[-1].split())
