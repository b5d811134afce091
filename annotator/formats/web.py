"""Saved web pages: the article body and its details, by trafilatura."""

from __future__ import annotations

import re
from pathlib import Path

from annotator.document import Document, DocumentError, decode
from annotator.formats.base import Reader

# What a browser writes at the top of a page saved with "Save Page As…" (Chrome, Edge,
# Internet Explorer): the page's address, when the page itself names none.
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)


class HtmlReader(Reader):
    """A saved web page: the article's paragraphs as trafilatura finds them."""

    format = "html"
    label = "Web pages"
    extensions = (".html", ".htm", ".xhtml", ".shtml")
    library = "trafilatura"

    def read(self, path: Path, data: bytes) -> Document:
        import trafilatura  # on the first page opened: it takes half a second to load

        found = trafilatura.bare_extraction(
            data,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,  # a repeated paragraph is flagged, never silently dropped
            with_metadata=True,
            # A date from the page's own markup, not one found in its text (which may be
            # any date the article mentions).
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        text = (found.text if found is not None else "") or ""
        if not text.strip():
            raise DocumentError(
                f"{path.name} is a web page in which no article text was found "
                "(it may be only a menu, or need JavaScript to show its text)"
            )
        metadata = {
            "title": found.title or "",
            "outlet": found.sitename or "",
            "author": (found.author or "").replace("; ", ", "),
            "published": found.date or "",
            "url": found.url or _saved_from(data),
        }
        if not metadata["outlet"] and found.hostname:
            metadata["outlet"] = found.hostname
        return self.document(
            path, data, text.split("\n"), metadata=metadata, encoding=_encoding(data)
        )


def _saved_from(data: bytes) -> str:
    match = _SAVED_FROM.search(data[:4096])
    if not match:
        return ""
    url = match.group(1).decode("ascii", "replace")
    return url if url.startswith(("http://", "https://")) else ""


_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w.:-]+)""", re.IGNORECASE)


def _encoding(data: bytes) -> str:
    """The page's character encoding as it declares it, or as its bytes show."""
    match = _META_CHARSET.search(data[:4096])
    if match:
        return match.group(1).decode("ascii").lower()
    try:
        return decode(data)[1]
    except DocumentError:
        return ""
