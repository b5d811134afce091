"""The `annotator` command: the window, or a command of the command line (`cli`).

Starting the window imports nothing but what it needs to show the article's text; the
command line, with the whole engine, is imported only for a command.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

COMMANDS = ("add", "list", "export", "review", "suggest", "inspect")  # see `cli`


def main(argv: Sequence[str] | None = None) -> int:
    """Run the program; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        from annotator import cli

        return cli.main(argv)
    return window(argv)


def window(argv: list[str]) -> int:
    """Parse the window's arguments and run it, if there is a display to run it on."""
    args = _window_parser().parse_args(argv)
    if not _display_available():
        print(
            "annotator: there is no display to open the window on (DISPLAY and "
            "WAYLAND_DISPLAY are not set); add, list and export work without one",
            file=sys.stderr,
        )
        return 1
    from annotator.ui.app import run  # Qt only for the window

    return run(file=args.file, sample=args.sample)


def _display_available() -> bool:
    """False where Qt would abort for want of a screen: Linux with no X or Wayland."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


# Control characters (C0, DEL, C1) and lone surrogates: never sent to a terminal as they
# are, where they would clear the screen, retitle the window, forge a link or break a line.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def one_line(text: str) -> str:
    """`text` fit for one line of a terminal: control characters shown as escapes (\\n, \\x1b)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class Parser(argparse.ArgumentParser):
    """argparse, with its usage errors (which echo what was typed) on one safe line."""

    def error(self, message: str) -> NoReturn:
        super().error(one_line(message))


def _window_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="annotator",
        description="Annotate source articles and hand your editor a Word brief.",
        epilog=f"commands: {', '.join(COMMANDS)} (each has --help)",
    )
    parser.add_argument("file", nargs="?", type=Path, help="article to open in the window")
    parser.add_argument("--sample", action="store_true", help="open the bundled sample article")
    return parser
