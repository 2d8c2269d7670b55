"""Who is who: the identity rules as a table of cases, each rule and its edges."""

import datetime as dt

import pytest

from app.services.identity import ASK, CONFLICT, NEW, SAME, Known, Registry, decide, describe, find_person

D = dt.date
CCCD_A, CCCD_B = "010085001234", "010085009999"

# The people on file the cases are judged against.
AN_DATE = Known("Nguyễn Văn An", D(1980, 3, 12), 1980, None, None, 1)
AN_CCCD = Known("Nguyễn Văn An", D(1980, 3, 12), 1980, CCCD_A, None, 2)
AN_YEAR = Known("Nguyễn Văn An", None, 1980, None, None, 3)
AN_NO_BIRTH = Known("Nguyễn Văn An", None, None, None, None, 4)
ÂN_DATE = Known("Nguyễn Văn Ân", D(1980, 3, 12), 1980, None, None, 5)
HÀ = Known("Lò Thị Hà", D(1990, 1, 2), 1990, None, None, 6)
PÁO_CMND = Known("Lù Văn Páo", None, 1979, None, "012345678", 7)
MỶ_CCCD = Known("Giàng Thị Mỷ", D(1990, 3, 5), 1990, CCCD_B, None, 8)

CASES = [
    # (story, row read, records on file, expected kind, expected id or candidates)
    # Rule 1: the same CCCD is the same person…
    ("same CCCD, same name", Known("Nguyễn Văn An", D(1980, 3, 12), citizen_id=CCCD_A), [AN_CCCD], SAME, 2),
    ("same CCCD, name in capitals", Known("NGUYỄN VĂN AN", citizen_id=CCCD_A), [AN_CCCD], SAME, 2),
    ("same CCCD, only the year in the file", Known("Nguyễn Văn An", None, 1980, CCCD_A), [AN_CCCD],
     SAME, 2),
    # …and under another name it is an error naming both people, never a silent match.
    ("same CCCD, another name", Known("Giàng Seo Pao", citizen_id=CCCD_A), [AN_CCCD], CONFLICT, 2),
    ("same CCCD, name differs only by a mark", Known("Nguyễn Văn Ân", citizen_id=CCCD_A), [AN_CCCD], CONFLICT, 2),
    ("same CCCD and name, another birth date", Known("Nguyễn Văn An", D(1980, 3, 13), citizen_id=CCCD_A), [AN_CCCD],
     CONFLICT, 2),
    ("same CCCD wins over a namesake without one", Known("Nguyễn Văn An", D(1980, 3, 12), citizen_id=CCCD_A),
     [AN_DATE, AN_CCCD], SAME, 2),
    # Rule 2: two different CCCDs are two people, whatever the names.
    ("different CCCDs, same name and date", Known("Nguyễn Văn An", D(1980, 3, 12), citizen_id=CCCD_B), [AN_CCCD],
     NEW, None),
    ("different CCCDs, same name and year only", Known("Nguyễn Văn An", None, 1980, CCCD_B),
     [Known("Nguyễn Văn An", None, 1980, CCCD_A, id=10)], NEW, None),
    ("different CCCDs, and a namesake without one", Known("Nguyễn Văn An", D(1980, 3, 12), citizen_id=CCCD_B),
     [AN_CCCD, AN_DATE], SAME, 1),
    # Rule 3: same name + same full date, a CCCD on one side at most.
    ("same name and date, no CCCD either side", Known("Nguyễn Văn An", D(1980, 3, 12)), [AN_DATE], SAME, 1),
    ("same name and date, CCCD only in the file", Known("Nguyễn Văn An", D(1980, 3, 12), citizen_id=CCCD_B),
     [AN_DATE], SAME, 1),
    ("same name and date, CCCD only on file", Known("Nguyễn Văn An", D(1980, 3, 12)), [AN_CCCD], SAME, 2),
    ("same name and date, lower case in the file", Known("nguyễn văn an", D(1980, 3, 12)), [AN_DATE], SAME, 1),
    ("same name, another date: another person", Known("Nguyễn Văn An", D(1980, 3, 13)), [AN_DATE], NEW, None),
    ("same name, another year: another person", Known("Nguyễn Văn An", None, 1981), [AN_YEAR], NEW, None),
    ("another name", Known("Nguyễn Văn Bình", D(1980, 3, 12)), [AN_DATE], NEW, None),
    ("nobody on file", Known("Nguyễn Văn An", D(1980, 3, 12)), [], NEW, None),
    # Rule 4: a question for the clerk.
    ("file has a year, record a date", Known("Nguyễn Văn An", None, 1980), [AN_DATE], ASK, (1,)),
    ("file has a date, record a year", Known("Nguyễn Văn An", D(1980, 3, 12)), [AN_YEAR], ASK, (3,)),
    ("both only a year", Known("Nguyễn Văn An", None, 1980), [AN_YEAR], ASK, (3,)),
    ("no birth in the file", Known("Nguyễn Văn An"), [AN_DATE], ASK, (1,)),
    ("no birth on file", Known("Nguyễn Văn An", D(1980, 3, 12)), [AN_NO_BIRTH], ASK, (4,)),
    ("An / Ân, same date", Known("Nguyễn Văn An", D(1980, 3, 12)), [ÂN_DATE], ASK, (5,)),
    ("Hà / Hạ, same date", Known("Lò Thị Hạ", D(1990, 1, 2)), [HÀ], ASK, (6,)),
    ("a sure match and a diacritic twin", Known("Nguyễn Văn An", D(1980, 3, 12)), [AN_DATE, ÂN_DATE], ASK, (1, 5)),
    ("two records with the same name and date", Known("Nguyễn Văn An", D(1980, 3, 12)),
     [AN_DATE, Known("Nguyễn Văn An", D(1980, 3, 12), id=9)], ASK, (1, 9)),
    ("a date match and a year-only namesake", Known("Nguyễn Văn An", D(1980, 3, 12)), [AN_DATE, AN_YEAR], ASK,
     (1, 3)),
    ("CCCD in the file, a year-only namesake without one", Known("Nguyễn Văn An", None, 1980, CCCD_B), [AN_YEAR],
     ASK, (3,)),
    # An old CMND (9 digits) identifies like a CCCD, cross-checked with the name.
    ("same CMND, same name", Known("Lù Văn Páo", None, 1979, old_id="012345678"), [PÁO_CMND], SAME, 7),
    ("same CMND, another name", Known("Vàng Seo Chứ", old_id="012345678"), [PÁO_CMND], CONFLICT, 7),
    ("another CMND, same name and year: still a question", Known("Lù Văn Páo", None, 1979, old_id="099999999"),
     [PÁO_CMND], ASK, (7,)),
]


