"""Học viên to Excel (issue 16 point 3): the whole 100,000-trainee list of the province archive.

app:  ``outputs.lists.export_trainees(path)``: the ids in name order, the rows read 500 at a time,
      each cell styled as our other Excel output (Times, boxed, dates as dates), the rows written
      as worksheet XML straight into the zip openpyxl makes around them (title, header, styles,
      page setup), in a temporary file renamed over the target.
bare: the same cell values, already in memory, appended to a bare ``Workbook(write_only=True)``
      without any style, and saved.

Target: ratio ≤ 0.6: reading the rows and writing them styled take well under what openpyxl alone
takes to write the bare values (its cell objects and XML serialisation were ~80 % of the old 14 s).
``python -m bench export`` runs it within the bench (``python -m bench.list_export ARCHIVE`` alone).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench.common import Result, compare


def _values() -> list[tuple]:
    from app.outputs.lists import trainee_cells
    from app.services import lists

    return list(trainee_cells(lists.trainee_rows(lists.trainee_ids())))


def _bare(values: list[tuple], path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Học viên")
    for row in values:
        sheet.append(row)
    workbook.save(path)


def run(runs: int = 3) -> Result:
    from app.outputs.lists import export_trainees

    values = _values()
    with tempfile.TemporaryDirectory() as folder:
        app_path, bare_path = Path(folder) / "app.xlsx", Path(folder) / "bare.xlsx"
        app_ms, bare_ms = compare(lambda: export_trainees(app_path), lambda: _bare(values, bare_path),
                                  runs=runs, warmup=0)
        size = app_path.stat().st_size
    return Result(f"Học viên to Excel ({len(values):,} rows)", app_ms, bare_ms, max_ratio=0.6,
                  extra=f"{size / 1e6:.1f} MB; bare = the same values, unstyled, write-only openpyxl")


if __name__ == "__main__":
    from app.store import db

    db.bind(Path(sys.argv[1]))
    try:
        print(run().line())
    finally:
        db.close()
