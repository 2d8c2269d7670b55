"""Reference catalogues: shipped in ``resources/data`` and loaded into a new database; edited by the
centre where it needs to (programs, positions, levels, kinds of lesson, ethnic aliases). The result
bands of a program are edited in :mod:`app.services.result_bands`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from peewee import SQL, fn

from app.domain.changes import Topic, writes
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.limits import MAX_NAME, check_length
from app.domain.text import clean, ethnic_key, fold
from app.paths import data_file
from app.services import audit, auth
from app.store import db
from app.store.models import (
    CatalogueItem,
    Course,
    EthnicGroup,
    FeedbackQuestion,
    FeedbackScaleValue,
    FeedbackTemplate,
    Instructor,
    Lesson,
    PlanItem,
    Program,
    Province,
    ResultBand,
    Trainee,
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


# --- editing the catalogues a centre adapts ------------------------------------------------------
#
# Codes are stable identifiers (the command line and imports use them): given once, never changed.
# Nothing in use is deleted: it is retired (hidden from the pick-lists of new records, still shown
# on the records that use it). Every change is audited in its own transaction; the shipped
# catalogue stays the default an item can be put back to.

EDITABLE_KINDS: dict[str, str] = {
    "positions": "Chức vụ thường gặp",
    "theory_levels": "Trình độ lý luận chính trị",
    "degrees": "Trình độ chuyên môn",
    "lesson_kinds": "Loại buổi giảng",
}
CERTIFICATE_KINDS: dict[str, str] = {"gcn": "Giấy chứng nhận", "diploma": "Bằng", "external": "Cơ sở khác cấp",
                                     "optional": "Tùy chọn", "none": "Không cấp"}
_CODE_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,20}$")
MAX_COEFFICIENT = 10.0


def _user() -> str:
    return auth.acting_user()


def _shipped_programs() -> dict[str, dict]:
    return {p["code"]: p for p in _load("programs.json")}


def _shipped_items(kind: str) -> dict[str, dict]:
    return {str(item["code"]): item for item in _load("catalogues.json").get(kind, [])}


def _check_code(code: str, what: str) -> str:
    code = clean(code)
    label = f"mã {what}" if what else "mã"
    if not code:
        raise ValidationError(f"Cần nhập {label}.", field="code")
    if not _CODE_RE.match(code):
        raise ValidationError(f"{label.capitalize()} \"{code}\" chỉ gồm chữ không dấu, chữ số, dấu gạch "
                              "(tối đa 20 ký tự).", field="code")
    return code


def _number(value: object, label: str, field: str, *, low: float, high: float, whole: bool = True,
            required: bool = False) -> float | None:
    text = "" if value is None else str(value).strip().replace(",", ".")
    if not text:
        if required:
            raise ValidationError(f"Cần nhập {label}.", field=field)
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValidationError(f"{label.capitalize()} \"{value}\" không phải là số.", field=field) from None
    if whole and not number.is_integer():
        raise ValidationError(f"{label.capitalize()} phải là số nguyên.", field=field)
    if not low <= number <= high:
        low_text, high_text = (f"{x:g}".replace(".", ",") for x in (low, high))
        raise ValidationError(f"{label.capitalize()} phải từ {low_text} đến {high_text}.", field=field)
    return number


# --- programs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramRow:
    """A program as the catalogue editor shows it."""

    id: int
    code: str
    name: str
    audience: str
    typical_days: int | None
    periods: int | None
    scored: bool
    certificate: str
    certificate_validity_months: int | None
    absence_threshold_pct: float
    active: bool
    courses: int  # classes that use it
    shipped: bool  # a program of the shipped catalogue (it has defaults to go back to)

    @property
    def certificate_name(self) -> str:
        return CERTIFICATE_KINDS.get(self.certificate, self.certificate)


@dataclass
class ProgramInput:
    """What the user types for a program; numbers as text or numbers."""

    code: str
    name: str
    typical_days: int | str | None = None
    periods: int | str | None = None
    scored: bool = True
    certificate: str = "gcn"
    absence_threshold_pct: float | str = 20
    certificate_validity_months: int | str | None = None
    audience: str = ""


def program_rows() -> list[ProgramRow]:
    """Every program, the retired ones too, in the catalogue's order."""
    used = dict(Course.select(Course.program, fn.COUNT(Course.id)).group_by(Course.program).tuples())
    shipped = _shipped_programs()
    return [ProgramRow(p.id, p.code, p.name, p.audience or "", p.typical_days, p.periods, bool(p.scored),
                       p.certificate, p.certificate_validity_months, float(p.absence_threshold_pct),
                       bool(p.active), used.get(p.id, 0), p.code in shipped)
            for p in Program.select().order_by(Program.sort_order, Program.code)]


