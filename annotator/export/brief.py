"""What every export shares: titles, provenance, the summary line, the grouping by tag,
and text made safe for Word's XML and for UTF-8. Each format module imports this; none
imports another format.
"""

from __future__ import annotations

import bisect
import copy
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from annotator.article import Article
from annotator.model import (
    AMBIGUOUS,
    FUZZY,
    MOVED,
    STATUS_LABELS,
    STATUSES,
    Annotation,
    Sidecar,
)
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

A4, LETTER = "a4", "letter"
PAGE_SIZES = (A4, LETTER)
# The territories that use US Letter: CLDR's supplemental data (measurementData,
# paperSize "US-Letter"). Everyone else uses A4.
LETTER_TERRITORIES = frozenset("BZ CA CL CO CR GT MX NI PA PH PR SV US VE".split())
DEFAULT_LANGUAGE = "en-US"
GROUPINGS = ("tag", "status")
# Grouped by status, the most urgent first; a status this version does not know comes last.
STATUS_ORDER: tuple[str | None, ...] = ("disputed", "to-verify", "verified", None)
# How a brief names a status so that an editor sees it at a glance: a word in capitals,
# bold, in a colour of its own (dark enough to read as text on white).
STATUS_WORDS = {
    None: "NO STATUS",
    "to-verify": "TO VERIFY",
    "verified": "VERIFIED",
    "disputed": "DISPUTED",
}
STATUS_COLORS = {None: "595959", "to-verify": "B45309", "verified": "2E7D32", "disputed": "C62828"}
# The statuses as the command line names them.
STATUS_NAMES: dict[str, str | None] = {"none": None, **{s: s for s in STATUSES if s}}

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True)
class BriefOptions:
    """What a brief holds and how it is laid out; every format honours what applies to it.

    `statuses` and `tags` keep only the passages with one of them (None: all); `tags`
    names tags by id or label. The page size and language apply to the Word brief
    and the PDF.
    """

    statuses: frozenset[str | None] | None = None
    tags: frozenset[str] | None = None
    full_text: bool = True
    group_by: str = "tag"
    page_size: str = LETTER
    language: str = DEFAULT_LANGUAGE
    include_clutter: bool = False
    review_url: str = ""  # ClaimReview: the page that publishes the fact checks
    # Who signs the comments of passages with no author: a name, and initials ("": the
    # name's own); see `signature`.
    signer: tuple[str, str] = ("", "")

    def __post_init__(self) -> None:
        if self.group_by not in GROUPINGS:
            raise ValueError(f"cannot group by {self.group_by!r}: choose tag or status")
        if self.page_size not in PAGE_SIZES:
            raise ValueError(f"unknown page size {self.page_size!r}: choose a4 or letter")
        if not _LANGUAGE_TAG.fullmatch(self.language):
            raise ValueError(
                f"{self.language!r} is not a language tag such as en-GB, fr-FR or ar-EG"
            )
        for status in self.statuses or ():
            if status not in STATUS_WORDS:
                raise ValueError(f"unknown status {status!r}")

    @classmethod
    def for_locale(cls, locale_name: str | None, **chosen) -> BriefOptions:
        """Options whose page size and language follow a locale ("en_GB.UTF-8"), then
        whatever was `chosen` (empty or None values left to the locale)."""
        page_size, language = locale_defaults(locale_name)
        values = {"page_size": page_size, "language": language}
        values.update({key: value for key, value in chosen.items() if value not in (None, "")})
        return cls(**values)

    def keeps(self, annotation: Annotation, sidecar: Sidecar) -> bool:
        """True when the brief shows this passage."""
        if self.statuses is not None and annotation.status not in self.statuses:
            return False
        if self.tags is None:
            return True
        wanted = {name.casefold() for name in self.tags}
        label = sidecar.tag_label(annotation.tag)
        return annotation.tag.casefold() in wanted or label.casefold() in wanted

    def select(self, article: Article) -> Article:
        """`article` as the brief shows it: a copy holding only the passages kept."""
        if self.statuses is None and self.tags is None:
            return article
        sidecar = copy.copy(article.sidecar)
        sidecar.annotations = [a for a in sidecar.annotations if self.keeps(a, sidecar)]
        chosen = copy.copy(article)
        chosen.sidecar = sidecar
        return chosen

    def filter_line(self) -> str:
        """What the filters leave in, in words ("" without filters)."""
        parts = []
        if self.statuses is not None:
            names = [STATUS_LABELS[s].lower() for s in STATUSES if s in self.statuses]
            parts.append("with status " + " or ".join(names))
        if self.tags is not None:
            parts.append("tagged " + " or ".join(sorted(self.tags)))
        return f"Only passages {' and '.join(parts)}." if parts else ""


