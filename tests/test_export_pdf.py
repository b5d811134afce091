"""The PDF brief (README "The PDF brief"): read back with pypdf, each highlight
annotation lies over its passage's words and carries its note, tag and status."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from annotator.cli import main
from annotator.export import export, pdf_fonts
from annotator.export.brief import BriefOptions
from annotator.model import make_annotation
from tests.test_export_docx import TEXT, make_article, span

UNICODE = (
    "Curly “quotes” and ‘single’ ones — and a dash.\n\n"
    "قال الوزير إن الأرقام صحيحة\n\n"
    "এই প্রতিবেদনটি সংরক্ষিত\n\n"
    "中文的句子。 한국어 문장\n\n"
    "Emoji 😀👍🏽 in a post.\n"
)


def words(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_back(path: Path) -> list[dict]:
    """Each highlight: its page, contents, author and the text set inside its quads."""
    found = []
    for number, page in enumerate(PdfReader(path).pages):
        pieces: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, font, size, pieces=pieces):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((x, y, text))

        page.extract_text(visitor_text=visit)
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation["/Subtype"] != "/Highlight":
                continue
            points = [float(p) for p in annotation["/QuadPoints"]]
            quads = [points[i : i + 8] for i in range(0, len(points), 8)]
            inside = "".join(
                text
                for x, y, text in pieces
                if any(q[0] - 0.5 <= x < q[2] - 0.5 and q[5] <= y <= q[1] for q in quads)
            )
            found.append(
                {
                    "page": number,
                    "contents": str(annotation["/Contents"]),
                    "author": str(annotation.get("/T", "")),
                    "text": inside,
                    "quads": quads,
                }
            )
    return found


def across_article(tmp_path: Path):
    article = make_article(tmp_path)
    text = article.text
    start, _ = span(text, "noise for months")
    _, end = span(text, "Residents have", occurrence=2)
    article.sidecar.annotations.append(
        make_annotation(text, start, end, tag="claim", note="across", status="disputed")
    )
    return article


def test_each_highlight_lies_over_its_passage_and_carries_its_note(tmp_path):
    article = across_article(tmp_path)
    out = tmp_path / "brief.pdf"
    export([article], out, "pdf", options=BriefOptions(page_size="a4"))
    highlights = read_back(out)
    anchored = article.sidecar.anchored()
    assert len(highlights) == len(anchored)
    by_note = {h["contents"].partition("\n")[2]: h for h in highlights}
    for annotation in anchored:
        note = annotation.note.strip().replace("\x00", "\ufffd").replace("\ud800", "\ufffd")
        highlight = by_note[note]
        label = article.sidecar.tag_label(annotation.tag)
        assert highlight["contents"].startswith(f"{label} · ")
        quote = TEXT[annotation.start : annotation.end].replace("\x07", "\ufffd")
        if annotation.tag == "legacy":  # right to left: the whole paragraph is covered
            assert set(words(quote)) <= set(words(highlight["text"]))
        else:
            assert words(highlight["text"]) == words(quote)
    assert by_note["across"]["contents"] == "Claim · DISPUTED\nacross"
    assert by_note["Budget line says 4.8 million."]["contents"].startswith("Figure · DISPUTED")
    author = by_note["Ask the transport office for the contract."]["author"]
    assert author == "Rahima Akter"
    page = PdfReader(out).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_filters_and_letter_paper(tmp_path):
    article = across_article(tmp_path)
    out = tmp_path / "brief.pdf"
    options = BriefOptions(statuses=frozenset({"to-verify"}), page_size="letter")
    export([article], out, "pdf", options=options)
    (highlight,) = read_back(out)
    assert highlight["contents"] == "Claim · TO VERIFY\nAsk the transport office for the contract."
    reader = PdfReader(out)
    assert (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)) == (
        612,
        792,
    )
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Only passages with status to verify." in text
    assert "Budget line says" not in text


def unicode_article(tmp_path: Path):
    article = make_article(tmp_path, with_orphan=False)
    article.document = type(article.document)(tmp_path / "u.txt", UNICODE, "utf-8", "\n")
    article.sidecar.annotations = [
        make_annotation(UNICODE, *span(UNICODE, needle), tag="claim", note=needle)
        for needle in ("“quotes”", "الوزير", "প্রতিবেদনটি", "中文", "😀👍🏽")
    ]
    return article


def test_every_script_makes_a_pdf(tmp_path):
    out = tmp_path / "brief.pdf"
    export([unicode_article(tmp_path)], out, "pdf")
    highlights = read_back(out)
    assert sorted(h["contents"] for h in highlights) == sorted(
        f"Claim · NO STATUS\n{n}" for n in ("“quotes”", "الوزير", "প্রতিবেদনটি", "中文", "😀👍🏽")
    )
    text = PdfReader(out).pages[0].extract_text()
    assert "Curly “quotes”" in text


def test_without_any_font_the_pdf_is_still_written(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_fonts, "_main_fonts", lambda: (None, None))
    out = tmp_path / "brief.pdf"
    export([unicode_article(tmp_path)], out, "pdf")
    text = PdfReader(out).pages[0].extract_text()
    assert "Curly ?quotes?" in text  # Helvetica holds Latin-1 only
    assert len(read_back(out)) == 5


@pytest.mark.parametrize("found", [None, "/nonexistent/font.ttf"])
def test_fonts_fall_back_when_fontconfig_finds_nothing(monkeypatch, found):
    pdf_fonts._main_fonts.cache_clear()
    monkeypatch.setattr(pdf_fonts.shutil, "which", lambda name: found)
    try:
        fonts = pdf_fonts.fonts_for("abc")
        known = [r for r, _ in pdf_fonts._KNOWN if Path(r).is_file()]
        assert fonts.regular == (known[0] if known else None)
    finally:
        pdf_fonts._main_fonts.cache_clear()


def test_the_command_line_writes_a_pdf_brief(tmp_path, capsys):
    path = tmp_path / "bridge.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert main(["add", str(path), "--quote", "less certain", "--note", "Who says?"]) == 0
    out = tmp_path / "brief.pdf"
    assert main(["export", str(path), "-o", str(out), "--page-size", "a4"]) == 0
    (highlight,) = read_back(out)
    assert words(highlight["text"]) == "lesscertain"
    assert highlight["contents"].endswith("\nWho says?")
    capsys.readouterr()


@pytest.mark.parametrize(
    ("text", "shaped"),
    [("Plain English “quotes” — 😀", False), ("Кириллица 中文 한국어", False),
     ("قال الوزير", True), ("עברית", True), ("এই প্রতিবেদনটি", True), ("हिन्दी", True)],
)  # fmt: skip
def test_only_scripts_that_need_it_are_shaped(text, shaped):
    assert pdf_fonts.needs_shaping(text) is shaped


def test_a_latin_only_brief_set_unshaped_still_lies_under_its_highlights(tmp_path):
    text = "First paragraph with a claim in it.\n\nSecond one, “quoted”, and 4.2 million."
    article = make_article(tmp_path, with_orphan=False)
    article.document = type(article.document)(tmp_path / "l.txt", text, "utf-8", "\n")
    article.sidecar.annotations = [
        make_annotation(text, *span(text, "a claim in it.\n\nSecond one"), tag="claim"),
        make_annotation(text, *span(text, "4.2 million"), tag="figure", note="figure"),
    ]
    out = tmp_path / "latin.pdf"
    export([article], out, "pdf")
    found = {h["contents"]: words(h["text"]) for h in read_back(out)}
    assert found == {
        "Claim · NO STATUS": "aclaiminit.Secondone",
        "Figure · NO STATUS\nfigure": "4.2million",
    }
