"""Reading a 5,000-row roster (issue 13): .xls (python-calamine) against .xlsx (openpyxl), same table.

app:  ``read_roster(path)``: the whole reader (sheet source, encoding check, header, sections …).
bare: the format's library alone walking the same rows: calamine ``iter_rows`` for .xls,
      openpyxl ``load_workbook(read_only=True)`` + ``iter_rows(values_only=True)`` for .xlsx.

The files are written by the test fixture generator (tests/fixtures/roster_layouts.py: a two-row
header, 5,000 trainees). Targets: each read under 2 s (the hostile-file limit is 10 s), and the .xls
no slower than the .xlsx. ``python -m bench.roster_read`` runs it alone; ``python -m bench roster``
within the bench.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import Result, compare

ROWS = 5_000


def _files(folder: Path) -> dict[str, Path]:
    from tests.fixtures.roster_layouts import Block, Layout, person, write

    layout = Layout([Block("", [person(i) for i in range(ROWS)])], two_row_header=True, column_numbers=True)
    return {kind: write(layout, folder, kind)[0] for kind in ("xls", "xlsx")}


def _bare_xls(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as workbook:
        return sum(1 for _ in workbook.get_sheet_by_index(0).iter_rows())


def _bare_xlsx(path: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def run(runs: int = 5) -> list[Result]:
    from app.exchange import read_roster

    results = []
    with tempfile.TemporaryDirectory() as folder:
        files = _files(Path(folder))
        for kind, bare in (("xls", _bare_xls), ("xlsx", _bare_xlsx)):
            path = files[kind]
            count = len(read_roster(path).rows)
            app_ms, bare_ms = compare(lambda p=path: read_roster(p), lambda p=path, b=bare: b(p), runs=runs)
            results.append(Result(f"read a {ROWS:,}-row roster .{kind}", app_ms, bare_ms, max_ms=2_000,
                                  extra=f"{count:,} trainees read; bare = the library alone walking the rows"))
    xls, xlsx = results
    verdict = Result(".xls read time / .xlsx read time", xls.app_ms, xlsx.app_ms, max_ratio=1.0)
    return [*results, verdict]


if __name__ == "__main__":
    for result in run():
        print(result.line())
