"""The exports at their edges: missing source details, unknown statuses and tags, a
passage at the very start, characters XML must escape, multi-line notes and quotes,
notes in Arabic, and briefs of no article or of three."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import docx
import pytest

from annotator.article import Article
from annotator.document import Document
from annotator.export import brief, export
from annotator.model import Annotation, Sidecar, Source, Tag, make_annotation

TEXT = "Opening words of the article.\n\nA second paragraph, quoted.\n"


def article_with(*annotations: Annotation, metadata=None, tmp_path: Path, name="a.txt"):
    source = Source(file=name)
    source.metadata = dict(metadata) if metadata is not None else source.metadata
    tags = [Tag("claim", "Claim", "#ffd54f", "1")]
    sidecar = Sidecar(source=source, tags=tags, annotations=list(annotations))
    return Article(Document(tmp_path / name, TEXT, "utf-8", "\n"), sidecar, None)


def at_start(**fields) -> Annotation:
    return make_annotation(TEXT, 0, 13, tag="claim", **fields)  # "Opening words"


def test_missing_or_blank_source_details_are_left_out(tmp_path):
    bare = article_with(metadata={}, tmp_path=tmp_path)
    assert brief.provenance(bare) == [("File", "a.txt")]
    assert brief.title(bare) == "a.txt"
    blank = article_with(metadata={"outlet": "  ", "title": " "}, tmp_path=tmp_path)
    assert brief.provenance(blank) == [("File", "a.txt")]
    assert brief.title(blank) == "a.txt"
    full = article_with(
        metadata={"outlet": " O ", "author": "A", "published": "P", "url": "U", "accessed": "X"},
        tmp_path=tmp_path,
    )
    assert brief.provenance(full) == [
        ("Outlet", "O"), ("Author", "A"), ("Published", "P"), ("URL", "U"), ("Accessed", "X"),
        ("File", "a.txt"),
    ]  # fmt: skip


def test_the_summary_counts_one_passage_and_unknown_statuses(tmp_path):
    one = article_with(at_start(), tmp_path=tmp_path).sidecar
    assert brief.summary(one) == "1 passage — Claim 1 · No status 1"
    odd = at_start()
    odd.status = "rumoured"  # written by another tool
    two = article_with(odd, at_start(status="verified"), tmp_path=tmp_path).sidecar
    assert brief.summary(two) == "2 passages — Claim 2 · Verified 1, other 1"
    assert brief.status_label(odd) == "rumoured"


def test_an_unknown_tag_is_listed_once(tmp_path):
    first, second = at_start(), at_start()
    first.tag = second.tag = "rumour"
    sidecar = article_with(first, second, tmp_path=tmp_path).sidecar
    assert brief.tag_order(sidecar) == ["claim", "rumour"]


def test_a_passage_at_the_very_start_in_every_format(tmp_path):
    article = article_with(at_start(note="first"), tmp_path=tmp_path)
    export([article], tmp_path / "b.csv", "csv")
    with open(tmp_path / "b.csv", encoding="utf-8-sig", newline="") as stream:
        (row,) = list(csv.DictReader(stream))
    assert (row["quote"], row["start"], row["end"]) == ("Opening words", "0", "13")
    export([article], tmp_path / "b.md", "md")
    assert "> Opening words\n" in (tmp_path / "b.md").read_text(encoding="utf-8")
    export([article], tmp_path / "b.json", "w3c")
    item = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["first"]["items"][0]
    assert item["target"]["selector"][0] == {"type": "TextPositionSelector", "start": 0, "end": 13}
    assert item["target"]["selector"][1]["exact"] == "Opening words"
    export([article], tmp_path / "b.docx", "docx")
    document = docx.Document(str(tmp_path / "b.docx"))
    texts = [p.text for p in document.paragraphs]
    assert "Opening words" in texts
    assert document.comments and "first" in next(iter(document.comments)).text
    with zipfile.ZipFile(tmp_path / "b.docx") as package:
        body = package.read("word/document.xml").decode()
    assert '<w:t xml:space="preserve">Opening words</w:t></w:r><w:commentRangeEnd' in body


def test_characters_xml_must_escape_reach_word_intact(tmp_path):
    note = 'A & B <c> "d"\nsecond line'
    passage = at_start(note=note, author='Tom "T" & <Co>')
    export([article_with(passage, tmp_path=tmp_path)], tmp_path / "b.docx", "docx")
    comment = next(iter(docx.Document(str(tmp_path / "b.docx")).comments))
    assert [p.text for p in comment.paragraphs][-2:] == ['A & B <c> "d"', "second line"]
    assert comment.author == 'Tom "T" & <Co>'


def test_an_arabic_note_is_set_right_to_left_in_the_brief(tmp_path):
    passage = at_start(note="اطلب الأرقام من الميناء")
    export([article_with(passage, tmp_path=tmp_path)], tmp_path / "b.docx", "docx")
    document = docx.Document(str(tmp_path / "b.docx"))
    note = next(p for p in document.paragraphs if p.text.startswith("اطلب"))
    assert note._p.pPr is not None and note._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is not None


def test_markdown_keeps_lines_and_escapes_what_starts_them(tmp_path):
    text = "Intro.\n\n- a list item\n# not a heading\n+ plus\n\nEnd.\n"
    start = text.index("- a list")
    end = text.index("+ plus") + len("+ plus")
    passage = make_annotation(text, start, end, tag="claim", note="> said\n  - more")
    article = article_with(passage, tmp_path=tmp_path)
    article.document = Document(tmp_path / "a.txt", text, "utf-8", "\n")
    export([article], tmp_path / "b.md", "md")
    written = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "> \\- a list item\n> \\# not a heading\n> \\+ plus\n" in written
    assert "\\> said  \n\xa0\xa0\\- more  \n" in written


def test_a_brief_of_no_article_says_so(tmp_path):
    export([], tmp_path / "b.docx", "docx")
    assert [p.text for p in docx.Document(str(tmp_path / "b.docx")).paragraphs] == ["No articles."]


def test_comment_ids_stay_unique_across_three_articles(tmp_path):
    articles = [
        article_with(at_start(note=f"note {n}"), tmp_path=tmp_path, name=f"a{n}.txt")
        for n in range(3)
    ]
    export(articles, tmp_path / "b.docx", "docx")
    comments = list(docx.Document(str(tmp_path / "b.docx")).comments)
    assert len({c.comment_id for c in comments}) == 3


def test_an_unknown_format_names_the_known_ones(tmp_path):
    with pytest.raises(
        ValueError,
        match=r"^unknown format 'odt': choose one of docx, md, csv, w3c, pdf, claimreview$",
    ):
        export([], tmp_path / "b.odt", "odt")


def runs_of(docx_path: Path) -> list[tuple[str, bool]]:
    """(text, underlined) of each run of the brief's full-text section."""
    from lxml import etree

    with zipfile.ZipFile(docx_path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = body.iter(f"{w}p")
    for paragraph in paragraphs:
        if "".join(paragraph.itertext()) == "Full text":
            break
    found = []
    for paragraph in paragraphs:
        for run in paragraph.iter(f"{w}r"):
            text = "".join(t.text or "" for t in run.iter(f"{w}t"))
            if text:
                found.append((text, run.find(f"{w}rPr/{w}u") is not None))
    return found


def test_only_text_inside_two_passages_at_once_is_underlined(tmp_path):
    text = "one two three four five"
    passages = [make_annotation(text, a, b, tag="claim") for a, b in ((0, 7), (4, 18), (14, 23))]
    article = article_with(*passages, tmp_path=tmp_path)
    article.document = Document(tmp_path / "a.txt", text, "utf-8", "\n")
    export([article], tmp_path / "b.docx", "docx")
    assert runs_of(tmp_path / "b.docx") == [
        ("one ", False), ("two", True), (" three ", False), ("four", True), (" five", False),
    ]  # fmt: skip
    with zipfile.ZipFile(tmp_path / "b.docx") as package:
        body = package.read("word/document.xml").decode()
    assert body.count("<w:commentRangeStart ") == body.count("<w:commentRangeEnd ") == 3


def test_a_bare_carriage_return_in_a_note_is_a_line_break_in_word(tmp_path):
    passage = at_start(note="first\rsecond")  # `annotator add --note` takes any text
    export([article_with(passage, tmp_path=tmp_path)], tmp_path / "b.docx", "docx")
    with zipfile.ZipFile(tmp_path / "b.docx") as package:
        comments = package.read("word/comments.xml").decode()
    assert (
        '<w:t xml:space="preserve">first</w:t><w:br/><w:t xml:space="preserve">second' in comments
    )
