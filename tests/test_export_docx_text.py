"""The Word brief is written as text straight into its package, never parsed on the way:
whatever the article, notes, names and labels hold, every part must still be well-formed
XML, and the map must record each comment as a reader reads it back (import-brief
compares the two)."""

from __future__ import annotations

import zipfile

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from annotator.article import Article
from annotator.brief_map import comment_text
from annotator.brief_read import read_brief
from annotator.document import Document
from annotator.export import export
from annotator.export.brief import BriefOptions
from annotator.model import Sidecar, Source, Tag, make_annotation

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
# What XML cannot hold, what it must escape, line breaks of every kind, other scripts.
AWKWARD = ["\x00", "\x07", "\x0b", "\x1f", "\ud800", "\ufffe", "\t", "\r", "\r\n", "\n",
           "&", "<", ">", '"', "'", "]]>", "&amp;", "😀", "قال", "\u200f", " "]  # fmt: skip
strings = st.lists(st.one_of(st.sampled_from(AWKWARD), st.text(max_size=6)), max_size=8).map(
    "".join
)


@st.composite
def articles(draw, folder):
    text = "\n\n".join(draw(st.lists(strings.filter(str.strip), min_size=1, max_size=4)))
    tags = [Tag("t", draw(strings) or "T", draw(st.sampled_from(["#123", "#ffd54f", "x"])), "1")]
    annotations = []
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        passage = make_annotation(
            text, start, end, tag=draw(st.sampled_from(["t", "unknown"])),
            note=draw(strings), author=draw(strings),
        )  # fmt: skip
        passage.status = draw(st.sampled_from([None, "disputed", "odd\x01status"]))
        passage.replies = [
            {"id": "r", "author": draw(strings), "created": "", "text": draw(strings)}
        ]
        annotations.append(passage)
    source = Source(file="a.txt")
    source.metadata.update(title=draw(strings), outlet=draw(strings))
    sidecar = Sidecar(source=source, tags=tags, annotations=annotations)
    return Article(Document(folder / "a.txt", text, "utf-8", "\n"), sidecar, None)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), full_text=st.booleans())
def test_any_text_makes_well_formed_parts_and_a_true_map(tmp_path, data, full_text):
    article = data.draw(articles(tmp_path))
    out = tmp_path / "brief.docx"
    export([article], out, "docx", options=BriefOptions(full_text=full_text, signer=("<Ed>", "")))
    with zipfile.ZipFile(out) as package:
        parts = {
            name: etree.fromstring(package.read(name))  # raises on anything not well-formed
            for name in package.namelist()
            if name.endswith(".xml") or name.endswith(".rels")
        }
    docx.Document(str(out))  # python-docx opens it too
    extended = parts.get("word/commentsExtended.xml")  # none when no passage has a comment
    replies = {
        entry.get(f"{W15}paraId")
        for entry in (extended.iter(f"{W15}commentEx") if extended is not None else ())
        if entry.get(f"{W15}paraIdParent")
    }
    written = sorted(
        (comment_text(c), c.get(f"{W}author", ""), c.get(f"{W}date", ""))
        for c in parts["word/comments.xml"].iter(f"{W}comment")
        if not {p.get("{http://schemas.microsoft.com/office/word/2010/wordml}paraId")
                for p in c.iter(f"{W}p")} & replies
    )  # fmt: skip
    mapped = sorted(
        (passage.text, passage.author, passage.date)
        for brief_article in read_brief(out).articles
        for passage in brief_article.passages.values()
        if passage.text is not None
    )
    assert mapped == written


def test_a_status_word_cannot_hold_is_replaced(tmp_path):
    text = "The council said so."
    passage = make_annotation(text, 4, 11, tag="t")
    passage.status = "odd\x01status"  # a status from a later version, or a damaged sidecar
    sidecar = Sidecar(tags=[Tag("t", "T", "#ffd54f", "1")], annotations=[passage])
    out = tmp_path / "brief.docx"
    export([Article(Document(tmp_path / "a.txt", text, "utf-8", "\n"), sidecar, None)], out, "docx")
    body = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "ODD\ufffdSTATUS" in body
