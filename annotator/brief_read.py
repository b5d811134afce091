"""Reading a Word brief that came back from the editor: its map of articles and passages,
its comments with their threads and resolved flags, and where each comment stands in the
brief's text (see `export/word_comments.py` for what the brief carries). No Qt, no writing.
"""

from __future__ import annotations

import bisect
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from annotator.brief_map import BOOKMARK, NAMESPACE, W14, W15, W, comment_text

_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, no_network=True)
MAX_PART = 512 * 2**20
_MARKS = ("bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd",
          "commentReference")  # fmt: skip  # an XML part larger than this is not read


class BriefError(ValueError):
    """A file that cannot be imported as a brief; nothing was written."""


@dataclass
class Passage:
    """A passage as the brief was written: its id, its comment's text, resolved state."""

    n: int
    id: str
    text: str | None  # None: no comment (an orphan, listed only)
    resolved: bool
    author: str
    date: str


@dataclass
class MappedArticle:
    """An article the brief was made from, as the brief records it."""

    n: int
    name: str
    path: str
    relative: str
    sidecar: str
    sha256: str
    passages: dict[int, Passage] = field(default_factory=dict)


@dataclass
class Comment:
    """One comment of the returned brief, and where its range stands in the brief's text."""

    id: str
    author: str
    date: str
    text: str
    para_ids: list[str]
    start: int | None = None
    end: int | None = None
    parent: str | None = None  # the id of the comment it replies to
    done: bool = False


@dataclass
class Paragraph:
    """A paragraph of the brief's body: where its text starts and what it says."""

    start: int
    text: str


@dataclass
class Brief:
    """What a returned brief holds."""

    path: Path
    articles: list[MappedArticle]
    comments: list[Comment]
    text: str  # the body's text, paragraphs ending with "\n"
    bookmarks: dict[str, tuple[int, int]]
    paragraphs: list[Paragraph]

    def __post_init__(self) -> None:
        self._starts = [paragraph.start for paragraph in self.paragraphs]
        self.sections = self._sections()

    def _sections(self) -> dict[int, tuple[int, int]]:
        """Article number -> where its full text stands in the brief's text.

        Its bookmark runs from the "Full text" heading to its last paragraph; a bookmark
        that holds the heading alone (a re-save may shorten it) reaches to the next
        article's full text.
        """
        found = sorted(
            (span, int(match.group(1)))
            for name, span in self.bookmarks.items()
            if (match := BOOKMARK.fullmatch(name)) and match.group(2) == "T"
        )
        sections = {}
        for index, ((start, end), number) in enumerate(found):
            heading_end = self.text.find("\n", start)
            if end <= heading_end or heading_end < 0:
                end = found[index + 1][0][0] if index + 1 < len(found) else len(self.text)
            sections[number] = (start, end)
        return sections

    def article_at(self, offset: int) -> int | None:
        """The number of the article whose full text holds `offset`, if any."""
        for number, (start, end) in self.sections.items():
            if start <= offset <= end:
                return number
        return None

    def paragraph_at(self, offset: int) -> int | None:
        """The index of the paragraph holding `offset` (its end included)."""
        at = bisect.bisect_right(self._starts, offset) - 1
        if at < 0 or offset > self.paragraphs[at].start + len(self.paragraphs[at].text):
            return None
        return at

    def full_text(self, number: int) -> list[int]:
        """The indexes of the paragraphs of an article's full text (its heading aside)."""
        start, end = self.sections.get(number, (0, -1))
        first = bisect.bisect_right(self._starts, start)  # after the heading's paragraph
        last = bisect.bisect_right(self._starts, end)
        return list(range(first, last))


def read_brief(path: Path) -> Brief:
    """Read a returned brief. Raises BriefError with one line for the user."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if "word/document.xml" not in names:
                raise BriefError(f"{path.name} is not a Word document")
            parts = {name: _read(package, name) for name in names if _wanted(name)}
    except (zipfile.BadZipFile, EOFError):
        raise BriefError(f"{path.name} is not a Word document (.docx)") from None
    except etree.XMLSyntaxError:
        raise BriefError(f"{path.name} is damaged: one of its parts is not valid XML") from None
    except IsADirectoryError:
        raise BriefError(f"{path} is a folder, not a brief") from None
    articles = _map(parts)
    if articles is None:
        raise BriefError(
            f"{path.name} is not a brief exported by Annotator (it carries no map of its passages)"
        )
    comments = _comments(parts.get("word/comments.xml"))
    _threads(comments, parts.get("word/commentsExtended.xml"))
    text, bookmarks, paragraphs = _walk(parts["word/document.xml"], comments)
    return Brief(path, articles, comments, text, bookmarks, paragraphs)


def _wanted(name: str) -> bool:
    return name in (
        "word/document.xml", "word/comments.xml", "word/commentsExtended.xml"
    ) or (name.startswith("customXml/item") and not name.startswith("customXml/itemProps"))  # fmt: skip


def _read(package: zipfile.ZipFile, name: str) -> etree._Element:
    if package.getinfo(name).file_size > MAX_PART:
        raise BriefError(f"{name} of the brief is too large to read")
    return etree.fromstring(package.read(name), _PARSER)


def _map(parts: dict[str, etree._Element]) -> list[MappedArticle] | None:
    """The brief's map of articles and passages, from its custom XML part."""
    for name, root in parts.items():
        if not name.startswith("customXml/") or root.tag != f"{{{NAMESPACE}}}brief":
            continue
        articles = []
        for element in root.iter(f"{{{NAMESPACE}}}article"):
            article = MappedArticle(
                n=int(element.get("n", "0") or 0),
                **{key: element.get(key, "") for key in ("name", "path", "relative", "sidecar", "sha256")},
            )  # fmt: skip
            for item in element.iter(f"{{{NAMESPACE}}}passage"):
                written = item.find(f"{{{NAMESPACE}}}comment")
                passage = Passage(
                    n=int(item.get("n", "0") or 0),
                    id=item.get("id", ""),
                    text=None if written is None else (written.text or ""),
                    resolved=item.get("resolved") == "1",
                    author=item.get("author", ""),
                    date=item.get("date", ""),
                )
                article.passages[passage.n] = passage
            articles.append(article)
        return articles
    return None


