"""Text rules: NFC on the way in, folding for search, the Vietnamese sort key."""

import unicodedata

import pytest

from app.domain.text import clean, fold, name_sort_key, sort_key, split_name


def test_clean_normalises_nfd_and_collapses_spaces():
    nfd = unicodedata.normalize("NFD", "  Thào   A\tSử ")
    assert clean(nfd) == "Thào A Sử"
    assert unicodedata.is_normalized("NFC", clean(nfd))


def test_clean_drops_control_and_direction_characters():
    assert clean("Giàng\u202e Seo\x00 Pao\u200b") == "Giàng Seo Pao"


@pytest.mark.parametrize("typed, stored", [
    ("nguyen van d", "Nguyễn Văn Dũng"),
    ("thao a su", "Thào A Sử"),
    ("dang", "Đặng Thị Ánh"),
    ("DANG THI ANH", "Đặng Thị Ánh"),
])
def test_fold_makes_search_diacritic_and_case_insensitive(typed, stored):
    assert fold(typed) in fold(stored)


def test_fold_treats_nfd_and_nfc_alike():
    assert fold(unicodedata.normalize("NFD", "Hầu Thị Mỷ")) == fold("Hầu Thị Mỷ") == "hau thi my"


def test_letters_first_then_tones():
    # Vietnamese alphabet: a ă â … d đ …; tones: none, huyền, hỏi, ngã, sắc, nặng.
    words = ["Ấn", "Đào", "An", "Ăn", "Dũng", "Ân", "Thạo", "Tháo", "Thao", "Thảo", "Thào", "Thão"]
    assert sorted(words, key=sort_key) == [
        "An", "Ăn", "Ân", "Ấn", "Dũng", "Đào", "Thao", "Thào", "Thảo", "Thão", "Tháo", "Thạo"]


def test_split_name():
    assert split_name("Giàng Seo Pao") == ("Giàng", "Seo", "Pao")
    assert split_name("Lù Thị Dợ Mai") == ("Lù", "Thị Dợ", "Mai")
    assert split_name("Pao") == ("", "", "Pao")


def test_names_sort_by_given_name_then_middle_then_family_then_birth():
    people = [
        ("Thào A Sử", "1990"),
        ("Giàng Seo Ánh", "1985-02-01"),
        ("Lù Văn An", "1970-01-01"),
        ("Giàng A Sử", "1988-05-05"),
        ("Thào A Sử", "1980-12-31"),
    ]
    ordered = sorted(people, key=lambda p: name_sort_key(*p))
    assert ordered == [
        ("Lù Văn An", "1970-01-01"),
        ("Giàng Seo Ánh", "1985-02-01"),
        ("Giàng A Sử", "1988-05-05"),
        ("Thào A Sử", "1980-12-31"),
        ("Thào A Sử", "1990"),
    ]
