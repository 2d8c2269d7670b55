"""Moving a centre's whole SQLite file onto a PostgreSQL server (``boiduong --db FILE copy-to URL``);
the copy and its row-for-row check are :mod:`app.store.transfer`."""

from __future__ import annotations

from pathlib import Path

from app.services.session import open_session
from app.store.transfer import CopyReport
from app.store.transfer import copy_to_server as _copy


def copy_to_server(source: Path, url: str) -> CopyReport:
    """Copy the file ``source`` onto the empty server database at ``url``, checked table by table.

    Writes nothing of the open session's database (the window never runs it), so declares no topic.
    The file is opened once as the program would first: a damaged one is refused, an older one
    is backed up and brought to the current schema.
    """
    from app.store.backend import check_url

    check_url(url)  # a URL that cannot be read: said before the file is opened (or migrated)
    open_session(Path(source), backup_on_start=False, create=False).close()
    return _copy(Path(source), url)
