"""The Word brief (formats.md §4).

python-docx gives the package, the styles and the saving; the content is written as
WordprocessingML text and parsed once per article, because building a thousand
commented passages through python-docx's objects is many times slower.

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

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsdecls
from docx.oxml.parser import element_class_lookup
from docx.shared import Cm, Pt
from lxml import etree

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
    status_word,
    summary,
    title,
    word_safe,
)
from annotator.export.docx_page import GREY, NUMBER_WIDTH, ParagraphNumbers, set_up_page
from annotator.export.word_comments import Threads, thread_size
from annotator.model import Annotation
from annotator.text import Paragraphs, is_right_to_left

UNKNOWN_FILL = "BDBDBD"
INDENT = 567  # 1 cm in twips

# Word 2010's copy of the styles, which python-docx's template carries as it was when the
# template was made: styles added since are missing from it and its defaults differ, and
# Word then offers to repair the file. Word reads styles.xml alone when it is absent.
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
_BREAKS = re.compile(r"(\t|\r\n|\r|\n)")
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")

# huge_tree: a one-paragraph article may hold more than libxml2's default 10 MB text node.
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)
_PARSER.set_element_class_lookup(element_class_lookup)


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
    document = docx.Document()
    _drop_styles_with_effects(document)
    _set_up_styles(document)
    set_up_page(document, options)
    brief = _Brief(document, options, include_clutter or options.include_clutter)
    for number, article in enumerate(articles):
        brief.add_article(article, new_page=number > 0)
        report(progress, number + 1, len(articles))
    if not articles:
        document.add_paragraph("No articles.")
    brief.threads.finish(document, Path(path))
    document.save(str(path))


def fill_of(color: str) -> str:
    """A tag colour as the RRGGBB a w:shd fill wants; grey when it is not #rrggbb or #rgb."""
    match = _HEX.fullmatch(color.strip()) if color else None
    if not match:
        return UNKNOWN_FILL
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return digits.upper()


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
    ids = {style.style_id for style in document.styles}
    if "CommentText" not in ids:
        document.styles.add_style("CommentText", WD_STYLE_TYPE.PARAGRAPH).font.size = Pt(9)
    if "CommentReference" not in ids:
        document.styles.add_style("CommentReference", WD_STYLE_TYPE.CHARACTER)


# WordprocessingML as text. Every string from the outside goes through word_safe first.


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return _escape(word_safe(text)).replace('"', "&quot;")


