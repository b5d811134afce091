"""Passages painted onto the article's blocks as they come into view."""

from __future__ import annotations

import bisect
import itertools
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QPalette, QTextBlock, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QPlainTextEdit

from annotator.ui.palette import is_dark, mix

if TYPE_CHECKING:
    from annotator.model import Annotation

LONG_PASSAGE = 4096  # code points; longer passages are kept apart in the index
PAUSE_EVERY = 1024  # marks made between two looks for the window's turn


@dataclass(frozen=True)
class HighlightIndex:
    """Passages by position, made from a list of them (on any thread)."""

    rows: list[Annotation]  # what it was made from, in order
    short: list[tuple[int, int, str]]  # (start, end, id), sorted, of the short passages
    long: dict[str, tuple[int, int]]  # the few longer ones
    tags: dict[str, str]  # passage id -> tag id
    spans: dict[str, tuple[int, int]]  # passage id -> (start, end), of them all
    starts: list[int]  # the starts of `short`


def highlight_index(passages: list[Annotation]) -> HighlightIndex:
    """The index of the passages found in the text (orphans have no place)."""
    short, long, tags = [], {}, {}
    for passage in passages:
        start, end = passage.start, passage.end
        if start is None or end is None:
            continue
        tags[passage.id] = passage.tag
        if end - start > LONG_PASSAGE:
            long[passage.id] = (start, end)
        else:
            short.append((start, end, passage.id))
    short.sort()
    spans = {pid: (start, end) for start, end, pid in short}
    spans.update(long)
    return HighlightIndex(passages, short, long, tags, spans, [start for start, _, _ in short])


@dataclass(frozen=True)
class FaintIndex:
    """Suggestions by position, made from (id, start, end, colour) marks (on any thread)."""

    short: list[tuple[int, int, str]]  # (start, end, id), sorted, of the short ones
    starts: list[int]  # their starts
    long: dict[str, tuple[int, int]]  # the few longer ones
    spans: dict[str, tuple[int, int]]  # every one's span, by id
    colors: dict[str, str]  # every one's colour name, by id


def faint_index(marks: Iterable[tuple[str, int, int, str]]) -> FaintIndex:
    """The index of suggestions shown as faint marks: 100,000 of them on a long article,
    so it is made in the thread that found them, and let go of in one piece."""
    short, long, spans, colors = [], {}, {}, {}
    for mark_id, start, end, color in marks:
        spans[mark_id] = (start, end)
        colors[mark_id] = color
        if end - start > LONG_PASSAGE:
            long[mark_id] = (start, end)
        else:
            short.append((start, end, mark_id))
    short.sort()
    return FaintIndex(short, [start for start, _, _ in short], long, spans, colors)


def faint_id(suggestion) -> str:
    """A suggestion's mark in the highlighter."""
    return f"suggestion:{suggestion.kind}:{suggestion.start}:{suggestion.end}"


def prepare_faint(rows: list, colors: dict[str, str]) -> FaintIndex:
    """The faint marks of suggestions (`colors` by kind), made in the search's thread,
    which pauses now and then for the window's turn (`background.courtesy`): 100,000
    marks are a tenth of a second of Python, and a re-read article may be taken in
    meanwhile."""
    from annotator.ui import background

    def marks() -> Iterator[tuple[str, int, int, str]]:
        for number, suggestion in enumerate(rows):
            if not number % PAUSE_EVERY:
                background.courtesy()
            yield faint_id(suggestion), suggestion.start, suggestion.end, colors[suggestion.kind]

    return faint_index(marks())


