"""The reference data shipped in resources/data is complete, consistent and clean Vietnamese.

These files are the editable defaults a new database is seeded from (ethnic groups, citizen-ID
province codes, programs, result bands, pick-lists, and the Si Ma Cai demo world), so a typo
here ends up on every certificate and report.
"""

import json
import re
import unicodedata
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "resources" / "data"

# The statistics office's code order (Quyết định 121-TCTK/PPCĐ, kept by 1019/QĐ-TCTK). SPEC
# Appendix A lists the groups by population instead; the official codes win (see the note on
# the foundation issue).
OFFICIAL_ETHNIC_01_20 = [
    "Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "Mông", "Dao", "Gia-rai",
    "Ngái", "Ê-đê", "Ba-na", "Xơ-đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông",
]
PROGRAM_CODES = ["NTVD", "DVM", "SC", "TC", "NVCTD", "TGDV", "CNKT", "NQ", "QPAN4"]
ALL_FILES = [
    "ethnic_groups.json", "provinces.json", "programs.json",
    "result_bands.json", "catalogues.json", "si_ma_cai.json",
]


def load(name):
    with open(DATA / name, encoding="utf-8") as f:
        return json.load(f)


def fold(text):
    """Search key: no case, no diacritics, đ as d, letters and digits only."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]", "", text.lower())


def strings_in(value):
    """Every string in a JSON value, dictionary keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_in(item)


# ------------------------------------------------------------------ every file

@pytest.mark.parametrize("name", ALL_FILES)
def test_every_string_is_nfc_and_trimmed(name):
    for s in strings_in(load(name)):
        assert unicodedata.normalize("NFC", s) == s, f"{name}: not NFC: {s!r}"
        assert s == s.strip() and "  " not in s, f"{name}: stray spaces: {s!r}"


# ------------------------------------------------------------------ ethnic groups

def test_ethnic_groups_have_54_official_codes_plus_foreigner_and_unknown():
    groups = load("ethnic_groups.json")
    codes = [g["code"] for g in groups]
    assert len(codes) == len(set(codes))
    assert set(codes) == {f"{i:02d}" for i in range(1, 55)} | {"55", "00"}
    by_code = {g["code"]: g for g in groups}
    assert by_code["55"]["name"] == "Người nước ngoài"
    assert by_code["00"]["name"] == "Không rõ"
    for g in groups:
        assert set(g) == {"code", "name", "aliases"}
        assert g["name"] and isinstance(g["aliases"], list)


def test_ethnic_codes_01_to_20_carry_the_spec_names():
    by_code = {g["code"]: g["name"] for g in load("ethnic_groups.json")}
    assert [by_code[f"{i:02d}"] for i in range(1, 21)] == OFFICIAL_ETHNIC_01_20


def test_ethnic_names_are_distinct():
    names = [fold(g["name"]) for g in load("ethnic_groups.json")]
    assert len(names) == len(set(names))


def test_no_ethnic_alias_can_match_two_groups():
    owner = {}
    for g in load("ethnic_groups.json"):
        for spelling in [g["name"], *g["aliases"]]:
            key = fold(spelling)
            assert key, f"empty alias in {g['code']}"
            assert owner.setdefault(key, g["code"]) == g["code"], (
                f"{spelling!r} of {g['code']} folds like a spelling of {owner[key]}"
            )


@pytest.mark.parametrize("spelling, code", [
    ("H'Mông", "08"), ("HMông", "08"), ("Mèo", "08"), ("Khmer", "05"), ("Khơ Me", "05"),
    ("Việt", "01"), ("Hán", "04"), ("Cao Lan", "15"), ("Gia Rai", "10"), ("Ê Đê", "12"),
])
def test_spellings_from_real_rosters_are_aliases(spelling, code):
    by_code = {g["code"]: g for g in load("ethnic_groups.json")}
    assert spelling in by_code[code]["aliases"]


# ------------------------------------------------------------------ provinces

def test_provinces_are_the_63_citizen_id_codes():
    provinces = load("provinces.json")
    codes = [p["code"] for p in provinces]
    assert len(provinces) == 63
    assert len(set(codes)) == 63
    assert all(re.fullmatch(r"\d{3}", c) for c in codes)
    assert len({fold(p["name"]) for p in provinces}) == 63
    by_code = {p["code"]: p["name"] for p in provinces}
    assert by_code["001"] == "Hà Nội"
    assert by_code["002"] == "Hà Giang"
    assert by_code["010"] == "Lào Cai"
    assert by_code["012"] == "Lai Châu"
    assert by_code["015"] == "Yên Bái"
    assert by_code["096"] == "Cà Mau"


# ------------------------------------------------------------------ programs

