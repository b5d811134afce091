"""Figures of the engine: sidecar save and load, re-anchoring, the Word brief.

Each floor does the same work with the bare library the program uses (orjson for JSON,
the same atomic write, str.find in the same windows, python-docx writing the same
package), and runs turn about with the program's, so both meet the same load.
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import ahocorasick
import docx
import orjson

from annotator import export, sidecar_typed, store
from annotator.anchoring import SEARCH_WINDOW, _max_errors, anchor_all
from annotator.anywhere import Pieces
from annotator.article import Article, open_article
from annotator.document import Document, read_document
from annotator.files import replacing, write_atomic
from annotator.model import Annotation
from annotator.sidecar_bytes import PassageBytes
from annotator.suggest import suggest
from benchmarks import command_line, data
from benchmarks.harness import Figure, interleaved_times, median_time

EDITED_SIZE = 1_000_000  # code points of the article whose passages all get a word changed
HARD_LIMIT = 3.0  # seconds: re-anchoring whose passages must be searched for anywhere
_WORD = re.compile(r"\w+")


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
    yield _save_whole(space, runs)
    yield _lock(space, runs)
    yield from _load(space, runs)
    yield _reanchor_inserted(space, runs)
    yield from _reanchor_edited(space, runs)
    yield _reanchor_unrelated(space, runs)
    yield _brief(space, runs)
    yield from _brief_growth(space, runs)
    yield _brief_command(space, runs)
    yield _returned_brief(space, runs)
    yield _suggestions(space, runs)
    yield from command_line.figures(
        space.folder, space.article, space.text, len(space.sidecar.annotations), runs
    )


def _bare_save(space: Workspace):
    """The floor of a save: orjson writing the sidecar's data, with the same atomic write."""
    payload = store.to_json(space.sidecar)
    target = space.folder / "floor.annotations.json"
    options = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE

    def floor() -> None:
        write_atomic(target, orjson.dumps(payload, option=options))

    return floor


def _save(space: Workspace, runs: int) -> Figure:
    """The window's save: one passage changed since the last one, the rest kept as bytes."""
    article = open_article(space.article)
    serialised = PassageBytes()
    serialised.dumps(article.sidecar)  # as the window has them, made after opening
    annotations = article.sidecar.annotations
    edits = iter(range(10**9))

    def one_changed() -> None:
        annotation = annotations[next(edits) * 7919 % len(annotations)]
        annotation.note += "."
        serialised.forget(annotation)  # as the window's item model says so

    def ours() -> None:
        article.saved(article.prepare_save(serialised, store.LOCK_TIMEOUT).run())

    value, floor = interleaved_times(ours, _bare_save(space), runs, first_setup=one_changed)
    return Figure(
        f"save {len(annotations):,} passages, one changed (the window's)",
        value,
        floor,
        1.5,
        note="floor: orjson.dumps of the whole sidecar + the same atomic write; interleaved",
        key="save",
    )


