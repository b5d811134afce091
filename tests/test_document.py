"""Reading article files into document text (formats.md §1)."""

from __future__ import annotations

import codecs
import os
import socket
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import document
from annotator.document import MAX_BYTES, DocumentError, decode, read_document, text_digest
from tests.texts import ARABIC, SCRAPED, WINDOWS_1252


def write(tmp_path, data: bytes, name: str = "article.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_is_read_as_is(tmp_path):
    document = read_document(write(tmp_path, SCRAPED.encode("utf-8")))
    assert document.text == SCRAPED
    assert document.encoding == "utf-8"
    assert document.newline == "\n"


@pytest.mark.parametrize(
    ("bom", "codec", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_a_bom_decides_and_is_removed(tmp_path, bom, codec, encoding):
    crlf = ARABIC.replace("\n", "\r\n")
    document = read_document(write(tmp_path, bom + crlf.encode(codec)))
    assert document.text == ARABIC
    assert document.encoding == encoding
    assert document.newline == "\r\n"


def test_windows_1252_wins_over_what_a_detector_proposes(tmp_path):
    document = read_document(write(tmp_path, WINDOWS_1252.encode("cp1252")))
    assert document.encoding == "cp1252"
    assert document.text == WINDOWS_1252.replace("\r\n", "\n")
    assert "“it’s naïve" in document.text


def test_a_short_windows_1252_file_is_not_taken_for_another_code_page(tmp_path):
    document = read_document(write(tmp_path, "“Yes.”".encode("cp1252")))
    assert document.text == "“Yes.”"


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (
            "قال وزير المالية إن الأرقام الرسمية صحيحة، وأضاف أن الحكومة ستنشر "
            "التقرير الكامل الأسبوع المقبل بعد مراجعته.\n",
            "cp1256",
        ),
        (
            "Министр финансов заявил, что официальные цифры верны и правительство "
            "опубликует полный отчёт на следующей неделе.\n",
            "koi8_r",
        ),
    ],
)
def test_legacy_encodings_of_other_scripts_are_detected(tmp_path, text, codec):
    document = read_document(write(tmp_path, text.encode(codec)))
    assert document.text == text
    assert document.encoding == codec


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Привет, мир! Это короткая статья.\n", "koi8_r"),  # the detector says Japanese
        ("Γειά σου κόσμε, σύντομο άρθρο.\n", "cp1253"),  # it says Windows-1251 first
    ],
)
def test_a_short_line_of_another_script_is_not_read_as_western_or_wrong_cyrillic(
    tmp_path, text, codec
):
    document = read_document(write(tmp_path, text.encode(codec)))
    assert (document.text, document.encoding) == (text, codec)


def test_lone_carriage_returns_become_newlines_and_nothing_else_changes(tmp_path):
    raw = "  Tabs\tstay\rcafe\u0301 stays decomposed\r\n\r\ntrailing  "
    document = read_document(write(tmp_path, raw.encode("utf-8")))
    assert document.text == "  Tabs\tstay\ncafe\u0301 stays decomposed\n\ntrailing  "
    assert document.newline == "\r"


def test_empty_file_is_an_empty_document(tmp_path):
    document = read_document(write(tmp_path, b""))
    assert document.text == ""
    assert document.sha256 == text_digest("")


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4,
        b"plain words then a NUL\x00 byte",
        bytes(range(1, 32)) * 40,
    ],
    ids=["zip", "nul", "controls"],
)
def test_binary_files_are_refused_with_a_clear_message(tmp_path, data):
    with pytest.raises(DocumentError, match="not a text file"):
        read_document(write(tmp_path, data))


def test_a_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(MAX_BYTES + 1)  # sparse: costs no disk and no time
    with pytest.raises(DocumentError, match="MB"):
        read_document(path)


def test_missing_file_and_folder_are_refused(tmp_path):
    with pytest.raises(DocumentError, match="does not exist"):
        read_document(tmp_path / "nope.txt")
    folder = tmp_path / "story"  # a name that says nothing of folders
    folder.mkdir()
    with pytest.raises(DocumentError, match=r"story is a folder, not a text file$"):
        read_document(folder)


def test_digest_is_of_the_utf8_document_text(tmp_path):
    import hashlib

    document = read_document(write(tmp_path, b"\xef\xbb\xbfline\r\n"))
    assert document.sha256 == hashlib.sha256(b"line\n").hexdigest()


