"""The certificate seal's format (pinned: it is printed on paper that lasts decades) and the verdicts."""

import base64
import datetime as dt
import hashlib
import hmac
import unicodedata

import pytest

from app.domain import seal as s
from app.domain.verification import RegistryEntry, SheetEntry, Verdict, judge_code, judge_seal, judge_sheet

KEY = b"k" * 32
FIELDS = s.seal_fields(centre="TTBDCT-SMC", number="0125/2025", full_name="Nguyễn Thị Mỷ", birth="05/03/1990",
                       course_code="NTVD-2025-01", issued_on=dt.date(2025, 3, 20))


def _check(fields: s.SealFields) -> str:
    return s.check_code(KEY, fields)


def test_the_format_is_pinned_byte_for_byte():
    # docs/certificate-verification.md, computed here from the documented recipe, not from the code under test
    canonical = "GCN1\nTTBDCT-SMC\n0125/2025\nNguyễn Thị Mỷ\n05/03/1990\nNTVD-2025-01\n20/03/2025".encode()
    assert s.canonical(FIELDS) == unicodedata.normalize("NFC", canonical.decode()).encode()
    expected = base64.b32encode(hmac.new(KEY, canonical, hashlib.sha256).digest()).decode()[:10]
    assert s.check_code(KEY, FIELDS) == expected == "SGHBEJAKDB"
    assert s.seal_text(FIELDS, expected) == \
        "GCN1|TTBDCT-SMC|0125/2025|Nguyễn Thị Mỷ|05/03/1990|NTVD-2025-01|20/03/2025|SGHBEJAKDB"
    assert s.grouped(expected) == "SGHBE JAKDB"
    # The sheet's hashes: keyed by the printed check code (pinned too: sheets outlive versions).
    assert s.sheet_hashes(FIELDS, expected)["full_name"] == "YQNO5WHH55QVWQC3"
    assert s.sheet_hashes(FIELDS, expected)["all"] == "PIZQ3DHLIBZJ6BBK"


def test_a_name_typed_in_nfd_is_the_same_seal():
    nfd = s.seal_fields(centre="TTBDCT-SMC", number="0125/2025",
                        full_name=unicodedata.normalize("NFD", "Nguyễn Thị Mỷ"), birth="05/03/1990",
                        course_code="NTVD-2025-01", issued_on=dt.date(2025, 3, 20))
    assert s.check_code(KEY, nfd) == s.check_code(KEY, FIELDS)


def test_parse_round_trips_and_escapes_the_separator():
    odd = s.with_field(FIELDS, "course_code", "A|B%C")
    text = s.seal_text(odd, _check(odd))
    assert "A%7CB%25C" in text
    parsed = s.parse_seal(text)
    assert parsed.fields == odd and parsed.check == _check(odd)


@pytest.mark.parametrize(("text", "message"), [
    ("hello", "không phải mã QR của giấy chứng nhận"),
    ("GCN2|a|b|c|d|e|f|ABCDEFGHIJ", "chỉ đọc được mẫu GCN1"),
    ("GCN1|TT|0125/2025|Tên|1990|L|20/03/2025", "phải có 8 phần"),
    ("GCN1|TT|0125/2025|Tên|1990|L|20/03/2025|ABC", "phải gồm 10 chữ cái"),
])
def test_text_that_is_not_a_seal_says_why(text, message):
    with pytest.raises(s.SealError, match=message):
        s.parse_seal(text)


def test_typed_check_codes_forgive_case_spaces_and_digit_lookalikes():
    assert s.normalise_check("sghbe-jakdb") == "SGHBEJAKDB"
    assert s.normalise_check("0O1I 8B9G") == "OOIIBBGG"
    assert s.is_check_code("sghbe jakdb") and not s.is_check_code("SGHBE")


def _entry(status="issued", **changes):
    return RegistryEntry(s.with_field(FIELDS, *next(iter(changes.items()))) if changes else FIELDS, status,
                         "In sai tên" if status == "cancelled" else "",
                         dt.date(2025, 4, 2) if status == "cancelled" else None)


