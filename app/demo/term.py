"""Demo data: the Si Ma Cai centre's 2015–2020 term and the two current years (SPEC §5, §8).

``build_demo`` fills a new database with a deterministic, realistic world: the article's
185 classes and 14,199 enrolments of 2015–2020 (exact per program), one extra cancelled class,
the current two years with finished, running and planned classes, annual plans, instructors
with awards and observations, attendance, results, numbered certificates and feedback forms.

Everything is generated in memory first (ids given in advance), then written with bulk inserts
in one transaction. The term draws from its own random generator, the current years from
another seeded with ``today``, and per-class details from generators seeded with the class
code, so the term is the same whatever ``today`` is.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from peewee import fn

from app.demo import topics as T
from app.demo.common import (
    Catalogues,
    DemoSummary,
    StudyDays,
    at,
    feedback_plan,
    insert,
    refuse_non_empty,
    roman,
    split,
    workday_from,
    workdays,
)
from app.demo.names import Org, Person, PersonFactory, Population
from app.domain.text import fold
from app.paths import data_file
from app.services.settings import put_setting
from app.store import db
from app.store.models import (
    AnnualPlan,
    Attendance,
    AuditEntry,
    Award,
    Certificate,
    CertificateCounter,
    Course,
    Enrollment,
    FeedbackAnswer,
    FeedbackResponse,
    Instructor,
    Lesson,
    Observation,
    Organization,
    PlanItem,
    Trainee,
    person_keys,
)

TERM_FIRST, TERM_LAST = 2015, 2020


@dataclass(eq=False)
class Enrol:
    """One trainee in a class: attendance marks, score, result."""

    id: int
    person: Person
    position: str
    unit: str
    marks: list[str] = field(default_factory=list)
    score: float | None = None
    result: str | None = None
    completed: bool = False


@dataclass(eq=False)
class ClassRun(StudyDays):
    """One class as the demo builds it."""

    program: str
    days: list[dt.date]  # the study days
    size: int
    partner: Org | None
    venue: str
    subject: str | None = None
    status: str = "finished"
    cancel_reason: str | None = None
    id: int = 0
    code: str = ""
    name: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None
    with_certificates: bool = False
    # (id, date, session, topic, periods, kind, instructor id)
    lessons: list[tuple] = field(default_factory=list)
    enrolments: list[Enrol] = field(default_factory=list)

    @property
    def decided(self) -> dt.date:
        """The date of the opening decision (every class has one once the classes are named)."""
        if self.decision_date is None:
            raise ValueError(f"class {self.code} has no opening decision yet")
        return self.decision_date


# --- the builder -----------------------------------------------------------------------------


class _DemoBuilder:
    """Holds the generated world between planning it and writing it."""

    def __init__(self, seed: int, today: dt.date):
        self.seed, self.today = seed, today
        self.rng = random.Random(seed)
        with data_file("si_ma_cai.json").open(encoding="utf-8") as fh:
            self.world = json.load(fh)
        self.next_ids = {model: self._peek(model) for model in (
            Organization, Instructor, Course, Lesson, Enrollment, FeedbackResponse, Certificate)}
        catalogues = Catalogues.load()
        self.programs, self.bands, self.ethnic_ids = catalogues.programs, catalogues.bands, catalogues.ethnic_ids
        self.template, self.questions = catalogues.template, catalogues.questions
        self.factory = PersonFactory(self.rng, self.world, self._peek(Trainee))
        self.runs: list[ClassRun] = []
        self.busy: set[tuple[int, dt.date, str]] = set()  # (instructor, day, half-day) taken
        self.decision_numbers: dict[int, int] = {}  # year → last decision number used
        self.certificates: list[dict] = []
        self.audit: list[dict] = []
        self._organizations()
        self._instructors()
        self.population = Population(self.factory, self.orgs, self.world)

    @staticmethod
    def _peek(model) -> int:
        """The first free id of ``model``'s table (rows get their ids before the bulk insert)."""
        return (model.select(fn.MAX(model.id)).scalar() or 0) + 1

    def _new_id(self, model) -> int:
        value = self.next_ids[model]
        self.next_ids[model] = value + 1
        return value

    def _run_rng(self, run: ClassRun, purpose: str) -> random.Random:
        return random.Random(f"{self.seed}:{run.code}:{purpose}")

    # organisations and instructors

    def _organizations(self) -> None:
        existing = {o.search_key: o for o in Organization.select()}
        self.org_rows: list[tuple] = []
        self.orgs: dict[str, Org] = {}
        communes = list(dict.fromkeys(self.world["communes_2015"] + self.world["communes_2020"]))
        entries = [(name, "commune", [name.removeprefix("xã ").removeprefix("thị trấn "),
                                      f"UBND {name}"]) for name in communes]
        entries += [(a["name"], a["kind"], a["aliases"]) for a in self.world["agencies"]]
        for name, kind, aliases in entries:
            key = fold(name)
            if key in existing:
                self.orgs[name] = Org(existing[key].id, name, kind)
                continue
            merged_into = T.COMMUNE_SUCCESSORS.get(name)
            note = f"Sáp nhập vào {merged_into} từ năm 2020." if merged_into else None
            org = Org(self._new_id(Organization), name, kind)
            self.orgs[name] = org
            self.org_rows.append((org.id, name, kind, key, json.dumps(aliases, ensure_ascii=False),
                                  merged_into is None, note))

    def _instructors(self) -> None:
        self.instructor_rows: list[tuple] = []
        self.teachers: dict[str, list[int]] = {}  # program → instructor ids
        self.instructor_kind: dict[int, str] = {}
        for entry in T.INSTRUCTORS:
            iid = self._new_id(Instructor)
            kind = entry.get("kind", "part_time")
            head = entry["position"].split(" ")[0] in ("Trưởng", "Chủ", "Chánh", "Chỉ")
            keys = person_keys(entry["full_name"])
            self.instructor_rows.append((
                iid, keys["full_name"], keys["search_key"], keys["sort_key"], kind,
                entry.get("gender", "M"), entry["birth_year"], entry["position"], entry["unit"],
                entry.get("degree", "DH"), entry.get("theory_level", "CC" if head else "TC"), kind))
            self.instructor_kind[iid] = kind
            for code in entry["programs"]:
                self.teachers.setdefault(code, []).append(iid)
        self.instructor_ids = [row[0] for row in self.instructor_rows]

    # the schedule

    def _class(self, rng: random.Random, code: str, year: int, size: int,
               start: dt.date | None = None) -> ClassRun:
        """A class of ``code`` in ``year`` (on ``start`` if given): days, partner, venue."""
        profile = T.PROFILES[code]
        if code == "TC":
            start = start or workday_from(dt.date(year, rng.choice((3, 4, 8, 9)), rng.randint(1, 20)))
            span = rng.randint(395, 540)
            days = sorted({workday_from(start + dt.timedelta(days=span * i // 19)) for i in range(20)})
        else:
            if start is None:
                month = rng.choice(profile.months)
                start = dt.date(year, month, rng.randint(1, 10 if month == 12 else 28))
            days = workdays(start, rng.choice(profile.days))
        partner_name = rng.choice(T.PARTNERS[code])
        partner = self.orgs[partner_name] if partner_name else None
        communes = self.world["communes_2015" if days[0] < T.MERGER_DAY else "communes_2020"]
        venue = T.CENTRE_HALL
        if code in ("NQ", "CNKT") and rng.random() < 0.4:
            venue = T.COMMUNE_HALL.format(commune=rng.choice(communes))
        subject = None
        if code == "NQ":
            subject = rng.choice(T.NQ_SUBJECTS.get(year, T.NQ_OTHER_YEARS))
        return ClassRun(code, days, size, partner, venue, subject)

    def _term_schedule(self) -> list[ClassRun]:
        rng = self.rng
        runs = []
        for code, (per_year, total) in T.TERM_PLAN.items():
            sizes = split(rng, total, sum(per_year))
            rng.shuffle(sizes)
            for year, count in zip(range(TERM_FIRST, TERM_LAST + 1), per_year, strict=True):
                runs += [self._class(rng, code, year, sizes.pop()) for _ in range(count)]
        cancelled = self._class(rng, "NQ", 2018, rng.randint(50, 70))
        cancelled.status, cancelled.cancel_reason = "cancelled", T.CANCELLED_CLASS_REASON
        return [*runs, cancelled]

    def _current_schedule(self, rng: random.Random) -> list[ClassRun]:
        today = self.today
        years = list(range(max(TERM_LAST + 1, today.year - 1), today.year + 1))
        runs = [self._class(rng, "TC", years[0], rng.randint(50, 65),
                            workday_from(dt.date(years[0], 9, rng.randint(5, 20))))]
        for year in years:
            for code, (count, low, high) in T.CURRENT_PLAN.items():
                runs += [self._class(rng, code, year, rng.randint(low, high)) for _ in range(count)]
        # At least one class in session today and one coming up.
        running_start = workday_from(workday_from(today, -1) - dt.timedelta(days=2), -1)
        running_start = max(running_start, dt.date(years[0], 1, 5))  # never inside the term
        runs.append(self._class(rng, "DVM", today.year, rng.randint(30, 45), running_start))
        runs.append(self._class(rng, "NTVD", today.year, rng.randint(35, 55),
                                today + dt.timedelta(days=rng.randint(7, 20))))
        for run in runs:
            if run.end < today:
                run.status = "finished"
            elif run.start <= today:
                run.status = "running"
            else:
                run.status = "planned"
                if run.start > today + dt.timedelta(days=30):
                    run.size = 0  # rosters come a few weeks before a class opens
        return runs

    def _name_classes(self, runs: list[ClassRun]) -> None:
        """Codes, names and opening decisions, numbered in date order per program and year."""
        runs.sort(key=lambda r: (r.start, r.program))
        seq: dict[tuple[str, int], int] = {}
        for run in runs:
            n = seq[(run.program, run.start.year)] = seq.get((run.program, run.start.year), 0) + 1
            run.code = f"{run.program}-{run.start.year}-{n:02d}"
            program = self.programs[run.program].name
            run.name = f"{program} khóa {roman(n)} năm {run.start.year}"
            rng = self._run_rng(run, "decision")
            run.decision_date = workday_from(run.start - dt.timedelta(days=rng.randint(3, 10)), -1)
        numbers = self.decision_numbers
        for run in sorted(runs, key=lambda r: (r.decision_date, r.code)):
            year = run.decided.year
            numbers[year] = numbers.get(year, 0) + self._run_rng(run, "number").randint(1, 4)
            run.decision_number = f"{numbers[year]:02d}/QĐ-TTBDCT"

    # lessons

    def _lessons(self, run: ClassRun) -> None:
        rng = self._run_rng(run, "lessons")
        profile = T.PROFILES[run.program]
        slots = [(day, half) for day in run.days for half in ("morning", "afternoon")]
        count = profile.lessons or len(slots)
        if count < len(slots):
            slots = [slots[round(i * (len(slots) - 1) / (count - 1))] for i in range(count)]
        teachers = self.teachers[run.program]
        current, teacher, external = None, None, False
        topics = T.lesson_topics(run.program, count, run.partner.name if run.partner else None, run.subject)
        for (day, half), (topic, kind) in zip(slots, topics, strict=True):
            base = topic.removesuffix(" (tiếp)")
            if base != current:  # a new topic (TC: half taught by the provincial school)
                current, teacher = base, None
                external = run.program == "TC" and rng.random() < 0.5
            if not external and (teacher is None or (teacher, day, half) in self.busy):
                free = [t for t in teachers if (t, day, half) not in self.busy] or [
                    t for t in self.instructor_ids if (t, day, half) not in self.busy]
                teacher = rng.choice(free)
                self.busy.add((teacher, day, half))
            elif teacher is not None:
                self.busy.add((teacher, day, half))
            periods = 4 if kind == "discussion" else rng.choice((4, 5))
            run.lessons.append((self._new_id(Lesson), day, half, topic, periods, kind, teacher))

    # people

    def _enrol(self, run: ClassRun, rng: random.Random) -> None:
        taken: set[int] = set()
        for _ in range(run.size):
            person = self.population.pick(run.program, run.start,
                                          run.partner.name if run.partner else None, rng, taken)
            taken.add(person.id)
            run.enrolments.append(Enrol(self._new_id(Enrollment), person, person.position,
                                        self.population.unit(person, run.start)))

    # attendance and results

    def _results(self, run: ClassRun) -> None:
        rng = self._run_rng(run, "results")
        program = self.programs[run.program]
        if run.status in ("planned", "cancelled"):
            return
        held = len([lesson for lesson in run.lessons if lesson[1] < self.today])
        if run.status == "finished":
            held = len(run.lessons)
        for enrol in run.enrolments:
            dropout = run.status == "finished" and held >= 4 and rng.random() < 0.006
            if dropout:
                cut = rng.randint(1, held // 2)
                enrol.marks = ["x"] * cut + ["K"] * (held - cut)
            else:
                enrol.marks = [("P" if r < 0.03 else "K" if r < 0.04 else "x")
                               for r in (rng.random() for _ in range(held))]
            if run.status != "finished" or dropout:
                continue
            enrol.completed = True
            if program.scored:
                enrol.score = rng.choices(T.SCORES, T.SCORE_WEIGHTS)[0]
                enrol.result = next(code for low, code, _ in self.bands if low <= enrol.score)
            person = enrol.person
            if run.program in ("SC", "TC") and self._passed(enrol) and person.theory_level == "CQ":
                person.theory_level = run.program
            if run.program == "NTVD" and self._passed(enrol):
                self.population.ntvd_alumni.append((person, run.end))

    def _passed(self, enrol: Enrol) -> bool:
        return enrol.result is None or any(c == enrol.result and ok for _, c, ok in self.bands)

    def _eligible(self, run: ClassRun, enrol: Enrol) -> bool:
        limit = self.programs[run.program].absence_threshold_pct / 100 * len(run.lessons)
        absent = sum(mark != "x" for mark in enrol.marks)
        return enrol.completed and self._passed(enrol) and absent <= limit

    # certificates

    def _issue_certificates(self) -> None:
        """Numbers per issue year, in order of classes by end date, then trainee name order."""
        items: list[dict[str, Any]] = []
        mistake: dict[str, Any] | None = None
        lost: dict[str, Any] | None = None
        for run in self.runs:
            kind = self.programs[run.program].certificate
            if run.status != "finished" or not (kind in ("gcn", "diploma") or run.with_certificates):
                continue
            rng = self._run_rng(run, "certificates")
            issued = workday_from(run.end + dt.timedelta(days=rng.randint(3, 10)))
            for enrol in run.enrolments:
                wrong = (mistake is None and 2016 <= run.start.year <= TERM_LAST
                         and not enrol.completed)
                if self._eligible(run, enrol) or wrong:
                    item: dict[str, Any] = {"enrol": enrol, "issued_on": issued, "run": run, "key": run.end}
                    items.append(item)
                    if wrong:
                        mistake = item
                    elif lost is None and run.program == "NTVD" and run.start.year == 2017:
                        lost = item
        if lost is None:
            raise ValueError("the demo term has no NTVD class of 2017 to lose a certificate of")
        lost_on = dt.date(2019, 10, 15)
        reissue = {"enrol": lost["enrol"], "issued_on": lost_on, "run": lost["run"], "key": lost_on}
        items.append(reissue)
        items.sort(key=lambda i: (i["key"], i["run"].code, i["enrol"].person.keys["sort_key"]))
        counters: dict[int, int] = {}
        serial = 1204
        for item in items:
            year = item["issued_on"].year
            counters[year] = counters.get(year, 0) + 1
            item.update(id=self._new_id(Certificate), year=year, number=counters[year],
                        status="issued", reason=None, cancelled_on=None, reissue_of=None,
                        reissue_reason=None, serial=None)
            if item["run"].program == "SC" and item is not reissue:
                item["serial"], serial = f"LC {serial:06d}", serial + 1
        lost.update(status="cancelled", reason=T.LOST_CERTIFICATE_REASON, cancelled_on=lost_on)
        reissue.update(reissue_of=lost["id"], reissue_reason=T.REISSUE_REASON)
        cancelled = [lost]
        if mistake is not None:  # a dropout's certificate issued by mistake, then cancelled
            mistake.update(status="cancelled", reason=T.CANCELLED_CERTIFICATE_REASON,
                           cancelled_on=mistake["issued_on"] + dt.timedelta(days=21))
            cancelled.append(mistake)
        for item in cancelled:
            name = item["enrol"].person.full_name
            self.audit.append({"at": at(item["cancelled_on"], 9), "action": "cancel",
                               "entity": "certificate", "entity_id": item["id"],
                               "summary": f"Hủy giấy chứng nhận số {item['number']}/{item['year']} "
                                          f"của {name}", "reason": item["reason"]})
        self.certificates = items
        self.counters = counters

    # feedback, plans, awards

    def _feedback(self) -> tuple[list[tuple], list[tuple]]:
        responses, answers = [], []
        for run in self.runs:
            if run.status != "finished" or run.program not in ("NTVD", "DVM", "NVCTD", "TGDV"):
                continue
            rng = self._run_rng(run, "feedback")
            if rng.random() >= 0.5:
                continue
            day, stack = feedback_plan(rng, run.lessons, len(run.enrolments), run.end)
            for target, form_no in stack:
                rid = self._new_id(FeedbackResponse)
                comment = rng.choice(T.FEEDBACK_COMMENTS) if rng.random() < 0.15 else None
                responses.append((rid, self.template.id, run.id, target and target[0],
                                  target[0] if target else 0, form_no, comment, day))
                tone = rng.random()
                values, weights = (((4, 3), (7, 3)) if tone < 0.6 else
                                   ((4, 3, 2), (25, 65, 10)) if tone < 0.93 else
                                   ((3, 2, 1), (40, 45, 15)))
                answers += [(rid, q, rng.choices(values, weights)[0]) for q in self.questions]
        return responses, answers

    def _plans(self) -> tuple[list[tuple], list[tuple]]:
        plans, items = [], []
        actual: dict[tuple[int, str, int | None], list[ClassRun]] = {}
        for run in self.runs:
            key = (run.start.year, run.program, run.partner.id if run.partner else None)
            actual.setdefault(key, []).append(run)
        first_id = self._peek(AnnualPlan)
        for year in range(TERM_FIRST, self.today.year + 1):
            rng = random.Random(f"{self.seed}:plan:{year}")
            plan_id = first_id + year - TERM_FIRST
            plans.append((plan_id, year, f"{rng.randint(2, 25):02d}-KH/TTBDCT",
                          workday_from(dt.date(year, 1, rng.randint(5, 20)))))
            keys = sorted((k for k in actual if k[0] == year), key=lambda k: (k[1], k[2] or 0))
            if not keys:  # years without demo classes still had their plan
                keys = [(year, code, self.orgs[p].id if p else None) for code in T.CURRENT_PLAN
                        for p in T.PARTNERS[code][:1]]
            for _, code, partner in keys:
                runs = actual.get((year, code, partner), [])
                usual, _, size = T.CURRENT_PLAN.get(code, (1, 50, 65))  # TC: one class of ~60
                done = len(runs) or usual
                people = sum(len(r.enrolments) for r in runs) or done * size
                classes = max(1, done + rng.choice((0, 0, 0, 0, 1, -1)))
                month = min(r.start for r in runs).month if runs else rng.randint(3, 10)
                items.append((plan_id, self.programs[code].id, classes,
                              int(round(people * rng.uniform(0.92, 1.08), -1)), partner, month))
        return plans, items

    def _awards_and_observations(self) -> tuple[list[tuple], list[tuple]]:
        rng = random.Random(f"{self.seed}:instructors")
        awards = [(self.instructor_ids[i], year, T.COMPETITION_TITLE, "huyen", prize)
                  for year, i, prize in T.AWARDS]
        observations = []
        for year in range(TERM_FIRST, TERM_LAST + 1):
            runs = [r for r in self.runs if r.start.year == year and r.status == "finished"
                    and r.program in ("NTVD", "DVM", "SC", "NVCTD", "TGDV")]
            for run in rng.sample(runs, 2):
                lesson = rng.choice([x for x in run.lessons if x[6] is not None and x[5] == "lecture"])
                rating, strengths, weaknesses = rng.choice(T.OBSERVATION_NOTES)
                kind = "thao_giang" if self.instructor_kind[lesson[6]] == "full_time" else "du_gio"
                observations.append((lesson[6], lesson[0], lesson[1], kind, T.OBSERVERS, rating,
                                     strengths, weaknesses))
        return awards, observations

    # the whole build

    def plan(self, progress: Callable[[int, int], None] | None) -> None:
        term = self._term_schedule()
        self._name_classes(term)
        current_rng = random.Random(f"{self.seed}:{self.today.isoformat()}")
        current = self._current_schedule(current_rng)
        self._name_classes(current)
        self.runs = term + current
        for run in self.runs:
            run.id = self._new_id(Course)
            run.with_certificates = (run.program == "CNKT"
                                     and self._run_rng(run, "optional").random() < 1 / 3)
        total = len(self.runs) + 1
        for done, run in enumerate(self.runs, start=1):
            if run is current[0]:
                self.factory.rng = current_rng  # the current years draw people from their own stream
            self._lessons(run)
            self._enrol(run, self.factory.rng)
            self._results(run)
            if progress and done % 10 == 0:
                progress(done, total)
        cancelled = next(r for r in term if r.status == "cancelled")
        self.audit.append({"at": at(cancelled.start - dt.timedelta(days=2)), "action": "cancel",
                           "entity": "course", "entity_id": cancelled.id,
                           "summary": f"Hủy lớp {cancelled.code} – {cancelled.name}",
                           "reason": cancelled.cancel_reason})
        self._issue_certificates()

    def write(self) -> DemoSummary:
        """Insert everything (the caller holds the transaction)."""
        for key, value in T.INSTITUTION.items():
            put_setting(f"institution.{key}", value)
        insert(Organization, "id name kind search_key aliases active note", self.org_rows)
        insert(Instructor, "id full_name search_key sort_key kind gender birth_year position "
                "unit degree theory_level norm_code", self.instructor_rows)
        insert(Course, "id code program name start_date end_date venue partner decision_number "
                "decision_date status cancel_reason created_at",
                [(r.id, r.code, self.programs[r.program].id, r.name, r.start, r.end, r.venue,
                  r.partner and r.partner.id, r.decision_number, r.decision_date, r.status,
                  r.cancel_reason, at(r.decided)) for r in self.runs])
        lessons = [(lid, run.id, *rest) for run in self.runs for (lid, *rest) in run.lessons]
        insert(Lesson, "id course date session topic periods kind instructor", lessons)
        insert(Trainee, "id full_name search_key sort_key birth_date birth_year gender "
                "ethnic_group citizen_id party_member party_joined_on position organization "
                "theory_level created_at",
                [(p.id, p.keys["full_name"], p.keys["search_key"], p.keys["sort_key"],
                  p.birth_date, p.birth_year, p.gender, self.ethnic_ids[p.ethnic], p.citizen_id,
                  p.party_member, p.party_joined_on, p.position, p.org.id, p.theory_level,
                  at(p.created_on - dt.timedelta(days=3))) for p in self.population.people])
        enrolments, attendance = [], []
        for run in self.runs:
            for e in run.enrolments:
                enrolments.append((e.id, run.id, e.person.id, e.position, e.unit,
                                   None if e.score is None else Decimal(str(e.score)), e.result,
                                   e.completed, at(run.start - dt.timedelta(days=3))))
                # marks cover the lessons held so far (all of them once the class is over)
                attendance += [(e.id, lesson[0], mark)
                               for lesson, mark in zip(run.lessons, e.marks, strict=False)]
        insert(Enrollment, "id course trainee position_at_time unit_at_time score result_code "
                "completed enrolled_at", enrolments)
        insert(Attendance, "enrollment lesson mark", attendance)
        insert(Certificate, "id enrollment year number serial issued_on status cancel_reason "
                "cancelled_on reissue_of reissue_reason print_count",
                [(c["id"], c["enrol"].id, c["year"], c["number"], c["serial"], c["issued_on"],
                  c["status"], c["reason"], c["cancelled_on"], c["reissue_of"],
                  c["reissue_reason"], 1) for c in self.certificates])
        insert(CertificateCounter, "year last_number", sorted(self.counters.items()))
        responses, answers = self._feedback()
        insert(FeedbackResponse, "id template course lesson lesson_key form_no comment "
                "created_at", responses)
        insert(FeedbackAnswer, "response question value", answers)
        plans, items = self._plans()
        insert(AnnualPlan, "id year document_number approved_on", plans)
        insert(PlanItem, "plan program classes trainees partner month", items)
        awards, observations = self._awards_and_observations()
        insert(Award, "instructor year title level prize", awards)
        insert(Observation, "instructor lesson date kind observers rating strengths weaknesses",
                observations)
        AuditEntry.insert_many(self.audit).execute()
        return DemoSummary(
            courses=len(self.runs), trainees=len(self.population.people),
            enrollments=len(enrolments), lessons=len(lessons), attendance=len(attendance),
            certificates=len(self.certificates), feedback_responses=len(responses),
            instructors=len(self.instructor_rows))


def build_demo(*, seed: int = 2015, today: dt.date | None = None,
               progress: Callable[[int, int], None] | None = None) -> DemoSummary:
    """Fill the bound, new database with the demo world and say what was written.

    Refuses (``ConflictError``, nothing written) when the database already has classes,
    trainees, instructors, plans or certificates. ``today`` (default: the system date) decides
    the current two years and the status of their classes; the 2015–2020 term does not depend
    on it. ``progress(done, total)`` is called now and then.
    """
    started = time.perf_counter()
    today = today or dt.date.today()
    if today.year <= TERM_LAST:
        raise ValueError("the demo needs a date after the 2015–2020 term")
    refuse_non_empty()
    builder = _DemoBuilder(seed, today)
    builder.plan(progress)
    with db.write():
        summary = builder.write()
    summary.elapsed_seconds = round(time.perf_counter() - started, 2)
    if progress:
        progress(len(builder.runs) + 1, len(builder.runs) + 1)
    return summary