def _comments(root: etree._Element | None) -> list[Comment]:
    if root is None:
        return []
    found = []
    for element in root.iter(f"{{{W}}}comment"):
        para_ids = [
            p.get(f"{{{W14}}}paraId")
            for p in element.iter(f"{{{W}}}p")
            if p.get(f"{{{W14}}}paraId")
        ]
        found.append(
            Comment(
                id=element.get(f"{{{W}}}id", ""),
                author=element.get(f"{{{W}}}author", ""),
                date=element.get(f"{{{W}}}date", ""),
                text=comment_text(element),
                para_ids=para_ids,
            )
        )
    return found


def _threads(comments: list[Comment], root: etree._Element | None) -> None:
    """Replies' parents and resolved flags, from Word's commentsExtended part."""
    if root is None:
        return
    by_para = {para: comment for comment in comments for para in comment.para_ids}
    for entry in root.iter(f"{{{W15}}}commentEx"):
        comment = by_para.get(entry.get(f"{{{W15}}}paraId", ""))
        if comment is None:
            continue
        comment.done = entry.get(f"{{{W15}}}done") in ("1", "true")
        parent = by_para.get(entry.get(f"{{{W15}}}paraIdParent", ""))
        if parent is not None and parent is not comment:
            comment.parent = parent.id


def _walk(
    root: etree._Element, comments: list[Comment]
) -> tuple[str, dict[str, tuple[int, int]], list[Paragraph]]:
    """The body's text, its bookmarks' spans and paragraphs, and each comment's range."""
    by_id = {comment.id: comment for comment in comments}
    pieces: list[str] = []
    length = 0
    opened: dict[str, tuple[str, int]] = {}
    bookmarks: dict[str, tuple[int, int]] = {}
    spans: list[tuple[int, int]] = []
    starts: list[int] = []
    w = f"{{{W}}}"
    p, r, key, name_key = f"{w}p", f"{w}r", f"{w}id", f"{w}name"
    breaks = (f"{w}tab", f"{w}br", f"{w}cr")
    wanted = [p, f"{w}t", *breaks, *(f"{w}{local}" for local in _MARKS)]
    # Paragraphs do not hold paragraphs (a text box's aside): one ends where the next begins.
    for node in root.iter(wanted):
        tag = node.tag
        if tag == p:
            if starts:
                spans.append((starts.pop(), length))
                pieces.append("\n")
                length += 1
            starts.append(length)
            continue
        local = tag[len(w) :]
        added = ""
        if local == "t":
            added = node.text or ""  # a w:t is always in a run
        elif tag in breaks:
            parent = node.getparent()  # a w:tab is also a paragraph's tab stop
            if parent is not None and parent.tag == r:
                added = "\t" if local == "tab" else "\n"
        elif local == "bookmarkStart":
            opened[node.get(key, "")] = (node.get(name_key, ""), length)
        elif local == "bookmarkEnd":
            name, start = opened.pop(node.get(key, ""), ("", 0))
            if name:
                bookmarks[name] = (start, length)
        elif local == "commentRangeStart" and node.get(key) in by_id:
            by_id[node.get(key)].start = length
        else:  # commentRangeEnd, commentReference
            comment = by_id.get(node.get(key, ""))
            if comment is not None and (local == "commentRangeEnd" or comment.end is None):
                comment.end = length
                if comment.start is None:
                    comment.start = length  # a comment on a point, not a range
        if added:
            pieces.append(added)
            length += len(added)
    if starts:
        spans.append((starts.pop(), length))
        pieces.append("\n")
    text = "".join(pieces)
    paragraphs = [Paragraph(start, text[start:end]) for start, end in sorted(spans)]
    return text, bookmarks, paragraphs
