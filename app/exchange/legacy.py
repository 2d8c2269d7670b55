"""Vietnamese text typed in the legacy 8-bit fonts (TCVN3/ABC ".VnTime", VNI "VNI-Times"), back to Unicode.

Before Unicode, a commune typed with a font whose glyphs sat on Latin-1 code points: in a modern
file the text is stored as those Latin-1 characters ("NguyÔn V¨n An" for TCVN3, "Nguyeãn Vaên An"
for VNI) and only looks right in the old font. This module converts such text to Unicode NFC and
decides, per column and per file, which encoding a sheet was typed in:

* a cell holding any Vietnamese letter above U+00FF (ă, đ, ơ, ư, ạ …) is Unicode: the legacy fonts
  never produce those;
* a cell of Latin-1 letters only is read three ways (as is, as TCVN3, as VNI) and each reading's
  words are checked: a real Vietnamese syllable (onset + rime + a tone its ending allows) counts
  for that reading, a common one (``vi_syllables``) counts more, anything else counts against it;
* a column goes to the clearly best reading; a column without enough evidence follows the file.

``decide`` raises :class:`~app.domain.errors.ValidationError` (with the Unikey advice) when the
legacy text cannot be read with confidence: nothing garbled is returned.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.domain.errors import ValidationError

UNICODE, TCVN3, VNI = "unicode", "tcvn3", "vni"
ENCODINGS = (UNICODE, TCVN3, VNI)
LABELS = {UNICODE: "Unicode", TCVN3: "TCVN3", VNI: "VNI"}

UNIKEY_ADVICE = ("Hãy mở tệp, chọn cả bảng, chép (Ctrl+C), rồi dùng công cụ chuyển mã của Unikey "
                 "(Ctrl+Shift+F6) để chuyển sang Unicode, dán lại và lưu tệp; hoặc chọn bảng mã khi nhập.")

# --- TCVN3 (ABC), font .VnTime: one 8-bit code per letter ------------------------------------------
# The published TCVN 5712:1993 "VN3" table, code → letter. Upper-case letters with a tone have no
# code in VN3: titles are typed with the capitals font (.VnTimeH) using the lower-case codes, which
# ``tcvn3_to_unicode`` restores from the word's other letters.
_TCVN3 = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}
_TCVN3_TABLE = str.maketrans({chr(code): letter for code, letter in _TCVN3.items()})
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)


def tcvn3_to_unicode(text: str) -> str:
    """Convert text typed in a TCVN3 font; a cell typed in capitals (.VnTimeH) comes back in capitals."""
    if not any(ord(ch) in _TCVN3 for ch in text):
        return unicodedata.normalize("NFC", text)
    converted = text.translate(_TCVN3_TABLE)

    ascii_letters = [ch for ch in text if ch.isascii() and ch.isalpha()]
    if len(ascii_letters) >= 2 and all(ch.isupper() for ch in ascii_letters):
        return unicodedata.normalize("NFC", converted.upper())  # typed in capitals with .VnTimeH
    return unicodedata.normalize("NFC", converted)


# --- VNI (VNI-Windows), font VNI-Times: a base letter followed by mark characters ----------------
# Marks (lower case; the upper-case mark is the same letter in capitals) from the VNI table.
_TONE = {"acute": "\u0301", "grave": "\u0300", "hook": "\u0309", "tilde": "\u0303", "dot": "\u0323"}
_VNI_TONE_MARKS = {"ù": "acute", "ø": "grave", "û": "hook", "õ": "tilde", "ï": "dot"}
# circumflex (alone, then with each tone), breve likewise
_VNI_HAT_MARKS: dict[str, str | None] = {"â": None, "á": "acute", "à": "grave", "å": "hook", "ã": "tilde", "ä": "dot"}
_VNI_BREVE_MARKS: dict[str, str | None] = {"ê": None, "é": "acute", "è": "grave", "ú": "hook", "ü": "tilde", "ë": "dot"}
# Letters that are one VNI character by themselves.
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}

    def add(key: str, value: str) -> None:
        value = unicodedata.normalize("NFC", value)
        pairs[key] = value
        pairs[key.upper()] = value.upper()

    for base in "aeouy":
        for mark, tone in _VNI_TONE_MARKS.items():
            add(base + mark, base + _TONE[tone])
    for base in "aeo":
        for mark, hat_tone in _VNI_HAT_MARKS.items():
            add(base + mark, base + "\u0302" + (_TONE[hat_tone] if hat_tone else ""))
    for mark, breve_tone in _VNI_BREVE_MARKS.items():
        add("a" + mark, "a\u0306" + (_TONE[breve_tone] if breve_tone else ""))
    for single, letter in (("ô", "ơ"), ("ö", "ư")):  # ơ and ư take a tone mark after them too
        for mark, tone in _VNI_TONE_MARKS.items():
            add(single + mark, letter + _TONE[tone])
    return pairs


_VNI_PAIRS = _vni_pairs()
_VNI_SINGLES = {**_VNI_SINGLE, **{k.upper(): v.upper() for k, v in _VNI_SINGLE.items()}}
_VNI_RE = re.compile("|".join(sorted(map(re.escape, _VNI_PAIRS), key=len, reverse=True)
                              + [re.escape(k) for k in _VNI_SINGLES]))


def vni_to_unicode(text: str) -> str:
    """Convert text typed in a VNI font."""
    def one(match: re.Match[str]) -> str:
        key = match.group()
        return _VNI_PAIRS.get(key) or _VNI_SINGLES[key]

    return unicodedata.normalize("NFC", _VNI_RE.sub(one, text))


CONVERTERS = {
    UNICODE: lambda text: unicodedata.normalize("NFC", text),
    TCVN3: tcvn3_to_unicode,
    VNI: vni_to_unicode,
}


def convert(text: str, encoding: str) -> str:
    return CONVERTERS[encoding](text)


# --- is this a Vietnamese syllable? ---------------------------------------------------------------

_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_RIMES = frozenset("""
a ai ao au ay am an ang anh ac ach ap at
ăm ăn ăng ăc ăp ăt
âm ân âng âc âp ât âu ây
e eo em en eng ec ep et
ê êu êm ên ênh êch êp êt
i ia iu im in inh ich ip it iêm iên iêng iêc iêp iêt iêu
y yêm yên yêt yêu ynh ych yt
o oa oai oao oay oam oan oang oanh oac oach oap oat oă oăm oăn oăng oăc oăt oe oeo oem oen oet
oi om on ong oc op ot ooc oong
ô ôi ôm ôn ông ôc ôp ôt
ơ ơi ơm ơn ơp ơt
u ua ui um un ung uc up ut uâ uân uâng uâc uât uây uê uêu uên uênh uêch uêt uy uya uyu uyn uynh uych uyt
uyên uyêt uôi uôm uôn uông uôc uôt uơ
ư ưa ưi ưu ưm ưn ưng ưc ưt ươ ươi ươu ươm ươn ương ươc ươp ươt
""".split())  # noqa: SIM905 - a table is easier to read as text
_STOP_ENDINGS = ("p", "t", "c", "ch")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_LETTERS = frozenset("abcdđeghiklmnopqrstuvxyăâêôơư")


def is_syllable(word: str) -> bool:
    """Whether ``word`` (any case, any normal form) is a well-formed Vietnamese syllable."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    if not bare or any(ch not in _LETTERS for ch in bare):
        return False
    for onset in _ONSETS:
        if not bare.startswith(onset):
            continue
        rime = bare[len(onset):]
        if onset == "gi" and rime == "":
            rime = "i"
        if rime in _RIMES:
            if tones and tones[0] not in ("\u0301", "\u0323") and rime.endswith(_STOP_ENDINGS):
                continue
            return True
    return False


