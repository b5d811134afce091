"""The command line (formats.md §3). Qt is imported only to open the window."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import dataclasses
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from annotator import cli_brief, cli_desk, tagsets
from annotator import export as exporting
from annotator.article import Article, open_article
from annotator.cli_list import list_json, reader_gone, rows_of
from annotator.document import DocumentError
from annotator.export import arguments as export_arguments
from annotator.folding import find_typed
from annotator.launcher import COMMANDS
from annotator.launcher import window as _window
from annotator.model import (
    METADATA_KEYS,
    STATUSES,
    make_annotation,
    needs_review,
    reviewed,
)
from annotator.store import SidecarError
from annotator.suggest import KINDS, TAG_OF_KIND, offered, published_day, suggest
from annotator.terminal import Parser as _Parser
from annotator.terminal import one_line
from annotator.text import snippet

AUTHOR_VARIABLE = cli_desk.AUTHOR_VARIABLE  # her name, where a command has no --author


class CommandError(Exception):
    """A command that cannot be carried out; its message is the one line the user sees."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        args = _command_parser().parse_args(_joined_values(argv))
        if sys.stdout is None:
            return 1  # started with its output closed: nothing to do it for, quietly
        if isinstance(sys.stdout, io.TextIOWrapper):
            # A terminal that cannot show a script gets escapes (\u0642), not a traceback.
            sys.stdout.reconfigure(errors="backslashreplace")
        try:
            cli_desk.say_renamed(args, one_line)  # where a renamed article's notes are
            code = args.run(args)
            sys.stdout.flush()  # a reader that went away is found here, not at exit
            return code
        except BrokenPipeError:
            return reader_gone()
        except (CommandError, DocumentError, SidecarError, OSError, ValueError) as error:
            return _fail(error)
    return _window(argv)  # the window's side is `entry`'s: started without the engine


# Options that take a value. argparse reads a value that starts with "-" ("-5%") as an
# option of its own (python/cpython#53580), so `--quote -5%` is given to it as
# `--quote=-5%`, which it reads as meant.
_VALUE_OPTIONS = frozenset(
    ("--quote", "--occurrence", "--tag", "--note", "--status", "--author", "-o", "--output",
     "--format")
)  # fmt: skip


def _joined_values(argv: list[str]) -> list[str]:
    """`argv` with each value option joined to the value after it (up to a lone "--")."""
    joined: list[str] = []
    rest = iter(argv)
    for arg in rest:
        if arg == "--":
            joined += [arg, *rest]
            break
        following = next(rest, None) if arg in _VALUE_OPTIONS else None
        joined.append(arg if following is None else f"{arg}={following}")
    return joined


def _fail(error: BaseException) -> int:
    message = str(error)
    if isinstance(error, OSError) and error.filename:
        message = f"{error.filename}: {error.strerror or error}"
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            print(f"annotator: {one_line(message)}", file=sys.stderr)
    return 1


def _command_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="annotator")
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
    brief.add_argument(
        "--with-clutter",
        action="store_true",
        help="keep paragraphs flagged as site furniture or repeats in the brief's full text",
    )
    export_arguments.add_arguments(brief)
    brief.set_defaults(run=_export)

    inspect = commands.add_parser(
        "inspect", help="how an article is read: its reader, source details and clutter"
    )
    inspect.add_argument("file", type=Path)
    inspect.add_argument("--json", action="store_true", help="print a JSON object")
    inspect.set_defaults(run=_inspect)
    cli_desk.add_commands(commands)  # and --author NAME on add and suggest
    cli_brief.add_command(commands, lambda line: print(one_line(line)))
    return parser


def _positive(value: str) -> int:
    """A whole number of 1 or more, for --occurrence."""
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise argparse.ArgumentTypeError("must be a whole number from 1 to 999999999")
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _add(args: argparse.Namespace) -> int:
    article = open_article(args.file)
    sidecar = article.sidecar
    story_problem = tagsets.problem(article.path.parent) if article.sidecar_path is None else ""
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
    if story_problem:  # the new notes took her default tags instead
        print(f"annotator: {one_line(story_problem)}; used the default tags", file=sys.stderr)
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
    rows = rows_of(article.sidecar.annotations)
    if args.json:
        sys.stdout.write(list_json(rows, ascii_only=not _speaks_utf8(sys.stdout)) + "\n")
        return 0
    for row in rows:
        where = "orphaned" if row["start"] is None else f"{row['start']}-{row['end']}"
        status = row["status"] or "-"
        line = (
            f"{row['id'][:8]}  {where:>13}  {row['tag'] or '-':<10} {status:<9}  {row['anchor']:<8}  "
            f"{snippet(row['quote'], 50)}  {snippet(row['note'], 40)}"
        )
        print(one_line(line))
    return 0


def _encoding(stream: TextIO) -> str:
    return getattr(stream, "encoding", None) or "utf-8"


def _speaks_utf8(stream: TextIO) -> bool:
    return codecs.lookup(_encoding(stream)).name == "utf-8"


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
    from annotator.drift import find_drift, story_quotes  # loaded for `suggest` only

    # The same quotation as the story's other articles have it.
    drift = find_drift(found, story_quotes(article.path)) if "quote" in kinds else {}
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
                    author=args.author,
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
    try:
        options = export_arguments.options_from(args, articles, os.environ)
        options = dataclasses.replace(options, signer=(os.environ.get(AUTHOR_VARIABLE, ""), ""))
        exporting.export(articles, args.output, fmt, options=options)
    except OSError as error:
        # The brief is written to a hidden temporary file first: name the one she asked for.
        raise CommandError(f"{args.output} cannot be written: {error.strerror or error}") from None
    return 0


def _inspect(args: argparse.Namespace) -> int:
    """Say how an article is read; nothing is written."""
    article = open_article(args.file)
    report = inspect_report(article)
    if args.json:
        ascii_only = not _speaks_utf8(sys.stdout)
        sys.stdout.write(list_json(report, ascii_only=ascii_only) + "\n")  # type: ignore[arg-type]
        return 0
    reader = report["reader"]
    read_by = f"{reader['name']} {reader['version']}" if reader else "Annotator (plain text)"
    print(one_line(f"{args.file.name}: {report['format']}, read by {read_by}"))
    print(
        f"  {report['length']:,} characters"
        + (f", {len(report['pages'])} pages" if report["pages"] else "")
    )
    for key, value in report["metadata"].items():
        if value:
            guessed = " (guessed)" if key in report["guessed"] else ""
            print(one_line(f"  {key}: {value}{guessed}"))
    for item in report["clutter"]:
        print(
            one_line(
                f"  {item['start']}-{item['end']}  {item['kind']:<9}  {item['reason']}: {item['text']}"
            )
        )
    return 0


def inspect_report(article: Article) -> dict[str, object]:
    """What `inspect --json` prints: reader, source details, clutter with offsets."""
    document, source = article.document, article.sidecar.source
    return {
        "file": str(article.path),
        "format": document.format,
        "reader": (
            {"name": document.reader, "version": document.reader_version}
            if document.derived
            else None
        ),
        "encoding": document.encoding,
        "file_sha256": document.file_sha256 or None,
        "sha256": document.sha256,
        "length": len(document.text),
        "pages": list(document.pages) or None,
        "metadata": {key: source.metadata.get(key, "") for key in METADATA_KEYS},
        "guessed": list(source.guessed or []),
        "clutter": [
            {**item.as_json(), "text": snippet(article.text[item.start : item.end], 60)}
            for item in article.clutter()
        ],
    }
