"""Figures of the story view: listing and counting a folder of articles from their sidecars.

    python -m benchmarks.story [--articles N] [--passages N] [--runs N]

The floor is what any listing of the folder must do at least: list it and read every
sidecar's bytes. Ours lists it, keeps the supported sources, parses each sidecar with
orjson and counts its passages (statuses, reviews, passages with no position) and keeps
each passage's quote and note for the search. A rescan of an unchanged folder reads no
sidecar again; its floor is listing the folder and a `stat` of every sidecar.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import orjson

from annotator import store
from annotator.document import read_document
from annotator.story import Story
from benchmarks import data
from benchmarks.harness import Figure, header, interleaved_times, show

ARTICLES = 500
PASSAGES = 100
ARTICLE_SIZE = 20_000  # code points: a long news article


def make_folder(folder: Path, articles: int, passages: int) -> Path:
    """A story folder of `articles` articles, each with a sidecar of `passages` passages."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(articles):
        text = data.article(ARTICLE_SIZE, seed=n)
        path = folder / f"source-{n:04}.txt"
        path.write_text(text, encoding="utf-8")
        sidecar = data.sidecar(text, passages)
        sidecar.source.metadata["title"] = f"Source {n}"
        store.bind(sidecar, read_document(path))
        store.save(sidecar, path)
    return folder


def figures(folder: Path, runs: int) -> Iterator[Figure]:
    """The story's figures on a folder made by `make_folder`."""
    sidecars = len([name for name in os.listdir(folder) if name.endswith(store.SUFFIX)])

    def read_all() -> None:  # the floor: list the folder, read every sidecar's bytes
        for name in os.listdir(folder):
            if name.endswith(store.SUFFIX):
                with open(os.path.join(folder, name), "rb") as stream:
                    stream.read()

    counted: list[int] = []

    def scan() -> None:  # ours, from nothing cached: a new story each run
        rows = Story(folder).scan()
        counted.append(sum(row.passages for row in rows))

    def parse_all() -> None:  # a second floor: the same, each parsed by orjson too
        for name in os.listdir(folder):
            if name.endswith(store.SUFFIX):
                with open(os.path.join(folder, name), "rb") as stream:
                    orjson.loads(stream.read())

    times = ([], [], [])
    for _ in range(runs):  # the three turn about, so each meets the same load
        for work, kept in ((scan, times[0]), (read_all, times[1]), (parse_all, times[2])):
            gc.collect()
            started = time.perf_counter()
            work()
            kept.append(time.perf_counter() - started)
    ours, read_floor, parse_floor = (statistics.median(kept) for kept in times)
    passages = f"{counted[-1]:,} passages counted"
    yield Figure(
        f"story: list and count {sidecars} sidecars",
        ours,
        read_floor,
        None,
        note=f"{passages}; floor: list and read the bytes",
        key="story-scan",
    )
    yield Figure(
        f"story: list and count {sidecars}, parse floor",
        ours,
        parse_floor,
        2.5,
        note="floor: list, read and orjson.loads every sidecar",
        key="story-scan-parse",
    )

    story = Story(folder)
    story.scan()

    def stat_all() -> None:  # the floor of a rescan: list the folder, stat every sidecar
        for name in os.listdir(folder):
            if name.endswith(store.SUFFIX):
                os.stat(os.path.join(folder, name))

    ours, floor = interleaved_times(story.scan, stat_all, runs)
    yield Figure(f"story: rescan {sidecars}, none changed", ours, floor, 3.0, key="story-rescan")
    yield view_figure(folder, runs)


def view_figure(folder: Path, runs: int) -> Figure:
    """The story view itself, in a window of a child process: from choosing the folder to
    its rows, totals and counts shown (the scan on a worker thread, the rows on the UI
    thread), against listing the folder and reading every sidecar's bytes in that process."""
    import json
    import subprocess

    from benchmarks.window import _environment

    with tempfile.TemporaryDirectory(prefix="annotator-story-view-") as private:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.story",
                "--view-child",
                str(folder),
                "--runs",
                str(runs),
            ],
            env=_environment(Path(private)),
            capture_output=True,
            text=True,
            check=True,
        )
    ours, floor, rows = json.loads(done.stdout.strip().splitlines()[-1])
    return Figure(
        f"story view: show {rows} sources, counted",
        ours,
        floor,
        None,
        note="floor: list and read the bytes",
        key="story-view",
    )


def _view_child(folder: Path, runs: int) -> None:
    """In the child: a shown window's story view, timed from `set_folder` to `scanned`."""
    import json

    from PySide6.QtCore import QEventLoop, QStandardPaths, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.ui.app import configure

    app = QApplication([])
    QStandardPaths.setTestModeEnabled(True)
    configure(app)
    from annotator.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    dock = window.story
    dock.show()

    def show_story() -> None:  # a new folder each run: nothing cached
        dock.set_folder(None)
        loop = QEventLoop()
        dock.scanned.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        dock.set_folder(folder)
        loop.exec()
        dock.scanned.disconnect(loop.quit)
        assert dock.model.rowCount() > 0 and dock.totals.text()

    def read_all() -> None:
        for name in os.listdir(folder):
            if name.endswith(store.SUFFIX):
                with open(os.path.join(folder, name), "rb") as stream:
                    stream.read()

    ours, floor = interleaved_times(show_story, read_all, runs)
    print(json.dumps([ours, floor, dock.model.rowCount()]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.story", description=__doc__)
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--passages", type=int, default=PASSAGES, help="per article")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--view-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.view_child:
        _view_child(args.view_child, args.runs)
        return 0
    with tempfile.TemporaryDirectory(prefix="annotator-story-") as root:
        print(f"making {args.articles} articles with {args.passages} passages each…")
        folder = make_folder(Path(root) / "story", args.articles, args.passages)
        header()
        for figure in figures(folder, args.runs):
            show(figure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