class PassageHighlighter:
    """Paints passages onto the blocks of the article as they come into view.

    Passages are indexed by position (code points), so the passages of any block are
    found by bisection and nothing is done for blocks no one looks at: opening an article
    indexes its passages and colours only the blocks on screen; a scroll colours the
    blocks it reveals; marking or removing a passage recolours its blocks. The colours
    are set on each block's layout, which Qt lays out again when it draws it.
    """

    def __init__(self, view: QPlainTextEdit, palette: QPalette) -> None:
        self._view = weakref.proxy(view)  # the view owns this; no cycle to collect
        # Passages up to LONG_PASSAGE code points, sorted by (start, end, id), and their
        # starts; the few longer ones apart, so that a block's search stays short.
        self._short: list[tuple[int, int, str]] = []
        self._starts: list[int] = []
        self._long: dict[str, tuple[int, int]] = {}
        self._spans: dict[str, tuple[int, int]] = {}
        self._colors: dict[str, str] = {}  # passage id -> colour name
        # Suggestions, apart: underlined, never filled; replaced all at once.
        self._faint_index = faint_index(())
        self._formats: dict[tuple[str, ...], QTextCharFormat] = {}
        # Paragraphs shown dimmed (clutter): sorted code-point spans, and their starts.
        self._dimmed: list[tuple[int, int]] = []
        self._dimmed_starts: list[int] = []
        self._done: set[int] = set()  # blocks whose colours match the index
        self._coloured: set[int] = set()  # blocks holding any colour at all
        self.set_palette(palette)

    def set_palette(self, palette: QPalette) -> None:
        """Choose highlight colours readable on this palette's base (recolours lazily)."""
        self._base = palette.color(QPalette.ColorRole.Base)
        self._text = palette.color(QPalette.ColorRole.Text)
        self._dark = is_dark(palette)
        self._formats.clear()
        self._dim: QTextCharFormat | None = None  # made when first needed (see `_dimmed_format`)
        self._invalidate()

    def _dimmed_format(self) -> QTextCharFormat:
        # Made on first use: a brush is the first thing to need Qt's namespace `Qt`, whose
        # enums cost the window's first paint 15 ms when they are made.
        if self._dim is None:
            self._dim = QTextCharFormat()
            self._dim.setForeground(mix(self._text, self._base, 0.55))
        return self._dim

    def set_dimmed(self, spans: Iterable[tuple[int, int]]) -> None:
        """Show these code-point spans dimmed (a passage on them keeps the text's colour)."""
        self._dimmed = sorted(spans)
        self._dimmed_starts = [start for start, _ in self._dimmed]
        self._invalidate()

    def _block_dims(self, position: int, length: int) -> list[tuple[int, int]]:
        """The dimmed stretches of the block at `position`: (start in block, length) in UTF-16."""
        if not self._dimmed:
            return []
        offsets = self._view.offsets
        first = offsets.from_qt(position)
        last = offsets.from_qt(position + length - 1)
        found = []
        for start, end in self._dimmed[: bisect.bisect_left(self._dimmed_starts, last)]:
            if end > first:
                left = offsets.to_qt(max(start, first)) - position
                right = offsets.to_qt(min(end, last)) - position
                if right > left:
                    found.append((left, right - left))
        return found

    # -- the index -----------------------------------------------------------------

    def set_passages(self, passages: Iterable[tuple[str, int, int, QColor | str]]) -> None:
        """Index every passage (id, start, end in code points, colour) afresh.

        Blocks are recoloured as they are next painted. Suggestions are kept.
        """
        short, long, spans, colors = [], {}, {}, {}
        for passage_id, start, end, color in passages:  # (10,000 on opening: kept inline)
            spans[passage_id] = (start, end)
            colors[passage_id] = color if isinstance(color, str) else color.name()
            if end - start > LONG_PASSAGE:
                long[passage_id] = (start, end)
            else:
                short.append((start, end, passage_id))
        short.sort()
        self._short, self._long, self._spans, self._colors = short, long, spans, colors
        self._starts = [start for start, _, _ in short]
        self._invalidate()

    def install(self, index: HighlightIndex, colors: dict[str, str]) -> None:
        """Show the passages of an index made elsewhere; `colors`: by tag id. Suggestions
        are kept."""
        # (its own: the index was made for this, on a worker thread, and is not kept there)
        self._short, self._long, self._starts = index.short, index.long, index.starts
        self._spans = index.spans
        self._colors = {pid: colors[tag] for pid, tag in index.tags.items()}
        self._invalidate()

    def add(self, passage_id: str, start: int, end: int, color: QColor | str) -> None:
        """Show one passage, recolouring only the blocks it touches."""
        self.remove(passage_id)
        if self._keep(passage_id, start, end, color):
            index = bisect.bisect_left(self._short, (start, end, passage_id))
            self._short.insert(index, (start, end, passage_id))
            self._starts.insert(index, start)
        self._recolour(start, end)

    def _keep(self, mark_id: str, start: int, end: int, color: QColor | str) -> bool:
        """Record a mark's span and colour; True when it belongs among the short ones
        (the caller puts it there), False when it was kept apart as a long one."""
        self._spans[mark_id] = (start, end)
        self._colors[mark_id] = color if isinstance(color, str) else color.name()
        if end - start > LONG_PASSAGE:
            self._long[mark_id] = (start, end)
            return False
        return True

    def set_faint(
        self, suggestions: Iterable[tuple[str, int, int, str]] | FaintIndex
    ) -> FaintIndex:
        """Show suggestions (id, start, end, colour), or an index of them made elsewhere,
        as faint marks in place of the last ones; gives back the index let go of."""
        old = self._faint_index
        self._faint_index = (
            suggestions if isinstance(suggestions, FaintIndex) else faint_index(suggestions)
        )
        self._invalidate()
        return old

    def add_faint(self, suggestion_id: str, start: int, end: int, color: str) -> None:
        """Show one more suggestion, recolouring only the blocks it touches."""
        self.remove_faint(suggestion_id)
        faint = self._faint_index
        faint.spans[suggestion_id] = (start, end)
        faint.colors[suggestion_id] = color
        if end - start > LONG_PASSAGE:
            faint.long[suggestion_id] = (start, end)
        else:
            index = bisect.bisect_left(faint.short, (start, end, suggestion_id))
            faint.short.insert(index, (start, end, suggestion_id))
            faint.starts.insert(index, start)
        self._recolour(start, end)

    def remove_faint(self, suggestion_id: str) -> None:
        """Stop showing one suggestion, recolouring only the blocks it touched."""
        faint = self._faint_index
        span = faint.spans.pop(suggestion_id, None)
        if span is None:
            return
        faint.colors.pop(suggestion_id, None)
        start, end = span
        if faint.long.pop(suggestion_id, None) is None:
            index = bisect.bisect_left(faint.short, (start, end, suggestion_id))
            del faint.short[index]
            del faint.starts[index]
        self._recolour(start, end)

    def remove(self, passage_id: str) -> None:
        """Stop showing a passage, recolouring only the blocks it touched."""
        span = self._spans.pop(passage_id, None)
        self._colors.pop(passage_id, None)
        if span is None:
            return
        start, end = span
        if self._long.pop(passage_id, None) is None:
            index = bisect.bisect_left(self._short, (start, end, passage_id))
            del self._short[index]
            del self._starts[index]
        self._recolour(start, end)

    def spans(self, block_number: int, faint: bool = False) -> list[tuple[int, int, str]]:
        """A block's passages (or, with `faint`, its suggestions): (start in block, length, id)."""
        block = self._view.document().findBlockByNumber(block_number)
        if not block.isValid():
            return []
        spans = self._block_spans(block.position(), block.length())
        return [span for span in spans if (span[2] in self._faint_index.spans) == faint]

    def _block_spans(self, position: int, length: int) -> list[tuple[int, int, str]]:
        """The passages on the block at `position`: (start in block, length, id) in UTF-16."""
        offsets = self._view.offsets
        first = offsets.from_qt(position)
        last = offsets.from_qt(position + length - 1)  # the end of its text, before "\n"
        found = []
        for short, starts, long in (
            (self._short, self._starts, self._long),
            (self._faint_index.short, self._faint_index.starts, self._faint_index.long),
        ):
            low = bisect.bisect_left(starts, first - LONG_PASSAGE)
            high = bisect.bisect_left(starts, last)
            found += [(s, e, pid) for s, e, pid in short[low:high] if e > first]
            found += [(s, e, pid) for pid, (s, e) in long.items() if s < last and e > first]
        spans = []
        for start, end, passage_id in found:
            span_start = offsets.to_qt(max(start, first)) - position
            span_end = offsets.to_qt(min(end, last)) - position
            if span_end > span_start:
                spans.append((span_start, span_end - span_start, passage_id))
        spans.sort()
        return spans

    # -- colouring -----------------------------------------------------------------

    def text_replaced(self) -> None:
        """The document holds a new text: no block is coloured yet."""
        self._coloured.clear()
        self._invalidate()

    def text_edited(self, first: int, last: int, added: int) -> None:
        """Blocks `first` to `last` of the document were changed in place, and it now has
        `added` blocks more (or fewer): the blocks after them have moved, and any of the
        changed ones may hold a passage's colours that no longer fit it."""
        self._coloured = {
            number if number < first else number + added
            for number in self._coloured
            if number < first or number > last
        }
        self._coloured.update(range(first, last + added + 1))
        self._invalidate()

    def _invalidate(self) -> None:
        """Recolour every block when it is next painted."""
        self._done.clear()
        self._view.viewport().update()

    def colour_visible(self) -> None:
        """Colour the blocks on screen that are not yet coloured (before they are drawn)."""
        view = self._view
        bottom = view.viewport().rect().bottom()
        top = view.contentOffset().y()
        block = view.firstVisibleBlock()
        while block.isValid() and top <= bottom:
            if block.blockNumber() not in self._done:
                self._colour(block)
            if block.isVisible():
                top += view.blockBoundingRect(block).height()
            block = block.next()

    def _recolour(self, start: int, end: int) -> None:
        """Colour the blocks of the span [start, end) now, and have them redrawn."""
        to_qt = self._view.offsets.to_qt
        block, end = self._view.document().findBlock(to_qt(start)), to_qt(end)
        while block.isValid():
            self._colour(block)
            block = block.next()
            if block.position() >= end:
                break
        self._view.viewport().update()

    def _colour(self, block: QTextBlock) -> None:
        number = block.blockNumber()
        self._done.add(number)
        spans = self._block_spans(block.position(), block.length())
        dims = self._block_dims(block.position(), block.length())
        if not spans and not dims and number not in self._coloured:
            return
        ranges = []
        for start, length in dims:  # first: a passage's colours are laid over them
            span = QTextLayout.FormatRange()
            span.start, span.length, span.format = start, length, self._dimmed_format()
            ranges.append(span)
        # Cut the block where any passage starts or ends, so an overlap gets its own look.
        cuts = sorted({p for start, length, _ in spans for p in (start, start + length)})
        for left, right in itertools.pairwise(cuts):
            covering = tuple(pid for start, length, pid in spans if start <= left < start + length)
            if covering:
                span = QTextLayout.FormatRange()
                span.start, span.length, span.format = left, right - left, self._format(covering)
                ranges.append(span)
        block.layout().setFormats(ranges)  # Qt lays the block out again when it draws it
        if ranges:
            self._coloured.add(number)
        else:
            self._coloured.discard(number)

    def _format(self, passage_ids: tuple[str, ...]) -> QTextCharFormat:
        faint = self._faint_index.colors
        solid = tuple(pid for pid in passage_ids if pid not in faint)
        if not solid:
            return self._faint_format(faint[passage_ids[0]])
        passage_ids = solid
        key = tuple(self._colors[pid] for pid in passage_ids)
        found = self._formats.get(key)
        if found is not None:
            return found
        colors = [QColor(name) for name in key]
        background = colors[0]
        for color in colors[1:]:
            background = mix(background, color, 0.5)
        if self._dark:
            background = mix(self._base, background, 0.35)  # dim: light text stays readable
        fmt = QTextCharFormat()
        if len(colors) > 1:
            # An overlap: a deeper shade, underlined in the colour of the innermost passage.
            background = background.darker(100 + 20 * (len(colors) - 1))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            underline = colors[-1].darker(160) if not self._dark else colors[-1]
            fmt.setUnderlineColor(underline)
        fmt.setBackground(background)
        fmt.setForeground(self._text)
        self._formats[key] = fmt
        return fmt

    def _faint_format(self, color: str) -> QTextCharFormat:
        """A suggestion: a dotted underline in its kind's colour, the text left as it is."""
        key = ("faint", color)
        found = self._formats.get(key)
        if found is None:
            found = QTextCharFormat()
            found.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            shade = QColor(color)
            found.setUnderlineColor(shade if self._dark else shade.darker(170))
            self._formats[key] = found
        return found