@pytest.mark.parametrize(
    "text",
    [
        "Fans replied with pink hearts 🩷🩷🩷 to the post.",  # emoji newer than Python 3.11's tables
        "Logo: \ue000\ue001\ue002 (a private-use font)",
        "🫨🫸🫷🪼🪭🩵🩶",  # nothing but recent emoji
    ],
)
def test_valid_unicode_is_never_refused_as_control_characters(tmp_path, text):
    assert read_document(write(tmp_path, text.encode("utf-8"))).text == text


def test_control_characters_in_valid_utf8_are_still_refused(tmp_path):
    with pytest.raises(DocumentError, match="control characters"):
        read_document(write(tmp_path, ("\x1b[2J\x07\x08" * 50).encode("utf-8")))


SHORT_WINDOWS_1252 = ["It’s.", "It’s done.", "Ça va?", "über", "Où?", "“Yes.”", "£20", "déjà vu"]
SHORT_ARABIC = [
    "قال الوزير",
    "الحكومة",
    "شكرا جزيلا",
    "وزارة الصحة",
    "عاجل: انفجار",
    "بيروت",
    "نعم",
    "القاهرة 19",
    "المتحدث باسم",
    "أخبار اليوم.",
    "مصدر؟",
    "لا تعليق",
    "رئيس الوزراء",
    "غزة",
    "مجلس النواب",
    "أن",
    "في",
]


@pytest.mark.parametrize(
    ("text", "codec"),
    [(text, "cp1252") for text in SHORT_WINDOWS_1252] + [(text, "cp1256") for text in SHORT_ARABIC],
)
def test_short_windows_files_are_not_taken_for_double_byte_text(tmp_path, text, codec):
    assert len(text) < 20
    document = read_document(write(tmp_path, text.encode(codec)))
    assert (document.text, document.encoding) == (text, codec)


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("日本語のテキスト", "cp932"),
        ("総理大臣", "cp932"),
        ("ニュース", "cp932"),
        ("新聞報導", "big5"),
        (
            "総理大臣は今日の記者会見で新しい経済政策を発表しました。政府は来年の予算を"
            "増やす方針です。",
            "euc_jp",
        ),
        ("中华人民共和国国务院今天发布了新的经济政策，记者会见在北京举行。", "gb18030"),
        ("대한민국 정부는 오늘 기자회견에서 새로운 경제 정책을 발표했습니다.", "euc_kr"),
    ],
)
def test_double_byte_text_is_still_read_as_such(tmp_path, text, codec):
    document = read_document(write(tmp_path, text.encode(codec)))
    assert document.text == text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX pipes")
def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(DocumentError, match="is a pipe, not a text file"):
        read_document(fifo)
    assert time.monotonic() - started < 2


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_refused_without_reading_it():
    with pytest.raises(DocumentError, match="is a device, not a text file"):
        read_document("/dev/zero")


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")
def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(DocumentError, match="is a socket, not a text file"):
            read_document(path)


# At the limits: size, control characters, and what a detector may propose


def test_a_file_of_exactly_the_size_limit_is_read_and_one_byte_more_is_not(tmp_path, monkeypatch):
    from annotator import document

    monkeypatch.setattr(document, "MAX_BYTES", 2 * 2**20)
    exact = write(tmp_path, b"a" * (2 * 2**20), "exact.txt")
    assert len(read_document(exact).text) == 2 * 2**20
    over = write(tmp_path, b"a" * (2 * 2**20 + 1), "over.txt")
    with pytest.raises(
        DocumentError, match=r"^over.txt is 2 MB; articles up to 2 MB can be opened$"
    ):
        read_document(over)


@pytest.mark.parametrize(
    ("controls", "length", "refused"),
    [(2, 40, False), (3, 40, True), (10, 1000, False), (11, 1000, True)],
)
def test_one_control_character_in_a_hundred_is_text_and_more_is_binary(
    tmp_path, controls, length, refused
):
    data = ("\x01" * controls + "a" * (length - controls)).encode("utf-8")
    path = write(tmp_path, data)
    if refused:
        with pytest.raises(DocumentError, match="mostly control characters"):
            read_document(path)
    else:
        assert read_document(path).text.count("\x01") == controls


