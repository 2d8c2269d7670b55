"""People of the demo database: Si Ma Cai names, birth dates, citizen IDs, and who comes to a class.

Names are drawn from the pools of ``resources/data/si_ma_cai.json`` by the district's ethnic
mix, so identical full names are frequent (as they are in the district) while the pair
(folded name, birth date or year) stays unique, as a duplicate check expects of distinct people.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from app.demo import topics as T
from app.domain.citizen_id import century_sex_digit
from app.domain.text import fold
from app.store.models import person_keys

LAO_CAI = "010"  # citizen-ID province code
FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR = 1960, 2002
YEAR_ONLY_SHARE = 0.10
CITIZEN_ID_SHARE = 0.70

# The clans most people belong to come first and weigh most.
_FAMILY_WEIGHT_DECAY = 0.82
_MONG_MALE_MIDDLE = {"Seo": 0.45, "Văn": 0.3, "A": 0.2, "Sín": 0.05}


@dataclass(eq=False)
class Org:
    """An Organization row of the demo (the id is given before the bulk insert)."""

    id: int
    name: str
    kind: str


@dataclass(eq=False)
class Person:
    """A trainee as the demo builds it; written as one Trainee row at the end."""

    id: int
    full_name: str
    gender: str
    birth_date: dt.date | None
    birth_year: int
    ethnic: str
    citizen_id: str | None
    party_member: bool
    party_joined_on: dt.date | None
    position: str
    org: Org
    theory_level: str
    created_on: dt.date
    keys: dict[str, str] = field(default_factory=dict)  # full_name, search_key, sort_key
    done: set[str] = field(default_factory=set)  # once-only programs attended (NTVD, DVM, SC, TC)

    def age_on(self, day: dt.date) -> int:
        return day.year - self.birth_year


class PersonFactory:
    """Makes new people with realistic, unique identities from one random generator."""

    def __init__(self, rng: random.Random, world: dict, first_id: int):
        self.rng = rng
        self.next_id = first_id
        mix = world["ethnic_mix"]
        self._ethnic_names = list(mix)
        self._ethnic_weights = [mix[name] for name in self._ethnic_names]
        self._families = world["family_names"]
        self._middles = world["middle_names"]
        self._givens = world["given_names"]
        self._dates: set[tuple[str, dt.date]] = set()  # (folded name, birth date)
        self._years_any: set[tuple[str, int]] = set()  # (folded name, birth year) of anyone
        self._years_only: set[tuple[str, int]] = set()  # … of people known only by the year
        self._citizen_ids: set[str] = set()

    def ethnic(self, kinh_share: float | None = None) -> str:
        """An ethnic group by the district mix; ``kinh_share`` raises Kinh for district offices."""
        if kinh_share is not None and self.rng.random() < kinh_share:
            return "Kinh"
        return self.rng.choices(self._ethnic_names, self._ethnic_weights)[0]

    def _name(self, ethnic: str, female: bool) -> str:
        rng = self.rng
        families = self._families[ethnic]
        family = rng.choices(families, [_FAMILY_WEIGHT_DECAY ** i for i in range(len(families))])[0]
        sex = "female" if female else "male"
        middles = self._middles[sex][ethnic]
        if ethnic == "Mông" and not female:
            middle = rng.choices(list(_MONG_MALE_MIDDLE), list(_MONG_MALE_MIDDLE.values()))[0]
        elif female:
            # "Thị" for most women; other middle names where the pool has them.
            middle = "Thị" if rng.random() < 0.75 or len(middles) == 1 else rng.choice(middles[1:])
        else:
            middle = rng.choice(middles)
        given = rng.choice(self._givens[sex][ethnic])
        if ethnic == "Kinh" and rng.random() < 0.15:  # Kinh names often carry two middle names
            second = rng.choice(self._middles[sex]["Kinh"])
            if second != middle:
                middle = f"{middle} {second}"
        return f"{family} {middle} {given}"

    def _birth(self, year: int) -> tuple[int, dt.date | None]:
        year = min(max(year, FIRST_BIRTH_YEAR), LAST_BIRTH_YEAR)
        if self.rng.random() < YEAR_ONLY_SHARE:
            return year, None
        return year, dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def _identity(self, ethnic: str, female: bool, year: int) -> tuple[str, int, dt.date | None]:
        """A name and birth that no earlier person shares.

        A year-only birth would look like a possible duplicate of anyone with that name born
        that year, so it must be alone in its (name, year); a full date only in its (name, date).
        """
        for _ in range(500):
            name = self._name(ethnic, female)
            birth_year, birth_date = self._birth(year + self.rng.randint(-1, 1))
            key = fold(name)
            if birth_date is None:
                if (key, birth_year) in self._years_any:
                    continue
                self._years_only.add((key, birth_year))
            else:
                if (key, birth_date) in self._dates or (key, birth_year) in self._years_only:
                    continue
                self._dates.add((key, birth_date))
            self._years_any.add((key, birth_year))
            return name, birth_year, birth_date
        raise RuntimeError("could not find a unique demo identity")  # pragma: no cover

    def _citizen_id(self, birth_year: int, gender: str) -> str | None:
        if self.rng.random() >= CITIZEN_ID_SHARE:
            return None
        while True:
            number = (f"{LAO_CAI}{century_sex_digit(birth_year, gender)}{birth_year % 100:02d}"
                      f"{self.rng.randrange(10 ** 6):06d}")
            if number not in self._citizen_ids:
                self._citizen_ids.add(number)
                return number

    def new(self, *, female: bool, party: bool, on: dt.date, age: tuple[int, int], org: Org,
            position: str, theory_level: str, kinh_share: float | None = None) -> Person:
        """A new person first seen on ``on`` (a class start), of an age in the range."""
        rng = self.rng
        ethnic = self.ethnic(kinh_share)
        name, birth_year, birth_date = self._identity(ethnic, female, on.year - rng.randint(*age))
        gender = "F" if female else "M"
        joined = None
        if party:
            earliest = max(birth_year + 20, on.year - 25)
            joined = dt.date(rng.randint(min(earliest, on.year - 1), on.year - 1),
                             rng.randint(1, 12), rng.randint(1, 28))
        person = Person(self.next_id, name, gender, birth_date, birth_year, ethnic,
                        self._citizen_id(birth_year, gender), party, joined, position, org,
                        theory_level, on, person_keys(name, birth_date, birth_year))
        self.next_id += 1
        return person


class Population:
    """Everyone in the demo so far, and who comes to the next class: new people or familiar faces.

    Pools are kept by (party member, woman) so each program's shares hold while people return to
    class after class; party candidates of NTVD classes come back to DVM once admitted.
    """

    def __init__(self, factory: PersonFactory, orgs: dict[str, Org], world: dict):
        self.factory = factory
        self.orgs = orgs
        self.communes_2015 = [orgs[name] for name in world["communes_2015"]]
        self.communes_2020 = [orgs[name] for name in world["communes_2020"]]
        not_workplaces = {"Trường Chính trị tỉnh Lào Cai",
                          "Hội đồng Giáo dục quốc phòng và an ninh huyện"}
        self.offices = [orgs[a["name"]] for a in world["agencies"]
                        if a["name"] not in not_workplaces]
        self.people: list[Person] = []
        self.pools: dict[tuple[bool, bool], list[Person]] = {}
        self.ntvd_alumni: list[tuple[Person, dt.date]] = []

    def pick(self, program: str, start: dt.date, partner: str | None, rng: random.Random,
             taken: set[int]) -> Person:
        """The next trainee of a class (not one of ``taken``)."""
        person = self._choose(program, start, partner, rng, taken)
        if program in T.ONCE_ONLY:
            person.done.add(program)
        return person

    def _choose(self, program: str, start: dt.date, partner: str | None, rng: random.Random,
                taken: set[int]) -> Person:
        profile = T.PROFILES[program]
        female = rng.random() < T.FEMALE_BY_PARTNER.get(partner or "", profile.female)
        if program == "DVM" and rng.random() < 0.85:
            person = self._ntvd_alumnus(start, rng, taken)
            if person is not None:
                return person
        party = rng.random() < profile.party
        pool = self.pools.get((party, female), [])
        if pool and rng.random() < profile.reuse:
            for _ in range(12):
                person = rng.choice(pool)
                if (person.id not in taken and person.party_member == party
                        and program not in person.done and 18 <= person.age_on(start) <= 62):
                    return person
        in_commune = rng.random() < profile.commune
        if in_commune:
            org = rng.choice(self.communes_2015 if start < T.MERGER_DAY else self.communes_2020)
        else:
            org = rng.choice(self.offices)
        group = "commune" if in_commune else ("school" if org.kind == "school" else "office")
        choices = T.POSITIONS[(group, party)]
        if group == "commune" and party:
            choices = choices + T.POSITIONS_BY_GENDER["F" if female else "M"]
        theory = rng.choice(("CQ", "CQ", "SC", "SC", "TC")) if party else "CQ"
        person = self.factory.new(female=female, party=party, on=start, age=profile.age,
                                  org=org, position=rng.choice(choices), theory_level=theory,
                                  kinh_share=None if in_commune else 0.15)
        self.people.append(person)
        self.pools.setdefault((party, female), []).append(person)
        return person

    def _ntvd_alumnus(self, start: dt.date, rng: random.Random, taken: set[int]) -> Person | None:
        """A party candidate of an earlier NTVD class, admitted since, now a new member."""
        for _ in range(15):
            if not self.ntvd_alumni:
                return None
            person, ended = rng.choice(self.ntvd_alumni)
            waited = (start - ended).days
            if person.id in taken or "DVM" in person.done or not 90 <= waited <= 1000:
                continue
            person.party_member = True
            person.party_joined_on = ended + dt.timedelta(days=rng.randint(30, waited - 40))
            self.pools.setdefault((True, person.gender == "F"), []).append(person)
            return person
        return None

    def unit(self, person: Person, day: dt.date) -> str:
        """The workplace as it was called on ``day`` (communes merged in 2020)."""
        successor = T.COMMUNE_SUCCESSORS.get(person.org.name)
        if successor and day >= T.MERGER_DAY:
            person.org = self.orgs[successor]
        return person.org.name
