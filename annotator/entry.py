"""The `annotator` command: the window, or a command of the command line (`cli`).

Starting the window imports nothing but what it needs to show the article's text
(`launcher`); the command line, with the whole engine, is imported only for a command.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from annotator.launcher import COMMANDS, window


def main(argv: Sequence[str] | None = None) -> int:
    """Run the program; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        if argv[0] == "list":  # scripts list many articles: started light when it can be
            code = _listed(argv)
            if code is not None:
                return code
        from annotator import cli

        return cli.main(argv)
    return window(argv)


def _listed(argv: list[str]) -> int | None:
    """`cli_list.quick`, imported and run with no cyclic garbage collection: its modules
    and rows are thousands of objects and no cycle, which the collector would walk again
    and again (a few milliseconds of a process of a tenth of a second)."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        from annotator.cli_list import quick

        return quick(argv)
    finally:
        if collecting:
            gc.enable()
