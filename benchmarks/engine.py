"""Figures of the engine: sidecar save and load, re-anchoring, the Word brief."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import docx

from annotator import export, store
from annotator.anchoring import anchor_all
from annotator.article import Article, open_article
from annotator.document import Document, read_document
from annotator.model import Annotation
from annotator.suggest import suggest
from benchmarks import data
from benchmarks.harness import Figure, interleaved_times, median_time


class Workspace:
    """The generated article and sidecars, made once and shared by the figures."""

    def __init__(self, folder: Path, size: int, passages: int) -> None:
        self.folder = folder
        self.text = data.article(size)
        self.article = folder / "long-report.txt"
        self.article.write_text(self.text, encoding="utf-8")
        self.sidecar = data.sidecar(self.text, passages)
        store.bind(self.sidecar, read_document(self.article))
        self.sidecar_path = store.save(self.sidecar, self.article).path


def figures(space: Workspace, runs: int) -> Iterator[Figure]:
    """Every engine figure, one at a time."""
    yield _save(space, runs)
    yield _lock(space, runs)
    yield _load(space, runs)
    yield _reanchor_inserted(space, runs)
    yield from _reanchor_edited(space, runs)
    yield _brief(space, runs)
    yield _suggestions(space, runs)


def _save(space: Workspace, runs: int) -> Figure:
    def floor() -> None:
        with open(space.folder / "floor.json", "w", encoding="utf-8") as stream:
            json.dump(payload, stream, indent=2, ensure_ascii=False)
            stream.flush()
            os.fsync(stream.fileno())

    payload = store.to_json(space.sidecar)
    # As the program saves: first checking whether someone else saved meanwhile.
    article = open_article(space.article)
    ours = median_time(article.save, runs)
    return Figure(
        f"save {len(space.sidecar.annotations):,} passages (atomic, fsync)",
        ours,
        median_time(floor, runs),
        1.5,
        key="save",
    )


def _lock(space: Workspace, runs: int) -> Figure:
    """What the sidecar's lock adds to a save: the same read-merge-write without it."""
    article = open_article(space.article)

    def unlocked() -> None:
        article.changes_on_disk()
        article.write()

    locked, floor = interleaved_times(article.save, unlocked, max(runs, 9))
    return Figure(
        f"save {len(space.sidecar.annotations):,} passages under the lock",
        locked,
        floor,
        1.1,
        key="save-locked",
        note="floor: the same read, merge and atomic write without the lock; interleaved",
    )


def _load(space: Workspace, runs: int) -> Figure:
    def floor() -> None:
        with open(space.sidecar_path, encoding="utf-8") as stream:
            json.load(stream)

    return Figure(
        f"load and validate {len(space.sidecar.annotations):,} passages",
        median_time(lambda: store.read(space.sidecar_path), runs),
        median_time(floor, runs),
        2.0,
        key="load",
    )


def _copies(annotations: list[Annotation]) -> list[Annotation]:
    return [annotation.clone() for annotation in annotations]


def _reanchor_inserted(space: Workspace, runs: int) -> Figure:
    changed = "An editor's note added above the article.\n\n" + space.text
    annotations = space.sidecar.annotations
    quotes = [annotation.exact for annotation in annotations]

    def floor() -> None:
        for quote in quotes:
            changed.find(quote)

    ours = median_time(
        lambda copies: anchor_all(copies, changed), runs, lambda: _copies(annotations)
    )
    return Figure(
        f"re-anchor {len(annotations):,}, paragraph added at the top",
        ours,
        median_time(floor, runs),
        3.0,
        note="floor: one str.find per passage",
        key="reanchor-inserted",
    )


def _word_changed_inside_every_passage(text: str, annotations: list[Annotation]) -> str:
    pieces, last = [], 0
    for annotation in sorted(annotations, key=lambda a: a.start or 0):
        middle = (annotation.start + annotation.end) // 2
        if middle < last:
            continue
        pieces += [text[last:middle], "#"]
        last = middle + 1
    return "".join(pieces) + text[last:]


def _reanchor_edited(space: Workspace, runs: int) -> Iterator[Figure]:
    annotations = space.sidecar.annotations
    changed = _word_changed_inside_every_passage(space.text, annotations)
    small = annotations[: len(annotations) // 10]
    time_small = median_time(
        lambda copies: anchor_all(copies, changed), runs, lambda: _copies(small)
    )
    time_all = median_time(
        lambda copies: anchor_all(copies, changed), runs, lambda: _copies(annotations)
    )
    yield Figure(
        f"re-anchor {len(small):,}, a word changed in each",
        time_small,
        time_small,
        None,
        note="the base of the growth figure below",
        key="reanchor-edited-small",
    )
    yield Figure(
        f"re-anchor {len(annotations):,}, a word changed in each",
        time_all,
        time_small,
        12.0,
        note="ratio: growth over the run above",
        key="reanchor-edited-growth",
    )


def _brief(space: Workspace, runs: int) -> Figure:
    text = space.text[:1_000_000]
    sidecar = data.sidecar(text, 1000)
    article = Article(Document(space.article, text, "utf-8", "\n"), sidecar, None)
    out = space.folder / "brief.docx"
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    for annotation in sidecar.annotations:  # the brief's passage section, plainly
        paragraphs += [annotation.exact, annotation.note]

    def floor() -> None:
        document = docx.Document()
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        document.save(str(space.folder / "floor.docx"))

    return Figure(
        f"Word brief, 1,000 noted passages, {len(text) // 1000:,}k chars",
        median_time(lambda: export.export([article], out, "docx"), runs),
        median_time(floor, runs),
        2.5,
        note="floor: python-docx writing the same paragraphs plainly",
        key="brief",
    )


SUGGEST_SIZE = 1_000_000  # code points: the article size the suggestions must keep up with
SUGGEST_LIMIT = 1.0  # seconds, the target whatever the floor


def _suggestions(space: Workspace, runs: int) -> Figure:
    """Quotations, figures and dates of a 1 MB article, against reading that file."""
    text = space.text[:SUGGEST_SIZE]
    path = space.folder / "one-megabyte.txt"
    path.write_text(text, encoding="utf-8")
    started = time.process_time()
    found = suggest(text)
    cpu = time.process_time() - started  # what the machine's other work does not inflate
    ours = median_time(lambda: suggest(read_document(path).text), runs)
    verdict = "met" if ours < SUGGEST_LIMIT else "MISSED"
    return Figure(
        f"suggestions for a {len(text.encode('utf-8')) / 1e6:.1f} MB article",
        ours,
        median_time(lambda: read_document(path), runs),
        None,
        key="suggest",
        note=f"{len(found):,} suggestions, {cpu * 1000:.0f} ms of CPU; "
        f"target under {SUGGEST_LIMIT:g} s: {verdict}; floor: reading the file",
    )
