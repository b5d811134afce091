"""Window state and preferences kept between sessions (QSettings): nothing about the
articles themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10

DEFAULTS: dict[str, Any] = {
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "window/splitter": [640, 360],
    "files/recent": [],
    "files/last_folder": "",
    "files/open": [],  # the articles open in tabs, in tab order, reopened on the next start
    "files/current": "",  # the one in the current tab
    "story/folder": "",  # the story view's folder
    "view/zoom": 0,  # point-size steps from the default font size
    "view/suggestions": True,  # suggested quotes, figures and dates shown
    "brief/page_size": "",  # "a4" or "letter"; "" until chosen: the system locale's
    "brief/language": "",  # a language tag such as "en-GB"; "" until chosen: the locale's
    "author/name": "",  # her name: the author of her passages, the brief's comments
    "author/initials": "",  # the comments' initials ("" : taken from the name)
}

Value = TypeVar("Value")


class _Setting(Generic[Value]):
    """One typed setting: read through `read` (which copes with what QSettings hands
    back on each platform), written through `write`."""

    def __init__(
        self,
        key: str,
        read: Callable[[Any], Value],
        write: Callable[[Value], Any] = lambda value: value,
    ) -> None:
        self.key, self.read, self.write = key, read, write

    def __get__(self, settings: Settings, owner: type | None = None) -> Value:
        return self.read(settings._settings.value(self.key, DEFAULTS[self.key]))

    def __set__(self, settings: Settings, value: Value) -> None:
        settings._settings.setValue(self.key, self.write(value))


def _bytes(value: Any) -> QByteArray:
    return value if isinstance(value, QByteArray) else QByteArray()


def _strings(value: Any) -> list[str]:
    # QSettings hands back a lone string for a one-item list on some back ends.
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v]
    return []


def _ints(value: Any) -> list[int]:
    try:
        return [int(v) for v in _strings(value)]
    except ValueError:
        return []


def _bool(value: Any) -> bool:
    # QSettings hands back "true"/"false" from an INI file.
    return value.casefold() == "true" if isinstance(value, str) else bool(value)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class Settings:
    """Typed access to the window's QSettings."""

    geometry = _Setting("window/geometry", _bytes)
    window_state = _Setting("window/state", _bytes)
    splitter = _Setting(
        "window/splitter",
        lambda value: _ints(value) or list(DEFAULTS["window/splitter"]),
        lambda sizes: [int(size) for size in sizes],
    )
    recent_files = _Setting("files/recent", _strings, lambda paths: list(paths)[:MAX_RECENT])
    last_folder = _Setting(
        "files/last_folder", lambda value: value if isinstance(value, str) else ""
    )
    open_files = _Setting("files/open", _strings, lambda paths: list(paths))
    current_file = _Setting("files/current", lambda value: value if isinstance(value, str) else "")
    story_folder = _Setting("story/folder", lambda value: value if isinstance(value, str) else "")
    zoom = _Setting("view/zoom", _int, int)
    show_suggestions = _Setting("view/suggestions", _bool, bool)
    brief_page_size = _Setting("brief/page_size", lambda value: _text(value).lower(), str)
    brief_language = _Setting("brief/language", lambda value: _text(value), str)
    author_name = _Setting("author/name", _text, lambda name: str(name).strip())
    author_initials = _Setting("author/initials", _text, lambda initials: str(initials).strip())

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings()

    def add_recent(self, path: str) -> None:
        """Put a file at the top of the recent list."""
        self.recent_files = [path, *(p for p in self.recent_files if p != path)]

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._settings.sync()
