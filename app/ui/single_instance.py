"""One window per database: a second start on the same file raises the first window.

The copy that holds the database lock listens on a local socket named from a hash of the
database's resolved path; a copy that finds the database locked connects and sends ``raise``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from app.paths import APP_NAME

RAISE_MESSAGE = b"raise"
TIMEOUT_MS = 2000


def server_name(db_path: Path) -> str:
    """A socket name for the database at ``db_path`` (same file, same name)."""
    digest = hashlib.sha256(str(Path(db_path).resolve()).encode("utf-8")).hexdigest()[:20]
    return f"{APP_NAME}-{digest}"


class InstanceServer(QObject):
    """Listens for other copies of the program started on the same database."""

    raise_requested = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(db_path)
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening. Only the holder of the database lock calls this, so a socket file
        left behind by a crashed copy can safely be removed first."""
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(self._read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._handle(socket)

    def _read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._handle(socket)

    def _handle(self, socket: QLocalSocket) -> None:
        if RAISE_MESSAGE in bytes(socket.readAll().data()):
            self.raise_requested.emit()


def ask_running_copy_to_raise(db_path: Path, timeout_ms: int = TIMEOUT_MS) -> bool:
    """Tell the copy that has ``db_path`` open to show its window; False if none answered."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(RAISE_MESSAGE)
    socket.flush()
    ok = socket.waitForBytesWritten(timeout_ms) or socket.bytesToWrite() == 0
    socket.disconnectFromServer()
    return ok