@pytest.mark.parametrize("story, row, records, kind, expected", CASES, ids=[c[0] for c in CASES])
def test_identity_rules(story, row, records, kind, expected):
    verdict = decide(row, records)
    assert verdict.kind == kind, verdict
    if kind in (SAME, CONFLICT):
        assert verdict.person_id == expected
    elif kind == ASK:
        assert verdict.candidates == expected
        assert verdict.reason
    else:
        assert verdict.person_id is None and verdict.candidates == ()


def test_a_conflict_names_both_people():
    verdict = decide(Known("Giàng Seo Pao", citizen_id=CCCD_B), [MỶ_CCCD])
    assert verdict.reason == f"số CCCD {CCCD_B} là của học viên Giàng Thị Mỷ, sinh 05/03/1990, không phải Giàng Seo Pao"


def test_the_question_says_why():
    assert decide(Known("Nguyễn Văn An", None, 1980), [AN_DATE]).reason == "cùng họ tên, chỉ biết năm sinh"
    assert decide(Known("Nguyễn Văn An", D(1980, 3, 12)), [ÂN_DATE]).reason == "họ tên chỉ khác dấu (Nguyễn Văn Ân)"


def test_within_one_class_a_name_and_year_is_enough_when_only_one_fits():
    row = Known("Nguyễn Văn An", None, 1980)
    assert (decide(row, [AN_YEAR], year_is_enough=True).kind, decide(row, [AN_YEAR], year_is_enough=True).person_id) \
        == (SAME, 3)
    assert decide(row, [AN_DATE], year_is_enough=True).person_id == 1
    # Still a question with two namesakes, with diacritic twins and without any birth.
    assert decide(row, [AN_YEAR, AN_DATE], year_is_enough=True).kind == ASK
    assert decide(Known("Nguyễn Văn Ân", None, 1980), [AN_YEAR], year_is_enough=True).kind == ASK
    assert decide(Known("Nguyễn Văn An"), [AN_YEAR], year_is_enough=True).kind == ASK


