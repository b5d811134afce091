"""The Word brief's package: python-docx's template with the styles the brief relies on,
and the brief's body and comments written into it as the text they are built as.

python-docx gives the package, the styles, the numbering, the settings and the saving;
the body and the comments, most of the brief, are never parsed into its tree: they are
put as text where the template's serialised part has room for them (the body before
the section's properties, the comments inside w:comments), so the brief costs what
writing that text costs, not a parse and a serialisation of it as well.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

from annotator.export.brief import BriefOptions
from annotator.export.docx_page import set_up_page

# Word 2010's copy of the styles, which python-docx's template carries as it was when the
# template was made: styles added since are missing from it and its defaults differ, and
# Word then offers to repair the file. Word reads styles.xml alone when it is absent.
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# Where the text goes in a serialised part: a processing instruction no template holds.
_ROOM = "annotator-brief-text"


def new_document(options: BriefOptions) -> Document:
    """python-docx's template with the brief's styles, page size and language."""
    document = docx.Document()
    _drop_styles_with_effects(document)
    _set_up_styles(document)
    set_up_page(document, options)
    return document


def save(document: Document, path: Path, body: list[str], comments: list[str]) -> None:
    """Write the package to `path`: `body` (w:p elements as text) at the end of the
    document's body, before its section's properties, and `comments` (w:comment elements
    as text) in its comments part. The tree's own content (a paragraph added with
    python-docx) comes before `body`."""
    document_part = document.part
    comments_part = document_part.part_related_by(RT.COMMENTS)
    section = document.element.body.get_or_add_sectPr()
    texts = {
        document_part: _with_text(document_part, section, body),
        comments_part: _with_text(comments_part, None, comments),
    }
    package = document_part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    written = [_Written(part, texts[part]) if part in texts else part for part in parts]
    PackageWriter.write(str(path), package.rels, written)


def _with_text(part: Part, before: etree._Element | None, text: list[str]) -> bytes:
    """The part serialised as python-docx does, with `text` before `before` (at the end
    of the root when None)."""
    room = etree.ProcessingInstruction(_ROOM)
    if before is None:
        part.element.append(room)
    else:
        before.addprevious(room)
    try:
        blob = part.blob
    finally:
        room.getparent().remove(room)
    head, found, tail = blob.partition(etree.tostring(room))
    if not found:
        raise ValueError(f"no room for the brief's text in {part.partname}")
    # Encoded piece by piece: joined first, one emoji would make the whole text four bytes
    # a character before it is encoded (a tenth of a second for a 10 MB article).
    return b"".join((head, *map(str.encode, text), tail))


class _Written:
    """A part as the package writer takes it, with its XML as written here."""

    def __init__(self, part: Part, blob: bytes) -> None:
        self.partname = part.partname
        self.content_type = part.content_type
        self.rels = part.rels
        self.blob = blob


def _drop_styles_with_effects(document: Document) -> None:
    """Leave the template's stylesWithEffects part out of the brief."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            part.drop_rel(rel_id)


def _set_up_styles(document: Document) -> None:
    """Styles the brief relies on: an indented quote and the two comment styles."""
    quote = document.styles["Quote"].paragraph_format
    quote.left_indent = quote.right_indent = Cm(1)
    quote.space_after = Pt(2)
    quote.keep_with_next = True
    # Comments ask for these style ids, which python-docx's template lacks.
    ids = {style.get(qn("w:styleId")) for style in document.styles.element.iter(qn("w:style"))}
    if "CommentText" not in ids:
        document.styles.add_style("CommentText", WD_STYLE_TYPE.PARAGRAPH).font.size = Pt(9)
    if "CommentReference" not in ids:
        document.styles.add_style("CommentReference", WD_STYLE_TYPE.CHARACTER)
