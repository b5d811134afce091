"""The brief comes back: an editor's replies, resolved flags, note edits and new comments,
written into the package as Word writes them (and re-saved by the real LibreOffice), are
imported into the sidecars, once; the next brief writes the thread as Word replies."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from annotator.cli import main
from tests.word_edits import W14, W15, W, WordPackage

TEXT = (
    "The minister resigned on Monday after the audit.\n\n"
    "A survey found that 42 percent of clinics were closed.\n\n"
    "Officials said the figures would be published in March.\n"
)
SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys, path: Path) -> list[dict]:
    code, out, _ = run(capsys, "list", path, "--json")
    assert code == 0
    return json.loads(out)


@pytest.fixture
def article(tmp_path, capsys) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    for quote, note in (("minister resigned", "Check the date"), ("42 percent", "Source?")):
        code, _, err = run(capsys, "add", path, "--quote", quote, "--note", note, "--tag", "claim")
        assert (code, err) == (0, "")
    return path


def export(capsys, article: Path, out: Path) -> Path:
    code, _, err = run(capsys, "export", article, "-o", out)
    assert (code, err) == (0, "")
    return out


def edited_by_the_editor(brief: Path, out: Path) -> Path:
    package = WordPackage(brief)
    package.reply(package.comment("Check the date"), "Ed Itor", "2026-11-27T10:00:00Z",
                  "Confirmed with the ministry")  # fmt: skip
    package.resolve(package.comment("Source?"))
    package.new_comment("the figures would be published", "Ed Itor", "2026-11-27T10:05:00Z",
                        "Which figures?")  # fmt: skip
    return package.save(out)


def resave_with_libreoffice(path: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", 'docx:MS Word 2007 XML', "--outdir", folder, path],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return folder / path.name


def by_quote(rows: list[dict]) -> dict[str, dict]:
    return {row["quote"]: row for row in rows}


def check_imported(rows: list[dict]) -> None:
    rows = by_quote(rows)
    (reply,) = rows["minister resigned"]["replies"]
    assert (reply["author"], reply["text"], reply["origin"]) == (
        "Ed Itor", "Confirmed with the ministry", "brief",
    )  # fmt: skip
    assert reply["created"] == "2026-11-27T10:00:00Z"
    assert rows["minister resigned"]["resolved"] is False
    assert rows["42 percent"]["resolved"] is True
    assert rows["42 percent"]["note"] == "Source?"
    new = rows["the figures would be published"]
    assert (new["note"], new["tag"], new["anchor"]) == ("Which figures?", "editor", "exact")
    assert TEXT[new["start"] : new["end"]] == "the figures would be published"


def test_an_edited_brief_comes_back_once(capsys, article, tmp_path):
    brief = edited_by_the_editor(export(capsys, article, tmp_path / "brief.docx"),
                                 tmp_path / "returned.docx")  # fmt: skip
    sidecar = article.with_name(article.name + ".annotations.json")
    before = sidecar.read_bytes()

    code, out, err = run(capsys, "import-brief", brief, "--dry-run")
    assert (code, err) == (0, "")
    assert "Confirmed with the ministry" in out and "resolved “42 percent”" in out
    assert "new passage “the figures would be published”" in out
    assert sidecar.read_bytes() == before  # a dry run writes nothing

    code, out, err = run(capsys, "import-brief", brief)
    assert (code, err) == (0, "")
    rows = listed(capsys, article)
    check_imported(rows)
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    assert any(tag["id"] == "editor" and tag["label"] == "Editor" for tag in data["tags"])

    once = sidecar.read_bytes()
    code, out, _ = run(capsys, "import-brief", brief)
    assert (code, out) == (0, "story.txt: nothing new\n")
    assert sidecar.read_bytes() == once


def test_the_next_brief_writes_the_thread_as_word_replies(capsys, article, tmp_path):
    returned = edited_by_the_editor(export(capsys, article, tmp_path / "brief.docx"),
                                    tmp_path / "returned.docx")  # fmt: skip
    assert run(capsys, "import-brief", returned)[0] == 0
    following = export(capsys, article, tmp_path / "next.docx")

    comments = {c.comment_id: c for c in docx.Document(str(following)).comments}
    reply = next(c for c in comments.values() if c.text.strip() == "Confirmed with the ministry")
    parent = next(c for c in comments.values() if "Check the date" in c.text)
    assert reply.author == "Ed Itor"
    with zipfile.ZipFile(following) as package:
        written = etree.fromstring(package.read("word/comments.xml"))
        extended = etree.fromstring(package.read("word/commentsExtended.xml"))
        body = package.read("word/document.xml").decode()
    para = {
        c.get(f"{{{W}}}id"): list(c.iter(f"{{{W}}}p"))[-1].get(f"{{{W14}}}paraId")
        for c in written.iter(f"{{{W}}}comment")
    }
    links = {
        e.get(f"{{{W15}}}paraId"): (e.get(f"{{{W15}}}paraIdParent"), e.get(f"{{{W15}}}done"))
        for e in extended
    }
    assert links[para[str(reply.comment_id)]][0] == para[str(parent.comment_id)]
    resolved = next(c for c in comments.values() if "Source?" in c.text)
    assert links[para[str(resolved.comment_id)]] == (None, "1")
    # The reply is on its parent's range, as Word puts it.
    assert (
        f'<w:commentRangeStart w:id="{parent.comment_id}"/><w:commentRangeStart w:id="{reply.comment_id}"/>'
        in body
    )

    # Imported again, the thread written back is not taken for new replies.
    before = article.with_name(article.name + ".annotations.json").read_bytes()
    code, out, _ = run(capsys, "import-brief", following)
    assert (code, out) == (0, "story.txt: nothing new\n")
    assert article.with_name(article.name + ".annotations.json").read_bytes() == before


@needs_libreoffice
def test_libreoffice_reads_the_next_brief_with_the_reply_on_its_passage(capsys, article, tmp_path):
    returned = edited_by_the_editor(export(capsys, article, tmp_path / "brief.docx"),
                                    tmp_path / "returned.docx")  # fmt: skip
    assert run(capsys, "import-brief", returned)[0] == 0
    following = export(capsys, article, tmp_path / "next.docx")
    # Re-saved by LibreOffice (which drops the reply's link), the thread written back
    # is still known: nothing new.
    sidecar = article.with_name(article.name + ".annotations.json")
    before = sidecar.read_bytes()
    resaved = resave_with_libreoffice(following, tmp_path / "resaved")
    assert run(capsys, "import-brief", resaved)[1] == "story.txt: nothing new\n"
    assert sidecar.read_bytes() == before
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "odt", "--outdir", tmp_path / "odt", following],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    with zipfile.ZipFile(tmp_path / "odt" / "next.odt") as package:
        content = etree.fromstring(package.read("content.xml"))
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    notes = {
        note.get(f"{{{office}}}name"): "".join(note.itertext())
        for note in content.iter(f"{{{office}}}annotation")
    }
    reply = next(name for name, text in notes.items() if "Confirmed with the ministry" in text)
    parent = next(name for name, text in notes.items() if "Check the date" in text)
    found = content.iter(f"{{{office}}}annotation")
    loext = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
    reply_element = next(n for n in found if n.get(f"{{{office}}}name") == reply)
    if reply_element.get(f"{{{loext}}}parent-name") is not None:  # LibreOffice 24.2 and later
        assert reply_element.get(f"{{{loext}}}parent-name") == parent
    else:  # older LibreOffice keeps no link in ODT: the reply stands on its parent's range
        spans, body = _annotation_spans(content, office)
        assert spans[reply] == spans[parent]
        assert body[slice(*spans[parent])] == "minister resigned"


def _annotation_spans(
    content: etree._Element, office: str
) -> tuple[dict[str, tuple[int, int]], str]:
    """Where each ODT annotation starts and ends in the body's text (notes' own text aside),
    and that text."""
    starts, spans, pieces = {}, {}, []
    annotation, end = f"{{{office}}}annotation", f"{{{office}}}annotation-end"
    for event, node in etree.iterwalk(content, events=("start", "end")):
        inside = any(a.tag == annotation for a in node.iterancestors())
        if event == "start" and node.tag == annotation:
            starts[node.get(f"{{{office}}}name")] = len("".join(pieces))
        elif event == "start" and node.tag == end:
            name = node.get(f"{{{office}}}name")
            spans[name] = (starts[name], len("".join(pieces)))
        elif event == "end" and not inside and node.tail:
            pieces.append(node.tail)
        if event == "start" and not inside and node.tag != annotation and node.text:
            pieces.append(node.text)
    return spans, "".join(pieces)


@needs_libreoffice
def test_a_brief_resaved_by_libreoffice_still_names_its_passages(capsys, article, tmp_path):
    brief = export(capsys, article, tmp_path / "brief.docx")
    plain = resave_with_libreoffice(brief, tmp_path / "plain")
    sidecar = article.with_name(article.name + ".annotations.json")
    before = sidecar.read_bytes()
    code, out, err = run(capsys, "import-brief", plain)
    assert (code, out, err) == (0, "story.txt: nothing new\n", "")  # its own comments known
    assert sidecar.read_bytes() == before

    returned = edited_by_the_editor(brief, tmp_path / "returned.docx")
    resaved = resave_with_libreoffice(returned, tmp_path / "lo")
    with zipfile.ZipFile(resaved) as package:
        names = set(package.namelist())
        body = package.read("word/document.xml").decode()
    assert "_A1P1" in body and any(n.startswith("customXml/item") for n in names)
    assert run(capsys, "import-brief", resaved)[0] == 0
    check_imported(listed(capsys, article))
    once = sidecar.read_bytes()
    assert run(capsys, "import-brief", returned)[1] == "story.txt: nothing new\n"
    assert sidecar.read_bytes() == once


def test_an_edited_note_becomes_a_reply_and_her_note_stays(capsys, article, tmp_path):
    package = WordPackage(export(capsys, article, tmp_path / "brief.docx"))
    package.edit_comment(package.comment("Check the date"), "Check the date", "Check the day")
    returned = package.save(tmp_path / "returned.docx")
    assert run(capsys, "import-brief", returned)[0] == 0
    row = by_quote(listed(capsys, article))["minister resigned"]
    assert row["note"] == "Check the date"
    assert [r["text"] for r in row["replies"]] == ["Note edited in the brief: Check the day"]


def test_new_passages_take_the_tag_asked_for(capsys, article, tmp_path):
    package = WordPackage(export(capsys, article, tmp_path / "brief.docx"))
    package.new_comment("after the audit", "Ed", "2026-11-27T11:00:00Z", "Which audit?")
    returned = package.save(tmp_path / "returned.docx")
    code, _, err = run(capsys, "import-brief", returned, "--tag", "Quote")
    assert (code, err) == (0, "")
    assert by_quote(listed(capsys, article))["after the audit"]["tag"] == "quote"


def test_what_cannot_be_imported_is_said_in_one_line_and_nothing_is_written(
    capsys, article, tmp_path
):
    sidecar = article.with_name(article.name + ".annotations.json")
    before = sidecar.read_bytes()
    not_word = tmp_path / "notes.docx"
    not_word.write_text("hello", encoding="utf-8")
    other = tmp_path / "other.docx"
    docx.Document().save(str(other))
    brief = edited_by_the_editor(export(capsys, article, tmp_path / "brief.docx"),
                                 tmp_path / "returned.docx")  # fmt: skip
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    shutil.move(brief, moved / "returned.docx")
    hidden = article.rename(tmp_path / "renamed.txt")
    for path, said in (
        (not_word, "notes.docx is not a Word document"),
        (other, "other.docx is not a brief exported by Annotator"),
        (moved / "returned.docx", "the article story.txt of the brief is not found"),
        (tmp_path / "missing.docx", "missing.docx"),
    ):
        code, out, err = run(capsys, "import-brief", path)
        assert (code, out) == (1, "")
        assert err.startswith("annotator: ") and said in err and err.count("\n") == 1
    hidden.rename(article)
    assert sidecar.read_bytes() == before
    # Beside the brief, by the path it recorded relative to it, the article is found.
    shutil.copy(article, moved / "story.txt")
    shutil.copy(sidecar, moved / sidecar.name)
    assert run(capsys, "import-brief", moved / "returned.docx")[0] == 0
    assert sidecar.read_bytes() == before  # the copy beside the brief took it in
    assert by_quote(listed(capsys, moved / "story.txt"))["42 percent"]["resolved"] is True


OTHER = "The port reopened on Tuesday.\n\nTrade fell by a third this year.\n"


def test_a_brief_of_two_articles_sends_each_comment_to_its_own(capsys, article, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(OTHER, encoding="utf-8")
    assert run(capsys, "add", other, "--quote", "port reopened", "--note", "Which port?")[0] == 0
    code, _, err = run(capsys, "export", article, other, "-o", tmp_path / "both.docx")
    assert (code, err) == (0, "")
    package = WordPackage(tmp_path / "both.docx")
    package.reply(package.comment("Which port?"), "Ed", "2026-11-27T09:00:00Z", "Felixstowe")
    package.new_comment("Trade fell", "Ed", "2026-11-27T09:01:00Z", "Since when?")
    package.new_comment("42 percent", "Ed", "2026-11-27T09:02:00Z", "Round it")  # its list quote
    returned = package.save(tmp_path / "returned.docx")
    code, out, _ = run(capsys, "import-brief", returned)
    assert code == 0 and out.count("other.txt: ") == 2 and out.count("story.txt: ") == 1

    rows = by_quote(listed(capsys, other))
    assert [r["text"] for r in rows["port reopened"]["replies"]] == ["Felixstowe"]
    assert rows["Trade fell"]["note"] == "Since when?"
    mine = by_quote(listed(capsys, article))
    assert [r["text"] for r in mine["42 percent"]["replies"]] == ["Round it"]
    assert "Trade fell" not in mine


def test_replies_to_a_new_comment_and_a_reopened_thread(capsys, article, tmp_path):
    package = WordPackage(export(capsys, article, tmp_path / "brief.docx"))
    package.resolve(package.comment("Source?"))
    package.new_comment("after the audit", "Ed", "2026-11-27T09:01:00Z", "Which audit?")
    package.reply(package.comment("Which audit?"), "Sub", "2026-11-27T09:05:00Z", "The 2025 one")
    assert run(capsys, "import-brief", package.save(tmp_path / "one.docx"))[0] == 0
    rows = by_quote(listed(capsys, article))
    assert [r["author"] for r in rows["after the audit"]["replies"]] == ["Sub"]
    assert rows["42 percent"]["resolved"] is True

    # The next brief has the thread resolved; the editor reopens it.
    package = WordPackage(export(capsys, article, tmp_path / "next.docx"))
    package._extended(package.para_id(package.comment("Source?")), None, done=False)
    code, out, _ = run(capsys, "import-brief", package.save(tmp_path / "two.docx"))
    assert (code, out) == (0, "story.txt: reopened “42 percent”\n")
    assert by_quote(listed(capsys, article))["42 percent"]["resolved"] is False


def test_a_new_comment_is_found_by_its_quote_when_the_article_changed(capsys, article, tmp_path):
    package = WordPackage(export(capsys, article, tmp_path / "brief.docx"))
    package.new_comment("survey found that", "Ed", "2026-11-27T09:01:00Z", "Which survey?")
    returned = package.save(tmp_path / "returned.docx")
    article.write_text("New first paragraph.\n\n" + TEXT, encoding="utf-8")
    assert run(capsys, "import-brief", returned)[0] == 0
    row = by_quote(listed(capsys, article))["survey found that"]
    assert article.read_text(encoding="utf-8")[row["start"] : row["end"]] == "survey found that"


def test_a_comment_on_the_briefs_own_text_is_said_and_left_out(capsys, article, tmp_path):
    package = WordPackage(export(capsys, article, tmp_path / "brief.docx"))
    package.new_comment("Passages", "Ed", "2026-11-27T09:01:00Z", "Nice layout")
    returned = package.save(tmp_path / "returned.docx")
    sidecar = article.with_name(article.name + ".annotations.json")
    before = sidecar.read_bytes()
    code, out, _ = run(capsys, "import-brief", returned)
    assert code == 0 and "story.txt: nothing new" in out
    assert "a comment by Ed on the brief's own text, not an article's, is left out" in out
    assert sidecar.read_bytes() == before


TWICE = (
    "Prices rose again, the minister said on Monday.\n\n"
    "Nothing else changed.\n\n"
    "Prices will fall, the minister said later.\n"
)


@pytest.mark.parametrize("resaved", [False, pytest.param(True, marks=needs_libreoffice)])
def test_a_new_comment_lands_on_the_occurrence_it_was_made_on(capsys, tmp_path, resaved):
    article = tmp_path / "twice.txt"
    article.write_text(TWICE, encoding="utf-8")
    assert run(capsys, "add", article, "--quote", "Nothing else", "--note", "Sure?")[0] == 0
    package = WordPackage(export(capsys, article, tmp_path / "brief.docx"))
    full_text = [t for t in package.document.iter(f"{{{W}}}t") if t.text and "Prices" in t.text]
    assert len(full_text) == 2  # the first and the third paragraph of the full text
    package.new_comment_in(full_text[-1], "the minister said", "Ed", "2026-11-27T09:00:00Z", "Who?")
    returned = package.save(tmp_path / "returned.docx")
    if resaved:
        returned = resave_with_libreoffice(returned, tmp_path / "lo")
    assert run(capsys, "import-brief", returned)[0] == 0
    new = next(row for row in listed(capsys, article) if row["note"] == "Who?")
    assert new["start"] == TWICE.rindex("the minister said")


def test_a_brief_without_the_full_text_comes_back_too(capsys, article, tmp_path):
    out = tmp_path / "short.docx"
    code, _, err = run(capsys, "export", article, "-o", out, "--no-full-text")
    assert (code, err) == (0, "")
    sidecar = article.with_name(article.name + ".annotations.json")
    before = sidecar.read_bytes()
    assert run(capsys, "import-brief", out)[1] == "story.txt: nothing new\n"  # its comments known
    package = WordPackage(out)
    package.reply(package.comment("Check the date"), "Ed Itor", "2026-11-27T10:00:00Z",
                  "Confirmed with the ministry")  # fmt: skip
    package.resolve(package.comment("Source?"))
    assert run(capsys, "import-brief", package.save(tmp_path / "returned.docx"))[0] == 0
    rows = by_quote(listed(capsys, article))
    assert [r["text"] for r in rows["minister resigned"]["replies"]] == [
        "Confirmed with the ministry"
    ]
    assert rows["42 percent"]["resolved"] is True
    assert sidecar.read_bytes() != before


def test_a_quoted_passage_is_named_with_its_own_marks_made_single():
    from annotator.brief_import import _quoted

    assert _quoted("“fares will rise”") == "“‘fares will rise’”"
    assert _quoted("42 percent") == "“42 percent”"