def test_programs_are_the_spec_catalogue_in_order():
    programs = load("programs.json")
    assert [p["code"] for p in programs] == PROGRAM_CODES
    assert [p["sort_order"] for p in programs] == list(range(1, 10))
    by_code = {p["code"]: p for p in programs}
    assert by_code["NTVD"]["name"] == "Bồi dưỡng nhận thức về Đảng"
    assert by_code["NTVD"]["certificate_validity_months"] == 60
    assert by_code["SC"]["periods"] == 295
    assert by_code["SC"]["certificate"] == "diploma"
    assert by_code["TC"]["certificate"] == "external"
    assert by_code["NQ"]["certificate"] == "none"
    assert {c for c, p in by_code.items() if p["scored"]} == {"NTVD", "DVM", "SC", "TC"}


def test_program_fields_have_the_right_types():
    for p in load("programs.json"):
        assert p["name"] and p["audience"]
        assert isinstance(p["typical_days"], int) and p["typical_days"] > 0
        assert p["periods"] is None or isinstance(p["periods"], int)
        assert isinstance(p["scored"], bool)
        assert p["certificate"] in {"gcn", "diploma", "external", "optional", "none"}
        assert p["certificate_validity_months"] in (None, 60)
        assert p["absence_threshold_pct"] == 20


# ------------------------------------------------------------------ result bands

def test_result_bands_run_from_best_to_failing():
    bands = load("result_bands.json")
    scores = [b["min_score"] for b in bands]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) == len(scores)
    assert [b["code"] for b in bands] == ["XS", "G", "K", "TB", "KD"]
    assert bands[-1]["min_score"] == 0.0 and bands[-1]["passing"] is False
    assert all(b["passing"] for b in bands[:-1])
    assert all(b["min_score"] * 2 == int(b["min_score"] * 2) for b in bands)  # 0.5 steps


# ------------------------------------------------------------------ catalogues

def test_catalogue_codes_are_unique_and_names_present():
    catalogues = load("catalogues.json")
    for key in ["attendance_marks", "theory_levels", "genders", "positions", "feedback_scale",
                "award_levels", "prizes", "observation_ratings", "lesson_kinds",
                "teaching_norms", "instructor_kinds", "course_statuses",
                "organization_kinds", "degrees"]:
        items = catalogues[key]
        codes = [i["code"] for i in items]
        assert len(codes) == len(set(codes)), key
        assert all(i["name"] for i in items), key
    assert [m["code"] for m in catalogues["attendance_marks"]] == ["x", "P", "K"]
    assert [s["code"] for s in catalogues["feedback_scale"]] == [4, 3, 2, 1]
    assert len(catalogues["positions"]) >= 30
    norms = {n["code"]: n["hours"] for n in catalogues["teaching_norms"]}
    assert norms["director"] == 40 and norms["deputy"] == 60 and norms["full_time"] == 120


# ------------------------------------------------------------------ Si Ma Cai demo world

def test_si_ma_cai_communes_and_agencies():
    world = load("si_ma_cai.json")
    assert world["province"] == "Lào Cai" and world["district"] == "Si Ma Cai"
    assert len(world["communes_2015"]) == 13
    assert len(world["communes_2020"]) == 10
    assert "xã Si Ma Cai" in world["communes_2015"]
    assert "thị trấn Si Ma Cai" in world["communes_2020"]
    kinds = {k["code"] for k in load("catalogues.json")["organization_kinds"]}
    owner = {}
    for agency in world["agencies"]:
        assert agency["kind"] in kinds, agency["name"]
        for spelling in [agency["name"], *agency["aliases"]]:
            key = fold(spelling)
            assert owner.setdefault(key, agency["name"]) == agency["name"], spelling


def test_si_ma_cai_name_pools_cover_every_group_of_the_mix():
    world = load("si_ma_cai.json")
    ethnic_names = {g["name"] for g in load("ethnic_groups.json")}
    mix = world["ethnic_mix"]
    assert set(mix) <= ethnic_names
    assert sum(mix.values()) == pytest.approx(1.0)
    assert 0.93 <= 1 - mix["Kinh"] <= 0.96
    for group in mix:
        assert world["family_names"][group], group
        for sex in ("male", "female"):
            assert world["middle_names"][sex][group], (sex, group)
            assert world["given_names"][sex][group], (sex, group)
    assert len(world["given_names"]["male"]["Mông"]) >= 40
    assert len(world["given_names"]["female"]["Mông"]) >= 30


@pytest.mark.parametrize("code, name", [("11", "Ngái"), ("24", "Thổ"), ("40", "Phù Lá"),
                                        ("46", "Pà Thẻn"), ("54", "Rơ-măm")])
def test_codes_past_20_follow_the_statistics_office(code, name):
    by_code = {g["code"]: g["name"] for g in load("ethnic_groups.json")}
    assert by_code[code] == name
