"""Guessing an article's source details from its text, where they are obvious. No Qt."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from annotator.document import Document
from annotator.model import METADATA_KEYS, Source

TOP_LINES = 15  # details are looked for among the first non-blank lines only
HEADLINE_WORDS = (4, 25)  # a headline has at least 4 words and is not a paragraph
LONG_PARAGRAPH_WORDS = 25  # a line this long is body text: the top ends there

_URL = re.compile(r"https?://[^\s<>\"'“”‘’()\[\]{}]+", re.IGNORECASE)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATES = (
    re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
)
_LABELLED = re.compile(
    r"^(?P<label>title|headline|source|outlet|publication|author|byline|url|link|"
    r"published|date|accessed|retrieved)\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_LABEL_FIELDS = {
    "title": "title",
    "headline": "title",
    "source": "outlet",
    "outlet": "outlet",
    "publication": "outlet",
    "author": "author",
    "byline": "author",
    "url": "url",
    "link": "url",
    "published": "published",
    "date": "published",
    "accessed": "accessed",
    "retrieved": "accessed",
}
_BYLINE = re.compile(r"^by\s+(?P<names>.+)$", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s+)?(?P<name>[^.|]{2,60}?)\.?"
    r"(?:\s*all rights reserved\.?)?$",
    re.IGNORECASE,
)
_NAME_JOINERS = {"and", "&", "de", "van", "von", "der", "da", "del", "bin", "al", "el", "le"}


def guess_metadata(text: str, path: Path) -> dict[str, str]:
    """Title, outlet, URL, author, published and accessed, each empty unless obvious."""
    guessed = dict.fromkeys(METADATA_KEYS, "")
    top = _top_lines(text)
    for line in top:
        labelled = _LABELLED.match(line)
        if labelled:
            field = _LABEL_FIELDS[labelled["label"].lower()]
            value = labelled["value"].strip()
            if field in ("published", "accessed"):
                value = find_date(value) or value
            guessed[field] = guessed[field] or value
    guessed["title"] = guessed["title"] or _headline(top)
    guessed["author"] = guessed["author"] or next(filter(None, map(_byline, top)), "")
    guessed["published"] = guessed["published"] or next(filter(None, map(_date_line, top)), "")
    ends = _ends(text)
    url = _URL.search(ends)
    guessed["url"] = guessed["url"] or (url.group().rstrip(".,;:!?") if url else "")
    guessed["outlet"] = guessed["outlet"] or _outlet(ends, guessed["url"])
    guessed["accessed"] = guessed["accessed"] or _modified(path)
    return guessed


def source_details(document: Document) -> dict[str, str]:
    """Every source detail the program can find: the format's own, then guesses from the
    text, and the file's time as the accessed date when nothing better is known."""
    found = guess_metadata(document.text, document.path)
    for key, value in document.metadata.items():
        if key in found and isinstance(value, str) and value.strip():
            found[key] = value.strip()
    return found


def fill_in(source: Source, details: dict[str, str]) -> None:
    """Put `details` into the source's empty or guessed fields; hers are never touched.

    A field is the program's to fill while it is listed in `source.guessed`: on every
    open it takes the newest details (a better reader may find more). One she typed in,
    or cleared, is hers and left alone. A sidecar from before details were filled in has
    no list: its empty fields are the program's, its filled ones hers.
    """
    guessed = set(source.guessed or ())
    for key in METADATA_KEYS:
        value = source.metadata.get(key)
        empty = not (isinstance(value, str) and value.strip())
        if key in guessed or (source.guessed is None and empty):
            source.metadata[key] = details.get(key, "")
            guessed.add(key)
    source.guessed = [key for key in METADATA_KEYS if key in guessed]


ENDS = 20_000  # code points at each end of a text where its address and copyright are


def _ends(text: str) -> str:
    """The top and the bottom of a long text: where a page's address and footer stand."""
    if len(text) <= 2 * ENDS:
        return text
    return text[:ENDS] + "\n" + text[-ENDS:]


def find_date(text: str) -> str:
    """The first real date written in `text`, as an ISO date, or ""."""
    found = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = int(parts["mon"]) if parts.get("mon") else _MONTHS[parts["month"].lower()]
            try:
                day = date(int(parts["year"]), month, int(parts["day"]))
            except ValueError:
                continue
            found.append((match.start(), day.isoformat()))
    return min(found)[1] if found else ""


def _top_lines(text: str) -> list[str]:
    """The first non-blank lines, up to the first long paragraph (which is not included)."""
    top = []
    for raw in text[:ENDS].split("\n"):  # the top of a long text, not all of it
        line = raw.strip()
        if not line:
            continue
        if len(line.split()) >= LONG_PARAGRAPH_WORDS or len(top) >= TOP_LINES:
            break
        top.append(line)
    return top


def _headline(lines: list[str]) -> str:
    for line in lines:
        words = len(line.split())
        if not HEADLINE_WORDS[0] <= words <= HEADLINE_WORDS[1] or line.endswith("."):
            continue
        if _URL.search(line) or _byline(line) or _date_line(line) or _LABELLED.match(line):
            continue
        if line.count("|") >= 2 or not any(ch.isalpha() for ch in line):
            continue  # site navigation or decoration
        return line
    return ""


def _byline(line: str) -> str:
    """The names of a "By Firstname Lastname" line, or ""."""
    match = _BYLINE.match(line)
    if not match:
        return ""
    names: list[str] = []
    for word in re.split(r"\s+", match["names"]):
        clean = word.rstrip(",;|")
        if clean[:1].isupper() or (names and clean.lower() in _NAME_JOINERS):
            names.append(clean)
        else:
            break
        if clean != word:
            break  # a comma or bar ends the names: "By Ines Moreau, finance reporter"
    while names and names[-1].lower() in _NAME_JOINERS:
        names.pop()
    capitalised = [n for n in names if n[:1].isupper()]
    return " ".join(names) if len(capitalised) >= 2 else ""


def _date_line(line: str) -> str:
    """The date of a short line that is mostly a date ("Tuesday 25 November 2026"), or ""."""
    if len(line.split()) > 12:
        return ""
    return find_date(line)


def _outlet(text: str, url: str) -> str:
    for raw in text.split("\n"):
        match = _COPYRIGHT.match(raw.strip())
        if match and any(ch.isalpha() for ch in match["name"]):
            return match["name"].strip(" ,")
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _modified(path: Path) -> str:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).date().isoformat()
    except (OSError, ValueError, OverflowError):
        return ""