# --- against the database ---------------------------------------------------------------------


def test_registry_finds_namesakes_numbers_and_describes_candidates(session):
    from app.services.courses import CourseInput, add_course
    from app.services.trainees import TraineeInput, add_trainee
    from app.store import db
    from app.store.models import Enrollment

    course = add_course(CourseInput("NTVD-2023-01", "NTVD", "Khóa I", "06/03/2023", "10/03/2023"))
    an = add_trainee(TraineeInput("Nguyễn Văn An", "1980", unit="xã Bản Mế"))
    ân = add_trainee(TraineeInput("Nguyễn Văn Ân", "12/03/1980"), confirmed=True)
    other = add_trainee(TraineeInput("Giàng Thị Mỷ", "05/03/1990", citizen_id="010190001235"))
    with db.write():
        Enrollment.create(course=course, trainee=an)
    row = Known("NGUYỄN VĂN AN", D(1980, 3, 12))
    registry = Registry([row, Known("Ai Đó", citizen_id="010190001235")])
    assert registry.decide(row) == decide(row, [registry.by_name["nguyen van an"][0],
                                                registry.by_name["nguyen van an"][1]])
    verdict = registry.decide(row)
    assert verdict.kind == ASK and set(verdict.candidates) == {an.id, ân.id}
    assert registry.decide(Known("Ai Đó", citizen_id="010190001235")).person_id == other.id
    found = describe(verdict.candidates)
    assert found[an.id].text() == "Nguyễn Văn An — 1980 — xã Bản Mế — đã học NTVD-2023-01"
    assert found[ân.id].text() == "Nguyễn Văn Ân — 12/03/1980 — không rõ đơn vị — chưa học lớp nào"
    # Limited to one class, only the enrolled namesake is there.
    in_class = Registry([row], course_id=course.id)
    assert [r.id for r in in_class.records_for(row)] == [an.id]
    # The form's check leaves the record being edited out.
    assert find_person(Known("Nguyễn Văn Ân", D(1980, 3, 12)), exclude_id=ân.id).candidates == (an.id,)


def test_typing_a_trainee_asks_by_the_same_rules(session):
    from app.domain.errors import ConflictError
    from app.services.trainees import NeedsConfirmation, TraineeInput, add_trainee

    add_trainee(TraineeInput("Thào A Sử", "12/04/1985", citizen_id="010085001234"))
    add_trainee(TraineeInput("Lò Thị Hà", "02/01/1990"))
    # Another CCCD: another person, nothing to ask.
    add_trainee(TraineeInput("Thào A Sử", "12/04/1985", citizen_id="010085009998"))
    # The same CCCD is refused, whatever the name.
    with pytest.raises(ConflictError, match="đã có ở học viên Thào A Sử"):
        add_trainee(TraineeInput("Vàng Seo Chứ", "12/04/1985", citizen_id="010085001234"), confirmed=True)
    # Same name and date, or a name differing only by its marks, or only a year: the user confirms.
    for typed in (TraineeInput("LÒ THỊ HÀ", "02/01/1990"), TraineeInput("Lò Thị Hạ", "02/01/1990"),
                  TraineeInput("Lò Thị Hà", "1990"), TraineeInput("Lò Thị Hà")):
        with pytest.raises(NeedsConfirmation):
            add_trainee(typed)
    # Another birth date: another person.
    add_trainee(TraineeInput("Lò Thị Hà", "03/01/1990"))
