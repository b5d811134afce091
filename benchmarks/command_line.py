"""Figures of the command line at scale: whole processes, each beside a bare one.

`annotator list --json` and `annotator add` are timed from start to exit, as a script
runs them, against a Python process doing the same JSON work with orjson (what the
program uses): reading the sidecar; reading it and writing the same array out; reading
it and writing it back atomically. `list` must also read the article to know where its
passages are (formats.md §3: `text[start:end]` of the current text), which the first
two floors never open; a third floor also reads and decodes the article and looks for
each quote where the sidecar has it. Ours and the floor's processes run turn about.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from annotator import store
from annotator.document import read_document
from benchmarks import data
from benchmarks.harness import Figure, interleaved_times

SMALL_SIZE = 1_000_000  # code points of the smaller article listed

_LOAD = "import orjson, sys; orjson.loads(open(sys.argv[1], 'rb').read())"
_LOAD_DUMP = (
    "import orjson, sys; rows = orjson.loads(open(sys.argv[1], 'rb').read())['annotations']; "
    "sys.stdout.buffer.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2) + b'\\n')"
)
# The same, and the article read and decoded, each quote looked for at its position; with
# the cyclic collector paused, as the program pauses it (7-10 ms of such a process).
_LOAD_TEXT_DUMP = (
    "import gc; gc.disable(); "
    "import orjson, sys; rows = orjson.loads(open(sys.argv[1], 'rb').read())['annotations']; "
    "text = open(sys.argv[2], 'rb').read().decode('utf-8'); "
    "found = [text.startswith(r['target']['selector'][1]['exact'], "
    "r['target']['selector'][0]['start']) for r in rows]; "
    "sys.stdout.buffer.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2) + b'\\n')"
)
_LOAD_WRITE = (
    "import orjson, sys; from annotator.files import write_atomic; "
    "data = orjson.loads(open(sys.argv[1], 'rb').read()); "
    "write_atomic(sys.argv[1], orjson.dumps(data, option=orjson.OPT_INDENT_2))"
)


_ENV: dict[str, str] = {}  # the processes' environment (see `figures`)


def _run(*arguments: str) -> None:
    subprocess.run(
        [sys.executable, *arguments], stdout=subprocess.DEVNULL, check=True, env=_ENV or None
    )


def figures(folder: Path, article: Path, text: str, passages: int, runs: int) -> Iterator[Figure]:
    """`list --json` on the long article and on a 1 MB one, then `add` into the long one's."""
    # An installed program starts from compiled bytecode: the processes write it (into
    # the run's own folder) and read it on later runs, ours and the floor's alike.
    _ENV.clear()
    _ENV.update(os.environ)
    _ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    _ENV["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    small = folder / "one-megabyte-listed.txt"
    small.write_text(text[:SMALL_SIZE], encoding="utf-8")
    sidecar = data.sidecar(text[:SMALL_SIZE], passages)
    store.bind(sidecar, read_document(small))
    store.save(sidecar, small)
    for path, label in ((small, "small"), (article, "long")):
        yield from _list(path, label, passages, runs)
    yield _add(folder, article, text, passages, runs)


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.1f} MB"


def _list(article: Path, label: str, passages: int, runs: int) -> Iterator[Figure]:
    sidecar = str(store.beside(article))
    ours = ("-m", "annotator", "list", "--json", str(article))
    size = _size(article)
    value, floor = interleaved_times(lambda: _run(*ours), lambda: _run("-c", _LOAD, sidecar), runs)
    yield Figure(
        f"annotator list --json, {size}, {passages:,} passages",
        value,
        floor,
        2.0,
        key=f"list-json-{label}",
        note="floor: a Python process reading the sidecar with orjson; interleaved",
    )
    value, floor = interleaved_times(
        lambda: _run(*ours), lambda: _run("-c", _LOAD_DUMP, sidecar), runs
    )
    yield Figure(
        f"annotator list --json, {size}, against load and dump",
        value,
        floor,
        1.1,
        key=f"list-json-dump-{label}",
        note="floor: the same process also writing the array out (orjson, indented); interleaved",
    )
    value, floor = interleaved_times(
        lambda: _run(*ours), lambda: _run("-c", _LOAD_TEXT_DUMP, sidecar, str(article)), runs
    )
    yield Figure(
        f"annotator list --json, {size}, against load, read the article and dump",
        value,
        floor,
        1.1,
        key=f"list-json-text-{label}",
        note="floor: load and dump, and the article read, decoded and each quote looked for "
        "at its position (what list must know), the collector paused; interleaved",
    )


def _add(folder: Path, article: Path, text: str, passages: int, runs: int) -> Figure:
    """`annotator add` of one passage into a copy of the long article's sidecar (which
    grows by a passage a run)."""
    sidecar = store.beside(article).read_bytes()
    article = folder / f"added-to-{article.name}"
    article.write_text(text, encoding="utf-8")
    store.beside(article).write_bytes(sidecar)
    copy = folder / "floor-add.annotations.json"
    copy.write_bytes(sidecar)
    quote = text[1000:1040]
    ours = ("-m", "annotator", "add", str(article), "--quote", quote, "--occurrence", "1")
    value, floor = interleaved_times(
        lambda: _run(*ours), lambda: _run("-c", _LOAD_WRITE, str(copy)), runs
    )
    return Figure(
        f"annotator add into {passages:,} passages, {_size(article)}",
        value,
        floor,
        1.5,
        key="add",
        note="floor: a Python process reading the sidecar with orjson and writing it back "
        "with the same atomic write; interleaved",
    )
