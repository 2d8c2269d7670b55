"""A throw-away PostgreSQL server for the tests and the benchmarks (issue 18).

Started from the system's packages (``initdb`` and ``pg_ctl`` of Debian's ``postgresql``) in a
temporary data directory, listening on 127.0.0.1 only (and a Unix socket inside that directory),
with trust authentication for the one local superuser ``boiduong``. When the tests run as root
(CI), the server runs as the unprivileged user ``nobody`` (PostgreSQL refuses to run as root).
Durability is off (``fsync=off``): the data is thrown away at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from app.store.backend import pg_tool

USER = "boiduong"


find_tool = pg_tool  # initdb and pg_ctl are found where the program finds pg_dump


def available() -> str | None:
    """Why no server can be started here, or None when it can."""
    missing = [tool for tool in ("initdb", "pg_ctl") if find_tool(tool) is None]
    if missing:
        return f"PostgreSQL's {', '.join(missing)} not found (apt-get install postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return 'psycopg is not installed (pip install -e ".[server]")'
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """One running server; :meth:`url` names a database on it."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="boiduong-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as: list[str] = []
        if os.geteuid() == 0:  # CI runs as root; PostgreSQL will not
            os.chown(self.root, _uid("nobody"), -1)
            self._as = ["runuser", "-u", "nobody", "--"]

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self._as, *args], capture_output=True, text=True, check=False, timeout=120)
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {result.stdout}\n{result.stderr}\n{tail}")

    def start(self) -> Server:
        initdb, pg_ctl = find_tool("initdb"), find_tool("pg_ctl")
        assert initdb and pg_ctl
        self._run(initdb, "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        options = (f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=200")
        self._run(pg_ctl, "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options, "-w", "start")
        return self

    def stop(self) -> None:
        pg_ctl = find_tool("pg_ctl")
        if pg_ctl and self.data.exists():
            subprocess.run([*self._as, pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                           capture_output=True, check=False, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{dbname}"

    def admin(self, sql: str) -> None:
        """One statement on the maintenance database (CREATE/DROP DATABASE need autocommit)."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, name: str, template: str | None = None) -> str:
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _uid(name: str) -> int:
    import pwd

    return pwd.getpwnam(name).pw_uid
