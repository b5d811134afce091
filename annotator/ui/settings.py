"""Window state kept between sessions (QSettings): nothing about the articles themselves."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10

DEFAULTS: dict[str, Any] = {
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "window/splitter": [640, 360],
    "files/recent": [],
    "files/last_folder": "",
    "view/zoom": 0,  # point-size steps from the default font size
}


class Settings:
    """Typed access to the window's QSettings."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings()

    def _get(self, key: str) -> Any:
        return self._settings.value(key, DEFAULTS[key])

    def _set(self, key: str, value: Any) -> None:
        self._settings.setValue(key, value)

    @property
    def geometry(self) -> QByteArray:
        value = self._get("window/geometry")
        return value if isinstance(value, QByteArray) else QByteArray()

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._set("window/geometry", value)

    @property
    def window_state(self) -> QByteArray:
        value = self._get("window/state")
        return value if isinstance(value, QByteArray) else QByteArray()

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._set("window/state", value)

    @property
    def splitter(self) -> list[int]:
        return _ints(self._get("window/splitter")) or list(DEFAULTS["window/splitter"])

    @splitter.setter
    def splitter(self, sizes: list[int]) -> None:
        self._set("window/splitter", [int(size) for size in sizes])

    @property
    def recent_files(self) -> list[str]:
        return _strings(self._get("files/recent"))

    @recent_files.setter
    def recent_files(self, paths: list[str]) -> None:
        self._set("files/recent", list(paths)[:MAX_RECENT])

    def add_recent(self, path: str) -> None:
        """Put a file at the top of the recent list."""
        self.recent_files = [path, *(p for p in self.recent_files if p != path)]

    @property
    def last_folder(self) -> str:
        value = self._get("files/last_folder")
        return value if isinstance(value, str) else ""

    @last_folder.setter
    def last_folder(self, folder: str) -> None:
        self._set("files/last_folder", folder)

    @property
    def zoom(self) -> int:
        try:
            return int(self._get("view/zoom"))
        except (TypeError, ValueError):
            return 0

    @zoom.setter
    def zoom(self, steps: int) -> None:
        self._set("view/zoom", int(steps))

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._settings.sync()


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
