"""The brief as Markdown: the same parts as the Word brief, without the full text."""

from __future__ import annotations

import re
from pathlib import Path

from annotator.article import Article
from annotator.export import brief
from annotator.model import Annotation
from annotator.text import Paragraphs

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~=])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])", re.MULTILINE)


def escape(text: str) -> str:
    """`text` with the characters Markdown would read as markup backslash-escaped."""
    text = _SPECIAL.sub(r"\\\1", brief.word_safe(text))
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def write(articles: list[Article], path: Path, progress: brief.Progress | None = None) -> None:
    """Write the Markdown brief of `articles` to `path`."""
    parts = []
    for number, article in enumerate(articles):
        parts.append(render(article))
        brief.report(progress, number + 1, len(articles))
    Path(path).write_text("\n\n---\n\n".join(parts) + "\n", encoding="utf-8")


def render(article: Article) -> str:
    """The Markdown of one article's part of the brief."""
    sidecar = article.sidecar
    text = article.text
    paragraphs = Paragraphs(text)
    lines = [f"# {escape(brief.title(article))}", ""]
    lines += [f"- **{label}:** {escape(value)}" for label, value in brief.provenance(article)]
    lines += ["", f"**{escape(brief.summary(sidecar))}**"]

    groups = brief.grouped(sidecar)
    if groups:
        lines += ["", "## Passages"]
    for tag_id, passages in groups:
        lines += ["", f"### {escape(sidecar.tag_label(tag_id))} ({len(passages)})"]
        for annotation in passages:
            start, end = annotation.start or 0, annotation.end or 0
            details = [brief.status_label(annotation), f"paragraph {paragraphs.number(start)}"]
            if brief.anchor_warning(annotation):
                details.append(f"({brief.anchor_warning(annotation)})")
            lines += _passage(text[start:end], annotation, " · ".join(details))

    orphans = sidecar.orphans()
    if orphans:
        lines += ["", f"## {brief.ORPHANS_HEADING}"]
    for annotation in orphans:
        details = f"{escape(sidecar.tag_label(annotation.tag))} · {brief.status_label(annotation)}"
        lines += _passage(annotation.exact, annotation, details)
    return "\n".join(lines)


def _passage(quote: str, annotation: Annotation, details: str) -> list[str]:
    """A passage as a blockquote, then its note and its details in italics."""
    lines = [""]
    lines += [f"> {line}".rstrip() for line in escape(quote.strip()).split("\n")]
    lines.append("")
    note = annotation.note.strip()
    if note:
        # Two trailing spaces: a line break that keeps the note's own lines.
        lines += [f"{line}  " for line in escape(note).split("\n")]
    lines.append(f"*{details}*")
    return lines