def test_a_genuine_seal_is_valid_and_each_changed_field_is_named():
    code = _check(FIELDS)
    valid = judge_seal(s.Seal(FIELDS, code), _entry(), _check)
    assert valid.verdict is Verdict.VALID and valid.exit_code == 0
    for name, value in [("centre", "XYZ"), ("full_name", "Nguyễn Thị Mỹ"), ("birth", "05/03/1991"),
                        ("course_code", "NTVD-2025-02"), ("issued_on", "21/03/2025")]:
        forged = s.Seal(s.with_field(FIELDS, name, value), code)
        answer = judge_seal(forged, _entry(), _check)
        assert answer.verdict is Verdict.ALTERED and answer.exit_code == 1
        assert answer.differing == (name, "check"), name
        assert s.FIELD_LABELS[name] in answer.text() and value in answer.text()
    wrong_code = judge_seal(s.Seal(FIELDS, "AAAAAAAAAA"), _entry(), _check)
    assert wrong_code.verdict is Verdict.ALTERED and wrong_code.differing == ("check",)
    assert "Mã kiểm tra AAAAA AAAAA không khớp" in wrong_code.text()


def test_a_registry_corrected_after_printing_is_told_apart_from_a_forgery():
    corrected = _entry(full_name="Nguyễn Thị Mỹ")  # the clerk fixed a typo after the paper was printed
    answer = judge_seal(s.Seal(FIELDS, _check(FIELDS)), corrected, _check)
    assert answer.verdict is Verdict.ALTERED and answer.differing == ("full_name",)
    assert "giấy do Trung tâm in, nhưng sổ đã được sửa sau khi in" in answer.text()


def test_cancelled_reissued_and_unknown():
    code = _check(FIELDS)
    cancelled = judge_seal(s.Seal(FIELDS, code), _entry("cancelled"), _check)
    assert cancelled.verdict is Verdict.CANCELLED and cancelled.exit_code == 1
    assert "đã bị hủy ngày 02/04/2025" in cancelled.text() and "Lý do hủy: In sai tên" in cancelled.text()
    reissued = RegistryEntry(FIELDS, "cancelled", "Cấp lại: Mất giấy", dt.date(2025, 5, 1), "0310/2025")
    answer = judge_seal(s.Seal(FIELDS, code), reissued, _check)
    assert answer.verdict is Verdict.REISSUED and "thay bằng giấy số 0310/2025" in answer.text()
    assert "Lý do: Mất giấy" in answer.text()
    unknown = judge_seal(s.Seal(FIELDS, code), None, _check)
    assert unknown.verdict is Verdict.UNKNOWN and unknown.exit_code == 1


def test_number_and_check_code_typed():
    code = _check(FIELDS)
    ok = judge_code("0125/2025", code, _entry(), code)
    assert ok.verdict is Verdict.VALID and "Nguyễn Thị Mỷ" in ok.text()
    bad = judge_code("0125/2025", "AAAAAAAAAA", _entry(), code)
    assert bad.verdict is Verdict.ALTERED and "Nguyễn Thị Mỷ" not in bad.text()  # a wrong code reveals nobody


def test_sheet_names_the_altered_field_and_knows_the_status():
    code = _check(FIELDS)
    entry = SheetEntry("0125/2025", "issued", hashes=s.sheet_hashes(FIELDS, code))
    assert judge_sheet(s.Seal(FIELDS, code), entry, "2025").verdict is Verdict.VALID
    forged = judge_sheet(s.Seal(s.with_field(FIELDS, "birth", "1991"), code), entry, "2025")
    assert forged.verdict is Verdict.ALTERED and forged.differing == ("birth",)
    wrong = judge_sheet(s.Seal(FIELDS, "AAAAAAAAAA"), entry, "2025")
    assert wrong.verdict is Verdict.ALTERED and wrong.differing == ("check",)
    gone = SheetEntry("0125/2025", "reissued", "01/05/2025", "0310/2025", s.sheet_hashes(FIELDS, code))
    assert "0310/2025" in judge_sheet(s.Seal(FIELDS, code), gone, "2025").text()
    assert judge_sheet(s.Seal(FIELDS, code), None, "2025").verdict is Verdict.UNKNOWN


def test_the_sheet_cannot_confirm_a_guess_without_the_check_code():
    # Whoever holds only the sheet knows the hash but not the code: the same guess under another
    # code gives another hash, so a right guess of the name is not recognisable.
    right = s.sheet_hashes(FIELDS, _check(FIELDS))["full_name"]
    assert s.sheet_hash("AAAAAAAAAA", "full_name", "Nguyễn Thị Mỷ") != right
    assert s.sheet_hash(_check(FIELDS), "full_name", "Nguyễn Thị Mỷ") == right
