"""W3C Web Annotation JSON-LD: one AnnotationCollection holding every passage.

It passes every MUST of the W3C test suite (tests/test_export_w3c.py). What it says and
where each part comes from is in the README ("The W3C Web Annotation export"): stable
ids made from the articles' file URIs, dates in UTC, a motivation per passage and a
body per note, tag and status, creators from the passage's author, and SpecificResource
targets with both selectors and, when the reading date is known, a TimeState.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from annotator.article import Article
from annotator.export.brief import BriefOptions, Progress, report, status_label, utf8_safe
from annotator.metadata import find_date
from annotator.model import Annotation, quote_selectors

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The published context names every motivation of the model but `assessing`.
CONTEXTS: list[Any] = [CONTEXT, {"assessing": "oa:assessing"}]

HIGHLIGHTING, COMMENTING, TAGGING, ASSESSING = "highlighting", "commenting", "tagging", "assessing"

# Web archives whose addresses are copies of a page as it was on a given day.
ARCHIVE_HOSTS = (
    "web.archive.org",
    "archive.org",
    "archive.today",
    "archive.ph",
    "archive.is",
    "archive.li",
    "archive.md",
    "archive.vn",
    "perma.cc",
    "ghostarchive.org",
)

_DATE_TIME = re.compile(
    r"(?P<date>\d{4}-\d\d-\d\d)[Tt ](?P<hour>\d\d):(?P<minute>\d\d)"
    r"(?::(?P<second>\d\d)(?P<fraction>\.\d+)?)?"
    r"(?P<zone>[Zz]|[+-]\d\d:?\d\d)?"
)
# What may stand in a URI as it is; anything else is percent-encoded.
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class DateError(ValueError):
    """A stored date the export cannot state in UTC."""


def collection(articles: list[Article], progress: Progress | None = None) -> dict[str, Any]:
    """The AnnotationCollection of all passages of `articles`, its items on one page."""
    sources = [Path(article.path).resolve().as_uri() for article in articles]
    collection_uuid = uuid.uuid5(uuid.NAMESPACE_URL, "\n".join(sources))
    items = []
    for number, (article, source) in enumerate(zip(articles, sources, strict=True)):
        target = _Target(article, source)
        sidecar = article.sidecar
        items += [annotation(article, a, target) for a in sidecar.anchored() + sidecar.orphans()]
        report(progress, number + 1, len(articles))
    data: dict[str, Any] = {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{collection_uuid}",
        "type": "AnnotationCollection",
        "label": "Annotator export",
        "total": len(items),
    }
    if items:
        page_id = f"urn:uuid:{uuid.uuid5(collection_uuid, 'page 1')}"
        data["first"] = {
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": {"id": data["id"]},
            "startIndex": 0,
            "items": items,
        }
        data["last"] = page_id
    return data


def annotation(article: Article, passage: Annotation, target: _Target) -> dict[str, Any]:
    """One passage as a W3C Annotation on `target`, the article it belongs to."""
    where = f"{article.path.name}: the passage {passage.id[:8]}"
    created = _stored_utc(passage.created, f"{where} has a creation date")
    modified = _stored_utc(passage.modified, f"{where} has a modification date")
    item: dict[str, Any] = {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{target.passage_uuid(passage.id)}",
        "type": "Annotation",
        "motivation": COMMENTING if passage.note.strip() else HIGHLIGHTING,
    }
    # The bodies are written with the passage: they share its creator and creation date.
    made: dict[str, Any] = {}
    if passage.author.strip():
        made["creator"] = {"type": "Person", "name": passage.author.strip()}
    if created:
        made["created"] = created
    item.update(made)
    if modified:
        item["modified"] = modified

    bodies = []
    if passage.note.strip():
        bodies.append((passage.note, COMMENTING))
    if passage.tag:
        bodies.append((article.sidecar.tag_label(passage.tag), TAGGING))
    if passage.status is not None:
        bodies.append((status_label(passage), ASSESSING))
    if bodies:
        item["body"] = [
            {"type": "TextualBody", "value": value, "format": "text/plain", "purpose": purpose}
            | made
            for value, purpose in bodies
        ]
    item["target"] = target.of(passage)
    return item


class _Target:
    """What every passage of one article says of the article it points into."""

    def __init__(self, article: Article, source: str) -> None:
        self.article = article
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, source)
        metadata = article.sidecar.source.metadata
        self.source: dict[str, Any] = {"id": source, "type": "Text", "format": "text/plain"}
        author = _text(metadata.get("author"))
        if author:
            self.source["creator"] = {"name": author}
        published = utc(_text(metadata.get("published")))
        if published:
            self.source["created"] = published
        address = web_address(_text(metadata.get("url")))
        if address:
            self.source["via"] = address
        self.state = time_state(_text(metadata.get("accessed")), address)

    def passage_uuid(self, passage_id: str) -> uuid.UUID:
        """The passage's own UUID, or for an id that is none, one made from it."""
        try:
            return uuid.UUID(passage_id)
        except ValueError:
            return uuid.uuid5(self.namespace, passage_id)

    def of(self, passage: Annotation) -> dict[str, Any]:
        """The SpecificResource a passage targets: the article, the selectors, the state."""
        if passage.orphaned:
            exact, prefix, suffix = passage.exact, passage.prefix, passage.suffix
            selectors = []
        else:
            start, end = passage.start or 0, passage.end or 0
            exact, prefix, suffix = quote_selectors(self.article.text, start, end)
            selectors = [{"type": "TextPositionSelector", "start": start, "end": end}]
        # An empty prefix or suffix says the passage starts or ends the text.
        selectors.append(
            {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
        )
        target: dict[str, Any] = {"type": "SpecificResource", "source": self.source}
        if self.state:
            target["state"] = self.state
        target["selector"] = selectors
        return target


def time_state(accessed: str, address: str) -> dict[str, Any] | None:
    """The TimeState of an article read on `accessed`, or None when that is not a date.

    A day (as the source details form asks for it) is the whole day in UTC; an archive's
    address is the copy of the page as it was then.
    """
    state: dict[str, Any] = {"type": "TimeState"}
    moment = utc(accessed)
    if moment:
        state["sourceDate"] = moment
    else:
        day = find_date(accessed)  # 2026-11-25, 25 November 2026, Nov 25, 2026
        if not day:
            return None
        start = datetime.fromisoformat(day).replace(tzinfo=timezone.utc)
        state["sourceDateStart"] = _format(start)
        state["sourceDateEnd"] = _format(start + timedelta(days=1, seconds=-1))
    if address and is_archived_copy(address):
        state["cached"] = address
    return state


def utc(value: str) -> str | None:
    """An ISO 8601 date and time with its time zone, in UTC ("Z"); None when it is not one."""
    match = _DATE_TIME.fullmatch(value.strip())
    if not match or not match["zone"]:
        return None
    zone = match["zone"].upper().replace(":", "")
    offset = timedelta() if zone == "Z" else timedelta(hours=int(zone[1:3]), minutes=int(zone[3:]))
    fraction = match["fraction"] or ""
    try:
        moment = datetime(
            *map(int, match["date"].split("-")),
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            int((fraction[1:] + "000000")[:6]) if fraction else 0,
            tzinfo=timezone(-offset if zone.startswith("-") else offset),
        )
    except ValueError:  # 2026-02-30, 25:00, an offset past a day
        return None
    return _format(moment.astimezone(timezone.utc))


def _format(moment: datetime) -> str:
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}".rstrip("0")
    return text + "Z"


