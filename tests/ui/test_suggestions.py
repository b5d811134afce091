"""Suggestions in the window: offered as faint marks and a Suggested list, found off the
GUI thread; a key accepts, Delete dismisses, both undoable; nothing written until then."""

from __future__ import annotations

import gc
import json
import statistics
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from annotator import store
from annotator.article import open_article
from annotator.ui.session import ArticleSession
from tests import texts

CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)


def sidecar_on_disk(article: Path) -> dict | None:
    path = store.beside(article)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def suggested_rows(page) -> list[tuple[str, str, str]]:
    """The Suggested list as she reads it: kind, text, speaker or value."""
    model = page.panel.suggested.model()
    return [
        tuple(model.index(row, column).data() or "" for column in range(3))
        for row in range(model.rowCount())
    ]


def click_row(qtbot, page, exact: str) -> None:
    """Click the row of the suggestion that reads `exact`, as she would."""
    table = page.panel.suggested
    row = next(i for i, (_k, what, _w) in enumerate(suggested_rows(page)) if what == exact)
    index = table.model().index(row, 1)
    table.scrollTo(index)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
    )
    assert table.currentIndex().row() == row


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "ferry.txt"
    path.write_text(texts.SCRAPED, encoding="utf-8")
    return path


def open_page(window, qtbot, article: Path):
    page = window.open_path(article)
    assert page is not None
    qtbot.waitUntil(lambda: page.panel.suggested.model().rowCount() > 0, timeout=5000)
    return page


