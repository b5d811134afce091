"""A re-read article shown: a change made in the document on screen (Qt lays out only
what changed), or a new document when the text changed throughout; colours, hidden
clutter and the reader's place follow the text."""

from __future__ import annotations

import itertools
import threading

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from annotator.ui import prepared_text
from annotator.ui.article_view import ArticleView
from annotator.ui.offsets import Offsets
from tests.ui.test_sources import LEDE, NAV, SCRAPED, open_scraped
from tests.ui.test_window import drag_select, on_disk, open_in

WAIT_MS = 20_000
NOTE = "Editor’s note: this article was updated on Wednesday 📝.\n\n"


def _utf16(text: str) -> list[int]:
    data = text.encode("utf-16-le")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]


@given(
    st.text(alphabet="ab \n😀é", max_size=40),
    st.text(alphabet="ab \n😀é", max_size=40),
    st.integers(min_value=1, max_value=5),
)
def test_an_edit_turns_the_old_text_into_the_new_in_utf16(old, new, piece):
    """Applied to what Qt holds (UTF-16), the edit gives the new text exactly; pieces
    compared as small as one code point find the same stretch as one comparison."""
    real = prepared_text._COMPARED
    prepared_text._COMPARED = piece  # (not monkeypatch: Hypothesis calls this many times)
    try:
        edit = prepared_text._edit(old, old, new, Offsets(new))
    finally:
        prepared_text._COMPARED = real
    held = _utf16(old)
    held[edit.start : edit.end] = _utf16(edit.text)
    assert held == _utf16(new)
    # The shortest such stretch: what both texts start and end with is left out of it.
    prefix = Offsets(new).from_qt(edit.start)
    suffix = len(new) - prefix - len(edit.text)
    assert prefix == _shared_start(old, new)
    most = min(len(old), len(new)) - prefix
    assert suffix == min(most, _shared_start(old[::-1], new[::-1]))


def _shared_start(a: str, b: str) -> int:
    """How many first characters `a` and `b` share, counted one by one."""
    shorter = min(len(a), len(b))
    return next((i for i in range(shorter) if a[i] != b[i]), shorter)


def test_a_paragraph_added_on_disk_is_put_in_the_document_shown(window, qtbot, tmp_path):
    path = tmp_path / "scraped.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    page = open_in(window, path)
    view = page.view
    drag_select(view, SCRAPED, "end of January")
    qtbot.keyClick(view, "1")
    view.grab()  # painted: the passage's block holds its colour
    assert _highlighted(view) == ["end of January"]
    made_on = []
    real = page.session.prepare_text

    def prepare(*arguments, **keywords):
        made_on.append(threading.current_thread())
        return real(*arguments, **keywords)

    page.session.prepare_text = prepare
    document = view.document()
    path.write_text(NOTE + SCRAPED, encoding="utf-8")
    qtbot.waitUntil(lambda: view.text == NOTE + SCRAPED, timeout=WAIT_MS)
    assert made_on and threading.main_thread() not in made_on
    assert view.document() is document  # changed where it stood, not made anew
    assert view.toPlainText() == NOTE + SCRAPED
    assert document.blockCount() == (NOTE + SCRAPED).count("\n") + 1
    view.grab()
    assert _highlighted(view) == ["end of January"]  # its colour where its words now are
    (passage,) = page.session.model.annotations
    assert (NOTE + SCRAPED)[passage.start : passage.end] == "end of January"
    # Deleted, its colour goes: the block holding it, moved down, is known to be coloured.
    page.panel.select(passage.id)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    view.grab()
    assert _highlighted(view) == []
    page.session.save()
    assert on_disk(path) == []


def _highlighted(view) -> list[str]:
    """The text of every stretch painted with a background (a passage's colour)."""
    found = []
    block = view.document().begin()
    while block.isValid():
        for span in block.layout().formats():
            if span.format.background().style() != Qt.BrushStyle.NoBrush:
                found.append(block.text()[span.start : span.start + span.length])
        block = block.next()
    return found


