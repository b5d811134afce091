"""Every icon the program shows, named here and nowhere else.

An unknown name fails at once with the name in the message, so a typo shows up in the
first test that touches it rather than as a blank button.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from annotator import resources

APP = "annotator"
OPEN = "open"
EXPORT = "export"
TAG = "tag"
NOTE = "note"
UNDO = "undo"
REDO = "redo"
FIND = "find"
ORPHAN = "orphan"
REVIEW = "review"
VERIFIED = "verified"
DISPUTED = "disputed"
TO_VERIFY = "to-verify"

NAMES = (
    APP,
    OPEN,
    EXPORT,
    TAG,
    NOTE,
    UNDO,
    REDO,
    FIND,
    ORPHAN,
    REVIEW,
    VERIFIED,
    DISPUTED,
    TO_VERIFY,
)
# A verification status (model.STATUSES) and the icon that shows it.
STATUS_ICONS = {None: None, "to-verify": TO_VERIFY, "verified": VERIFIED, "disputed": DISPUTED}
_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


@functools.cache
def icon(name: str) -> QIcon:
    """The icon with this name (one of NAMES); KeyError naming it for any other name."""
    if name not in NAMES:
        raise KeyError(f"unknown icon {name!r}; known icons: {', '.join(NAMES)}")
    found = resources.file(f"icons/{name}.svg")
    # Shipped inside a zip or similar, there is no file path Qt could open: draw the bytes.
    result = QIcon(str(found)) if isinstance(found, Path) else _render(found.read_bytes())
    if result.isNull():
        raise ValueError(f"icon {name!r} could not be loaded")
    return result


def status_icon(status: str | None) -> QIcon:
    """The icon of a verification status; an empty icon for no status."""
    if status not in STATUS_ICONS:
        raise KeyError(f"unknown status {status!r}")
    name = STATUS_ICONS[status]
    return icon(name) if name else QIcon()


def app_icon() -> QIcon:
    """The application's own icon, for windows and the desktop."""
    return icon(APP)


def tag_icon(color: str, key: str = "", size: int = 18) -> QIcon:
    """A swatch in a tag's colour, with its key written on it when it has one."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor(color)
    painter.setBrush(fill)
    painter.setPen(fill.darker(150))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 4, 4)
    if key:
        painter.setPen(QColor("#000000") if fill.lightnessF() > 0.5 else QColor("#ffffff"))
        font = painter.font()
        font.setBold(True)
        font.setPixelSize(size - 6)
        painter.setFont(font)
        painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, key)
    painter.end()
    return QIcon(pixmap)


def _render(svg: bytes) -> QIcon:
    renderer = QSvgRenderer(QByteArray(svg))
    result = QIcon()
    if not renderer.isValid():
        return result
    for size in _SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result
