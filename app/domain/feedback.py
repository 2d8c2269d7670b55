"""Feedback arithmetic: distribution per question, share satisfied (the top two values), mean."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class QuestionSummary:
    question: str
    responses: int
    counts: tuple[int, ...]  # one per scale value, highest value first
    satisfied_pct: float | None  # share answering one of the two highest values
    mean: float | None


def summarise(question: str, values: Sequence[int], scale: Sequence[int]) -> QuestionSummary:
    """Summarise the answers ``values`` to one question on the scale ``scale`` (any order)."""
    ordered = sorted(scale, reverse=True)
    counts = tuple(sum(1 for v in values if v == s) for s in ordered)
    total = len(values)
    if not total:
        return QuestionSummary(question, 0, counts, None, None)
    top_two = set(ordered[:2])
    satisfied = sum(1 for v in values if v in top_two)
    return QuestionSummary(question, total, counts, 100.0 * satisfied / total, sum(values) / total)
