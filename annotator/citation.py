"""A passage quoted with its source, as a reporter pastes it into a story or a message.

    “Fares will rise by 33% from 1 May.”
    — Harbour Gazette, “Ferry fares to rise”, 2026-11-25, https://example.com/ferry,
      paragraph 4

The quote is set in curly quotation marks (quotation marks inside it become single
ones); the source line names what an editor needs to find it again: the outlet, the
title, the date, the address, or the file's name when there is no address, and where the
passage stands.
"""

from __future__ import annotations

import re

from annotator.model import Annotation, Sidecar
from annotator.text import Paragraphs

_SPACE = re.compile(r"\s+")
_INNER = {"“": "‘", "”": "’", "«": "‹", "»": "›"}


def cite(annotation: Annotation, sidecar: Sidecar, text: str, file_name: str) -> str:
    """The passage's quote in curly quotation marks, then a line naming its source."""
    return f"“{inner_quotes(_SPACE.sub(' ', annotation.exact).strip())}”\n— {source_line(annotation, sidecar, text, file_name)}"


def source_line(annotation: Annotation, sidecar: Sidecar, text: str, file_name: str) -> str:
    """Outlet, “title”, date, address (or file name), and where the passage stands."""
    metadata = sidecar.source.metadata
    field = lambda key: str(metadata.get(key) or "").strip()  # noqa: E731
    parts = [field("outlet")]
    parts.append(f"“{inner_quotes(field('title'))}”" if field("title") else "")
    parts.append(field("published"))
    parts.append(field("url") or file_name)
    if annotation.orphaned:
        parts.append("not found in the current text")
    else:
        parts.append(f"paragraph {Paragraphs(text).number(annotation.start)}")
    return ", ".join(part for part in parts if part)


def inner_quotes(quote: str) -> str:
    """Double quotation marks inside a quote made single (straight ones paired in turn)."""
    quote = "".join(_INNER.get(character, character) for character in quote)
    pieces = quote.split('"')
    return "".join(
        piece + ("" if i == len(pieces) - 1 else "‘’"[i % 2]) for i, piece in enumerate(pieces)
    )
