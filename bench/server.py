"""The program on a PostgreSQL server (issue 18): the province archive copied onto a throw-away
server (tests/pg_server.py: 127.0.0.1, a temporary data directory), then

- trainee search 'nguyen van d' and the 2015-2020 results report, each beside the same SQL run
  bare through psycopg (medians, app and bare taking turns, as bench/common.py does);
- two processes issuing 5,000 certificates each into one year: numbers 1..10,000, no gap, no repeat;
- 200 clients killed (SIGKILL) at a random moment of a 300-row roster import: each all or nothing,
  no session or lock left on the server, and the same import run again completes.

    .venv/bin/python -m bench.server               # needs postgresql (initdb, pg_ctl) and psycopg
    .venv/bin/python -m bench.server certificates  # only some: archive (copy-to, search, report),
                                                   #   certificates, kills
"""

from __future__ import annotations

import os
import sys
import time

from bench.common import Result, compare
from bench.report import END, START
from bench.search import PAGE, TYPED

BARE_SEARCH = "SELECT id FROM trainee WHERE {} ORDER BY sort_key"
BARE_ROWS = (
    "SELECT t.id, t.full_name, t.birth_date, t.birth_year, t.gender, g.name, t.citizen_id, "
    "t.position, o.name, t.unit_text, (SELECT COUNT(*) FROM enrollment e WHERE e.trainee_id = t.id) "
    "FROM trainee t LEFT JOIN ethnic_group g ON g.id = t.ethnic_group_id "
    "LEFT JOIN organization o ON o.id = t.organization_id WHERE t.id = ANY(%s)")
BARE_REPORT = """
SELECT p.code, p.name, COUNT(DISTINCT c.id), COUNT(e.id),
       COUNT(e.id) FILTER (WHERE t.gender = 'F'),
       COUNT(e.id) FILTER (WHERE g.code IS NOT NULL AND g.code <> '01'),
       COUNT(e.id) FILTER (WHERE t.party_member AND (t.party_joined_on IS NULL OR t.party_joined_on <= c.start_date)),
       COUNT(e.id) FILTER (WHERE e.completed),
       COUNT(e.id) FILTER (WHERE EXISTS (SELECT 1 FROM certificate x WHERE x.enrollment_id = e.id
                                          AND x.status = 'issued'))
FROM course c
JOIN program p ON p.id = c.program_id
LEFT JOIN enrollment e ON e.course_id = c.id
LEFT JOIN trainee t ON t.id = e.trainee_id
LEFT JOIN ethnic_group g ON g.id = t.ethnic_group_id
WHERE c.start_date BETWEEN %s AND %s AND c.status <> 'cancelled'
GROUP BY p.id, p.code, p.name, p.sort_order ORDER BY p.sort_order, p.code
"""


def bare_search(conn, typed: str) -> list[int]:
    words = typed.split()
    where = " AND ".join(["' ' || search_key LIKE %s"] * len(words))
    ids = [r[0] for r in conn.execute(BARE_SEARCH.format(where), [f"% {w}%" for w in words])]
    conn.execute(BARE_ROWS, (ids[:PAGE],)).fetchall()
    return ids


def bare_report(conn) -> list[tuple]:
    rows = [(code, name, *(int(v) for v in counts)) for code, name, *counts in conn.execute(BARE_REPORT, (START, END))]
    return [*rows, ("TOTAL", "Tổng cộng", *(sum(r[i] for r in rows) for i in range(2, 9)))]


def main(argv: list[str] | None = None) -> int:
    wanted = set(sys.argv[1:] if argv is None else argv) or {"archive", "certificates", "kills"}
    os.environ.setdefault("BOIDUONG_DATA_DIR", os.path.join(os.path.dirname(__file__), "out", "userdata"))

    from bench.archive import ensure_archive
    from bench.run import load, machine
    from tests import pg_server

    why = pg_server.available()
    if why:
        print(f"cannot run: {why}")
        return 2
    path, _ = ensure_archive() if "archive" in wanted else (None, None)
    print(f"machine: {machine()}")
    print(f"load average at start: {load()}")
    server = pg_server.Server().start()
    results: list[Result] = []
    try:
        if "archive" in wanted:
            results.extend(_archive(server, path))
        if "certificates" in wanted:
            result = _certificates(server)
            results.append(result)
            if "WRONG" in result.extra:
                return 1
        if "kills" in wanted:
            result = _kills(server)
            results.append(result)
            if "WRONG" in result.extra:
                return 1
    finally:
        server.stop()
    print(f"load average at end: {load()}")
    failures = [f for r in results for f in r.failures()]
    print("all within targets" if not failures else "not within targets: " + "; ".join(failures), flush=True)
    return 0


