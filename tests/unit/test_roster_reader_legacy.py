"""Text typed in the legacy fonts (TCVN3 .VnTime, VNI-Times) read back as Unicode — or refused, never garbled.

The inputs are made by the test's own encoders (tests/fixtures/roster_layouts.py), written from the
published tables as glyph strings, independently of the app's code-point tables.
"""

from __future__ import annotations

import unicodedata

import pytest
from openpyxl import Workbook

from app.domain.errors import ValidationError
from app.exchange import legacy, read_pasted_roster, read_roster
from app.exchange.legacy import decide, is_syllable, tcvn3_to_unicode, vni_to_unicode
from tests.fixtures.roster_layouts import (
    TCVN3_OTHERS,
    VIETNAMESE_LETTERS,
    encode_tcvn3,
    encode_vni,
)


def test_the_alphabet_has_134_letters():
    assert len(VIETNAMESE_LETTERS) == len(set(VIETNAMESE_LETTERS)) == 134
    assert all(unicodedata.is_normalized("NFC", letter) and len(letter) == 1 for letter in VIETNAMESE_LETTERS)


@pytest.mark.parametrize("letter", VIETNAMESE_LETTERS)
def test_every_letter_round_trips_through_vni(letter):
    assert vni_to_unicode(encode_vni(letter)) == letter
    assert vni_to_unicode(encode_vni(f"Kh{letter}n")) == f"Kh{letter}n"  # inside a word too


@pytest.mark.parametrize("letter", VIETNAMESE_LETTERS)
def test_every_letter_round_trips_through_tcvn3(letter):
    if letter.islower() or letter in TCVN3_OTHERS:
        assert tcvn3_to_unicode(encode_tcvn3(letter)) == letter
        assert tcvn3_to_unicode(encode_tcvn3(f"Kh{letter}n")) == f"Kh{letter}n"
    else:
        # TCVN3 has no code for a capital with a tone: it is typed in .VnTimeH with the lower-case
        # code, in a cell typed all in capitals, and comes back in capitals.
        assert tcvn3_to_unicode(encode_tcvn3(f"KH{letter}N")) == f"KH{letter}N"


@pytest.mark.parametrize("typed, expected", [
    ("NguyÔn V¨n An", "Nguyễn Văn An"),
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("X· B¶N MÕ", "XÃ BẢN MẾ"),
    ("Tr­êng Chinh", "Trường Chinh"),
])
def test_tcvn3_strings(typed, expected):
    assert tcvn3_to_unicode(typed) == expected


