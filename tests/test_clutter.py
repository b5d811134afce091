"""Clutter flagged, never removed: the rules of annotator/clutter.py one by one, the
brief leaving flagged paragraphs out of its full text, and `annotator inspect`."""

from __future__ import annotations

import json

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import clutter
from annotator.cli import main
from annotator.clutter import FURNITURE, REPEAT, find_clutter, summary
from tests.test_export_docx import paragraph_numbers

LEDE = (
    "The new harbour bridge cost £18.6 million, 40% more than the council promised in "
    "2024, according to the auditor's report published on Tuesday 🌉."
)
BODY = (
    "The mayor said the overspend was caused by the price of steel and would not happen "
    "again, and promised an inquiry into how the budget had been set."
)
ARABIC_BODY = (
    "قال رئيس المجلس إن التكاليف ارتفعت بسبب أسعار الصلب في العام الماضي، وإن المجلس "
    "سيطلب من المقاول إعادة جزء من المبلغ قبل نهاية السنة المالية الحالية 🙂."
)


def flagged(text: str) -> list[tuple[str, str, str]]:
    return [(text[c.start : c.end], c.kind, c.reason) for c in find_clutter(text)]


def article(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


@pytest.mark.parametrize(
    ("paragraph", "reason"),
    [
        ("Home | News | Sport | Weather | Business", "navigation"),
        ("Home\nWorld\nUK Politics\nScience", "navigation"),
        ("الرئيسية | أخبار | رياضة | اقتصاد", "navigation"),
        ("Related news", "site label"),
        ("Read more: Council row deepens over bridge", "site label"),
        ("Share this article", "site label"),
        ("ADVERTISEMENT", "site label"),
        ("اقرأ أيضاً: المجلس يرد على التقرير", "site label"),
        ("© 2026 Harbour Times Ltd. All rights reserved.", "copyright or credits"),
        ("Website designed by Pixel & Co", "copyright or credits"),
        ("Terms | Privacy | Site by Pixel & Co", "copyright or credits"),
    ],
)
def test_furniture_rules(paragraph, reason):
    text = article(LEDE, paragraph, BODY)
    assert flagged(text) == [(paragraph, FURNITURE, reason)]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Share prices fell by four per cent after the report was published.",
        "Read the full report on the council's website before Friday's meeting, he said.",
        "Year\tBudget\tSpent\n2024\t£13.3m\t£9.1m\n2025\t—\t£9.5m",
        "The committee — chaired by Ines Moreau — meets on Monday.",
        "Steel, concrete, labour",
        "| Ticker | Security | Last | Change |",
        "The plan, designed by engineers in 2023, was never costed.",
    ],
)
def test_body_paragraphs_are_not_furniture(paragraph):
    assert flagged(article(LEDE, paragraph, BODY)) == []


def test_a_footer_in_another_script_but_not_a_paragraph_of_a_bilingual_body():
    footer = "جميع المواد محمية لموقع الميناء"
    text = article(LEDE, BODY, footer)
    assert flagged(text) == [(footer, FURNITURE, "footer in another script")]
    assert flagged(article(LEDE, ARABIC_BODY, BODY)) == []
    english_footer = "Harbour Times English edition"
    assert flagged(article(ARABIC_BODY, ARABIC_BODY + " إضافة", english_footer))[-1] == (
        english_footer,
        FURNITURE,
        "footer in another script",
    )


def test_running_headers_repeat_numbers_aside_and_each_is_flagged():
    text = article(
        "Harbour Council — Audit 2026 — page 1", LEDE,
        "Harbour Council — Audit 2026 — page 2", BODY,
        "Harbour Council — Audit 2026 — page 3", ARABIC_BODY,
    )  # fmt: skip
    assert flagged(text) == []  # not in a text without pages: subheadings come back
    found = [(text[c.start : c.end], c.kind, c.reason) for c in find_clutter(text, paged=True)]
    assert [f[2] for f in found] == ["running header or footer"] * 3
    assert [f[0][-6:] for f in found] == ["page 1", "page 2", "page 3"]


def test_a_duplicated_lede_and_a_repeated_paragraph():
    text = article("Bridge overspent", LEDE, BODY, LEDE, ARABIC_BODY, BODY)
    found = find_clutter(text)
    assert [(c.kind, c.reason) for c in found] == [
        (REPEAT, "repeats the lede"),
        (REPEAT, "repeats paragraph 3"),
    ]
    first_lede = text.index(LEDE)
    assert found[0].repeats == first_lede
    assert found[0].start == text.index(LEDE, first_lede + 1)
    assert summary(found) == "2 repeat the lede; 1 repeats an earlier paragraph".replace(
        "2 repeat the lede; ", "1 repeats the lede; "
    )


