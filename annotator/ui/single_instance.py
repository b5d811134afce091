"""One window per user: a second `annotator FILE` hands the file to the running window.

The first window listens on a local socket (QLocalServer) named for the user; a later
start connects to it (QLocalSocket), sends the files as one line of JSON, waits for
"ok", and exits. A socket left by a window that crashed answers no one: it is removed
and listened on again. `ANNOTATOR_SERVER` names another socket (tests, benchmarks).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from annotator.ui import messages

SERVER_ENV = "ANNOTATOR_SERVER"
TIMEOUT_MS = 2000  # to connect: a running window's socket accepts at once
ANSWER_MS = 5000  # to answer: the window may be busy opening an article for a moment
MAX_REQUEST = 1024 * 1024


def server_name() -> str:
    """The socket's name: per user (name and uid), unless ANNOTATOR_SERVER names another."""
    chosen = os.environ.get(SERVER_ENV, "")
    if chosen:
        return chosen
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    digest = hashlib.sha256(f"{user}\0{uid}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"annotator-{uid}-{digest[:12]}"


def hand_over(files: list[Path], name: str | None = None) -> bool:
    """Give these files to the running window; False when no window is listening."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    request = {"open": [str(Path(path).absolute()) for path in files]}
    socket.write(json.dumps(request).encode("utf-8") + b"\n")
    socket.flush()
    answer = b""
    while b"\n" not in answer and socket.waitForReadyRead(ANSWER_MS):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answer.strip() == b"ok"


class Listener(QObject):
    """The running window's end: files another start hands over go to `opened(paths)`."""

    def __init__(self, opened: Callable[[list[Path]], None], parent: QObject | None = None):
        super().__init__(parent)
        self.opened = opened
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self, name: str | None = None) -> bool:
        """Listen for later starts; a stale socket (a crashed window's) is removed first.

        False when another window is listening already (its socket is left alone: Qt
        would otherwise put a new one in its place).
        """
        name = name or server_name()
        probe = QLocalSocket()
        probe.connectToServer(name)
        if probe.waitForConnected(200):
            probe.disconnectFromServer()
            return False
        if self.server.listen(name):
            return True
        QLocalServer.removeServer(name)  # no one answers on it: left by a crash
        if self.server.listen(name):
            return True
        messages.log.warning("cannot listen on %s: %s", name, self.server.errorString())
        return False

    def close(self) -> None:
        """Stop listening (the socket file goes with it)."""
        self.server.close()

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if b"\n" not in data:
            if len(data) > MAX_REQUEST:
                socket.abort()
            else:
                self._buffers[socket] = data
            return
        line = data.split(b"\n", 1)[0]
        try:
            request = json.loads(line)
            files = [Path(p) for p in request["open"] if isinstance(p, str)]
        except (ValueError, KeyError, TypeError):
            socket.write(b"refused\n")
            socket.disconnectFromServer()
            return
        socket.write(b"ok\n")
        socket.flush()
        socket.disconnectFromServer()
        self.opened(files)


def bring_forward(window, files: list[Path]) -> None:
    """Open what another start handed over, each in a tab, and raise the window."""
    for path in files:
        window.open_path(path)
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()
