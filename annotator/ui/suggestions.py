"""What the window offers to mark: the engine's suggestions, found off the GUI thread.

`SuggestionModel` lists the suggestions still offered for one article: found by
`annotator.suggest` in a worker thread (so typing and scrolling never wait for it), less
those she dismissed and those already marked. It follows the passages' model: a passage
marked, deleted, undone or merged in, or a dismissal made or undone, adds or removes the
rows concerned, row by row. Nothing here writes to the sidecar.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from annotator.drift import Drift, find_drift, story_quotes
from annotator.suggest import (
    KIND_LABELS,
    TAG_OF_KIND,
    Stopped,
    Suggestion,
    offered,
    published_day,
    suggest,
)
from annotator.text import snippet
from annotator.ui import background
from annotator.ui.qt_models import AnnotationModel, RowsModel

SHOWN_S = 0.1  # seconds workers pause for while new suggestions are painted

KIND, WHAT, WHO = range(3)
HEADERS = ("Kind", "Suggested", "Speaker or value")
_Index = QModelIndex | QPersistentModelIndex


_NO_YEAR = re.compile(r"XXXX-(\d\d)(?:-(\d\d))?")


def readable(value: str) -> str:
    """A suggestion's value as she reads it: a date whose year the article does not give
    ("XXXX-05-01", ISO 8601's way) as "1 May, year not given"; anything else as it is."""
    found = _NO_YEAR.fullmatch(value)
    if found is None:
        return value
    from PySide6.QtCore import QLocale

    month = QLocale().standaloneMonthName(int(found.group(1)))
    day = f"{int(found.group(2))} " if found.group(2) else ""
    return f"{day}{month}, year not given"


class _Mark(NamedTuple):
    """A passage's span as it stood when a search began (read in the search's thread)."""

    start: int | None
    end: int | None

    @property
    def orphaned(self) -> bool:
        return self.start is None or self.end is None


class _Relay(QObject):
    """Carries a worker's result to the GUI thread; made in the worker, so that a model
    deleted meanwhile (its article closed) is simply no longer connected to it."""

    found = Signal(int, object, object)  # (generation, suggestions, drift)


class SuggestionModel(RowsModel):
    """The suggestions still offered for one article, in document order."""

    HEADERS = HEADERS

    ready = Signal()  # the suggestions for the article's current text have been found

    def __init__(self, passages: AnnotationModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.passages = passages
        self.found: list[Suggestion] = []  # everything the engine found in the text
        self.rows: list[Suggestion] = []  # what is still offered
        self.drift: dict[tuple[str, int, int], list[Drift]] = {}  # quotations read elsewhere
        self.companions: dict[str, str] = {}  # other open articles: file name -> text
        self.computing = False
        self._generation = 0
        self._stop = threading.Event()  # set: the search under way is no longer wanted
        self._pending = False  # a search asked for by compute_soon, not yet started
        self._found_in: str | None = None  # the text `found` was found in
        self._searching_in: str | None = None  # the text being searched
        self._marks: tuple[list[tuple[int | None, int | None]], list[dict[str, Any]]] | None = None
        # Set by whoever shows the suggestions: makes, in the search's thread, what it needs
        # to show the rows offered (with their colours, by kind) — a plain function: it
        # must hold no Qt object. What it made waits in `_made` to be taken (`take_made`).
        self.prepare_rows: Callable[[list[Suggestion], dict[str, str]], object] | None = None
        self._made: tuple[list[Suggestion], dict[str, str], object] | None = None
        # Once per change of the notes (once for a whole merge), not once per row.
        for change in (passages.edited, passages.layoutChanged, passages.modelReset):
            change.connect(self.refilter)

    # -- finding -----------------------------------------------------------------------

    def compute_soon(self) -> None:
        """`compute` once the event loop turns again: after the article's first paint,
        which would otherwise share Python's lock with the search (a 10 MB article's
        first paint took 4 s instead of 0.4)."""
        self.computing = self._pending = True
        if self.passages.article.text is not self._found_in and self.found:
            self._withdraw()  # found in the text before: their places mean nothing in this
        background.after_painting(self, lambda: self._pending and self.compute())

    def stop(self) -> None:
        """Stop the search under way, if any (its article is being closed): the thread
        ends at its next look, instead of working seconds more for no one."""
        self._pending = False
        self._stop.set()

    def compute(self) -> None:
        """Find the suggestions of the article's current text, in a thread of their own."""
        self._pending = False
        self._generation += 1
        self.computing = True
        generation = self._generation
        text = self.passages.article.text
        if text is not self._found_in and self.found:
            self._withdraw()  # found in the text before: their places mean nothing in this
        self._searching_in = text
        published = published_day(self.passages.sidecar)
        path, companions = self.passages.article.path, dict(self.companions)
        marks = self._current_marks()  # what is offered is worked out there too, for these
        prepare, colors = self.prepare_rows, self._colors()

        self._stop.set()  # the search before this one, if it still runs: its text is gone
        stop = self._stop = threading.Event()

        def stopped() -> bool:  # asked at each quotation, figure and date
            background.courtesy()
            return stop.is_set()

        def work() -> None:
            try:
                found = suggest(text, published=published, stop=stopped)
            except Stopped:
                return
            drift = find_drift(found, story_quotes(path, companions))
            if stopped():  # (and between the steps after: a tenth of a second each)
                return
            spans = [_Mark(start, end) for start, end in marks[0]]
            rows = offered(found, marks[1], spans, background.courtesy)
            if stopped():
                return
            made = (rows, colors, prepare(rows, colors)) if prepare else None
            wanted = (marks, rows, made)
            relay = _Relay()
            try:
                relay.found.connect(self._take, Qt.ConnectionType.QueuedConnection)
            except RuntimeError:
                return  # the article was closed meanwhile
            background.emit(relay.found, generation, found, (drift, wanted))

        background.search(work)

    def _take(self, generation: int, found: list[Suggestion], extra: tuple) -> None:
        if generation != self._generation:
            return  # the text changed meanwhile: a newer search is under way
        # The Suggested list and the article's faint marks are painted anew: the search
        # queued next (the clutter finder) pauses meanwhile, or each cell painted waits
        # for the interpreter's lock in turn (a stall of 50-130 ms at 10 MB).
        background.give_way(SHOWN_S)
        (drift, (marks, wanted, made)) = extra
        self.computing = False
        self.found = found
        self._found_in = self._searching_in
        self.drift = drift
        self._marks = None
        if marks == self._current_marks():  # (else passages moved meanwhile: filter again)
            self._marks = marks
            self._made = made
            self._show(wanted)
            self._made = None  # (taken by now, if it was wanted)
        self.refilter()  # (nothing to do when the marks are those filtered for)
        # 100,000 suggestions live on until the next search: left out of the cyclic
        # collector's walks of everything (20-30 ms each, holding the interpreter while
        # she works), as an article's passages are once it is open (`autosave.settled`).
        gc.freeze()
        self.ready.emit()

    def take_made(self, rows: list[Suggestion]) -> object:
        """What `prepare_rows` made for exactly these rows with the colours they have now,
        once (None: nothing was made for them)."""
        made, self._made = self._made, None
        if made is not None and made[0] is rows and made[1] == self._colors():
            return made[2]
        return None

    def _colors(self) -> dict[str, str]:
        """The colour of each kind of suggestion (its tag's)."""
        return {kind: self.passages.sidecar.tag_color(tag) for kind, tag in TAG_OF_KIND.items()}

    def _current_marks(self) -> tuple[list[tuple[int | None, int | None]], list[Any]]:
        """The passages' spans and the dismissals: what decides what is offered."""
        sidecar = self.passages.sidecar
        return [(a.start, a.end) for a in sidecar.annotations], list(sidecar.dismissed)

    def _withdraw(self) -> None:
        """Offer nothing until the new text's suggestions are found."""
        found, rows = self.found, self.rows
        self.found, self.drift, self._marks = [], {}, None
        if self.rows:
            self.beginResetModel()
            self.rows = []
            self.endResetModel()
        background.let_go(found, rows)  # 100,000 of them: freed on a thread of its own

    def refilter(self, *_args: object) -> None:
        """Offer what is neither dismissed nor marked: rows come and go one by one."""
        if not self.found and not self.rows:
            self._marks = None  # nothing found yet: nothing to offer, whatever the marks
            return
        sidecar = self.passages.sidecar
        marks = self._current_marks()
        if marks == self._marks:
            return  # a note or a status changed: what is offered did not
        self._marks = marks
        self._show(offered(self.found, sidecar.dismissed, sidecar.annotations))

    def _show(self, wanted: list[Suggestion]) -> None:
        """Offer `wanted`: all at once when much changed, else row by row."""
        if wanted == self.rows:
            return
        if not self.rows or not wanted or abs(len(wanted) - len(self.rows)) > 50:
            self.beginResetModel()
            self.rows = wanted
            self.endResetModel()
            return
        keep = {s.key for s in wanted}
        row = 0
        while row < len(self.rows):  # take out what is no longer offered
            if self.rows[row].key not in keep:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.endRemoveRows()
            else:
                row += 1
        have = {s.key for s in self.rows}
        for index, suggestion in enumerate(wanted):  # and put back what is offered again
            if suggestion.key not in have:
                self.beginInsertRows(QModelIndex(), index, index)
                self.rows.insert(index, suggestion)
                self.endInsertRows()

    # -- reading -----------------------------------------------------------------------

    def suggestion(self, row: int) -> Suggestion | None:
        """The suggestion on a row, or None."""
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, suggestion: Suggestion) -> int:
        """The row of a suggestion, or -1."""
        for row, candidate in enumerate(self.rows):
            if candidate.key == suggestion.key:
                return row
        return -1

    def item_data(self, suggestion: Suggestion, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == KIND:
                return KIND_LABELS[suggestion.kind]
            if column == WHAT:
                return snippet(suggestion.exact, 80)
            who = suggestion.speaker_name or readable(suggestion.value)
            return f"⚠ {who}" if suggestion.key in self.drift else who
        if role == Qt.ItemDataRole.DecorationRole and column == KIND:
            return QColor(self.color(suggestion))
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [snippet(suggestion.exact, 300)]
            if suggestion.speaker_name:
                lines.append(f"Speaker: {suggestion.speaker_name}")
            if suggestion.value:
                lines.append(f"Reads as: {readable(suggestion.value)}")
            lines.extend(f"⚠ {d.message()}" for d in self.drift.get(suggestion.key, []))
            lines.append(f"Confidence {suggestion.confidence:.0%}")
            lines.append("Enter or a tag's key marks it; Delete dismisses it")
            return "\n".join(lines)
        return None

    def note(self, suggestion: Suggestion) -> str:
        """The note an accepted suggestion starts with: who said it, and how it reads elsewhere."""
        lines = [suggestion.note(), *(d.message() for d in self.drift.get(suggestion.key, []))]
        return "\n".join(line for line in lines if line)

    def color(self, suggestion: Suggestion) -> str:
        """The colour of the tag a suggestion would be marked with."""
        return self.passages.sidecar.tag_color(TAG_OF_KIND[suggestion.kind])
