"""What a Word brief carries to tie its comments to passages, shared by the brief's writer
(`export/word_comments.py`) and its reader (`brief_read.py`): names and namespaces, and
a comment's text. lxml only: reading a brief never loads python-docx."""

from __future__ import annotations

import re

from lxml import etree

NAMESPACE = "urn:annotator:brief:1"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W16CID = "http://schemas.microsoft.com/office/word/2016/wordml/cid"

# _A1P3: article 1's passage 3 (its comment range); _A1Q3: its quote in the grouped list;
# _A1T: article 1's "Full text" heading.
BOOKMARK = re.compile(r"_A(\d+)([PQT])(\d*)")


def passage_bookmark(article: int, passage: int) -> str:
    """The bookmark around a passage's comment range in the full text."""
    return f"_A{article}P{passage}"


def quote_bookmark(article: int, passage: int) -> str:
    """The bookmark around a passage's quote in the grouped list."""
    return f"_A{article}Q{passage}"


def text_bookmark(article: int) -> str:
    """The bookmark on an article's "Full text" heading."""
    return f"_A{article}T"


def comment_text(comment: etree._Element) -> str:
    """A w:comment's text: its paragraphs' text, one line each."""
    lines = []
    for paragraph in comment.iter(f"{{{W}}}p"):
        pieces = []
        for node in paragraph.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
            tag = etree.QName(node).localname
            pieces.append(node.text or "" if tag == "t" else "\t" if tag == "tab" else "\n")
        lines.append("".join(pieces))
    return "\n".join(lines).strip()
