"""Exports of annotated articles: a Word brief, a PDF brief, Markdown, CSV, W3C Web
Annotation and schema.org ClaimReview.

Each format lives in its own module with a `write(articles, path, progress, options)`
function, named in WRITERS (a new format is one module and one line); `export` picks one,
keeps the passages the options ask for, and writes atomically. What the formats share
is in `brief`.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
from collections.abc import Callable
from pathlib import Path

from annotator.article import Article
from annotator.export.brief import BriefOptions, Progress
from annotator.files import replacing
from annotator.store import SUFFIX as SIDECAR_SUFFIX
from annotator.store import beside

WRITERS = {
    "docx": "annotator.export.docx",
    "md": "annotator.export.markdown",
    "csv": "annotator.export.csv",
    "w3c": "annotator.export.w3c",
    "pdf": "annotator.export.pdf",
    "claimreview": "annotator.export.claimreview",
}
FORMATS = tuple(WRITERS)
FULL_TEXT = frozenset(("docx", "pdf"))  # the formats that hold the article's full text
PAGED = frozenset(("docx", "pdf"))  # the formats with a page size and a language
GROUPED = frozenset(("docx", "pdf", "md", "csv"))  # the formats grouped by tag or status

SUFFIXES = {
    ".docx": "docx",
    ".md": "md",
    ".markdown": "md",
    ".csv": "csv",
    ".json": "w3c",
    ".jsonld": "w3c",
    ".pdf": "pdf",
}


def format_for(out: Path, explicit: str | None) -> str:
    """The export format: `explicit` (from --format) if given, else from OUT's suffix."""
    if explicit:
        fmt = explicit.strip().lower()
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {explicit!r}: choose one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(out).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    known = ", ".join(SUFFIXES)
    shown = f"suffix {suffix!r}" if suffix else "no suffix"
    raise ValueError(
        f"cannot tell the export format of {Path(out).name!r} ({shown}): "
        f"name it with one of {known} or give --format ({', '.join(FORMATS)})"
    )


def export(
    articles: list[Article],
    out: Path,
    fmt: str,
    progress: Progress | None = None,
    include_clutter: bool = False,
    options: BriefOptions | None = None,
) -> None:
    """Write `articles` to `out` in format `fmt`; `out` is replaced only on success.

    Only the passages `options` keeps are written (every format), grouped as it says.
    The full text leaves out paragraphs flagged as clutter (site furniture, repeats)
    that hold no passage, unless `include_clutter` (or `options.include_clutter`).

    Raises ValueError, before anything is written, when `out` is a folder, one of the
    articles, or anyone's notes.
    """
    check_output(Path(out), articles)
    writer = _writer(fmt)
    options = options or BriefOptions()
    if include_clutter and not options.include_clutter:
        options = dataclasses.replace(options, include_clutter=True)
    chosen = [options.select(article) for article in articles]
    with replacing(Path(out)) as temporary:
        writer(chosen, temporary, progress, options)


def check_output(out: Path, articles: list[Article]) -> None:
    """Refuse an output that would overwrite what the brief is made from."""
    if out.is_dir():
        raise ValueError(f"{out} is a folder: name the brief's file")
    if out.name.endswith(SIDECAR_SUFFIX) or out.name.endswith(SIDECAR_SUFFIX + ".lock"):
        raise ValueError(f"{out.name} is where notes are kept: the brief needs another name")
    protected = [a.path for a in articles]
    protected += [p for a in articles for p in (a.sidecar_path, beside(a.path)) if p]
    for path in protected:
        if _same_file(out, path):
            raise ValueError(f"{out.name} is an article or notes the brief is made from")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist: compare where they would be
        return os.path.realpath(a) == os.path.realpath(b)


def _writer(fmt: str) -> Callable[..., None]:
    """The `write` function of a format's module, imported only when it is used (so that
    exporting CSV never loads python-docx)."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return importlib.import_module(WRITERS[fmt]).write
