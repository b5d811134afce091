"""`annotator list --json` started light (`cli_list.quick`) prints what the whole
command line prints, byte for byte, or leaves the call to it."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from annotator import cli, cli_list, entry, sidecar_typed, store
from annotator.article import open_article
from annotator.document import text_digest
from annotator.model import make_annotation, new_reply
from tests.texts import SCRAPED

QUOTES = ["Ines Moreau", "About 4,800", "Something had to give.", "the fuel bill"]
POSITION = "TextPositionSelector"
ENGLISH = SCRAPED[: SCRAPED.index("\n\n\nএই")] + "\n"  # what Windows-1252 can hold


def make(tmp_path, kind: str):
    """An article with notes of one kind (see the parameters below)."""
    path = tmp_path / "ferry.txt"
    text = ENGLISH if kind == "cp1252" else SCRAPED
    if kind == "crlf":
        path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    else:
        path.write_bytes(text.encode("cp1252" if kind == "cp1252" else "utf-8"))
    article = open_article(path)
    assert article.text == text
    for number, quote in enumerate(QUOTES):
        start = text.index(quote)
        note = f"note {number} \x85 \x7f 🚢 قال"  # C1 and DEL are escaped in the output
        passage = make_annotation(text, start, start + len(quote), note=note, tag="claim")
        article.sidecar.annotations.append(passage)
    first = article.sidecar.annotations[0]
    if kind == "threads":
        first.replies = [new_reply("checked", "Ed", "brief")]
        first.resolved = True
        first.review = {"anchor": "moved", "since": "", "previous": {"start": 1, "end": 2}}
    if kind == "replies":  # a thread, no review: still listed from the records
        first.replies = [new_reply("checked", "Ed", "brief")]
        first.resolved = False
    if kind == "surrogate":
        first.note = "lone \ud800"
    if kind == "unknown keys":
        first.extra = {"x-colour": "red"}
    article.save()
    sidecar = store.beside(path)
    if kind == "bom":
        sidecar.write_bytes(b"\xef\xbb\xbf" + sidecar.read_bytes())
    if kind in ("quote first", "no position", "unsorted"):
        data = json.loads(sidecar.read_bytes())
        for item in data["annotations"]:
            selectors = item["target"]["selector"]
            if kind != "unsorted":
                selectors.reverse() if kind == "quote first" else selectors.pop(0)
        if kind == "unsorted":  # as another tool may write them: listed in document order
            data["annotations"].reverse()
        sidecar.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    if kind == "orphan":
        path.write_text(SCRAPED.replace("Ines Moreau", "Someone Else"), encoding="utf-8")
    if kind == "orphan saved":  # the sidecar now has the edited text's digest, the other
        path.write_text(SCRAPED.replace("Ines Moreau", "his manager"), encoding="utf-8")
        open_article(path).save()  # passages in place, the orphan where it stood before
    if kind == "same length":  # a letter changed: the length the sidecar has still holds
        path.write_text(SCRAPED.replace("Ines Moreau", "Inez Moreau"), encoding="utf-8")
    if kind == "moved":
        path.write_text("A new first paragraph.\n\n" + SCRAPED, encoding="utf-8")
    if kind == "unreadable notes":
        store.beside(path).write_text("{not json", encoding="utf-8")
    if kind == "no notes":
        store.beside(path).unlink()
    return path


KINDS = ["usual", "replies", "bom", "quote first", "unsorted", "crlf", "cp1252", "no position",
         "threads", "surrogate", "unknown keys", "orphan", "orphan saved", "same length",
         "moved"]  # fmt: skip
# Listed without making passages (an article in CRLF or Windows-1252 is decoded as ever).
IN_PLACE = {"usual", "replies", "bom", "quote first", "unsorted", "crlf", "cp1252"}


def process(*argv: str) -> tuple[int, bytes, bytes]:
    done = subprocess.run(
        [sys.executable, *argv], capture_output=True, check=False, env={"PYTHONUTF8": "1"}
    )
    return done.returncode, timeless(done.stdout), done.stderr


def timeless(output: bytes) -> bytes:
    """A passage found moved is flagged for review since now: the second may differ."""
    return re.sub(rb'"since": "[^"]*"', b"", output)


@pytest.mark.slow
@pytest.mark.parametrize("kind", [*KINDS, "unreadable notes", "no notes"])
def test_the_light_start_prints_what_the_command_line_prints(tmp_path, kind):
    path = make(tmp_path, kind)
    light = process("-m", "annotator", "list", "--json", str(path))
    whole = process("-c", "import sys; from annotator import cli; sys.exit(cli.main(sys.argv[1:]))",
                    "list", "--json", str(path))  # fmt: skip
    assert light == whole
    assert light[0] == (1 if kind == "unreadable notes" else 0)


@pytest.mark.parametrize("kind", KINDS)
def test_in_process_the_same_bytes_and_the_light_way_taken(tmp_path, capsysbinary, kind):
    path = make(tmp_path, kind)
    assert cli.main(["list", str(path), "--json"]) == 0
    whole = timeless(capsysbinary.readouterr().out)
    code = cli_list.quick(["list", str(path), "--json"])
    light = timeless(capsysbinary.readouterr().out)
    if code is None:  # left to the command line: only what orjson cannot write
        assert kind == "surrogate"
    else:
        assert light == whole
    assert entry.main(["list", "--json", str(path)]) == 0
    assert timeless(capsysbinary.readouterr().out) == whole


@pytest.mark.parametrize("kind", KINDS)
def test_passages_in_place_are_listed_from_the_records(tmp_path, capsysbinary, monkeypatch, kind):
    path = make(tmp_path, kind)
    assert cli.main(["list", "--json", str(path)]) == 0
    whole = timeless(capsysbinary.readouterr().out)
    made = []
    monkeypatch.setattr(sidecar_typed, "sidecar", lambda *a: made.append(a) or real(*a))
    monkeypatch.setattr(store, "loads", lambda *a: made.append(a) or real_loads(*a))
    code = cli_list.quick(["list", "--json", str(path)])
    assert timeless(capsysbinary.readouterr().out) == (b"" if code is None else whole)
    assert (made == []) == (kind in IN_PLACE)


real, real_loads = sidecar_typed.sidecar, store.loads


@pytest.mark.parametrize(
    "argv",
    [["list", "FILE"], ["list", "--json", "FILE", "--json"], ["list", "--json", "-h"],
     ["list", "--json", "--"], ["add", "--json", "FILE"]],
)  # fmt: skip
def test_other_calls_are_left_to_the_command_line(tmp_path, argv):
    path = make(tmp_path, "usual")
    assert cli_list.quick([str(path) if a == "FILE" else a for a in argv]) is None


def test_problems_are_left_to_the_command_line(tmp_path):
    assert cli_list.quick(["list", "--json", str(tmp_path / "missing.txt")]) is None
    assert cli_list.quick(["list", "--json", str(make(tmp_path, "no notes"))]) is None
    assert cli_list.quick(["list", "--json", str(make(tmp_path, "unreadable notes"))]) is None


@pytest.mark.parametrize("kind", ["orphan saved", "same length"])
def test_a_passage_the_article_lost_is_never_listed_in_place(tmp_path, capsysbinary, kind):
    """Neither the sidecar's digest of the text nor its length says that the passages are
    where it has them: a sidecar saved after an edit has the edited text's digest, and
    keeps an orphan where it stood; a letter changed leaves the length as it was."""
    path = make(tmp_path, kind)
    sidecar = json.loads(store.beside(path).read_bytes())
    text = path.read_text(encoding="utf-8")
    assert (sidecar["source"]["sha256"] == text_digest(text)) == (kind == "orphan saved")
    assert sidecar["source"]["length"] == len(text)
    lost = next(a for a in sidecar["annotations"] if a["note"].startswith("note 0"))
    start = SCRAPED.index("Ines Moreau")  # where it stood, still written
    assert lost["target"]["selector"][0] == {"type": POSITION, "start": start, "end": start + 11}
    assert cli_list.quick(["list", "--json", str(path)]) == 0
    rows = {row["note"].split()[1]: row for row in json.loads(capsysbinary.readouterr().out)}
    if kind == "orphan saved":
        assert (rows["0"]["anchor"], rows["0"]["start"]) == ("orphaned", None)
    else:
        assert (rows["0"]["anchor"], rows["0"]["quote"]) == ("fuzzy", "Inez Moreau")
    assert [rows[number]["anchor"] for number in "123"] == ["exact"] * 3


def test_the_notes_in_the_data_folder_are_listed_before_a_copy_beside(tmp_path, capsysbinary):
    """Notes kept in the data folder (the article's folder could not be written) are the
    newer: listed, not the stale copy beside the article, as the command line lists them."""
    path = make(tmp_path, "usual")
    data = json.loads(store.beside(path).read_bytes())
    data["annotations"] = data["annotations"][1:]
    store.fallback(path).parent.mkdir(parents=True)
    store.fallback(path).write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    assert cli.main(["list", "--json", str(path)]) == 0
    whole = capsysbinary.readouterr().out
    assert cli_list.quick(["list", "--json", str(path)]) == 0
    light = capsysbinary.readouterr().out
    assert light == whole
    assert len(json.loads(light)) == len(QUOTES) - 1
