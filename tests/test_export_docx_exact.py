"""The Word brief's body and comments, element for element, for one article with every
kind of passage, twice (formats.md §4). The expected parts are in tests/data/brief/: a
change there must be a change of the brief someone wanted, looked at in Word or
LibreOffice before those files are replaced."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from lxml import etree

from annotator.export import export
from annotator.export.docx import _is_dark, fill_of, initials
from annotator.model import make_annotation
from tests.test_export_formats import make_article

EXPECTED = Path(__file__).parent / "data" / "brief"


def canonical(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


@pytest.fixture
def brief(tmp_path) -> Path:
    article = make_article(tmp_path)
    article.sidecar.tags[1].color = "#303f9f"  # a dark tag: its passages in white type
    start = article.text.index("on time")  # overlapping the first passage
    article.sidecar.annotations.append(
        make_annotation(article.text, start, start + 20, tag="quote", note="Tab\there")
    )
    for number, passage in enumerate(article.sidecar.annotations):
        passage.id = f"p{number}"
        passage.created, passage.modified = "2026-11-25T16:00:00Z", "2026-11-25T16:05:00Z"
    out = tmp_path / "brief.docx"
    export([article, article], out, "docx")
    return out


@pytest.mark.parametrize("part", ["document.xml", "comments.xml"])
def test_the_briefs_body_and_comments(brief, part):
    with zipfile.ZipFile(brief) as package:
        written = package.read(f"word/{part}")
    assert canonical(written) == canonical((EXPECTED / part).read_bytes())


def test_the_styles_the_brief_relies_on(brief):
    styles = docx.Document(str(brief)).styles
    quote = styles["Quote"].paragraph_format
    assert round(quote.left_indent.cm, 2) == round(quote.right_indent.cm, 2) == 1.0
    assert (quote.space_after, quote.keep_with_next) == (Pt(2), True)
    assert styles["CommentText"].font.size == Pt(9)
    assert styles["CommentReference"].type == 2  # a character style


@pytest.mark.parametrize(
    ("fill", "dark"),
    [("000000", True), ("6D6D6D", True), ("6E6E6E", False), ("FFFFFF", False),
     ("FF0000", True), ("FFFF00", False), ("0000FF", True), ("303F9F", True)],
)  # fmt: skip
def test_dark_fills_take_white_type(fill, dark):
    assert _is_dark(fill) is dark


@pytest.mark.parametrize(
    ("color", "fill"),
    [("#ffd54f", "FFD54F"), ("abc", "AABBCC"), (" #AbC ", "AABBCC"), ("red", "BDBDBD"),
     ("", "BDBDBD"), ("#12345", "BDBDBD")],
)  # fmt: skip
def test_tag_colours_become_fills(color, fill):
    assert fill_of(color) == fill


@pytest.mark.parametrize(
    ("author", "expected"),
    [("Rahima Akter", "RA"), ("ines de la moreau", "IDL"), ("", "A"), ("  ", "A")],
)
def test_comment_initials(author, expected):
    assert initials(author) == expected
