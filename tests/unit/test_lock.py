"""A second copy of the program cannot open the same database; a crash leaves no stale lock."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.errors import DatabaseLockedError
from app.services.session import open_session
from app.store.lock import InstanceLock, lock_path_for

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.sqlite_only(reason="the lock file beside the SQLite file")

HOLDER = """
import sys
from pathlib import Path
from app.store.lock import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
lock.acquire()
print("held", flush=True)
sys.stdin.read()
"""


def test_second_open_of_the_same_database_is_refused(session):
    with pytest.raises(DatabaseLockedError, match="đang được mở"):
        open_session(session.path)


def test_lock_is_free_again_after_close(db_path):
    open_session(db_path).close()
    open_session(db_path).close()


def test_lock_held_by_another_process_names_it_and_is_recovered_after_a_kill(db_path):
    db_path.parent.mkdir(parents=True)
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        with pytest.raises(DatabaseLockedError, match=f"tiến trình {proc.pid}"):
            InstanceLock(db_path).acquire()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdin.close()
        proc.stdout.close()
    # the lock file is still there, with the dead process in it: a stale lock
    assert json.loads(lock_path_for(db_path).read_text())["pid"] == proc.pid
    lock = InstanceLock(db_path)
    lock.acquire()
    assert lock.holder()["pid"] == os.getpid()
    lock.release()


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", "42", '"pid"', '{"pid": 7'])
def test_a_lock_file_that_is_not_a_json_object_names_nobody(db_path, text):
    lock_path_for(db_path).parent.mkdir(parents=True)
    lock_path_for(db_path).write_text(text, encoding="utf-8")
    assert InstanceLock(db_path).holder() == {}


def test_the_lock_file_names_its_holder(db_path):
    lock_path_for(db_path).parent.mkdir(parents=True)
    lock_path_for(db_path).write_text('{"pid": 7, "host": "may-1"}', encoding="utf-8")
    assert InstanceLock(db_path).holder() == {"pid": 7, "host": "may-1"}


def test_the_lock_file_says_whether_a_window_or_which_command_holds_it(db_path):
    from app.store.lock import COMMAND

    db_path.parent.mkdir(parents=True)
    with InstanceLock(db_path) as window:
        assert window.holder()["kind"] == "window" and window.holder()["command"] == ""
    with InstanceLock(db_path, kind=COMMAND, command="import roster") as command:
        held = command.holder()
        assert (held["kind"], held["command"], held["pid"]) == ("command", "import roster", os.getpid())
        with pytest.raises(DatabaseLockedError) as refused:
            InstanceLock(db_path).acquire()  # not waiting: refused at once, naming the command
    assert refused.value.message.startswith(
        f'Cơ sở dữ liệu đang được ghi bởi lệnh "boiduong import roster" (tiến trình {os.getpid()} trên máy ')
    assert refused.value.message.endswith("). Hãy thử lại khi lệnh đó xong.")
