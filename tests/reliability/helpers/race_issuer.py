"""One side of the certificate race: issue the certificates of the classes named on the command line.

``python race_issuer.py DB PREFIX`` opens DB without the instance lock (two processes on one
file is exactly what is being tested), waits for a line on stdin so both sides start together,
then issues the certificates of every class whose code starts with PREFIX, one class (one
transaction) at a time, and prints how many numbers it got.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from app.services.certificates import issue_certificates
from app.services.session import open_session
from app.store.models import Course
from tests.reliability.helpers import world


def main(db_path: str, prefix: str) -> None:
    with open_session(db_path, lock=False, backup_on_start=False):
        codes = [c.code for c in Course.select(Course.code).where(Course.code.startswith(prefix))
                 .order_by(Course.code)]
        print(f"ready {len(codes)}", flush=True)
        sys.stdin.readline()
        issued = 0
        for code in codes:
            issued += len(issue_certificates(code, today=world.ISSUE_DAY))
    print(f"issued {issued}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