def _stored_utc(value: str, what: str) -> str | None:
    """A passage's stored date in UTC; None when it has none. Raises DateError for a date
    the export cannot read, rather than writing it as it is."""
    if not value:
        return None
    moment = utc(value)
    if moment is None:
        raise DateError(
            f"{what} that is not a date and time with its time zone: {value!r} "
            "(the sidecar writes them as 2026-11-25T16:00:00Z)"
        )
    return moment


def web_address(text: str) -> str:
    """`text` as an http(s) URI, percent-encoded where it must be; "" if it is not one."""
    text = text.strip()
    if any(char.isspace() for char in text):
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return _LONE_PERCENT.sub("%25", quote(text, safe=_URI_SAFE))


def is_archived_copy(address: str) -> bool:
    """True for the address of a page kept by a web archive."""
    host = (urlsplit(address).hostname or "").removeprefix("www.")
    return host in ARCHIVE_HOSTS and (host != "archive.org" or "/web/" in address)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def write(
    articles: list[Article],
    path: Path,
    progress: Progress | None = None,
    options: BriefOptions | None = None,
) -> None:
    """Write the W3C Web Annotation collection of `articles` (the passages the brief's
    options kept) to `path`."""
    data = json.dumps(collection(articles, progress), ensure_ascii=False, indent=2)
    Path(path).write_text(utf8_safe(data) + "\n", encoding="utf-8")
