"""The 2015–2020 results report (Kết quả đào tạo, bồi dưỡng) on the province archive.

app:  ``reports.results_by_program`` for 01/01/2015–31/12/2020.
bare: one hand-written SQL aggregate giving the same numbers.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from bench.common import Result, compare

START, END = dt.date(2015, 1, 1), dt.date(2020, 12, 31)

BARE_SQL = """
SELECT p.code, p.name, COUNT(DISTINCT c.id), COUNT(e.id),
       TOTAL(t.gender = 'F'),
       TOTAL(g.code IS NOT NULL AND g.code <> '01'),
       TOTAL(t.party_member AND (t.party_joined_on IS NULL OR t.party_joined_on <= c.start_date)),
       TOTAL(e.completed),
       TOTAL(EXISTS (SELECT 1 FROM certificate x WHERE x.enrollment_id = e.id AND x.status = 'issued'))
FROM course c
JOIN program p ON p.id = c.program_id
LEFT JOIN enrollment e ON e.course_id = c.id
LEFT JOIN trainee t ON t.id = e.trainee_id
LEFT JOIN ethnic_group g ON g.id = t.ethnic_group_id
WHERE c.start_date BETWEEN ? AND ? AND c.status <> 'cancelled'
GROUP BY p.id ORDER BY p.sort_order, p.code
"""


def bare_report(conn: sqlite3.Connection) -> list[tuple]:
    rows = [(code, name, *(int(v) for v in counts))
            for code, name, *counts in conn.execute(BARE_SQL, (START.isoformat(), END.isoformat()))]
    return [*rows, ("TOTAL", "Tổng cộng", *(sum(r[i] for r in rows) for i in range(2, 9)))]


def run(path: Path, runs: int = 7) -> Result:
    from app.services.reports import results_by_program

    conn = sqlite3.connect(str(path))
    try:
        app_rows = [tuple(vars(r).values()) for r in results_by_program(START, END)]
        same = app_rows == bare_report(conn)
        app_ms, bare_ms = compare(lambda: results_by_program(START, END), lambda: bare_report(conn),
                                  runs=runs)
    finally:
        conn.close()
    total = app_rows[-1]
    extra = f"{total[2]:,} classes, {total[3]:,} enrolments" + ("" if same else "; NUMBERS DIFFER")
    return Result("results report 2015-2020", app_ms, bare_ms, max_ratio=2, extra=extra)
