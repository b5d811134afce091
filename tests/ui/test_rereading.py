"""The article changing on disk: re-read and re-anchored off the UI thread, with progress
shown when it takes long, and what she does meanwhile kept on top.

The re-anchoring is held mid-way with an event the test opens, so that "meanwhile" is made
to happen, not hoped for.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from annotator import article as article_module
from annotator import store
from annotator.article import open_article
from annotator.model import MOVED
from annotator.ui.session import ArticleSession
from tests import texts
from tests.ui.test_window import open_in

TEXT = texts.SCRAPED
EDITED = "Correction: the operator’s figures were revised.\n\n" + TEXT
WAIT_MS = 20_000  # what a held re-anchoring waits for the test (never this long, when right)


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "ferry.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


class Held:
    """Holds every re-anchoring of a re-read article until opened; records its threads."""

    def __init__(self, monkeypatch) -> None:
        self.entered = threading.Event()
        self.open = threading.Event()
        self.threads: list[threading.Thread] = []
        real = article_module.anchor_all

        def held(annotations, text, progress=None):
            self.threads.append(threading.current_thread())
            if progress is not None:
                progress(1)  # one settled: something to show
            self.entered.set()
            assert self.open.wait(WAIT_MS / 1000), "the test never let the re-anchoring go on"
            return real(annotations, text, progress)

        monkeypatch.setattr(article_module, "anchor_all", held)

    def wait_entered(self, qtbot) -> None:
        """Until the re-anchoring is under way (the watcher needs the event loop)."""
        qtbot.waitUntil(self.entered.is_set, timeout=WAIT_MS)


def span(quote: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def notes_on_disk(article: Path) -> dict[str, dict]:
    data = json.loads(store.beside(article).read_text(encoding="utf-8"))
    found = {}
    for annotation in data["annotations"]:
        selectors = {s["type"]: s for s in annotation["target"]["selector"]}
        quote = selectors["TextQuoteSelector"]["exact"]
        found[quote] = {"note": annotation["note"], **selectors.get("TextPositionSelector", {})}
    return found


def test_what_she_does_while_the_article_is_re_anchored_is_kept_on_top(article, qtbot, monkeypatch):
    session = ArticleSession(open_article(article), save_delay_ms=0)
    kept = session.mark("claim", span("the fuel bill doubled"))
    dropped = session.mark("person", span("Ines Moreau"))
    with qtbot.waitSignal(session.saved, timeout=WAIT_MS):
        pass
    held = Held(monkeypatch)
    reloaded = []
    session.reloaded.connect(reloaded.append)
    article.write_text(EDITED, encoding="utf-8")
    held.wait_entered(qtbot)  # the watcher saw the change; re-anchoring is under way
    assert threading.main_thread() not in held.threads
    # Meanwhile, in the text as still shown: a note typed, a passage deleted, one marked.
    session.set_note(kept.id, "check the tariff sheet")
    session.delete(dropped.id)
    added = session.mark("figure", span("About 4,800"))
    assert reloaded == [] and session.article.text == TEXT
    held.open.set()
    qtbot.waitUntil(lambda: reloaded == [TEXT], timeout=WAIT_MS)
    assert session.article.text == EDITED
    passages = {a.id: a for a in session.model.annotations}
    assert set(passages) == {kept.id, added.id}  # the deletion stands
    for passage, quote in (
        (passages[kept.id], "the fuel bill doubled"),
        (passages[added.id], "About 4,800"),
    ):
        assert (passage.start, passage.end) == span(quote, EDITED) and passage.anchor == MOVED
    assert passages[kept.id].note == "check the tariff sheet"
    assert session.undo_stack.count() == 5  # her three edits meanwhile are on the stack
    qtbot.waitUntil(
        lambda: notes_on_disk(article).keys() == {"the fuel bill doubled", "About 4,800"},
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(
        lambda: notes_on_disk(article)["About 4,800"]["start"] == span("About 4,800", EDITED)[0],
        timeout=WAIT_MS,
    )
    session.undo_stack.undo()  # the mark made meanwhile goes, in the new text too
    assert added.id not in {a.id for a in session.model.annotations}
    session.undo_stack.undo()  # the deletion undone: back, where it now stands
    restored = session.model.get(dropped.id)
    assert (restored.start, restored.end) == span("Ines Moreau", EDITED)
    session.close()


def test_a_long_re_anchoring_shows_its_progress_and_hides_it_when_done(article, qtbot, monkeypatch):
    session = ArticleSession(open_article(article), save_delay_ms=3_600_000)
    session.mark("claim", span("the fuel bill doubled"))
    session.mark("person", span("Ines Moreau"))
    held = Held(monkeypatch)
    shown = []
    session.progressChanged.connect(lambda done, total: shown.append((done, total)))
    article.write_text(EDITED, encoding="utf-8")
    held.wait_entered(qtbot)
    with qtbot.waitSignal(session.progressChanged, timeout=WAIT_MS) as progress:
        pass  # told after half a second, while it is still under way
    done, total = progress.args
    assert total == 2 and 0 <= done <= total
    held.open.set()
    qtbot.waitUntil(lambda: shown[-1] == (0, 0), timeout=WAIT_MS)  # and done
    assert session.article.text == EDITED
    session.close()


def test_a_quick_re_anchoring_shows_no_progress(article, qtbot):
    session = ArticleSession(open_article(article), save_delay_ms=3_600_000)
    session.mark("claim", span("the fuel bill doubled"))
    shown = []
    session.progressChanged.connect(lambda done, total: shown.append((done, total)))
    reloaded = []
    session.reloaded.connect(reloaded.append)
    article.write_text(EDITED, encoding="utf-8")
    qtbot.waitUntil(lambda: reloaded == [TEXT], timeout=WAIT_MS)
    assert shown == []  # done well within half a second: nothing to show
    session.close()


def test_the_page_shows_a_long_re_anchoring_as_it_goes(window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "ferry.txt"
    path.write_text(TEXT, encoding="utf-8")
    page = open_in(window, path)
    page.session.mark("claim", span("the fuel bill doubled"))
    held = Held(monkeypatch)
    path.write_text(EDITED, encoding="utf-8")
    held.wait_entered(qtbot)
    qtbot.waitUntil(page.progress.isVisible, timeout=WAIT_MS)
    assert page.progress.maximum() == 1
    held.open.set()
    qtbot.waitUntil(lambda: not page.progress.isVisible(), timeout=WAIT_MS)
    assert page.view.toPlainText() == EDITED


def test_a_re_reading_started_as_the_one_before_is_taken_in_waits_for_its_painting(
    article, qtbot, monkeypatch
):
    """The window asks workers for its turn while it takes in a re-read article and
    paints it; a re-reading of a change made meanwhile starts once that is over."""
    import time

    from annotator.ui import background, rereading

    started = []
    real = rereading.reread

    def reread(*arguments):
        started.append(time.monotonic())
        return real(*arguments)

    monkeypatch.setattr(rereading, "reread", reread)
    landed = []
    background.give_way(0.15)
    asked = time.monotonic()
    reading = rereading.Rereading(article, [], 0, None, landed.append)
    qtbot.waitUntil(lambda: landed == [reading], timeout=WAIT_MS)
    assert started and 0.1 <= started[0] - asked < WAIT_MS / 1000
    assert reading.result().reread.document.text == TEXT
    reading.deleteLater()


def test_searches_wait_while_a_changed_article_is_re_read_until_it_is_taken_in(
    article, qtbot, monkeypatch
):
    from annotator.ui import background, rereading

    held = Held(monkeypatch)
    looked: list[int] = []
    seen_on_landing: list[int] = []

    def landed(reading) -> None:
        seen_on_landing.append(len(looked))

    reading = rereading.Rereading(article, [], 0, None, landed)
    background.search(lambda: (background.courtesy(), looked.append(1)))
    held.wait_entered(qtbot)
    qtbot.wait(150)
    assert looked == []  # the search waits at its look
    held.open.set()
    qtbot.waitUntil(lambda: bool(seen_on_landing), timeout=WAIT_MS)
    assert seen_on_landing == [0]  # still waiting as it was taken in
    qtbot.waitUntil(lambda: looked == [1], timeout=WAIT_MS)  # and then on its way
    reading.deleteLater()


def test_a_re_reading_given_up_lets_searches_go_on(article, qtbot, monkeypatch):
    from annotator.ui import background, rereading

    held = Held(monkeypatch)
    looked: list[int] = []
    reading = rereading.Rereading(article, [], 0, None, lambda _reading: None)
    background.search(lambda: (background.courtesy(), looked.append(1)))
    held.wait_entered(qtbot)
    reading.abandon()
    qtbot.waitUntil(lambda: looked == [1], timeout=WAIT_MS)
    held.open.set()
    qtbot.waitUntil(reading.task.done, timeout=WAIT_MS)


def test_a_change_during_a_re_reading_gives_it_up_for_the_latest_text(article, qtbot, monkeypatch):
    """An editor that writes in place can be caught half-way: the reading of that half is
    given up when the rest lands, not finished first (in half a 10 MB article, thousands
    of passages are looked for everywhere, for minutes)."""
    session = ArticleSession(open_article(article), save_delay_ms=0)
    session.mark("claim", span("the fuel bill doubled"))
    with qtbot.waitSignal(session.saved, timeout=WAIT_MS):
        pass
    entered, release, finished = threading.Event(), threading.Event(), threading.Event()
    texts_anchored_in: list[str] = []
    went_on: list[bool] = []
    real = article_module.anchor_all

    def first_held(annotations, text, progress=None):
        texts_anchored_in.append(text)
        if len(texts_anchored_in) > 1:
            return real(annotations, text, progress)
        entered.set()
        try:
            assert release.wait(WAIT_MS / 1000), "the test never let the first reading go on"
            progress(0)  # its next look
            went_on.append(True)
            return real(annotations, text, progress)
        finally:
            finished.set()

    monkeypatch.setattr(article_module, "anchor_all", first_held)
    half = EDITED[: len(EDITED) // 2]
    article.write_text(half, encoding="utf-8")
    qtbot.waitUntil(entered.is_set, timeout=WAIT_MS)
    article.write_text(EDITED, encoding="utf-8")  # the rest of the save lands
    quote = "the fuel bill doubled"
    qtbot.waitUntil(
        lambda: notes_on_disk(article)[quote].get("start") == span(quote, EDITED)[0],
        timeout=WAIT_MS,
    )  # while the first reading is still held
    assert session.article.text == EDITED and texts_anchored_in == [half, EDITED]
    release.set()
    qtbot.waitUntil(finished.is_set, timeout=WAIT_MS)
    qtbot.wait(100)
    assert went_on == [] and session.article.text == EDITED
    session.close()


def test_an_article_read_while_still_being_written_is_shown_once_written(
    article, qtbot, monkeypatch
):
    """An editor writing in place, read half-way: that half is never shown (nor its
    passages looked for everywhere); the whole is, once the watcher sees the rest."""
    session = ArticleSession(open_article(article), save_delay_ms=0)
    session.mark("claim", span("the fuel bill doubled"))
    with qtbot.waitSignal(session.saved, timeout=WAIT_MS):
        pass
    shown: list[str] = []
    session.reloaded.connect(lambda _old: shown.append(session.article.text))
    real = article_module.read_document
    reads: list[Path] = []

    def torn(path):
        reads.append(path)
        document = real(path)
        if len(reads) == 1:  # the editor had written half when it was read...
            path.write_text(EDITED, encoding="utf-8")  # ...and writes the rest now
        return document

    monkeypatch.setattr(article_module, "read_document", torn)
    article.write_text(EDITED[: len(EDITED) // 2], encoding="utf-8")
    qtbot.waitUntil(lambda: session.article.text == EDITED, timeout=WAIT_MS)
    assert shown == [EDITED] and len(reads) >= 2
    quote = "the fuel bill doubled"
    qtbot.waitUntil(
        lambda: notes_on_disk(article)[quote].get("start") == span(quote, EDITED)[0],
        timeout=WAIT_MS,
    )
    session.close()


def test_an_article_touched_as_it_was_read_is_read_again(article, qtbot, monkeypatch):
    """Its time changed as it was read, its text did not: no change for the watcher to
    report, so the re-reading given up is started again, and the new text shown."""
    session = ArticleSession(open_article(article), save_delay_ms=0)
    session.mark("claim", span("the fuel bill doubled"))
    with qtbot.waitSignal(session.saved, timeout=WAIT_MS):
        pass
    real = article_module.read_document
    reads: list[Path] = []

    def touched(path):
        reads.append(path)
        document = real(path)
        if len(reads) == 1:
            status = path.stat()
            os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
        return document

    monkeypatch.setattr(article_module, "read_document", touched)
    article.write_text(EDITED, encoding="utf-8")
    qtbot.waitUntil(lambda: session.article.text == EDITED, timeout=WAIT_MS)
    assert len(reads) == 2
    session.close()