def test_an_article_changed_throughout_is_shown_in_a_new_document(
    window, qtbot, tmp_path, monkeypatch
):
    path = tmp_path / "scraped.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    page = open_in(window, path)
    monkeypatch.setattr(prepared_text, "EDIT_LIMIT", 10)  # every change "throughout"
    first = page.view.document()
    changed = SCRAPED.replace("the", "THE")
    path.write_text(changed, encoding="utf-8")
    qtbot.waitUntil(lambda: page.view.text == changed, timeout=WAIT_MS)
    assert page.view.document() is not first
    assert page.view.document().parent() is page.view
    assert page.view.toPlainText() == changed
    path.write_text(SCRAPED, encoding="utf-8")  # and again: the document shown before goes
    qtbot.waitUntil(lambda: page.view.toPlainText() == SCRAPED, timeout=WAIT_MS)


def test_hidden_clutter_stays_hidden_when_a_paragraph_is_added_above(window, qtbot, tmp_path):
    page = open_scraped(window, tmp_path, qtbot)
    qtbot.mouseClick(page.clutter_notice.button, Qt.MouseButton.LeftButton)  # Hide
    hidden = [b.text() for b in _blocks(page) if not b.isVisible()]
    assert hidden == [NAV, "", LEDE, "", "Related news", ""]
    path = page.path
    path.write_text(NOTE + SCRAPED, encoding="utf-8")
    qtbot.waitUntil(lambda: page.view.text == NOTE + SCRAPED, timeout=WAIT_MS)
    # At once (the same paragraphs, now lower down), and once clutter is looked for again.
    assert [b.text() for b in _blocks(page) if not b.isVisible()] == hidden
    qtbot.wait(300)
    assert [b.text() for b in _blocks(page) if not b.isVisible()] == hidden
    qtbot.mouseClick(page.clutter_notice.button, Qt.MouseButton.LeftButton)  # Show
    assert all(b.isVisible() for b in _blocks(page))


def _blocks(page):
    block = page.view.document().begin()
    while block.isValid():
        yield block
        block = block.next()


FIFTY = "\n\n".join(f"Paragraph {n} of the report 😀." for n in range(50))


def _shown_with_a_note_added(qtbot, passages=(), hidden=()):
    """A view showing fifty paragraphs, painted, then given the same text with a
    paragraph added above, as a re-read article is (two blocks more)."""
    text = FIFTY
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(600, 2000)
    view.set_article(text, list(passages))
    view.set_clutter([], list(hidden))
    view.show()
    qtbot.waitExposed(view)
    view.grab()
    new = NOTE + text
    prepared = prepared_text.prepare_document(new, [], before=text)
    assert prepared.edit is not None and prepared.document is None
    view.set_article(new, [], prepared)
    return view, text


def test_a_colour_moved_down_by_an_edit_is_cleared_when_its_passage_goes(qtbot):
    passages = []
    for name in ("Paragraph 0", "Paragraph 20"):  # in the block changed, and one below
        start = FIFTY.index(name)
        passages.append((name, start, start + len("Paragraph"), "#ffd54f"))
    view, _text = _shown_with_a_note_added(qtbot, passages=passages)
    view.grab()
    assert _highlighted(view) == []  # re-read with no passage on it: its colour is gone


def test_clutter_hidden_before_an_edit_is_shown_again_where_it_moved(qtbot):
    start = FIFTY.index("Paragraph 10")
    paragraph = (start, FIFTY.index("\n", start))
    view, _text = _shown_with_a_note_added(qtbot, hidden=[paragraph])
    hidden = [b.text() for b in _view_blocks(view) if not b.isVisible()]
    assert hidden == ["Paragraph 10 of the report 😀.", ""]  # moved down with its text
    view.set_clutter([], [])  # shown again
    assert all(b.isVisible() for b in _view_blocks(view))


def _view_blocks(view):
    block = view.document().begin()
    while block.isValid():
        yield block
        block = block.next()


