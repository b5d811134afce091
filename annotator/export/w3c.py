"""W3C Web Annotation JSON-LD: one AnnotationCollection holding every passage."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.article import Article
from annotator.export.brief import Progress, report, status_label, utf8_safe
from annotator.model import Annotation, quote_selectors

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def annotation(article: Article, passage: Annotation, source: str) -> dict[str, Any]:
    """One passage as a W3C Annotation on the article at `source` (a URI)."""
    sidecar = article.sidecar
    item: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{passage.id}",
        "type": "Annotation",
    }
    if passage.created:
        item["created"] = passage.created
    if passage.modified:
        item["modified"] = passage.modified
    if passage.author:
        item["creator"] = {"type": "Person", "name": passage.author}
    body = []
    if passage.note:
        body.append({"type": "TextualBody", "value": passage.note, "purpose": "commenting"})
    body.append(
        {"type": "TextualBody", "value": sidecar.tag_label(passage.tag), "purpose": "tagging"}
    )
    if passage.status is not None:
        body.append({"type": "TextualBody", "value": status_label(passage), "purpose": "assessing"})
    item["body"] = body

    if passage.orphaned:
        exact, prefix, suffix = passage.exact, passage.prefix, passage.suffix
        selectors = []
    else:
        start, end = passage.start or 0, passage.end or 0
        exact, prefix, suffix = quote_selectors(article.text, start, end)
        selectors = [{"type": "TextPositionSelector", "start": start, "end": end}]
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": exact}
    if prefix:
        quote["prefix"] = prefix
    if suffix:
        quote["suffix"] = suffix
    selectors.append(quote)
    item["target"] = {"source": source, "selector": selectors}
    return item


def collection(articles: list[Article], progress: Progress | None = None) -> dict[str, Any]:
    """The AnnotationCollection of all passages of `articles`, its items on one page."""
    items = []
    for number, article in enumerate(articles):
        source = Path(article.path).resolve().as_uri()
        sidecar = article.sidecar
        items += [annotation(article, a, source) for a in sidecar.anchored() + sidecar.orphans()]
        report(progress, number + 1, len(articles))
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "Annotator export",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def write(articles: list[Article], path: Path, progress: Progress | None = None) -> None:
    """Write the W3C Web Annotation collection of `articles` to `path`."""
    data = json.dumps(collection(articles, progress), ensure_ascii=False, indent=2)
    Path(path).write_text(utf8_safe(data) + "\n", encoding="utf-8")
