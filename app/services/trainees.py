"""Trainees (Học viên): add and edit with the rules of SPEC §6, duplicates, and merging two records."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from app.domain.changes import Topic, writes
from app.domain.citizen_id import check_citizen_id, check_old_id
from app.domain.dates import BirthDate, parse_birth
from app.domain.errors import ConflictError, NotFoundError, UserError, ValidationError
from app.domain.text import clean, ethnic_key, fold
from app.services import audit, auth
from app.services.courses import find_or_create_organization
from app.services.identity import ASK, CONFLICT, SAME, Known, find_person
from app.store import db
from app.store.models import Course, Enrollment, EthnicGroup, Province, Trainee, TraineePhoto, person_keys

GENDERS = {"nam": "M", "m": "M", "nu": "F", "f": "F"}


class NeedsConfirmation(UserError):
    """The input is acceptable only if the user confirms the warnings (e.g. a CCCD mismatch)."""

    def __init__(self, warnings: list[str]):
        super().__init__("Cần xác nhận: " + " ".join(warnings))
        self.warnings = warnings


@dataclass
class TraineeInput:
    """What the user types or a roster row holds, as text."""

    full_name: str
    birth: str = ""
    gender: str = ""
    ethnic_group: str = ""
    citizen_id: str = ""
    old_id_number: str = ""
    party_member: bool = False
    position: str = ""
    unit: str = ""
    theory_level: str = ""
    phone: str = ""
    note: str = ""
    party_probationary: bool = False  # đảng viên dự bị (a roster's mark); implies party_member


@dataclass
class CheckedTrainee:
    """Validated column values, the warnings to confirm, and possible duplicates (ids)."""

    values: dict
    unit: str
    warnings: list[str] = field(default_factory=list)
    possible_duplicates: list[int] = field(default_factory=list)


def province_codes() -> frozenset[str]:
    return frozenset(code for (code,) in Province.select(Province.code).tuples())


def ethnic_group_by_name(text: str) -> EthnicGroup | None:
    """The group whose name, alias or code matches ``text`` (case, accents, hyphens ignored)."""
    key = _ethnic_key(text)
    if not key:
        return None
    for group in EthnicGroup.select():
        names = [group.name, group.code, *json.loads(group.aliases or "[]")]
        if key in {_ethnic_key(n) for n in names}:
            return group
    return None


def _ethnic_key(text: str) -> str:
    return ethnic_key(text)


def parse_gender(text: str) -> str | None:
    key = fold(text)
    if not key:
        return None
    if key not in GENDERS:
        raise ValidationError(f"Giới tính \"{clean(text)}\" không hợp lệ: ghi Nam hoặc Nữ.", field="gender")
    return GENDERS[key]


def validate_trainee(data: TraineeInput) -> CheckedTrainee:
    """Validate ``data`` on its own (no other trainee looked at); raise :class:`ValidationError`
    for what cannot be saved. Warnings (a CCCD that disagrees with birth or gender) are returned."""
    name = clean(data.full_name)
    if not name:
        raise ValidationError("Cần nhập họ và tên.", field="full_name")
    if len(name.split()) < 2:
        raise ValidationError("Họ và tên cần có ít nhất họ và tên.", field="full_name")
    birth: BirthDate | None = parse_birth(data.birth)
    gender = parse_gender(data.gender)
    ethnic = None
    if clean(data.ethnic_group):
        ethnic = ethnic_group_by_name(data.ethnic_group)
        if ethnic is None:
            raise ValidationError(f"Không có dân tộc \"{clean(data.ethnic_group)}\" trong danh mục.",
                                  field="ethnic_group")
    warnings: list[str] = []
    citizen_id = None
    if clean(data.citizen_id):
        result = check_citizen_id(data.citizen_id, province_codes=province_codes(),
                                  birth_year=birth.year if birth else None, gender=gender)
        citizen_id, warnings = result.number, result.warnings
    old_id = check_old_id(data.old_id_number) if clean(data.old_id_number) else None
    values = {
        **person_keys(name, birth.date if birth else None, birth.year if birth else None),
        "birth_date": birth.date if birth else None, "birth_year": birth.year if birth else None,
        "gender": gender, "ethnic_group": ethnic, "citizen_id": citizen_id, "old_id_number": old_id,
        "party_member": bool(data.party_member), "position": clean(data.position) or None,
        "theory_level": clean(data.theory_level) or None, "phone": clean(data.phone) or None,
        "note": data.note.strip() or None,
    }
    if data.party_probationary:
        values["party_member"] = values["party_probationary"] = True
    elif not data.party_member:
        values["party_probationary"] = False
    # else: a member, probationary or not as on file (the form does not show it, so keeps it)
    return CheckedTrainee(values=values, unit=clean(data.unit), warnings=warnings)


def check_trainee(data: TraineeInput, *, exclude_id: int | None = None) -> CheckedTrainee:
    """Validate ``data``; raise :class:`ValidationError` for what cannot be saved, and
    :class:`ConflictError` when its CCCD is another trainee's. Possible duplicates are found by the
    identity rules (:mod:`app.services.identity`)."""
    checked = validate_trainee(data)
    citizen_id = checked.values["citizen_id"]
    if citizen_id:
        clash = Trainee.select(Trainee.id, Trainee.full_name).where(Trainee.citizen_id == citizen_id)
        if exclude_id is not None:
            clash = clash.where(Trainee.id != exclude_id)
        other = clash.first()
        if other is not None:
            raise ConflictError(f"Số CCCD {citizen_id} đã có ở học viên {other.full_name}.", field="citizen_id")
    checked.possible_duplicates = possible_duplicates(checked.values, exclude_id=exclude_id)
    return checked


def possible_duplicates(values: dict, *, exclude_id: int | None = None) -> list[int]:
    """Trainees that may be the person of ``values`` (validated columns) by the identity rules: the
    one it is, or the ones the user must look at (a year-only namesake, a name differing only by
    its marks…). Namesakes with another CCCD, or another birth date, are other people."""
    person = Known(values["full_name"], values["birth_date"], values["birth_year"], values["citizen_id"],
                   values["old_id_number"])
    verdict = find_person(person, exclude_id=exclude_id)
    if verdict.kind in (SAME, CONFLICT) and verdict.person_id is not None:
        return [verdict.person_id]
    return list(verdict.candidates) if verdict.kind == ASK else []


@writes(Topic.TRAINEES, Topic.ORGANIZATIONS)
def add_trainee(data: TraineeInput, *, confirmed: bool = False) -> Trainee:
    """Create a trainee. Warnings (CCCD mismatch, possible duplicate) need ``confirmed``."""
    checked = check_trainee(data)
    _require_confirmation(checked, confirmed)
    with db.write():
        return Trainee.create(organization=find_or_create_organization(checked.unit),
                              unit_text=checked.unit or None, **checked.values)


@writes(Topic.TRAINEES, Topic.ORGANIZATIONS)
def update_trainee(trainee_id: int, data: TraineeInput, *, confirmed: bool = False,
                   expected: str | None = None) -> Trainee:
    """Save an edited trainee. A namesake already on file is only asked about again when the
    name or birth date changed (the user saw it when the record was made). ``expected``: the
    :func:`edit_stamp` of the record the form showed; changed since (another PC) → refused."""
    current = get_trainee(trainee_id)
    checked = check_trainee(data, exclude_id=trainee_id)
    unchanged = (checked.values["search_key"], checked.values["birth_date"], checked.values["birth_year"]) == (
        current.search_key, current.birth_date, current.birth_year)
    if unchanged:
        checked.possible_duplicates = []
    _require_confirmation(checked, confirmed)
    with db.write():
        db.require_unchanged(Trainee, trainee_id, expected, "Hồ sơ học viên này")
        Trainee.update(organization=find_or_create_organization(checked.unit),
                       unit_text=checked.unit or None, **checked.values).where(Trainee.id == trainee_id).execute()
    return Trainee.get_by_id(trainee_id)


def _require_confirmation(checked: CheckedTrainee, confirmed: bool) -> None:
    warnings = list(checked.warnings)
    if checked.possible_duplicates:
        warnings.append("Đã có học viên cùng họ tên và ngày sinh; có thể là cùng một người.")
    if warnings and not confirmed:
        raise NeedsConfirmation(warnings)


def edit_stamp(trainee_id: int) -> str | None:
    """The fingerprint of the stored record, taken when a form shows it (compare-on-write)."""
    return db.row_stamp(Trainee, trainee_id)


def get_trainee(trainee_id: int) -> Trainee:
    trainee = Trainee.get_or_none(Trainee.id == trainee_id)
    if trainee is None:
        raise NotFoundError("Không tìm thấy học viên.")
    return trainee


_FILLABLE = ("birth_date", "gender", "ethnic_group", "citizen_id", "old_id_number", "position",
             "organization", "unit_text", "theory_level", "phone", "party_joined_on")


@writes(Topic.TRAINEES, Topic.ENROLLMENTS, Topic.AUDIT)
def merge_trainees(keep_id: int, merge_id: int, reason: str) -> Trainee:
    """Merge the record ``merge_id`` into ``keep_id``: every enrollment moves; the other is deleted.

    Fields empty on the kept record are filled from the other. Refused when both are in the same
    class (remove one of them from that class first). Audited with the reason.
    """
    if keep_id == merge_id:
        raise ValidationError("Hãy chọn hai học viên khác nhau để gộp.")
    keep, other = get_trainee(keep_id), get_trainee(merge_id)
    shared = (Course.select(Course.code)
              .join(Enrollment).where(Enrollment.trainee == keep_id)
              .where(Course.id.in_(Enrollment.select(Enrollment.course).where(Enrollment.trainee == merge_id))))
    codes = [c.code for c in shared]
    if codes:
        raise ConflictError(f"Hai học viên cùng có trong lớp {', '.join(codes)}: hãy bỏ một người khỏi lớp "
                            "trước khi gộp.")
    updates = {}
    for name in _FILLABLE:
        if getattr(keep, name + "_id" if name in ("ethnic_group", "organization") else name) is None:
            value = getattr(other, name + "_id" if name in ("ethnic_group", "organization") else name)
            if value is not None:
                updates[name] = value
    if keep.birth_date is None and other.birth_date is not None:
        updates["birth_year"] = other.birth_year
    party_member = keep.party_member or other.party_member
    moved = Enrollment.select().where(Enrollment.trainee == merge_id).count()
    from app.services.session import backup_before_change

    backup_before_change()  # a merge cannot be undone: a copy of the data before it, always
    with db.write():
        citizen_id = updates.get("citizen_id")
        if citizen_id:  # the unique index must not see the number twice
            Trainee.update(citizen_id=None).where(Trainee.id == merge_id).execute()
        Enrollment.update(trainee=keep_id).where(Enrollment.trainee == merge_id).execute()
        if not TraineePhoto.select().where(TraineePhoto.trainee == keep_id).exists():
            # The other record's photo, if any, stays with the person (deleting it would cascade).
            TraineePhoto.update(trainee=keep_id).where(TraineePhoto.trainee == merge_id).execute()
        Trainee.update(party_member=party_member, **updates).where(Trainee.id == keep_id).execute()
        merged = Trainee.get_by_id(keep_id)
        keys = person_keys(merged.full_name, merged.birth_date, merged.birth_year)
        Trainee.update(**keys).where(Trainee.id == keep_id).execute()
        audit.record("merge", "trainee", keep_id,
                     f"Gộp học viên #{merge_id} ({other.full_name}) vào #{keep_id} ({keep.full_name}); "
                     f"chuyển {moved} lượt ghi danh", clean(reason), user=auth.acting_user())
        Trainee.delete().where(Trainee.id == merge_id).execute()
    return Trainee.get_by_id(keep_id)


@writes(Topic.TRAINEES, Topic.ENROLLMENTS, Topic.AUDIT)
def delete_trainee(trainee_id: int, reason: str) -> None:
    """Delete a trainee record typed by mistake. Refused while the person has classes (remove them
    from the class, or merge with the right record, instead); audited with the reason."""
    reason = clean(reason)
    if not reason:
        raise ValidationError("Cần ghi lý do xóa.", field="reason")
    trainee = get_trainee(trainee_id)
    classes = Enrollment.select().where(Enrollment.trainee == trainee_id).count()
    if classes:
        raise ConflictError(f"{trainee.full_name} đã có {classes} lượt học nên không xóa được hồ sơ; "
                            "hãy bỏ khỏi lớp hoặc gộp với hồ sơ đúng.")
    with db.write():
        audit.record("delete", "trainee", trainee_id, f"Xóa học viên {trainee.full_name}", reason,
                     user=auth.acting_user())
        Trainee.delete().where(Trainee.id == trainee_id).execute()
