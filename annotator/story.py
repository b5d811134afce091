"""A story: the supported sources of one folder, each summed up from its sidecar alone.

The story view lists every article of a folder with what is still to do on it. It must
stay fast on hundreds of articles, so it never opens, decodes or re-anchors an article:
it reads each sidecar once with orjson, keeps what it needs (counts, and each passage's
quote and note for the search), and reads it again only when its size or modification
time changed. Only how many passages an article's text no longer holds needs the
article itself: `Story.not_found` reads it, afterwards and apart. No Qt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import orjson

from annotator.formats import SUPPORTED
from annotator.model import ORPHANED
from annotator.store import SUFFIX, fallback, locate

_SUPPORTED = frozenset(SUPPORTED)
_POSITION, _QUOTE = "TextPositionSelector", "TextQuoteSelector"


class Passage(NamedTuple):
    """One passage as the search sees it: the quote, the note, where it was stored."""

    id: str
    quote: str
    note: str
    start: int  # as stored (-1 when the sidecar holds no position)


@dataclass(eq=False)
class Summary:
    """One source of the story, summed up from its sidecar (all zero without one)."""

    path: Path
    title: str
    passages: int = 0
    to_verify: int = 0
    disputed: int = 0
    review: int = 0  # moved, changed or ambiguous, awaiting her review
    orphaned: int = 0  # recorded with no position in the sidecar
    problem: str = ""  # why the sidecar could not be read ("" when it could)
    found: tuple[Passage, ...] = ()
    _haystack: str | None = field(default=None, repr=False)  # every quote and note, folded

    def haystack(self) -> str:
        """Every quote and note of the article, case-folded, one string (made when first searched)."""
        if self._haystack is None:
            self._haystack = "\x00".join(f"{p.quote}\x00{p.note}" for p in self.found).casefold()
        return self._haystack


def sources(folder: Path) -> list[Path]:
    """The supported article files of a folder (not sidecars, not hidden files), by name."""
    return [Path(folder, name) for name in _listing(str(folder))[0]]


Stamp = tuple[int, int]  # a sidecar's (modification time in ns, size)


def _listing(folder: str) -> tuple[list[str], dict[str, Stamp]]:
    """The names of the folder's supported articles, sorted, and its sidecars' stamps."""
    found, stamps = [], {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.endswith(SUFFIX):
                    try:
                        status = entry.stat()
                    except OSError:
                        continue
                    stamps[name] = (status.st_mtime_ns, status.st_size)
                elif (
                    not name.startswith(".")
                    and os.path.splitext(name)[1].lower() in _SUPPORTED
                    and entry.is_file()
                ):
                    found.append(name)
    except OSError:
        return [], {}
    found.sort(key=str.casefold)
    return found, stamps


def _fallback_names() -> set[str]:
    """The sidecars kept in the data folder (for articles in folders that can't be written)."""
    try:
        return set(os.listdir(fallback(Path("x")).parent))
    except OSError:
        return set()


def summarize(article: Path, raw: bytes | None) -> Summary:
    """An article's summary from its sidecar's bytes (None: it has no sidecar yet)."""
    if raw is None:
        return Summary(article, article.name)
    try:
        data = orjson.loads(raw)
        metadata = (data.get("source") or {}).get("metadata") or {}
        title = metadata.get("title") if isinstance(metadata, dict) else ""
        annotations = data.get("annotations") or ()
        statuses = [entry.get("status") for entry in annotations]
        review = len([1 for entry in annotations if entry.get("review")])
        found = []
        for entry in annotations:  # 50,000 times for a large story: kept lean
            try:  # as this program writes them: a position, then a quote
                position, quote = entry["target"]["selector"]
                if position["type"] != _POSITION or quote["type"] != _QUOTE:
                    raise ValueError
                start, exact = position["start"], quote["exact"]
            except (KeyError, TypeError, ValueError):
                start, exact = _selected(entry)
            if type(start) is not int:
                start = -1
            passage = (entry.get("id") or "", exact or "", entry.get("note") or "", start)
            found.append(_new_passage(Passage, passage))
        to_verify, disputed = statuses.count("to-verify"), statuses.count("disputed")
        orphaned = len([1 for passage in found if passage[3] < 0])
    except (orjson.JSONDecodeError, AttributeError, TypeError):
        return Summary(article, article.name, problem=f"{article.name}{SUFFIX} cannot be read")
    title = title.strip() if isinstance(title, str) else ""
    return Summary(
        article,
        title or article.name,
        len(found),
        to_verify,
        disputed,
        review,
        orphaned,
        found=tuple(found),
    )


def _selected(entry: dict) -> tuple[object, str]:
    """The stored start and quote of a passage however its selectors are laid out."""
    start, quote = -1, ""
    for selector in (entry.get("target") or {}).get("selector") or ():
        kind = selector.get("type")
        if kind == _POSITION:
            start = selector.get("start")
        elif kind == _QUOTE:
            quote = selector.get("exact") or ""
    return start, quote


_new_passage = tuple.__new__  # a Passage without NamedTuple's Python-level __new__


class Story:
    """The summaries of a folder's sources, each read again only when its sidecar changed.

    `scan` touches only files, so it may run on a worker thread; one scan at a time.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._cache: dict[str, tuple[Stamp | None, Summary]] = {}  # by article name
        # What `not_found` found, by article: for which summary and article stamp.
        self._checked: dict[Path, tuple[Summary, Stamp | None, int | None]] = {}

    def checked(self, summary: Summary) -> tuple[bool, int | None]:
        """Whether `not_found` has looked at this summary's article as it is summed up now,
        and what it found then (no disk read: `forget_changed` drops what an article's
        change made stale)."""
        known = self._checked.get(summary.path)
        if known is None or known[0] is not summary:
            return False, None
        return True, known[2]

    def forget_changed(self) -> None:
        """Forget what `not_found` found in articles changed since (a stat of each): for
        a worker thread, after a rescan (their notes unchanged, their summaries are)."""
        for path, (_summary, stamp, _count) in list(self._checked.items()):
            if _stamp(path) != stamp:
                self._checked.pop(path, None)

    def not_found(self, summary: Summary) -> int | None:
        """How many of an article's passages its text no longer holds, or None when the
        article cannot be read.

        A sidecar does not record which passages were not found (an orphan keeps the place
        it last had), so this reads the article and re-anchors its passages: slow, for a
        worker thread, one article at a time, after `scan`. What it finds is kept until the
        article or its notes change.
        """
        stamp = _stamp(summary.path)
        known = self._checked.get(summary.path)
        if known is not None and known[0] is summary and known[1] == stamp:
            return known[2]
        from annotator.article import open_article  # the readers: only when checking
        from annotator.document import DocumentError
        from annotator.store import SidecarError

        try:
            count: int | None = open_article(summary.path).verdicts[ORPHANED]
        except (DocumentError, SidecarError):
            count = None
        self._checked[summary.path] = (summary, stamp, count)
        return count

    def scan(self) -> list[Summary]:
        """Every source of the folder, summed up (sidecars read only when they changed)."""
        cache: dict[str, tuple[Stamp | None, Summary]] = {}
        result = []
        names, stamps = _listing(str(self.folder))
        kept_apart = _fallback_names()
        for name in names:
            sidecar: Path | None = None
            if kept_apart and any(other.startswith(name + ".") for other in kept_apart):
                sidecar = locate(self.folder / name)  # its notes are kept in the data folder
                stamp = _stamp(sidecar) if sidecar is not None else None
            else:
                stamp = stamps.get(name + SUFFIX)
            known = self._cache.get(name)
            if known is not None and known[0] == stamp:
                summary = known[1]
            else:
                article = self.folder / name
                if stamp is not None and sidecar is None:
                    sidecar = article.with_name(name + SUFFIX)
                summary = summarize(article, _read(sidecar) if stamp is not None else None)
            cache[name] = (stamp, summary)
            result.append(summary)
        self._cache = cache
        return result


def _stamp(path: Path) -> Stamp | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size)


def _read(path: Path | None) -> bytes | None:
    try:
        return path.read_bytes() if path is not None else None
    except OSError:
        return None


def search(summaries: list[Summary], text: str, limit: int = 500) -> list[tuple[Summary, Passage]]:
    """Passages whose quote or note holds `text` (case ignored), in story order."""
    wanted = text.casefold().strip()
    if not wanted:
        return []
    hits = []
    for summary in summaries:
        if wanted not in summary.haystack():
            continue
        for passage in summary.found:
            if wanted in passage.note.casefold() or wanted in passage.quote.casefold():
                hits.append((summary, passage))
                if len(hits) >= limit:
                    return hits
    return hits
