"""Looking for a renamed article's notes in a story folder (annotator/relink.py).

Every article opened with no notes, in the window or on the command line, is checked
for a sidecar left under an old name. The folder holds COUNT articles with their
sidecars of PASSAGES passages each; the figures, each turn about with its floor:

- an article new to the folder (every other article still there): `relink.notice`,
  against listing the folder's sidecars (`glob`);
- the same when every other article is gone and their sidecars are all candidates
  (none on this text): against reading every sidecar's bytes, what a reader that
  parsed sidecars to learn their digest would at least do.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from annotator import relink, store
from annotator.document import read_document
from benchmarks import data
from benchmarks.harness import Figure, header, interleaved_times, show


def make_folder(folder: Path, count: int, passages: int) -> list[Path]:
    """`count` articles of about 6,000 characters with their sidecars; the articles."""
    articles = []
    for number in range(count):
        article = folder / f"article-{number:04d}.txt"
        text = data.article(6000, seed=number)
        article.write_text(text, encoding="utf-8")
        sidecar = data.sidecar(text, passages)
        store.bind(sidecar, read_document(article))
        store.beside(article).write_bytes(store.dumps(sidecar))
        articles.append(article)
    return articles


def figures(folder: Path, count: int, passages: int, runs: int) -> list[Figure]:
    articles = make_folder(folder, count, passages)
    new = folder / "new-article.txt"
    new.write_text(data.article(6000, seed=count + 1), encoding="utf-8")
    sidecars = sorted(folder.glob(f"*{store.SUFFIX}"))
    found = []

    def listing() -> None:
        found.append(len(list(folder.glob(f"*{store.SUFFIX}"))))

    def reading() -> None:
        found.append(sum(len(path.read_bytes()) for path in sidecars))

    def looking() -> None:
        found.append(relink.notice(new))

    size = sum(path.stat().st_size for path in sidecars) / 2**20
    note = f"{count} sidecars of {passages} passages, {size:.0f} MB"
    value, floor = interleaved_times(looking, listing, runs)
    result = [Figure("relink: notes for a new article", value, floor, 3.0, note=note,
                     key="relink-none")]  # fmt: skip
    for article in articles:
        article.unlink()  # every sidecar is now a candidate, none on this text
    value, floor = interleaved_times(looking, reading, runs)
    assert relink.notice(new) == ""
    result.append(Figure("relink: every article renamed", value, floor, 1.0, note=note,
                         key="relink-all-gone"))  # fmt: skip
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relink", description=__doc__)
    parser.add_argument("--count", type=int, default=500, help="articles in the folder")
    parser.add_argument("--passages", type=int, default=100, help="passages per sidecar")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    header()
    with tempfile.TemporaryDirectory(prefix="annotator-relink-") as folder:
        measured = figures(Path(folder), args.count, args.passages, args.runs)
    for figure in measured:
        show(figure)
    print(f"\nin {time.perf_counter() - started:.0f} s")
    if args.json:
        rows = [figure.as_dict() for figure in measured]
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