def test_her_place_and_selection_are_kept_when_words_change_throughout(
    window, qtbot, tmp_path, monkeypatch
):
    paragraphs = [f"Paragraph {n}: the council met on the {n}th and voted." for n in range(120)]
    text = "\n\n".join(paragraphs) + "\n"
    path = tmp_path / "minutes.txt"
    path.write_text(text, encoding="utf-8")
    page = open_in(window, path)
    view = page.view
    drag_select(view, text, "Paragraph 80: the council")
    view.scroll_to(text.index("Paragraph 70:"))
    qtbot.waitUntil(lambda: view.firstVisibleBlock().text().startswith("Paragraph 70:"))
    for limit in (prepared_text.EDIT_LIMIT, 10):  # one stretch edited; a new document
        monkeypatch.setattr(prepared_text, "EDIT_LIMIT", limit)
        text = text.replace("council", "Council" if limit > 10 else "board")
        path.write_text(text, encoding="utf-8")
        qtbot.waitUntil(lambda text=text: view.text == text, timeout=WAIT_MS)
        assert view.firstVisibleBlock().text().startswith("Paragraph 70:")
        assert view.selected_text() in ("Paragraph 80: the Council", "Paragraph 80: the board")


def test_a_document_made_anew_looks_as_the_one_before(window, qtbot, tmp_path, monkeypatch):
    """A text changed throughout is put in a new document on a worker thread, in her
    type size, margin and wrapping, set against the right edge once it is in Arabic;
    zoomed while it was being made, it is shown in her new size all the same."""
    from tests import texts

    monkeypatch.setattr(prepared_text, "EDIT_LIMIT", 10)  # every change: a new document
    text = "The spokesman said ridership rose to 4800 a day.\n\n" * 20
    path = tmp_path / "arabic.txt"
    path.write_text(text, encoding="utf-8")
    page = open_in(window, path)
    view = page.view
    window.menus.zoom_in_action.trigger()
    before = view.document()
    looks = (before.documentMargin(), before.defaultTextOption().wrapMode())
    made, go_on = threading.Event(), threading.Event()
    for size_changes, (old, new) in ((False, (text, texts.ARABIC * 20)), (True, ("٤٨", "٤٩"))):
        real = page.session.prepare_text

        def prepare(*arguments, real=real, hold=size_changes, **keywords):
            prepared = real(*arguments, **keywords)
            if hold:
                made.set()
                go_on.wait(WAIT_MS / 1000)  # until she has zoomed in again
            return prepared

        page.session.prepare_text = prepare
        text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
        if size_changes:
            qtbot.waitUntil(made.is_set, timeout=WAIT_MS)
            window.menus.zoom_in_action.trigger()
            go_on.set()
        qtbot.waitUntil(lambda text=text: view.text == text, timeout=WAIT_MS)
        document = view.document()
        assert document is not before and document.toPlainText() == text
        assert document.defaultFont().pointSizeF() == view.font().pointSizeF()
        assert (document.documentMargin(), document.defaultTextOption().wrapMode()) == looks
        assert document.defaultTextOption().alignment() & Qt.AlignmentFlag.AlignRight
        assert view.grab().width() > 0  # laid out and painted as shown
        before = document


def test_the_document_shown_before_is_freed_a_piece_at_a_time(qtbot):
    """The document a new one replaces is emptied a piece per turn of the window's, then
    deleted (deleted at once, a long one holds the window), none of its lines laid out
    meanwhile; the new one is untouched."""
    from PySide6.QtWidgets import QApplication

    long = "".join(f"Paragraph {n} of the report 😀.\n\n" for n in range(40_000))
    view = ArticleView()
    qtbot.addWidget(view)
    view.set_article(long, [])
    view.show()
    old = view.document()
    new = long.replace("report", "Report")
    view.set_article(new, [], prepared_text.prepare_document(new, [], before=long))
    assert view.document() is not old
    gone = []
    old.destroyed.connect(lambda *_: gone.append(True))
    lengths = [old.characterCount()]
    laid_out = []  # lines laid out of what is being let go of (the time wasted on fonts)
    while not gone:
        QApplication.processEvents()
        if not gone and old.characterCount() < lengths[-1]:  # a piece freed
            lengths.append(old.characterCount())
            laid_out.append(old.lastBlock().layout().lineCount())
    freed = [a - b for a, b in itertools.pairwise(lengths)]
    assert len(freed) >= lengths[0] // prepared_text.DISMANTLED_PIECE
    assert max(freed) <= prepared_text.DISMANTLED_PIECE + 1
    assert not any(laid_out)
    assert view.toPlainText() == new
