"""Corruption: bytes flipped in the database file are caught at start, nothing is written, and the
latest good backup brings the data back while the damaged file is kept aside byte for byte.

The damage goes where a failing disk or a bad copy puts it: the file header, a table's root, a
leaf page's type, cell count or cell pointer, an index page, a lost tail, and seeded random
flips in the headers of random b-tree pages. SQLite keeps no checksum of the data itself: a
flipped letter inside a stored name is not structural damage and no check can see it (the
rotation of backups is the answer to that); every structural damage here must be caught.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.errors import DatabaseDamagedError
from app.services import backup as backup_service
from app.services.session import open_session
from app.store import safety
from tests.reliability.helpers import killing
from tests.unit.safety_helpers import corrupt_table_page, file_digest

ROOT = Path(__file__).resolve().parents[2]


def btree_pages(path: Path) -> dict[int, tuple[str, str]]:
    """Page number → (table or index, "interior"/"leaf") for every b-tree page of the file."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        roots = conn.execute("SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0").fetchall()
    finally:
        conn.close()
    data = path.read_bytes()
    pages: dict[int, tuple[str, str]] = {1: ("sqlite_master", "root")}
    for name, root in roots:
        stack = [root]
        while stack:
            number = stack.pop()
            start = (number - 1) * page_size
            head = start + (100 if number == 1 else 0)
            kind = data[head]
            if kind in (2, 5):
                cells = int.from_bytes(data[head + 3:head + 5], "big")
                pointers = [int.from_bytes(data[head + 12 + 2 * i:head + 14 + 2 * i], "big") for i in range(cells)]
                stack += [int.from_bytes(data[start + p:start + p + 4], "big") for p in pointers]
                stack.append(int.from_bytes(data[head + 8:head + 12], "big"))
                pages[number] = (name, "interior")
            elif kind in (10, 13):
                pages[number] = (name, "leaf")
    return pages


def _poke(path: Path, offset: int, data: bytes) -> None:
    with path.open("r+b") as fh:
        fh.seek(offset)
        fh.write(data)


def _page_of(path: Path, table: str, kind: str) -> int:
    return min(n for n, (name, k) in btree_pages(path).items() if name == table and k == kind)


PAGE = 4096


def damage(path: Path, how: str) -> str:
    """Damage the file; returns a description."""
    if how == "header-magic":
        _poke(path, 0, b"SQLite format 2\x00")
    elif how == "page-size":
        _poke(path, 16, b"\x00\x03")
    elif how == "table-root":
        corrupt_table_page(path, "trainee")
    elif how == "leaf-type":
        _poke(path, (_page_of(path, "enrollment", "leaf") - 1) * PAGE, b"\x00")
    elif how == "cell-count":
        page = _page_of(path, "trainee", "leaf")
        with path.open("r+b") as fh:
            fh.seek((page - 1) * PAGE + 3)
            count = int.from_bytes(fh.read(2), "big")
        _poke(path, (page - 1) * PAGE + 3, (count + 7).to_bytes(2, "big"))
    elif how == "cell-pointer":
        _poke(path, (_page_of(path, "trainee", "leaf") - 1) * PAGE + 8, b"\xff\xf0")
    elif how == "index-page":
        index = next(n for n, (name, _k) in btree_pages(path).items() if name.startswith("trainee_search_key"))
        _poke(path, (index - 1) * PAGE, b"\x07")
    elif how == "lost-tail":
        size = path.stat().st_size
        with path.open("r+b") as fh:
            fh.truncate(size - 3 * PAGE)
    elif how.startswith("random-"):
        rng = random.Random(int(how.split("-")[1]))
        pages = sorted(n for n in btree_pages(path) if n > 1)
        flips = []
        for page in rng.sample(pages, 4):
            offset = (page - 1) * PAGE + rng.randrange(0, 8)
            with path.open("r+b") as fh:
                fh.seek(offset)
                old = fh.read(1)[0]
            new = old ^ (1 << rng.randrange(8))
            _poke(path, offset, bytes([new]))
            flips.append(f"{offset}:{old:#x}->{new:#x}")
        return " ".join(flips)
    else:
        raise ValueError(how)
    return how


CASES = ["header-magic", "page-size", "table-root", "leaf-type", "cell-count", "cell-pointer", "index-page",
         "lost-tail", *(f"random-{seed}" for seed in range(1, 9))]


@pytest.mark.parametrize("how", CASES)
def test_damage_is_caught_at_start_and_the_latest_good_backup_restores(how, prepared, tmp_path):
    db_path = prepared.copy(tmp_path / "data")
    with open_session(db_path, backup_on_start=False) as session:
        good = session.backup_now(force=True)
    what = damage(db_path, how)
    damaged = file_digest(db_path)
    backups = sorted(p.name for p in safety.backup_dir_for(db_path).iterdir())

    with pytest.raises(DatabaseDamagedError, match="bị hỏng") as caught:
        open_session(db_path)  # what the window and every command do first
    assert "khôi phục từ bản sao lưu" in caught.value.message, what
    assert file_digest(db_path) == damaged  # nothing written to it
    assert sorted(p.name for p in safety.backup_dir_for(db_path).iterdir()) == backups  # nor backed up
    check = subprocess.run([sys.executable, "main.py", "--db", str(db_path), "check"], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 1 and "Cơ sở dữ liệu có vấn đề" in check.stderr, what

    offered = safety.latest_good_backup(db_path)
    assert offered is not None and offered.path == good

    session, aside = backup_service.restore_path(db_path, offered.path)
    session.close()
    assert killing.table_dump(db_path) == prepared.template_dump
    assert backup_service.check(db_path).ok
    assert aside is not None and file_digest(aside) == damaged  # the damaged file, kept byte for byte
    with open_session(db_path):
        pass  # and the program starts normally again


def test_the_newest_good_backup_is_offered_and_a_damaged_one_passed_over(prepared, tmp_path):
    """Several backups within one second (an import right after the start): the newest is offered;
    a backup that went bad on the disk never is."""
    db_path = prepared.copy(tmp_path / "data")
    with open_session(db_path, backup_on_start=False) as session:
        made = [session.backup_now(force=True) for _ in range(3)]
    assert [b.path for b in safety.list_backups(db_path)] == made[::-1]
    corrupt_table_page(db_path, "trainee")
    assert safety.latest_good_backup(db_path).path == made[2]
    corrupt_table_page(made[2], "trainee")
    assert safety.latest_good_backup(db_path).path == made[1]
