"""Property tests of the rules every typed or imported value passes through: dates, the citizen ID,
and the one fold and sort key (``app/domain``). Bounded example counts, derandomised: seconds in CI.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.domain.citizen_id import century_sex_digit, check_citizen_id, check_old_id
from app.domain.dates import format_date, parse_birth, parse_date
from app.domain.errors import ValidationError
from app.domain.text import clean, compare, fold, name_sort_key, sort_key
from app.paths import data_file

FAST = settings(max_examples=300, deadline=None, database=None, derandomize=True)
TODAY = dt.date(2026, 6, 15)
PROVINCES = {p["code"] for p in json.loads(data_file("provinces.json").read_text(encoding="utf-8"))}

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none, huyền, hỏi, ngã, sắc, nặng


def _letter(base: str, tone: str, upper: bool) -> str:
    text = unicodedata.normalize("NFC", base + (tone if base in VOWELS else ""))
    return text.upper() if upper else text


_syllable_letter = st.builds(_letter, st.sampled_from(VIETNAMESE), st.sampled_from(TONES), st.booleans())
vietnamese_text = st.lists(st.one_of(_syllable_letter, st.just(" ")), max_size=24).map("".join)
any_text = st.text(max_size=40)
# Everything except the invisible and direction characters that ``clean`` removes.
_INVISIBLE = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b" \
             "\x1c\x1d\x1e\x1f\x7f\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068" \
             "\u2069\ufeff"
visible_text = st.text(st.characters(blacklist_characters=_INVISIBLE, blacklist_categories=("Cs",)), max_size=40)


# --- dates -------------------------------------------------------------------------------------


@FAST
@given(any_text)
@example("30/02/2024")
@example("31/04/2025")
@example("00/00/0000")
@example("2024-13-01")
@example("1/1/99999")
def test_date_parser_returns_a_date_or_says_why_never_crashes(text):
    try:
        value = parse_date(text)
    except ValidationError as exc:
        assert exc.message and ("ngày" in exc.message.lower())
        return
    assert isinstance(value, dt.date)


@FAST
@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), st.sampled_from(["/", "-", "."]), st.booleans())
def test_every_date_round_trips_through_the_written_forms(day, separator, padded):
    assert parse_date(format_date(day)) == day
    text = (f"{day.day:02d}{separator}{day.month:02d}{separator}{day.year}" if padded
            else f"{day.day}{separator}{day.month}{separator}{day.year}")
    assert parse_date(text) == day
    assert parse_date(f"  {text} ") == day
    assert parse_date(day.isoformat()) == day


@FAST
@given(st.integers(1, 31), st.integers(1, 12), st.integers(1900, 2100))
def test_impossible_dates_are_refused_with_the_reason(day, month, year):
    try:
        real = dt.date(year, month, day)
    except ValueError:
        with pytest.raises(ValidationError, match="Ngày không có thật"):
            parse_date(f"{day:02d}/{month:02d}/{year}")
    else:
        assert parse_date(f"{day:02d}/{month:02d}/{year}") == real


@FAST
@given(st.one_of(any_text, st.integers(-5000, 5000), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))))
def test_a_birth_date_is_never_before_1900_nor_in_the_future(value):
    try:
        birth = parse_birth(value, today=TODAY)
    except ValidationError:
        return
    if birth is None:
        assert value is None or (isinstance(value, str) and not value.strip())
        return
    assert 1900 <= birth.year <= TODAY.year
    assert birth.date is None or (birth.date <= TODAY and birth.date.year == birth.year)


# --- citizen ID ----------------------------------------------------------------------------------


@FAST
@given(any_text, st.one_of(st.none(), st.integers(1900, 2099)), st.sampled_from([None, "M", "F"]))
def test_cccd_is_twelve_digits_of_a_real_province_or_refused(raw, year, gender):
    try:
        result = check_citizen_id(raw, province_codes=PROVINCES, birth_year=year, gender=gender)
    except ValidationError as exc:
        assert (exc.field == "citizen_id" and "CCCD" in exc.message) or "CMND" in exc.message
        return
    assert len(result.number) == 12 and result.number.isascii() and result.number.isdigit()
    assert result.number[:3] in PROVINCES


@FAST
@given(st.sampled_from(sorted(PROVINCES)), st.integers(1900, 2099), st.sampled_from(["M", "F"]),
       st.integers(0, 999_999), st.sampled_from(["", " ", ".", "-"]))
def test_a_cccd_that_agrees_with_birth_and_gender_passes_cleanly(province, year, gender, serial, separator):
    number = f"{province}{century_sex_digit(year, gender)}{year % 100:02d}{serial:06d}"
    written = separator.join((number[:3], number[3:6], number[6:]))
    result = check_citizen_id(written, province_codes=PROVINCES, birth_year=year, gender=gender)
    assert result.number == number and result.warnings == []
    other_gender = "F" if gender == "M" else "M"
    assert check_citizen_id(number, province_codes=PROVINCES, birth_year=year, gender=other_gender).warnings
    other_year = year + 1 if year < 2099 else year - 1
    assert check_citizen_id(number, province_codes=PROVINCES, birth_year=other_year, gender=gender).warnings


@FAST
@given(st.from_regex(r"\A[0-9]{9}\Z"))
def test_nine_digits_are_an_old_cmnd_never_a_cccd(number):
    with pytest.raises(ValidationError, match="CMND"):
        check_citizen_id(number, province_codes=PROVINCES)
    assert check_old_id(number) == number


# --- fold and sort key ---------------------------------------------------------------------------


@FAST
@given(any_text)
def test_fold_is_idempotent_and_drops_every_mark(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert not any(unicodedata.category(ch) == "Mn" for ch in unicodedata.normalize("NFD", folded))
    assert "đ" not in folded and "Đ" not in folded


@FAST
@given(vietnamese_text)
def test_fold_and_sort_key_see_nfd_and_nfc_as_the_same_text(text):
    nfd = unicodedata.normalize("NFD", text)
    assert fold(nfd) == fold(text)
    assert sort_key(nfd) == sort_key(text)
    assert fold(text.upper()) == fold(text.lower())  # case never matters to search


@FAST
@given(visible_text)
def test_clean_is_idempotent_and_nfc(text):
    cleaned = clean(text)
    assert clean(cleaned) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    assert sort_key(cleaned) == sort_key(text) and fold(cleaned) == fold(text)


def test_clean_of_text_with_an_invisible_character_before_a_mark_is_nfc():
    assert unicodedata.is_normalized("NFC", clean("Sư\u200b\u0309"))


@FAST
@given(st.lists(vietnamese_text, min_size=3, max_size=3))
def test_vietnamese_order_is_a_total_order(texts):
    a, b, c = texts
    assert compare(a, a) == 0
    assert compare(a, b) == -compare(b, a)  # antisymmetric
    if compare(a, b) <= 0 and compare(b, c) <= 0:
        assert compare(a, c) <= 0  # transitive
    assert (compare(a, b) == 0) == (sort_key(a) == sort_key(b))
    assert sorted(texts, key=sort_key) == sorted(sorted(texts, key=sort_key), key=sort_key)


@FAST
@given(st.lists(st.sampled_from(VIETNAMESE), min_size=2, max_size=2, unique=True), st.sampled_from(TONES),
       st.sampled_from(TONES))
def test_letters_order_first_then_tones(letters, tone_a, tone_b):
    """a ă â b c d đ e ê …: the letter decides, whatever the tones; on the same letter, the tone."""
    first, second = sorted(letters, key=VIETNAMESE.index)
    assert compare(_letter(first, tone_a, False), _letter(second, tone_b, False)) < 0
    vowel = first if first in VOWELS else "a"
    same_a, same_b = _letter(vowel, tone_a, False), _letter(vowel, tone_b, False)
    assert (compare(same_a, same_b) > 0) == (TONES.index(tone_a) > TONES.index(tone_b))


@FAST
@given(vietnamese_text, vietnamese_text, vietnamese_text, vietnamese_text)
def test_names_sort_by_given_name_first(family_a, given_a, family_b, given_b):
    words = [w for w in (family_a.split() + given_a.split() + family_b.split() + given_b.split()) if w]
    if len(words) < 4:
        return
    name_a, name_b = f"{words[0]} {words[1]}", f"{words[2]} {words[3]}"
    if sort_key(words[1]) != sort_key(words[3]):
        assert (name_sort_key(name_a) < name_sort_key(name_b)) == (sort_key(words[1]) < sort_key(words[3]))
