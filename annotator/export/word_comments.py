"""The Word brief's way back (formats.md §4, extended in the README's "The Word brief"):
what ties each comment to its article and passage, and each passage's thread written as
real Word replies.

- Each passage's comment range, and its quote in the grouped list, lies inside a hidden
  bookmark (`_A1P3`, `_A1Q3`: article 1, passage 3); the full text's heading holds
  `_A1T`. Word and LibreOffice both keep bookmarks, with their names, when they re-save.
- A custom XML part (`customXml/itemN.xml`, namespace NAMESPACE) maps those numbers to
  the article's path, digest and sidecar and to each passage's id, with the comment's
  text and resolved state as written, so that an import sees what the editor changed.
  Word and LibreOffice both keep custom XML parts as they are.
- Replies are comments of their own on the same range, linked to their passage's comment
  by `w15:paraIdParent` in `word/commentsExtended.xml` (with `w15:done` for a resolved
  thread), and given durable ids in `word/commentsIds.xml`, as Word writes them.
  python-docx 1.2 writes neither part, so they are added here.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, NamedTuple

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from annotator.article import Article
from annotator.brief_map import (
    NAMESPACE,
    W15,
    W16CID,
    passage_bookmark,
    quote_bookmark,
    text_bookmark,
)
from annotator.export.brief import signature, word_safe
from annotator.export.word_xml import attribute, escape
from annotator.model import Annotation

RT_COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
CT_COMMENTS_EXTENDED = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
)
RT_COMMENTS_IDS = "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds"
CT_COMMENTS_IDS = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsIds+xml"

_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


class Comment(NamedTuple):
    """A passage's comment as written: its w:comment element, and what the map records of
    it as a reader reads it back (`brief_map.comment_text`, the w:author and w:date)."""

    xml: str
    text: str
    author: str
    date: str


# Where a comment's range ends, and the mark in the text that refers to it.
_RANGE_END = (
    '<w:commentRangeEnd w:id="{0}"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
    '<w:commentReference w:id="{0}"/></w:r>'
)


def thread_size(annotation: Annotation) -> int:
    """How many comments a passage's thread takes: its own and one per reply."""
    return 1 + len(annotation.replies or [])


