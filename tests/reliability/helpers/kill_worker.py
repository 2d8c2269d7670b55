"""Fork server for the kill tests: imports the program once, then forks one child per run.

Reads one JSON request per line on stdin: ``{"action": "roster"|"cert"|"feedback"|"restore"|"restore-window",
"db": PATH, "roster": PATH, "source": PATH}``. For each, a child process opens the database the
way the command line does (``open_session``, with the lock; for a roster it also reads the
preview, which writes nothing), writes ``ready <pid>`` on stdout and starts the action at once,
reporting what it has finished (``backup-done``, ``committed``, ``form N``); at the end it writes
``done`` and waits to be killed. The server reaps it and writes ``exit <pid> <status>``. With
``"crash_at": K`` the child kills itself just before its K-th file operation instead.

Forking a warm interpreter instead of starting Python each time keeps 200 runs within CI's
time while every run is still a separate process killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from app.services.backup import finish_restore, prepare_restore, restore_path
from app.services.certificates import issue_certificates
from app.services.feedback import record_feedback
from app.services.roster_import import commit_roster, preview_roster
from app.services.session import open_session
from tests.reliability.helpers import world

ANSWERS = (4, 3, 4, 2)


def say(text: str) -> None:
    os.write(1, (text + "\n").encode())  # unbuffered: the parent may kill us any moment


_previews: dict[str, object] = {}


def roster_preview(request: dict):
    """The preview of the roster, read once (in the server) from the first run's fresh copy.

    The preview only reads, and every run starts from an identical copy, so the children share
    it: what each child does is what happens after the user confirms the preview.
    """
    if request["roster"] not in _previews:
        with open_session(request["db"], backup_on_start=False):
            _previews[request["roster"]] = preview_roster(Path(request["roster"]), world.ROSTER_COURSE)
    return _previews[request["roster"]]


def ready(request: dict) -> None:
    """Tell the parent the action starts now (and from now on, crash where asked)."""
    say(f"ready {os.getpid()}")
    if request.get("crash_at") is not None:
        crash_at_step(request["crash_at"])


def restore_as_the_window_does(request: dict) -> None:
    """The window's restore: its session holds the lock; the check and the staging copy run on a
    worker thread (the executor), the swap on the main thread once the worker is done."""
    session = open_session(request["db"], backup_on_start=False)
    ready(request)
    staged: list = []
    worker = threading.Thread(target=lambda: staged.append(prepare_restore(session.path, Path(request["source"]))),
                              name="boiduong-worker")
    worker.start()
    worker.join()
    say("staged")
    finish_restore(session, staged[0])
    say("committed")
    finished()


def run_action(request: dict) -> None:
    action = request["action"]
    if action == "restore-window":
        restore_as_the_window_does(request)
        return
    if action == "restore":
        ready(request)
        _session, _aside = restore_path(Path(request["db"]), Path(request["source"]))  # ``boiduong restore``
        say("committed")
        finished()
        return
    session = open_session(request["db"], backup_on_start=False)
    ready(request)
    if action == "roster":
        preview = request["preview"]

        def backup() -> None:
            session.backup_now(force=True)  # as ``boiduong import roster`` does before writing
            say("backup-done")

        commit_roster(preview, backup=backup)
        say("committed")
    elif action == "cert":
        issue_certificates(world.CERT_COURSE, today=world.ISSUE_DAY)
        say("committed")
    elif action == "feedback":
        for form_no in range(1, world.FEEDBACK_FORMS + 1):
            record_feedback(world.FEEDBACK_COURSE, None, ANSWERS, form_no=form_no)
            say(f"form {form_no}")
    else:
        raise ValueError(action)
    finished()


def finished() -> None:
    say(f"steps {_steps_seen[0]}")
    say("done")


FILE_STEPS = ("replace", "rename", "link", "unlink", "remove", "fsync")
_steps_seen = [0]


def crash_at_step(step: int) -> None:
    """Die by SIGKILL just before the ``step``-th file operation (rename, link, unlink, fsync).

    Only in the forked child: the server keeps the real functions.
    """

    def wrap(name: str):
        real = getattr(os, name)

        def operation(*args, **kwargs):
            if _steps_seen[0] == step:
                say(f"crash before {name} {args[0] if args else ''}")
                os.kill(os.getpid(), signal.SIGKILL)
            _steps_seen[0] += 1
            return real(*args, **kwargs)

        return operation

    for name in FILE_STEPS:
        setattr(os, name, wrap(name))


def child(request: dict) -> None:
    code = 0
    try:
        run_action(request)
        while True:  # stay alive until killed, so the pid the parent kills is ours
            time.sleep(60)
    except BaseException as exc:  # report, then leave without running the server's cleanup
        say(f"error {type(exc).__name__}: {exc}")
        code = 3
    finally:
        os._exit(code)


def main() -> None:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    say("server-ready")
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if request["action"] == "roster":
            request["preview"] = roster_preview(request)
        pid = os.fork()
        if pid == 0:
            child(request)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            say(f"exit {pid} signal {os.WTERMSIG(status)}")
        else:
            say(f"exit {pid} code {os.WEXITSTATUS(status)}")


if __name__ == "__main__":
    main()
