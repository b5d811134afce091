"""Held-out checks on files the project never tuned anything on: saved news pages from
four outlets (tests/data/pages/README.md), and a page saved the way a browser saves one."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import docx
import pytest

from annotator.cli import main

PAGES = Path(__file__).parent / "data" / "pages"

# (file, a sentence from the middle of the benchmark's article body, title, outlet)
HELD_OUT = [
    ("aljazeera", "It was not possible to independently verify the group's claim.",
     "US service members killed in Afghanistan helicopter crash", "Al Jazeera"),
    ("ap", "In a reflection of the confusion, the Electoral Commission, which regulates "
     "campaign finances, issued a statement",
     "UK Tories under fire for Twitter name switch during debate", None),
    ("sciencealert", "For many years, scientists have suspected that there's water on "
     "Europa's surface, and several observations appear to back up that suspicion.",
     "NASA Just Confirmed There Are Water Plumes Above The Surface of Jupiter's Moon Europa",
     "ScienceAlert"),
    ("foxnews", "The actor shared a clip of his wife getting her first ultrasound with "
     "their other children in attendance.",
     "James Van Der Beek eliminated from 'Dancing with the Stars' after announcing wife "
     "suffered miscarriage", "Fox News"),
]  # fmt: skip


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def saved(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.html"
    path.write_bytes(gzip.decompress((PAGES / f"{name}.html.gz").read_bytes()))
    return path


def brief_heading(path: Path) -> tuple[str, str]:
    paragraphs = docx.Document(str(path)).paragraphs
    heading = next(p for p in paragraphs if p.style.name == "Heading 1")
    return heading.text, paragraphs[paragraphs.index(heading) + 1].text


@pytest.mark.parametrize(("name", "quote", "title", "outlet"), HELD_OUT)
def test_a_saved_news_page(capsys, tmp_path, name, quote, title, outlet):
    page = saved(tmp_path, name)
    before = page.read_bytes()
    code, _out, err = run(capsys, "add", page, "--quote", quote, "--note", "check this")
    assert (code, err) == (0, "")
    _, listed, _ = run(capsys, "list", page, "--json")
    (row,) = json.loads(listed)
    assert row["quote"] == quote and row["anchor"] == "exact"
    brief = tmp_path / "brief.docx"
    assert run(capsys, "export", page, "-o", brief)[0] == 0
    heading, provenance = brief_heading(brief)
    assert heading == title
    if outlet:
        assert f"Outlet: {outlet}" in provenance
    assert "<" not in heading and "&" not in provenance.replace("&amp;", "")
    assert page.read_bytes() == before


def test_a_page_saved_by_a_browser_with_entities_arabic_and_emoji(capsys, tmp_path):
    page = tmp_path / "bridge.htm"
    paragraphs = [
        "The harbour bridge cost &pound;18.6&nbsp;million, 40% more than promised 🌉, "
        "the auditor said in a report published on Tuesday morning.",
        "قال رئيس المجلس إن التكاليف ارتفعت بسبب أسعار الصلب 🙂 في العام الماضي، وإن "
        "المجلس سيطلب من المقاول إعادة جزء من المبلغ.",
        "The council has until the end of January to answer the auditor's report in "
        "writing, and the mayor has promised to publish the answer.",
    ]
    page.write_text(
        "<!-- saved from url=(0042)https://harbourtimes.example/news/bridge -->\n"
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        "<title>Bridge overspent by a third | Harbour Times</title>"
        '<meta property="og:site_name" content="Harbour Times">'
        '<meta name="author" content="Ines Moreau"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        "<article><h1>Bridge overspent by a third</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article><footer>© 2026 Harbour Times</footer></body></html>",
        encoding="utf-8",
    )
    for quote in ("£18.6\u00a0million, 40% more than promised 🌉",
                  "قال رئيس المجلس إن التكاليف ارتفعت بسبب أسعار الصلب 🙂 في"):  # fmt: skip
        assert run(capsys, "add", page, "--quote", quote)[0] == 0
    _, out, _ = run(capsys, "list", page, "--json")
    _, report, _ = run(capsys, "inspect", page, "--json")
    report = json.loads(report)
    from annotator.formats import read_source

    text = read_source(page).text
    assert "&pound;" not in text and "<p>" not in text
    for row in json.loads(out):
        assert text[row["start"] : row["end"]] == row["quote"]
    assert report["format"] == "html" and report["reader"]["name"] == "trafilatura"
    details = report["metadata"]
    assert details["title"] == "Bridge overspent by a third"
    assert details["outlet"] == "Harbour Times"
    assert details["author"] == "Ines Moreau"
    assert details["url"] == "https://harbourtimes.example/news/bridge"