class Threads:
    """What ties a brief's comments to passages, gathered while the brief is written."""

    def __init__(self, signer: tuple[str, str] = ("", "")) -> None:
        self.signer = signer  # who signs a reply with no author (see brief.signature)
        self.articles: list[dict[str, Any]] = []
        self._keys: dict[str, int] = {}
        self._bookmarks = 0
        self._open: dict[int, int] = {}  # comment id -> its passage bookmark's id
        self._full_text = 0  # the id of the open full text's bookmark
        self._para_ids = 0x10000000
        self.extended: list[tuple[str, str, bool]] = []  # paraId, parent paraId, done

    def begin_article(self, article: Article) -> int:
        """Start an article's record; its number in the brief (1-based)."""
        self._keys = {}
        self.articles.append({"article": article, "passages": {}})
        return len(self.articles)

    def key(self, annotation: Annotation) -> int:
        """The passage's number in its article's part of the brief."""
        if annotation.id not in self._keys:
            self._keys[annotation.id] = len(self._keys) + 1
        return self._keys[annotation.id]

    def _bookmark_start(self, name: str) -> tuple[int, str]:
        self._bookmarks += 1
        return self._bookmarks, f'<w:bookmarkStart w:id="{self._bookmarks}" w:name="{name}"/>'

    def bookmarked(self, name: str, xml: str) -> str:
        """`xml` (runs) inside a bookmark called `name`."""
        number, start = self._bookmark_start(name)
        return f'{start}{xml}<w:bookmarkEnd w:id="{number}"/>'

    def quote(self, annotation: Annotation, run: str) -> str:
        """A passage's quote run in the grouped list, bookmarked."""
        article = len(self.articles)
        return self.bookmarked(quote_bookmark(article, self.key(annotation)), run)

    def full_text_heading(self, heading: str) -> str:
        """The "Full text" heading's paragraph, where the full text's bookmark starts."""
        number, start = self._bookmark_start(text_bookmark(len(self.articles)))
        self._full_text = number
        at = heading.find("<w:r>")
        return heading[:at] + start + heading[at:] if at >= 0 else heading

    def full_text_end(self, paragraph: str) -> str:
        """The full text's last paragraph, where its bookmark ends."""
        at = paragraph.rfind("</w:p>")
        if at < 0:
            return paragraph
        return f'{paragraph[:at]}<w:bookmarkEnd w:id="{self._full_text}"/>{paragraph[at:]}'

    def range_start(self, comment_id: int, annotation: Annotation) -> str:
        """Where a passage's comment range starts: its bookmark, its comment's and its
        replies' range starts (the replies take the ids after the comment's)."""
        name = passage_bookmark(len(self.articles), self.key(annotation))
        number, start = self._bookmark_start(name)
        self._open[comment_id] = number
        ids = range(comment_id, comment_id + thread_size(annotation))
        return start + "".join(map('<w:commentRangeStart w:id="{0}"/>'.format, ids))

    def range_end(self, comment_id: int, annotation: Annotation) -> str:
        """Where a passage's comment range ends, with the marks that refer to its comments."""
        ids = range(comment_id, comment_id + thread_size(annotation))
        ends = "".join(map(_RANGE_END.format, ids))
        return ends + f'<w:bookmarkEnd w:id="{self._open.pop(comment_id)}"/>'

    def _para_id(self) -> str:
        self._para_ids += 1
        return f"{self._para_ids:08X}"

    def thread(self, comment_id: int, annotation: Annotation, comment: Comment) -> str:
        """The passage's comment (as written by the brief) and its replies, linked."""
        parent = self._para_id()
        done = bool(annotation.resolved)
        self.extended.append((parent, "", done))
        self.articles[-1]["passages"][annotation.id] = {
            "n": self.key(annotation),
            "text": comment.text,
            "resolved": done,
            "author": comment.author,
            "date": comment.date,
        }
        replies = []
        for number, reply in enumerate(annotation.replies or [], start=1):
            para = self._para_id()
            self.extended.append((para, parent, done))
            replies.append(_reply(comment_id + number, reply, para, self.signer))
        return _with_para_id(comment.xml, parent) + "".join(replies)

    def record_quote(self, annotation: Annotation) -> None:
        """Note a passage that has a quote in the list but no comment (an orphan)."""
        self.articles[-1]["passages"].setdefault(
            annotation.id, {"n": self.key(annotation), "text": None, "resolved": None}
        )

    def finish(self, document: Document, path: Path) -> None:
        """Add the map of passages and the comments' threading to the package."""
        package = document.part.package
        _add_custom_xml(document, self._map(path.parent))
        if not self.extended:
            return
        extended = "".join(
            f'<w15:commentEx w15:paraId="{para}"'
            + (f' w15:paraIdParent="{parent}"' if parent else "")
            + f' w15:done="{int(done)}"/>'
            for para, parent, done in self.extended
        )
        ids = "".join(
            f'<w16cid:commentId w16cid:paraId="{para}" w16cid:durableId="{para}"/>'
            for para, _, _ in self.extended
        )
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        parts = (
            ("/word/commentsExtended.xml", CT_COMMENTS_EXTENDED, RT_COMMENTS_EXTENDED,
             f'<w15:commentsEx xmlns:w15="{W15}" {mc} mc:Ignorable="w15">{extended}'
             "</w15:commentsEx>"),
            ("/word/commentsIds.xml", CT_COMMENTS_IDS, RT_COMMENTS_IDS,
             f'<w16cid:commentsIds xmlns:w16cid="{W16CID}" {mc} mc:Ignorable="w16cid">{ids}'
             "</w16cid:commentsIds>"),
        )  # fmt: skip
        for name, content_type, reltype, xml in parts:
            part = Part(PackURI(name), content_type, (head + xml).encode("utf-8"), package)
            document.part.relate_to(part, reltype)

    def _map(self, folder: Path) -> bytes:
        """The map of passages (customXml), written as text as lxml would serialise it."""
        out = [f'<brief xmlns="{NAMESPACE}" version="1">']
        for number, record in enumerate(self.articles, start=1):
            article: Article = record["article"]
            path = article.path.resolve()
            sidecar = article.sidecar_path.resolve() if article.sidecar_path else None
            attributes = {
                "n": str(number),
                "name": article.path.name,
                "path": str(path),
                "relative": os.path.relpath(path, folder.resolve()),
                "sidecar": str(sidecar) if sidecar else "",
                "sha256": article.document.sha256,
            }
            out.append("<article")
            out += (f' {key}="{_map_value(word_safe(value))}"' for key, value in attributes.items())
            out.append(">")
            for passage_id, passage in record["passages"].items():
                head = f'<passage n="{passage["n"]}" id="{_map_value(word_safe(passage_id))}"'
                if passage["text"] is None:
                    out.append(f"{head}/>")
                    continue
                resolved = "1" if passage["resolved"] else "0"
                author, date = _map_value(passage["author"]), _map_value(passage["date"])
                text = escape(passage["text"]).replace("\r", "&#13;")
                out.append(
                    f'{head} resolved="{resolved}" author="{author}" date="{date}">'
                    f"<comment>{text}</comment></passage>"
                )
            out.append("</article>")
        out.append("</brief>")
        head = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        return (head + "".join(out)).encode("utf-8")


