"""python -m benchmarks [--json FILE]: every speed and memory figure against its floor."""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import engine
from benchmarks.harness import header, show


def main(argv: list[str] | None = None) -> int:
    """Measure, print a table as it goes, and optionally write the figures as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median; ≥ 5)")
    parser.add_argument("--size", type=int, default=10_000_000, help="article size, code points")
    parser.add_argument("--passages", type=int, default=10_000, help="passages in the sidecar")
    parser.add_argument(
        "--story-articles",
        type=int,
        default=500,
        help="articles in the story folder (100 passages each)",
    )
    parser.add_argument("--pdf-mb", type=float, default=5.0, help="size of the PDF opened, MB")
    parser.add_argument("--html-mb", type=float, default=2.0, help="size of the web page, MB")
    parser.add_argument("--engine-only", action="store_true", help="skip the window's figures")
    parser.add_argument("--window-only", action="store_true", help="skip the engine's figures")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.runs < 5:
        print(f"warning: --runs {args.runs} is a smoke setting; the figures need 5 or more")

    started = time.perf_counter()
    print(machine())
    figures = []
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as folder:
        print(f"making a {args.size:,}-character article with {args.passages:,} passages…")
        space = engine.Workspace(Path(folder), args.size, args.passages)
        suites = [] if args.window_only else [engine.figures(space, args.runs)]
        if not args.window_only:
            from benchmarks import story

            print(f"making a story folder of {args.story_articles} articles…")
            story_folder = Path(folder) / "story"
            story.make_folder(story_folder, args.story_articles, story.PASSAGES)
            suites.append(story.figures(story_folder, args.runs))
            suites.append(_sources(Path(folder) / "sources", args))
        header()
        if not args.engine_only:
            from benchmarks import responsiveness, window

            suites.append(window.figures(space, args.runs))
            suites.append(responsiveness.figures(space, args.runs))
        for suite in suites:
            for figure in suite:
                show(figure)
                figures.append(figure)
    missed = [f.name for f in figures if f.met is False]
    print(
        f"\n{len(figures)} figures in {time.perf_counter() - started:.0f} s; "
        f"{len(missed)} target(s) missed" + (": " + "; ".join(missed) if missed else "")
    )
    if args.json:
        args.json.write_text(json.dumps([f.as_dict() for f in figures], indent=2) + "\n")
    return 0


def _sources(folder: Path, args: argparse.Namespace):
    """Opening a PDF (written by LibreOffice, which must be installed) and a web page."""
    from benchmarks import sources

    if shutil.which("soffice") is None:
        print(
            "skipped: opening a PDF and a web page (LibreOffice's soffice, which writes the PDF, is not installed)"
        )
        return
    folder.mkdir()
    yield from sources.open_figures(folder, args.runs, args.pdf_mb, args.html_mb)


def machine() -> str:
    """The machine and the versions the figures were measured with."""
    try:
        qt = "PySide6 " + importlib.metadata.version("PySide6-Essentials")
    except importlib.metadata.PackageNotFoundError:
        qt = "PySide6 " + importlib.metadata.version("PySide6")
    return (
        f"{os.cpu_count()} cores, {platform.machine()}, {platform.system()}; "
        f"Python {platform.python_version()}, {qt}; "
        f"Qt platform {os.environ.get('QT_QPA_PLATFORM', 'offscreen (default)')}"
    )


if __name__ == "__main__":
    sys.exit(main())
