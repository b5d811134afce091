"""Editing a brief's package as Word writes an editor's replies, resolved flags and new
comments (word/comments.xml, word/commentsExtended.xml), with zipfile and lxml only."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
EXTENDED_TYPE = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
EXTENDED_CONTENT = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
)


def q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


class WordPackage:
    """A .docx opened for editing as Word would save it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as package:
            self.files = {name: package.read(name) for name in package.namelist()}
        self.document = etree.fromstring(self.files["word/document.xml"])
        self.comments = etree.fromstring(self.files["word/comments.xml"])
        raw = self.files.get("word/commentsExtended.xml")
        self.extended = (
            etree.fromstring(raw)
            if raw
            else etree.Element(q(W15, "commentsEx"), nsmap={"w15": W15})
        )
        self.next_para = 0x20000000

    def comment(self, text_start: str) -> etree._Element:
        """The first comment whose text starts as given (after its heading line)."""
        for comment in self.comments.iter(q(W, "comment")):
            if text_start in "".join(comment.itertext()):
                return comment
        raise KeyError(text_start)

    def para_id(self, comment: etree._Element) -> str:
        last = list(comment.iter(q(W, "p")))[-1]
        return last.get(q(W14, "paraId"))

    def _new_id(self) -> str:
        ids = [int(c.get(q(W, "id"))) for c in self.comments.iter(q(W, "comment"))]
        return str(max(ids, default=-1) + 1)

    def _new_comment(self, author: str, date: str, text: str) -> tuple[str, str]:
        comment_id, para = self._new_id(), f"{self.next_para:08X}"
        self.next_para += 1
        element = etree.SubElement(self.comments, q(W, "comment"))
        element.set(q(W, "id"), comment_id)
        element.set(q(W, "author"), author)
        element.set(q(W, "date"), date)
        element.set(q(W, "initials"), "".join(w[0] for w in author.split()))
        paragraph = etree.SubElement(element, q(W, "p"))
        paragraph.set(q(W14, "paraId"), para)
        etree.SubElement(etree.SubElement(paragraph, q(W, "r")), q(W, "annotationRef"))
        etree.SubElement(etree.SubElement(paragraph, q(W, "r")), q(W, "t")).text = text
        return comment_id, para

    def reply(self, parent: etree._Element, author: str, date: str, text: str) -> None:
        """A threaded reply, as Word writes one: its own comment on the parent's range."""
        parent_id = parent.get(q(W, "id"))
        comment_id, para = self._new_comment(author, date, text)
        start = self.document.find(f".//{{{W}}}commentRangeStart[@{{{W}}}id='{parent_id}']")
        start.addnext(_mark("commentRangeStart", comment_id))
        reference = self.document.find(f".//{{{W}}}commentReference[@{{{W}}}id='{parent_id}']")
        run = reference.getparent()
        run.addnext(_reference_run(comment_id))
        run.addnext(_mark("commentRangeEnd", comment_id))
        self._extended(para, self.para_id(parent))

    def resolve(self, comment: etree._Element) -> None:
        """Mark a comment done, as Word's Resolve does."""
        self._extended(self.para_id(comment), None, done=True)

    def new_comment(self, sentence: str, author: str, date: str, text: str) -> None:
        """A comment on `sentence` where it first stands inside one run."""
        for t in self.document.iter(q(W, "t")):
            if t.text and sentence in t.text:
                self.new_comment_in(t, sentence, author, date, text)
                return
        raise KeyError(sentence)

    def new_comment_in(
        self, t: etree._Element, sentence: str, author: str, date: str, text: str
    ) -> None:
        """A comment on `sentence` inside the run of the text node `t`."""
        before, after = t.text.split(sentence, 1)
        run = t.getparent()
        t.text = before
        comment_id, para = self._new_comment(author, date, text)
        middle = etree.Element(q(W, "r"))
        etree.SubElement(middle, q(W, "t")).text = sentence
        tail = etree.Element(q(W, "r"))
        etree.SubElement(tail, q(W, "t")).text = after
        for node in (middle[0], tail[0], t):
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.addnext(tail)
        run.addnext(_reference_run(comment_id))
        run.addnext(_mark("commentRangeEnd", comment_id))
        run.addnext(middle)
        run.addnext(_mark("commentRangeStart", comment_id))
        self._extended(para, None)

    def edit_comment(self, comment: etree._Element, old: str, new: str) -> None:
        for t in comment.iter(q(W, "t")):
            if t.text and old in t.text:
                t.text = t.text.replace(old, new)
                return
        raise KeyError(old)

    def _extended(self, para: str, parent: str | None, done: bool = False) -> None:
        for entry in self.extended.iter(q(W15, "commentEx")):
            if entry.get(q(W15, "paraId")) == para:
                entry.set(q(W15, "done"), "1" if done else "0")
                return
        entry = etree.SubElement(self.extended, q(W15, "commentEx"))
        entry.set(q(W15, "paraId"), para)
        if parent:
            entry.set(q(W15, "paraIdParent"), parent)
        entry.set(q(W15, "done"), "1" if done else "0")

    def save(self, path: Path | None = None) -> Path:
        files = dict(self.files)
        files["word/document.xml"] = etree.tostring(
            self.document, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        files["word/comments.xml"] = etree.tostring(
            self.comments, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        files["word/commentsExtended.xml"] = etree.tostring(
            self.extended, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        types = files["[Content_Types].xml"].decode()
        if "/word/commentsExtended.xml" not in types:
            types = types.replace(
                "</Types>",
                '<Override PartName="/word/commentsExtended.xml" '
                f'ContentType="{EXTENDED_CONTENT}"/></Types>',
            )
            files["[Content_Types].xml"] = types.encode()
        rels = files["word/_rels/document.xml.rels"].decode()
        if EXTENDED_TYPE not in rels:
            rels = rels.replace(
                "</Relationships>",
                '<Relationship Id="rIdX1" '
                f'Type="{EXTENDED_TYPE}" Target="commentsExtended.xml"/></Relationships>',
            )
            files["word/_rels/document.xml.rels"] = rels.encode()
        out = path or self.path
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in files.items():
                package.writestr(name, data)
        return out


def _mark(name: str, comment_id: str) -> etree._Element:
    element = etree.Element(q(W, name))
    element.set(q(W, "id"), comment_id)
    return element


def _reference_run(comment_id: str) -> etree._Element:
    run = etree.Element(q(W, "r"))
    run.append(_mark("commentReference", comment_id))
    return run