def test_accept_by_key_and_dismiss_by_delete_reach_the_sidecar(window, qtbot, article):
    page = open_page(window, qtbot, article)
    rows = suggested_rows(page)
    assert ("Quote", "Something had to give.", "Ines Moreau") in rows
    assert ("Figure", "33%", "33%") in rows
    assert page.panel.suggested_label.text() == f"Suggested ({len(rows)})"
    assert sidecar_on_disk(article) is None  # offered, never written
    # Faint marks in the article, and no passage yet.
    text = texts.SCRAPED
    block = page.view.document().findBlock(text.index("Something had to give."))
    assert page.view.highlighter.spans(block.blockNumber(), faint=True)
    assert page.view.highlighter.spans(block.blockNumber()) == []

    # Accept a quotation with the Quote tag's key: a passage, the speaker in its note.
    click_row(qtbot, page, "Something had to give.")
    qtbot.keyClick(page.panel.suggested, "2")
    qtbot.waitUntil(lambda: bool((sidecar_on_disk(article) or {}).get("annotations")))
    [passage] = sidecar_on_disk(article)["annotations"]
    assert (passage["tag"], passage["note"]) == ("quote", "Speaker: Ines Moreau")
    quote = next(s for s in passage["target"]["selector"] if s["type"] == "TextQuoteSelector")
    assert quote["exact"] == "Something had to give."
    assert "Something had to give." not in [what for _k, what, _w in suggested_rows(page)]
    assert page.view.highlighter.spans(block.blockNumber())  # now a real highlight

    # Dismiss a figure with Delete: remembered in the sidecar, the passage untouched.
    click_row(qtbot, page, "33%")
    qtbot.keyClick(page.panel.suggested, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "dismissed" in (sidecar_on_disk(article) or {}))
    saved = sidecar_on_disk(article)
    [dismissed] = saved["dismissed"]
    assert dismissed["kind"] == "figure" and dismissed["exact"] == "33%"
    assert text[dismissed["start"] : dismissed["end"]] == "33%"
    assert len(saved["annotations"]) == 1
    assert [what for _k, what, _w in suggested_rows(page)].count("33%") == 1  # the lede's twin

    # Both are ordinary edits: undo brings the suggestion back, redo dismisses it again.
    qtbot.keyClick(page.panel.suggested, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: "dismissed" not in sidecar_on_disk(article))
    assert [what for _k, what, _w in suggested_rows(page)].count("33%") == 2
    qtbot.keyClick(page.panel.suggested, Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.waitUntil(lambda: "dismissed" in sidecar_on_disk(article))

    # Opened again, the dismissed figure and the marked quote are not offered.
    assert window.close_page(page)
    page = open_page(window, qtbot, article)
    again = [what for _k, what, _w in suggested_rows(page)]
    assert again.count("33%") == 1 and "Something had to give." not in again


def test_enter_accepts_with_the_kinds_tag_and_the_toggle_hides_them_all(window, qtbot, article):
    page = open_page(window, qtbot, article)
    click_row(qtbot, page, "4,800 passengers")
    qtbot.keyClick(page.panel.suggested, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool((sidecar_on_disk(article) or {}).get("annotations")))
    [passage] = sidecar_on_disk(article)["annotations"]
    assert passage["tag"] == "figure"
    assert page.panel.suggested.hasFocus()  # on to the next one, from the keyboard

    qtbot.keyClick(page.view, Qt.Key.Key_S, CTRL | ALT)  # View ▸ Show Suggestions
    assert not window.menus.suggestions_action.isChecked()
    assert not page.panel.suggested.isVisible()
    for number in range(page.view.document().blockCount()):
        assert page.view.highlighter.spans(number, faint=True) == []
    assert window.settings.show_suggestions is False
    qtbot.keyClick(page.view, Qt.Key.Key_S, CTRL | ALT)
    assert page.panel.suggested.isVisible()
    assert any(
        page.view.highlighter.spans(n, faint=True) for n in range(page.view.document().blockCount())
    )


def test_a_megabyte_article_never_blocks_the_window(window, qtbot, tmp_path):
    """While a 1 MB article's suggestions are found, the event loop keeps turning."""
    big = tmp_path / "long.txt"
    text = (texts.SCRAPED * (1_000_000 // len(texts.SCRAPED) + 1))[:1_000_000]
    big.write_text(text, encoding="utf-8")
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    gc.collect()  # the garbage of earlier tests is not this window's to sweep
    page = window.open_path(big)
    assert page.session.suggestions.computing
    last[0] = time.perf_counter()
    timer.start()
    qtbot.waitUntil(lambda: not page.session.suggestions.computing, timeout=20000)
    timer.stop()
    # The loop turned as often as the timer asked while the worker read the article, and
    # never stopped long enough to be seen (a frame lost now and then on a loaded machine).
    assert len(gaps) >= 5 and statistics.median(gaps) < 0.03
    assert max(gaps) < 0.2
    assert page.panel.suggested.model().rowCount() > 1000


def test_the_session_accepts_and_dismisses_as_undoable_commands(qtbot, article):
    session = ArticleSession(open_article(article))
    with qtbot.waitSignal(session.suggestions.ready, timeout=5000):
        pass
    model = session.suggestions
    quote = next(s for s in model.rows if s.exact == "Something had to give.")
    figure = next(s for s in model.rows if s.exact == "4,800 passengers")
    before = model.rowCount()
    passage = session.accept_suggestion(quote)
    assert passage.note == "Speaker: Ines Moreau" and passage.tag == "quote"
    session.dismiss_suggestion(figure)
    assert model.rowCount() == before - 2
    assert session.article.sidecar.dismissed[0]["exact"] == "4,800 passengers"
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert model.rowCount() == before and session.article.sidecar.dismissed == []
    assert session.model.rowCount() == 0
    session.close()
    session.deleteLater()


def test_a_quote_that_reads_differently_in_another_open_article_is_flagged(window, qtbot, tmp_path):
    ours = tmp_path / "ours" / "ferry.txt"
    theirs = tmp_path / "wire" / "agency-copy.txt"
    for path in (ours, theirs):
        path.parent.mkdir()
    ours.write_text(texts.SCRAPED, encoding="utf-8")
    theirs.write_text(
        "“We held prices for six years and the fuel costs doubled,” said Ines Moreau.\n",
        encoding="utf-8",
    )
    open_page(window, qtbot, theirs)
    page = window.open_path(ours)  # another folder: compared because it is open
    qtbot.waitUntil(lambda: not page.session.suggestions.computing and bool(suggested_rows(page)))
    exact = "We held prices for six years and the fuel bill doubled,"
    row = next(r for r in suggested_rows(page) if r[1] == exact)
    assert row == ("Quote", exact, "⚠ Ines Moreau")
    model = page.panel.suggested.model()
    tip = model.index(model.row_of(next(s for s in model.rows if s.exact == exact)), 1).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "⚠ this quote reads differently in agency-copy.txt" in tip
    click_row(qtbot, page, exact)
    qtbot.keyClick(page.panel.suggested, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool((sidecar_on_disk(ours) or {}).get("annotations")))
    [passage] = sidecar_on_disk(ours)["annotations"]
    assert passage["note"].splitlines() == [
        "Speaker: Ines Moreau",
        "this quote reads differently in agency-copy.txt: "
        "“We held prices for six years and the fuel costs doubled,”",
    ]


def test_a_colleagues_dismissal_and_mark_merged_from_disk_take_rows_away(qtbot, article):
    session = ArticleSession(open_article(article))
    with qtbot.waitSignal(session.suggestions.ready, timeout=5000):
        pass
    model = session.suggestions
    before = model.rowCount()
    # A colleague marks every quotation from the command line and dismisses a figure.
    from annotator.cli import main

    assert main(["suggest", str(article), "--accept", "quote"]) == 0
    colleague = open_article(article)
    figure = next(s for s in model.rows if s.exact == "4,800 passengers")
    colleague.sidecar.dismissed.append(
        {"kind": "figure", "start": figure.start, "end": figure.end, "exact": figure.exact}
    )
    colleague.save()
    assert session.merge_from_disk()
    assert [s.kind for s in model.rows].count("quote") == 0
    assert "4,800 passengers" not in [s.exact for s in model.rows]
    assert model.rowCount() == before - 4  # three quotations and one figure
    session.close()
    session.deleteLater()


def test_a_date_without_its_year_reads_as_words_in_the_list(window, qtbot, tmp_path):
    path = tmp_path / "council.txt"
    path.write_text(
        "The council met in January to discuss the harbour wall.\n\n"
        "On 3 May it voted to spend more, and the work began on 14 June 2021.\n",
        encoding="utf-8",
    )
    page = open_page(window, qtbot, path)
    values = {what: value for _kind, what, value in suggested_rows(page)}
    assert values["January"] == "January, year not given"
    assert values["3 May"] == "3 May, year not given"
    assert values["14 June 2021"] == "2021-06-14"  # a whole date stays as ISO 8601 writes it


def test_a_search_no_longer_wanted_stops_before_its_last_steps(qtbot, article, monkeypatch):
    """A search of a text since replaced (a changed article taken in) stops between the
    steps after finding (drift, what is offered, the marks), not only while finding."""
    import threading

    from annotator.ui import suggestions

    session = ArticleSession(open_article(article))
    with qtbot.waitSignal(session.suggestions.ready, timeout=5000):
        pass
    model = session.suggestions
    entered, go_on = threading.Event(), threading.Event()
    real = suggestions.find_drift
    calls = []

    def find_drift(found, quotes):
        calls.append(1)
        if len(calls) == 1:  # the first search waits here until the second is asked for
            entered.set()
            go_on.wait(10)
        return real(found, quotes)

    monkeypatch.setattr(suggestions, "find_drift", find_drift)
    prepared = []
    model.prepare_rows = lambda rows, colors: prepared.append(len(rows))
    model.compute()
    assert entered.wait(10)
    with qtbot.waitSignal(model.ready, timeout=10_000):
        model.compute()  # the text is the same: the search before is no longer wanted
        go_on.set()
    assert len(calls) == 2 and len(prepared) == 1  # the first stopped before its marks
    session.close()
    session.deleteLater()
