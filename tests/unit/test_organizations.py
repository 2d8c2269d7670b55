"""The organisation catalogue: a roster's "UBND xã Sán Chải" meets "Ủy ban nhân dân xã Sán Chải"."""

import pytest

from app.domain.errors import ConflictError, ValidationError
from app.services.courses import CourseInput, add_course
from app.services.organizations import (
    OrganizationInput,
    add_organization,
    find_organization,
    match_key,
    organization_rows,
    update_organization,
)
from app.services.trainees import TraineeInput, add_trainee
from app.store.models import Organization


def test_match_key_spells_out_the_usual_abbreviations():
    assert match_key("UBND xã Sán Chải") == match_key("Ủy ban nhân dân xã Sán Chải") == "uy ban nhan dan xa san chai"
    assert match_key("Uỷ ban nhân dân  xã Sán Chải") == "uy ban nhan dan xa san chai"
    assert match_key("HĐND huyện") == "hoi dong nhan dan huyen"
    assert match_key("Ủy ban MTTQ xã Bản Mế") == match_key("Ủy ban Mặt trận Tổ quốc xã Bản Mế")
    assert match_key("UBMTTQ xã Bản Mế") == match_key("Ủy ban Mặt trận Tổ quốc xã Bản Mế")


def test_a_trainee_unit_written_short_meets_the_catalogue_name(session):
    org = add_organization(OrganizationInput("Ủy ban nhân dân xã Sán Chải", kind="state"))
    trainee = add_trainee(TraineeInput("Thào A Sử", birth="1985", unit="UBND xã Sán Chải"))
    assert trainee.organization_id == org.id
    assert Organization.select().count() == 1


def test_a_class_partner_found_by_alias(session):
    org = add_organization(OrganizationInput("Ban Tuyên giáo Huyện ủy", kind="party",
                                             aliases=["BTG Huyện ủy", "Ban Tuyên giáo"]))
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "02/03/2026", "06/03/2026",
                                    partner="btg huyen uy"))
    assert course.partner_id == org.id
    assert find_organization("Ban tuyên giáo") == org
    assert find_organization("Ban Dân vận Huyện ủy") is None


def test_add_and_edit_with_aliases_one_per_line(session):
    org = add_organization(OrganizationInput(" xã  Nàn Sán ", kind="commune", aliases=["Nàn Sán", "", "nan san"]))
    assert org.name == "xã Nàn Sán"
    rows = organization_rows("nan")
    assert [(r.name, r.kind_name, r.aliases) for r in rows] == [("xã Nàn Sán", "Xã, thị trấn", ("Nàn Sán",))]
    update_organization(org.id, OrganizationInput("xã Nàn Sán", kind="commune",
                                                  aliases=["Nàn Sán", "UBND xã Nàn Sán"], active=False))
    row = organization_rows("ubnd nan san")[0]
    assert row.aliases == ("Nàn Sán", "UBND xã Nàn Sán") and not row.active
    assert organization_rows("uy ban nhan dan nan san")[0].id == org.id


@pytest.mark.parametrize("data, field, message", [
    (OrganizationInput("  "), "name", "Cần nhập tên cơ quan"),
    (OrganizationInput("xã Bản Mế", kind="planet"), "kind", "Loại cơ quan"),
    (OrganizationInput("Ủy ban nhân dân xã Sán Chải"), "name", "trùng với đơn vị đã có: UBND xã Sán Chải"),
    (OrganizationInput("Xã Sán Chải", aliases=["ubnd xa san chai"]), "aliases", "trùng với đơn vị đã có"),
])
def test_bad_or_clashing_input_is_refused_next_to_its_field(session, data, field, message):
    add_organization(OrganizationInput("UBND xã Sán Chải", kind="state"))
    with pytest.raises((ValidationError, ConflictError), match=message) as caught:
        add_organization(data)
    assert caught.value.field == field
    assert Organization.select().count() == 1


def test_editing_keeps_its_own_name_without_clashing(session):
    org = add_organization(OrganizationInput("UBND xã Sán Chải", kind="state"))
    update_organization(org.id, OrganizationInput("Ủy ban nhân dân xã Sán Chải", kind="state",
                                                  aliases=["UBND xã Sán Chải"]))
    assert Organization.get_by_id(org.id).name == "Ủy ban nhân dân xã Sán Chải"
