"""The desk's commands (extending formats.md §3): git's merge driver and its set-up, and
moving a renamed article's notes. `cli` parses and runs them with the others."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.store import SUFFIX

DESK_COMMANDS = ("merge-driver", "git-setup", "relink")
# Who marks passages from the command line, unless --author says (add, suggest --accept).
AUTHOR_VARIABLE = "ANNOTATOR_AUTHOR"
# The commands reading articles whose notes a rename may have left behind.
_READING = ("add", "list", "export", "review", "suggest", "inspect")


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add the desk's commands to the command line's subcommands, and --author (her
    name, by default $ANNOTATOR_AUTHOR) to those that mark passages: add, suggest."""
    for marking in ("add", "suggest"):
        add_author(commands.choices[marking])
    driver = commands.add_parser(
        "merge-driver",
        help="merge two versions of a sidecar passage by passage (git runs it; see git-setup)",
        description="Git's merge driver for sidecars: three-way merge by passage id, written "
        "into OURS. Exits 1, leaving OURS as it is, when a version cannot be read.",
    )
    for name, what in (
        ("base", "the common version (git's %%O)"),
        ("ours", "our version, replaced by the merge (git's %%A)"),
        ("theirs", "their version (git's %%B)"),
    ):
        driver.add_argument(name, type=Path, metavar=name.upper(), help=what)
    driver.add_argument("path", metavar="PATH", help="the sidecar's path in the repository (%%P)")
    driver.set_defaults(run=_merge_driver)

    setup = commands.add_parser(
        "git-setup", help="let git merge sidecars passage by passage in this repository"
    )
    setup.add_argument(
        "folder", nargs="?", type=Path, default=Path("."), metavar="FOLDER",
        help="a folder of the repository (default: the current one)",
    )  # fmt: skip
    setup.set_defaults(run=_git_setup)

    move = commands.add_parser("relink", help="move the notes of a renamed article to its new name")
    move.add_argument("sidecar", type=Path, metavar="OLD_SIDECAR")
    move.add_argument("file", type=Path, metavar="NEW_FILE")
    move.add_argument(
        "--force", action="store_true",
        help="move them even if the text differs, finding each passage again in it",
    )  # fmt: skip
    move.set_defaults(run=_relink)


def add_author(parser: argparse.ArgumentParser) -> None:
    """--author NAME, whose default is $ANNOTATOR_AUTHOR."""
    parser.add_argument(
        "--author", default=os.environ.get(AUTHOR_VARIABLE, ""), metavar="NAME",
        help=f"who marks the passages (default: ${AUTHOR_VARIABLE}, else none)",
    )  # fmt: skip


def _merge_driver(args: argparse.Namespace) -> int:
    from annotator import gitmerge  # (each command loads what it uses)

    gitmerge.merge_driver(args.base, args.ours, args.theirs, args.path)
    return 0


def _git_setup(args: argparse.Namespace) -> int:
    from annotator import gitmerge

    for line in gitmerge.git_setup(args.folder.absolute()):
        print(line)
    return 0


def _relink(args: argparse.Namespace) -> int:
    from annotator import relink

    done = relink.relink(args.sidecar, args.file, force=args.force)
    count = f"{done.passages} passage{'s' if done.passages != 1 else ''}"
    how = "" if done.same_text else " (found again in the new text: check those to review)"
    print(f"{count} moved to {done.sidecar}{how}")
    if done.fallback:
        print(
            f"annotator: {args.file.parent} is not writable; notes kept in {done.sidecar}",
            file=sys.stderr,
        )
    return 0


def say_renamed(args: argparse.Namespace, one_line: Callable[[str], str]) -> None:
    """One line on stderr for each article of the command with no notes whose renamed
    copy's notes lie beside it (`one_line` makes it safe for a terminal)."""
    for line in renamed_notices(args):
        print(f"annotator: {one_line(line)}", file=sys.stderr)


def renamed_notices(args: argparse.Namespace) -> Iterator[str]:
    """For each article of a reading command that has no notes: where a renamed copy's
    notes lie, if anywhere (see `relink.notice`)."""
    if args.command not in _READING:
        return
    paths = getattr(args, "files", None) or [getattr(args, "file", None)]
    for path in paths:
        if isinstance(path, Path) and not path.with_name(path.name + SUFFIX).is_file():
            from annotator import relink  # only for an article with no notes beside it

            line = relink.notice(path)
            if line:
                yield line
