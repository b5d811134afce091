"""What every export shares: titles, provenance, the summary line, the grouping by tag,
and text made safe for Word's XML and for UTF-8. Each format module imports this; none
imports another format.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable

from annotator.article import Article
from annotator.model import AMBIGUOUS, FUZZY, MOVED, STATUS_LABELS, STATUSES, Annotation, Sidecar
from annotator.text import Paragraphs, snippet

# What a brief says about a passage that was not found where it was stored.
ANCHOR_WARNINGS = {
    MOVED: "found at a new place — check",
    FUZZY: "found by fuzzy match — check",
    AMBIGUOUS: "one of several places that fit — check",
}

ORPHANS_HEADING = "Passages not found in the current text"

# Characters XML 1.0 (hence Word) cannot hold. Tab, newline and carriage return are fine.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Lone surrogates (a sidecar's JSON may hold them) have no UTF-8 encoding.
_SURROGATE = re.compile("[\ud800-\udfff]")

Progress = Callable[[int, int], None]


def utf8_safe(text: str) -> str:
    """`text` with lone surrogates, which UTF-8 cannot encode, replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


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
    document = article.document
    file = article.path.name
    if document.derived:
        file += f" (text extracted by {document.reader} {document.reader_version})"
    return [*kept, ("File", file)]


def place(article: Article, paragraphs: Paragraphs, start: int) -> str:
    """Where a passage stands: "paragraph 14", or "p. 3, paragraph 14" in a paged source."""
    where = f"paragraph {paragraphs.number(start)}"
    pages = article.document.pages
    if pages:
        where = f"p. {max(1, bisect.bisect_right(pages, start))}, {where}"
    return where


def left_out(article: Article, paragraphs: Paragraphs) -> list[int]:
    """The 0-based numbers of the paragraphs the full text leaves out: clutter (site
    furniture, repeats) on which no passage stands."""
    spans = [(a.start, a.end) for a in article.sidecar.anchored() if a.start is not None]
    starts = paragraphs.starts
    found = []
    for item in article.clutter():
        index = bisect.bisect_right(starts, item.start) - 1
        if index < 0 or paragraphs.spans[index][0] != item.start:
            continue
        if not any(start < item.end and end > item.start for start, end in spans):
            found.append(index)
    return found


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
    waiting = sum(1 for a in annotations if a.anchor in ANCHOR_WARNINGS)
    notes = [f"{orphans} not found in the current text"] if orphans else []
    notes += [f"{waiting} to check: the article changed"] if waiting else []
    if notes:
        line += f" ({'; '.join(notes)})"
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


def anchor_warning(annotation: Annotation) -> str:
    """What a brief says of a passage awaiting review ("" for one that does not).

    A passage whose words changed says what it read when she marked it.
    """
    warning = ANCHOR_WARNINGS.get(annotation.anchor, "")
    previous = (annotation.review or {}).get("previous") or {}
    before = previous.get("exact")
    if warning and isinstance(before, str) and before != annotation.exact:
        warning += f"; it read “{snippet(before, 80)}”"
    return warning


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


def initials(author: str) -> str:
    """Up to three initials of a name: "Rahima Akter" -> "RA"."""
    return "".join(word[0] for word in author.split()[:3]).upper() or "A"


def signature(author: str, signer: tuple[str, str] = ("", "")) -> tuple[str, str]:
    """The name and initials on a passage's comment: its `author`, else the brief's
    `signer` (name, initials: "" for the name's own), else "Annotator"."""
    name = author.strip() or signer[0] or "Annotator"
    if name == signer[0] and signer[1]:
        return name, signer[1]
    return name, initials(name)
