"""Render one page of each printed document kind from the demo, as the PNGs the README shows.

    python docs/render_samples.py            # writes docs/samples/*.png (needs pdftoppm)

A fresh demo database is built in a temporary folder (dated 15/01/2026, so the pictures do not
change from day to day); each document is made exactly as ``boiduong print`` / ``boiduong report``
make it, and its first page (or the page named below) is turned into a PNG at 50 dpi.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLES = ROOT / "docs" / "samples"
TODAY = dt.date(2026, 1, 15)
DPI = 50


def _png(pdf: bytes, name: str, work: Path, page: int = 1) -> Path:
    source = work / f"{name}.pdf"
    source.write_bytes(pdf)
    target = SAMPLES / name
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile",
                    str(source), str(target)], check=True)
    return target.with_suffix(".png")


def main() -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is needed to turn the PDFs into pictures.", file=sys.stderr)
        return 1
    from app.demo import term as demo
    from app.outputs import printouts
    from app.outputs.reports import build_report, report_pdf
    from app.services.session import open_session
    from app.store.models import Certificate, Course, Enrollment

    SAMPLES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with open_session(work / "demo.sqlite3", backup_on_start=False):
            demo.build_demo(today=TODAY)
            course = (Course.select().join(Enrollment).join(Certificate)
                      .where(Course.start_date.year == 2019).order_by(Course.start_date).first())
            day = course.end_date
            made = []
            for key in ("class-list", "sign-in", "attendance", "results", "timetable", "receipt"):
                made.append(_png(printouts.class_pdf(key, course.code, day), key, work))
            made.append(_png(printouts.certificates_pdf(course.code), "certificate", work))
            made.append(_png(printouts.feedback_forms_pdf(course.code), "feedback-form", work))
            made.append(_png(printouts.registry_pdf(dt.date(2019, 4, 1), dt.date(2019, 4, 30), dt.date(2019, 5, 2)),
                             "registry", work, page=2))
            year = (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
            results = report_pdf(build_report("results", *year), dt.date(2020, 1, 15), number="12")
            made.append(_png(results, "report", work))
            made.append(_png(results, "report-charts", work, page=2))
            made.append(_png(report_pdf(build_report("hours", *year), dt.date(2020, 1, 15)), "report-hours", work))
    for path in made:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
