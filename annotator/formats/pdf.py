"""PDF documents: the text layer page by page, by pypdf, with where each page starts."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from annotator.document import Document, DocumentError
from annotator.formats.base import Reader

# A line of a page ends its paragraph when it is short against the page's full lines
# (the 90th percentile of their lengths): shorter than SHORT_LINE of it, or ending a
# sentence and shorter than SENTENCE_END of it. A PDF keeps lines, not paragraphs; this
# is how the window, the brief and the clutter rules get paragraphs back. The lines of a
# paragraph are joined by a space (after a hyphen, by nothing), so that the window and
# the brief wrap them to their own width.
SHORT_LINE = 0.75
SENTENCE_END = 0.92
_ENDS_SENTENCE = re.compile(r"[.!?:;。؟»”’\"')\]]$")
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")


class PdfReader(Reader):
    """A PDF with a text layer; a scan or a locked PDF gets a message saying so."""

    format = "pdf"
    label = "PDF documents"
    extensions = (".pdf",)
    library = "pypdf"

    def read(self, path: Path, data: bytes) -> Document:
        import logging  # (these too: the window's first paint imports every reader)

        import pypdf  # on the first PDF opened

        logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not hers
        try:
            pdf = pypdf.PdfReader(BytesIO(data))
            if pdf.is_encrypted and not _unlocked(pdf):
                raise DocumentError(
                    f"{path.name} is protected by a password; open it in a PDF reader with "
                    "the password, save an unprotected copy and open that"
                )
            pages = [_paragraphs(page.extract_text() or "") for page in pdf.pages]
            info = dict(pdf.metadata or {})
        except DocumentError:
            raise
        except Exception as error:  # a damaged file may fail anywhere in the parser
            raise DocumentError(
                f"{path.name} is a damaged PDF that cannot be read ({type(error).__name__})"
            ) from None
        if not any(pages):
            raise DocumentError(f"{path.name} has no text layer (a scan); run it through OCR first")
        return self.document(path, data, [], metadata=_metadata(info), pages=pages)


def _unlocked(pdf) -> bool:
    """Open a PDF locked only against changes (an empty password); False if it needs one."""
    try:
        return bool(pdf.decrypt(""))
    except Exception:  # an unknown cipher, or a library it needs that is missing
        return False


def _paragraphs(page: str) -> list[str]:
    """A page's lines gathered into paragraphs (see SHORT_LINE)."""
    lines = [line.strip() for line in page.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    widths = sorted(len(line) for line in lines if line)
    if not widths:
        return []
    full = widths[min(len(widths) - 1, int(len(widths) * 0.9))]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        if current and (
            not line
            or len(line) < SHORT_LINE * full
            or (_ENDS_SENTENCE.search(line) and len(line) < SENTENCE_END * full)
        ):
            paragraphs.append(_joined(current))
            current = []
    if current:
        paragraphs.append(_joined(current))
    return paragraphs


def _joined(lines: list[str]) -> str:
    """A paragraph's lines as one: a space between them, none after a hyphen."""
    text = lines[0]
    for line in lines[1:]:
        hyphen = text.endswith("-") and not text.endswith(" -") and len(text) > 1
        text += line if hyphen else " " + line
    return text


def _metadata(info: dict) -> dict[str, str]:
    """Title, author and date from a PDF's document information."""
    title = str(info.get("/Title") or "").strip()
    if title.lower().startswith("microsoft word - "):
        title = title[len("microsoft word - ") :]
    if title.lower().endswith((".doc", ".docx", ".indd", ".pdf")) or title.lower() in (
        "untitled",
        "title",
    ):
        title = ""
    return {
        "title": title,
        "author": str(info.get("/Author") or "").strip(),
        "published": _date(str(info.get("/CreationDate") or "")),
    }


def _date(value: str) -> str:
    match = _PDF_DATE.match(value.strip())
    if not match or not match.group(2) or not match.group(3):
        return ""
    year, month, day = match.groups()
    return f"{year}-{month}-{day}" if 1 <= int(month) <= 12 and 1 <= int(day) <= 31 else ""
