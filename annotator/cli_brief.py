"""`annotator import-brief`: the editor's comments from a returned brief into the notes."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.brief_import import import_brief
from annotator.text import snippet


def add_command(commands: argparse._SubParsersAction) -> None:
    """Declare `import-brief BRIEF.docx [--dry-run] [--tag TAG]`."""
    command = commands.add_parser(
        "import-brief",
        help="bring an editor's replies, resolved flags and new comments back from a Word brief",
    )
    command.add_argument("brief", type=Path, metavar="BRIEF.docx")
    command.add_argument(
        "--dry-run", action="store_true", help="print what would change; write nothing"
    )
    command.add_argument("--tag", default="", help="tag of new passages (default: Editor)")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Import the brief; print one line per change (what would change, with --dry-run)."""
    from annotator.cli import one_line

    imported = import_brief(args.brief, tag=args.tag, dry_run=args.dry_run)
    for line in imported.lines:
        print(one_line(snippet(line, 200) if len(line) > 200 else line))
    if args.dry_run:
        print("dry run: nothing was written")
    return 0
