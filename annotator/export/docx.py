"""The Word brief (formats.md §4).

python-docx gives the package, the styles and the saving (`docx_package`); the content
is written as WordprocessingML text (`word_xml`) and put into the package as that text,
because building a thousand commented passages through python-docx's objects, or
parsing them into its tree, is many times slower.

Passages are coloured with run shading (any #rrggbb, unlike Word's 16 highlight
colours), and each note is a native Word comment on exactly the passage's runs.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
from collections.abc import Callable
from pathlib import Path

from docx.document import Document

from annotator.article import Article
from annotator.export.brief import (
    ORPHANS_HEADING,
    STATUS_LABELS,
    BriefOptions,
    Progress,
    anchor_warning,
    groups,
    initials,  # noqa: F401 (the brief's: kept importable from here)
    left_out,
    place,
    provenance,
    report,
    signature,
    status_color,
    summary,
    title,
    word_safe,
)
from annotator.export.docx_package import new_document, save
from annotator.export.docx_page import NUMBER_WIDTH, ParagraphNumbers
from annotator.export.word_comments import Comment, Threads, thread_size
from annotator.export.word_xml import (
    LINE_BREAK,
    UNKNOWN_FILL,
    as_read,
    attribute,
    attribute_text,
    fill_of,
    heading,
    paragraph,
    paragraph_start,
    run,
    run_properties,
    status_run,
    status_text,
    text_run,
)
from annotator.export.word_xml import is_dark as _is_dark  # noqa: F401 (kept importable)
from annotator.model import Annotation
from annotator.sidecar_json import collector_paused
from annotator.text import Paragraphs, is_right_to_left, right_to_left_spans

INDENT = 567  # 1 cm in twips

_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def write(
    articles: list[Article],
    path: Path,
    progress: Progress | None = None,
    options: BriefOptions | None = None,
    include_clutter: bool = False,
) -> None:
    """Write the Word brief of `articles` to `path`, laid out as `options` says.

    The full text leaves out paragraphs flagged as clutter that hold no passage, and says
    how many, unless `include_clutter` (or the options') asks for them. Each comment is
    signed by its passage's author, else by the options' `signer`, else "Annotator".
    """
    options = options or BriefOptions()
    # What the brief is built of (strings, lists, tuples) holds no cycles: the collector
    # would only walk it, and the articles' passages, again and again as it grows.
    with collector_paused():
        document = new_document(options)
        brief = _Brief(document, options, include_clutter or options.include_clutter)
        for number, article in enumerate(articles):
            brief.add_article(article, new_page=number > 0)
            report(progress, number + 1, len(articles))
        if not articles:
            document.add_paragraph("No articles.")
        brief.threads.finish(document, Path(path))
        save(document, Path(path), brief.body, brief.comments)


class _Brief:
    """Adds articles to a brief, numbering comments across them: their body and comments
    as text, the lists numbering their paragraphs in the document's numbering part."""

    def __init__(
        self, document: Document, options: BriefOptions, include_clutter: bool = False
    ) -> None:
        self.options = options
        self.include_clutter = include_clutter
        self.next_comment = len(document.comments)  # also creates the comments part
        self.numbers = ParagraphNumbers(document)
        # What ties comments to passages, and their replies (signed as the comments are).
        self.threads = Threads(options.signer)
        self.body: list[str] = []  # w:p elements, as text
        self.comments: list[str] = []  # w:comment elements, as text

    def add_article(self, article: Article, new_page: bool) -> None:
        """The heading, summary, grouped passages, full text and orphans of one article."""
        self.threads.begin_article(article)
        writer = _ArticleWriter(
            article, self.next_comment, self.include_clutter, self.options,
            self.numbers.starting_at, self.threads,
        )  # fmt: skip
        self.body += writer.write(new_page)
        self.comments.extend(writer.comments)
        self.next_comment = writer.next_comment_id


class _ArticleWriter:
    """The WordprocessingML of one article's part of the brief, and of its comments."""

    def __init__(
        self,
        article: Article,
        first_comment_id: int,
        include_clutter: bool,
        options: BriefOptions | None = None,
        number_from: Callable[[int], int] | None = None,
        threads: Threads | None = None,
    ) -> None:
        self.article = article
        if threads is None:  # written alone, not as part of a brief
            threads = Threads(options.signer if options else ("", ""))
            threads.begin_article(article)
        self.threads = threads
        self.include_clutter = include_clutter
        self.options = options or BriefOptions()
        self.number_from = number_from
        self.sidecar = article.sidecar
        self.text = word_safe(article.text)  # same length, so offsets still hold
        self.paragraphs = Paragraphs(article.text)
        self.anchored = self.sidecar.anchored()  # sorted once for the three parts that use it
        self.next_comment_id = first_comment_id  # given out as comment ranges start
        self.comments: list[str] = []
        self.parts: list[str] = []
        self._labels: dict[str, str] = {}
        self._fills: dict[str, str] = {}
        # A comment's first line, by tag, status and warning; its author, by name.
        self._comment_heads: dict[tuple[str, str | None, str], tuple[str, str]] = {}
        self._authors: dict[str, tuple[str, str]] = {}

    def write(self, new_page: bool) -> list[str]:
        """The article's paragraphs, as text; its comments are in `comments`."""
        self._heading(new_page)
        self._passages()
        if self.options.full_text:
            self._full_text()
        self._orphans()
        return self.parts

    def _label(self, tag_id: str) -> str:
        if tag_id not in self._labels:
            self._labels[tag_id] = word_safe(self.sidecar.tag_label(tag_id))
        return self._labels[tag_id]

    def _fill(self, tag_id: str) -> str:
        if tag_id not in self._fills:
            tag = self.sidecar.tag(tag_id)
            self._fills[tag_id] = fill_of(tag.color) if tag else UNKNOWN_FILL
        return self._fills[tag_id]

    def _heading(self, new_page: bool) -> None:
        self.parts.append(heading(title(self.article), 1, page_break=new_page))
        runs = []
        for number, (label, value) in enumerate(provenance(self.article)):
            if number:
                runs.append(LINE_BREAK)
            runs.append(run(f"{label}: ", bold=True) + run(word_safe(value)))
        self.parts.append(paragraph("".join(runs)))
        self.parts.append(paragraph(run(word_safe(summary(self.sidecar)), bold=True)))
        if self.options.filter_line():
            self.parts.append(paragraph(run(word_safe(self.options.filter_line()), small=True)))

    def _passages(self) -> None:
        by_status = self.options.group_by == "status"
        found = groups(self.sidecar, self.options.group_by, self.anchored)
        if found:
            self.parts.append(heading("Passages", 2))
        for key, passages in found:
            if by_status:
                label = f"{STATUS_LABELS.get(key, str(key))} ({len(passages)})"
                self.parts.append(heading(label, 3, color=status_color(key)))
            else:
                label = f"{self._label(key)} ({len(passages)})"
                self.parts.append(heading(label, 3, swatch=self._fill(key)))
            for annotation in passages:
                start, end = annotation.start or 0, annotation.end or 0
                details = [place(self.article, self.paragraphs, start)]
                if by_status:
                    details.insert(0, self._label(annotation.tag))
                warning = anchor_warning(annotation)
                if warning:
                    details.append(f"({warning})")
                # Without the full text, the note's comment stands on the quote here.
                commented = not self.options.full_text
                self._passage(self.text[start:end], annotation, " · ".join(details), commented)

    def _orphans(self) -> None:
        orphans = self.sidecar.orphans()
        if orphans:
            self.parts.append(heading(ORPHANS_HEADING, 2))
        for annotation in orphans:
            self._passage(word_safe(annotation.exact), annotation, self._label(annotation.tag))

    def _passage(
        self, quote: str, annotation: Annotation, details: str, commented: bool = False
    ) -> None:
        """A quote set off in its tag's colour, then the note, the status in its colour
        and the details in small."""
        quote_run = text_run(quote.strip(), run_properties(self._fill(annotation.tag)))
        if commented and quote_run:
            comment_id = self.next_comment_id
            self.next_comment_id += thread_size(annotation)
            quote_run = (
                self.threads.range_start(comment_id, annotation)
                + quote_run
                + self.threads.range_end(comment_id, annotation)
            )
            self._add_thread(comment_id, annotation)
        quote_run = self.threads.quote(annotation, quote_run)
        self.threads.record_quote(annotation)
        # (paragraph_start and run_properties are given their arguments by position: they
        # are cached, and this is done for every passage.)
        quote_start = paragraph_start("Quote", False, None, is_right_to_left(quote))
        note = word_safe(annotation.note.strip())
        runs = text_run(note, "") + LINE_BREAK if note else ""
        runs += status_run(annotation.status)
        runs += text_run(" · " + word_safe(details), run_properties("", False, True))
        note_start = paragraph_start("", False, None, is_right_to_left(note), 10, INDENT)
        self.parts += (quote_start, quote_run, "</w:p>", note_start, runs, "</w:p>")

    def _full_text(self) -> None:
        """The article, one Word paragraph per text paragraph, passages shaded and commented.

        The text is cut at every passage boundary, so that each passage covers whole runs,
        and one sweep over the sorted boundaries finds the passages each piece lies in.
        A passage's comment range starts before its first run and ends after its last.
        """
        self.parts.append(self.threads.full_text_heading(heading("Full text", 2)))
        skipped = (
            set()
            if self.include_clutter
            else set(left_out(self.article, self.paragraphs, self.anchored))
        )
        if skipped:
            count = len(skipped)
            self.parts.append(
                paragraph(
                    run(
                        f"{count} paragraphs that look like site furniture or repeat an "
                        "earlier one are left out; the numbers skip them."
                        if count != 1
                        else "1 paragraph that looks like site furniture or repeats an "
                        "earlier one is left out; the numbers skip it.",
                        small=True,
                    )
                )
            )
        text = self.text
        passages = [(a, max(0, a.start or 0), min(len(text), a.end or 0)) for a in self.anchored]
        passages = [(a, start, end) for a, start, end in passages if start < end]
        count = len(passages)
        starts = [start for _, start, _ in passages]
        ends = [end for _, _, end in passages]
        fills = [self._fill(a.tag) for a, _, _ in passages]
        by_start = sorted(range(count), key=lambda i: (starts[i], ends[i]))
        by_end = sorted(range(count), key=lambda i: (ends[i], -starts[i]))
        cuts = sorted(set(starts) | set(ends))
        ids = [0] * count  # a passage's comment id, once its range has started
        plain, overlapping = run_properties(), run_properties(underline=True)
        shaded = {fill: run_properties(fill) for fill in fills}
        shaded_overlapping = {fill: run_properties(fill, underline=True) for fill in fills}
        number_props = run_properties(small=True)
        threads, parts = self.threads, self.parts
        directions = right_to_left_spans(text, self.paragraphs.spans)
        heads: dict[tuple[int | None, bool], str] = {}  # a paragraph's start: list, direction

        marked = [False] * count  # its comment range has started
        done = [False] * count  # its end has been passed
        innermost: list[tuple[int, int, int]] = []  # heap of (-start, end, index)
        opened = closed = inside = 0
        paragraphs = self.paragraphs.spans
        numbering = None  # the list numbering the paragraphs since the last one left out
        for number, (begin, finish) in enumerate(paragraphs, start=1):
            if number - 1 in skipped:
                numbering = None
                continue  # clutter with no passage on it: no run, so no comment is lost
            if numbering is None:
                numbering = self.number_from(number) if self.number_from else None
            following = paragraphs[number][0] if number < len(paragraphs) else len(text) + 1
            runs = [] if numbering is not None else [text_run(f"{number}\t", number_props)]
            low = bisect.bisect_right(cuts, begin)
            high = bisect.bisect_left(cuts, finish)
            if (
                low == high  # no passage starts or ends inside it,
                and not inside  # none is open,
                and (opened == count or starts[by_start[opened]] > begin)  # none opens here
                and (closed == count or ends[by_end[closed]] > following)  # nor closes
            ):
                runs.append(text_run(text[begin:finish], plain))  # as the loop below would
                pieces = ()
            else:
                pieces = itertools.pairwise([begin, *cuts[low:high], finish])
            for piece_start, piece_end in pieces:
                while opened < count and starts[by_start[opened]] <= piece_start:
                    index = by_start[opened]
                    opened += 1
                    if not done[index]:
                        marked[index] = True
                        ids[index] = self.next_comment_id
                        self.next_comment_id += thread_size(passages[index][0])
                        inside += 1
                        heapq.heappush(innermost, (-starts[index], ends[index], index))
                        runs.append(threads.range_start(ids[index], passages[index][0]))
                while innermost and innermost[0][1] <= piece_start:
                    heapq.heappop(innermost)
                if innermost:
                    fill = fills[innermost[0][2]]
                    props = shaded_overlapping[fill] if inside > 1 else shaded[fill]
                else:
                    props = overlapping if inside > 1 else plain
                runs.append(text_run(text[piece_start:piece_end], props))
                # Close what ends here, or in the blank lines before the next paragraph.
                limit = piece_end if piece_end < finish else following
                while closed < count and ends[by_end[closed]] <= limit:
                    index = by_end[closed]
                    closed += 1
                    done[index] = True
                    if marked[index]:
                        inside -= 1
                        runs.append(threads.range_end(ids[index], passages[index][0]))
            runs.append("</w:p>")
            head = (numbering, directions[number - 1])
            if head not in heads:
                heads[head] = paragraph_start("", False, *head, None, None, NUMBER_WIDTH)
            parts.append(heads[head] + "".join(runs))

        parts[-1] = threads.full_text_end(parts[-1])
        # A passage only in the blank lines between paragraphs has no run, so no comment.
        for index in sorted(filter(marked.__getitem__, range(count)), key=ids.__getitem__):
            self._add_thread(ids[index], passages[index][0])

    def _add_thread(self, comment_id: int, annotation: Annotation) -> None:
        """The passage's comment and its replies, among the brief's comments."""
        self.comments.append(
            self.threads.thread(comment_id, annotation, self._comment(comment_id, annotation))
        )

    def _comment(self, comment_id: int, annotation: Annotation) -> Comment:
        """The w:comment of a passage: tag and status (in capitals, in its colour) on the
        first line, then the note; with its text, author and date as they read back."""
        warning = anchor_warning(annotation)
        key = (annotation.tag, annotation.status, warning)
        if key not in self._comment_heads:
            label = f"{self._label(annotation.tag)} · "
            first = run(label, bold=True) + status_run(annotation.status)
            line = label + status_text(annotation.status)
            if warning:
                first += run(word_safe(f" · {warning}"), bold=True)
                line += word_safe(f" · {warning}")
            self._comment_heads[key] = (
                '<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr><w:r><w:rPr>'
                '<w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
                f"{first}</w:p>",
                as_read(line),
            )
        first, line = self._comment_heads[key]
        lines = [line]
        body = [first]
        note = word_safe(annotation.note.strip())
        if note:
            start = paragraph_start("CommentText")
            for note_line in note.split("\n"):
                lines.append(as_read(note_line))
                body += (start, text_run(note_line, ""), "</w:p>")
        if annotation.author not in self._authors:
            author, signed = signature(annotation.author, self.options.signer)
            self._authors[annotation.author] = (
                f'w:author="{attribute(author)}" w:initials="{attribute(signed)}"',
                attribute_text(author),
            )
        signed, author = self._authors[annotation.author]
        stamp = annotation.modified or annotation.created
        date = stamp if _ISO_TIME.fullmatch(stamp) else ""
        when = f' w:date="{date}"' if date else ""
        xml = f'<w:comment w:id="{comment_id}" {signed}{when}>{"".join(body)}</w:comment>'
        return Comment(xml, "\n".join(lines).strip(), author, date)
