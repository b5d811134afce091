"""The command line (formats.md §3). Qt is imported only to open the window."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from annotator import export as exporting
from annotator.anchoring import find_typed
from annotator.article import Article, open_article
from annotator.document import DocumentError
from annotator.drift import find_drift, story_quotes
from annotator.model import STATUSES, Annotation, make_annotation, needs_review, reviewed
from annotator.store import SidecarError
from annotator.suggest import KINDS, TAG_OF_KIND, offered, published_day, suggest
from annotator.text import snippet

COMMANDS = ("add", "list", "export", "review", "suggest")


class CommandError(Exception):
    """A command that cannot be carried out; its message is the one line the user sees."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        args = _command_parser().parse_args(argv)
        try:
            return args.run(args)
        except (CommandError, DocumentError, SidecarError, OSError, ValueError) as error:
            return _fail(error)
    args = _window_parser().parse_args(argv)
    if not _display_available():
        return _fail(
            CommandError(
                "there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY "
                "are not set); add, list and export work without one"
            )
        )
    from annotator.ui.app import run  # Qt only for the window

    return run(file=args.file, sample=args.sample)


def _display_available() -> bool:
    """False where Qt would abort for want of a screen: Linux with no X or Wayland."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _fail(error: BaseException) -> int:
    message = str(error)
    if isinstance(error, OSError) and error.filename:
        message = f"{error.filename}: {error.strerror or error}"
    print(f"annotator: {message}", file=sys.stderr)
    return 1


def _window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate source articles and hand your editor a Word brief.",
        epilog="commands: annotator add|list|export|review|suggest … (annotator add --help for more)",
    )
    parser.add_argument("file", nargs="?", type=Path, help="article to open in the window")
    parser.add_argument("--sample", action="store_true", help="open the bundled sample article")
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="annotator")
    commands = parser.add_subparsers(dest="command", required=True)

    add = commands.add_parser("add", help="mark a passage of an article")
    add.add_argument("file", type=Path)
    add.add_argument(
        "--quote", required=True, help="the passage's text, as it stands in the article"
    )
    add.add_argument(
        "--occurrence", type=_positive, help="which occurrence (1-based) when the quote repeats"
    )
    add.add_argument("--tag", default="", help="tag id or label (e.g. claim)")
    add.add_argument("--note", default="")
    add.add_argument("--status", choices=[s for s in STATUSES if s])
    add.add_argument("--author", default="")
    add.set_defaults(run=_add)

    listing = commands.add_parser("list", help="list an article's passages in document order")
    listing.add_argument("file", type=Path)
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(run=_list)

    review = commands.add_parser(
        "review", help="accept passages that moved or changed as they now read"
    )
    review.add_argument("file", type=Path)
    which = review.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every passage awaiting review")
    which.add_argument("--id", help="one passage (its id, or the first 8 characters of it)")
    review.set_defaults(run=_review)

    suggestions = commands.add_parser(
        "suggest", help="quotations and their speakers, figures and dates worth marking"
    )
    suggestions.add_argument("file", type=Path)
    suggestions.add_argument("--json", action="store_true", help="print a JSON array")
    suggestions.add_argument("--kind", choices=KINDS, help="only suggestions of this kind")
    suggestions.add_argument(
        "--accept", choices=KINDS, metavar="KIND",
        help="mark every suggestion of this kind (quote, figure or date) as a passage",
    )  # fmt: skip
    suggestions.set_defaults(run=_suggest)

    brief = commands.add_parser("export", help="export a brief of one or several articles")
    brief.add_argument("files", nargs="+", type=Path, metavar="FILE")
    brief.add_argument("-o", "--output", required=True, type=Path, metavar="OUT")
    brief.add_argument("--format", choices=exporting.FORMATS)
    brief.set_defaults(run=_export)
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _add(args: argparse.Namespace) -> int:
    article = open_article(args.file)
    sidecar = article.sidecar
    if sidecar.read_only:
        raise CommandError(_read_only(args.file, sidecar.version))
    tag = _tag_id(article, args.tag)
    start, end = _quote_span(article, args.quote, args.occurrence)
    annotation = make_annotation(
        article.text,
        start,
        end,
        tag=tag,
        note=args.note,
        status=args.status,
        author=args.author,
    )
    sidecar.annotations.append(annotation)
    saved = article.save()
    if saved.fallback:
        print(
            f"annotator: {args.file.parent} is not writable; notes kept in {saved.path}",
            file=sys.stderr,
        )
    print(annotation.id)
    return 0


def _read_only(path: Path, version: int) -> str:
    return (
        f"the sidecar of {path.name} was written by a newer Annotator "
        f"(version {version}); it can be listed and exported but not changed"
    )


def _tag_id(article: Article, wanted: str) -> str:
    if not wanted:
        return ""
    for tag in article.sidecar.tags:
        if wanted in (tag.id, tag.label) or wanted.casefold() == tag.label.casefold():
            return tag.id
    known = ", ".join(tag.id for tag in article.sidecar.tags) or "none"
    raise CommandError(f"unknown tag {wanted!r} (tags of {article.path.name}: {known})")


def _quote_span(article: Article, quote: str, occurrence: int | None) -> tuple[int, int]:
    name = article.path.name
    if not quote:
        raise CommandError("the quote is empty")
    found = find_typed(article.text, quote)
    if not found:
        raise CommandError(f"the quote is not in {name}")
    if occurrence is None:
        if len(found) > 1:
            raise CommandError(
                f"the quote occurs {len(found)} times in {name}; "
                f"choose one with --occurrence 1 to {len(found)}"
            )
        return found[0]
    if occurrence > len(found):
        times = "once" if len(found) == 1 else f"{len(found)} times"
        raise CommandError(f"the quote occurs only {times} in {name}")
    return found[occurrence - 1]


def _list(args: argparse.Namespace) -> int:
    article = open_article(args.file)
    rows = [_row(a) for a in article.sidecar.annotations]
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for row in rows:
        where = "orphaned" if row["start"] is None else f"{row['start']}-{row['end']}"
        status = row["status"] or "-"
        print(
            f"{row['id'][:8]}  {where:>13}  {row['tag'] or '-':<10} {status:<9}  {row['anchor']:<8}  "
            f"{snippet(row['quote'], 50)}  {snippet(row['note'], 40)}"
        )
    return 0


# What `list --json` says of each passage (formats.md §3): its key, and where it comes from.
LIST_FIELDS = {
    "id": "id", "start": "start", "end": "end", "quote": "exact", "tag": "tag",
    "status": "status", "note": "note", "anchor": "anchor",
}  # fmt: skip


def _row(annotation: Annotation) -> dict[str, object]:
    row = {key: getattr(annotation, field) for key, field in LIST_FIELDS.items()}
    row["review"] = annotation.review
    return row


def _review(args: argparse.Namespace) -> int:
    article = open_article(args.file)
    if article.sidecar.read_only:
        raise CommandError(_read_only(args.file, article.sidecar.version))
    waiting = [a for a in article.sidecar.annotations if needs_review(a)]
    if args.id:
        chosen = [a for a in article.sidecar.annotations if a.id.startswith(args.id)]
        if len(chosen) != 1:
            found = "no passage" if not chosen else f"{len(chosen)} passages"
            raise CommandError(f"{found} of {args.file.name} has an id starting {args.id!r}")
        waiting = [a for a in chosen if needs_review(a)]
    for annotation in waiting:
        accepted = reviewed(annotation, article.text)
        index = article.sidecar.annotations.index(annotation)
        article.sidecar.annotations[index] = accepted
    if waiting:
        article.save()
    count = len(waiting)
    print(f"{count} passage{'s' if count != 1 else ''} marked reviewed")
    return 0


def _suggest(args: argparse.Namespace) -> int:
    article = open_article(args.file)
    sidecar = article.sidecar
    kinds = [args.accept] if args.accept else [args.kind] if args.kind else list(KINDS)
    found = suggest(article.text, kinds, published_day(sidecar))
    found = offered(found, sidecar.dismissed, sidecar.annotations)
    drift = {}
    if "quote" in kinds:  # the same quotation as the story's other articles have it
        drift = find_drift(found, story_quotes(article.path))
    if args.accept:
        if sidecar.read_only:
            raise CommandError(_read_only(args.file, sidecar.version))
        tag = TAG_OF_KIND[args.accept] if sidecar.tag(TAG_OF_KIND[args.accept]) else ""
        for suggestion in found:
            sidecar.annotations.append(
                make_annotation(
                    article.text,
                    suggestion.start,
                    suggestion.end,
                    tag=tag,
                    note=_note(suggestion, drift),
                )
            )
        if found:
            article.save()  # one locked read-merge-write for all of them
        count = len(found)
        print(f"{count} passage{'s' if count != 1 else ''} added")
        return 0
    if args.json:
        rows = [
            {**s.as_json(article.text), "drift": [d.as_json() for d in drift.get(s.key, [])]}
            for s in found
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for s in found:
        said = f"  — {s.speaker_name}" if s.speaker_name else ""
        value = f"  [{s.value}]" if s.value else ""
        print(
            f"{s.kind:<6}  {s.start:>7}-{s.end:<7}  {s.confidence:.2f}  "
            f"{snippet(s.exact, 60)}{said}{value}"
        )
        for item in drift.get(s.key, []):
            print(f"{'':<25}⚠ {snippet(item.message(), 100)}")
    return 0


def _note(suggestion, drift: dict) -> str:
    """An accepted suggestion's note: who said it, and how the story's other articles differ."""
    lines = [suggestion.note(), *(d.message() for d in drift.get(suggestion.key, []))]
    return "\n".join(line for line in lines if line)


def _export(args: argparse.Namespace) -> int:
    fmt = exporting.format_for(args.output, args.format)
    if not args.output.absolute().parent.is_dir():
        raise CommandError(f"the folder {args.output.absolute().parent} does not exist")
    articles = [open_article(path) for path in args.files]
    exporting.export(articles, args.output, fmt)
    return 0
