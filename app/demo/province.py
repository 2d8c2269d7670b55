"""The province-sized archive (SPEC §9): 100,000 trainees, 2,000 classes, 500,000 enrolments and
20,000 certificates, to measure the program at the size it must stay fast at.

It is what the provincial political school gets when it loads the archives of Lào Cai's nine
district centres for 2012–2026 into one database: the classes, people, names and rules of the
Si Ma Cai demo (:mod:`~app.demo.names`, :mod:`~app.demo.topics`) in every
district. The centres kept spreadsheets before they used the program, so attendance marks and
feedback forms exist from 2021 only, and the certificate register holds the latest certificates.
Classes ending by :data:`ARCHIVE_DAY` are finished, so the archive is the same whatever the date.

Everything is generated in memory from seeded generators and written in one transaction
with :func:`app.store.bulk.insert_rows` (``executemany`` on the raw connection). ``factor``
scales every count (tests use 1/100).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from app.demo import topics as T
from app.demo.common import (
    Catalogues,
    DemoSummary,
    StudyDays,
    at,
    feedback_plan,
    refuse_non_empty,
    roman,
    workday_from,
    workdays,
)
from app.demo.names import Org, Person, PersonFactory
from app.demo.province_data import (
    CERTIFIED,
    DISTRICTS,
    INSTITUTION,
    PROVINCIAL_SCHOOL,
    SIZE_RANGE,
    UNLISTED_UNITS,
    District,
    local_name,
)
from app.domain.text import fold
from app.paths import data_file
from app.services.settings import put_setting
from app.store import db
from app.store.bulk import insert_rows, large_cache
from app.store.models import (
    Course,
    person_keys,
)

VERSION = "1"  # bump when the generated archive changes (the bench caches it by this)
FIRST_YEAR, LAST_YEAR = 2012, 2026
ARCHIVE_DAY = dt.date(2026, 6, 30)  # classes ending by then are finished
RECORDS_FROM = 2021  # attendance and feedback forms were typed in from this year on
BIG_CLASS = 1_500  # the largest QPAN4 class (the size the class window must open fast at)


@dataclass(frozen=True)
class ArchiveSize:
    trainees: int = 100_000
    courses: int = 2_000
    enrollments: int = 500_000
    certificates: int = 20_000

    def scaled(self, factor: float) -> ArchiveSize:
        return ArchiveSize(*(max(1, round(v * factor)) for v in (
            self.trainees, self.courses, self.enrollments, self.certificates)))


class _Factory(PersonFactory):
    """The demo's person factory, switched from one district's ethnic mix to the next."""

    def use_mix(self, mix: dict[str, float]) -> None:
        self._ethnic_names = list(mix)
        self._ethnic_weights = [mix[name] for name in self._ethnic_names]

    def name(self, ethnic: str, female: bool) -> str:
        return self._name(ethnic, female)


@dataclass(eq=False)
class _Class(StudyDays):
    id: int
    district: District
    program: str
    days: list[dt.date]
    size: int
    partner: str | None  # the Si Ma Cai name of the partner body (topics are keyed by it)
    venue: str
    subject: str | None
    status: str = "finished"
    code: str = ""
    name: str = ""
    lessons: list[tuple] = field(default_factory=list)
    # (enrolment id, person, position, unit, marks, score, result, completed)
    seats: list[list] = field(default_factory=list)


def _counts(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """``total`` split by ``weights`` (largest remainder), at least one each when it fits."""
    scale = total / sum(weights.values())
    raw = {k: w * scale for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    if total >= len(weights):
        for k in out:
            out[k] = max(out[k], 1)
    for k in sorted(raw, key=lambda k: raw[k] - int(raw[k]), reverse=True):
        if sum(out.values()) >= total:
            break
        out[k] += 1
    while sum(out.values()) > total:
        out[max(out, key=lambda k: out[k])] -= 1
    return out


class _ProvinceBuilder:
    def __init__(self, seed: int, size: ArchiveSize):
        self.seed, self.size = seed, size
        self.rng = random.Random(f"{seed}:province")
        with data_file("si_ma_cai.json").open(encoding="utf-8") as fh:
            self.world = json.load(fh)
        count = max(1, min(len(DISTRICTS), round(size.trainees / 11_000)))
        self.districts = [self._fill_smc(d) for d in DISTRICTS[:count]]
        catalogues = Catalogues.load()
        self.programs, self.bands, self.ethnic_ids = catalogues.programs, catalogues.bands, catalogues.ethnic_ids
        self.template, self.questions = catalogues.template, catalogues.questions
        self.factory = _Factory(random.Random(f"{seed}:people"), self.world, 1)
        self.orgs: dict[tuple[str, str | None], Org] = {}  # (district code, Si Ma Cai name) → org
        self.org_rows: list[tuple] = []
        self.instructor_rows: list[tuple] = []
        self.teachers: dict[tuple[str, str], list[int]] = {}  # (district, program) → ids
        self.classes: list[_Class] = []
        self.unlisted: dict[int, str] = {}  # person id → workplace as written
        self.old_ids: dict[int, str] = {}

    def _fill_smc(self, d: District) -> District:
        if d.communes:
            return d
        return District(d.code, d.short, tuple(self.world["communes_2020"]), self.world["ethnic_mix"])

    # organisations and instructors

    def _org(self, key: tuple[str, str], name: str, kind: str, aliases: Iterable[str]) -> Org:
        org = Org(len(self.org_rows) + 1, name, kind)
        self.orgs[key] = org
        self.org_rows.append((org.id, name, kind, fold(name),
                              json.dumps(list(aliases), ensure_ascii=False), 1, None))
        return org

    def organizations(self) -> None:
        school = next(a for a in self.world["agencies"] if a["name"] == PROVINCIAL_SCHOOL)
        provincial = self._org(("", PROVINCIAL_SCHOOL), PROVINCIAL_SCHOOL, "school", school["aliases"])
        for d in self.districts:
            self.orgs[(d.code, PROVINCIAL_SCHOOL)] = provincial
            for name in d.communes:
                short = name.split(" ", 1)[1].removeprefix("trấn ")
                self._org((d.code, name), name, "commune", [short, f"UBND {name}"])
            for a in self.world["agencies"]:
                if a["name"] != PROVINCIAL_SCHOOL:
                    self._org((d.code, a["name"]), local_name(a["name"], d), a["kind"],
                              [local_name(x, d) for x in a["aliases"]])

    def instructors(self) -> None:
        rng = random.Random(f"{self.seed}:instructors")
        for d in self.districts:
            self.factory.use_mix(d.mix)
            for entry in T.INSTRUCTORS:
                female = entry.get("gender", "M") == "F"
                name = entry["full_name"] if d.short == "Si Ma Cai" else self.factory.name(
                    self.factory.ethnic(0.3), female)
                iid = len(self.instructor_rows) + 1
                kind = entry.get("kind", "part_time")
                keys = person_keys(name)
                self.instructor_rows.append((
                    iid, keys["full_name"], keys["search_key"], keys["sort_key"], kind,
                    "F" if female else "M", entry["birth_year"] + rng.randint(-4, 4),
                    entry["position"], local_name(entry["unit"], d), entry.get("degree", "DH"),
                    entry.get("theory_level", "TC"), kind, 1))
                for code in entry["programs"]:
                    self.teachers.setdefault((d.code, code), []).append(iid)

    # the schedule

    def schedule(self) -> None:
        rng = self.rng
        shares = {code: sum(per_year) for code, (per_year, _) in T.TERM_PLAN.items()}
        years = range(FIRST_YEAR, LAST_YEAR + 1)
        made: list[_Class] = []
        for code, count in _counts(self.size.courses, shares).items():
            slots = [(d, y) for y in years for d in self.districts]
            rng.shuffle(slots)
            made += [self._class(rng, code, *slots[i % len(slots)]) for i in range(count)]
        made.sort(key=lambda c: (c.start, c.district.code, c.program))
        numbers: dict[tuple, int] = {}
        for i, run in enumerate(made, start=1):
            run.id = i
            key = (run.district.code, run.program, run.start.year)
            n = numbers[key] = numbers.get(key, 0) + 1
            run.code = f"{run.district.code}-{run.program}-{run.start.year}-{n:02d}"
            level = "thành phố" if run.district.city else "huyện"
            run.name = (f"{self.programs[run.program].name} khóa {roman(n)} năm {run.start.year}"
                        f" – {level} {run.district.short}")
            if run.end <= ARCHIVE_DAY:
                run.status = "finished"
            else:
                run.status = "running" if run.start <= ARCHIVE_DAY else "planned"
        for d in self.districts:  # one class per district was called off
            ours = [c for c in made if c.district is d and c.status == "finished"
                    and c.program in ("NQ", "CNKT")]
            if ours:
                rng.choice(ours).status = "cancelled"
        self._sizes(made)
        self.classes = made

    def _class(self, rng: random.Random, code: str, d: District, year: int) -> _Class:
        profile = T.PROFILES[code]
        if code == "TC":
            start = workday_from(dt.date(year, rng.choice((3, 4, 8, 9)), rng.randint(1, 20)))
            span = rng.randint(395, 540)
            days = sorted({workday_from(start + dt.timedelta(days=span * i // 19)) for i in range(20)})
        else:
            month = rng.choice(profile.months)
            days = workdays(dt.date(year, month, rng.randint(1, 10 if month == 12 else 28)),
                             rng.choice(profile.days))
        partner = rng.choice(T.PARTNERS[code])
        venue = local_name(T.CENTRE_HALL, d)
        if code in ("NQ", "CNKT") and rng.random() < 0.4:
            venue = T.COMMUNE_HALL.format(commune=rng.choice(d.communes))
        subject = None
        if code == "NQ":
            subject = rng.choice(T.NQ_SUBJECTS.get(year, T.NQ_OTHER_YEARS)).replace(
                "Si Ma Cai", d.short)
        return _Class(0, d, code, days, 0, partner, venue, subject)

    def _sizes(self, classes: list[_Class]) -> None:
        """Sizes from each program's range, scaled so they add up to the archive's enrolments."""
        rng = random.Random(f"{self.seed}:sizes")
        weights = [rng.uniform(*SIZE_RANGE[c.program]) for c in classes]
        big = [c for c in classes if c.program == "QPAN4" and c.status == "finished"
               and c.start.year >= RECORDS_FROM]
        big_one = big[-1] if big else None
        big_size = min(BIG_CLASS, self.size.trainees // 20) if big_one else 0
        rest = self.size.enrollments - big_size
        others = [i for i, c in enumerate(classes) if c is not big_one]
        scale = rest / sum(weights[i] for i in others)
        for i in others:
            classes[i].size = max(1, int(weights[i] * scale))
        for n in range(rest - sum(classes[i].size for i in others)):
            classes[others[n % len(others)]].size += 1
        if big_one is not None:
            big_one.size = big_size

    # lessons

    def lessons(self) -> None:
        lesson_id = 1
        busy: set[tuple[int, dt.date, str]] = set()
        for run in self.classes:
            rng = random.Random(f"{self.seed}:{run.code}:lessons")
            profile = T.PROFILES[run.program]
            slots = [(day, half) for day in run.days for half in ("morning", "afternoon")]
            count = profile.lessons or len(slots)
            if count < len(slots):
                slots = [slots[round(i * (len(slots) - 1) / (count - 1))] for i in range(count)]
            teachers = self.teachers.get((run.district.code, run.program), [])
            current, teacher, external = None, None, False
            topics = T.lesson_topics(run.program, count, run.partner, run.subject)
            for (day, half), (topic, kind) in zip(slots, topics, strict=True):
                base = topic.removesuffix(" (tiếp)")
                if base != current:
                    current, teacher = base, None
                    external = run.program == "TC" and rng.random() < 0.5
                if not external and (teacher is None or (teacher, day, half) in busy):
                    free = [t for t in teachers if (t, day, half) not in busy] or teachers
                    teacher = rng.choice(free) if free else None
                if teacher is not None and not external:
                    busy.add((teacher, day, half))
                periods = 4 if kind == "discussion" else rng.choice((4, 5))
                run.lessons.append((lesson_id, day, half, topic, periods, kind,
                                    None if external else teacher))
                lesson_id += 1

    # people

    def enrol(self) -> None:
        """Fill the seats district by district, in date order: a new person or a familiar face.

        A seat goes to a new person with the chance (new people left) / (seats left), so the
        district ends with exactly its share of the archive's trainees.
        """
        total_seats = sum(c.size for c in self.classes)
        seats_by = {d.code: sum(c.size for c in self.classes if c.district is d) for d in self.districts}
        quota = {k: v * self.size.trainees // total_seats for k, v in seats_by.items()}
        for k in sorted(quota, key=lambda k: -seats_by[k])[:self.size.trainees - sum(quota.values())]:
            quota[k] += 1
        enrol_id = 1
        for d in self.districts:
            self.factory.use_mix(d.mix)
            rng = random.Random(f"{self.seed}:{d.code}:seats")
            pool: list[Person] = []
            new_left, seats_left = quota[d.code], seats_by[d.code]
            for run in (c for c in self.classes if c.district is d):
                taken: set[int] = set()
                profile = T.PROFILES[run.program]
                for _ in range(run.size):
                    person = None
                    if not (new_left and rng.random() * seats_left < new_left):
                        person = self._familiar(rng, pool, run, taken, profile.party, force=not new_left)
                    if person is None:
                        person = self._new_person(rng, d, run, profile)
                        pool.append(person)
                        new_left -= 1
                    seats_left -= 1
                    taken.add(person.id)
                    if run.program == "NTVD" and rng.random() < 0.7:  # admitted some months later
                        person.party_member = True
                        person.party_joined_on = run.end + dt.timedelta(days=rng.randint(90, 300))
                    if run.program in T.ONCE_ONLY:
                        person.done.add(run.program)
                    unit = self.unlisted.get(person.id) or person.org.name
                    run.seats.append([enrol_id, person, person.position, unit, "", None, None, False])
                    enrol_id += 1

    def _familiar(self, rng: random.Random, pool: list[Person], run: _Class, taken: set[int],
                  party_share: float, *, force: bool) -> Person | None:
        if not pool:
            return None
        party = rng.random() < party_share
        start = run.start
        for attempt in range(16):
            p = pool[rng.randrange(len(pool))]
            if p.id in taken or run.program in p.done or not 18 <= start.year - p.birth_year <= 62:
                continue
            if run.program == "NTVD" and p.party_member:
                continue
            if run.program == "DVM" and not (p.party_member and p.party_joined_on
                                             and 0 < (start - p.party_joined_on).days < 730):
                continue
            if attempt < 8 and p.party_member != party and run.program not in ("NTVD", "DVM"):
                continue
            return p
        if not force:
            return None
        offset = rng.randrange(len(pool))  # no new people left: anyone not in the class yet
        return next(p for p in pool[offset:] + pool[:offset] if p.id not in taken)

    def _new_person(self, rng: random.Random, d: District, run: _Class, profile: T.Profile) -> Person:
        female = rng.random() < T.FEMALE_BY_PARTNER.get(run.partner or "", profile.female)
        party = run.program != "NTVD" and (run.program == "DVM" or rng.random() < profile.party)
        in_commune = rng.random() < profile.commune
        if in_commune:
            org = self.orgs[(d.code, rng.choice(d.communes))]
        else:
            name = rng.choice([a["name"] for a in self.world["agencies"]
                               if a["name"] not in (PROVINCIAL_SCHOOL,
                                                    "Hội đồng Giáo dục quốc phòng và an ninh huyện")])
            org = self.orgs[(d.code, name)]
        group = "commune" if in_commune else ("school" if org.kind == "school" else "office")
        choices = T.POSITIONS[(group, party)]
        if group == "commune" and party:
            choices = choices + T.POSITIONS_BY_GENDER["F" if female else "M"]
        theory = rng.choice(("CQ", "CQ", "SC", "SC", "TC")) if party else "CQ"
        person = self.factory.new(female=female, party=party, on=run.start, age=profile.age, org=org,
                                  position=rng.choice(choices), theory_level=theory,
                                  kinh_share=None if in_commune else 0.15)
        if run.program == "DVM":  # admitted a few months before the class
            person.party_joined_on = run.start - dt.timedelta(days=rng.randint(60, 400))
        if in_commune and rng.random() < 0.03:
            commune = org.name.split(" ", 1)[1].removeprefix("trấn ")
            self.unlisted[person.id] = f"{rng.choice(UNLISTED_UNITS)} {commune}"
        if person.citizen_id is None and rng.random() < 0.4:
            self.old_ids[person.id] = f"063{rng.randrange(10 ** 6):06d}"
        return person

    # results, certificates

    def results(self) -> None:
        for run in self.classes:
            if run.status in ("planned", "cancelled"):
                continue
            rng = random.Random(f"{self.seed}:{run.code}:results")
            held = len(run.lessons) if run.status == "finished" else sum(
                lesson[1] <= ARCHIVE_DAY for lesson in run.lessons)
            records = run.start.year >= RECORDS_FROM
            scored = self.programs[run.program].scored
            for seat in run.seats:
                dropout = run.status == "finished" and held >= 4 and rng.random() < 0.006
                if records:
                    if dropout:
                        cut = rng.randint(1, held // 2)
                        seat[4] = "x" * cut + "K" * (held - cut)
                    else:
                        seat[4] = "".join("P" if r < 0.03 else "K" if r < 0.04 else "x"
                                          for r in (rng.random() for _ in range(held)))
                if run.status != "finished" or dropout:
                    continue
                seat[7] = True
                if scored:
                    seat[5] = rng.choices(T.SCORES, T.SCORE_WEIGHTS)[0]
                    seat[6] = next(code for low, code, _ in self.bands if low <= seat[5])

    def certificates(self) -> tuple[list[tuple], dict[int, int]]:
        """The latest classes' certificates, newest class first, until the register is full."""
        passing = {code for _, code, ok in self.bands if ok}
        wanted = self.size.certificates
        picked: list[tuple[dt.date, str, str, int, str]] = []  # (issued, class, sort key, enrolment, program)
        for run in sorted(self.classes, key=lambda c: (c.end, c.code), reverse=True):
            program = self.programs[run.program]
            if run.status != "finished" or program.certificate not in CERTIFIED:
                continue
            limit = program.absence_threshold_pct / 100 * len(run.lessons)
            issued = workday_from(run.end + dt.timedelta(days=3 + run.id % 8))
            eligible = sorted((s for s in run.seats if s[7] and (s[6] is None or s[6] in passing)
                               and sum(m != "x" for m in s[4]) <= limit),
                              key=lambda s: s[1].keys["sort_key"])
            for seat in eligible[:wanted - len(picked)]:
                picked.append((issued, run.code, seat[1].keys["sort_key"], seat[0], run.program))
            if len(picked) >= wanted:
                break
        picked.sort()
        counters: dict[int, int] = {}
        rows, serial = [], 1
        for cid, (issued, _, _, enrol_id, program_code) in enumerate(picked, start=1):
            counters[issued.year] = counters.get(issued.year, 0) + 1
            code = None
            if program_code == "SC":
                code, serial = f"LC {serial:06d}", serial + 1
            rows.append((cid, enrol_id, issued.year, counters[issued.year], code, issued.isoformat(),
                         "issued", 1))
        return rows, counters

    def feedback(self) -> tuple[list[tuple], list[tuple]]:
        responses: list[tuple] = []
        answers: list[tuple] = []
        for run in self.classes:
            if (run.status != "finished" or run.start.year < RECORDS_FROM
                    or run.program not in ("NTVD", "DVM", "NVCTD", "TGDV")):
                continue
            rng = random.Random(f"{self.seed}:{run.code}:feedback")
            if rng.random() >= 0.5:
                continue
            day, stack = feedback_plan(rng, run.lessons, len(run.seats), run.end)
            for target, form_no in stack:
                rid = len(responses) + 1
                comment = rng.choice(T.FEEDBACK_COMMENTS) if rng.random() < 0.15 else None
                responses.append((rid, self.template.id, run.id, target and target[0],
                                  target[0] if target else 0, form_no, comment, str(day)))
                values, weights = ((4, 3), (7, 3)) if rng.random() < 0.7 else ((4, 3, 2), (25, 65, 10))
                answers += [(rid, q, rng.choices(values, weights)[0]) for q in self.questions]
        return responses, answers

    # writing

    def write(self) -> DemoSummary:
        for key, value in INSTITUTION.items():
            put_setting(f"institution.{key}", value)
        programs = {code: p.id for code, p in self.programs.items()}
        _rows("organization", "id name kind search_key aliases active note", self.org_rows)
        _rows("instructor", "id full_name search_key sort_key kind gender birth_year position "
              "unit degree theory_level norm_code active", self.instructor_rows)
        partner = {c.id: self.orgs.get((c.district.code, c.partner)) for c in self.classes}
        _rows("course", "id code program_id name start_date end_date venue partner_id "
              "decision_number decision_date status created_at",
              ((c.id, c.code, programs[c.program], c.name, c.start.isoformat(), c.end.isoformat(),
                c.venue, org.id if (org := partner[c.id]) else None, f"{c.id % 97 + 1:02d}/QĐ-TTBDCT",
                _decided(c).isoformat(), c.status, str(at(_decided(c)))) for c in self.classes))
        _rows("lesson", "id course_id date session topic periods kind instructor_id",
              ((lid, c.id, day.isoformat(), *rest) for c in self.classes
               for (lid, day, *rest) in c.lessons))
        people = sorted({s[1].id: s[1] for c in self.classes for s in c.seats}.values(),
                        key=lambda p: p.id)
        _rows("trainee", "id full_name search_key sort_key birth_date birth_year gender "
              "ethnic_group_id citizen_id old_id_number party_member party_joined_on position "
              "organization_id unit_text theory_level created_at",
              ((p.id, p.keys["full_name"], p.keys["search_key"], p.keys["sort_key"],
                p.birth_date and p.birth_date.isoformat(), p.birth_year, p.gender,
                self.ethnic_ids[p.ethnic], p.citizen_id, self.old_ids.get(p.id), p.party_member,
                p.party_joined_on and p.party_joined_on.isoformat(), p.position,
                None if p.id in self.unlisted else p.org.id, self.unlisted.get(p.id), p.theory_level,
                str(at(p.created_on - dt.timedelta(days=3)))) for p in people))
        _rows("enrollment", "id course_id trainee_id position_at_time unit_at_time score "
              "result_code completed enrolled_at",
              ((s[0], c.id, s[1].id, s[2], s[3], s[5], s[6], s[7],
                str(at(c.start - dt.timedelta(days=3)))) for c in self.classes for s in c.seats))
        attendance = _rows("attendance", "enrollment_id lesson_id mark", _marks(self.classes))
        certificates, counters = self.certificates()
        _rows("certificate", "id enrollment_id year number serial issued_on status print_count",
              certificates)
        _rows("certificate_counter", "year last_number", sorted(counters.items()))
        responses, answers = self.feedback()
        _rows("feedback_response", "id template_id course_id lesson_id lesson_key form_no "
              "comment created_at", responses)
        _rows("feedback_answer", "response_id question_id value", answers)
        self._plans(programs)
        cancelled = [c for c in self.classes if c.status == "cancelled"]
        _rows("audit_entry", "at action entity entity_id summary reason",
              ((str(at(c.start - dt.timedelta(days=2))), "cancel", "course", c.id,
                f"Hủy lớp {c.code} – {c.name}", T.CANCELLED_CLASS_REASON) for c in cancelled))
        Course.update(cancel_reason=T.CANCELLED_CLASS_REASON).where(Course.status == "cancelled").execute()
        return DemoSummary(
            courses=len(self.classes), trainees=len(people),
            enrollments=sum(len(c.seats) for c in self.classes),
            lessons=sum(len(c.lessons) for c in self.classes), attendance=attendance,
            certificates=len(certificates), feedback_responses=len(responses),
            instructors=len(self.instructor_rows))

    def _plans(self, programs: dict[str, int]) -> None:
        plans, items = [], []
        for n, year in enumerate(range(FIRST_YEAR, LAST_YEAR + 1), start=1):
            plans.append((n, year, f"{n + 10:02d}-KH/TCT", dt.date(year, 1, 15).isoformat()))
            for code in T.TERM_PLAN:
                runs = [c for c in self.classes if c.start.year == year and c.program == code]
                if runs:
                    items.append((n, programs[code], len(runs), sum(c.size for c in runs),
                                  min(c.start for c in runs).month))
        _rows("annual_plan", "id year document_number approved_on", plans)
        _rows("plan_item", "plan_id program_id classes trainees month", items)


