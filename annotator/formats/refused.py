"""Files Annotator does not open, each refused with what it is and what to do instead."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from annotator.document import DocumentError

SPREADSHEET = "a spreadsheet, which Annotator does not open; copy the text you need into a file"
PRESENTATION = "a presentation, which Annotator does not open; export it as PDF and open that"
IMAGE = "an image, which has no text to mark; run it through OCR first"
ARCHIVE = "an archive; unpack it and open the articles inside"
RECORDING = "a recording, which Annotator does not open; open its transcript instead"
OLD_WORD = (
    "an old Word document (.doc), which Annotator does not open; save it as .docx in "
    "Word or LibreOffice and open that"
)
OUTLOOK = (
    "an Outlook message (.msg), which Annotator does not open; save it as an .eml file "
    "(File ▸ Save As) and open that"
)
RTF = "a Rich Text file, which Annotator does not open; save it as .docx and open that"
EBOOK = "an e-book, which Annotator does not open"
WEB_ARCHIVE = (
    "a web archive (.mht), which Annotator does not open; save the page as "
    "“Web Page, HTML only” and open that"
)
PROGRAM = "a program, not an article"

BY_EXTENSION = {
    **dict.fromkeys((".xlsx", ".xlsm", ".xls", ".ods", ".numbers"), SPREADSHEET),
    **dict.fromkeys((".pptx", ".ppt", ".odp", ".key"), PRESENTATION),
    **dict.fromkeys(
        (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp", ".heic", ".svg"),
        IMAGE,
    ),
    **dict.fromkeys((".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar"), ARCHIVE),
    **dict.fromkeys((".mp3", ".m4a", ".wav", ".ogg", ".mp4", ".mov", ".avi", ".webm"), RECORDING),
    ".doc": OLD_WORD,
    ".msg": OUTLOOK,
    ".rtf": RTF,
    ".epub": EBOOK,
    **dict.fromkeys((".mht", ".mhtml"), WEB_ARCHIVE),
    **dict.fromkeys((".exe", ".dll", ".so", ".dylib", ".app", ".apk", ".dmg"), PROGRAM),
}

# First bytes of kinds of file known whatever they are called.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", IMAGE),
    (b"\xff\xd8\xff", IMAGE),
    (b"GIF87a", IMAGE),
    (b"GIF89a", IMAGE),
    (b"II*\x00", IMAGE),
    (b"MM\x00*", IMAGE),
    (b"\x1f\x8b", ARCHIVE),
    (b"7z\xbc\xaf\x27\x1c", ARCHIVE),
    (b"Rar!\x1a\x07", ARCHIVE),
    (b"ID3", RECORDING),
    (b"{\\rtf", RTF),
    (b"MZ", PROGRAM),
    (b"\x7fELF", PROGRAM),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, Excel 97-2003, Outlook .msg


def refuse(path: Path, what: str) -> NoReturn:
    """Raise the one-line message for a file Annotator does not open."""
    raise DocumentError(f"{path.name} is {what}")


def by_extension(path: Path) -> None:
    """Refuse a file whose extension names a kind Annotator does not open."""
    what = BY_EXTENSION.get(path.suffix.lower())
    if what is not None:
        refuse(path, what)


def by_content(path: Path, data: bytes) -> None:
    """Refuse a file whose first bytes show a kind Annotator does not open."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            refuse(path, what)
    if data[8:12] == b"WEBP" or data[4:8] == b"ftyp":
        refuse(path, IMAGE if data[8:12] in (b"WEBP", b"heic", b"heix", b"avif") else RECORDING)
    if data.startswith(_OLE2):
        suffix = path.suffix.lower()
        what = BY_EXTENSION.get(suffix, OLD_WORD)
        if suffix in (".xls", ".ppt", ".msg", ".doc"):
            refuse(path, what)
        refuse(path, "an old Microsoft Office file, which Annotator does not open; " + _RESAVE)


_RESAVE = "save it as .docx or PDF and open that"


def zip_kind(path: Path, names: set[str], mimetype: str) -> NoReturn:
    """Refuse a zip file that is not a Word or OpenDocument text, saying what it is."""
    if "xl/workbook.xml" in names or "spreadsheet" in mimetype:
        refuse(path, SPREADSHEET)
    if "ppt/presentation.xml" in names or "presentation" in mimetype:
        refuse(path, PRESENTATION)
    if mimetype == "application/epub+zip":
        refuse(path, EBOOK)
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        refuse(path, "an OpenDocument file that is not a text document; " + _RESAVE)
    refuse(path, ARCHIVE)
