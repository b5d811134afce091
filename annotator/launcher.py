"""Starting the window from the command line: its arguments, and a display to open on.

Imports nothing but what the window's first paint needs (see `ui.first_paint`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

# The command line's commands (`cli`): any other first argument is the window's.
COMMANDS = (
    "add", "list", "export", "review", "suggest", "inspect", "import-brief",
    "merge-driver", "git-setup", "relink",
)  # fmt: skip


def window(argv: list[str]) -> int:
    """Parse the window's arguments and run it, if there is a display to run it on."""
    if len(argv) == 1 and not argv[0].startswith("-"):  # `annotator FILE`: argparse's
        file, sample = Path(argv[0]), False  # reading, without its import
    else:
        args = _window_parser().parse_args(argv)
        file, sample = args.file, args.sample
    if not _display_available():
        print(
            "annotator: there is no display to open the window on (DISPLAY and "
            "WAYLAND_DISPLAY are not set); add, list and export work without one",
            file=sys.stderr,
        )
        return 1
    from annotator.ui.app import run  # Qt only for the window

    return run(file=file, sample=sample)


def _display_available() -> bool:
    """False where Qt would abort for want of a screen: Linux with no X or Wayland."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _window_parser() -> argparse.ArgumentParser:
    from annotator import __version__
    from annotator.terminal import Parser

    parser = Parser(
        prog="annotator",
        description="Annotate source articles and hand your editor a Word brief.",
        epilog=f"commands: {', '.join(COMMANDS)} (each has --help)",
    )
    parser.add_argument("file", nargs="?", type=Path, help="article to open in the window")
    parser.add_argument("--sample", action="store_true", help="open the bundled sample article")
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    return parser
