"""Run one write action in a process whose files may not grow past a size (``RLIMIT_FSIZE``).

``python fault_child.py DB ACTION [ROSTER] [--fsize BYTES]`` — the kernel refuses writes beyond
BYTES in any file (as a full disk refuses them), SIGXFSZ ignored. Prints one JSON line: whether
the action worked, and the error class and message if not (``user_error`` tells whether it was
an expected, Vietnamese-worded error or a crash).
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from app.domain.errors import UserError
from app.services.certificates import issue_certificates
from app.services.feedback import record_feedback
from app.services.roster_import import commit_roster, preview_roster
from app.services.session import open_session
from tests.reliability.helpers import world


def act(session, action: str, roster: str | None) -> None:
    if action == "import":
        commit_roster(preview_roster(Path(roster), world.ROSTER_COURSE))
    elif action == "import-with-backup":
        commit_roster(preview_roster(Path(roster), world.ROSTER_COURSE), backup=lambda: session.backup_now(force=True))
    elif action == "cert":
        issue_certificates(world.CERT_COURSE, today=world.ISSUE_DAY)
    elif action == "feedback":
        for form_no in range(1, world.FEEDBACK_FORMS + 1):
            record_feedback(world.FEEDBACK_COURSE, None, (4, 3, 4, 2), form_no=form_no)
    else:
        raise ValueError(action)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("action")
    parser.add_argument("roster", nargs="?")
    parser.add_argument("--fsize", type=int)
    args = parser.parse_args()
    result: dict = {"ok": False}
    try:
        session = open_session(args.db, backup_on_start=False)
        if args.fsize:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (args.fsize, resource.RLIM_INFINITY))
        try:
            act(session, args.action, args.roster)
            result["ok"] = True
        finally:
            if args.fsize:
                resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
            session.close()
    except Exception as exc:
        result.update(error=type(exc).__name__, message=str(exc), user_error=isinstance(exc, UserError))
    print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
