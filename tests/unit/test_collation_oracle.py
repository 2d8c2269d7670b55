"""The sort key agrees with ICU's Vietnamese collation (Qt's QCollator) — the test oracle."""

import random

import pytest
from PySide6 import QtCore  # the oracle; Qt is a hard dependency

from app.domain.text import sort_key

FAMILY = ["Giàng", "Sùng", "Thào", "Lù", "Vàng", "Ly", "Hầu", "Mùa", "Vừ", "Cư", "Nguyễn", "Đặng",
          "Đào", "Lê", "Lò", "Hoàng", "Phạm", "Ma", "Tráng", "Chảo", "Ấu", "Âu", "Ứng", "Ưng"]
MIDDLE = ["Seo", "A", "Thị", "Văn", "Thị Mỷ", "Đức", "Quang", "Sèo", "Xuân"]
GIVEN = ["Sử", "Sư", "Su", "Pao", "Páo", "Chứ", "Chư", "Dơ", "Dợ", "Mỷ", "Mý", "Máy", "Mai", "Mài",
         "Dũng", "Dung", "Đức", "Anh", "Ánh", "An", "Ân", "Ấn", "Ăn", "Yến", "Yên", "Ý", "Uyên",
         "Hòa", "Hoà", "Hoa", "Hùng", "Hưng", "Hứng", "Thạo", "Thảo", "Tháo", "Thào", "Ơn", "Ôn", "On"]


def _names(n: int) -> list[str]:
    rng = random.Random(7)
    names = {f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(n)}
    return sorted(names)


@pytest.fixture(scope="module")
def collator():
    locale = QtCore.QLocale(QtCore.QLocale.Language.Vietnamese, QtCore.QLocale.Country.Vietnam)
    return QtCore.QCollator(locale)


def test_single_words_agree_with_qcollator(collator):
    words = sorted(set(FAMILY + MIDDLE + GIVEN + [w.lower() for w in GIVEN] + [w.upper() for w in GIVEN]))
    assert sorted(words, key=sort_key) == sorted(words, key=collator.sortKey)


def test_hundreds_of_full_names_agree_with_qcollator(collator):
    names = _names(600)
    assert len(names) > 300
    assert sorted(names, key=sort_key) == sorted(names, key=collator.sortKey)
