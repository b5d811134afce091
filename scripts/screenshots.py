"""The README's screenshots, made by driving the real window over the bundled samples.

    python scripts/screenshots.py [OUTDIR]        (default: the repository's docs/screenshots/)

Runs offscreen, with Qt's test settings and a private settings file, on copies of the
sample articles in a temporary folder: nothing of the user's, and nothing next to the
bundled samples, is read or written. Writes light.png, dark.png, arabic.png,
suggestions.png and story.png.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QStandardPaths, Qt
from PySide6.QtGui import QColor, QFont, QImage, QKeyEvent, QPalette, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from annotator import resources
from annotator.model import STATUSES
from annotator.ui.app import configure
from annotator.ui.main_window import MainWindow
from annotator.ui.page import ArticlePage
from annotator.ui.settings import Settings

OUTDIR = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
WINDOW_SIZE = (1280, 800)
SPLITTER = [780, 500]  # article and panel
FONT = ("Noto Sans", 10)  # the offscreen platform has no desktop font of its own
FONT_FALLBACKS = ["Noto Naskh Arabic", "Noto Color Emoji", "DejaVu Sans"]
ARABIC_SAMPLE = "sample-article-ar.txt"
STORY_FOLDER = "transport-and-floods"
STORY_WINDOW_SIZE = (1440, 800)
STORY_SPLITTER = [560, 420]
STORY_REPLY = "The council's own timetable says spring 2026: asked the press office which is right."

# (the passage as it reads in the article, the tag's key); marked in this order.
ENGLISH_PASSAGES = [
    ("cost £18.6 million, 40% more than the council promised", "3"),
    (
        "“We were asked to price a wall without knowing what it would stand on,” said Dana Okafor",
        "2",
    ),
    ("Dana Okafor, who managed the engineering contract until last year", "4"),  # overlaps
    ("He said the barrier would be complete by 31 March 2026.", "1"),
    ("three of them signed after the work they paid for had already been done", "6"),
    ("in a letter dated 9 June 2022", "5"),
]
ENGLISH_CURRENT = 3  # the passage the panel's editor shows
ENGLISH_STATUS = "to-verify"
ENGLISH_NOTE = "Second deadline: it was due by winter 2024. Ask for the contractor's schedule."

ARABIC_PASSAGES = [
    ("من 4 دنانير إلى 5 دنانير", "3"),
    (
        "«لم نرفع الأجرة منذ عام 2019، ولا نستطيع الإبقاء على الخطوط الليلية من دون هذا القرار»",
        "2",
    ),
    ("خمسين دينارًا بدل أربعين 😞", "6"),
]
ARABIC_CURRENT = 0
ARABIC_STATUS = "verified"
ARABIC_NOTE = "Both figures match the fare table on the transport authority's website."


def dark_palette() -> QPalette:
    """A dark palette of the kind a desktop hands to Qt when its theme is dark."""
    palette = QPalette()
    roles = QPalette.ColorRole
    colors = {
        roles.Window: "#2b2b2e",
        roles.WindowText: "#e6e6e6",
        roles.Base: "#1e1e20",
        roles.AlternateBase: "#26262a",
        roles.ToolTipBase: "#3a3a3f",
        roles.ToolTipText: "#e6e6e6",
        roles.PlaceholderText: "#8a8a90",
        roles.Text: "#e6e6e6",
        roles.Button: "#35353a",
        roles.ButtonText: "#e6e6e6",
        roles.BrightText: "#ff6b6b",
        roles.Light: "#4a4a50",
        roles.Midlight: "#3c3c42",
        roles.Mid: "#2f2f34",
        roles.Dark: "#18181a",
        roles.Shadow: "#000000",
        roles.Highlight: "#3d6fb4",
        roles.HighlightedText: "#ffffff",
        roles.Link: "#7fb2f0",
        roles.LinkVisited: "#b59cf0",
    }
    for role, name in colors.items():
        palette.setColor(role, QColor(name))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#7a7a80"))
    return palette


def utf16(text: str, offset: int) -> int:
    """Qt's position of a code-point offset."""
    return len(text[:offset].encode("utf-16-le")) // 2


