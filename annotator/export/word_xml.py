"""WordprocessingML as text: the runs, paragraphs and headings the Word brief is made of.

The brief is written as this text straight into its package, never parsed, so what
makes it well-formed is here: every string from the outside goes through `word_safe`
before it reaches a run (the text stays the same length), and through `escape` or
`attribute` as it is put in.
"""

from __future__ import annotations

import functools
import re

from annotator.export.brief import status_color, status_word, word_safe
from annotator.export.docx_page import GREY

UNKNOWN_FILL = "BDBDBD"

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
_BREAKS = re.compile(r"(\t|\r\n|\r|\n)")
# What an XML parser makes of white space in an attribute: each tab or line break a space.
_ATTRIBUTE_SPACES = str.maketrans("\t\n\r", "   ")

LINE_BREAK = "<w:r><w:br/></w:r>"
TEXT_START = '<w:t xml:space="preserve">'


def escape(text: str) -> str:
    """`text` escaped for XML text or an attribute in double quotes (but for the quotes)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attribute_text(text: str) -> str:
    """`text` as it reads back from an attribute: word-safe, each tab and line break a
    space (a CR LF one), as XML parsers normalise attribute values."""
    return word_safe(text).replace("\r\n", " ").translate(_ATTRIBUTE_SPACES)


def attribute(text: str) -> str:
    """`text` as an attribute's value between double quotes."""
    return escape(attribute_text(text)).replace('"', "&quot;")


def as_read(text: str) -> str:
    """The text a run of `text` reads as: each line break (CR LF, CR or LF) a newline."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fill_of(color: str) -> str:
    """A tag colour as the RRGGBB a w:shd fill wants; grey when it is not #rrggbb or #rgb."""
    match = _HEX.fullmatch(color.strip()) if color else None
    if not match:
        return UNKNOWN_FILL
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return digits.upper()


def is_dark(fill: str) -> bool:
    """True when black text would be hard to read on this fill."""
    red, green, blue = (int(fill[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 110


@functools.lru_cache(maxsize=256)
def run_properties(
    fill: str = "",
    bold: bool = False,
    small: bool = False,
    underline: bool = False,
    color: str = "",
) -> str:
    """The w:rPr of a run ("" for a plain one); a brief has only a few kinds, made once."""
    props = []
    if bold:
        props.append("<w:b/><w:bCs/>")
    if color:
        props.append(f'<w:color w:val="{color}"/>')
    elif small:
        props.append(f'<w:color w:val="{GREY}"/>')
    elif fill and is_dark(fill):
        props.append('<w:color w:val="FFFFFF"/>')
    if small:
        props.append('<w:sz w:val="18"/><w:szCs w:val="18"/>')
    if underline:
        props.append('<w:u w:val="dotted"/>')
    if fill:
        props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>')
    return f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""


def text_run(text: str, properties: str) -> str:
    """A w:r holding word-safe `text` with the w:rPr `properties` (see `run`)."""
    if "\t" in text or "\n" in text or "\r" in text:
        content = []
        for piece in _BREAKS.split(text):
            if piece == "\t":
                content.append("<w:tab/>")
            elif piece in ("\n", "\r\n", "\r"):
                content.append("<w:br/>")
            elif piece:
                content.append(f"{TEXT_START}{escape(piece)}</w:t>")
        return f"<w:r>{properties}{''.join(content)}</w:r>"
    if not text:
        return ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # escape()
    return f"<w:r>{properties}{TEXT_START}{escaped}</w:t></w:r>"


def run(
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
    return text_run(text, run_properties(fill, bold, small, underline, color)) if text else ""


def paragraph(
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
    start = paragraph_start(style, page_break, numbered, rtl, space_after, indent, hanging)
    return f"{start}{runs}</w:p>"


@functools.lru_cache(maxsize=1024)
def paragraph_start(
    style: str = "",
    page_break: bool = False,
    numbered: int | None = None,
    rtl: bool = False,
    space_after: int | None = None,
    indent: int | None = None,
    hanging: int | None = None,
) -> str:
    """A w:p's start tag and properties (see `paragraph`); a brief has few kinds."""
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
    return f"<w:p><w:pPr>{''.join(props)}</w:pPr>" if props else "<w:p>"


def heading(
    text: str, level: int, *, page_break: bool = False, swatch: str = "", color: str = ""
) -> str:
    """A heading of `level`, after a swatch of colour when given."""
    runs = run("\u00a0\u00a0\u00a0", fill=swatch) + run(" ") if swatch else ""
    runs += run(word_safe(text), color=color)
    return paragraph(runs, style=f"Heading{level}", page_break=page_break)


@functools.lru_cache(maxsize=64)
def status_text(status: str | None) -> str:
    """A status as the brief writes it: "DISPUTED", "TO VERIFY" (word-safe)."""
    return word_safe(status_word(status))


@functools.lru_cache(maxsize=64)
def status_run(status: str | None) -> str:
    """A status in bold capitals in its colour, so that DISPUTED and TO VERIFY stand out."""
    return run(status_text(status), bold=True, color=status_color(status))