# --- deciding the encoding of a sheet -------------------------------------------------------------

_VIETNAMESE_ABOVE_LATIN1 = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
                                      "\u1ea0-\u1ef9]")
_LATIN1_HIGH = re.compile("[\u00a0-\u00ff]")


def is_candidate(text: str) -> bool:
    """A cell worth reading three ways: Latin-1 letters above ASCII and no sure sign of Unicode."""
    return bool(_LATIN1_HIGH.search(text)) and not _VIETNAMESE_ABOVE_LATIN1.search(text)


def _score(text: str, encoding: str) -> int:
    from app.exchange.vi_syllables import COMMON

    converted = convert(text, encoding)
    score = 0
    for match in _WORD_RE.finditer(converted):
        word = match.group()
        if word.isascii() and text[match.start():match.end()] == word:
            continue  # plain ASCII in every reading: no evidence either way
        if is_syllable(word):
            score += 2 + (1 if word.lower() in COMMON else 0)
        else:
            score -= 3
    return score


class UndecidedEncoding(ValidationError):
    """Legacy text whose encoding cannot be told: refused, with the Unikey advice.

    ``samples`` holds a few of the doubtful cells, each with its reading in every legacy encoding
    (``{"tcvn3": …, "vni": …}``), so that the window can ask the clerk which reading is right.
    """

    def __init__(self, message: str, samples: list[tuple[str, dict[str, str]]] | None = None) -> None:
        super().__init__(message)
        self.samples = samples or []


@dataclass
class Verdict:
    """What ``decide`` found: the encoding per column (1-based) and for the file."""

    file: str = UNICODE
    columns: dict[int, str] = field(default_factory=dict)

    def for_column(self, column: int) -> str:
        return self.columns.get(column, self.file)


MAX_SAMPLES = 5  # doubtful cells shown to the clerk, each in both readings, to choose the encoding
MIN_EVIDENCE = 4  # points a legacy reading must lead by before a column (or the file) is converted


def _best(scores: dict[str, int]) -> tuple[str, bool]:
    """The winning reading and whether it wins clearly. Unicode wins ties."""
    ranked = sorted(ENCODINGS, key=lambda e: (-scores[e], ENCODINGS.index(e)))
    first, second = ranked[0], ranked[1]
    if first == UNICODE:
        return UNICODE, True
    lead = scores[first] - max(scores[UNICODE], scores[second])
    return first, lead >= MIN_EVIDENCE and scores[first] > 0


