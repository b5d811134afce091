"""Reading an article file into document text (formats.md §1)."""

from __future__ import annotations

import codecs
import functools
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DIGEST_PIECE = 1 << 18  # code points encoded at a time for the text's digest
MAX_BYTES = 64 * 1024 * 1024  # a 300-page report is about 1 MB; hundreds of MB is not an article

# Checked longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Legacy encodings of other scripts that a detector names reliably. Anything else it
# proposes for bytes that decode cleanly as Windows-1252 (cp1250, cp852, Latin-1, DOS
# and Mac code pages, all of which it confuses with plain English Windows-1252) loses
# to Windows-1252. Latin-1 never wins: it turns smart quotes into control characters.
_OTHER_SCRIPTS = {
    "cp1251",
    "koi8_r",
    "koi8_u",
    "iso8859_5",
    "mac_cyrillic",
    "cp866",  # Cyrillic
    "cp1253",
    "iso8859_7",  # Greek
    "cp1255",
    "iso8859_8",  # Hebrew
    "cp1256",
    "iso8859_6",  # Arabic
    "cp874",
    "tis_620",
    "iso8859_11",  # Thai
    "shift_jis",
    "cp932",
    "euc_jp",
    "iso2022_jp",  # Japanese
    "gb2312",
    "gbk",
    "gb18030",
    "big5",
    "big5hkscs",
    "cp950",  # Chinese
    "euc_kr",
    "cp949",
    "johab",  # Korean
    "cp1258",  # Vietnamese
}

_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
_ALLOWED_CONTROLS = set("\t\n\r\x0b\x0c")


class DocumentError(Exception):
    """An article that cannot be read as text; the message says why, for the user."""


@dataclass(frozen=True)
class Document:
    """An article's document text and how it was read."""

    path: Path
    text: str
    encoding: str
    newline: str  # the file's line ending: "\n", "\r\n" or "\r"

    @functools.cached_property
    def sha256(self) -> str:
        """Hex digest of the document text, UTF-8 encoded (worked out once per read)."""
        return text_digest(self.text)


def text_digest(text: str) -> str:
    """The sidecar's `source.sha256` of a document text."""
    digest = hashlib.sha256()
    # In pieces: each code point is encoded on its own, so the digest is the same, and a
    # thread digesting a long article lets the others run between pieces.
    for start in range(0, len(text), DIGEST_PIECE):
        digest.update(text[start : start + DIGEST_PIECE].encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def read_document(path: Path | str) -> Document:
    """Read and decode an article file; raise DocumentError with a clear message."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise DocumentError(f"{path} is a folder, not a text file")
        if size > MAX_BYTES:
            raise DocumentError(
                f"{path.name} is {size / 2**20:.0f} MB; articles up to "
                f"{MAX_BYTES // 2**20} MB can be opened"
            )
        data = path.read_bytes()
    except DocumentError:
        raise
    except FileNotFoundError:
        raise DocumentError(f"{path} does not exist") from None
    except PermissionError:
        raise DocumentError(f"{path} cannot be read: permission denied") from None
    except OSError as error:
        raise DocumentError(f"{path} cannot be read: {error.strerror or error}") from None
    text, encoding = decode(data, name=path.name)
    return Document(
        path=path, text=normalize_newlines(text), encoding=encoding, newline=detect_newline(text)
    )


def decode(data: bytes, name: str = "the file") -> tuple[str, str]:
    """Decode bytes as text: BOM, then strict UTF-8, then a detector; refuse binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.removesuffix("-sig"))
            except UnicodeDecodeError:
                raise DocumentError(
                    f"{name} starts with a {encoding} mark but is not {encoding} text"
                ) from None
            _refuse_binary(text, name)
            return text, encoding
    if b"\x00" in data:
        raise DocumentError(f"{name} is not a text file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _refuse_binary(text, name)
        return text, "utf-8"
    encoding = _detect_legacy(data)
    if encoding is None:
        raise DocumentError(f"{name} is not a text file: no text encoding explains its bytes")
    text = data.decode(encoding)
    _refuse_binary(text, name)
    return text, encoding


def _detect_legacy(data: bytes) -> str | None:
    """The legacy encoding of bytes that are not UTF-8, or None for binary."""
    import charset_normalizer  # loaded only for the rare file that is not UTF-8

    for match in charset_normalizer.from_bytes(data):
        encoding = codecs.lookup(match.encoding).name.replace("-", "_")
        if encoding.startswith(("utf_16", "utf_32")) or not _ascii_compatible(encoding):
            continue  # no BOM, no NUL bytes: not UTF-16/32; EBCDIC is not a newsroom's
        if encoding not in _OTHER_SCRIPTS and _decodes(data, "cp1252"):
            return "cp1252"
        if encoding in ("latin_1", "iso8859_1"):
            continue
        return encoding
    # Too short or too plain for the detector: Windows-1252 if it explains the bytes.
    return "cp1252" if _decodes(data, "cp1252") else None


def _ascii_compatible(encoding: str) -> bool:
    return _PRINTABLE_ASCII.decode(encoding, "replace") == _PRINTABLE_ASCII.decode("ascii")


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _refuse_binary(text: str, name: str) -> None:
    """Refuse text that is mostly control characters: a binary file decoded by chance."""
    if "\x00" in text:
        raise DocumentError(f"{name} is not a text file (it contains NUL characters)")
    sample = text[:65536]
    controls = sum(  # each distinct character looked up once: a text uses few
        sample.count(ch)
        for ch in set(sample)
        if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in ("Cc", "Cn", "Co")
    )
    if controls > max(2, len(sample) // 100):
        raise DocumentError(f"{name} is not a text file (it is mostly control characters)")


def detect_newline(text: str) -> str:
    """The first line ending of a raw text, or "\\n" when it has none."""
    cr = text.find("\r")
    lf = text.find("\n")
    if cr == -1:
        return "\n"
    if lf == -1 or cr < lf:
        return "\r\n" if lf == cr + 1 else "\r"
    return "\n"


def normalize_newlines(text: str) -> str:
    """Turn \\r\\n and lone \\r into \\n; change nothing else."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
