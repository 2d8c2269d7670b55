"""Running the command line on a pseudo-terminal, as a clerk at a console does: what it shows, and
what a Ctrl+C in the middle of a long printout leaves."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ctrl_c_while_drawing(args: list[str], at_page: int = 3) -> str:
    """Run ``boiduong ARGS`` on a terminal, press Ctrl+C once it says "Đã in AT_PAGE/…" (drawing
    pages), and return everything it printed; asserts it ended with exit code 130.

    The program is stopped (SIGSTOP) the moment that line is read and the Ctrl+C is sent while it
    stands still: a short printout cannot finish its last pages in the time the line takes to
    arrive here, and the Ctrl+C lands mid-drawing on any machine."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "main.py", *args], cwd=ROOT, stdin=subprocess.DEVNULL, stdout=slave,
                            stderr=slave, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    os.close(slave)
    seen = b""
    try:
        while f"Đã in {at_page}/".encode() not in seen:
            ready, _, _ = select.select([master], [], [], 60)
            assert ready, seen
            chunk = os.read(master, 4096)
            assert chunk, seen
            seen += chunk
        proc.send_signal(signal.SIGSTOP)
        proc.send_signal(signal.SIGINT)
        proc.send_signal(signal.SIGCONT)
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            try:
                chunk = os.read(master, 4096) if ready else b""
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            seen += chunk
        assert proc.wait(timeout=60) == 130
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return seen.decode()
