"""`annotator list`: the rows it prints, its JSON, and `list --json` started light.

A script that lists the passages of many articles starts a process for each; most of
such a process's time used to go in importing the whole command line (the brief's
writers, the suggestions, the tag sets…). `quick` lists with only what listing needs,
for the usual call (`annotator list --json FILE`, notes beside the article, a UTF-8
output); any other call, and any problem, is left to `cli.main`, which does the same
work with everything loaded and says what is wrong. When every passage is where the
sidecar has it, the rows are made from the sidecar's checked records without making
passages or anchoring them (`_row`'s dict, written out in the loop; the tests compare
the bytes of both ways).

Where the passages are is known only from the article's text: the sidecar's digest of
the text does not tell it. A sidecar saved after an edit has the edited text's digest
and keeps an orphan where it stood, and another tool may write any position; so the
text is read and decoded (in one call) and every quote looked for where it is said to be.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import operator
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from annotator import sidecar_typed, store
from annotator.document import DocumentError, read_bytes, text_document
from annotator.formats.plain import TextReader
from annotator.formats.registry import reader_for
from annotator.model import EXACT
from annotator.sidecar_json import collector_paused


def row(annotation: Any) -> dict[str, object]:
    """One passage as `list --json` gives it (formats.md §3)."""
    return _row(
        annotation.id, annotation.start, annotation.end, annotation.exact, annotation.tag,
        annotation.status, annotation.note, annotation.anchor, annotation.review,
        annotation.resolved, annotation.replies,
    )  # fmt: skip


def _row(
    passage_id: str, start: int | None, end: int | None, quote: str, tag: str,
    status: str | None, note: str, anchor: str, review: Any, resolved: bool | None,
    replies: list[Any] | None,
) -> dict[str, object]:  # fmt: skip
    """Where it is found now, what it quotes, its tag, status and note, how it was found,
    its review, and its thread."""
    return {
        "id": passage_id,
        "start": start,
        "end": end,
        "quote": quote,
        "tag": tag,
        "status": status,
        "note": note,
        "anchor": anchor,
        "review": review,
        "resolved": bool(resolved),
        "replies": replies or [],
    }


def rows_of(annotations: Sequence[Any]) -> list[dict[str, object]]:
    """The rows of an article's passages, anchored and in document order."""
    return [row(annotation) for annotation in annotations]


def list_json(rows: list[dict[str, object]], ascii_only: bool = False) -> str:
    """`list --json`'s text: valid JSON whatever the notes hold.

    A lone surrogate (which a sidecar may hold, escaped) has no UTF-8 form, and C1
    control characters reach a terminal raw: both are written as JSON escapes, which
    read back as the same text.
    """
    try:
        if ascii_only:
            raise TypeError("orjson writes UTF-8 only")
        # One call, byte for byte what json.dumps(indent=2, ensure_ascii=False) writes.
        text = orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):  # lone surrogates, huge integers
        text = json.dumps(rows, ensure_ascii=ascii_only, indent=2)
    return _JSON_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_JSON_ESCAPED = re.compile("[\x7f-\x9f\ud800-\udfff]")


def list_json_bytes(rows: list[dict[str, object]]) -> bytes | None:
    """`list_json(rows)` as UTF-8, made without a round trip through a 10 MB str;
    None where only `list_json` can write it (what orjson refuses)."""
    try:
        data = orjson.dumps(rows, option=orjson.OPT_INDENT_2)
    except (TypeError, orjson.JSONEncodeError):
        return None
    if not _escaped(data):  # the usual case, told without a regex over megabytes
        return data
    return _ESCAPED_BYTES.sub(lambda m: b"\\u%04x" % ord(m.group().decode()), data)


# orjson writes no surrogate; U+007F is one byte, U+0080-U+009F are \xc2\x80-\xc2\x9f.
_ESCAPED_BYTES = re.compile(b"\x7f|\xc2[\x80-\x9f]")


def _escaped(data: bytes) -> bool:
    """True when UTF-8 `data` holds a character that `list_json` writes escaped."""
    if b"\x7f" in data:
        return True
    at = data.find(b"\xc2")  # a lead byte of U+0080-U+00BF (£, §, no-break space…)
    while at != -1:
        if 0x80 <= data[at + 1] <= 0x9F:
            return True
        at = data.find(b"\xc2", at + 2)
    return False


