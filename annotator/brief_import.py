"""Importing the editor's comments from a returned Word brief into the sidecars.

For each article the brief was made from: replies to a passage's comment become its
thread (`replies`), a comment marked resolved its `resolved` state, an edit of the note in
a comment a reply (her note is never overwritten), and a comment on a sentence of the
full text a new passage, anchored by its quote. Ids are derived from what the editor
wrote, so importing the same brief twice changes nothing the second time. Each sidecar
is written by the same locked read-merge-write as every save. No Qt.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.article import Article, open_article
from annotator.brief_map import BOOKMARK
from annotator.brief_read import Brief, BriefError, Comment, MappedArticle, read_brief
from annotator.citation import inner_quotes
from annotator.export.brief import word_safe
from annotator.folding import find_typed
from annotator.model import Annotation, Tag, make_annotation, now_iso
from annotator.text import Paragraphs, snippet

_NUMBER = re.compile(r"^\d+\t")  # the brief's own paragraph number, before its text
EDITOR_TAG = Tag("editor", "Editor", "#90caf9")
NOTE_EDITED = "Note edited in the brief: "

__all__ = ["BriefError", "Imported", "import_brief"]


@dataclass
class ArticleChanges:
    """What a brief brings to one article: lines to show, and edits to make."""

    article: Article
    lines: list[str] = field(default_factory=list)
    edits: list[Callable[[], None]] = field(default_factory=list)
    new_passages: int = 0
    handled: set[str] = field(default_factory=set)  # ids of the threads' first comments it took


@dataclass
class Imported:
    """What an import did (or, dry, would do)."""

    lines: list[str]
    changed: list[Path]  # the articles whose notes were written
    new_passages: int = 0  # comments on the full text that became (or would become) passages


def import_brief(path: Path, tag: str = "", dry_run: bool = False) -> Imported:
    """Bring the editor's comments in `path` back into its articles' sidecars.

    `tag`: the tag (id or label) of new passages; "Editor" (made if missing) by default.
    Raises BriefError, DocumentError or SidecarError before anything is written.
    """
    brief = read_brief(Path(path))
    located = [(mapped, _locate(brief, mapped)) for mapped in brief.articles]
    plans = []
    for mapped, article_path in located:
        article = open_article(article_path)
        if article.sidecar.read_only:
            raise BriefError(
                f"the notes of {article.path.name} were written by a newer Annotator; "
                "they can be listed but not changed"
            )
        plans.append(_plan(brief, mapped, article, tag))
    lines, changed = [], []
    new_passages = sum(plan.new_passages for plan in plans)
    handled = set().union(*(plan.handled for plan in plans))
    for comment in brief.comments:
        if comment.parent is None and comment.id not in handled and comment.text:
            lines.append(
                f"{brief.path.name}: a comment by {comment.author or 'someone'} on the brief's "
                f"own text, not an article's, is left out: {snippet(comment.text, 60)}"
            )
    for plan in plans:
        name = plan.article.path.name
        lines += [f"{name}: {line}" for line in plan.lines] or [f"{name}: nothing new"]
        if not plan.edits:
            continue
        if not dry_run:
            for edit in plan.edits:
                edit()
            plan.article.save()
            changed.append(plan.article.path)
    return Imported(lines, changed, new_passages)


def _locate(brief: Brief, mapped: MappedArticle) -> Path:
    """The article file: beside the brief as it was recorded, else where it was."""
    tried = []
    for candidate in (brief.path.parent / mapped.relative, Path(mapped.path)):
        if str(candidate) and candidate not in tried:
            tried.append(candidate)
            if mapped.relative and candidate.is_file():
                return candidate
    places = " or ".join(str(place) for place in tried)
    raise BriefError(f"the article {mapped.name} of the brief is not found (looked at {places})")


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


class _Planner:
    """Works out one article's changes from the brief's comments."""

    def __init__(self, brief: Brief, mapped: MappedArticle, article: Article, tag: str) -> None:
        self.brief, self.mapped, self.article = brief, mapped, article
        self.tag_wanted = tag
        self.changes = ArticleChanges(article)
        self.by_id = {comment.id: comment for comment in brief.comments}
        self.replies_added: dict[str, set[str]] = {}  # passage id -> texts added this import
        self.pending: dict[str, Annotation] = {}  # new passages, not yet in the sidecar
        self.annotations = {a.id: a for a in article.sidecar.annotations}
        self.passages = {p.id: p for p in mapped.passages.values()}
        self._places: dict[int, tuple[int, int]] | None = None

    def run(self) -> ArticleChanges:
        owners = self._owners()
        # Threads' first comments before their replies, whatever order the file keeps.
        for comment in sorted(self.brief.comments, key=lambda c: self._root(c) is not c):
            root = self._root(comment)
            passage_id = owners.get(root.id)
            if comment.id in self._own and passage_id is not None:
                self._own_comment(comment, passage_id)
            elif passage_id is not None:
                self._reply(passage_id, comment.author, comment.date, comment.text)
            elif root is comment and self._in_this_article(comment):
                self.changes.handled.add(comment.id)
                new_id = self._new_passage(comment)
                if new_id:
                    owners[comment.id] = new_id
        self.changes.handled |= owners.keys()
        return self.changes

    def _in_this_article(self, comment: Comment) -> bool:
        return comment.start is not None and self.brief.article_at(comment.start) == self.mapped.n

    def _root(self, comment: Comment) -> Comment:
        seen = {comment.id}
        while comment.parent and comment.parent in self.by_id and comment.parent not in seen:
            comment = self.by_id[comment.parent]
            seen.add(comment.id)
        return comment

    def _owners(self) -> dict[str, str]:
        """Root comment id -> passage id, for the comments that belong to known passages."""
        spans: dict[tuple[str, int], tuple[int, int]] = {}
        for name, span in self.brief.bookmarks.items():
            match = BOOKMARK.fullmatch(name)
            if match and int(match.group(1)) == self.mapped.n and match.group(3):
                spans[(match.group(2), int(match.group(3)))] = span
        self._own: set[str] = set()
        owners: dict[str, str] = {}
        roots = [c for c in self.brief.comments if self._root(c) is c]
        by_range: dict[tuple[int | None, int | None], list[Comment]] = {}
        by_text: dict[str, list[Comment]] = {}
        for comment in roots:
            by_range.setdefault((comment.start, comment.end), []).append(comment)
            by_text.setdefault(comment.text, []).append(comment)
        for n, passage in self.mapped.passages.items():
            span = spans.get(("P", n))
            on_range = by_range.get(span, []) if span else []
            if passage.text is not None:
                own = _own_comment(on_range, passage) or next(
                    (c for c in by_text.get(passage.text, []) if c.id not in owners), None
                )
                if own is not None:
                    self._own.add(own.id)
                    owners[own.id] = passage.id
            for comment in on_range:
                owners.setdefault(comment.id, passage.id)  # another comment on it: a reply
        # A comment on a passage's quote in the grouped list, or on a point at the edge of
        # its range in the full text, is a reply to it too.
        by_n = {p.n: p.id for p in self.mapped.passages.values()}
        quotes = sorted(
            (span, by_n[n]) for (kind, n), span in spans.items() if kind == "Q" and n in by_n
        )
        ranges = [(span, by_n[n]) for (kind, n), span in spans.items() if kind == "P" and n in by_n]
        starts = [span[0] for span, _ in quotes]
        for comment in roots:
            start, end = comment.start, comment.end
            if comment.id in owners or start is None or end is None:
                continue
            at = bisect.bisect_right(starts, start) - 1
            if at >= 0 and quotes[at][0][0] <= start <= end <= quotes[at][0][1]:
                owners[comment.id] = quotes[at][1]
            elif start == end:
                found = next((pid for (s, e), pid in ranges if s <= start <= e), None)
                if found is not None:
                    owners[comment.id] = found
        return owners

    def _annotation(self, passage_id: str) -> Annotation | None:
        found = self.annotations.get(passage_id)
        return found if found is not None else self.pending.get(passage_id)

    def _own_comment(self, comment: Comment, passage_id: str) -> None:
        passage = self.passages[passage_id]
        annotation = self._annotation(passage_id)
        if annotation is None:
            self._gone(passage_id)
            return
        if comment.done != passage.resolved and bool(annotation.resolved) != comment.done:
            state = comment.done
            word = "resolved" if state else "reopened"
            self.changes.lines.append(f"{word} {_quoted(annotation.exact)}")
            self.changes.edits.append(lambda: _set_resolved(annotation, state))
        if passage.text is not None and _plain(comment.text) != _plain(passage.text):
            edited = _note_part(comment.text, passage.text)
            if edited:
                self._reply(passage_id, "Editor", comment.date, NOTE_EDITED + edited)

    def _gone(self, passage_id: str) -> None:
        self.changes.lines.append(
            f"a passage ({passage_id[:8]}) is no longer in the notes: what the editor wrote "
            "on it is not taken in"
        )

    def _reply(self, passage_id: str, author: str, date: str, text: str) -> None:
        text = text.strip()
        if not text:
            return
        annotation = self._annotation(passage_id)
        if annotation is None:
            self._gone(passage_id)
            return
        reply_id = _digest("reply", passage_id, author, date, text)
        have = {r.get("id") for r in annotation.replies or []}
        texts = {str(r.get("text", "")).strip() for r in annotation.replies or []}
        added = self.replies_added.setdefault(passage_id, set())
        if reply_id in have or text in texts or text in added:
            return
        added.add(text)
        reply = {"id": reply_id, "author": author, "created": date, "text": text, "origin": "brief"}
        by = f" by {author}" if author else ""
        self.changes.lines.append(f"reply{by} on {_quoted(annotation.exact)}: {snippet(text, 60)}")
        self.changes.edits.append(lambda: _add_reply(annotation, reply))

    def _new_passage(self, comment: Comment) -> str:
        """A comment on a sentence of the full text: a new passage (its id, or "")."""
        span = self._span(comment)
        if span is None:
            where = (
                "is on text no longer in the article"
                if comment.start != comment.end
                else "is on a point, not on text"
            )
            self.changes.lines.append(
                f"a comment by {comment.author or 'someone'} {where}; it is left out: "
                f"{snippet(comment.text, 60)}"
            )
            return ""
        start, end = span
        text = self.article.text
        passage_id = _digest("passage", self.mapped.sha256, comment.author, comment.date,
                             comment.text, str(start), str(end))  # fmt: skip
        if self._annotation(passage_id) is not None:
            return passage_id
        tag = self._tag()
        annotation = make_annotation(
            text, start, end, tag=tag.id, note=comment.text.strip(), author=comment.author
        )
        annotation.id = passage_id
        self.pending[passage_id] = annotation
        sidecar = self.article.sidecar
        self.changes.lines.append(
            f"new passage {_quoted(text[start:end])} ({tag.label}) by "
            f"{comment.author or 'the editor'}: {snippet(comment.text, 60)}"
        )

        def add() -> None:
            if sidecar.tag(tag.id) is None:
                sidecar.tags.append(tag)
            sidecar.annotations.append(annotation)
            sidecar.sort()

        self.changes.edits.append(add)
        self.changes.new_passages += 1
        return passage_id

    def _tag(self) -> Tag:
        wanted = self.tag_wanted or EDITOR_TAG.label
        for tag in self.article.sidecar.tags:
            if wanted in (tag.id, tag.label) or wanted.casefold() == tag.label.casefold():
                return tag
        if self.tag_wanted:
            known = ", ".join(tag.id for tag in self.article.sidecar.tags) or "none"
            raise BriefError(f"unknown tag {wanted!r} (tags of {self.article.path.name}: {known})")
        return Tag(EDITOR_TAG.id, EDITOR_TAG.label, EDITOR_TAG.color)

    def _span(self, comment: Comment) -> tuple[int, int] | None:
        """Where a comment's range stands in the article's text: by its paragraphs' text
        (the same as the article's), else by its quote, nearest where it was."""
        if comment.start is None or comment.end is None or comment.start >= comment.end:
            return None
        quote = self.brief.text[comment.start : comment.end]
        start, end = self._place(comment.start), self._place(comment.end)
        placed = start is not None and end is not None and start < end
        if placed and self.article.text[start:end].split() == _words(quote):
            return start, end
        # Text the editor changed, or a brief whose paragraphs are not the article's.
        lines = [line for line in quote.split("\n") if line.strip()]
        wanted = "\n".join(_NUMBER.sub("", line) for line in lines).strip()
        found = find_typed(self.article.text, wanted) if wanted else []
        if not found:
            return None
        near = start or 0
        return min(found, key=lambda span: abs(span[0] - near))

    def _place(self, offset: int) -> int | None:
        """The article offset of a place in its full text in the brief, if found."""
        if self._places is None:
            self._places = self._paragraph_starts()
        at = self.brief.paragraph_at(offset)
        if at is None or at not in self._places:
            return None
        article_start, skip = self._places[at]
        local = offset - self.brief.paragraphs[at].start - skip
        return article_start + local if local >= 0 else None

    def _paragraph_starts(self) -> dict[int, tuple[int, int]]:
        """Brief paragraph index -> (where that paragraph starts in the article, the
        length of the number the brief wrote before it, if any), matched by their text:
        the n-th brief paragraph reading X is the article's n-th paragraph reading X."""
        text = word_safe(self.article.text)
        by_text: dict[str, list[int]] = {}
        for start, end in Paragraphs(text).spans:
            by_text.setdefault(text[start:end], []).append(start)
        seen: dict[str, int] = {}
        places = {}
        for index in self.brief.full_text(self.mapped.n):
            written = self.brief.paragraphs[index].text
            number = _NUMBER.match(written)  # a brief of before its numbers were a list's
            skip = number.end() if number and written[number.end() :] in by_text else 0
            own = written[skip:]
            nth = seen.get(own, 0)
            seen[own] = nth + 1
            starts = by_text.get(own, [])
            if nth < len(starts):
                places[index] = (starts[nth], skip)
        return places


def _plan(brief: Brief, mapped: MappedArticle, article: Article, tag: str) -> ArticleChanges:
    return _Planner(brief, mapped, article, tag).run()


def _own_comment(on_range: list[Comment], passage) -> Comment | None:
    """Of the comments on a passage's range, the one the brief wrote for it."""
    for test in (
        lambda c: c.text == passage.text,
        lambda c: (c.author, c.date) == (passage.author, passage.date),
    ):
        found = [c for c in on_range if test(c)]
        if found:
            return found[0]
    return on_range[0] if on_range else None


def _plain(text: str) -> str:
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    """The words of a range of the brief, less the brief's paragraph numbers."""
    return " ".join(_NUMBER.sub("", line) for line in text.split("\n")).split()


def _note_part(now: str, written: str) -> str:
    """What a comment says now, less the heading line the brief wrote, if it is still there."""
    heading = written.split("\n", 1)[0]
    lines = now.split("\n")
    if lines and lines[0].strip() == heading.strip():
        lines = lines[1:]
    return "\n".join(lines).strip()


def _set_resolved(annotation: Annotation, state: bool) -> None:
    annotation.resolved = state
    annotation.modified = now_iso()


def _add_reply(annotation: Annotation, reply: dict) -> None:
    annotation.replies = [*(annotation.replies or []), reply]
    annotation.modified = now_iso()


def _quoted(passage: str) -> str:
    """A passage in a line of what changed: “…”, its own quotation marks made single."""
    return f"“{inner_quotes(snippet(passage, 40))}”"
