"""The brief as Markdown: the same parts as the Word brief, without the full text."""

from __future__ import annotations

import re
from pathlib import Path

from annotator.article import Article
from annotator.export import brief
from annotator.model import Annotation
from annotator.text import Paragraphs

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~=&])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])", re.MULTILINE)
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_LINE_END = re.compile(r"\r\n?")  # Markdown ends a line at \r too


def escape(text: str) -> str:
    """`text` with everything Markdown would read as markup made plain.

    Characters of markup are backslash-escaped; a line's own indent is kept in no-break
    spaces, so that it is not read as code; a carriage return ends a line here as it
    would in Markdown, so that no line it starts can pass for a heading.
    """
    text = _SPECIAL.sub(r"\\\1", _LINE_END.sub("\n", brief.word_safe(text)))
    text = _INDENT.sub(lambda m: "\xa0" * len(m.group().expandtabs(4)), text)
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    """A list, quote or heading marker at a line's start made plain: "\\- a", "1986\\. a"."""
    indent, marker = match.groups()
    if marker[0].isdigit():
        return indent + marker[:-1] + "\\" + marker[-1]
    return indent + "\\" + marker


def inline(text: str) -> str:
    """`text` escaped on one line: for headings, list items and other one-line places."""
    return escape(" ".join(text.split()))


def write(
    articles: list[Article],
    path: Path,
    progress: brief.Progress | None = None,
    options: brief.BriefOptions | None = None,
) -> None:
    """Write the Markdown brief of `articles` to `path`."""
    options = options or brief.BriefOptions()
    parts = []
    for number, article in enumerate(articles):
        parts.append(render(article, options))
        brief.report(progress, number + 1, len(articles))
    Path(path).write_text("\n\n---\n\n".join(parts) + "\n", encoding="utf-8")


def render(article: Article, options: brief.BriefOptions | None = None) -> str:
    """The Markdown of one article's part of the brief."""
    options = options or brief.BriefOptions()
    sidecar = article.sidecar
    text = article.text
    paragraphs = Paragraphs(text)
    lines = [f"# {inline(brief.title(article))}", ""]
    lines += [f"- **{label}:** {inline(value)}" for label, value in brief.provenance(article)]
    lines += ["", f"**{inline(brief.summary(sidecar))}**"]
    if options.filter_line():
        lines += ["", f"*{inline(options.filter_line())}*"]

    by_status = options.group_by == "status"
    groups = brief.groups(sidecar, options.group_by)
    if groups:
        lines += ["", "## Passages"]
    for key, passages in groups:
        label = brief.STATUS_LABELS.get(key, str(key)) if by_status else sidecar.tag_label(key)
        lines += ["", f"### {inline(label)} ({len(passages)})"]
        for annotation in passages:
            start, end = annotation.start or 0, annotation.end or 0
            details = [brief.place(article, paragraphs, start)]
            if by_status:
                details.insert(0, inline(sidecar.tag_label(annotation.tag)))
            if brief.anchor_warning(annotation):
                details.append(f"({brief.anchor_warning(annotation)})")
            lines += _passage(text[start:end], annotation, " · ".join(details))

    orphans = sidecar.orphans()
    if orphans:
        lines += ["", f"## {brief.ORPHANS_HEADING}"]
    for annotation in orphans:
        details = inline(sidecar.tag_label(annotation.tag))
        lines += _passage(annotation.exact, annotation, details)
    return "\n".join(lines)


def _status_line(annotation: Annotation, details: str) -> str:
    """The status and the details: a status that needs the editor's eye (disputed, to
    verify) in bold capitals, so that it cannot be missed; the rest in italics."""
    if annotation.status in ("disputed", "to-verify"):
        return f"**{brief.status_word(annotation.status)}** · *{details}*"
    return f"*{inline(brief.status_label(annotation))} · {details}*"


def _passage(quote: str, annotation: Annotation, details: str) -> list[str]:
    """A passage as a blockquote, then its note, its status and its details in italics."""
    lines = [""]
    lines += [f"> {line}".rstrip() for line in escape(quote.strip()).split("\n")]
    lines.append("")
    note = annotation.note.strip()
    if note:
        # Two trailing spaces: a line break that keeps the note's own lines.
        lines += [f"{line}  " for line in escape(note).split("\n")]
    lines.append(_status_line(annotation, details))
    return lines
