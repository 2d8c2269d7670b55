"""What a row under a roster's header is, decided row by row for the reader
(:mod:`app.exchange.roster_reader`): a line of the signature block (place-and-date line, "T/M …",
"NGƯỜI LẬP BIỂU", a signer's title alone), the column-number row "(1) (2) (3)", the notes row under
the titles ("(ngày/tháng/năm)"), a struck-through row, a totals row ("Tổng cộng: 25", "Cộng"), a
section title ("XÃ BẢN MẾ", "I. Khối Đảng", and the unit it names); a row that is none of these is
a trainee. Also the two cell helpers the reader shares with it: a blank cell, and a cell's text
folded for matching (header titles, signature words).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from app.domain.text import clean, fold
from app.exchange.sheets import MAX_COLUMNS
from app.exchange.sheets import blank as _blank

if TYPE_CHECKING:
    from app.exchange.roster_reader import _Grid

MAX_HEADER_CHARS = 200  # no column title is longer; a huge title cell is not worth folding
_MALE, _FEMALE = "birth_male", "birth_female"  # "Năm sinh" split into "Nam" | "Nữ"
_GENDER_MALE, _GENDER_FEMALE = "gender_male", "gender_female"  # "Giới tính" split into "Nam" | "Nữ" (an x)
# Fields whose cell holds a person's data, not a heading's text (the split birth and gender
# columns included).
_DATA_FIELDS = ("birth", _MALE, _FEMALE, "gender", _GENDER_MALE, _GENDER_FEMALE, "citizen_id",
                "old_id_number", "phone", "score")


def _header_key(value: object) -> str:
    if value is None or (isinstance(value, str) and len(value) > MAX_HEADER_CHARS):
        return ""
    text = fold(str(value))
    return " ".join(text.replace("\n", " ").split()).strip(" :.*")


_PLACE_DATE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")
_SIGNATURE = re.compile(r"^(t/m|tm\.|tm |k/t|kt\.|kt |q\. ?|nguoi lap|thu truong|xac nhan|(\()?ky,? ghi ro|"
                        r"(\()?ky ten|noi nhan)")
_SIGNER_TITLES = {"bi thu", "pho bi thu", "chu tich", "pho chu tich", "truong ban", "pho truong ban",
                  "giam doc", "pho giam doc", "truong phong", "thu truong don vi", "nguoi lap bieu",
                  "nguoi lap", "xac nhan cua thu truong don vi", "thu truong co quan"}
# "Tổng cộng", "Cộng: 25", "Tổng số học viên: 25 người" — but not "Cộng Văn Hòa" (a rare family name).
_TOTAL = re.compile(r"^(tổng cộng|tổng số|tổng|cộng)"
                    r"(\s*$|\s*[:.(]|\s+\d|\s+(học viên|người|đồng chí|danh sách|số|cả)\b)", re.IGNORECASE)
_NUMBERED = re.compile(r"^([IVXLC]+|\d+|[A-Za-zĐđ])\s*[.)/-]\s*\S")


def _texts(cells: list[object]) -> list[tuple[int, str]]:
    return [(c, clean(v)) for c, v in enumerate(cells, start=1)
            if isinstance(v, str) and v.strip() and len(v) <= MAX_HEADER_CHARS]


def _is_signature(cells: list[object], texts: list[tuple[int, str]]) -> bool:
    """A line of the signature block: the place-and-date line, "T/M …", "NGƯỜI LẬP BIỂU", a signer's title."""
    if any(isinstance(v, int | float | dt.date) and not isinstance(v, bool) for v in cells if v is not None):
        return False  # a row with numbers or dates is data, whatever its text says
    filled = sum(1 for v in cells if not _blank(v))
    if filled > 3:
        return False
    for _c, text in texts:
        key = _header_key(text)
        if _PLACE_DATE.search(key) and ("," in text or "…" in text or "..." in text or key.startswith("ngay")):
            return True
        if _SIGNATURE.match(key):
            return True
        letters = [ch for ch in text if ch.isalpha()]
        if key in _SIGNER_TITLES and filled <= 2 and all(ch.isupper() for ch in letters):
            return True  # "BÍ THƯ" alone on its line; "Bí thư" in a position column is data
    return False


