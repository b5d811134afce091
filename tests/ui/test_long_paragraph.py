"""An article that is one long paragraph (a scrape, a text file without line breaks):
shown as several lines so that marking it stays quick, and read, copied, found, marked
and hidden exactly as the article's own text."""

from __future__ import annotations

import json

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtPrintSupport import QPrinter

from annotator import store
from annotator.ui import display_text, printing
from tests.ui.test_sources import LAST, NAV
from tests.ui.test_window import on_disk, open_in, span_of, write_article

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def sentences(words: int, seed: str = "council", emoji: str = "🌊 ") -> str:
    """One paragraph of at least `words` code points, sentence after sentence (with emoji,
    which Qt counts twice)."""
    parts, total, n = [], 0, 0
    while total < words:
        sentence = (
            f"The {seed} said item {n} of the harbour budget rose by {n % 40}% "
            f"“after the steel prices” {emoji}went up again."
        )
        parts.append(sentence)
        total += len(sentence) + 1
        n += 1
    return " ".join(parts)


ONE = sentences(3 * display_text.LIMIT + 500)


def blocks(view):
    block = view.document().begin()
    while block.isValid():
        yield block
        block = block.next()


def splits(view) -> list[int]:
    """The code-point offsets of the spaces the view shows as line breaks."""
    cuts = [view.offsets.from_qt(b.position()) - 1 for b in list(blocks(view))[1:]]
    return [cut for cut in cuts if view.text[cut] == " "]


def select_across(qtbot, view, offset: int, before: int = 12, after: int = 15) -> tuple[int, int]:
    """Put the cursor `before` code points ahead of `offset` and extend the selection with
    Shift+Right past it; return the span selected."""
    text = view.text
    start = offset - before
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(start))
    view.setTextCursor(cursor)
    for _ in range(before + after):
        qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT)
    end = view.offsets.from_qt(view.textCursor().selectionEnd())
    assert " " in text[start:end]
    return start, end


def test_a_long_paragraph_is_shown_in_several_lines_of_its_own_text(window, tmp_path):
    page = open_in(window, write_article(tmp_path, ONE + "\n"))
    view = page.view
    shown = list(blocks(view))
    assert len(shown) >= 4  # three cuts at least, and the empty line after the paragraph
    assert all(len(b.text()) <= display_text.LIMIT for b in shown)
    cuts = splits(view)
    assert len(cuts) == len(shown) - 2
    assert all(ONE[cut] == " " and ONE[cut - 1] == "." for cut in cuts)  # a sentence's end
    assert view.toPlainText().replace("\n", " ") == ONE + " "  # nothing else changed
    assert view.text == page.session.article.text == ONE + "\n"


def test_marking_across_a_line_break_shown_saves_the_articles_characters(window, qtbot, tmp_path):
    article = write_article(tmp_path, ONE)
    page = open_in(window, article)
    cut = splits(page.view)[1]
    start, end = select_across(qtbot, page.view, cut)
    qtbot.keyClick(page.view, "1")
    qtbot.waitUntil(lambda: bool(on_disk(article)), timeout=3000)
    [saved] = on_disk(article)
    assert span_of(saved) == (start, end)
    exact = next(s for s in saved["target"]["selector"] if s["type"] == "TextQuoteSelector")
    assert exact["exact"] == ONE[start:end] and "\n" not in exact["exact"]
    # Both lines of the passage are painted in the tag's colour.
    first = page.view.document().findBlock(page.view.offsets.to_qt(start))
    assert first.layout().formats() and first.next().layout().formats()


def test_copying_across_a_line_break_shown_copies_a_space(window, qtbot, tmp_path):
    page = open_in(window, write_article(tmp_path, ONE))
    view = page.view
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("something else")
    start, end = select_across(qtbot, view, splits(view)[0], before=30, after=30)
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL)
    assert clipboard.text() == ONE[start:end]
    assert "\n" not in clipboard.text() and "\u2029" not in clipboard.text()


def test_find_matches_across_a_line_break_shown(window, qtbot, tmp_path):
    page = open_in(window, write_article(tmp_path, ONE))
    view = page.view
    cut = splits(view)[0]
    wanted = ONE[cut - 20 : cut + 25]
    qtbot.keyClick(view, Qt.Key.Key_F, CTRL)
    field = window.find_bar.field
    qtbot.waitUntil(field.hasFocus)
    field.insert(wanted)  # (pasted: QTest cannot type an emoji)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.find_bar.result.text() == ""
    assert view.selection() == (cut - 20, cut + 25)
    # And Find opened on a selection across it starts from the article's characters.
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    qtbot.waitUntil(view.hasFocus)
    field.clear()
    qtbot.keyClick(view, Qt.Key.Key_F, CTRL)
    qtbot.waitUntil(field.hasFocus)
    assert field.text() == wanted


def test_a_triple_click_selects_the_whole_paragraph(window, qtbot, tmp_path):
    text = "A short lede.\n\n" + ONE + "\n\nThe end.\n"
    page = open_in(window, write_article(tmp_path, text))
    view = page.view
    cut = splits(view)[1]
    view.select_span(cut + 5, cut + 5)
    point = view.cursorRect().center()
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    start, end = view.selection()
    assert text[start:end].strip() == ONE
    qtbot.keyClick(view, "2")
    (saved,) = page.session.model.annotations
    assert text[saved.start : saved.end].strip() == ONE


