"""A process that holds the database open the way the window does, and types in feedback forms.

``python holder.py DB`` opens DB with ``open_session`` exactly as the GUI's start does (the
instance lock, the check, the backup on start), prints ``ready``, then obeys stdin:
``write N`` records the next N paper forms (one transaction each, ``form K`` after each) and
prints ``wrote``; ``quit`` closes the session.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from app.services.feedback import record_feedback
from app.services.session import open_session
from tests.reliability.helpers import world


def main(db_path: str) -> None:
    written = 0
    with open_session(db_path):
        print("ready", flush=True)
        for line in sys.stdin:
            command = line.split()
            if not command or command[0] == "quit":
                break
            for _ in range(int(command[1])):
                written += 1
                record_feedback(world.FEEDBACK_COURSE, None, (4, 4, 3, 4), form_no=written)
                print(f"form {written}", flush=True)
            print("wrote", flush=True)
    print("closed", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
