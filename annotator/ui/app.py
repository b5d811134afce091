"""Starting the window: the QApplication, its names, and leaving safely.

However the program ends, every open article is saved first: Quit and the window's
close button, a SIGTERM or SIGINT (logout, shutdown, `kill`, Ctrl+C in a terminal), the
desktop session asking to save before it ends, and an exception no one caught.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtGui import QSessionManager
from PySide6.QtWidgets import QApplication

from annotator.ui import messages

ORGANIZATION = "Annotator"
APPLICATION = "Annotator"
QUIT_SIGNALS = (signal.SIGTERM, signal.SIGINT)
UNPAINTED_MS = 1000  # the rest of the window is built by then, painted or not


def configure(app: QApplication) -> None:
    """Names used by QSettings and the desktop; the system's own style and palette."""
    app.setOrganizationName(ORGANIZATION)
    app.setOrganizationDomain("annotator.local")
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("annotator")


class SignalSaver:
    """Saves everything and quits on SIGTERM or SIGINT, from inside Qt's event loop.

    Python runs a signal handler only between bytecodes, and not at all while Qt waits
    for events; so the handler writes to a socket (Python's wakeup fd) that a
    QSocketNotifier watches, and the loop wakes up to run it.
    """

    def __init__(self, app: QApplication, window) -> None:
        import socket  # (once the window is ready: nothing is unsaved before)

        self.window = window
        self._app = app
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        signal.set_wakeup_fd(self._writer.fileno())
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._drain)
        for number in QUIT_SIGNALS:
            signal.signal(number, self._handle)

    def _drain(self) -> None:
        try:
            while self._reader.recv(64):
                pass
        except OSError:
            pass

    def _handle(self, number: int, _frame) -> None:
        messages.log.info("signal %s: saving and quitting", signal.Signals(number).name)
        self.window.save_all()
        self._app.quit()


def commit_data(window, manager: QSessionManager) -> None:
    """The desktop session is ending: save every article before it does."""
    window.save_all()
    manager.release()


def start(file: Path | None = None, sample: bool = False):
    """The application and its window, opened on `file` or the sample, ready to run.

    The window is None when one was already running and took `file` over. Otherwise
    it comes in two stages: first the article's text alone, painted as soon as it is
    read; then, once the event loop runs, everything else (`MainWindow.finish_start`;
    the window emits `ready`). Before that first paint nothing is imported that the text
    does not need: not the sidecar's modules, the suggestions, the panel or the exporters.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    configure(app)
    from annotator.ui import single_instance

    if not sample and single_instance.hand_over([file] if file is not None else []):
        return app, None  # the window already running opens it
    from annotator.ui.main_window import MainWindow  # after the names: QSettings needs them

    window = MainWindow(staged=True)

    def when_ready() -> None:  # the rest of the window is built: what it serves and keeps
        app.saver = SignalSaver(app, window)
        app.listener = single_instance.Listener(
            lambda files: single_instance.bring_forward(window, files), window
        )
        app.listener.listen()
        if file is None and not sample:  # started on its own: the tabs of last time
            from annotator.ui import reopening

            reopening.restore(window)

    window.ready.connect(when_ready)
    app.commitDataRequest.connect(lambda manager: commit_data(window, manager))
    app.aboutToQuit.connect(window.save_all)
    messages.install_crash_hook(window.save_all)
    shown = file is not None and window.open_first(file) is not None
    window.show()
    # With nothing painted to wait for, at once; else after the paint, or in a moment if
    # the window is never drawn (started minimised): a second call does nothing.
    QTimer.singleShot(UNPAINTED_MS if shown else 0, window, window.finish_start)
    if sample:
        window.ready.connect(window.open_sample)
    return app, window


def run(file: Path | None = None, sample: bool = False) -> int:
    """Open the window (on `file`, or on the sample article) and run until it closes.

    When a window is already running, `file` opens there instead, and this returns 0.
    """
    app, window = start(file, sample)
    if window is None:
        return 0
    return app.exec()