def select(page: ArticlePage, quote: str) -> None:
    """Select `quote` in the article, as a drag of the mouse would."""
    text = page.session.article.text
    start = text.index(quote)
    cursor = QTextCursor(page.view.document())
    cursor.setPosition(utf16(text, start))
    cursor.setPosition(utf16(text, start + len(quote)), QTextCursor.MoveMode.KeepAnchor)
    page.view.setTextCursor(cursor)


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` key by key, in any script (QTest.keyClicks knows only ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def annotate(
    window: MainWindow,
    page: ArticlePage,
    passages: Sequence[tuple[str, str]],
    current: int,
    status: str,
    note: str,
) -> None:
    """Mark each passage by its tag key, then give one a status and a note, as she would."""
    page.view.setFocus()
    ids = []
    for quote, key in passages:
        select(page, quote)
        QTest.keyClick(page.view, key)
        ids.append(page.panel.current_id())
    if len(set(ids)) != len(passages) or "" in ids:
        raise SystemExit(f"not every passage was marked in {page.path.name}: {ids}")
    page.panel.select(ids[current])
    page.panel.list.setFocus()
    window.menus.status_actions[STATUSES.index(status)].trigger()  # Passage ▸ Status
    window.menus.note_action.trigger()  # Passage ▸ Edit Note (F2)
    type_text(page.panel.note, note)
    # No text selected in the article, so every highlight shows in its own colour.
    cursor = page.view.textCursor()
    cursor.clearSelection()
    page.view.setTextCursor(cursor)
    page.view.verticalScrollBar().setValue(0)
    page.session.save()


def open_window(settings_file: Path) -> MainWindow:
    """The real main window, at the screenshot size, with settings of its own."""
    window = MainWindow(Settings(QSettings(str(settings_file), QSettings.Format.IniFormat)))
    window.brief.offer_to_open = False
    window.resize(*WINDOW_SIZE)
    window.show()
    return window


def open_page(window: MainWindow, article: Path) -> ArticlePage:
    """Open a copied sample in the window, as File ▸ Open does."""
    page = window.open_path(article)
    if page is None:
        raise SystemExit(f"could not open {article}")
    page.splitter.setSizes(SPLITTER)
    while page.session.suggestions.computing:  # found in a thread of their own
        QTest.qWait(10)
    return page


def settle() -> None:
    """Let layouts, highlights and the autosave timer catch up."""
    for _ in range(5):
        QApplication.processEvents()
        QTest.qWait(20)


def save(window: MainWindow, path: Path) -> None:
    """Grab the whole window and write it as a small PNG."""
    settle()
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    if not image.save(str(path), "PNG", 0):  # 0: smallest file
        raise SystemExit(f"could not write {path}")
    print(f"{path}  {image.width()}x{image.height()}  {path.stat().st_size // 1024} KB")


def copy_sample(name: str, folder: Path) -> Path:
    """A copy of a bundled sample in `folder`, where its notes may be written."""
    target = folder / name
    target.write_bytes(resources.read_bytes(name))
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", nargs="?", type=Path, default=OUTDIR)
    args = parser.parse_args(argv)
    out: Path = args.outdir
    out.mkdir(parents=True, exist_ok=True)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    QStandardPaths.setTestModeEnabled(True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure(app)
    font = QFont(FONT[0], FONT[1])
    font.setFamilies([FONT[0], *FONT_FALLBACKS])
    app.setFont(font)

    with tempfile.TemporaryDirectory(prefix="annotator-screenshots-") as temp:
        folder = Path(temp) / STORY_FOLDER  # the story view names it
        folder.mkdir()
        english = copy_sample(resources.SAMPLE_ARTICLE, folder)
        arabic = copy_sample(ARABIC_SAMPLE, folder)

        window = open_window(Path(temp) / "settings.ini")
        page = open_page(window, english)
        annotate(window, page, ENGLISH_PASSAGES, ENGLISH_CURRENT, ENGLISH_STATUS, ENGLISH_NOTE)
        save(window, out / "light.png")

        # Reviewing suggestions: the quotation beside the one marked as a quote is current.
        page.panel.select_suggestion(
            next(i for i, s in enumerate(page.session.suggestions.rows) if s.kind == "quote")
        )
        page.panel.suggested.setFocus()
        page.view.verticalScrollBar().setValue(0)
        save(window, out / "suggestions.png")
        cursor = page.view.textCursor()  # back as light.png has it, for the dark theme
        cursor.clearSelection()
        page.view.setTextCursor(cursor)
        page.view.verticalScrollBar().setValue(0)
        page.panel.list.setFocus()

        # The desktop switches to a dark theme: the application's palette changes under it.
        light = app.palette()
        app.setPalette(dark_palette())
        save(window, out / "dark.png")
        app.setPalette(light)

        window.close_current()
        page = open_page(window, arabic)
        annotate(window, page, ARABIC_PASSAGES, ARABIC_CURRENT, ARABIC_STATUS, ARABIC_NOTE)
        save(window, out / "arabic.png")

        # The story: the folder of both samples beside the English one, whose current
        # passage carries an editor's reply as it comes back from the brief.
        window.close_current()
        page = open_page(window, english)
        window.resize(*STORY_WINDOW_SIZE)
        window.story.toggleViewAction().trigger()
        while window.story.model.rowCount() < 2 or window.story._checking is not None:
            QTest.qWait(10)  # listed, then each article read for what it no longer holds
        current = page.session.model.annotations[ENGLISH_CURRENT].id
        page.panel.select(current)
        page.session.reply(current, STORY_REPLY)
        page.splitter.setSizes(STORY_SPLITTER)
        save(window, out / "story.png")
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
