"""A story: the supported sources of one folder, each summed up from its sidecar alone.

The story view lists every article of a folder with what is still to do on it. It must
stay fast on hundreds of articles, so it never opens, decodes or re-anchors an article:
it reads each sidecar once with orjson, keeps what it needs (counts, and each passage's
quote and note for the search), and reads it again only when its size or modification
time changed. No Qt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import orjson

from annotator.formats import SUPPORTED
from annotator.store import SUFFIX, fallback, locate

_SUPPORTED = frozenset(SUPPORTED)


@dataclass(frozen=True)
class Passage:
    """One passage as the search sees it: the quote, the note, where it was stored."""

    id: str
    quote: str
    note: str
    start: int  # as stored (-1 when the sidecar holds no position)


@dataclass(frozen=True)
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


def sources(folder: Path) -> list[Path]:
    """The supported article files of a folder (not sidecars, not hidden files), by name."""
    return _listing(folder)[0]


def _listing(folder: Path) -> tuple[list[Path], set[str]]:
    """The folder's supported articles, by name, and the names of everything in it."""
    found, names = [], set()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                names.add(name)
                if name.startswith(".") or name.endswith(SUFFIX):
                    continue
                if os.path.splitext(name)[1].lower() in _SUPPORTED and entry.is_file():
                    found.append(Path(entry.path))
    except OSError:
        return [], set()
    return sorted(found, key=lambda path: path.name.casefold()), names


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
        source = data.get("source") or {}
        metadata = source.get("metadata") or {}
        title = metadata.get("title") if isinstance(metadata, dict) else ""
        passages = []
        to_verify = disputed = review = orphaned = 0
        for entry in data.get("annotations") or []:
            status = entry.get("status")
            to_verify += status == "to-verify"
            disputed += status == "disputed"
            review += bool(entry.get("review"))
            start = _start(entry)
            orphaned += start < 0
            passages.append(
                Passage(
                    str(entry.get("id", "")), _quote(entry), str(entry.get("note") or ""), start
                )
            )
    except (orjson.JSONDecodeError, AttributeError, TypeError):
        return Summary(article, article.name, problem=f"{article.name}{SUFFIX} cannot be read")
    return Summary(
        article,
        title.strip() if isinstance(title, str) and title.strip() else article.name,
        len(passages),
        to_verify,
        disputed,
        review,
        orphaned,
        found=tuple(passages),
    )


def _start(entry: dict) -> int:
    for selector in (entry.get("target") or {}).get("selector") or ():
        if selector.get("type") == "TextPositionSelector":
            start = selector.get("start")
            return start if isinstance(start, int) else -1
    return -1


def _quote(entry: dict) -> str:
    for selector in (entry.get("target") or {}).get("selector") or ():
        if selector.get("type") == "TextQuoteSelector":
            return str(selector.get("exact") or "")
    return ""


class Story:
    """The summaries of a folder's sources, each read again only when its sidecar changed.

    `scan` touches only files, so it may run on a worker thread; one scan at a time.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._cache: dict[Path, tuple[tuple[int, int] | None, Summary]] = {}

    def scan(self) -> list[Summary]:
        """Every source of the folder, summed up (sidecars read only when they changed)."""
        cache: dict[Path, tuple[tuple[int, int] | None, Summary]] = {}
        result = []
        articles, names = _listing(self.folder)
        kept_apart = _fallback_names()
        for article in articles:
            if any(name.startswith(article.name + ".") for name in kept_apart):
                sidecar = locate(article)
            else:
                beside = article.name + SUFFIX
                sidecar = article.with_name(beside) if beside in names else None
            stamp = _stamp(sidecar) if sidecar is not None else None
            known = self._cache.get(article)
            if known is not None and known[0] == stamp:
                summary = known[1]
            else:
                summary = summarize(article, _read(sidecar) if stamp is not None else None)
            cache[article] = (stamp, summary)
            result.append(summary)
        self._cache = cache
        return result


def _stamp(path: Path) -> tuple[int, int] | None:
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
        for passage in summary.found:
            if wanted in passage.note.casefold() or wanted in passage.quote.casefold():
                hits.append((summary, passage))
                if len(hits) >= limit:
                    return hits
    return hits
