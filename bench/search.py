"""Trainee search: what the Học viên filter runs when the user has typed ``nguyen van d``.

app:  ``lists.trainee_ids(text)`` (name words, workplace words, in Vietnamese name order) and the
      first page of rows (``lists.trainee_rows``), as the tab's model reads them.
bare: plain ``sqlite3`` on the same file: one ``LIKE`` per word over the stored folded column,
      sorted by the stored sort key, then the first page of rows with their joins.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.common import Result, compare

TYPED = "nguyen van d"
PAGE = 200
_ROWS_SQL = (
    "SELECT t.id, t.full_name, t.birth_date, t.birth_year, t.gender, g.name, t.citizen_id, "
    "t.position, o.name, t.unit_text, (SELECT COUNT(*) FROM enrollment e WHERE e.trainee_id = t.id) "
    "FROM trainee t LEFT JOIN ethnic_group g ON g.id = t.ethnic_group_id "
    "LEFT JOIN organization o ON o.id = t.organization_id WHERE t.id IN ({})")


def bare_search(conn: sqlite3.Connection, typed: str) -> list[int]:
    words = typed.split()
    where = " AND ".join(["' ' || search_key LIKE ?"] * len(words))
    # "+sort_key": sort the few matches instead of walking the whole sort_key index.
    ids = [r[0] for r in conn.execute(f"SELECT id FROM trainee WHERE {where} ORDER BY +sort_key",
                                      [f"% {w}%" for w in words])]
    page = ids[:PAGE]
    conn.execute(_ROWS_SQL.format(",".join("?" * len(page))), page).fetchall()
    return ids


def typing(runs: int = 3) -> Result:
    """The slowest filter while typing a few things letter by letter (the tab re-reads after each
    pause of 250 ms): how long the window can be busy. Information, no target."""
    import statistics
    import time

    from app.services import lists

    worst = (0.0, "", 0)
    for typed in ("nguyen van dung", "giang seo", "truong tieu hoc", "xa ban me", "0101", "1980"):
        for end in range(1, len(typed) + 1):
            text = typed[:end]
            if lists.filters_nothing(text):
                continue
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                ids = lists.trainee_ids(text)
                lists.trainee_rows(ids[:PAGE])
                times.append((time.perf_counter() - started) * 1000)
            worst = max(worst, (statistics.median(times), text, len(ids)))
    return Result("trainee filter while typing, slowest prefix", worst[0],
                  extra=f"{worst[1]!r} finds {worst[2]:,}")


def run(path: Path, runs: int = 15) -> Result:
    from app.services import lists

    def app() -> list[int]:
        ids = lists.trainee_ids(TYPED)
        lists.trainee_rows(ids[:PAGE])
        return ids

    conn = sqlite3.connect(str(path))
    try:
        found_app, found_bare = app(), bare_search(conn, TYPED)
        app_ms, bare_ms = compare(app, lambda: bare_search(conn, TYPED), runs=runs)
    finally:
        conn.close()
    extra = f"{len(found_app)} found (bare: {len(found_bare)}, name words only)"
    return Result("trainee search 'nguyen van d'", app_ms, bare_ms, max_ratio=2, max_ms=50,
                  extra=extra)
