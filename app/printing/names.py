"""Institution names laid out the way offices write them: broken only between words, never inside
a word of two syllables ("CHÍNH TRỊ") or a place name ("SI MA CAI"), in balanced lines, and made
smaller rather than pushed out of their room.

Vietnamese writes a syllable per space, so "between words" is not "at any space": a line may
break before an administrative unit ("… CHÍNH TRỊ / HUYỆN SI MA CAI") or between the words of
the name's first part, never inside the unit's name or a known two-syllable word.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations, pairwise

from reportlab.pdfbase.pdfmetrics import stringWidth

from app.domain.text import fold

# Administrative units: the unit word and the place name after it stay on one line.
UNIT_WORDS = ("thanh pho", "thi xa", "thi tran", "huyen", "quan", "tinh", "phuong", "xa")
# Party bodies named after the place ("Huyện ủy Si Ma Cai"): the place after them stays whole.
BODY_WORDS = ("huyen uy", "thanh uy", "tinh uy", "thi uy", "quan uy", "dang uy")
# Two-syllable words of the centres' names that are never split.
COMPOUNDS = {
    "trung tam", "boi duong", "chinh tri", "uy ban", "nhan dan", "giao duc", "nghe nghiep", "thuong xuyen",
    "dao tao", "ly luan", "hanh chinh", "ban chap", "chap hanh", "tuyen giao", "to chuc", "dan van",
    "kiem tra", "van phong", "mat tran", "to quoc", "viet nam", "dang bo", "huyen uy", "thanh uy", "tinh uy",
    "thi uy", "quan uy", "dang uy", "thanh pho", "thi xa", "thi tran", "quoc gia", "cong dong",
}


def _glued(syllables: list[str]) -> list[bool]:
    """``glued[i]``: the space after syllable ``i`` must not break."""
    folded = [fold(s) for s in syllables]
    glue = [False] * max(0, len(syllables) - 1)
    for i in range(len(glue)):
        if f"{folded[i]} {folded[i + 1]}" in COMPOUNDS:
            glue[i] = True
    # From a unit word (or a party body named after its place) to the end: one piece.
    for i in range(len(folded)):
        for word in (*BODY_WORDS, *UNIT_WORDS):
            n = word.count(" ") + 1
            if " ".join(folded[i:i + n]) == word and i + n < len(folded):
                for j in range(i, len(glue)):
                    glue[j] = True
                return glue
    return glue


def pieces(text: str) -> list[str]:
    """The text cut at the spaces where a line may break."""
    syllables = text.split()
    if not syllables:
        return []
    glue = _glued(syllables)
    out = [syllables[0]]
    for i, syllable in enumerate(syllables[1:]):
        if glue[i]:
            out[-1] += " " + syllable
        else:
            out.append(syllable)
    return out


def _unit_index(parts: list[str]) -> int | None:
    """Where the administrative unit (the last piece, "HUYỆN SI MA CAI") begins, if the name has one."""
    if len(parts) < 2:
        return None
    last = fold(parts[-1])
    return len(parts) - 1 if any(last.startswith(word + " ") for word in UNIT_WORDS) else None


def _balanced(parts: list[str], count: int, font: str, size: float) -> list[str] | None:
    best: tuple[float, list[str]] | None = None
    for cuts in combinations(range(1, len(parts)), count - 1):
        bounds = (0, *cuts, len(parts))
        lines = [" ".join(parts[a:b]) for a, b in pairwise(bounds)]
        widest = max(stringWidth(line, font, size) for line in lines)
        if best is None or widest < best[0]:
            best = (widest, lines)
    return best[1] if best else None


def balanced_lines(text: str, font: str, size: float, width: float, *, min_size: float | None = None,
                   max_lines: int = 3, shrink_one_line: bool = False) -> tuple[list[str], float]:
    """``text`` in lines that each fit ``width`` points, broken only between :func:`pieces`:

    one line at ``size`` (or, with ``shrink_one_line``, down to ``min_size``); else the name on one
    line and its administrative unit on the next ("TRUNG TÂM BỒI DƯỠNG CHÍNH TRỊ / HUYỆN SI MA CAI");
    else two, then up to ``max_lines`` lines, the longest line as short as it can be. The type
    shrinks by half points down to ``min_size`` before another line is added. Returns the lines and
    the size used; when nothing fits, the most lines at the smallest size (the room is too small)."""
    parts = pieces(text)
    if not parts:
        return [], size
    sizes = [size]
    while min_size is not None and sizes[-1] - 0.5 >= min_size - 1e-9:
        sizes.append(sizes[-1] - 0.5)

    def fits(lines: list[str], current: float) -> bool:
        return all(stringWidth(line, font, current) <= width for line in lines)

    one = [" ".join(parts)]
    for current in sizes if shrink_one_line else sizes[:1]:
        if fits(one, current):
            return one, current
    unit = _unit_index(parts)
    # Each tier gives the lines to try at a size: the unit on its own line, then balanced lines.
    tiers: list[Callable[[float], list[str] | None]] = []
    if unit is not None and max_lines >= 2:
        tiers.append(lambda _size: [" ".join(parts[:unit]), " ".join(parts[unit:])])

    def balanced(count: int) -> Callable[[float], list[str] | None]:
        return lambda current: _balanced(parts, count, font, current)

    for count in range(2, min(max_lines, len(parts)) + 1):
        tiers.append(balanced(count))
    last: list[str] = one
    for tier in tiers:
        for current in sizes:
            lines = tier(current)
            if lines is None:
                continue
            last = lines
            if fits(lines, current):
                return lines, current
    return last, sizes[-1]
