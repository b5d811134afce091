"""`annotator import-brief`: the editor's comments from a returned brief into the notes."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def add_command(commands: argparse._SubParsersAction, say: Callable[[str], None]) -> None:
    """Declare `import-brief BRIEF.docx [--dry-run] [--tag TAG]`; `say` prints a line."""
    command = commands.add_parser(
        "import-brief",
        help="bring an editor's replies, resolved flags and new comments back from a Word brief",
    )
    command.add_argument("brief", type=Path, metavar="BRIEF.docx")
    command.add_argument(
        "--dry-run", action="store_true", help="print what would change; write nothing"
    )
    command.add_argument("--tag", default="", help="tag of new passages (default: Editor)")
    command.set_defaults(run=lambda args: run(args, say))


def run(args: argparse.Namespace, say: Callable[[str], None]) -> int:
    """Import the brief; say one line per change (what would change, with --dry-run)."""
    from annotator.brief_import import import_brief  # python-docx and lxml only when used

    imported = import_brief(args.brief, tag=args.tag, dry_run=args.dry_run)
    for line in imported.lines:
        say(line)
    if args.dry_run:
        say("dry run: nothing was written")
    return 0