def quick(argv: Sequence[str]) -> int | None:
    """Run `annotator list --json FILE` with only what listing needs; None when this
    call is not that, or anything is amiss (`cli.main` then runs it and says why)."""
    file = _listed_file(list(argv))
    out = sys.stdout
    if file is None or not isinstance(out, io.TextIOWrapper) or out.closed:
        return None
    if codecs.lookup(out.encoding or "utf-8").name != "utf-8":
        return None  # escapes for a terminal that cannot show a script: cli's way
    with collector_paused():  # thousands of objects made, none in a cycle
        rows = _rows(Path(file))
    if rows is None:
        return None
    data = list_json_bytes(rows)
    if data is None:
        return None
    try:
        out.flush()
        out.buffer.write(data)  # (not data + b"\n": a copy of megabytes)
        out.buffer.write(b"\n")
        out.buffer.flush()
    except BrokenPipeError:
        return reader_gone()
    return 0


def reader_gone() -> int:
    """Exit quietly when what reads the output has gone (`annotator list … | head`)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        # Python flushes stdout again on exit: let that go nowhere, not to a traceback.
        nowhere = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nowhere, sys.stdout.fileno())
        os.close(nowhere)
    return 1


def _rows(path: Path) -> list[dict[str, object]] | None:
    """The rows of `list --json` for the article at `path`, or None (see `quick`)."""
    try:
        if not store.beside(path).is_file():
            return None  # no notes beside it: cli says where a renamed copy's are
        sidecar_path = store.locate(path)
        if sidecar_path is None:
            return None
        raw = store.read_bytes(sidecar_path)
        if len(raw) > store.MAX_BYTES:
            return None
        text = _text(path)
        usual = sidecar_typed.usual(raw.removeprefix(b"\xef\xbb\xbf"))
        rows = None if usual is None else _rows_in_place(usual, text)
        if rows is None:  # passages to look for, or notes of another kind: as `open_article`
            from annotator.anchoring import anchor_all

            if usual is None:
                sidecar = store.loads(raw, sidecar_path.name)
            else:
                sidecar = sidecar_typed.sidecar(usual)
            anchor_all(sidecar.annotations, text)
            sidecar.sort()
            rows = rows_of(sidecar.annotations)
    except (DocumentError, store.SidecarError, OSError, ValueError):
        return None
    return rows


def _text(path: Path) -> str:
    """The article's document text, as `read_source` reads it; a plain-text file's
    decoded in one call (this process has no window to let run meanwhile)."""
    data = read_bytes(path)
    reader = reader_for(path, data)
    if reader is TextReader:
        return text_document(path, data, in_pieces=False).text
    return reader().read(path, data).text


def _rows_in_place(usual: sidecar_typed.Usual, text: str) -> list[dict[str, object]] | None:
    """The rows when every passage is still where the sidecar has it, made from its
    records without making passages: what anchoring then finds (formats.md §2, `exact`:
    the text at the stored position equals the quote; its end is where the quote ends),
    in document order. None when a passage has moved or awaits review."""
    rows: list[dict[str, object]] = []
    append, startswith = rows.append, text.startswith
    in_order = True  # as a sidecar is written: then there is nothing to sort
    last: tuple[int, int, str] = (-1, -1, "")
    for passage, (position, quote) in zip(usual.records.annotations, usual.places, strict=True):
        if position is None or passage.review is not None:
            return None
        start, exact = position.start, quote.exact
        if not 0 <= start <= position.end or not startswith(exact, start):
            return None
        end, passage_id = start + len(exact), passage.id
        if in_order and (start, end, passage_id) < last:
            in_order = False
        last = (start, end, passage_id)
        # `_row`'s dict, written out: 10,000 calls cost a few milliseconds
        append({"id": passage_id, "start": start, "end": end, "quote": exact,
                "tag": passage.tag, "status": passage.status, "note": passage.note,
                "anchor": EXACT, "review": None, "resolved": bool(passage.resolved),
                "replies": passage.replies or []})  # fmt: skip
    if not in_order:
        rows.sort(key=_DOCUMENT_ORDER)  # Sidecar.sort's (start, end, id), of rows
    return rows


_DOCUMENT_ORDER = operator.itemgetter("start", "end", "id")


def _listed_file(argv: list[str]) -> str | None:
    """FILE of `list --json FILE` or `list FILE --json`, else None."""
    if len(argv) != 3 or argv[0] != "list" or "--json" not in argv[1:]:
        return None
    file = argv[2] if argv[1] == "--json" else argv[1]
    return None if file.startswith("-") or not file else file
