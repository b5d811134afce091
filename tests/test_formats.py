"""Readers by format (annotator/formats): office files made by LibreOffice, e-mail, the
registry's refusals, and the contract for derived text (formats.md §1, other formats)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from annotator import store
from annotator.article import open_article
from annotator.cli import main
from annotator.document import DocumentError, file_digest
from annotator.formats import file_filter, read_source
from annotator.formats.registry import SUPPORTED

SOURCES = Path(__file__).parent / "data" / "sources"  # see scripts/make_source_fixtures.py
TITLE = "Council overspent on the harbour bridge by a third"
EMOJI_QUOTE = "published on Tuesday 🌉"
ARABIC_QUOTE = "قال رئيس المجلس إن التكاليف ارتفعت"
OFFICE = ["article.docx", "article.odt", "article.pdf"]


def copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copy(SOURCES / name, target)
    return target


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", OFFICE)
def test_office_files_read_with_their_title_and_author(tmp_path, name):
    document = read_source(copy(tmp_path, name))
    assert document.format == Path(name).suffix[1:]
    assert document.metadata["title"] == TITLE
    assert document.metadata["author"] == "Ines Moreau"
    assert "40% more than the council promised" in document.text
    assert "The council has until the end of January" in document.text
    assert "\n\n\n" not in document.text  # one blank line between paragraphs
    # A paragraph is one line, wrapped by whoever shows it (a PDF's lines are joined).
    assert "promised when work began in 2024, according to the auditor's" in document.text


@pytest.mark.parametrize("name", ["article.docx", "article.odt"])
def test_tables_are_text_row_by_row(tmp_path, name):
    text = read_source(copy(tmp_path, name)).text
    assert "Year\tBudget\tSpent\n2024\t£13.3m\t£9.1m\n2025\t—\t£9.5m" in text


@pytest.mark.parametrize("name", OFFICE)
@pytest.mark.parametrize("quote", [EMOJI_QUOTE, ARABIC_QUOTE])
def test_offsets_are_code_points_with_emoji_and_arabic(capsys, tmp_path, name, quote):
    path = copy(tmp_path, name)
    code, out, err = run(capsys, "add", path, "--quote", quote)
    assert (code, err) == (0, "")
    code, out, _ = run(capsys, "list", path, "--json")
    (row,) = json.loads(out)
    text = read_source(path).text
    assert text[row["start"] : row["end"]] == quote
    assert row["start"] == text.index(quote)  # Python's str index: code points
    if "🌉" in text[: row["start"]]:
        assert len(text[: row["start"]].encode("utf-16-le")) // 2 > row["start"]


def test_a_pdf_keeps_where_each_page_starts_and_the_brief_says_the_page(capsys, tmp_path):
    path = copy(tmp_path, "article.pdf")
    document = read_source(path)
    assert document.pages[0] == 0
    assert document.pages[1] == document.text.index("On the second page")
    assert run(capsys, "add", path, "--quote", "a fixed price for steel")[0] == 0
    assert run(capsys, "add", path, "--quote", EMOJI_QUOTE)[0] == 0
    out = tmp_path / "brief.md"
    assert run(capsys, "export", path, "-o", out)[0] == 0
    brief = out.read_text(encoding="utf-8")
    assert "p. 2, paragraph" in brief
    assert "p. 1, paragraph" in brief


def test_the_sidecar_records_format_reader_and_both_digests(capsys, tmp_path):
    path = copy(tmp_path, "article.pdf")
    before = path.read_bytes(), path.stat().st_mtime_ns
    assert run(capsys, "add", path, "--quote", "a fixed price for steel")[0] == 0
    source = json.loads(store.beside(path).read_text(encoding="utf-8"))["source"]
    document = read_source(path)
    import pypdf

    assert source["format"] == "pdf"
    assert source["reader"] == {"name": "pypdf", "version": pypdf.__version__}
    assert source["file_sha256"] == file_digest(path.read_bytes())
    assert source["sha256"] == document.sha256 != source["file_sha256"]
    assert source["pages"] == list(document.pages)
    assert source["length"] == len(document.text)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before  # never written


def test_a_plain_text_sidecar_records_no_reader(capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("A plain article with a claim in it.\n", encoding="utf-8")
    assert run(capsys, "add", path, "--quote", "claim")[0] == 0
    source = json.loads(store.beside(path).read_text(encoding="utf-8"))["source"]
    assert not {"format", "reader", "file_sha256", "pages"} & set(source)


def test_a_scan_and_a_locked_pdf_each_get_one_clear_line(capsys, tmp_path):
    for name, message in [
        ("scan.pdf", "scan.pdf has no text layer (a scan); run it through OCR first"),
        ("locked.pdf", "locked.pdf is protected by a password; open it in a PDF reader with "
         "the password, save an unprotected copy and open that"),
    ]:  # fmt: skip
        path = copy(tmp_path, name)
        code, out, err = run(capsys, "list", path)
        assert (code, out, err) == (1, "", f"annotator: {message}\n")
        assert not store.beside(path).exists()


def test_a_pdf_locked_only_against_copying_and_printing_opens(tmp_path):
    path = copy(tmp_path, "restricted.pdf")
    document = read_source(path)
    assert "a fixed price for steel" in document.text
    assert document.text == read_source(copy(tmp_path, "article.pdf")).text


def test_refused_kinds_are_named_never_as_bytes(tmp_path):
    cases = {
        "budget.xlsx": (_zip({"xl/workbook.xml": "<workbook/>"}), "budget.xlsx is a spreadsheet, which Annotator does not open"),
        "sheet.bin": (_zip({"xl/workbook.xml": "<workbook/>"}), "sheet.bin is a spreadsheet"),
        "slides.pptx": (b"anything", "slides.pptx is a presentation"),
        "photo.txt": (b"\x89PNG\r\n\x1a\n" + bytes(100), "photo.txt is an image, which has no text to mark; run it through OCR first"),
        "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old.doc is an old Word document (.doc)"),
        "notes.zip": (_zip({"a.txt": "x"}), "notes.zip is an archive; unpack it"),
        "broken.pdf": (b"%PDF-1.7\n garbage", "broken.pdf is a damaged PDF that cannot be read"),
        "data.bin": (bytes(range(256)) * 4, "data.bin is not a text file, nor a format Annotator reads"),
    }  # fmt: skip
    for name, (data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(DocumentError) as raised:
            read_source(path)
        assert str(raised.value).startswith(message), name
        assert "NUL" not in str(raised.value)


def _zip(parts: dict[str, str]) -> bytes:
    from io import BytesIO

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_a_misnamed_office_file_is_read_by_what_it_is(tmp_path):
    path = tmp_path / "download"
    path.write_bytes((SOURCES / "article.docx").read_bytes())
    assert read_source(path).format == "docx"
    page = tmp_path / "page.dat"
    page.write_text("<!DOCTYPE html><html><head><title>T</title></head><body>"
                    + "<p>An article paragraph that is long enough to keep.</p>" * 5
                    + "</body></html>", encoding="utf-8")  # fmt: skip
    assert read_source(page).format == "html"


def make_email(path: Path) -> None:
    message = EmailMessage()
    message["From"] = "Rahima Akter <rahima@example.org>"
    message["To"] = "desk@harbourtimes.example"
    message["Subject"] = "Tip: الميناء contract figures 📎"
    message["Date"] = "Tue, 25 Nov 2026 09:30:00 +0000"
    message["Organization"] = "Harbour Watch"
    message.set_content(
        "Hello,\n\nThe contract was signed on 3 March 🚢 and the figures do not add up.\n\n"
        "قال المقاول إن السعر تغير مرتين.\n\nRahima\n"
    )
    message.add_alternative("<p>Hello,</p><p>HTML copy of the same.</p>", subtype="html")
    message.add_attachment(
        b"SECRET ATTACHMENT BYTES", maintype="application", subtype="pdf",
        filename="contract.pdf",
    )  # fmt: skip
    path.write_bytes(bytes(message))


def test_an_email_gives_headers_body_and_attachments_listed_not_opened(capsys, tmp_path):
    path = tmp_path / "tip.eml"
    make_email(path)
    document = read_source(path)
    text = document.text
    assert text.startswith("From: Rahima Akter <rahima@example.org>\nTo: desk@harbourtimes.example")
    assert "Subject: Tip: الميناء contract figures 📎" in text
    assert "The contract was signed on 3 March 🚢 and the figures do not add up." in text
    assert "HTML copy" not in text  # the plain body is the text
    assert "Attachments (not opened):\n- contract.pdf (application/pdf, 23 bytes)" in text
    assert "SECRET" not in text
    assert document.metadata == {
        "title": "Tip: الميناء contract figures 📎",
        "author": "Rahima Akter",
        "outlet": "Harbour Watch",
        "published": "2026-11-25",
    }
    for quote in ("3 March 🚢 and the figures", "قال المقاول إن السعر"):
        assert run(capsys, "add", path, "--quote", quote)[0] == 0
    _, out, _ = run(capsys, "list", path, "--json")
    for row in json.loads(out):
        assert text[row["start"] : row["end"]] == row["quote"]


def test_same_bytes_same_reader_same_text_in_another_process(tmp_path):
    code = (
        "import sys; from annotator.formats import read_source; "
        "print(read_source(sys.argv[1]).sha256)"
    )
    for name in OFFICE:
        path = copy(tmp_path, name)
        digests = {
            subprocess.run(
                [sys.executable, "-c", code, str(path)],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONHASHSEED": seed},
            ).stdout
            for seed in ("1", "2")
        }
        assert digests == {read_source(path).sha256 + "\n"}


def test_a_newer_reader_with_other_text_reanchors_and_flags_for_review(
    capsys, tmp_path, monkeypatch
):
    path = copy(tmp_path, "article.docx")
    assert run(capsys, "add", path, "--quote", "a fixed price for steel")[0] == 0
    from annotator.formats import word

    real = word.DocxReader.read

    def newer(self, file, data):
        document = real(self, file, data)
        return document.__class__(
            **{**document.__dict__, "text": "Editor's note.\n\n" + document.text,
               "reader_version": "99.0"}
        )  # fmt: skip

    monkeypatch.setattr(word.DocxReader, "read", newer)
    article = open_article(path)
    (passage,) = article.sidecar.annotations
    assert passage.anchor == "moved" and passage.review["anchor"] == "moved"
    assert article.text[passage.start : passage.end] == "a fixed price for steel"
    assert article.reader_changed.startswith("python-docx ")
    article.save()
    source = json.loads(store.beside(path).read_text(encoding="utf-8"))["source"]
    assert source["reader"]["version"] == "99.0"


def test_the_open_filter_names_every_supported_extension():
    every = file_filter().split(";;")[0]
    for ext in (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".odt", ".eml"):
        assert ext in SUPPORTED
        assert f"*{ext}" in every


def test_the_readers_libraries_load_only_when_a_file_of_theirs_is_opened(tmp_path):
    heavy = ("trafilatura", "pypdf", "odfdo", "docx", "justext", "htmldate")
    code = (
        "import json, sys\n"
        "import annotator.article, annotator.formats, annotator.cli\n"
        "from annotator.article import open_article\n"
        f"before = sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})\n"
        "open_article(sys.argv[1])\n"
        f"after = sorted(m.split('.')[0] for m in sys.modules if m.split('.')[0] in {heavy!r})\n"
        "print(json.dumps([before, sorted(set(after))]))\n"
    )
    path = copy(tmp_path, "article.pdf")
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    before, after = json.loads(result.stdout)
    assert before == []
    assert after == ["pypdf"]
