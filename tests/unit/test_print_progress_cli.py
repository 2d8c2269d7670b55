"""``boiduong print certificates | feedback-forms | class-list`` (with photos) on a terminal: the
pages drawn, of how many; Ctrl+C stops with 130, one Vietnamese line and no file (nor a temporary
one). Piped, no progress and the whole file."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from app.cli import main
from tests.pdf_helpers import pages_text
from tests.terminal import ctrl_c_while_drawing

BIG = "QPAN4-2018-01"  # the demo's largest class (a few hundred trainees, certificates issued)


def _facts(demo_path: Path, document: str) -> int:
    """The pages the document must have, from the database (photos put on the class list first)."""
    import math

    from app.printing.feedback_forms import per_page_for
    from app.services import documents, photos
    from app.services.feedback_forms import feedback_form_sheet
    from app.services.session import open_session
    from app.services.settings import get_institution, save_institution
    from tests.photo_helpers import small_png

    with open_session(demo_path, backup_on_start=False):
        if document == "certificates":
            return len(documents.certificate_rows(BIG))
        if document == "feedback-forms":
            sheet = feedback_form_sheet(BIG, None)
            return math.ceil(len(sheet.numbers) / per_page_for(sheet))
        jpeg = small_png()
        for row in documents.class_list(BIG)[1]:
            photos.set_photo(row.trainee_id, jpeg)
        save_institution(replace(get_institution(), class_list_photos=True))
        return 0  # the list's pages are counted by its layout


@pytest.mark.parametrize("document", ["certificates", "feedback-forms", "class-list"])
def test_a_terminal_sees_the_pages_and_ctrl_c_leaves_no_file(demo_path, tmp_path, document):
    pages = _facts(demo_path, document)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / f"{document}.pdf"
    # The class list with photos is laid out first, then its pages come quickly: stop at the first.
    text = ctrl_c_while_drawing(["--db", str(demo_path), "print", document, "--course", BIG, "--out", str(out)],
                                at_page=1 if document == "class-list" else 3)
    total = re.search(r"^Đã in 1/(\d+) trang$", text.replace("\r", "\n"), re.MULTILINE)
    assert total, text
    if pages:  # known before the first page: a certificate a page, two forms a page
        assert int(total.group(1)) == pages
    else:
        assert int(total.group(1)) >= 10
    assert text.strip().splitlines()[-1].startswith("boiduong: lỗi: đã dừng (Ctrl+C)") and "Traceback" not in text
    assert list(folder.iterdir()) == []


def test_piped_certificates_have_no_progress_and_the_file_is_whole(demo_path, tmp_path, capsys):
    out = tmp_path / "gcn.pdf"
    assert main(["--db", str(demo_path), "print", "certificates", "--course", "NVCTD-2020-01", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "Đã in" not in captured.err and "Đã in" not in captured.out
    pages = pages_text(out.read_bytes())
    assert len(pages) > 20 and all("GIẤY CHỨNG NHẬN" in page for page in pages)


def test_progress_numbers_are_written_the_vietnamese_way(monkeypatch):
    """On a terminal the counts read as the window's dialog reads them: "Đã in 1.283/2.537 trang",
    "Đã ghi 35.500/100.000 dòng" (not 35500/100000); piped, nothing."""
    import io

    from app.cli.commands import _Pages

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    with _Pages() as pages:
        pages(1283, 2537)
    with _Pages(done="Đã ghi", unit="dòng") as rows:
        rows(35_500, 100_000)
    assert screen.getvalue() == "\rĐã in 1.283/2.537 trang\n\rĐã ghi 35.500/100.000 dòng\n"
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    with _Pages() as pages:
        pages(3, 10)
    assert piped.getvalue() == ""


def test_a_ctrl_c_the_moment_a_page_line_is_written_still_ends_that_line(monkeypatch, capsys):
    """The Ctrl+C message starts on a line of its own even when the interrupt lands right after
    the progress line was written (it printed 'Đã in 1/41 trangboiduong: lỗi: đã dừng…')."""
    import builtins
    import sys

    from app.cli import commands

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)

    def interrupted_print(*args, **kwargs):
        builtins.print(*args, **kwargs)
        raise KeyboardInterrupt  # as the signal handler would, at the next instruction

    with pytest.raises(KeyboardInterrupt), commands._Pages() as pages:
        monkeypatch.setattr(commands, "print", interrupted_print, raising=False)
        pages(1, 41)
    assert capsys.readouterr().err == "\rĐã in 1/41 trang\n"
