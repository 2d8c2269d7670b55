"""Child of the registry memory bench: write the 2015–2026 registry of the archive to a PDF file
(as ``boiduong print registry`` does), then print its peak resident memory in KB and its pages."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from bench.peak import peak_kb


def main(path: str) -> None:
    from app.outputs import printouts
    from app.outputs.files import write_atomic
    from app.store import db

    db.bind(path)
    try:
        pdf = printouts.registry_pdf(dt.date(2015, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 12, 31))
        with tempfile.TemporaryDirectory() as folder:
            write_atomic(Path(folder) / "so-cap.pdf", pdf)
    finally:
        db.close()
    print(peak_kb(), pdf.count(b"/Type /Page\n"))


if __name__ == "__main__":
    main(sys.argv[1])