def test_a_standfirst_contained_in_the_lede_and_a_near_copy_are_repeats():
    standfirst = "The new harbour bridge cost £18.6 million, 40% more than the council promised"
    text = article(standfirst, LEDE, BODY)
    assert flagged(text) == [(standfirst, REPEAT, "repeats the lede")]
    near = LEDE.replace("Tuesday", "Tuesday,").replace("40%", "40 %")
    text = article(LEDE, near, BODY)
    assert flagged(text) == [(near, REPEAT, "repeats the lede")]


def test_offsets_are_code_points_in_arabic_and_emoji_text():
    nav = "الرئيسية | أخبار | رياضة | اقتصاد"
    text = article("🙂 " * 40, ARABIC_BODY, nav, ARABIC_BODY)
    found = find_clutter(text)
    assert [text[c.start : c.end] for c in found] == [nav, ARABIC_BODY]
    assert found[0].start == text.index(nav)


def test_summary_line():
    text = article("Home | News | Sport", LEDE, "Related news", BODY, LEDE)
    assert summary(find_clutter(text)) == (
        "2 paragraphs look like site furniture; 1 repeats the lede"
    )


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_inspect_json_reports_reader_details_and_clutter(capsys, tmp_path):
    path = tmp_path / "scraped.txt"
    text = article("Home | News | Sport", LEDE, BODY, LEDE, "© 2026 Harbour Times")
    path.write_text(text, encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = run(capsys, "inspect", path, "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["format"] == "text" and report["reader"] is None
    assert report["metadata"]["outlet"] == "Harbour Times"
    assert report["length"] == len(text)
    kinds = [(c["kind"], c["reason"]) for c in report["clutter"]]
    assert kinds == [
        (FURNITURE, "navigation"),
        (REPEAT, "repeats the lede"),
        (FURNITURE, "copyright or credits"),
    ]
    for item in report["clutter"]:
        assert text[item["start"] : item["end"]].startswith(item["text"].rstrip("…"))
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written
    assert run(capsys, "inspect", path)[1].count("\n") >= 4


def brief_paragraphs(path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_the_brief_leaves_clutter_out_of_the_full_text_unless_asked(capsys, tmp_path):
    path = tmp_path / "scraped.txt"
    nav = "Home | News | Sport"
    path.write_text(article(nav, LEDE, BODY, LEDE, "Related news", ARABIC_BODY), "utf-8")
    assert run(capsys, "add", path, "--quote", "Related news")[0] == 0  # a passage on clutter
    assert run(capsys, "add", path, "--quote", "inquiry into how the budget")[0] == 0
    out = tmp_path / "brief.docx"
    assert run(capsys, "export", path, "-o", out)[0] == 0
    shown = brief_paragraphs(out)
    full = shown[next(i for i, p in enumerate(shown) if p == "Full text") :]
    assert not any(nav in p for p in full)
    assert sum(LEDE in p for p in full) == 1  # the repeat left out
    assert any(p.endswith("Related news") for p in full)  # a passage keeps it
    paragraphs = docx.Document(str(out)).paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Full text") + 1
    numbers = [n for n in paragraph_numbers(out, paragraphs[start:]) if n is not None]
    assert numbers == [2, 3, 5, 6]  # the menu (1) and the repeated lede (4) are skipped
    assert any("2 paragraphs that look like site furniture" in p for p in full)
    assert run(capsys, "export", path, "-o", out, "--with-clutter")[0] == 0
    full = brief_paragraphs(out)
    assert any(nav in p for p in full) and sum(LEDE in p for p in full) == 2
    assert path.read_text("utf-8").count(LEDE) == 2  # the article itself is never changed


def test_a_menu_saved_one_item_a_paragraph():
    menu = ["Home", "World", "UK Politics", "Share", "Science & Health"]
    text = article(*menu, LEDE, "Status Quo", "Analogue processes", BODY, "- 1 tsp cinnamon",
                   "- 1 tsp nutmeg", "- 1 tsp ginger")  # fmt: skip
    found = flagged(text)
    assert [f[0] for f in found] == menu  # two headings, a list of ingredients: not menus
    assert {f[2] for f in found} == {"navigation", "site label"}


def test_a_line_asking_to_follow_on_a_social_network():
    line = "Follow NBC Latino on Facebook, Twitter and Instagram."
    assert flagged(article(LEDE, BODY, line)) == [(line, FURNITURE, "site label")]
    long = "The minister said on Twitter that he would not follow the advice " + "of " * 10
    assert flagged(article(LEDE, long.strip(), BODY)) == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(st.sampled_from("ab جক"), max_size=9000), max_size=12))
def test_the_body_script_is_told_from_the_same_opening_as_the_whole_body(paragraphs):
    """Only the opening of the long paragraphs is joined: what the script is told from."""
    whole = " ".join(paragraphs)[: clutter.SCRIPT_SAMPLE]
    assert clutter._opening(iter(paragraphs))[: clutter.SCRIPT_SAMPLE] == whole
