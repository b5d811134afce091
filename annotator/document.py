"""Reading an article file into document text (formats.md §1)."""

from __future__ import annotations

import codecs
import functools
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

# Double-byte encodings of Chinese, Japanese and Korean (as codecs.lookup names them).
_DOUBLE_BYTE = frozenset(
    ("shift_jis", "cp932", "euc_jp", "iso2022_jp", "shift_jis_2004", "shift_jisx0213",
     "euc_jis_2004", "euc_jisx0213", "gb2312", "gbk", "gb18030", "hz", "big5",
     "big5hkscs", "cp950", "euc_kr", "cp949", "johab")
)  # fmt: skip

# Legacy encodings of other scripts that a detector names reliably in a text of some
# length. Anything else it proposes for bytes that decode cleanly as Windows-1252
# (cp1250, cp852, Latin-1, DOS and Mac code pages, all of which it confuses with plain
# English Windows-1252) loses to Windows-1252. Latin-1 never wins: it turns smart quotes
# into control characters.
_OTHER_SCRIPTS = _DOUBLE_BYTE | {
    "cp1251", "koi8_r", "koi8_u", "iso8859_5", "mac_cyrillic", "cp866",  # Cyrillic
    "cp1253", "iso8859_7",  # Greek
    "cp1255", "iso8859_8",  # Hebrew
    "cp1256", "iso8859_6",  # Arabic
    "cp874", "tis_620", "iso8859_11",  # Thai
    "cp1258",  # Vietnamese
}  # fmt: skip

_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
_FORMATS = " (text, web pages, PDF, Word, OpenDocument text, e-mail)"
_NOT_TEXT = "{name} is not a text file, nor a format Annotator reads" + _FORMATS
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
    # What read it (formats.md §1, "other formats"): "text" for a plain-text file, read
    # here; otherwise the format, its reader's name and version, and the file's digest.
    format: str = "text"
    reader: str = ""
    reader_version: str = ""
    file_sha256: str = ""
    pages: tuple[int, ...] = ()  # a PDF's: the code-point offset where each page starts
    # Source details the format carries (title, outlet, author, ...), for `metadata` keys.
    metadata: dict[str, Any] = field(default_factory=dict, compare=False)

    @functools.cached_property
    def sha256(self) -> str:
        """Hex digest of the document text, UTF-8 encoded (worked out once per read)."""
        return text_digest(self.text)

    @property
    def derived(self) -> bool:
        """True when the text was extracted from another format by a reader."""
        return self.format != "text"


def text_digest(text: str) -> str:
    """The sidecar's `source.sha256` of a document text."""
    import hashlib  # (not before the window's first paint)

    digest = hashlib.sha256()
    # In pieces: each code point is encoded on its own, so the digest is the same, and a
    # thread digesting a long article lets the others run between pieces.
    for start in range(0, len(text), DIGEST_PIECE):
        digest.update(text[start : start + DIGEST_PIECE].encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def read_document(path: Path | str) -> Document:
    """Read and decode a plain-text article file; raise DocumentError with a clear message."""
    path = Path(path)
    return text_document(path, read_bytes(path))


def text_document(path: Path, data: bytes, in_pieces: bool = True) -> Document:
    """The document text of a plain-text file's bytes (formats.md §1).

    `in_pieces`: see `decode`.
    """
    text, encoding = decode(data, name=path.name, in_pieces=in_pieces)
    # The usual file, looked through once, not twice (UTF-8's bytes are looked through
    # faster than 10 MB of text: CR is byte 13 there and nowhere else).
    if b"\r" not in data if encoding == "utf-8" else "\r" not in text:
        return Document(path=path, text=text, encoding=encoding, newline="\n")
    return Document(
        path=path, text=normalize_newlines(text), encoding=encoding, newline=detect_newline(text)
    )


def stamp_of(path: Path) -> tuple[int, int] | None:
    """A file's size and time of change (None: not there), to tell whether it changed."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def read_bytes(path: Path) -> bytes:
    """The bytes of an article file; raise DocumentError with a clear message."""
    try:
        return _read_regular_file(path)
    except DocumentError:
        raise
    except FileNotFoundError:
        raise DocumentError(f"{path} does not exist") from None
    except PermissionError:
        raise DocumentError(f"{path} cannot be read: permission denied") from None
    except OSError as error:
        raise DocumentError(f"{path} cannot be read: {error.strerror or error}") from None


def file_digest(data: bytes) -> str:
    """The sidecar's `source.file_sha256`: the hex digest of a file's bytes."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a plain file of at most MAX_BYTES; anything else is refused unread.

    A pipe, a device or a socket would wait forever or never end: each is refused before
    it is opened, and again on the open descriptor (opened without blocking) in case the
    path was swapped meanwhile.
    """
    _refuse_special(path, path.stat().st_mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb") as stream:
        status = os.fstat(stream.fileno())
        _refuse_special(path, status.st_mode)
        if status.st_size > MAX_BYTES:
            raise DocumentError(_too_big(path, status.st_size))
        # The size it has, and a byte more to tell that it grew: reading up to MAX_BYTES
        # at once costs 5 ms more for 12 MB (a 64 MB buffer made, then shrunk).
        data = stream.read(status.st_size + 1)
        if len(data) > status.st_size:  # a file that grew meanwhile is not read on
            data += stream.read(MAX_BYTES + 1 - len(data))
    if len(data) > MAX_BYTES:
        raise DocumentError(_too_big(path, len(data)))
    return data


def _refuse_special(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise DocumentError(f"{path} is a folder, not a text file")
    what = _NOT_REGULAR.get(stat.S_IFMT(mode), "a special file")
    raise DocumentError(f"{path} is {what}, not a text file")


def _too_big(path: Path, size: int) -> str:
    return (
        f"{path.name} is {size / 2**20:.0f} MB; articles up to "
        f"{MAX_BYTES // 2**20} MB can be opened"
    )


_NOT_REGULAR = {
    stat.S_IFIFO: "a pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def decode(data: bytes, name: str = "the file", in_pieces: bool = True) -> tuple[str, str]:
    """Decode bytes as text: BOM, then strict UTF-8, then a detector; refuse binary.

    `in_pieces`: UTF-8 is decoded a megabyte at a time, so that a thread reading a long
    article lets the window's run; a process of its own (the command line) decodes it in
    one call, in half the time (12 MB: 27 ms against 50).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.removesuffix("-sig"))
            except UnicodeDecodeError:
                raise DocumentError(
                    f"{name} starts with a {encoding} mark but is not {encoding} text"
                ) from None
            if "\x00" in text:
                raise DocumentError(_NOT_TEXT.format(name=name))
            _refuse_binary(text, name)
            return text, encoding
    if b"\x00" in data:  # in UTF-8, NUL is this byte and only this byte
        raise DocumentError(_NOT_TEXT.format(name=name))
    try:
        text = _utf8(data) if in_pieces else data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _refuse_binary(text, name)
        return text, "utf-8"
    encoding = _detect_legacy(data)
    if encoding is None:
        raise DocumentError(_NOT_TEXT.format(name=name))
    text = data.decode(encoding)
    if "\x00" in text:
        raise DocumentError(_NOT_TEXT.format(name=name))
    _refuse_binary(text, name)
    return text, encoding


