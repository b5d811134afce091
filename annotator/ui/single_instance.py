"""One window per user: a second `annotator FILE` hands the file to the running window.

The first window listens on a local socket (QLocalServer) named for the user; a later
start connects to it (QLocalSocket), sends the files as one line of JSON, waits for
"ok", and exits. A socket left by a window that crashed answers no one: it is removed
and listened on again. `ANNOTATOR_SERVER` names another socket (tests, benchmarks).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDir, QObject

from annotator.ui import messages

SERVER_ENV = "ANNOTATOR_SERVER"
TIMEOUT_MS = 2000  # to connect: a running window's socket accepts at once
ANSWER_MS = 5000  # to answer: the window may be busy opening an article for a moment
MAX_REQUEST = 1024 * 1024


def server_name() -> str:
    """The socket's name: per user, unless ANNOTATOR_SERVER names another."""
    chosen = os.environ.get(SERVER_ENV, "")
    if chosen:
        return chosen
    if hasattr(os, "getuid"):  # the user's number says who she is
        return f"annotator-{os.getuid()}"
    import getpass  # (Windows)

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    return "annotator-" + re.sub(r"[^A-Za-z0-9_.-]", "_", user)


def hand_over(files: list[Path], name: str | None = None) -> bool:
    """Give these files to the running window; False when no window is listening."""
    name = name or server_name()
    socket_path = name if name.startswith("/") else os.path.join(QDir.tempPath(), name)
    if os.name == "posix" and not os.path.exists(socket_path):
        return False  # no window has listened here (the usual start: nothing more to load)
    import json

    request = {"open": [str(Path(path).absolute()) for path in files]}
    payload = json.dumps(request).encode("utf-8") + b"\n"
    if os.name == "posix":  # QLocalServer's socket is a Unix socket: no QtNetwork needed
        return _hand_over_unix(payload, socket_path)
    from PySide6.QtNetwork import QLocalSocket

    connection = QLocalSocket()
    connection.connectToServer(name)
    if not connection.waitForConnected(TIMEOUT_MS):
        return False
    connection.write(payload)
    connection.flush()
    answer = b""
    while b"\n" not in answer and connection.waitForReadyRead(ANSWER_MS):
        answer += bytes(connection.readAll().data())
    connection.disconnectFromServer()
    return answer.strip() == b"ok"


def _hand_over_unix(payload: bytes, path: str) -> bool:
    """The same through Python's own socket, where QLocalServer puts it (a start of the
    program that finds no window pays nothing for QtNetwork, nor for `socket`)."""
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(TIMEOUT_MS / 1000)
        try:
            connection.connect(path)
        except OSError:  # no socket, or one a crashed window left
            return False
        answer = b""
        try:
            connection.settimeout(ANSWER_MS / 1000)
            connection.sendall(payload)
            while b"\n" not in answer:
                chunk = connection.recv(64)
                if not chunk:
                    break
                answer += chunk
        except OSError:
            return False
    return answer.strip() == b"ok"


class Listener(QObject):
    """The running window's end: files another start hands over go to `opened(paths)`."""

    def __init__(self, opened: Callable[[list[Path]], None], parent: QObject | None = None):
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer  # once the window is up

        self.opened = opened
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)
        self._buffers: dict[object, bytes] = {}  # by connection

    def listen(self, name: str | None = None) -> bool:
        """Listen for later starts; a stale socket (a crashed window's) is removed first.

        False when another window is listening already (its socket is left alone: Qt
        would otherwise put a new one in its place).
        """
        name = name or server_name()
        from PySide6.QtNetwork import QLocalServer, QLocalSocket

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
            connection = self.server.nextPendingConnection()
            self._buffers[connection] = b""
            connection.readyRead.connect(lambda s=connection: self._read(s))
            connection.disconnected.connect(lambda s=connection: self._forget(s))

    def _forget(self, connection) -> None:
        self._buffers.pop(connection, None)
        connection.deleteLater()

    def _read(self, connection) -> None:
        data = self._buffers.get(connection, b"") + bytes(connection.readAll().data())
        if b"\n" not in data:
            if len(data) > MAX_REQUEST:
                connection.abort()
            else:
                self._buffers[connection] = data
            return
        line = data.split(b"\n", 1)[0]
        try:
            import json

            request = json.loads(line)
            files = [Path(p) for p in request["open"] if isinstance(p, str)]
        except (ValueError, KeyError, TypeError):
            connection.write(b"refused\n")
            connection.disconnectFromServer()
            return
        connection.write(b"ok\n")
        connection.flush()
        connection.disconnectFromServer()
        self.opened(files)


def bring_forward(window, files: list[Path]) -> None:
    """Open what another start handed over, each in a tab, and raise the window."""
    for path in files:
        window.open_path(path)
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()
