"""One row per passage, for spreadsheets: UTF-8 with a BOM so Excel reads any script."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

from annotator.article import Article
from annotator.export.brief import BriefOptions, Progress, groups, report, status_label, utf8_safe
from annotator.model import ORPHANED
from annotator.text import Paragraphs

COLUMNS = ("article", "tag", "status", "quote", "note", "paragraph", "start", "end", "anchor")

# A cell a spreadsheet would run as a formula: one starting with one of these (OWASP's
# list), or whose first visible character is = + - @ in any width ("＝", "﹢"), since
# spreadsheets skip spaces, line breaks and invisible marks before it and fold wide forms.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_SIGNS = frozenset("=+-@")


def spreadsheet_safe(value: str) -> str:
    """`value` fit for a spreadsheet cell: UTF-8 encodable, never taken for a formula."""
    value = utf8_safe(value)
    visible = next(
        (c for c in value if not (c.isspace() or unicodedata.category(c) in _UNSEEN)), ""
    )
    if (
        value.startswith(_FORMULA_START)
        or unicodedata.normalize("NFKC", visible)[:1] in _FORMULA_SIGNS
    ):
        return "'" + value
    return value


_UNSEEN = ("Cc", "Cf")  # control and format characters: line breaks, zero-width marks


def rows(article: Article, group_by: str = "tag") -> list[dict[str, str | int]]:
    """The rows of one article: anchored passages grouped as the brief groups them (by
    tag or by status), each group in document order; then orphans."""
    sidecar = article.sidecar
    paragraphs = Paragraphs(article.text)
    result: list[dict[str, str | int]] = []
    grouped = [a for _, passages in groups(sidecar, group_by) for a in passages]
    for annotation in grouped + sidecar.orphans():
        row: dict[str, str | int] = {
            "article": article.path.name,
            "tag": sidecar.tag_label(annotation.tag),
            "status": status_label(annotation),
            "note": annotation.note,
        }
        if annotation.orphaned:
            row.update(quote=annotation.exact, paragraph="", start="", end="", anchor=ORPHANED)
        else:
            start, end = annotation.start or 0, annotation.end or 0
            row.update(
                quote=article.text[start:end],
                paragraph=paragraphs.number(start),
                start=start,
                end=end,
                anchor=annotation.anchor,
            )
        result.append(row)
    return result


def write(
    articles: list[Article],
    path: Path,
    progress: Progress | None = None,
    options: BriefOptions | None = None,
) -> None:
    """Write one CSV row per passage of `articles` to `path`."""
    group_by = options.group_by if options else "tag"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for number, article in enumerate(articles):
            for row in rows(article, group_by):
                for key in ("article", "tag", "quote", "note"):
                    row[key] = spreadsheet_safe(str(row[key]))
                writer.writerow(row)
            report(progress, number + 1, len(articles))