def _is_dark(fill: str) -> bool:
    """True when black text would be hard to read on this fill."""
    red, green, blue = (int(fill[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 110


def _run(
    text: str,
    *,
    fill: str = "",
    bold: bool = False,
    small: bool = False,
    underline: bool = False,
    color: str = "",
) -> str:
    """A w:r holding word-safe `text`; tabs and newlines become w:tab and w:br.

    Nothing at all for empty text: Word never writes a run that holds nothing.
    """
    content = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in ("\n", "\r\n", "\r"):
            content.append("<w:br/>")
        elif piece:
            content.append(f'<w:t xml:space="preserve">{_escape(piece)}</w:t>')
    if not content:
        return ""
    props = []
    if bold:
        props.append("<w:b/><w:bCs/>")
    if color:
        props.append(f'<w:color w:val="{color}"/>')
    elif small:
        props.append(f'<w:color w:val="{GREY}"/>')
    elif fill and _is_dark(fill):
        props.append('<w:color w:val="FFFFFF"/>')
    if small:
        props.append('<w:sz w:val="18"/><w:szCs w:val="18"/>')
    if underline:
        props.append('<w:u w:val="dotted"/>')
    if fill:
        props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>')
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{''.join(content)}</w:r>"


def _paragraph(
    runs: str,
    *,
    style: str = "",
    page_break: bool = False,
    numbered: int | None = None,
    rtl: bool = False,
    space_after: int | None = None,
    indent: int | None = None,
    hanging: int | None = None,
) -> str:
    """A w:p around `runs`; space_after in points, indents in twips."""
    props = []
    if style:
        props.append(f'<w:pStyle w:val="{style}"/>')
    if page_break:
        props.append("<w:pageBreakBefore/>")
    if numbered is not None:
        props.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{numbered}"/></w:numPr>')
    if rtl:
        props.append("<w:bidi/>")
    if space_after is not None:
        props.append(f'<w:spacing w:after="{space_after * 20}"/>')
    if hanging is not None:
        props.append(f'<w:ind w:left="{hanging}" w:hanging="{hanging}"/>')
    elif indent is not None:
        props.append(f'<w:ind w:left="{indent}"/>')
    head = f"<w:p><w:pPr>{''.join(props)}</w:pPr>" if props else "<w:p>"
    return f"{head}{runs}</w:p>"


def _heading(
    text: str, level: int, *, page_break: bool = False, swatch: str = "", color: str = ""
) -> str:
    runs = _run("\u00a0\u00a0\u00a0", fill=swatch) + _run(" ") if swatch else ""
    runs += _run(word_safe(text), color=color)
    return _paragraph(runs, style=f"Heading{level}", page_break=page_break)


def _status_run(status: str | None) -> str:
    """A status in bold capitals in its colour, so that DISPUTED and TO VERIFY stand out."""
    return _run(status_word(status), bold=True, color=status_color(status))


def _parse(xml: str, root: str) -> etree._Element:
    """Parse a fragment wrapped in a `root` element declaring the w: namespace."""
    return etree.fromstring(f"<w:{root} {nsdecls('w', 'w14')}>{xml}</w:{root}>", _PARSER)


class _Brief:
    """Adds articles to a document, numbering comments across them."""

    def __init__(
        self, document: Document, options: BriefOptions, include_clutter: bool = False
    ) -> None:
        self.document = document
        self.options = options
        self.include_clutter = include_clutter
        self.next_comment = len(document.comments)  # also creates the comments part
        self.comments_root = document.part.part_related_by(RT.COMMENTS).element
        self.body = document.element.body
        self.numbers = ParagraphNumbers(document)
        # What ties comments to passages, and their replies (signed as the comments are).
        self.threads = Threads(options.signer)

    def add_article(self, article: Article, new_page: bool) -> None:
        """The heading, summary, grouped passages, full text and orphans of one article."""
        self.threads.begin_article(article)
        writer = _ArticleWriter(
            article, self.next_comment, self.include_clutter, self.options,
            self.numbers.starting_at, self.threads,
        )  # fmt: skip
        xml = writer.write(new_page)
        section = self.body.get_or_add_sectPr()
        for element in list(_parse(xml, "body")):
            section.addprevious(element)
        for element in list(_parse("".join(writer.comments), "comments")):
            self.comments_root.append(element)
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
        self.next_comment_id = first_comment_id  # given out as comment ranges start
        self.comments: list[str] = []
        self.parts: list[str] = []

    def write(self, new_page: bool) -> str:
        self._heading(new_page)
        self._passages()
        if self.options.full_text:
            self._full_text()
        self._orphans()
        return "".join(self.parts)

    def _label(self, tag_id: str) -> str:
        return word_safe(self.sidecar.tag_label(tag_id))

    def _fill(self, tag_id: str) -> str:
        tag = self.sidecar.tag(tag_id)
        return fill_of(tag.color) if tag else UNKNOWN_FILL

    def _heading(self, new_page: bool) -> None:
        self.parts.append(_heading(title(self.article), 1, page_break=new_page))
        runs = []
        for number, (label, value) in enumerate(provenance(self.article)):
            if number:
                runs.append("<w:r><w:br/></w:r>")
            runs.append(_run(f"{label}: ", bold=True) + _run(word_safe(value)))
        self.parts.append(_paragraph("".join(runs)))
        self.parts.append(_paragraph(_run(word_safe(summary(self.sidecar)), bold=True)))
        if self.options.filter_line():
            self.parts.append(_paragraph(_run(word_safe(self.options.filter_line()), small=True)))

    def _passages(self) -> None:
        by_status = self.options.group_by == "status"
        found = groups(self.sidecar, self.options.group_by)
        if found:
            self.parts.append(_heading("Passages", 2))
        for key, passages in found:
            if by_status:
                label = f"{STATUS_LABELS.get(key, str(key))} ({len(passages)})"
                self.parts.append(_heading(label, 3, color=status_color(key)))
            else:
                label = f"{self._label(key)} ({len(passages)})"
                self.parts.append(_heading(label, 3, swatch=self._fill(key)))
            for annotation in passages:
                start, end = annotation.start or 0, annotation.end or 0
                details = [place(self.article, self.paragraphs, start)]
                if by_status:
                    details.insert(0, self._label(annotation.tag))
                if anchor_warning(annotation):
                    details.append(f"({anchor_warning(annotation)})")
                # Without the full text, the note's comment stands on the quote here.
                commented = not self.options.full_text
                self._passage(self.text[start:end], annotation, " · ".join(details), commented)

    def _orphans(self) -> None:
        orphans = self.sidecar.orphans()
        if orphans:
            self.parts.append(_heading(ORPHANS_HEADING, 2))
        for annotation in orphans:
            self._passage(word_safe(annotation.exact), annotation, self._label(annotation.tag))

    def _passage(
        self, quote: str, annotation: Annotation, details: str, commented: bool = False
    ) -> None:
        """A quote set off in its tag's colour, then the note, the status in its colour
        and the details in small."""
        quote_run = _run(quote.strip(), fill=self._fill(annotation.tag))
        if commented and quote_run:
            comment_id = self.next_comment_id
            self.next_comment_id += thread_size(annotation)
            quote_run = (
                self.threads.range_start(comment_id, annotation)
                + quote_run
                + self.threads.range_end(comment_id, annotation)
            )
            comment = self._comment(comment_id, annotation)
            self.comments.append(self.threads.thread(comment_id, annotation, comment))
        quote_run = self.threads.quote(annotation, quote_run)
        self.threads.record_quote(annotation)
        self.parts.append(_paragraph(quote_run, style="Quote", rtl=is_right_to_left(quote)))
        note = word_safe(annotation.note.strip())
        runs = _run(note) + "<w:r><w:br/></w:r>" if note else ""
        runs += _status_run(annotation.status) + _run(" · " + word_safe(details), small=True)
        self.parts.append(
            _paragraph(runs, rtl=is_right_to_left(note), space_after=10, indent=INDENT)
        )

    def _full_text(self) -> None:
        """The article, one Word paragraph per text paragraph, passages shaded and commented.

        The text is cut at every passage boundary, so that each passage covers whole runs,
        and one sweep over the sorted boundaries finds the passages each piece lies in.
        A passage's comment range starts before its first run and ends after its last.
        """
        self.parts.append(self.threads.full_text_heading(_heading("Full text", 2)))
        skipped = set() if self.include_clutter else set(left_out(self.article, self.paragraphs))
        if skipped:
            count = len(skipped)
            self.parts.append(
                _paragraph(
                    _run(
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
        passages = [
            (a, max(0, a.start or 0), min(len(text), a.end or 0)) for a in self.sidecar.anchored()
        ]
        passages = [(a, start, end) for a, start, end in passages if start < end]
        count = len(passages)
        starts = [start for _, start, _ in passages]
        ends = [end for _, _, end in passages]
        fills = [self._fill(a.tag) for a, _, _ in passages]
        by_start = sorted(range(count), key=lambda i: (starts[i], ends[i]))
        by_end = sorted(range(count), key=lambda i: (ends[i], -starts[i]))
        cuts = sorted(set(starts) | set(ends))
        ids = [0] * count  # a passage's comment id, once its range has started

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
            runs = [] if numbering is not None else [_run(f"{number}\t", small=True)]
            low = bisect.bisect_right(cuts, begin)
            high = bisect.bisect_left(cuts, finish)
            for piece_start, piece_end in itertools.pairwise([begin, *cuts[low:high], finish]):
                while opened < count and starts[by_start[opened]] <= piece_start:
                    index = by_start[opened]
                    opened += 1
                    if not done[index]:
                        marked[index] = True
                        ids[index] = self.next_comment_id
                        self.next_comment_id += thread_size(passages[index][0])
                        inside += 1
                        heapq.heappush(innermost, (-starts[index], ends[index], index))
                        runs.append(self.threads.range_start(ids[index], passages[index][0]))
                while innermost and innermost[0][1] <= piece_start:
                    heapq.heappop(innermost)
                fill = fills[innermost[0][2]] if innermost else ""
                piece = text[piece_start:piece_end]
                runs.append(_run(piece, fill=fill, underline=inside > 1))
                # Close what ends here, or in the blank lines before the next paragraph.
                limit = piece_end if piece_end < finish else following
                while closed < count and ends[by_end[closed]] <= limit:
                    index = by_end[closed]
                    closed += 1
                    done[index] = True
                    if marked[index]:
                        inside -= 1
                        runs.append(self.threads.range_end(ids[index], passages[index][0]))
            rtl = is_right_to_left(text[begin:finish])
            self.parts.append(
                _paragraph("".join(runs), numbered=numbering, rtl=rtl, hanging=NUMBER_WIDTH)
            )

        self.parts[-1] = self.threads.full_text_end(self.parts[-1])
        # A passage only in the blank lines between paragraphs has no run, so no comment.
        for index in sorted(filter(marked.__getitem__, range(count)), key=ids.__getitem__):
            annotation = passages[index][0]
            comment = self._comment(ids[index], annotation)
            self.comments.append(self.threads.thread(ids[index], annotation, comment))

    def _comment(self, comment_id: int, annotation: Annotation) -> str:
        """The w:comment of a passage: tag and status (in capitals, in its colour) on the
        first line, then the note."""
        heading = _run(f"{self._label(annotation.tag)} · ", bold=True)
        heading += _status_run(annotation.status)
        if anchor_warning(annotation):
            heading += _run(word_safe(f" · {anchor_warning(annotation)}"), bold=True)
        paragraphs = [
            '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
            + heading
        ]
        note = word_safe(annotation.note.strip())
        if note:
            paragraphs += [_run(line) for line in note.split("\n")]
        author, signed = signature(annotation.author, self.options.signer)
        attributes = f'w:id="{comment_id}" w:author="{_attribute(author)}"'
        attributes += f' w:initials="{_attribute(signed)}"'
        stamp = annotation.modified or annotation.created
        if _ISO_TIME.fullmatch(stamp):
            attributes += f' w:date="{stamp}"'
        body = "".join(_paragraph(runs, style="CommentText") for runs in paragraphs)
        return f"<w:comment {attributes}>{body}</w:comment>"