def _with_para_id(comment: str, para_id: str) -> str:
    """A w:comment's XML with `para_id` on its last paragraph (what commentsExtended names)."""
    last = max(comment.rfind("<w:p>"), comment.rfind("<w:p "))
    if last < 0:
        return comment
    at = last + len("<w:p")
    return f'{comment[:at]} w14:paraId="{para_id}" w14:textId="77777777"{comment[at:]}'


def _reply(comment_id: int, reply: dict[str, Any], para_id: str, signer: tuple[str, str]) -> str:
    """A reply as a comment of its own: author, date and text, each line a paragraph."""
    author, initials = signature(str(reply.get("author") or ""), signer)
    attributes = f'w:id="{comment_id}" w:author="{attribute(author)}"'
    attributes += f' w:initials="{attribute(initials)}"'
    created = str(reply.get("created") or "")
    if _ISO_TIME.fullmatch(created):
        attributes += f' w:date="{created}"'
    lines = word_safe(str(reply.get("text") or "")).strip().split("\n")
    paragraphs = []
    for number, line in enumerate(lines):
        head = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
        run = f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r>' if line else ""
        last = number == len(lines) - 1
        para = f' w14:paraId="{para_id}" w14:textId="77777777"' if last else ""
        style = '<w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
        paragraphs.append(f"<w:p{para}>{style}{head if number == 0 else ''}{run}</w:p>")
    return f"<w:comment {attributes}>{''.join(paragraphs)}</w:comment>"


def _map_value(text: str) -> str:
    """`text` as an attribute's value, its tabs and line breaks kept (as lxml writes them)."""
    text = escape(text).replace('"', "&quot;")
    if "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")
    return text


def _add_custom_xml(document: Document, blob: bytes) -> None:
    """The map of passages as a custom XML part, with the properties part Word expects."""
    package = document.part.package
    taken = {str(part.partname) for part in package.iter_parts()}
    number = 1
    while f"/customXml/item{number}.xml" in taken:
        number += 1
    item = Part(PackURI(f"/customXml/item{number}.xml"), "application/xml", blob, package)
    props = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<ds:datastoreItem ds:itemID="{6F1B7A52-3C1E-4E55-9A1D-0A6E7B2C4D10}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs>'
        "</ds:datastoreItem>"
    ).encode()
    properties = Part(
        PackURI(f"/customXml/itemProps{number}.xml"), CT.OFC_CUSTOM_XML_PROPERTIES, props, package
    )
    item.relate_to(properties, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)
