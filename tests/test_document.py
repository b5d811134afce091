"""Reading article files into document text (formats.md §1)."""

from __future__ import annotations

import codecs
import os
import socket
import time

import pytest

from annotator.document import MAX_BYTES, DocumentError, read_document, text_digest
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
    with pytest.raises(DocumentError, match="folder"):
        read_document(tmp_path)


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