def _archive(server, path) -> list[Result]:
    import psycopg

    from app.services import lists
    from app.services.reports import results_by_program
    from app.services.transfer import copy_to_server
    from app.store import db

    results: list[Result] = []
    url = server.create_database("archive")
    started = time.perf_counter()
    report = copy_to_server(path, url)
    results.append(Result("copy-to: the province archive onto the server", (time.perf_counter() - started) * 1000,
                          extra=f"{report.rows:,} rows in {len(report.tables)} tables, checked"))
    print(results[-1].line(), flush=True)
    with psycopg.connect(url) as conn:
        conn.execute("ANALYZE")
    db.bind(url)
    bare = psycopg.connect(url, autocommit=True)
    try:
        def app_search() -> list[int]:
            ids = lists.trainee_ids(TYPED)
            lists.trainee_rows(ids[:PAGE])
            return ids

        found, found_bare = app_search(), bare_search(bare, TYPED)
        app_ms, bare_ms = compare(app_search, lambda: bare_search(bare, TYPED), runs=15)
        results.append(Result("PostgreSQL: trainee search 'nguyen van d'", app_ms, bare_ms, max_ratio=2,
                              extra=f"{len(found)} found (bare: {len(found_bare)}, name words only)"))
        print(results[-1].line(), flush=True)
        app_rows = [tuple(vars(r).values()) for r in results_by_program(START, END)]
        same = app_rows == bare_report(bare)
        app_ms, bare_ms = compare(lambda: results_by_program(START, END), lambda: bare_report(bare), runs=7)
        total = app_rows[-1]
        results.append(Result("PostgreSQL: results report 2015-2020", app_ms, bare_ms, max_ratio=2,
                              extra=f"{total[2]:,} classes, {total[3]:,} enrolments"
                                    + ("; same numbers as the bare SQL" if same else "; NUMBERS DIFFER")))
        print(results[-1].line(), flush=True)
    finally:
        bare.close()
        db.close()
    return results


def _certificates(server) -> Result:
    from app.services.session import open_session
    from tests.unit.test_server import issue_in_two_processes

    certificates_url = server.create_database("certificates", None)
    open_session(certificates_url).close()
    started = time.perf_counter()
    numbers = issue_in_two_processes(certificates_url, classes=50, per_class=100)
    ok = numbers == list(range(1, 10_001))
    result = Result("PostgreSQL: two processes issue 5,000 certificates each into 2026",
                    (time.perf_counter() - started) * 1000,
                    extra=("numbers 1..10,000, no gap, no repeat" if ok else
                           f"WRONG: {len(numbers)} numbers, {len(set(numbers))} distinct, "
                           f"max {max(numbers, default=0)}"))
    print(result.line(), flush=True)
    return result


def _kills(server, runs: int = 200) -> Result:
    import tempfile
    from pathlib import Path

    from tests.reliability.helpers import world
    from tests.unit.test_server import kill_imports, prepare_import_template

    prepare_import_template(server, "kill_template", None)
    with tempfile.TemporaryDirectory() as folder:
        roster = world.write_roster(Path(folder) / "roster.xlsx", world.roster_rows(300))
        started = time.perf_counter()
        outcomes = kill_imports(server, "kill_template", roster, runs=runs + 1, seed=2026)
    killed = outcomes[1:]
    enrolled = [o.enrolled for o in killed]
    wrong = []
    if outcomes[0].enrolled != 300 or not set(enrolled) <= {0, 300}:
        wrong.append(f"partial imports {sorted(set(enrolled) - {0, 300})}")
    if any(o.lingered is None or o.locks for o in outcomes):
        wrong.append(f"{sum(o.lingered is None or o.locks > 0 for o in outcomes)} left a session or locks")
    if any(o.retried != 300 for o in outcomes):
        wrong.append(f"{sum(o.retried != 300 for o in outcomes)} next imports did not complete")
    slowest = max(o.lingered or 0.0 for o in outcomes)
    result = Result(f"PostgreSQL: {runs} clients killed mid-import (300-row roster), each imported again",
                    (time.perf_counter() - started) * 1000,
                    extra=("WRONG: " + "; ".join(wrong) if wrong else
                           f"all or nothing: {enrolled.count(300)} complete, {enrolled.count(0)} nothing; "
                           f"no session or lock left (gone within {slowest * 1000:.0f} ms); "
                           f"every next import complete (300)"))
    print(result.line(), flush=True)
    return result


if __name__ == "__main__":
    sys.exit(main())
