"""Reference catalogues shipped in ``resources/data`` and loaded into a new database."""

from __future__ import annotations

import json

from app.domain.changes import Topic, writes
from app.paths import data_file
from app.store.models import (
    CatalogueItem,
    EthnicGroup,
    FeedbackQuestion,
    FeedbackScaleValue,
    FeedbackTemplate,
    Program,
    Province,
    ResultBand,
)

DEFAULT_FEEDBACK_QUESTIONS = (
    "Nội dung bài giảng",
    "Phương pháp truyền đạt",
    "Tác phong sư phạm",
    "Hiệu quả bài giảng",
)


def _load(name: str):
    with data_file(name).open(encoding="utf-8") as fh:
        return json.load(fh)


@writes(Topic.CATALOGUES, Topic.FEEDBACK)
def load_defaults() -> None:
    """Fill an empty database with the shipped catalogues (the caller holds the transaction)."""
    for program in _load("programs.json"):
        Program.create(**program)
    for band in _load("result_bands.json"):
        ResultBand.create(program=None, **band)
    for i, group in enumerate(_load("ethnic_groups.json")):
        EthnicGroup.create(code=group["code"], name=group["name"],
                           aliases=json.dumps(group.get("aliases", []), ensure_ascii=False),
                           sort_order=i)
    Province.insert_many(_load("provinces.json")).execute()
    small = _load("catalogues.json")
    for kind, items in small.items():
        for i, item in enumerate(items):
            value = item.get("hours", item.get("coefficient"))
            CatalogueItem.create(kind=kind, code=str(item["code"]), name=item["name"],
                                 value=value, sort_order=i)
    template = FeedbackTemplate.create(code="MAC_DINH", version=1, name="Phiếu phản hồi bài giảng")
    for position, text in enumerate(DEFAULT_FEEDBACK_QUESTIONS, start=1):
        FeedbackQuestion.create(template=template, position=position, text=text)
    for item in small.get("feedback_scale", []):
        FeedbackScaleValue.create(template=template, value=int(item["code"]), label=item["name"])


def catalogue(kind: str) -> list[tuple[str, str]]:
    """(code, name) pairs of a small catalogue, in its order."""
    query = (CatalogueItem.select(CatalogueItem.code, CatalogueItem.name)
             .where(CatalogueItem.kind == kind, CatalogueItem.active)
             .order_by(CatalogueItem.sort_order))
    return [(row.code, row.name) for row in query]


def programs() -> list[Program]:
    return list(Program.select().order_by(Program.sort_order, Program.code))