DECODE_PIECE = 1 << 20  # bytes decoded in one call


def _utf8(data: bytes) -> str:
    """`data.decode("utf-8")`, a megabyte at a time: 12 MB in one call holds the
    interpreter's lock for 25 ms, in which a window's thread cannot run (an article is
    re-read on a worker while she works)."""
    if len(data) <= DECODE_PIECE:
        return data.decode("utf-8")
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    pieces = [
        decoder.decode(view[start : start + DECODE_PIECE])
        for start in range(0, len(data), DECODE_PIECE)
    ]
    pieces.append(decoder.decode(b"", final=True))
    return "".join(pieces)


def _detect_legacy(data: bytes) -> str | None:
    """The legacy encoding of bytes that are not UTF-8, or None for binary."""
    guesses = _guesses(data)
    proposed = _proposed(data, guesses)
    # A detector guesses from letter statistics, and a short text has too few letters:
    # it takes a line of Arabic or of English with curly quotes for Japanese or Chinese.
    # A Windows-1252 or Windows-1256 reading in which every word looks like a word wins
    # over a double-byte guess, and over a guess whose words do not; otherwise the
    # detector decides.
    for encoding in ("cp1252", "cp1256"):
        if encoding == proposed or not _reads_as_words(data, encoding):
            continue
        if proposed is None or proposed in _DOUBLE_BYTE or not _reads_as_words(data, proposed):
            return encoding
        break
    if proposed is None and _decodes(data, "cp1252"):
        # Too short or too plain for the detector: Windows-1252 if it explains the bytes.
        proposed = "cp1252"
    if proposed is not None and not _reads_as_words(data, proposed):
        # A reading whose words are not words ("ùìåí òåìí" for a line of Hebrew): the
        # detector's other guesses, then the common code pages of other scripts, where
        # one of them reads as words.
        for encoding in (*guesses, *_SHORT_TEXT_GUESSES):
            if encoding not in _DOUBLE_BYTE and _reads_as_words(data, encoding):
                return encoding
    return proposed


# The code pages of other scripts a short text is most often in, where the detector had
# too few letters to tell (Cyrillic before Greek: KOI8-R read as Windows-1251, or the
# other way round, mixes small and capital letters, which a reading must not).
_SHORT_TEXT_GUESSES = ("cp1251", "koi8_r", "cp1253", "cp1255", "cp1256", "cp1250")


def _guesses(data: bytes) -> list[str]:
    """The detector's guesses for these bytes, best first, as codecs names them."""
    import charset_normalizer  # loaded only for the rare file that is not UTF-8

    guesses = []
    for match in charset_normalizer.from_bytes(data):
        encoding = codecs.lookup(match.encoding).name.replace("-", "_")
        if encoding.startswith(("utf_16", "utf_32")) or not _ascii_compatible(encoding):
            continue  # no BOM, no NUL bytes: not UTF-16/32; EBCDIC is not a newsroom's
        if encoding not in ("latin_1", "iso8859_1"):
            guesses.append(encoding)
    return guesses