def _save_whole(space: Workspace, runs: int) -> Figure:
    """A save from nothing kept: `annotator add` loads, adds one passage, saves it all."""
    article = open_article(space.article)
    value, floor = interleaved_times(article.save, _bare_save(space), runs)
    return Figure(
        f"save {len(space.sidecar.annotations):,} passages, all serialised (the command line's)",
        value,
        floor,
        1.5,
        note="floor: the same; the sidecar's data built from the passages is the difference",
        key="save-whole",
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


def _load(space: Workspace, runs: int) -> Iterator[Figure]:
    """Reading a sidecar into validated passages, against parsing it bare: with orjson
    (to dicts), and with msgspec into the same typed records the program reads it into
    (its C part alone: what the passages, the checks and the fallback add over it)."""
    path = space.sidecar_path
    passages = len(space.sidecar.annotations)
    value, floor = interleaved_times(
        lambda: store.read(path), lambda: orjson.loads(path.read_bytes()), runs
    )
    yield Figure(
        f"load and validate {passages:,} passages",
        value,
        floor,
        2.0,
        note="floor: reading the file and orjson.loads; interleaved",
        key="load",
    )
    value, floor = interleaved_times(
        lambda: store.read(path), lambda: sidecar_typed.records(path.read_bytes()), runs
    )
    yield Figure(
        f"load {passages:,}, against msgspec's typed parse",
        value,
        floor,
        None,
        note="floor: reading the file and msgspec decoding it into the same typed records "
        "(a Python object each, no dicts); reported; interleaved",
        key="load-typed",
    )


def _copies(annotations: list[Annotation]) -> list[Annotation]:
    return [annotation.clone() for annotation in annotations]


def _reanchor_inserted(space: Workspace, runs: int) -> Figure:
    inserted = "An editor's note added above the article.\n\n"
    changed = inserted + space.text
    annotations = space.sidecar.annotations
    places = [(a.exact, a.start) for a in annotations]

    def floor() -> None:  # each quote looked for where ours looks first: ±SEARCH_WINDOW
        for quote, start in places:
            changed.find(quote, max(0, start - SEARCH_WINDOW), start + SEARCH_WINDOW + len(quote))

    value, floor_time = interleaved_times(
        lambda copies: _anchored(anchor_all(copies, changed), len(copies)),
        floor,
        runs,
        first_setup=lambda: _copies(annotations),
    )
    return Figure(
        f"re-anchor {len(annotations):,}, paragraph added at the top",
        value,
        floor_time,
        3.0,
        note=f"floor: str.find of each quote within ±{SEARCH_WINDOW:,} of its place; interleaved",
        key="reanchor-inserted",
    )


def _anchored(verdicts, count: int) -> None:
    if verdicts["orphaned"] or verdicts["fuzzy"]:  # the work timed must be the work meant
        raise RuntimeError(f"passages lost after a paragraph was added: {dict(verdicts)}")


def word_changed_in_every_passage(text: str, annotations: list[Annotation]) -> str:
    """`text` with the word nearest the middle of each passage replaced by another word."""
    pieces, last = [], 0
    for annotation in sorted(annotations, key=lambda a: a.start or 0):
        middle = (annotation.start + annotation.end) // 2
        words = list(_WORD.finditer(text, annotation.start, annotation.end))
        if not words:
            continue
        word = min(words, key=lambda w: abs((w.start() + w.end()) // 2 - middle))
        if word.start() < last:
            continue  # overlapping passages: one word changed for both
        pieces += [text[last : word.start()], "harbour" if word.group() != "harbour" else "quay"]
        last = word.end()
    return "".join(pieces) + text[last:]


def _reanchor_edited(space: Workspace, runs: int) -> Iterator[Figure]:
    """Growth: a word changed inside every passage, so each must be found approximately.

    Passages overlap, so most hold two or three changed words, and the text drifts
    further from the old offsets with every change (by 20,000 code points at the end).
    """
    text = space.text[:EDITED_SIZE]
    count = len(space.sidecar.annotations)
    size = f"{len(text) // 1000:,}k chars"
    times, counts = {}, {}
    for name, passages, times_run in (
        ("few", count // 10, runs),
        ("many", count, runs),
    ):
        annotations = data.sidecar(text, passages).annotations
        changed = word_changed_in_every_passage(text, annotations)
        counts[name] = (len(annotations), times_run)
        times[name] = median_time(
            lambda copies, changed=changed: anchor_all(copies, changed),
            times_run,
            lambda annotations=annotations: _copies(annotations),
        )
    (few, _), (many, many_runs) = counts["few"], counts["many"]
    verdict = "met" if times["many"] < HARD_LIMIT else "MISSED"
    yield Figure(
        f"re-anchor {few:,}, a word changed in each, {size}",
        times["few"],
        times["few"],
        None,
        note="the base of the growth figure below",
        key="reanchor-edited-small",
    )
    yield Figure(
        f"re-anchor {many:,}, a word changed in each, {size}",
        times["many"],
        times["few"],
        12.0,
        note=f"growth over the {few:,} above (linear: 10×); median of {many_runs}; "
        f"target under {HARD_LIMIT:g} s too: {verdict}",
        key="reanchor-edited-growth",
    )


def _reanchor_unrelated(space: Workspace, runs: int) -> Figure:
    """A tenth of the passages against an unrelated article as long as the long one: each
    is looked for nearby, then anywhere, and proved an orphan."""
    annotations = data.sidecar(space.text[:EDITED_SIZE], len(space.sidecar.annotations) // 10)
    annotations = annotations.annotations
    other = data.article(len(space.text), seed=99, other=True)
    pieces = [
        piece
        for annotation in annotations
        if _max_errors(annotation.exact) >= 0
        for piece, _ in Pieces(annotation.exact, _max_errors(annotation.exact)).pigeonhole
    ]

    def floor() -> None:  # one Aho-Corasick pass for every passage's pigeonhole pieces
        automaton = ahocorasick.Automaton()
        for piece in pieces:
            automaton.add_word(piece, piece)
        automaton.make_automaton()
        for _ in automaton.iter(other):
            pass

    def ours(copies: list[Annotation]) -> None:
        verdicts = anchor_all(copies, other)
        if verdicts["orphaned"] != len(copies):  # the work timed must be the work meant
            raise RuntimeError(f"passages found in an unrelated article: {dict(verdicts)}")

    times_run = max(1, min(runs, 3))
    value, floor_time = interleaved_times(
        ours, floor, times_run, first_setup=lambda: _copies(annotations)
    )
    verdict = "met" if value < HARD_LIMIT else "MISSED"
    return Figure(
        f"re-anchor {len(annotations):,} in an unrelated {len(other) / 1e6:.0f}M-char text",
        value,
        floor_time,
        None,
        key="reanchor-unrelated",
        note=f"all orphans; floor: one Aho-Corasick pass of their pigeonhole pieces; "
        f"median of {times_run}, interleaved; target under {HARD_LIMIT:g} s: {verdict}",
    )


def _brief(space: Workspace, runs: int) -> Figure:
    text = space.text[:1_000_000]
    sidecar = data.sidecar(text, 1000)
    article = Article(Document(space.article, text, "utf-8", "\n"), sidecar, None)
    out = space.folder / "brief.docx"
    export.export([article], out, "docx")  # the package the floor re-saves

    def floor() -> None:  # written as the brief is: to a temporary file, fsynced, renamed
        with replacing(space.folder / "floor.docx") as temporary:
            docx.Document(str(out)).save(str(temporary))

    value, floor_time = interleaved_times(
        lambda: export.export([article], out, "docx"), floor, runs
    )
    return Figure(
        f"Word brief, 1,000 noted passages, {len(text) // 1000:,}k chars",
        value,
        floor_time,
        1.5,
        note="floor: python-docx opening and saving the identical package, with the same "
        "atomic write; interleaved",
        key="brief",
    )


def _brief_growth(space: Workspace, runs: int) -> Iterator[Figure]:
    """Growth: the brief of 10,000 passages, and of 40,000 (linear: 4×), turn about."""
    text = space.text[: 4 * EDITED_SIZE]
    out = space.folder / "growing-brief.docx"
    few, many = len(space.sidecar.annotations), 4 * len(space.sidecar.annotations)
    briefs = [
        Article(Document(space.article, text, "utf-8", "\n"), data.sidecar(text, count), None)
        for count in (few, many)
    ]
    times_run = min(runs, 3)
    small, large = interleaved_times(
        lambda: export.export([briefs[0]], out, "docx"),
        lambda: export.export([briefs[1]], out, "docx"),
        times_run,
    )
    yield Figure(
        f"Word brief, {few:,} noted passages, {len(text) // 1000:,}k chars",
        small,
        small,
        None,
        note="the base of the growth figure below",
        key="brief-growth-small",
    )
    yield Figure(
        f"Word brief, {many:,} noted passages, {len(text) // 1000:,}k chars",
        large,
        small,
        4.0,
        note=f"growth over the {few:,} above (linear: 4×); median of {times_run}, interleaved",
        key="brief-growth",
    )


_RESAVE = (
    "import sys; from pathlib import Path; import docx; from annotator.files import replacing\n"
    "with replacing(Path(sys.argv[2])) as temporary:\n"
    "    docx.Document(sys.argv[1]).save(str(temporary))"
)


def _brief_command(space: Workspace, runs: int) -> Figure:
    """`annotator export -o brief.docx` of the long article and its passages, as a process,
    against a process re-saving that brief with python-docx (the same atomic write)."""
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(space.folder / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled once, as an installed program is
    out = space.folder / "command-brief.docx"

    cpu: dict[str, list[float]] = {
        "first": [],
        "ours": [],
        "floor": [],
    }  # each process's user + system

    def run(side: str, *arguments: str) -> None:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, *arguments], check=True, env=env, stdout=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[side].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)

    ours = ("-m", "annotator", "export", str(space.article), "-o", str(out))
    run("first", *ours)  # the package the floor re-saves; bytecode written for both
    floor = ("-c", _RESAVE, str(out), str(space.folder / "command-floor.docx"))
    times_run = min(runs, 3)
    value, floor_time = interleaved_times(
        lambda: run("ours", *ours), lambda: run("floor", *floor), times_run
    )
    size = space.article.stat().st_size / 1e6
    cpu_ours, cpu_floor = statistics.median(cpu["ours"]), statistics.median(cpu["floor"])
    return Figure(
        f"annotator export -o x.docx, {size:.1f} MB, {len(space.sidecar.annotations):,} passages",
        value,
        floor_time,
        1.2,
        note="floor: a Python process opening that brief with python-docx and saving it "
        f"again, with the same atomic write; median of {times_run}, interleaved; CPU "
        f"{cpu_ours:.2f} s against {cpu_floor:.2f} s ({cpu_ours / cpu_floor:.2f})",
        key="brief-command",
    )


def _returned_brief(space: Workspace, runs: int) -> Figure:
    """`import-brief --dry-run` of a brief of 1,000 passages with two replies each."""
    import zipfile

    from lxml import etree

    from annotator.brief_import import import_brief
    from annotator.model import new_reply

    folder = space.folder / "returned"
    folder.mkdir(exist_ok=True)
    article = folder / "article.txt"
    article.write_text(space.text[:1_000_000], encoding="utf-8")
    opened = open_article(article)
    opened.sidecar.annotations = data.sidecar(opened.text, 1000).annotations
    for annotation in opened.sidecar.annotations:
        annotation.replies = [new_reply("Checked with the desk"), new_reply("Thanks")]
    opened.save()
    out = folder / "brief.docx"
    export.export([open_article(article)], out, "docx")

    def floor() -> None:  # what an import cannot do without: read the parts and the notes
        with zipfile.ZipFile(out) as package:
            for name in ("word/document.xml", "word/comments.xml"):
                etree.fromstring(package.read(name))
        open_article(article)

    value, floor_time = interleaved_times(lambda: import_brief(out, dry_run=True), floor, runs)
    return Figure(
        "import-brief, 1,000 passages, 3,000 comments",
        value,
        floor_time,
        3.0,
        note="floor: lxml parsing the brief's body and comments, and opening the article",
        key="import-brief",
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