def test_clutter_around_and_in_long_paragraphs_is_hidden_and_shown(window, qtbot, tmp_path):
    lede = sentences(display_text.LIMIT + 1500, seed="auditor")
    body = sentences(2 * display_text.LIMIT, seed="mayor")
    text = "\n\n".join([NAV, lede, body, lede, "Related news", LAST]) + "\n"
    path = write_article(tmp_path, text)
    page = window.open_path(path)
    qtbot.waitUntil(lambda: not page.clutter_notice.isHidden())
    view = page.view
    assert "1 repeats the lede" in page.clutter_notice.label.text()
    qtbot.mouseClick(page.clutter_notice.button, Qt.MouseButton.LeftButton)
    hidden = [b for b in blocks(view) if not b.isVisible()]
    hidden_text = "".join(b.text() + " " for b in hidden if b.text())
    assert NAV in hidden_text and "Related news" in hidden_text
    repeat = text.rindex(lede)  # the repeat, in all its lines, and nothing of the body
    in_repeat = [
        b for b in hidden if repeat <= view.offsets.from_qt(b.position()) < repeat + len(lede)
    ]
    assert len(in_repeat) >= 2 and all(not b.isVisible() for b in in_repeat)
    assert " ".join(b.text() for b in in_repeat) == lede
    shown = "".join(b.text() + " " for b in blocks(view) if b.isVisible())
    assert body in shown and lede in shown and LAST in shown
    # A passage marked after the hidden lines lands on its code points.
    start = text.index("end of January")
    view.select_span(start, start + 14)
    qtbot.keyClick(view, "1")
    page.session.save()
    (saved,) = json.loads(store.beside(path).read_text("utf-8"))["annotations"]
    assert text[slice(*span_of(saved))] == "end of January"
    qtbot.mouseClick(page.clutter_notice.button, Qt.MouseButton.LeftButton)
    assert all(b.isVisible() for b in blocks(view))


def test_a_long_paragraph_re_read_after_a_change_is_shown_in_lines(window, qtbot, tmp_path):
    path = write_article(tmp_path, ONE)
    page = open_in(window, path)
    cut = splits(page.view)[1]
    page.session.mark("claim", (cut - 10, cut + 10))
    (passage,) = page.session.model.annotations
    quote = ONE[passage.start : passage.end]
    assert " " in quote
    edited = "Correction: the figures were revised. " + ONE
    path.write_text(edited, encoding="utf-8")
    qtbot.waitUntil(lambda: page.view.text == edited, timeout=20_000)
    view = page.view
    assert view.toPlainText() == display_text.display_text(edited) != edited
    (passage,) = page.session.model.annotations
    assert edited[passage.start : passage.end] == quote
    assert len(list(blocks(view))) == len(list(display_text.line_breaks(edited))) + 1


def test_a_right_to_left_paragraph_keeps_its_direction_in_every_line(window, tmp_path):
    arabic = "قال رئيس المجلس إن التكاليف ارتفعت بسبب أسعار الصلب."
    english = "Reuters reported the figure first."
    parts, total = [], 0
    while total < 3 * display_text.LIMIT:
        parts += [arabic, english, arabic]
        total += len(arabic) * 2 + len(english) + 3
    text = " ".join(parts)
    page = open_in(window, write_article(tmp_path, text))
    shown = list(blocks(page.view))
    assert len(shown) >= 3
    assert all(b.text()[:4] == arabic[:4] for b in shown)  # each line begins in Arabic
    assert page.view.document().defaultTextOption().alignment() & Qt.AlignmentFlag.AlignRight


def test_a_long_paragraph_prints_whole_in_its_lines(window, qtbot, tmp_path, monkeypatch):
    text = sentences(3 * display_text.LIMIT, emoji="")
    page = open_in(window, write_article(tmp_path, text))
    cut = display_text.line_breaks(text)[0]
    start, end = text.rindex(" ", 0, cut - 10) + 1, text.index(" ", cut + 10)
    page.session.mark("claim", (start, end))
    out = tmp_path / "printed.pdf"

    def pdf_printer(parent):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(printing, "ask_printer", pdf_printer)
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(out.exists, timeout=10_000)
    pages = [p.extract_text().rsplit("\n", 1)[0] for p in PdfReader(out).pages]  # no numbers
    printed = " ".join(" ".join(page.split()) for page in pages)
    assert " ".join(text[:end].split()) + "[1]" in printed.replace(" [1]", "[1]")
    # (a line cut by a page's end is drawn, and read back, on both pages)
    assert all(sentence in printed for sentence in text[end:].split(". "))
    document = printing.article_document(page.session.article)
    lines = [document.findBlockByNumber(n).text() for n in range(document.blockCount())]
    assert max(map(len, lines)) <= display_text.LIMIT + 4  # (a passage's number after it)
    body = [n for n, line in enumerate(lines) if line.startswith("The council")]
    margins = [document.findBlockByNumber(n).blockFormat().topMargin() for n in body]
    assert len(body) >= 3 and margins[0] > 0 and set(margins[1:]) == {0}  # one paragraph