def locale_defaults(locale_name: str | None) -> tuple[str, str]:
    """(page size, language) for a locale name: "en_US.UTF-8" -> ("letter", "en-US"),
    "fr_FR" -> ("a4", "fr-FR"); "C", POSIX or none -> ("a4", "en-US")."""
    base = (locale_name or "").split(".")[0].split("@")[0].replace("_", "-")
    if not _LANGUAGE_TAG.fullmatch(base):
        return A4, DEFAULT_LANGUAGE
    language, *rest = base.split("-")
    territory = next((part.upper() for part in rest if len(part) == 2 and part.isalpha()), "")
    page_size = LETTER if territory in LETTER_TERRITORIES else A4
    return page_size, f"{language.lower()}-{territory}" if territory else language.lower()


def environment_locale(environ: Mapping[str, str]) -> tuple[str, str]:
    """The locale names for paper and for language that POSIX's variables give
    (LC_ALL, then LC_PAPER or LC_MESSAGES, then LANG)."""

    def first(*names: str) -> str:
        return next((environ[name] for name in names if environ.get(name)), "")

    return first("LC_ALL", "LC_PAPER", "LANG"), first("LC_ALL", "LC_MESSAGES", "LANG")


def parse_list(value: str, known: Iterable[str] | None = None) -> frozenset[str]:
    """A comma-separated list from the command line, blanks dropped; each item must be
    one of `known` when given."""
    items = frozenset(item.strip() for item in value.split(",") if item.strip())
    if not items:
        raise ValueError("an empty list")
    if known is not None:
        unknown = sorted(items - set(known))
        if unknown:
            raise ValueError(f"{', '.join(unknown)}: choose from {', '.join(known)}")
    return items


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


def left_out(
    article: Article, paragraphs: Paragraphs, anchored: list[Annotation] | None = None
) -> list[int]:
    """The 0-based numbers of the paragraphs the full text leaves out: clutter (site
    furniture, repeats) on which no passage stands. `anchored`: the article's
    `sidecar.anchored()`, when already at hand."""
    if anchored is None:
        anchored = article.sidecar.anchored()
    spans = sorted((a.start, a.end) for a in anchored if a.start is not None and a.end is not None)
    starts = [start for start, _ in spans]
    reach = list(itertools.accumulate((end for _, end in spans), max))  # furthest end so far
    found = []
    for item in article.clutter():
        index = bisect.bisect_right(paragraphs.starts, item.start) - 1
        if index < 0 or paragraphs.spans[index][0] != item.start:
            continue
        # A passage stands on it when one starting before its end reaches past its start.
        before_end = bisect.bisect_left(starts, item.end)
        if not before_end or reach[before_end - 1] <= item.start:
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


def status_word(status: str | None) -> str:
    """A status as the brief shows it to an editor: "DISPUTED", "TO VERIFY"."""
    return STATUS_WORDS.get(status, str(status).upper())


def status_color(status: str | None) -> str:
    """The RRGGBB colour of a status's word."""
    return STATUS_COLORS.get(status, STATUS_COLORS[None])


def groups(
    sidecar: Sidecar, by: str = "tag", anchored: list[Annotation] | None = None
) -> list[tuple[str | None, list[Annotation]]]:
    """The anchored passages by tag (tag order) or by status (most urgent first), each
    group in document order; the key is the tag id or the status. `anchored`: the
    sidecar's `anchored()`, when already at hand."""
    if by == "tag":
        return list(grouped(sidecar, anchored))
    found: dict[str | None, list[Annotation]] = {}
    for annotation in sidecar.anchored() if anchored is None else anchored:
        found.setdefault(annotation.status, []).append(annotation)
    order = [s for s in STATUS_ORDER if s in found]
    order += sorted((s for s in found if s not in STATUS_ORDER), key=str)
    return [(status, found[status]) for status in order]


def grouped(
    sidecar: Sidecar, anchored: list[Annotation] | None = None
) -> list[tuple[str, list[Annotation]]]:
    """The anchored passages by tag, in tag order, each group in document order."""
    groups: dict[str, list[Annotation]] = {tag: [] for tag in tag_order(sidecar)}
    for annotation in sidecar.anchored() if anchored is None else anchored:
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
    signer = (signer[0].strip(), signer[1].strip())
    name = author.strip() or signer[0] or "Annotator"
    if name == signer[0] and signer[1]:
        return name, signer[1]
    return name, initials(name)
