"""Dates typed dd/mm/yyyy, year-only birth dates, and the CCCD rules."""

import datetime as dt

import pytest

from app.domain.citizen_id import check_citizen_id, check_old_id
from app.domain.dates import BirthDate, check_period, format_date, parse_birth, parse_date
from app.domain.errors import ValidationError

TODAY = dt.date(2026, 11, 25)
PROVINCES = {"001", "002", "010", "015"}


@pytest.mark.parametrize("text", ["05/03/1980", "5/3/1980", "05-03-1980", "05.03.1980", " 5 / 3 / 1980 ",
                                  "1980-03-05"])
def test_date_forms(text):
    assert parse_date(text) == dt.date(1980, 3, 5)


def test_format_has_leading_zeros():
    assert format_date(dt.date(2025, 2, 5)) == "05/02/2025"


@pytest.mark.parametrize("text, reason", [("30/02/2020", "không có thật"), ("hôm qua", "Không hiểu"),
                                          ("", "Cần nhập")])
def test_bad_dates_are_refused_with_the_reason(text, reason):
    with pytest.raises(ValidationError, match=reason):
        parse_date(text)


def test_birth_year_only():
    birth = parse_birth("1975", today=TODAY)
    assert birth == BirthDate(1975) and str(birth) == "1975" and birth.sort_text == "1975"


@pytest.mark.parametrize("text, reason", [("1899", "trước năm 1900"), ("01/01/2027", "tương lai"),
                                          ("2027", "tương lai")])
def test_birth_out_of_range(text, reason):
    with pytest.raises(ValidationError, match=reason):
        parse_birth(text, today=TODAY)


def test_class_ending_before_start():
    with pytest.raises(ValidationError, match="trước ngày bắt đầu"):
        check_period(dt.date(2025, 3, 5), dt.date(2025, 3, 4))


def test_valid_cccd_without_warnings():
    result = check_citizen_id("010 185 123456", province_codes=PROVINCES, birth_year=1985, gender="F")
    assert result.number == "010185123456" and result.warnings == []


@pytest.mark.parametrize("typed", ["'010185123456", "’010185123456", "'010 185 123456"])
def test_the_apostrophe_excel_takes_to_keep_a_number_as_text_is_not_part_of_it(typed):
    assert check_citizen_id(typed, province_codes=PROVINCES, birth_year=1985, gender="F").number == "010185123456"
    assert check_old_id("'012345678") == "012345678"


def test_cccd_born_2001_male():
    assert check_citizen_id("010201000001", province_codes=PROVINCES, birth_year=2001,
                            gender="M").warnings == []


@pytest.mark.parametrize("number, reason", [("01018512345", "đúng 12 chữ số"),
                                            ("099185123456", "Mã tỉnh 099"),
                                            ("123456789", "CMND cũ")])
def test_cccd_refused(number, reason):
    with pytest.raises(ValidationError, match=reason):
        check_citizen_id(number, province_codes=PROVINCES)


def test_cccd_mismatch_is_a_warning_not_a_refusal():
    result = check_citizen_id("010085123456", province_codes=PROVINCES, birth_year=1986, gender="F")
    assert len(result.warnings) == 2
    assert any("năm sinh" in w for w in result.warnings)
    assert any("giới tính" in w for w in result.warnings)


def test_old_id():
    assert check_old_id("012 345 678") == "012345678"
    with pytest.raises(ValidationError):
        check_old_id("12345")
