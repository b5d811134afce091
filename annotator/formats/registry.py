"""Which reader reads which file: extensions first, then the file's own first bytes."""

from __future__ import annotations

from pathlib import Path

from annotator.document import Document, DocumentError, read_bytes
from annotator.formats import refused
from annotator.formats.base import Reader


def _readers() -> list[type[Reader]]:
    # One line per format; each module is small and imports its library only to read.
    from annotator.formats.mail import EmailReader
    from annotator.formats.opendocument import OdtReader
    from annotator.formats.pdf import PdfReader
    from annotator.formats.plain import TextReader
    from annotator.formats.web import HtmlReader
    from annotator.formats.word import DocxReader

    return [TextReader, HtmlReader, PdfReader, DocxReader, OdtReader, EmailReader]


READERS = _readers()
BY_FORMAT = {reader.format: reader for reader in READERS}
BY_EXTENSION = {ext: reader for reader in READERS for ext in reader.extensions}
SUPPORTED = tuple(ext for reader in READERS for ext in reader.extensions)


def file_filter() -> str:
    """The open dialog's filter: every supported format, then each format, then all files."""
    every = " ".join(f"*{ext}" for ext in SUPPORTED)
    each = [f"{r.label} ({' '.join('*' + e for e in r.extensions)})" for r in READERS]
    return ";;".join([f"Articles ({every})", *each, "All files (*)"])


def reader_for(path: Path, data: bytes) -> type[Reader]:
    """The reader for a file; DocumentError naming what it is when no reader takes it.

    The extension decides, except that a PDF, an office file or a kind of file Annotator
    does not open is known by its first bytes whatever its name; a file with an unknown
    extension is read as a web page when it starts like one, else as text.
    """
    sniffed = _sniff(path, data)
    if sniffed is not None:
        return sniffed
    reader = BY_EXTENSION.get(path.suffix.lower())
    if reader is not None:
        return reader
    refused.by_extension(path)
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return BY_FORMAT["html"]
    return BY_FORMAT["text"]


def _sniff(path: Path, data: bytes) -> type[Reader] | None:
    """A reader (or a refusal) known from the file's first bytes; None for plain files."""
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return BY_FORMAT["pdf"]
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(path, data)
    refused.by_content(path, data)
    return None


def _zip_format(path: Path, data: bytes) -> type[Reader]:
    """Which office format (or other zip) a zip file is."""
    import zipfile  # for the first zip file opened
    from io import BytesIO

    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = (
                archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if "mimetype" in names
                else ""
            )
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        refused.by_extension(path)  # a damaged spreadsheet is still a spreadsheet
        raise DocumentError(
            f"{path.name} looks like a zip file (a Word or OpenDocument file is one) "
            "but it is damaged; open it in its program and save it again"
        ) from None
    if "word/document.xml" in names:
        return BY_FORMAT["docx"]
    if mimetype == "application/vnd.oasis.opendocument.text":
        return BY_FORMAT["odt"]
    refused.zip_kind(path, names, mimetype)
    raise AssertionError("unreachable")  # zip_kind always raises


def read_source(path: Path | str) -> Document:
    """Read any supported article file into its document text; DocumentError otherwise."""
    path = Path(path)
    data = read_bytes(path)
    return reader_for(path, data)().read(path, data)
