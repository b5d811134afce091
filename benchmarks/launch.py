"""Start a window on an article and exit the moment its text is first painted.

    python benchmarks/launch.py ours ARTICLE   the program, as `annotator ARTICLE` starts it
    python benchmarks/launch.py bare ARTICLE   a bare PySide6 QMainWindow with a QPlainTextEdit
    … --ready           ours: exit at the first paint once the whole window is built
                        (the first paint shows the text alone: its passages come after)
    … --modules         also list the modules imported by then

Run by path, not as a module, so that the bare window imports nothing of ours. At the end
of the first paint of the text's viewport it prints its peak resident memory in KiB
(`peak-kib 123456`) and leaves with os._exit(0): no teardown is counted. The window
figures time it from Popen to exit, and read the memory from its output.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit, QWidget


class ExitAfterFirstPaint(QObject):
    """Lets the first paint of a widget happen, then reports memory and exits."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        watched.removeEventFilter(self)
        QApplication.sendEvent(watched, event)  # the paint itself, done here and now
        exit_now()


def peak_kib() -> int:
    """This process's peak resident memory, in KiB.

    On Linux, VmHWM: the high-water mark of this program's own memory. ru_maxrss is no
    good there, because a child started with vfork (as subprocess does) starts from its
    parent's peak, and the benchmark's parent holds a 10 MB article and its sidecar.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows: no figure for memory
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS


def bare(article: str) -> int:
    """The floor: a QMainWindow holding a QPlainTextEdit with the article's text."""
    app = QApplication(sys.argv[:1])
    with open(article, encoding="utf-8") as stream:
        text = stream.read()
    window = QMainWindow()
    edit = QPlainTextEdit()
    edit.setPlainText(text)
    window.setCentralWidget(edit)
    window.resize(1180, 760)
    window.show()
    watch(edit.viewport())
    return app.exec()


def ours(article: str) -> int:
    """The program started as `annotator ARTICLE` is, the paint watched from outside.

    The watcher is on the article view's paint, whichever of the window's stages draws
    it first (at the end of that paint, as the bare window's).
    """
    from annotator import entry
    from annotator.ui.article_view import ArticleView

    paint = ArticleView.paintEvent
    ready = "--ready" not in sys.argv  # else: once the window says it is

    def paint_and_exit(view: ArticleView, event: object) -> None:
        paint(view, event)
        if view.text and (ready or view.window().property("ready")):
            exit_now()

    ArticleView.paintEvent = paint_and_exit  # type: ignore[method-assign]
    if not ready:
        from annotator.ui.main_window import MainWindow

        finish = MainWindow.finish_start

        def finish_and_mark(window: MainWindow) -> object:
            page = finish(window)
            window.setProperty("ready", True)
            if page is not None:
                page.view.viewport().update()  # (a paint is due anyway: the view moved)
            return page

        MainWindow.finish_start = finish_and_mark  # type: ignore[method-assign]
    return entry.main([article])


def exit_now() -> None:
    """Report this process's peak memory and leave, with no teardown."""
    if "--modules" in sys.argv:  # what had been imported by then, one name a line
        sys.stdout.write("".join(f"module {name}\n" for name in sorted(sys.modules)))
    sys.stdout.write(f"peak-kib {peak_kib()}\n")
    sys.stdout.flush()
    os._exit(0)


_watcher: ExitAfterFirstPaint | None = None


def watch(widget: QWidget) -> None:
    """Exit at the end of the first paint of `widget`."""
    global _watcher
    _watcher = ExitAfterFirstPaint()
    widget.installEventFilter(_watcher)


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    sys.exit({"bare": bare, "ours": ours}[mode](path))