def _is_column_number_row(cells: list[object], columns: dict[str, int]) -> bool:
    """The "(1) (2) (3)…" row many official tables put under the header: its name cell is a number."""
    col = columns.get("full_name") or columns.get("given_name") or columns.get("family_middle")
    value = cells[col - 1] if col and col - 1 < len(cells) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and value.strip().strip("()").isdigit()


_NOTE = re.compile(r"\(.*\)|\[.*\]", re.DOTALL)


def _is_header_notes_row(cells: list[object]) -> bool:
    """A row of notes under the column titles, every filled cell in brackets: "(ngày/tháng/năm)",
    "(ghi rõ xã, thôn)", "[dd/mm/yyyy]". No trainee row is written that way; a name never is."""
    filled = [v for v in cells if not _blank(v)]
    return bool(filled) and all(isinstance(v, str) and _NOTE.fullmatch(v.strip()) for v in filled)


def _last_name_column(columns: dict[str, int]) -> int:
    names = _name_columns(columns)
    return max(names) if names else MAX_COLUMNS


def _name_columns(columns: dict[str, int]) -> list[int]:
    return [columns[n] for n in ("full_name", "family_middle", "given_name") if n in columns]


_ENUMERATOR = re.compile(r"^(?:(?:[IVXLC]+|\d+)\s*[.)/:-]?|[A-Za-zĐđ]\s*[.)])\s+(?=\S)")


def unit_of_heading(heading: str) -> str:
    """The unit a section heading names, without its enumerator: "I. Khối Đảng" → "Khối Đảng",
    "II THÔN CẢN CẤU" (numeral in the STT column) → "THÔN CẢN CẤU"; "XÃ BẢN MẾ" stays."""
    return _ENUMERATOR.sub("", heading, count=1) or heading


def _is_section(grid: _Grid, number: int, cells: list[object], columns: dict[str, int]) -> str:
    """The heading text if the row is a section heading ("XÃ BẢN MẾ", "I. Khối Đảng"), else ""."""
    filled = [(c, v) for c, v in enumerate(cells, start=1) if v is not None and not (isinstance(v, str)
                                                                                     and not v.strip())]
    if not filled or len(filled) > 2 or not all(isinstance(v, str) for _c, v in filled):
        return ""
    data_columns = {columns[n] for n in _DATA_FIELDS if n in columns}
    if any(c in data_columns for c, _v in filled):
        return ""
    names = _name_columns(columns)
    first_column = min(c for c, _v in filled)
    if names and first_column > max(names):
        return ""  # text only right of the name: a trainee without a name, or a note
    text = clean(" ".join(str(v) for _c, v in filled))
    if len(filled) > 1 and re.fullmatch(r"\d+\.?", clean(str(filled[0][1]))):
        return ""  # "1" | "Lù Văn Páo": a numbered trainee typed as text
    letters = [ch for ch in text if ch.isalpha()]
    top = grid.merged_top.get((number, first_column))
    wide = top is not None and top[3] > top[1]
    if (names and first_column < min(names)) or wide or _NUMBERED.match(text) or (
            letters and all(ch.isupper() for ch in letters)):
        return text
    return ""


def _struck(grid: _Grid, number: int, cells: list[object], columns: dict[str, int]) -> bool:
    struck = grid.sheet.struck_cells
    if not struck:
        return False
    if any((number, c) in struck for c in _name_columns(columns)):
        return True
    filled = [c for c, v in enumerate(cells, start=1) if v is not None and not (isinstance(v, str) and not v.strip())]
    return bool(filled) and all((number, c) in struck for c in filled)


def _total_word(cells: list[object], texts: list[tuple[int, str]], columns: dict[str, int]) -> str:
    """The totals text of a "Tổng cộng: 25" / "Cộng" row (in or left of the name column), else ""."""
    names = _name_columns(columns)
    for column, text in texts:
        if not _TOTAL.match(text) or (names and column > max(names)):
            continue
        family = columns.get("family_middle")
        if family and column == columns.get("given_name") and not _blank(cells[family - 1] if family <= len(cells)
                                                                          else None):
            continue  # "Nguyễn Văn" | "Cộng": a given name, not a total
        return text
    return ""
