"""Each export format but W3C (checked against the W3C suite's own schemas in
test_export_w3c.py), byte for byte, on one article with every kind of passage: a brief
is read by an editor, a spreadsheet or another annotation tool, so its exact shape is
the contract (formats.md §4, README)."""

from __future__ import annotations

import pytest

from annotator.export import FORMATS, export, format_for
from tests.test_export_formats import make_article

MARKDOWN = '# Clinic opening\n\n- **Outlet:** Daily Ledger\n- **URL:** https://example.org/c\n- **File:** clinic.txt\n\n**5 passages (1 not found in the current text; 1 to check: the article changed) — Claim 2, Quote 2, legacy 1 · To verify 1, Verified 1, Disputed 1, No status 2**\n\n## Passages\n\n### Claim (2)\n\n> “opened on time”\n\nOpening was in March.  \n**TO VERIFY** · *paragraph 1*\n\n> Alarm� at\n\nbell \\*sound\\*  \n*No status · paragraph 5*\n\n### Quote (1)\n\n> Staff dispute this.\n\n*Verified · paragraph 3 · (found at a new place — check)*\n\n### legacy (1)\n\n> الوزير 😀 إن\n\n\\=HYPERLINK("x")  \n*No status · paragraph 4*\n\n## Passages not found in the current text\n\n> a quote edited away\n\nGone from the page.  \n**DISPUTED** · *Quote*\n'

CSV = 'article,tag,status,quote,note,paragraph,start,end,anchor\r\nclinic.txt,Claim,To verify,“opened on time”,Opening was in March.,1,39,55,exact\r\nclinic.txt,Claim,No status,Alarm\x07 at,bell *sound*,5,131,140,exact\r\nclinic.txt,Quote,Verified,Staff dispute this.,,3,79,98,moved\r\nclinic.txt,legacy,No status,الوزير 😀 إن,"\'=HYPERLINK(""x"")",4,104,115,exact\r\nclinic.txt,Quote,Disputed,a quote edited away,Gone from the page.,,,,orphaned\r\n'


@pytest.fixture
def article(tmp_path):
    article = make_article(tmp_path)
    for number, passage in enumerate(article.sidecar.annotations):
        passage.id = f"p{number}"
        passage.created, passage.modified = "2026-11-25T16:00:00Z", "2026-11-25T16:05:00Z"
    return article


def test_the_markdown_brief(article, tmp_path):
    export([article], tmp_path / "brief.md", "md")
    assert (tmp_path / "brief.md").read_bytes() == MARKDOWN.encode("utf-8")


def test_the_csv_rows(article, tmp_path):
    export([article], tmp_path / "brief.csv", "csv")
    assert (tmp_path / "brief.csv").read_bytes() == b"\xef\xbb\xbf" + CSV.encode("utf-8")


def test_several_articles_follow_one_another(article, tmp_path):
    other = make_article(tmp_path, "other.txt")
    other.sidecar.annotations = []
    export([article, other], tmp_path / "brief.md", "md")
    text = (tmp_path / "brief.md").read_text(encoding="utf-8")
    assert text == MARKDOWN[:-1] + "\n\n---\n\n" + OTHER_MARKDOWN
    export([article, other], tmp_path / "brief.csv", "csv")
    assert (tmp_path / "brief.csv").read_bytes() == b"\xef\xbb\xbf" + CSV.encode("utf-8")
    export([article, other], tmp_path / "brief.json", "w3c")
    assert '"total": 5' in (tmp_path / "brief.json").read_text(encoding="utf-8")


OTHER_MARKDOWN = (
    "# Clinic opening\n\n- **Outlet:** Daily Ledger\n- **URL:** https://example.org/c\n"
    "- **File:** other.txt\n\n**No passages**\n"
)


@pytest.mark.parametrize(
    ("out", "explicit", "expected"),
    [("b.txt", " MD ", "md"), ("b.txt", "W3C", "w3c"), ("b.MARKDOWN", None, "md"),
     ("b.jsonld", None, "w3c"), ("b.csv", None, "csv")],
)  # fmt: skip
def test_the_format_by_flag_in_any_case_or_by_suffix(out, explicit, expected):
    assert format_for(out, explicit) == expected


@pytest.mark.parametrize(
    ("out", "explicit", "message"),
    [
        ("b.txt", None, "cannot tell the export format of 'b.txt' (suffix '.txt'): name it with "
         "one of .docx, .md, .markdown, .csv, .json, .jsonld, .pdf or give --format (docx, md, csv, w3c, pdf, claimreview)"),
        ("brief", None, "cannot tell the export format of 'brief' (no suffix)"),
        ("b.md", "odt", "unknown format 'odt': choose one of docx, md, csv, w3c, pdf, claimreview"),
    ],
)  # fmt: skip
def test_a_format_that_cannot_be_told_says_what_would_do(out, explicit, message):
    with pytest.raises(ValueError) as refused:
        format_for(out, explicit)
    assert str(refused.value).startswith(message)


def test_an_unknown_format_is_refused_before_anything_is_written(article, tmp_path):
    with pytest.raises(ValueError, match="unknown format 'odt'"):
        export([article], tmp_path / "brief.odt", "odt")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert FORMATS == ("docx", "md", "csv", "w3c", "pdf", "claimreview")
