"""The centre's short code printed in every certificate's QR code (``TTBDCTHSMC``).

It is part of what the check code vouches for, so once a certificate is issued it must not move
with the centre's name (administrative names change): the first issue saves it, and from then on
the saved code is used.
"""

from __future__ import annotations

import re

from app.domain.changes import Topic, writes
from app.domain.text import fold
from app.services.settings import get_institution, get_setting, put_setting

CENTRE_CODE_KEY = "certificate.centre_code"


def derived_code(name: str) -> str:
    """The initials of the centre's name, folded: ``Trung tâm Bồi dưỡng chính trị huyện Si Ma Cai`` → ``TTBDCTHSMC``."""
    words = re.findall(r"[a-z0-9]+", fold(name))
    return "".join(word[0] for word in words).upper()[:16] or "TT"


def centre_code() -> str:
    """The saved code, else the one the centre's name gives today."""
    saved = get_setting(CENTRE_CODE_KEY, "")
    return str(saved) if saved else derived_code(get_institution().name)


@writes(Topic.SETTINGS)
def freeze_centre_code() -> None:
    """Save today's code when none is saved yet (the caller holds the write transaction)."""
    if not get_setting(CENTRE_CODE_KEY, ""):
        put_setting(CENTRE_CODE_KEY, derived_code(get_institution().name))