def decide(cells: Iterable[tuple[int, str]], *, forced: str | None = None) -> Verdict:
    """Decide the encoding of a sheet from its text cells, given as (column, text) pairs.

    ``forced`` ("unicode", "tcvn3", "vni") skips the guessing. Raises ValidationError when some text
    is legacy but which one (or whether) cannot be told.
    """
    if forced is not None:
        if forced not in ENCODINGS:
            raise ValidationError(f"Bảng mã \"{forced}\" không được hỗ trợ (chọn unicode, tcvn3 hoặc vni).")
        return Verdict(file=forced)
    per_column: dict[int, dict[str, int]] = {}
    examples: dict[int, list[str]] = {}
    for column, text in cells:
        if not is_candidate(text):
            continue
        if len(examples.setdefault(column, [])) < MAX_SAMPLES and text not in examples[column]:
            examples[column].append(text)
        scores = per_column.setdefault(column, dict.fromkeys(ENCODINGS, 0))
        for encoding in ENCODINGS:
            scores[encoding] += _score(text, encoding)
    if not per_column:
        return Verdict()
    total = dict.fromkeys(ENCODINGS, 0)
    for scores in per_column.values():
        for encoding in ENCODINGS:
            total[encoding] += scores[encoding]
    file_choice, file_clear = _best(total)
    verdict = Verdict(file=file_choice if file_clear else UNICODE)
    doubtful = []
    for column, scores in per_column.items():
        choice, clear = _best(scores)
        if choice == UNICODE:
            verdict.columns[column] = UNICODE
            continue
        if clear:
            verdict.columns[column] = choice
        elif scores[choice] > scores[UNICODE] and not (file_clear and file_choice == choice):
            doubtful.append(column)
        elif file_clear and file_choice == choice:
            verdict.columns[column] = choice
    if not file_clear and total[file_choice] > total[UNICODE]:
        # Legacy text somewhere, but not enough to say which: refuse rather than store it garbled.
        doubtful.extend(c for c in per_column if c not in verdict.columns)
    if doubtful:
        readings = [(text, {e: convert(text, e) for e in (TCVN3, VNI)})
                    for column in sorted(set(doubtful)) for text in examples.get(column, [])]
        # Show the cells that tell the readings apart; a title typed in Unicode ("Ghi chú") only confuses.
        telling = [r for r in readings if _text_differs(r)] or [r for r in readings if r[1][TCVN3] != r[1][VNI]]
        raise UndecidedEncoding("Không xác định được bảng mã của tệp (có chữ gõ bằng phông cũ TCVN3 hoặc VNI, "
                                "nhưng không chắc là loại nào). " + UNIKEY_ADVICE, telling[:MAX_SAMPLES])
    legacy = [e for e in verdict.columns.values() if e != UNICODE]
    if legacy and verdict.file == UNICODE:
        verdict.file = max(set(legacy), key=legacy.count)
    return verdict


def _text_differs(reading: tuple[str, dict[str, str]]) -> bool:
    """Both legacy readings of a cell change it, and differently."""
    text, by_encoding = reading
    return text not in by_encoding.values() and by_encoding[TCVN3] != by_encoding[VNI]


def convert_cell(text: str, encoding: str) -> str:
    """Convert one cell; a cell holding a sure Unicode letter (ă, đ, ư, ạ …) is never converted."""
    if encoding == UNICODE or not is_candidate(text):
        return text
    return convert(text, encoding)


def _reads_as_vietnamese(text: str, encoding: str) -> bool:
    """Every word of ``text`` read in ``encoding`` is a Vietnamese syllable (and one is not plain ASCII)."""
    converted = convert(text, encoding)
    words = [m.group() for m in _WORD_RE.finditer(converted)]
    if not any(not word.isascii() for word in words):
        return False
    return all(is_syllable(word) for word in words if not word.isascii() or len(word) > 1)


def convert_cell_in_column(text: str, column_encoding: str) -> tuple[str, str]:
    """Convert one cell of a column whose encoding was decided from all its cells.

    Columns are often mixed: a header typed in Unicode over data typed in TCVN3, or one row pasted
    from an old file into a Unicode list. So a cell follows its column's legacy encoding only when
    that reading is better Vietnamese than the cell as typed ("Tên" and "Mông" stay as typed in a
    TCVN3 column; "Sö" becomes "Sử"); and in a Unicode column a cell that is not Vietnamese as
    typed is converted only when exactly one legacy reading makes every word a syllable ("M«ng"
    becomes "Mông"). Anything else is left as typed, for the importer's own checks to judge.
    Returns the text and the encoding it was read in.
    """
    if not is_candidate(text):
        return text, UNICODE
    as_typed = _score(text, UNICODE)
    if column_encoding != UNICODE:
        if _score(text, column_encoding) > as_typed:
            return convert(text, column_encoding), column_encoding
        return text, UNICODE
    if _reads_as_vietnamese(text, UNICODE):
        return text, UNICODE
    readings = [e for e in (TCVN3, VNI) if _reads_as_vietnamese(text, e)]
    return (convert(text, readings[0]), readings[0]) if len(readings) == 1 else (text, UNICODE)
