"""Organisations (Cơ quan, đơn vị): the catalogue of workplaces and partners, with aliases.

A roster writes "UBND xã Sán Chải" where the catalogue says "Ủy ban nhân dân xã Sán Chải":
both meet through :func:`match_key`, which folds case and diacritics and spells out the usual
abbreviations (UBND, HĐND, MTTQ…). Each write is one transaction.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from app.domain.changes import Topic, writes
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.text import clean, fold
from app.store import db
from app.store.models import CatalogueItem, Organization

# Folded abbreviation → folded words it stands for (whole words only).
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ubmttq": "uy ban mat tran to quoc",
    "mttq": "mat tran to quoc",
    "ubkt": "uy ban kiem tra",
}
_PUNCT_RE = re.compile(r"[.,;:/\\\-–()\"']+")


def match_key(text: str | None) -> str:
    """The key two spellings of one organisation share: folded, punctuation as spaces,
    abbreviations spelled out (``UBND xã Sán Chải`` → ``uy ban nhan dan xa san chai``)."""
    words = _PUNCT_RE.sub(" ", fold(text)).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def aliases_of(org: Organization) -> list[str]:
    try:
        values = json.loads(org.aliases) if org.aliases else []
    except ValueError:
        return []
    return [clean(v) for v in values if clean(v)]


def find_organization(name: str) -> Organization | None:
    """The organisation whose name or an alias has the same :func:`match_key` as ``name``."""
    name = clean(name)
    if not name:
        return None
    exact = Organization.get_or_none(Organization.search_key == fold(name))
    if exact is not None:
        return exact
    key = match_key(name)
    for fresh in (False, True):
        org_id = _key_index(fresh=fresh).get(key)
        found = Organization.get_or_none(Organization.id == org_id) if org_id else None
        if found is not None and key in {match_key(t) for t in (found.name, *aliases_of(found))}:
            return found
        if org_id is None:
            return None
    return None


_index_cache: tuple[tuple, dict[str, int]] | None = None


def _key_index(*, fresh: bool = False) -> dict[str, int]:
    """match key → organisation id, for every name and alias; active ones win a shared alias.

    Cached while the catalogue keeps its shape (file, revision, largest id, count, text length):
    an organisation created inside the running transaction changes it, so a roster of 500 rows
    does not fold the whole catalogue 500 times.
    """
    global _index_cache
    from peewee import Case, fn

    # COALESCE(SUM(…), 0), not SQLite's TOTAL: the same SQL on a PostgreSQL server.
    shape = Organization.select(fn.MAX(Organization.id), fn.COUNT(Organization.id),
                                fn.COALESCE(fn.SUM(fn.LENGTH(Organization.name)), 0),
                                fn.COALESCE(fn.SUM(fn.LENGTH(Organization.aliases)), 0),
                                fn.SUM(Case(None, [(Organization.active, 1)], 0))).tuples().get()
    stamp = (Organization._meta.database.database, db.get_revision(), *shape)
    if not fresh and _index_cache is not None and _index_cache[0] == stamp:
        return _index_cache[1]
    index: dict[str, int] = {}
    for org in Organization.select().order_by(Organization.active.desc(), Organization.id):
        for text in (org.name, *aliases_of(org)):
            index.setdefault(match_key(text), org.id)
    _index_cache = (stamp, index)
    return index


@writes(Topic.ORGANIZATIONS)
def find_or_create(name: str) -> Organization | None:
    """The matching organisation, or a new one of kind "other" (the caller holds the transaction)."""
    name = clean(name)
    if not name:
        return None
    found = find_organization(name)
    if found is None:
        found = Organization.create(name=name, search_key=fold(name))
    return found


# --- the catalogue screen ------------------------------------------------------------------


@dataclass
class OrganizationInput:
    name: str
    kind: str = "other"
    aliases: list[str] = field(default_factory=list)
    active: bool = True
    note: str = ""


@dataclass(frozen=True)
class OrganizationRow:
    id: int
    name: str
    kind: str
    kind_name: str
    aliases: tuple[str, ...]
    active: bool
    note: str
    trainee_count: int


def kinds() -> list[tuple[str, str]]:
    """(code, Vietnamese name) of the organisation kinds."""
    query = (CatalogueItem.select(CatalogueItem.code, CatalogueItem.name)
             .where(CatalogueItem.kind == "organization_kinds").order_by(CatalogueItem.sort_order))
    return [(code, name) for code, name in query.tuples()]


def organization_rows(text: str = "") -> list[OrganizationRow]:
    """Organisations whose name or alias holds every typed word (folded), in Vietnamese order."""
    from peewee import fn

    from app.domain.text import sort_key
    from app.store.models import Trainee

    names = dict(kinds())
    words = match_key(text).split()
    count = Trainee.select(fn.COUNT(Trainee.id)).where(Trainee.organization == Organization.id)
    rows = []
    for org, used in ((o, o.used) for o in Organization.select(Organization, count.alias("used"))):
        aliases = aliases_of(org)
        haystack = " ".join(match_key(t) for t in (org.name, *aliases))
        if all(word in haystack for word in words):
            rows.append(OrganizationRow(org.id, org.name, org.kind, names.get(org.kind, org.kind),
                                        tuple(aliases), bool(org.active), org.note or "", used or 0))
    rows.sort(key=lambda r: sort_key(r.name))
    return rows


def organization_names() -> list[str]:
    """Names and aliases of the organisations in use, for completion in forms."""
    found: list[str] = []
    for org in Organization.select().where(Organization.active):
        found.append(org.name)
        found.extend(aliases_of(org))
    return sorted(set(found), key=fold)


def _checked(data: OrganizationInput, exclude_id: int | None) -> dict:
    name = clean(data.name)
    if not name:
        raise ValidationError("Cần nhập tên cơ quan, đơn vị.", field="name")
    if data.kind not in dict(kinds()):
        raise ValidationError("Loại cơ quan, đơn vị không hợp lệ.", field="kind")
    aliases: list[str] = []
    seen = {match_key(name)}
    for alias in (clean(a) for a in data.aliases):
        if alias and match_key(alias) not in seen:
            seen.add(match_key(alias))
            aliases.append(alias)
    for org in Organization.select().where(Organization.id != (exclude_id or 0)):
        theirs = {match_key(org.name), *(match_key(a) for a in aliases_of(org))}
        clash = seen & theirs
        if clash:
            label = name if match_key(name) in clash else next(a for a in aliases if match_key(a) in clash)
            where = "name" if label == name else "aliases"
            raise ConflictError(f"\"{label}\" trùng với đơn vị đã có: {org.name}.", field=where)
    return {"name": name, "search_key": fold(name), "kind": data.kind,
            "aliases": json.dumps(aliases, ensure_ascii=False) if aliases else None,
            "active": bool(data.active), "note": clean(data.note) or None}


@writes(Topic.ORGANIZATIONS)
def add_organization(data: OrganizationInput) -> Organization:
    """Add an organisation; its name and aliases must not be another's."""
    values = _checked(data, None)
    with db.write():
        return Organization.create(**values)


@writes(Topic.ORGANIZATIONS)
def update_organization(org_id: int, data: OrganizationInput) -> Organization:
    """Edit an organisation. Historical records keep the names they were written with."""
    if Organization.get_or_none(Organization.id == org_id) is None:
        raise NotFoundError("Không tìm thấy cơ quan, đơn vị.")
    values = _checked(data, org_id)
    with db.write():
        Organization.update(**values).where(Organization.id == org_id).execute()
    return Organization.get_by_id(org_id)
