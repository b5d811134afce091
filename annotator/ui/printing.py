"""File ▸ Print: the article with its passages in their tags' colours, a numbered mark
after each, and the notes under the text (tag, status, quote and note by number)."""

from __future__ import annotations

import bisect
import itertools

from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from annotator.article import Article
from annotator.export.brief import (
    anchor_warning,
    provenance,
    status_color,
    status_word,
    summary,
    title,
    word_safe,
)
from annotator.text import Paragraphs, snippet
from annotator.ui.display_text import line_breaks

BLACK = QColor("black")


def article_document(article: Article) -> QTextDocument:
    """The article as printed: title, provenance, the text marked, then the notes."""
    document = QTextDocument()
    document.setDefaultFont(QFont(document.defaultFont().family(), 11))
    cursor = QTextCursor(document)
    plain = QTextCharFormat()
    plain.setForeground(BLACK)
    heading = QTextCharFormat(plain)
    heading.setFontPointSize(16)
    heading.setFontWeight(QFont.Weight.Bold)
    small = QTextCharFormat(plain)
    small.setFontPointSize(9)
    small.setForeground(QColor("#595959"))
    cursor.insertText(word_safe(title(article)), heading)
    for label, value in provenance(article):
        cursor.insertBlock()
        cursor.insertText(word_safe(f"{label}: {value}"), small)
    cursor.insertBlock()
    cursor.insertText(word_safe(summary(article.sidecar)), small)

    sidecar, text = article.sidecar, word_safe(article.text)
    passages = [a for a in sidecar.anchored() if (a.start or 0) < (a.end or 0)]
    numbers = {a.id: n for n, a in enumerate(passages, start=1)}
    cuts = sorted({p for a in passages for p in (a.start or 0, a.end or 0)})
    spaced = QTextBlockFormat()
    spaced.setTopMargin(8)
    # A long paragraph is printed in the lines the window shows it in: Qt lays out a
    # block whole each time text is added to it (minutes for a 1 MB paragraph).
    lines = [cut + 1 for cut in line_breaks(text)]
    for begin, finish in Paragraphs(text).spans:
        cursor.insertBlock(spaced)
        low, high = bisect.bisect_right(cuts, begin), bisect.bisect_left(cuts, finish)
        starts = lines[bisect.bisect_right(lines, begin) : bisect.bisect_left(lines, finish)]
        pieces = sorted({begin, *cuts[low:high], *starts, finish})
        starts = set(starts)
        for start, end in itertools.pairwise(pieces):
            if start in starts:
                cursor.insertBlock(QTextBlockFormat())  # a line of the paragraph: no space above
            covering = [a for a in passages if (a.start or 0) <= start < (a.end or 0)]
            piece = QTextCharFormat(plain)
            if covering:
                innermost = max(covering, key=lambda a: (a.start or 0, -(a.end or 0)))
                piece.setBackground(QColor(sidecar.tag_color(innermost.tag)))
                if len(covering) > 1:
                    piece.setFontUnderline(True)
            cursor.insertText(text[start:end], piece)
            for ending in (a for a in passages if a.end == end):
                mark = QTextCharFormat(small)
                mark.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
                cursor.insertText(f"[{numbers[ending.id]}]", mark)

    if passages:
        cursor.insertBlock(spaced)
        cursor.insertText("Notes", heading)
    for annotation in passages:
        cursor.insertBlock(spaced)
        label = f"[{numbers[annotation.id]}] {sidecar.tag_label(annotation.tag)} · "
        cursor.insertText(word_safe(label), plain)
        status = QTextCharFormat(plain)
        status.setFontWeight(QFont.Weight.Bold)
        status.setForeground(QColor(f"#{status_color(annotation.status)}"))
        cursor.insertText(status_word(annotation.status), status)
        quote = snippet(text[annotation.start or 0 : annotation.end or 0], 120)
        line = f" — “{quote}”"
        if anchor_warning(annotation):
            line += f" ({anchor_warning(annotation)})"
        cursor.insertText(word_safe(line), small)
        if annotation.note.strip():
            cursor.insertBlock()
            cursor.insertText(word_safe(annotation.note.strip()), plain)
    return document


def print_article(article: Article, printer: QPrinter) -> None:
    """Print `article` with its highlights and notes on `printer`."""
    document = article_document(article)
    document.setDocumentMargin(0)
    document.print_(printer)


def ask_printer(parent: QWidget) -> QPrinter | None:
    """The printer she chooses in the system's print dialog, or None if she cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None
