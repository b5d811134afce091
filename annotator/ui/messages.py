"""One way to tell the user things (after qutebrowser's utils/message.py).

`info` and `warning` go to the status bar; `error` to a dialog she must see. Each is
also logged. The window listens to `bridge().shown`; sessions and commands just call the
functions and never know which widget shows the words. A banner that stays while a
state lasts (read-only notes, a failed save) is a session's state, shown by its page.

`install_crash_hook` makes an exception that escapes a slot save every open article
first and then say so once, instead of losing notes in silence.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from enum import Enum
from types import TracebackType

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("annotator")


class Level(Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class MessageBridge(QObject):
    """Carries messages from wherever they are said to the window that shows them."""

    shown = Signal(object, str)  # Level, text


_bridge: MessageBridge | None = None


def bridge() -> MessageBridge:
    """The one bridge of this process."""
    global _bridge
    if _bridge is None:
        _bridge = MessageBridge()
    return _bridge


def _say(level: Level, text: str) -> None:
    log.log({Level.INFO: logging.INFO, Level.WARNING: logging.WARNING}.get(level, 40), text)
    bridge().shown.emit(level, text)


def info(text: str) -> None:
    """A passing word in the status bar: done, saved, merged."""
    _say(Level.INFO, text)


def warning(text: str) -> None:
    """Something went wrong that she should notice, but can carry on from."""
    _say(Level.WARNING, text)


def error(text: str) -> None:
    """Something she asked for failed: a dialog she must dismiss."""
    _say(Level.ERROR, text)


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_crash_hook(save_all: Callable[[], object]) -> ExceptHook:
    """Have an uncaught exception save every open article, then report it once.

    Returns the hook that was replaced. Exceptions after the first are logged only, so a
    fault in a paint event does not bury the window under dialogs.
    """
    reported = False

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        nonlocal reported
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        log.error("".join(traceback.format_exception(kind, value, tb)))
        try:
            save_all()
            saved = "Your notes were saved."
        except Exception as failure:  # the report must still be made
            log.error("saving after the error failed: %s", failure)
            saved = "Your notes could not all be saved: keep the window open and save them."
        if not reported:
            reported = True
            error(f"Something went wrong inside Annotator ({kind.__name__}: {value}). {saved}")

    previous = sys.excepthook
    sys.excepthook = hook
    return previous