def _proposed(data: bytes, guesses: list[str]) -> str | None:
    """The detector's best guess for these bytes (Windows-1252 for any European one)."""
    for encoding in guesses:
        if encoding not in _OTHER_SCRIPTS and _decodes(data, "cp1252"):
            return "cp1252"
        return encoding
    return None


def _reads_as_words(data: bytes, encoding: str) -> bool:
    """True when `data` decodes in `encoding` and every word of the sample looks like one.

    A word looks wrong when it mixes scripts (Arabic letters among accented Latin ones),
    turns from small letters to capitals on a letter outside ASCII ("ÇáÍßæ"), runs three
    Latin letters outside ASCII together ("ÛÒÉ"), or holds a symbol between its letters
    ("‚±‚ñ"): what a text read in the wrong code page looks like, and real words do not.
    """
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    words = text[:_WORDS_SAMPLE].split()
    return not any(_looks_wrong(word) for word in words if not word.isascii())


def _looks_wrong(word: str) -> bool:
    """True for a word no language writes: a sign of bytes read in the wrong code page."""
    if word.startswith(_NOT_FIRST):
        return True
    scripts = set()
    latin = latin_beyond_ascii = run = capitals = 0
    # Quotes and punctuation around a word are not in it: "«Oui»," is the word "Oui".
    first = next((n for n, char in enumerate(word) if char.isalnum()), len(word))
    last = max((n for n, char in enumerate(word) if char.isalnum()), default=-1)
    before = ""  # the letter just before, or "" after anything else
    marked = False  # whether a mark may come next: after a letter or a mark
    for position, char in enumerate(word):
        category = unicodedata.category(char)
        if char in _NEVER_IN_WORDS:
            return True
        if category[0] == "M":
            if not marked:
                return True
            continue
        marked = category[0] == "L"
        if marked:
            beyond_ascii = not char.isascii()
            script = unicodedata.name(char, "?").split()[0] if beyond_ascii else "LATIN"
            scripts.add(script)
            if script == "LATIN":
                latin += 1
                latin_beyond_ascii += beyond_ascii
            run = run + 1 if script == "LATIN" and beyond_ascii else 0
            if run >= 3 or before in _WORD_FINAL:
                return True
            if not (char + before).isascii() and (
                (category == "Lu" and before.islower()) or (category == "Ll" and capitals >= 2)
            ):
                return True  # a capital after a small letter, or a small one after capitals
            capitals = capitals + 1 if category == "Lu" else 0
            before = char
            continue
        run = capitals = 0
        before = ""
        inside = first < position < last
        if char.isascii():
            if char in _NOT_IN_PROSE or (inside and char in "[]<>"):
                return True
        elif category[0] == "P" and inside and category != "Pd" and char not in _BY_WORDS:
            return True
        elif category[0] in "SNC" and category != "Nd" and char not in _BY_WORDS:
            neighbours = word[max(position - 1, 0) : position + 2]
            if category[0] == "C" or any(n.isalpha() for n in neighbours):
                return True  # a sign stuck to a letter ("½ٌجى"), a soft hyphen astray
    return len(scripts) > 1 or latin_beyond_ascii == latin > 1


# Arabic and Hebrew letters that only end a word: a letter after one means misread bytes.
_WORD_FINAL = frozenset("\u0629\u0649ךםןףץ")  # teh marbuta, alef maksura; Hebrew finals
# A bare hamza does not begin a word (it sits on an alef there).
_NOT_FIRST = ("\u0621",)
# Besides letters, marks, digits and dashes, what may stand inside or beside a word
# (with the joiners and direction marks of Persian and Arabic, and the soft hyphen).
_BY_WORDS = frozenset("’‘·°…™®©¹²³\u200c\u200d\u200e\u200f\xad")
# ASCII that prose does not mix with letters beyond ASCII, and double-byte text read as a
# single-byte code page is full of.
_NOT_IN_PROSE = frozenset("\\^_`{|}~")
# Windows-1252 signs that prose never attaches to a word.
_NEVER_IN_WORDS = frozenset("ƒ†‡ˆ‰‹›˜¤¦¨¯´¸")
_WORDS_SAMPLE = 65536  # characters whose words are looked at


def _ascii_compatible(encoding: str) -> bool:
    return _PRINTABLE_ASCII.decode(encoding, "replace") == _PRINTABLE_ASCII.decode("ascii")


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _refuse_binary(text: str, name: str) -> None:
    """Refuse text that is mostly control characters: a binary file decoded by chance
    (one holding NUL is refused before: looking for it in 10 MB of text costs 5 ms)."""
    sample = text[:65536]
    # Only control characters count: a character this Python's Unicode tables do not know
    # yet (an emoji newer than they are) or one for private use is still text.
    controls = sum(  # each distinct character looked up once: a text uses few
        sample.count(ch)
        for ch in set(sample)
        if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    if controls > max(2, len(sample) // 100):
        raise DocumentError(
            f"{name} is not a text file (it is mostly control characters), nor a format "
            f"Annotator reads{_FORMATS}"
        )


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
