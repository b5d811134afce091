"""The PDF brief: the Word brief's parts on A4 or Letter, with each passage of the full
text marked by a native PDF highlight annotation (/Subtype /Highlight, its /QuadPoints
over the passage's words) whose note (/Contents) holds the tag, the status and the note.

fpdf2 sets the text (Unicode fonts from the system, see pdf_fonts; complex scripts and
right-to-left text shaped by HarfBuzz). Where each passage's words fall is what fpdf2
records for its own highlight() while text is written, taken piece by piece.

Limits: a right-to-left paragraph of the full text is set whole (so that its words come
in the right order), and the highlight of a passage in it covers the whole paragraph;
a passage across a page break has one highlight on each page, both with its note.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from fpdf import FPDF, FPDFException
from fpdf.enums import Align

from annotator.article import Article
from annotator.export.brief import (
    ORPHANS_HEADING,
    STATUS_LABELS,
    BriefOptions,
    Progress,
    anchor_warning,
    groups,
    left_out,
    place,
    provenance,
    report,
    status_color,
    status_word,
    summary,
    title,
    word_safe,
)
from annotator.export.pdf_fonts import Fonts, fonts_for, needs_shaping
from annotator.model import Annotation
from annotator.text import Paragraphs, is_right_to_left

SIZE, SMALL, LINE = 10.5, 8.5, 14.0  # points
MARGIN, NUMBER_WIDTH, INDENT = 56.0, 24.0, 20.0
GREY = (89, 89, 89)
UNKNOWN_FILL = "BDBDBD"
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)")


def write(
    articles: list[Article],
    path: Path,
    progress: Progress | None = None,
    options: BriefOptions | None = None,
) -> None:
    """Write the PDF brief of `articles` to `path`, laid out as `options` says."""
    options = options or BriefOptions()
    all_text = "".join(_texts(article) for article in articles)
    pdf = _Pdf(options, fonts_for(all_text), shaped=needs_shaping(all_text))
    for number, article in enumerate(articles):
        _ArticlePages(pdf, article, options).write()
        report(progress, number + 1, len(articles))
    if not articles:
        pdf.add_page()
        pdf.body("No articles.")
    pdf.output(str(path))


def rgb(color: str) -> tuple[int, int, int]:
    """A tag colour (#rrggbb or #rgb) as red, green, blue; grey when it is neither."""
    match = _HEX.fullmatch(color.strip()) if color else None
    digits = match.group(1) if match else UNKNOWN_FILL
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _texts(article: Article) -> str:
    """Every piece of text the article's part of the brief may set, for choosing fonts."""
    sidecar = article.sidecar
    parts = [article.text, title(article), *(v for _, v in provenance(article))]
    parts += [a.note + a.exact + a.author for a in sidecar.annotations]
    parts += [tag.label for tag in sidecar.tags]
    return "".join(parts) + "".join(STATUS_LABELS.values()) + "·—“”"


class _Pdf(FPDF):
    """FPDF with the brief's fonts, and a record of where each piece of text falls."""

    def __init__(self, options: BriefOptions, fonts: Fonts, shaped: bool = True) -> None:
        super().__init__(unit="pt", format="A4" if options.page_size == "a4" else "letter")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, MARGIN)
        self.set_lang(options.language)
        self.set_creator("Annotator")
        self.family = "helvetica"
        self.latin_only = fonts.regular is None
        self.missing = fonts.missing
        if fonts.regular:
            self.family = "brief"
            self.add_font("brief", "", fonts.regular)
            self.add_font("brief", "B", fonts.bold or fonts.regular)
            names = []
            for number, font in enumerate(fonts.fallbacks):
                try:
                    self.add_font(f"fallback{number}", "", font)
                    names.append(f"fallback{number}")
                except Exception:  # a font fpdf2 cannot embed is one fallback fewer
                    continue
            self.set_fallback_fonts(names, exact_match=False)
            if shaped:  # without HarfBuzz, set unshaped
                with contextlib.suppress(FPDFException):
                    self.set_text_shaping(True)
        self.quads: list[tuple[int, float, float, float, float]] | None = None
        self.line: tuple[float | None, Align | None] = (None, None)
        self.set_font(self.family, size=SIZE)

    def normalize_text(self, text: str) -> str:
        if self.latin_only:
            text = text.encode("latin-1", "replace").decode("latin-1")
        return super().normalize_text(text)

    def _render_styled_text_line(self, text_line, *args, **kwargs):
        # Keep the line's own width: fpdf2 records the width of the cell it sets the line
        # in, which reaches the right margin.
        self.line = (text_line.text_width, text_line.align)
        return super()._render_styled_text_line(text_line, *args, **kwargs)

    def _add_quad_points(self, x: float, y: float, w: float, h: float) -> None:
        if self.quads is None:
            return
        width, align = self.line
        if width:
            words = min(w, width + 2 * self.c_margin)
            if align == Align.R:
                x += w - words
            w = words
        self.quads.append((self.page, x, y, w, h))

    def style(self, size: float = SIZE, bold: bool = False, color=(0, 0, 0)) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*color)

    def body(self, text: str, *, size: float = SIZE, bold: bool = False, color=(0, 0, 0)):
        """A paragraph of one style across the page."""
        self.style(size, bold, color)
        self.set_x(self.l_margin)
        align = "R" if is_right_to_left(text) else "L"
        self.multi_cell(0, size * 1.35, _safe(text), align=align, new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str, size: float, color=(31, 73, 125)) -> None:
        self.ln(size * 0.6)
        self.body(text, size=size, bold=True, color=color)
        self.ln(size * 0.2)

    def recorded(self, write) -> list[tuple[int, float, float, float, float]]:
        """Where the text set by `write()` falls: (page, x, y, width, height) per line."""
        self.quads, self._record_text_quad_points = [], True
        try:
            write()
            return self.quads
        finally:
            self.quads, self._record_text_quad_points = None, False


