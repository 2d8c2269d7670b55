"""Vietnamese text: normalisation, folding for search, and the Vietnamese sort key.

One source of truth for how names are stored, searched and ordered. The same functions are
registered with SQLite (see ``app.store.db``) so ``WHERE`` and ``ORDER BY`` agree with Python.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE_RE = re.compile(r"\s+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(value: str | None) -> str:
    """NFC-normalise, drop control and direction characters, trim and collapse inner spaces."""
    if value is None:
        return ""
    text = _CONTROL_RE.sub("", str(value))  # first: an invisible character can split a letter from its mark
    text = unicodedata.normalize("NFC", text)
    return _SPACE_RE.sub(" ", text).strip()


def clean_or_none(value: str | None) -> str | None:
    """Like :func:`clean`, but an empty result is ``None`` (for optional unique fields)."""
    text = clean(value)
    return text or None


def fold(value: str | None) -> str:
    """Fold case and diacritics for search and duplicate keys: ``Đặng Thị Ánh`` → ``dang thi anh``."""
    text = clean(value).replace("đ", "d").replace("Đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.lower()


# --- Vietnamese collation -------------------------------------------------------------------
# Primary: base letters in the Vietnamese alphabet order (a ă â b c d đ e ê g h i k l m n o ô ơ
# p q r s t u ư v x y; the foreign letters f j w z at their Latin places). Secondary: the tone
# (none, huyền, hỏi, ngã, sắc, nặng). Tertiary: lower case before upper case. This is what ICU's
# Vietnamese tailoring (Qt's QCollator) does; tests use QCollator as the oracle.

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Modifiers that make a distinct Vietnamese letter (ă â ê ô ơ ư đ) rather than a tone.
_LETTER_MODIFIERS = {"\u0306", "\u0302", "\u031b"}

_LEVEL_SEP = "\x01"  # lower than every weight, so a shorter word sorts first
_FIELD_SEP = "\x02"
_PUNCT_BASE = 0x20
_DIGIT_BASE = 0x60
_LETTER_BASE = 0x100
_OTHER_BASE = 0x400


def _analyse(ch: str) -> tuple[str, int, int]:
    """Return (primary weight char, tone, case) for one NFC character."""
    upper = 1 if ch.isupper() else 0
    lower = ch.lower()
    if lower == "đ":
        return chr(_LETTER_BASE + _ALPHABET.index("đ")), 0, upper
    decomposed = unicodedata.normalize("NFD", lower)
    base = decomposed[0]
    tone = 0
    letter_marks = ""
    for mark in decomposed[1:]:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _LETTER_MODIFIERS:
            letter_marks += mark
        # other marks (foreign accents) are ignored at the primary level
    letter = unicodedata.normalize("NFC", base + letter_marks)
    if letter in _ALPHABET:
        return chr(_LETTER_BASE + _ALPHABET.index(letter)), tone, upper
    if base in _ALPHABET:
        return chr(_LETTER_BASE + _ALPHABET.index(base)), tone, upper
    if base.isdigit() and base.isascii():
        return chr(_DIGIT_BASE + int(base)), 0, 0
    if base.isspace() or not base.isalnum():
        return chr(_PUNCT_BASE + min(ord(base), 0x3F) % 0x40), 0, 0
    return chr(_OTHER_BASE + ord(base)), tone, upper


def sort_key(value: str | None) -> str:
    """A string whose plain (binary) order is the Vietnamese order of ``value``."""
    text = clean(value)
    primary, secondary, tertiary = [], [], []
    for ch in text:
        p, tone, case = _analyse(ch)
        primary.append(p)
        secondary.append(chr(0x30 + tone))
        tertiary.append(chr(0x30 + case))
    return "".join(primary) + _LEVEL_SEP + "".join(secondary) + _LEVEL_SEP + "".join(tertiary)


def split_name(full_name: str) -> tuple[str, str, str]:
    """Split a Vietnamese full name into (family, middle, given): first word, inner words, last word."""
    words = clean(full_name).split(" ")
    if not words or words == [""]:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def name_sort_key(full_name: str, birth_key: str = "") -> str:
    """Sort key for a person: given name, then middle names, then family name, then birth date.

    ``birth_key`` is an ISO-like text (``1980-03-05``, or ``1980`` for a year-only birth date)
    that sorts the right way as plain text.
    """
    family, middle, given = split_name(full_name)
    return _FIELD_SEP.join((sort_key(given), sort_key(middle), sort_key(family), birth_key))


def compare(a: str, b: str) -> int:
    """Three-way Vietnamese comparison (for SQLite's collation hook)."""
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def ethnic_key(text: str) -> str:
    """How ethnic-group names and their other spellings are matched: folded, letters and digits only
    (H'Mông = HMông = Hmong)."""
    return "".join(ch for ch in fold(text) if ch.isalnum())