@pytest.mark.parametrize("typed, expected", [
    ("Nguyeãn Vaên An", "Nguyễn Văn An"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñaëng Thò Thaém", "Đặng Thị Thắm"),
    ("Tröôøng Chinh", "Trường Chinh"),
    ("NGUYEÃN VAÊN AN", "NGUYỄN VĂN AN"),
])
def test_vni_strings(typed, expected):
    assert vni_to_unicode(typed) == expected


def test_syllable_check():
    assert all(is_syllable(w) for w in ("Nguyễn", "quỳnh", "khuỷu", "giữa", "ngoéo", "Thắm", "xã", "Mỷ"))
    # what a wrong reading makes: two tones, a tone on a stop ending it cannot take, stray marks
    assert not any(is_syllable(w) for w in ("nguyeãn", "bỡnh", "hoàt", "vaên", "ngñ", "x·"))


def test_detection_per_column():
    cells = [(2, encode_tcvn3(n)) for n in ("Nguyễn Văn An", "Trần Thị Bích", "Lò Văn Hùng")]
    cells += [(3, encode_vni(u)) for u in ("Xã Bản Mế", "Thị trấn Si Ma Cai", "Xã Sán Chải")]
    cells += [(4, "Hoà Bình"), (4, "Đà Nẵng")]  # Unicode, although its Latin-1 letters read as VNI
    verdict = decide(cells)
    assert (verdict.for_column(2), verdict.for_column(3), verdict.for_column(4)) == ("tcvn3", "vni", "unicode")


def test_unicode_text_is_never_converted():
    words = ["Hoà Bình", "Lò Văn Bé", "Bùi Thị Hà", "Ngô Sĩ Liên", "Hồ Thị Thu", "Lê Thị Út", "Vũ Ánh", "Y Bih Niê"]
    verdict = decide([(1, w) for w in words])
    assert verdict.file == "unicode" and set(verdict.columns.values()) == {"unicode"}


def _sheet(path, rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_a_tcvn3_roster_is_read_in_unicode_with_the_original_kept(tmp_path):
    header = [encode_tcvn3(t) for t in ("STT", "Họ và tên", "Năm sinh", "Dân tộc", "Đơn vị công tác")]
    people = [("Nguyễn Văn An", 1980, "Kinh", "Xã Bản Mế"), ("Trần Thị Bích", 1985, "Tày", "Xã Sán Chải"),
              ("Đặng Thị Thắm", 1990, "Mông", "Thị trấn Si Ma Cai")]
    rows = [[encode_tcvn3("DANH SÁCH HỌC VIÊN")], header]
    rows += [[i, encode_tcvn3(n), y, encode_tcvn3(e), encode_tcvn3(u)] for i, (n, y, e, u) in enumerate(people, 1)]
    sheet = read_roster(_sheet(tmp_path / "ds.xlsx", rows))
    assert sheet.header_row == 2  # found after conversion: "Hä vµ tªn" is "Họ và tên"
    assert [(r.values["full_name"], r.values["ethnic_group"], r.values["unit"]) for r in sheet.rows] == [
        (n, e, u) for n, _y, e, u in people]
    assert sheet.rows[0].original["full_name"] == "NguyÔn V¨n An"
    assert "birth" not in sheet.rows[0].original  # only converted cells keep an original
    assert sheet.encoding == "tcvn3" and sheet.converted_cells == 13  # title, 3 header cells, 9 data cells
    assert sheet.encoding_line() == "encoding: TCVN3 → Unicode (13 cells)"


def test_a_vni_paste_is_converted():
    text = "STT\tHọ và tên\tNăm sinh\n1\tNguyeãn Vaên An\t1980\n2\tÑaëng Thò Thaém\t1991\n"
    sheet = read_pasted_roster(text)
    assert [r.values["full_name"] for r in sheet.rows] == ["Nguyễn Văn An", "Đặng Thị Thắm"]
    assert sheet.encoding == "vni" and sheet.converted_cells == 2


def test_a_forced_encoding_wins_and_a_wrong_one_is_visible():
    text = "Họ và tên\tNăm sinh\nHoà Bình\t1980\n"
    assert read_pasted_roster(text).rows[0].values["full_name"] == "Hoà Bình"
    forced = read_pasted_roster(text, encoding="vni")  # the clerk says VNI: "oà" is then "ồ"
    assert forced.rows[0].values["full_name"] == "Hồ Bình" and forced.encoding == "vni"
    assert read_pasted_roster("Họ và tên\tNăm sinh\nNguyeãn An\t1980\n", encoding="unicode").converted_cells == 0
    with pytest.raises(ValidationError, match="không được hỗ trợ"):
        read_pasted_roster(text, encoding="utf-16")


def test_undecidable_text_is_refused_with_the_unikey_advice():
    # Latin-1 gibberish that is no Vietnamese in any reading, next to a name that reads as VNI only
    # weakly: the reader cannot be sure, so it stores nothing.
    text = "Họ và tên\tNăm sinh\nNguyeãn An\t1980\nÆæÐðÞþ Ëë\t1981\n"
    with pytest.raises(ValidationError) as caught:
        read_pasted_roster(text)
    assert "Ctrl+Shift+F6" in caught.value.message and "Unikey" in caught.value.message


@pytest.mark.parametrize("encoder", [encode_tcvn3, encode_vni], ids=["tcvn3", "vni"])
def test_an_old_csv_in_font_bytes_is_converted_not_read_as_windows_1258(encoder, tmp_path):
    # Saved as "CSV" from an old Excel: each letter is the font's one byte, not Windows-1258.
    lines = ["STT,Họ và tên,Năm sinh,Đơn vị", "1,Nguyễn Văn An,1980,Xã Bản Mế", "2,Đặng Thị Thắm,1991,Xã Sán Chải",
             "3,Trần Thị Bích,1979,Thị trấn Si Ma Cai"]
    path = tmp_path / "ds.csv"
    path.write_bytes("\r\n".join(encoder(line) for line in lines).encode("latin-1"))
    sheet = read_roster(path)
    assert [(r.values["full_name"], r.values["unit"]) for r in sheet.rows] == [
        ("Nguyễn Văn An", "Xã Bản Mế"), ("Đặng Thị Thắm", "Xã Sán Chải"), ("Trần Thị Bích", "Thị trấn Si Ma Cai")]


def test_an_undecidable_side_sheet_does_not_hide_the_roster_but_is_named_if_nothing_else(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Ghi chú"
    workbook.active.append(["Nguyeãn An"])
    workbook.active.append(["ÆæÐðÞþ Ëë"])
    roster = workbook.create_sheet("DS")
    roster.append(["Họ và tên", "Năm sinh"])
    roster.append(["Thào A Sử", 1985])
    workbook.save(tmp_path / "ds.xlsx")
    sheet = read_roster(tmp_path / "ds.xlsx")
    assert (sheet.sheet_name, [r.values["full_name"] for r in sheet.rows]) == ("DS", ["Thào A Sử"])
    del workbook["DS"]
    workbook.save(tmp_path / "only.xlsx")
    with pytest.raises(ValidationError, match="Ctrl\\+Shift\\+F6"):
        read_roster(tmp_path / "only.xlsx")


def test_text_that_reads_both_ways_is_refused_with_both_readings_to_choose_from(tmp_path):
    # "Caû", "Chuû" are VNI for "Cả", "Chủ"; read as TCVN3 they are "Caỷ", "Chuỷ", also syllables.
    workbook = Workbook()
    for row in (["Họ và tên", "Năm sinh", "Ghi chú"], ["Thào A Sử", 1985, "Caû"], ["Giàng Thị Mỷ", 1990, "Chuû"]):
        workbook.active.append(row)
    path = tmp_path / "ds.xlsx"
    workbook.save(path)
    with pytest.raises(legacy.UndecidedEncoding) as refused:
        read_roster(path)
    # The title typed in Unicode ("Ghi chú") is not offered as a sample: it would only confuse.
    assert refused.value.samples == [("Caû", {"tcvn3": "Caỷ", "vni": "Cả"}),
                                     ("Chuû", {"tcvn3": "Chuỷ", "vni": "Chủ"})]
    chosen = read_roster(path, encoding="vni")
    assert [(r.values["full_name"], r.values["note"]) for r in chosen.rows] == [("Thào A Sử", "Cả"),
                                                                                 ("Giàng Thị Mỷ", "Chủ")]