def test_tabs_and_line_breaks_are_not_control_characters(tmp_path):
    text = "\t\n\x0b\x0c\r" * 200 + "words"
    assert read_document(write(tmp_path, text.encode("utf-8"))).text.endswith("words")


def test_only_the_first_64k_characters_are_judged(tmp_path):
    text = "a" * 65536 + "\x01" * 5000
    assert read_document(write(tmp_path, text.encode("utf-8"))).text.endswith("\x01")


def test_a_bom_followed_by_binary_is_refused(tmp_path):
    with pytest.raises(DocumentError, match="control characters"):
        read_document(write(tmp_path, codecs.BOM_UTF8 + bytes(range(1, 32)) * 10))
    with pytest.raises(DocumentError, match="starts with a utf-16-le mark but is not"):
        read_document(write(tmp_path, codecs.BOM_UTF16_LE + b"\x00\xd8"))


class _Match:
    def __init__(self, encoding: str) -> None:
        self.encoding = encoding


def proposing(monkeypatch, *encodings: str) -> None:
    """Make the detector propose these encodings, best first."""
    import charset_normalizer

    monkeypatch.setattr(
        charset_normalizer, "from_bytes", lambda data: [_Match(e) for e in encodings]
    )


NOT_CP1252 = "Он сказал: всё.".encode("cp1251") + b"\x81"  # 0x81 means nothing in cp1252


def test_latin_1_never_wins_even_when_proposed_first(tmp_path, monkeypatch):
    proposing(monkeypatch, "latin_1", "iso8859-1", "cp1251")
    document = read_document(write(tmp_path, NOT_CP1252))
    assert document.encoding == "cp1251"
    proposing(monkeypatch, "latin_1")
    with pytest.raises(DocumentError, match="is not a text file, nor a format Annotator reads"):
        read_document(write(tmp_path, NOT_CP1252))  # refused: never read as Latin-1


def test_windows_1252_wins_over_a_european_code_page_only_where_it_decodes(tmp_path, monkeypatch):
    proposing(monkeypatch, "cp1250")
    assert read_document(write(tmp_path, WINDOWS_1252.encode("cp1252"))).encoding == "cp1252"
    czech = "Žluťoučký kůň".encode("cp1250")  # ť is 0x9d, which cp1252 lacks
    assert read_document(write(tmp_path, czech)).encoding == "cp1250"


def test_another_scripts_code_page_is_kept_even_where_windows_1252_decodes(tmp_path, monkeypatch):
    proposing(monkeypatch, "windows-1251")
    russian = "Министр заявил".encode("cp1251")
    assert _decodes_as_cp1252(russian)
    document = read_document(write(tmp_path, russian))
    assert (document.encoding, document.text) == ("cp1251", "Министр заявил")


def _decodes_as_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def test_proposals_no_newsroom_uses_are_passed_over(tmp_path, monkeypatch):
    proposing(monkeypatch, "utf_16_le", "utf-32", "cp037", "koi8-r")
    document = read_document(write(tmp_path, "Министр".encode("koi8_r")))
    assert document.encoding == "koi8_r"


def test_with_nothing_proposed_windows_1252_is_used_if_it_explains_the_bytes(tmp_path, monkeypatch):
    proposing(monkeypatch)
    assert read_document(write(tmp_path, "“Yes.”".encode("cp1252"))).encoding == "cp1252"
    # Bytes Windows-1252 leaves undefined are Persian letters in Windows-1256: text.
    assert read_document(write(tmp_path, b"\x81\x8d\x8f\x90\x9d" * 10)).encoding == "cp1256"


@pytest.mark.parametrize(
    ("raw", "newline"),
    [("a\nb\r\nc", "\n"), ("a\r\nb\nc", "\r\n"), ("a\rb\nc", "\r"), ("a\r", "\r"),
     ("abc", "\n"), ("a\n\rb", "\n")],
)  # fmt: skip
def test_the_first_line_ending_is_the_files(tmp_path, raw, newline):
    document = read_document(write(tmp_path, raw.encode("utf-8")))
    assert document.newline == newline
    assert "\r" not in document.text


def test_an_unreadable_path_says_why(tmp_path):
    with pytest.raises(DocumentError, match=r"cannot be read: File name too long$"):
        read_document(tmp_path / ("a" * 300))