def _safe(text: str) -> str:
    """Text fit to set: what Word could not hold replaced, tabs as spaces (same length)."""
    return word_safe(text).replace("\t", " ").replace("\r", " ")


class _ArticlePages:
    """One article's part of the PDF brief."""

    def __init__(self, pdf: _Pdf, article: Article, options: BriefOptions) -> None:
        self.pdf, self.article, self.options = pdf, article, options
        self.sidecar = article.sidecar
        self.paragraphs = Paragraphs(article.text)

    def write(self) -> None:
        pdf = self.pdf
        pdf.add_page()
        pdf.heading(title(self.article), 16)
        for label, value in provenance(self.article):
            pdf.style(SIZE, bold=True)
            pdf.write(LINE, _safe(f"{label}: "))
            pdf.style(SIZE)
            pdf.write(LINE, _safe(value) + "\n")
        pdf.ln(4)
        pdf.body(summary(self.sidecar), bold=True)
        if self.options.filter_line():
            pdf.body(self.options.filter_line(), size=SMALL, color=GREY)
        lacking = {c for c in _texts(self.article) if c in pdf.missing}
        if lacking:
            shown = "?" if pdf.latin_only else "left blank"
            pdf.body(
                f"{len(lacking)} kinds of character have no font on this computer and are "
                f"{shown} (a font such as Noto for their script would show them).",
                size=SMALL, color=GREY,
            )  # fmt: skip
        self._passages()
        if self.options.full_text:
            self._full_text()
        self._orphans()

    def _fill(self, tag_id: str) -> tuple[int, int, int]:
        tag = self.sidecar.tag(tag_id)
        return rgb(tag.color if tag else UNKNOWN_FILL)

    def _passages(self) -> None:
        by_status = self.options.group_by == "status"
        found = groups(self.sidecar, self.options.group_by)
        if found:
            self.pdf.heading("Passages", 13)
        for key, passages in found:
            if by_status:
                color = rgb(status_color(key))
                label = STATUS_LABELS.get(key, str(key))
            else:
                color, label = (31, 73, 125), self.sidecar.tag_label(key)
            self.pdf.heading(f"{label} ({len(passages)})", 11.5, color)
            for annotation in passages:
                start, end = annotation.start or 0, annotation.end or 0
                details = [place(self.article, self.paragraphs, start)]
                if by_status:
                    details.insert(0, self.sidecar.tag_label(annotation.tag))
                if anchor_warning(annotation):
                    details.append(f"({anchor_warning(annotation)})")
                self._passage(self.article.text[start:end], annotation, " · ".join(details))

    def _orphans(self) -> None:
        orphans = self.sidecar.orphans()
        if orphans:
            self.pdf.heading(ORPHANS_HEADING, 13)
        for annotation in orphans:
            self._passage(annotation.exact, annotation, self.sidecar.tag_label(annotation.tag))

    def _passage(self, quote: str, annotation: Annotation, details: str) -> None:
        """The quote on its tag's colour, then the note, the status and the details."""
        pdf = self.pdf
        pdf.set_left_margin(MARGIN + INDENT)
        fill = self._fill(annotation.tag)
        pdf.set_fill_color(*fill)
        dark = 0.299 * fill[0] + 0.587 * fill[1] + 0.114 * fill[2] < 110
        pdf.style(SIZE, color=(255, 255, 255) if dark else (0, 0, 0))
        text = _safe(quote.strip())
        align = "R" if is_right_to_left(text) else "L"
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(0, LINE, text, fill=True, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        note = annotation.note.strip()
        if note:
            pdf.body(note)
        pdf.style(SMALL, bold=True, color=rgb(status_color(annotation.status)))
        pdf.write(LINE, status_word(annotation.status))
        pdf.style(SMALL, color=GREY)
        pdf.write(LINE, _safe(f" · {details}") + "\n")
        pdf.ln(6)
        pdf.set_left_margin(MARGIN)

    def _full_text(self) -> None:
        """The article, paragraph by paragraph, numbered; each passage highlighted."""
        pdf, text = self.pdf, _safe(self.article.text)
        pdf.heading("Full text", 13)
        skipped = (
            set() if self.options.include_clutter else set(left_out(self.article, self.paragraphs))
        )
        if skipped:
            count = len(skipped)
            pdf.body(
                f"{count} paragraph{'s' if count != 1 else ''} that look like site furniture "
                "or repeat an earlier one left out; the numbers skip them.",
                size=SMALL, color=GREY,
            )  # fmt: skip
        pdf.c_margin, c_margin = 0, pdf.c_margin  # pieces of a line set edge to edge
        passages = [
            (a, max(0, a.start or 0), min(len(text), a.end or 0)) for a in self.sidecar.anchored()
        ]
        passages = [(a, s, e) for a, s, e in passages if s < e]
        cuts = sorted({p for _, s, e in passages for p in (s, e)})
        quads: dict[int, list] = defaultdict(list)  # passage index -> where its words fall
        for number, (begin, finish) in enumerate(self.paragraphs.spans, start=1):
            if number - 1 in skipped:
                continue
            pdf.set_left_margin(MARGIN)
            if pdf.will_page_break(LINE):
                pdf.add_page()
            pdf.style(SMALL, color=GREY)
            pdf.set_xy(MARGIN, pdf.get_y())
            pdf.cell(NUMBER_WIDTH, LINE, str(number))
            pdf.set_left_margin(MARGIN + NUMBER_WIDTH)
            pdf.set_x(MARGIN + NUMBER_WIDTH)
            pdf.style(SIZE)
            inside = [i for i, (_, s, e) in enumerate(passages) if s < finish and e > begin]
            if is_right_to_left(text[begin:finish]):
                where = pdf.recorded(
                    lambda b=begin, f=finish: pdf.multi_cell(
                        0, LINE, text[b:f], align="R", new_x="LMARGIN", new_y="NEXT"
                    )
                )
                for index in inside:
                    quads[index] += where
            else:
                low, high = bisect.bisect_right(cuts, begin), bisect.bisect_left(cuts, finish)
                for start, end in itertools.pairwise([begin, *cuts[low:high], finish]):
                    covering = [i for i in inside if passages[i][1] <= start < passages[i][2]]
                    if not covering:
                        pdf.write(LINE, text[start:end])
                        continue
                    where = pdf.recorded(lambda s=start, e=end: pdf.write(LINE, text[s:e]))
                    for index in covering:
                        quads[index] += where
                pdf.ln(LINE)
            pdf.ln(4)
        pdf.set_left_margin(MARGIN)
        pdf.c_margin = c_margin
        for index, where in quads.items():
            self._highlight(passages[index][0], where)

    def _highlight(self, annotation: Annotation, where: list) -> None:
        """One highlight annotation per page over the passage's words, with its note."""
        pdf = self.pdf
        heading = f"{self.sidecar.tag_label(annotation.tag)} · {status_word(annotation.status)}"
        if anchor_warning(annotation):
            heading += f" · {anchor_warning(annotation)}"
        note = annotation.note.strip()
        contents = word_safe(f"{heading}\n{note}" if note else heading)
        color = tuple(c / 255 for c in self._fill(annotation.tag))
        stamp = _ISO.match(annotation.modified or annotation.created or "")
        moment = datetime(*map(int, stamp.groups())) if stamp else None
        for page, boxes in itertools.groupby(sorted(where), key=lambda box: box[0]):
            points: list[float] = []
            for _, x, y, w, h in boxes:
                if w <= 0:
                    continue
                top, bottom = (pdf.h - y) * pdf.k, (pdf.h - y - h) * pdf.k
                points += [x * pdf.k, top, (x + w) * pdf.k, top]
                points += [x * pdf.k, bottom, (x + w) * pdf.k, bottom]
            if points:
                pdf.add_text_markup_annotation(
                    "Highlight", contents, quad_points=points, color=color,
                    modification_time=moment, page=page,
                    title=word_safe(annotation.author.strip() or "Annotator"),
                )  # fmt: skip