def program_choices(keep: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of the programs a new record may use; ``keep`` (the record's own, even retired) too."""
    return [(p.code, p.name) for p in Program.select().order_by(Program.sort_order, Program.code)
            if p.active or p.code == keep]


def _program_values(data: ProgramInput, *, program_id: int | None = None) -> dict:
    name = clean(data.name)
    if not name:
        raise ValidationError("Cần nhập tên chương trình.", field="name")
    check_length(name, MAX_NAME * 2, "Tên chương trình", field="name")
    same = [p for p in Program.select().where(Program.id != (program_id or 0)) if fold(p.name) == fold(name)]
    if same:  # two programs of one name could not be told apart in pick-lists and reports
        raise ConflictError(f"\"{same[0].name}\" đã có trong danh mục chương trình (mã {same[0].code}).",
                            field="name")
    audience = clean(data.audience or "")
    check_length(audience, MAX_NAME * 2, "Đối tượng", field="audience")
    if data.certificate not in CERTIFICATE_KINDS:
        raise ValidationError("Loại văn bằng, chứng nhận không hợp lệ.", field="certificate")
    days = _number(data.typical_days, "số ngày học", "typical_days", low=1, high=1000)
    periods = _number(data.periods, "số tiết", "periods", low=1, high=5000)
    threshold = _number(data.absence_threshold_pct, "tỷ lệ vắng tối đa (%)", "absence_threshold_pct",
                        low=0, high=100, whole=False, required=True)
    validity = _number(data.certificate_validity_months, "thời hạn giấy chứng nhận (tháng)",
                       "certificate_validity_months", low=1, high=600)
    return {"name": name, "audience": audience or None, "typical_days": None if days is None else int(days),
            "periods": None if periods is None else int(periods), "scored": bool(data.scored),
            "certificate": data.certificate, "absence_threshold_pct": threshold,
            "certificate_validity_months": None if validity is None else int(validity)}


def _find_program(code: str) -> Program:
    program = Program.get_or_none(Program.code == clean(code).upper())
    if program is None:
        raise NotFoundError(f"Không có chương trình mã \"{clean(code)}\".", field="code")
    return program


def _changes(before: dict, after: dict, labels: dict[str, str]) -> str:
    def shown(value: object) -> str:
        if isinstance(value, bool):
            return "có" if value else "không"
        if isinstance(value, float):
            return f"{value:g}".replace(".", ",")
        return CERTIFICATE_KINDS.get(str(value), "" if value is None else str(value))
    return "; ".join(f"{labels.get(k, k)}: {shown(before.get(k))} → {shown(v)}"
                     for k, v in after.items() if before.get(k) != v)


_PROGRAM_LABELS = {"name": "tên", "audience": "đối tượng", "typical_days": "số ngày", "periods": "số tiết",
                   "scored": "chấm điểm", "certificate": "văn bằng", "absence_threshold_pct": "vắng tối đa (%)",
                   "certificate_validity_months": "hiệu lực (tháng)"}


@writes(Topic.CATALOGUES, Topic.AUDIT)
def add_program(data: ProgramInput) -> Program:
    """A new program; its code (upper case) must be new."""
    code = _check_code(data.code, "chương trình").upper()
    values = _program_values(data)
    if Program.get_or_none(fn.UPPER(Program.code) == code) is not None:
        raise ConflictError(f"Mã chương trình \"{code}\" đã được dùng.", field="code")
    with db.write():
        last = Program.select(fn.MAX(Program.sort_order)).scalar() or 0
        program = Program.create(code=code, sort_order=last + 1, **values)
        audit.record("add", "program", program.id, f"Thêm chương trình {code} – {values['name']}", user=_user())
    return program


@writes(Topic.CATALOGUES, Topic.AUDIT)
def update_program(code: str, data: ProgramInput) -> Program:
    """Edit a program's name, length and rules (its code stays)."""
    program = _find_program(code)
    values = _program_values(data, program_id=program.id)
    before = {k: getattr(program, k) for k in values}
    summary = _changes(before, values, _PROGRAM_LABELS)
    if not summary:
        return program
    with db.write():
        Program.update(**values).where(Program.id == program.id).execute()
        audit.record("edit", "program", program.id, f"Sửa chương trình {program.code}: {summary}", user=_user())
    return Program.get_by_id(program.id)


@writes(Topic.CATALOGUES, Topic.AUDIT)
def reset_program(code: str) -> Program:
    """Put a shipped program's name, length and rules back to the shipped catalogue's."""
    program = _find_program(code)
    shipped = _shipped_programs().get(program.code)
    if shipped is None:
        raise ConflictError(f"Chương trình {program.code} do Trung tâm thêm, không có giá trị mặc định.")
    values = {k: shipped[k] for k in _PROGRAM_LABELS}
    values["absence_threshold_pct"] = float(values["absence_threshold_pct"])
    summary = _changes({k: getattr(program, k) for k in values}, values, _PROGRAM_LABELS)
    if not summary:
        return program
    with db.write():
        Program.update(**values).where(Program.id == program.id).execute()
        audit.record("reset", "program", program.id, f"Khôi phục mặc định chương trình {program.code}: {summary}",
                     user=_user())
    return Program.get_by_id(program.id)


@writes(Topic.CATALOGUES, Topic.AUDIT)
def set_program_active(code: str, active: bool) -> Program:
    """Retire a program (hidden when a class or a plan is made; old classes keep it) or use it again."""
    program = _find_program(code)
    if bool(program.active) == active:
        return program
    with db.write():
        Program.update(active=active).where(Program.id == program.id).execute()
        audit.record("reactivate" if active else "retire", "program", program.id,
                     f"{'Dùng lại' if active else 'Ngừng dùng'} chương trình {program.code} – {program.name}",
                     user=_user())
    return Program.get_by_id(program.id)


@writes(Topic.CATALOGUES, Topic.AUDIT)
def delete_program(code: str) -> None:
    """Delete a program nobody used (no class, no plan line, not shipped); otherwise retire it."""
    program = _find_program(code)
    classes = Course.select().where(Course.program == program.id).count()
    plans = PlanItem.select().where(PlanItem.program == program.id).count()
    if classes or plans or program.code in _shipped_programs():
        used = f"đã có {classes} lớp, {plans} dòng kế hoạch" if classes or plans else "thuộc danh mục gốc"
        raise ConflictError(f"Chương trình {program.code} {used} nên không xóa được; hãy cho ngừng dùng.")
    with db.write():
        audit.record("delete", "program", program.id, f"Xóa chương trình {program.code} – {program.name}",
                     user=_user())
        ResultBand.delete().where(ResultBand.program == program.id).execute()
        program.delete_instance()


# --- small pick-lists: positions, levels, kinds of lesson -------------------------------------


@dataclass(frozen=True)
class ItemRow:
    id: int
    kind: str
    code: str
    name: str
    value: float | None  # the coefficient of a kind of lesson
    active: bool
    used: int
    shipped: bool


def _item_use(kind: str) -> dict[str, int]:
    """How many records use each code (positions: each name, since a trainee's position is text)."""
    if kind == "positions":
        names = dict(CatalogueItem.select(CatalogueItem.name, CatalogueItem.code)
                     .where(CatalogueItem.kind == kind).tuples())
        counts = dict(Trainee.select(Trainee.position, fn.COUNT(Trainee.id))
                      .where(Trainee.position.in_(list(names))).group_by(Trainee.position).tuples())
        return {names[name]: n for name, n in counts.items()}
    use: dict[str, int] = {}
    sources = {"theory_levels": (Trainee.theory_level, Instructor.theory_level),
               "degrees": (Instructor.degree,), "lesson_kinds": (Lesson.kind,)}[kind]
    for column in sources:
        for code, n in column.model.select(column, fn.COUNT(SQL("*"))).where(column.is_null(False)) \
                .group_by(column).tuples():
            use[code] = use.get(code, 0) + n
    return use


def _check_kind(kind: str) -> None:
    if kind not in EDITABLE_KINDS:
        raise ValidationError("Danh mục này không sửa được.", field="kind")


def item_rows(kind: str) -> list[ItemRow]:
    _check_kind(kind)
    used, shipped = _item_use(kind), _shipped_items(kind)
    return [ItemRow(i.id, kind, i.code, i.name, i.value, bool(i.active), used.get(i.code, 0), i.code in shipped)
            for i in CatalogueItem.select().where(CatalogueItem.kind == kind).order_by(CatalogueItem.sort_order,
                                                                                       CatalogueItem.id)]


def catalogue_names(kind: str) -> dict[str, str]:
    """code → name of every item of ``kind``, the retired ones too: to show what old records hold."""
    return dict(CatalogueItem.select(CatalogueItem.code, CatalogueItem.name)
                .where(CatalogueItem.kind == kind).order_by(CatalogueItem.sort_order, CatalogueItem.id).tuples())


def choices(kind: str, keep: str | None = None) -> list[tuple[str, str]]:
    """The pick-list of ``kind`` for a record: the items in use, and ``keep`` (the record's own, even
    retired) so that editing an old record never loses its value."""
    query = (CatalogueItem.select(CatalogueItem.code, CatalogueItem.name, CatalogueItem.active)
             .where(CatalogueItem.kind == kind).order_by(CatalogueItem.sort_order, CatalogueItem.id))
    return [(code, name) for code, name, active in query.tuples() if active or (keep and code == keep)]


def _find_item(kind: str, code: str) -> CatalogueItem:
    _check_kind(kind)
    item = CatalogueItem.get_or_none(CatalogueItem.kind == kind, CatalogueItem.code == clean(code))
    if item is None:
        raise NotFoundError(f"Không có mục \"{clean(code)}\" trong danh mục {EDITABLE_KINDS[kind].lower()}.",
                            field="code")
    return item


def _item_values(kind: str, name: str, value: object, *, item_id: int | None) -> dict:
    name = clean(name)
    if not name:
        raise ValidationError("Cần nhập tên.", field="name")
    check_length(name, MAX_NAME, "Tên", field="name")
    same = [i for i in CatalogueItem.select().where(CatalogueItem.kind == kind, CatalogueItem.id != (item_id or 0))
            if fold(i.name) == fold(name)]
    if same:
        raise ConflictError(f"\"{same[0].name}\" đã có trong danh mục (mã {same[0].code}).", field="name")
    values: dict[str, Any] = {"name": name}
    if kind == "lesson_kinds":
        values["value"] = _number(value, "hệ số quy đổi", "value", low=0, high=MAX_COEFFICIENT, whole=False,
                                  required=True)
    return values


@writes(Topic.CATALOGUES, Topic.AUDIT)
def add_item(kind: str, code: str, name: str, value: object = None) -> CatalogueItem:
    """A new item of a pick-list; its code must be new in the list."""
    _check_kind(kind)
    code = _check_code(code, "")
    values = _item_values(kind, name, value, item_id=None)
    clash = [c for (c,) in CatalogueItem.select(CatalogueItem.code).where(CatalogueItem.kind == kind).tuples()
             if c.casefold() == code.casefold()]
    if clash:
        raise ConflictError(f"Mã \"{code}\" đã được dùng trong danh mục {EDITABLE_KINDS[kind].lower()}.",
                            field="code")
    with db.write():
        last = CatalogueItem.select(fn.MAX(CatalogueItem.sort_order)).where(CatalogueItem.kind == kind).scalar() or 0
        item = CatalogueItem.create(kind=kind, code=code, sort_order=last + 1, **values)
        audit.record("add", "catalogue_item", item.id,
                     f"Thêm vào danh mục {EDITABLE_KINDS[kind].lower()}: {code} – {values['name']}", user=_user())
    return item


@writes(Topic.CATALOGUES, Topic.AUDIT)
def update_item(kind: str, code: str, name: str, value: object = None) -> CatalogueItem:
    """Rename an item (records that hold it show the new name; a trainee's position, typed text, keeps
    what was typed) or change a coefficient."""
    item = _find_item(kind, code)
    values = _item_values(kind, name, value, item_id=item.id)
    summary = _changes({k: getattr(item, k) for k in values}, values, {"name": "tên", "value": "hệ số"})
    if not summary:
        return item
    with db.write():
        CatalogueItem.update(**values).where(CatalogueItem.id == item.id).execute()
        audit.record("edit", "catalogue_item", item.id,
                     f"Sửa danh mục {EDITABLE_KINDS[kind].lower()}, mã {item.code}: {summary}", user=_user())
    return CatalogueItem.get_by_id(item.id)


@writes(Topic.CATALOGUES, Topic.AUDIT)
def reset_item(kind: str, code: str) -> CatalogueItem:
    """A shipped item's name (and coefficient) back to the shipped catalogue's."""
    item = _find_item(kind, code)
    shipped = _shipped_items(kind).get(item.code)
    if shipped is None:
        raise ConflictError(f"Mục {item.code} do Trung tâm thêm, không có giá trị mặc định.")
    return update_item(kind, code, shipped["name"], shipped.get("coefficient"))


@writes(Topic.CATALOGUES, Topic.AUDIT)
def set_item_active(kind: str, code: str, active: bool) -> CatalogueItem:
    """Retire an item (gone from the pick-lists of new records, still shown where used) or use it again."""
    item = _find_item(kind, code)
    if bool(item.active) == active:
        return item
    if not active and CatalogueItem.select().where(CatalogueItem.kind == kind, CatalogueItem.active,
                                                   CatalogueItem.id != item.id).count() == 0:
        raise ConflictError("Danh mục cần còn ít nhất một mục đang dùng.")
    with db.write():
        CatalogueItem.update(active=active).where(CatalogueItem.id == item.id).execute()
        audit.record("reactivate" if active else "retire", "catalogue_item", item.id,
                     f"{'Dùng lại' if active else 'Ngừng dùng'} {item.name} ({item.code}) trong danh mục "
                     f"{EDITABLE_KINDS[kind].lower()}", user=_user())
    return CatalogueItem.get_by_id(item.id)


@writes(Topic.CATALOGUES, Topic.AUDIT)
def delete_item(kind: str, code: str) -> None:
    """Delete an item that no record uses and that the centre added; otherwise retire it."""
    item = _find_item(kind, code)
    used = _item_use(kind).get(item.code, 0)
    if used or item.code in _shipped_items(kind):
        why = f"đang dùng ở {used} hồ sơ" if used else "thuộc danh mục gốc"
        raise ConflictError(f"{item.name} {why} nên không xóa được; hãy cho ngừng dùng.")
    with db.write():
        audit.record("delete", "catalogue_item", item.id,
                     f"Xóa {item.name} ({item.code}) khỏi danh mục {EDITABLE_KINDS[kind].lower()}", user=_user())
        item.delete_instance()


# --- ethnic-group aliases ----------------------------------------------------------------------


@dataclass(frozen=True)
class EthnicRow:
    code: str
    name: str
    aliases: tuple[str, ...]
    shipped_aliases: tuple[str, ...]


def ethnic_rows() -> list[EthnicRow]:
    shipped = {g["code"]: tuple(g.get("aliases", [])) for g in _load("ethnic_groups.json")}
    return [EthnicRow(g.code, g.name, tuple(json.loads(g.aliases or "[]")), shipped.get(g.code, ()))
            for g in EthnicGroup.select().order_by(EthnicGroup.sort_order, EthnicGroup.code)]


@writes(Topic.CATALOGUES, Topic.AUDIT)
def save_ethnic_aliases(code: str, aliases: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The other spellings of an ethnic group that rosters use (H'Mông, Mèo…): one per entry, blanks
    dropped; refused when a spelling already means another group."""
    def ethnic_group_by_name(text: str) -> EthnicGroup | None:  # the rule of the roster import
        key = ethnic_key(text)
        return next((g for g in EthnicGroup.select() if key in {ethnic_key(n) for n in
                                                                (g.name, g.code, *json.loads(g.aliases or "[]"))}),
                    None)

    group = EthnicGroup.get_or_none(EthnicGroup.code == clean(code))
    if group is None:
        raise NotFoundError(f"Không có dân tộc mã \"{clean(code)}\".", field="code")
    cleaned: list[str] = []
    for alias in aliases:
        alias = clean(alias)
        if not alias or any(fold(alias) == fold(a) for a in cleaned) or fold(alias) == fold(group.name):
            continue
        check_length(alias, MAX_NAME, "Tên gọi khác", field="aliases")
        other = ethnic_group_by_name(alias)
        if other is not None and other.id != group.id:
            raise ConflictError(f"\"{alias}\" đã là tên (hoặc tên gọi khác) của dân tộc {other.name}.", field="aliases")
        cleaned.append(alias)
    before = tuple(json.loads(group.aliases or "[]"))
    if tuple(cleaned) == before:
        return before
    with db.write():
        EthnicGroup.update(aliases=json.dumps(cleaned, ensure_ascii=False)).where(EthnicGroup.id == group.id).execute()
        audit.record("edit", "ethnic_group", group.id,
                     f"Sửa tên gọi khác của dân tộc {group.name}: {', '.join(before) or '(không có)'} → "
                     f"{', '.join(cleaned) or '(không có)'}", user=_user())
    return tuple(cleaned)


@writes(Topic.CATALOGUES, Topic.AUDIT)
def reset_ethnic_aliases(code: str) -> tuple[str, ...]:
    shipped = {g["code"]: g.get("aliases", []) for g in _load("ethnic_groups.json")}
    return save_ethnic_aliases(code, shipped.get(clean(code), []))
