"""The centre's short code printed in every certificate's QR code (``TTBDCTHSMC``).

It is part of what the check code vouches for, so once a certificate exists it must not move with
the centre's name (administrative names change): the first issue (or an import of old
certificates) saves it, and from then on the saved code is used and cannot be changed. Until then
the centre may choose its own code (Cài đặt › Thông tin đơn vị), or leave it to the initials of its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.changes import Topic, writes
from app.domain.errors import ConflictError, ValidationError
from app.domain.institution import Institution
from app.domain.text import clean, fold
from app.services import audit, auth, settings
from app.services.settings import get_institution, get_setting, put_setting
from app.store.models import Certificate, Setting

CENTRE_CODE_KEY = "certificate.centre_code"
MIN_CODE, MAX_CODE = 2, 16
FROZEN_MESSAGE = "Mã đơn vị đã in trên giấy chứng nhận, không đổi được."
_CODE = re.compile(r"[A-Z0-9]+")


@dataclass(frozen=True)
class CentreCode:
    """What the QR codes carry now, whether the centre chose (or the first issue saved) it, and
    whether a certificate exists, which freezes it."""

    code: str
    saved: bool
    frozen: bool


def derived_code(name: str) -> str:
    """The initials of the centre's name, folded: ``Trung tâm Bồi dưỡng chính trị huyện Si Ma Cai`` → ``TTBDCTHSMC``."""
    words = re.findall(r"[a-z0-9]+", fold(name))
    return "".join(word[0] for word in words).upper()[:MAX_CODE] or "TT"


def centre_code() -> str:
    """The saved code, else the one the centre's name gives today."""
    saved = get_setting(CENTRE_CODE_KEY, "")
    return str(saved) if saved else derived_code(get_institution().name)


def centre_code_info() -> CentreCode:
    saved = str(get_setting(CENTRE_CODE_KEY, "") or "")
    return CentreCode(saved or derived_code(get_institution().name), bool(saved), is_frozen())


def is_frozen() -> bool:
    """Whether a certificate exists (issued, imported or cancelled): its QR code carries the code."""
    return Certificate.select().exists()


def check_code(text: str) -> str:
    """The code as it will be printed: capitals and digits only (no diacritics, spaces or signs,
    which a QR payload separated by ``|`` and a phone keyboard do not agree on), 2–16 of them."""
    code = clean(text).upper()
    if not code:
        return ""
    if not _CODE.fullmatch(code):
        raise ValidationError("Mã đơn vị chỉ gồm chữ cái không dấu (A–Z) và chữ số, viết liền, ví dụ TTCTSMC.",
                              field="centre_code")
    if not MIN_CODE <= len(code) <= MAX_CODE:
        raise ValidationError(f"Mã đơn vị cần từ {MIN_CODE} đến {MAX_CODE} ký tự (đang có {len(code)}).",
                              field="centre_code")
    return code


@writes(Topic.SETTINGS, Topic.AUDIT)
def save_institution_and_code(institution: Institution, code: str | None) -> Institution:
    """The centre's details and its short code in one transaction (the form shows both).

    ``code`` None keeps the code as it is; "" goes back to the initials of the name. Changing it
    is refused once a certificate exists, and recorded in the audit log."""

    previous = centre_code_info()

    def store_code() -> None:
        if previous.frozen and not previous.saved:
            # Certificates from before the code was saved at issue (an older import): keep the code
            # they carry, which the initials of a new name would otherwise change.
            put_setting(CENTRE_CODE_KEY, previous.code)
        if code is None:
            return
        wanted = check_code(code)
        saved = str(get_setting(CENTRE_CODE_KEY, "") or "")
        if wanted == saved or (previous.frozen and wanted == previous.code):
            return
        if is_frozen():
            raise ConflictError(FROZEN_MESSAGE, field="centre_code")
        before = previous.code if previous.saved else f"{previous.code} (chữ đầu của tên)"
        if wanted:
            put_setting(CENTRE_CODE_KEY, wanted)
        else:
            Setting.delete().where(Setting.key == CENTRE_CODE_KEY).execute()
        after = wanted or f"{derived_code(get_institution().name)} (chữ đầu của tên)"
        audit.record("settings", "settings", None, f"Sửa mã đơn vị in trong mã QR: \"{before}\" → \"{after}\"",
                     user=auth.acting_user())

    return settings.save_institution(institution, also=store_code)


@writes(Topic.SETTINGS)
def freeze_centre_code() -> None:
    """Save today's code when none is saved yet (the caller holds the write transaction)."""
    if not get_setting(CENTRE_CODE_KEY, ""):
        put_setting(CENTRE_CODE_KEY, derived_code(get_institution().name))
