"""Exports of annotated articles: a Word brief, Markdown, CSV and W3C Web Annotation.

Each format lives in its own module with a `write(articles, path, progress)` function;
`export` picks one and writes atomically. The helpers below are what the brief-like
formats (Word and Markdown) share: titles, provenance, the summary line, the grouping.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.model import FUZZY, MOVED, STATUS_LABELS, STATUSES, Annotation, Sidecar

FORMATS = ("docx", "md", "csv", "w3c")

SUFFIXES = {
    ".docx": "docx",
    ".md": "md",
    ".markdown": "md",
    ".csv": "csv",
    ".json": "w3c",
    ".jsonld": "w3c",
}

# What a brief says about a passage that was not found where it was stored.
ANCHOR_WARNINGS = {
    MOVED: "found at a new place — check",
    FUZZY: "found by fuzzy match — check",
}

ORPHANS_HEADING = "Passages not found in the current text"

# Characters XML 1.0 (hence Word) cannot hold. Tab, newline and carriage return are fine.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Lone surrogates (a sidecar's JSON may hold them) have no UTF-8 encoding.
_SURROGATE = re.compile("[\ud800-\udfff]")

Progress = Callable[[int, int], None]


@dataclass
class Article:
    """One article to put in a brief: its file, its text and its anchored sidecar."""

    path: Path
    text: str
    sidecar: Sidecar


def format_for(out: Path, explicit: str | None) -> str:
    """The export format: `explicit` (from --format) if given, else from OUT's suffix."""
    if explicit:
        fmt = explicit.strip().lower()
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {explicit!r}: choose one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(out).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    known = ", ".join(SUFFIXES)
    shown = f"suffix {suffix!r}" if suffix else "no suffix"
    raise ValueError(
        f"cannot tell the export format of {Path(out).name!r} ({shown}): "
        f"name it with one of {known} or give --format ({', '.join(FORMATS)})"
    )


def export(articles: list[Article], out: Path, fmt: str, progress: Progress | None = None) -> None:
    """Write `articles` to `out` in format `fmt`; `out` is replaced only on success."""
    writer = _writer(fmt)
    out = Path(out)
    temp = _create_temp(out)
    try:
        writer(articles, temp, progress)
        with open(temp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(temp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def _writer(fmt: str) -> Callable[[list[Article], Path, Progress | None], None]:
    """The `write` function of a format's module."""
    # Imported here so that exporting CSV never loads python-docx.
    if fmt == "docx":
        from annotator.export import docx

        return docx.write
    if fmt == "md":
        from annotator.export import markdown

        return markdown.write
    if fmt == "csv":
        from annotator.export import csv

        return csv.write
    if fmt == "w3c":
        from annotator.export import w3c

        return w3c.write
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")


def _create_temp(out: Path) -> Path:
    """A new empty file beside `out`, created with the usual permissions (umask)."""
    import uuid  # here, not at the top: the window imports this module at start-up

    temp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    os.close(fd)
    return temp


def utf8_safe(text: str) -> str:
    """`text` with lone surrogates, which UTF-8 cannot encode, replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


# Shared by the brief-like formats.


def word_safe(text: str) -> str:
    """`text` with what Word cannot hold replaced by U+FFFD; the length stays the same."""
    return _NOT_XML.sub("\ufffd", text)


def title(article: Article) -> str:
    """The article's title, or its file name when it has none."""
    return article.sidecar.source.metadata.get("title", "").strip() or article.path.name


def provenance(article: Article) -> list[tuple[str, str]]:
    """(label, value) pairs saying where the article comes from; empty values left out."""
    metadata = article.sidecar.source.metadata
    pairs = [
        ("Outlet", metadata.get("outlet", "")),
        ("Author", metadata.get("author", "")),
        ("Published", metadata.get("published", "")),
        ("URL", metadata.get("url", "")),
        ("Accessed", metadata.get("accessed", "")),
    ]
    kept = [(label, value.strip()) for label, value in pairs if value and value.strip()]
    return [*kept, ("File", article.path.name)]


def tag_order(sidecar: Sidecar) -> list[str]:
    """Tag ids in the sidecar's order, then unknown ids used by annotations."""
    order = [tag.id for tag in sidecar.tags]
    known = set(order)
    for annotation in sidecar.annotations:
        if annotation.tag not in known:
            known.add(annotation.tag)
            order.append(annotation.tag)
    return order


def summary(sidecar: Sidecar) -> str:
    """One line: how many passages, by tag and by status."""
    annotations = sidecar.annotations
    if not annotations:
        return "No passages"
    count = len(annotations)
    line = f"{count} passage" if count == 1 else f"{count} passages"
    orphans = sum(1 for a in annotations if a.orphaned)
    if orphans:
        line += f" ({orphans} not found in the current text)"
    by_tag = Counter(a.tag for a in annotations)
    tags = ", ".join(
        f"{sidecar.tag_label(tag)} {by_tag[tag]}" for tag in tag_order(sidecar) if by_tag[tag]
    )
    by_status = Counter(a.status for a in annotations)
    statuses = [s for s in STATUSES if s is not None] + [None]
    status_text = ", ".join(f"{STATUS_LABELS[s]} {by_status[s]}" for s in statuses if by_status[s])
    unknown = sum(n for s, n in by_status.items() if s not in STATUS_LABELS)
    if unknown:
        status_text += f", other {unknown}"
    return f"{line} — {tags} · {status_text}"


def status_label(annotation: Annotation) -> str:
    """The human label of a passage's status."""
    return STATUS_LABELS.get(annotation.status, str(annotation.status))


def grouped(sidecar: Sidecar) -> list[tuple[str, list[Annotation]]]:
    """The anchored passages by tag, in tag order, each group in document order."""
    groups: dict[str, list[Annotation]] = {tag: [] for tag in tag_order(sidecar)}
    for annotation in sidecar.anchored():
        groups[annotation.tag].append(annotation)
    return [(tag, passages) for tag, passages in groups.items() if passages]


def report(progress: Progress | None, done: int, total: int) -> None:
    """Tell `progress` (if any) how far the export is."""
    if progress is not None:
        progress(done, total)
