"""The centre's short code in the certificates' QR codes: the centre may choose it until the first
certificate exists; then it is printed and stays. Every change is audited; a refused one writes nothing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from app.domain.errors import ConflictError, ValidationError
from app.domain.institution import Institution
from app.domain.verification import Verdict
from app.services import auth, centre_code, settings
from app.services.certificates import issue_certificates
from app.services.verification import course_seals, verify_text
from app.store import db
from app.store.models import AuditEntry, Setting
from tests.unit.test_certificates import AFTER, _class

NAME = "Trung tâm Chính trị huyện Si Ma Cai"


@pytest.fixture
def centre(session):
    settings.save_institution(Institution(name=NAME))
    return settings.get_institution()


def _saved_code() -> str | None:
    row = Setting.get_or_none(Setting.key == centre_code.CENTRE_CODE_KEY)
    return settings.get_setting(centre_code.CENTRE_CODE_KEY) if row else None


def _last_audit() -> str:
    return AuditEntry.select().order_by(AuditEntry.id.desc()).first().summary


def test_until_chosen_the_code_is_the_initials_of_the_name(centre):
    assert centre_code.centre_code_info() == centre_code.CentreCode("TTCTHSMC", saved=False, frozen=False)
    centre_code.save_institution_and_code(replace(centre, name="Trung tâm Chính trị huyện Bắc Hà"), None)
    assert centre_code.centre_code() == "TTCTHBH"  # not yet printed anywhere: it follows the name


def test_a_chosen_code_is_saved_in_capitals_audited_and_in_one_transaction(centre):
    revision = db.get_revision()
    centre_code.save_institution_and_code(replace(centre, phone="0214 3796 123"), " ttctsmc ")
    assert centre_code.centre_code_info() == centre_code.CentreCode("TTCTSMC", saved=True, frozen=False)
    assert settings.get_institution().phone == "0214 3796 123"
    assert db.get_revision() == revision + 1
    assert _last_audit() == "Sửa mã đơn vị in trong mã QR: \"TTCTHSMC (chữ đầu của tên)\" → \"TTCTSMC\""
    # Saving the same code again changes nothing and says nothing.
    entries = AuditEntry.select().count()
    centre_code.save_institution_and_code(settings.get_institution(), "TTCTSMC")
    assert AuditEntry.select().count() == entries
    # Empty: back to the initials of the name.
    centre_code.save_institution_and_code(settings.get_institution(), "")
    assert centre_code.centre_code_info() == centre_code.CentreCode("TTCTHSMC", saved=False, frozen=False)
    assert _saved_code() is None
    assert _last_audit() == "Sửa mã đơn vị in trong mã QR: \"TTCTSMC\" → \"TTCTHSMC (chữ đầu của tên)\""


@pytest.mark.parametrize(("typed", "message"), [
    ("TT CT", "chỉ gồm chữ cái không dấu (A–Z) và chữ số"),
    ("TTĐƠNVỊ", "chỉ gồm chữ cái không dấu (A–Z) và chữ số"),
    ("TT|SMC", "chỉ gồm chữ cái không dấu (A–Z) và chữ số"),
    ("TT-SMC", "chỉ gồm chữ cái không dấu (A–Z) và chữ số"),
    ("T", "cần từ 2 đến 16 ký tự (đang có 1)"),
    ("A" * 17, "cần từ 2 đến 16 ký tự (đang có 17)"),
])
def test_a_bad_code_is_refused_with_the_rest_of_the_form(centre, typed, message):
    revision, entries = db.get_revision(), AuditEntry.select().count()
    with pytest.raises(ValidationError, match=re.escape(message)) as refused:
        centre_code.save_institution_and_code(replace(centre, phone="0214 3796 123"), typed)
    assert refused.value.field == "centre_code"
    assert settings.get_institution() == centre and _saved_code() is None  # the phone was not saved either
    assert db.get_revision() == revision and AuditEntry.select().count() == entries


def test_the_first_issue_freezes_the_chosen_code_and_the_qr_carries_it(centre):
    centre_code.save_institution_and_code(centre, "TTSMC")
    course = _class()
    issue_certificates(course.code, today=AFTER)
    info = centre_code.centre_code_info()
    assert (info.code, info.frozen) == ("TTSMC", True)
    seal = next(iter(course_seals(course.code).values()))
    assert seal.text.startswith("GCN1|TTSMC|")
    revision, entries = db.get_revision(), AuditEntry.select().count()
    with pytest.raises(ConflictError, match=re.escape(centre_code.FROZEN_MESSAGE)) as refused:
        centre_code.save_institution_and_code(replace(centre, phone="0214 3796 123"), "TTMOI")
    assert refused.value.field == "centre_code"
    with pytest.raises(ConflictError):
        centre_code.save_institution_and_code(centre, "")  # not back to the initials either
    assert centre_code.centre_code() == "TTSMC" and settings.get_institution().phone == ""
    assert db.get_revision() == revision and AuditEntry.select().count() == entries
    # The centre may still be renamed: the printed code stays, and the certificate still checks out.
    centre_code.save_institution_and_code(replace(centre, name="Trung tâm Chính trị huyện Bắc Hà"), None)
    assert centre_code.centre_code() == "TTSMC"
    assert verify_text(seal.text).verdict is Verdict.VALID


def test_without_a_choice_the_first_issue_freezes_the_initials(centre):
    issue_certificates(_class().code, today=AFTER)
    assert centre_code.centre_code_info() == centre_code.CentreCode("TTCTHSMC", saved=True, frozen=True)
    centre_code.save_institution_and_code(replace(centre, name="Trung tâm Chính trị huyện Bắc Hà"), None)
    assert centre_code.centre_code() == "TTCTHSMC"


def test_imported_old_certificates_freeze_the_code(centre, tmp_path):
    from app.services.history_import import commit_history, preview_history
    from tests.fixtures.old_records import make_workbook

    commit_history(preview_history(make_workbook(tmp_path / "ho-so.xlsx"), today=dt.date(2026, 12, 1)),
                   today=dt.date(2026, 12, 1))
    assert centre_code.centre_code_info() == centre_code.CentreCode("TTCTHSMC", saved=True, frozen=True)


def test_staff_may_not_change_the_code(centre):
    auth.enable("quantri", "mat-khau-1")
    auth.add_user("canbo", "mat-khau-2", role="staff")
    auth.sign_out()
    auth.sign_in("canbo", "mat-khau-2")
    with pytest.raises(auth.PermissionDeniedError):
        centre_code.save_institution_and_code(centre, "TTSMC")
    assert _saved_code() is None


def test_certificates_without_a_saved_code_keep_theirs_when_the_centre_is_renamed(centre):
    issue_certificates(_class().code, today=AFTER)
    with db.write():  # as an older database left it: certificates, no saved code
        Setting.delete().where(Setting.key == centre_code.CENTRE_CODE_KEY).execute()
    assert centre_code.centre_code_info() == centre_code.CentreCode("TTCTHSMC", saved=False, frozen=True)
    centre_code.save_institution_and_code(replace(centre, name="Trung tâm Chính trị huyện Bắc Hà"), "TTCTHSMC")
    assert centre_code.centre_code_info() == centre_code.CentreCode("TTCTHSMC", saved=True, frozen=True)
