"""The window on sources as reporters get them: every format opens (dialog filter, drag
and drop), details filled in, clutter dimmed with a notice and shown or hidden."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextCursor

from annotator import store
from annotator.formats.registry import SUPPORTED
from annotator.ui.main_window import ARTICLE_FILTER

DATA = Path(__file__).parents[1] / "data"
NAV = "Home | News | Sport | Weather"
LEDE = (
    "The new harbour bridge cost £18.6 million, 40% more than the council promised in "
    "2024, according to the auditor's report published on Tuesday 🌉."
)
BODY = (
    "قال رئيس المجلس إن التكاليف ارتفعت بسبب أسعار الصلب في العام الماضي، وإن المجلس "
    "سيطلب من المقاول إعادة جزء من المبلغ قبل نهاية السنة المالية الحالية."
)
LAST = "The council has until the end of January to answer the report in writing 🙂."
SCRAPED = "\n\n".join([NAV, LEDE, BODY, LEDE, "Related news", LAST]) + "\n"


def drop(window, *paths: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    event = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(event)


def test_the_open_dialog_offers_every_supported_format_first():
    first = ARTICLE_FILTER.split(";;")[0]
    assert all(f"*{ext}" in first for ext in SUPPORTED)
    assert ARTICLE_FILTER.endswith("All files (*)")


def test_dropping_each_format_opens_it_with_its_details(window, tmp_path, said):
    names = ["article.pdf", "article.docx", "article.odt"]
    paths = [tmp_path / name for name in names]
    for name, path in zip(names, paths, strict=True):
        shutil.copy(DATA / "sources" / name, path)
    page = tmp_path / "aljazeera.html"
    page.write_bytes(gzip.decompress((DATA / "pages" / "aljazeera.html.gz").read_bytes()))
    drop(window, *paths, page)
    assert [p.path for p in window.pages()] == [*paths, page]
    titles = [p.session.model.sidecar.source.metadata["title"] for p in window.pages()]
    assert titles[:3] == ["Council overspent on the harbour bridge by a third"] * 3
    assert titles[3] == "US service members killed in Afghanistan helicopter crash"
    assert window.page.view.text == window.page.session.article.text
    assert "<" not in window.page.view.toPlainText()[:200]


def test_a_refused_file_says_what_it_is_in_the_banner(window, tmp_path):
    sheet = tmp_path / "budget.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not really")
    scan = tmp_path / "scan.pdf"
    shutil.copy(DATA / "sources" / "scan.pdf", scan)
    drop(window, sheet)
    assert not window.alert.isHidden()
    assert "budget.xlsx is a spreadsheet, which Annotator does not open" in (
        window.alert.label.text()
    )
    drop(window, scan)
    assert "scan.pdf has no text layer (a scan); run it through OCR first" in (
        window.alert.label.text()
    )
    assert window.pages() == []


def open_scraped(window, tmp_path, qtbot):
    path = tmp_path / "scraped.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    page = window.open_path(path)
    assert page.clutter_notice.isHidden()  # looked for once the article is on screen
    qtbot.waitUntil(lambda: not page.clutter_notice.isHidden())
    return page


def dimmed_blocks(page) -> list[str]:
    """The text of every block with a dimmed stretch drawn on it."""
    view = page.view
    dim = view.highlighter._dimmed_format().foreground().color()
    view.highlighter.colour_visible()
    found = []
    block = view.document().begin()
    while block.isValid():
        view.highlighter._colour(block)
        if any(r.format.foreground().color() == dim for r in block.layout().formats()):
            found.append(block.text())
        block = block.next()
    return found


def test_clutter_is_dimmed_with_a_notice_and_can_be_hidden_and_shown(window, tmp_path, qtbot):
    page = open_scraped(window, tmp_path, qtbot)
    notice = page.clutter_notice
    assert not notice.isHidden()
    assert notice.label.text().startswith(
        "2 paragraphs look like site furniture; 1 repeats the lede — dimmed"
    )
    assert dimmed_blocks(page) == [NAV, LEDE, "Related news"]
    assert page.view.toPlainText() == page.session.article.text == SCRAPED  # all there
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    hidden = [b.text() for b in _blocks(page) if not b.isVisible()]
    assert hidden == [NAV, "", LEDE, "", "Related news", ""]
    assert notice.button.text() == "Show"
    # A passage marked below the hidden paragraphs lands on its code points.
    text = page.session.article.text
    start = text.index("end of January")
    cursor = QTextCursor(page.view.document())
    cursor.setPosition(page.view.offsets.to_qt(start))
    cursor.setPosition(page.view.offsets.to_qt(start + 14), QTextCursor.MoveMode.KeepAnchor)
    page.view.setTextCursor(cursor)
    page.apply_tag("claim")
    page.session.save()
    (saved,) = json.loads(store.beside(page.path).read_text("utf-8"))["annotations"]
    position = saved["target"]["selector"][0]
    assert text[position["start"] : position["end"]] == "end of January"
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    assert all(b.isVisible() for b in _blocks(page))


def test_a_paragraph_with_a_passage_stays_when_clutter_is_hidden(window, tmp_path, qtbot):
    page = open_scraped(window, tmp_path, qtbot)
    text = page.session.article.text
    start = text.index("Related news")
    page.session.mark("claim", (start, start + len("Related news")))
    page.show_clutter(False)
    hidden = [b.text() for b in _blocks(page) if not b.isVisible() and b.text()]
    assert hidden == [NAV, LEDE]
    assert "1 with a passage on it stays" in page.clutter_notice.label.text()


def _blocks(page):
    block = page.view.document().begin()
    while block.isValid():
        yield block
        block = block.next()


def test_an_article_without_clutter_shows_no_notice(window, tmp_path, qtbot):
    path = tmp_path / "clean.txt"
    path.write_text(LEDE + "\n\n" + LAST + "\n", encoding="utf-8")
    page = window.open_path(path)
    qtbot.wait(50)
    assert page.clutter_notice.isHidden()
    assert page.view.highlighter._dimmed == []


def test_source_details_edits_are_hers_and_undo_gives_the_guess_back(window, tmp_path):
    path = tmp_path / "article.docx"
    shutil.copy(DATA / "sources" / "article.docx", path)
    session = window.open_path(path).session
    source = session.model.sidecar.source
    assert source.metadata["author"] == "Ines Moreau" and "author" in source.guessed
    session.set_metadata(
        {**source.metadata, "author": "Rahima Akter"}, set(source.guessed) - {"author"}
    )
    assert source.metadata["author"] == "Rahima Akter" and "author" not in source.guessed
    session.save()
    stored = json.loads(store.beside(path).read_text("utf-8"))["source"]
    assert stored["metadata"]["author"] == "Rahima Akter" and "author" not in stored["guessed"]
    session.undo_stack.undo()
    assert source.metadata["author"] == "Ines Moreau" and "author" in source.guessed


def test_the_window_starts_without_loading_any_readers_library():
    code = (
        "import sys, json\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from annotator.ui.main_window import MainWindow\n"
        "window = MainWindow(); window.show(); app.processEvents()\n"
        "heavy = {'trafilatura', 'pypdf', 'odfdo', 'docx', 'justext', 'htmldate', 'lxml'}\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & heavy)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_a_newer_reader_is_named_when_the_article_opens(window, tmp_path, said, monkeypatch):
    path = tmp_path / "article.docx"
    shutil.copy(DATA / "sources" / "article.docx", path)
    page = window.open_path(path)
    text = page.session.article.text
    start = text.index("a fixed price for steel")
    page.session.mark("claim", (start, start + len("a fixed price for steel")))
    window.close_page(page)
    from annotator.formats import word

    real = word.DocxReader.read

    def newer(self, file, data):
        document = real(self, file, data)
        changed = {"text": "Editor's note.\n\n" + document.text, "reader_version": "99.0"}
        return document.__class__(**{**document.__dict__, **changed})

    monkeypatch.setattr(word.DocxReader, "read", newer)
    page = window.open_path(path)
    (passage,) = page.session.model.annotations
    assert page.session.article.text[passage.start : passage.end] == "a fixed price for steel"
    assert any(
        "article.docx was read by python-docx " in text and "python-docx 99.0 now" in text
        for _level, text in said
    )


def test_a_long_articles_clutter_is_found_in_a_thread(window, tmp_path, qtbot, monkeypatch):
    from annotator.ui import session

    monkeypatch.setattr(session, "CLUTTER_AT_ONCE", 10)  # this article counts as long
    page = open_scraped(window, tmp_path, qtbot)
    assert dimmed_blocks(page) == [NAV, LEDE, "Related news"]
    assert page.session.article.clutter_known()