def _decided(run: _Class) -> dt.date:
    return workday_from(run.start - dt.timedelta(days=7), -1)


def _marks(classes: list[_Class]) -> Iterator[tuple]:
    for run in classes:
        lesson_ids = [lesson[0] for lesson in run.lessons]
        for seat in run.seats:
            for lesson_id, mark in zip(lesson_ids, seat[4], strict=False):
                yield seat[0], lesson_id, mark


def _rows(table: str, columns: str, rows: Iterable[tuple]) -> int:
    return insert_rows(table, columns.split(), rows)


def build_province(*, factor: float = 1.0, seed: int = 2015,
                   progress: Callable[[str], None] | None = None) -> DemoSummary:
    """Fill the bound, new database with the province archive (scaled by ``factor``).

    Refuses a database that already has data, like :func:`~app.demo.term.build_demo`.
    ``progress(step)`` names each step as it starts.
    """
    started = time.perf_counter()
    refuse_non_empty()
    size = ArchiveSize().scaled(factor)
    builder = _ProvinceBuilder(seed, size)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("organisations", builder.organizations), ("instructors", builder.instructors),
        ("classes", builder.schedule), ("lessons", builder.lessons), ("trainees", builder.enrol),
        ("results", builder.results)]
    for name, step in steps:
        if progress:
            progress(name)
        step()
    if progress:
        progress("writing")
    with large_cache(), db.write():
        summary = builder.write()
    summary.elapsed_seconds = round(time.perf_counter() - started, 2)
    return summary