def test_a_proposal_that_cannot_even_read_plain_ascii_is_passed_over(tmp_path, monkeypatch):
    proposing(monkeypatch, "utf-7", "koi8-r")
    assert read_document(write(tmp_path, "Министр".encode("koi8_r"))).encoding == "koi8_r"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"plain\x00", "article.txt is not a text file, nor a format Annotator reads"),
        (codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"), "article.txt is not a text file"),
        (codecs.BOM_UTF32_BE + b"\xff\xff\xff\xff", "starts with a utf-32-be mark but is not"),
        (bytes(range(1, 32)) * 10, "article.txt is not a text file (it is mostly control"),
        (b"\x01\x02\x03" * 20 + b"caf\xe9", "article.txt is not a text file (it is mostly control"),
    ],
)
def test_refusals_name_the_file_and_the_reason(tmp_path, monkeypatch, data, message):
    proposing(monkeypatch)
    with pytest.raises(DocumentError) as refused:
        read_document(write(tmp_path, data))
    assert message in str(refused.value)
    assert str(refused.value).startswith("article.txt ")


def test_bytes_decoded_without_a_file_name_are_called_the_file():
    with pytest.raises(DocumentError, match=r"^the file is not a text file, nor a format"):
        decode(b"a\x00b")


def test_the_64k_judged_reach_exactly_to_their_end(tmp_path):
    text = "\x01" * 655 + "a" * (65536 - 655) + "\x01"  # 655 in the first 65,536: 1%
    assert read_document(write(tmp_path, text.encode("utf-8"))).text == text


def test_only_the_first_bom_is_removed(tmp_path):
    document = read_document(write(tmp_path, codecs.BOM_UTF8 * 2 + b"text"))
    assert document.text == "\ufefftext"
    assert document.path == tmp_path / "article.txt"


def test_a_permission_error_says_permission_denied(tmp_path, monkeypatch):

    path = write(tmp_path, b"text")

    def refuse(name, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(name))

    monkeypatch.setattr("annotator.document.os.open", refuse)
    with pytest.raises(DocumentError, match=rf"^{path} cannot be read: permission denied$"):
        read_document(path)


def test_the_digest_of_text_with_a_lone_surrogate_is_stable():
    assert text_digest("a\ud800") == text_digest("a\ud800")
    assert text_digest("a\ud800") != text_digest("a")


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(st.sampled_from("aé€😀ج\n ")),
    damage=st.one_of(
        st.none(), st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=2))
    ),
)
def test_a_long_file_decoded_a_piece_at_a_time_reads_as_in_one_call(text, damage):
    """Pieces of 7 bytes (a megabyte in use): characters cut between two pieces, and bytes
    that are not UTF-8 anywhere, give what one decode gives, or its refusal."""
    data = text.encode("utf-8")
    if damage is not None and data:
        at, wrong = damage
        at %= len(data)
        data = data[:at] + wrong + data[at + 1 :]
    kept = document.DECODE_PIECE
    document.DECODE_PIECE = 7
    try:
        try:
            expected = data.decode("utf-8")
        except UnicodeDecodeError:
            with pytest.raises(UnicodeDecodeError):
                document._utf8(data)
        else:
            assert document._utf8(data) == expected
    finally:
        document.DECODE_PIECE = kept


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(st.sampled_from("aé€😀ج\n\r \x00\x01")),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)
def test_a_file_decoded_in_one_call_is_the_document_read_in_pieces(text, encoding):
    """What the command line reads (`in_pieces=False`) is what the window reads: the same
    text, encoding and line ending, or the same refusal."""
    data = text.encode(encoding, "replace")
    kept = document.DECODE_PIECE
    document.DECODE_PIECE = 7
    try:
        read = []
        for in_pieces in (True, False):
            try:
                read.append(document.text_document(Path("a.txt"), data, in_pieces=in_pieces))
            except DocumentError as error:
                read.append(str(error))
    finally:
        document.DECODE_PIECE = kept
    assert read[0] == read[1]


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="Linux's /proc")
def test_a_file_longer_than_its_size_says_is_read_whole():
    """/proc/self/status says it holds 0 bytes; so does a file that grows as it is read."""
    path = Path("/proc/self/status")
    assert path.stat().st_size == 0
    data = document.read_bytes(path)
    assert data.startswith(b"Name:") and data.endswith(b"\n") and b"\nPid:" in data
