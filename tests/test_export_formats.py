"""The export API and the Markdown, CSV and W3C formats."""

from __future__ import annotations

import csv
import importlib
from pathlib import Path

import pytest

from annotator.article import Article
from annotator.document import Document
from annotator.export import FORMATS, export, format_for
from annotator.model import MOVED, ORPHANED, Annotation, Sidecar, Source, Tag, make_annotation

TEXT = (
    "The mayor’s office says the new clinic “opened on time”.\n"
    "\n"
    "Staff dispute this.\n"
    "\n"
    "Staff dispute this.\n"
    "\n"
    "قال الوزير 😀 إن الأرقام صحيحة\n"
    "\n"
    "Alarm\x07 at dawn.\n"
    "\n"
    "এই প্রতিবেদনটি সংরক্ষিত\n"
)


def find(needle: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def make_article(tmp_path: Path, name: str = "clinic.txt") -> Article:
    """Four passages and an orphan, with an unknown tag and a moved passage."""
    annotations = [
        make_annotation(
            TEXT,
            *find("“opened on time”"),
            tag="claim",
            note="Opening was in March.",
            status="to-verify",
            author="Rahima Akter",
        ),
        make_annotation(TEXT, *find("Staff dispute this.", 2), tag="quote", status="verified"),
        make_annotation(TEXT, *find("الوزير 😀 إن"), tag="legacy", note='=HYPERLINK("x")'),
        make_annotation(TEXT, *find("Alarm\x07 at"), tag="claim", note="bell *sound*"),
        Annotation(
            id="orphan-1",
            start=None,
            end=None,
            exact="a quote edited away",
            prefix="before ",
            suffix=" after",
            tag="quote",
            note="Gone from the page.",
            status="disputed",
            anchor=ORPHANED,
        ),
    ]
    annotations[1].anchor = MOVED
    source = Source(file=name)
    source.metadata.update(
        title="Clinic opening", outlet="Daily Ledger", url="https://example.org/c"
    )
    tags = [Tag("claim", "Claim", "#ffd54f", "1"), Tag("quote", "Quote", "#81d4fa", "2")]
    sidecar = Sidecar(source=source, tags=tags, annotations=annotations)
    return Article(Document(tmp_path / name, TEXT, "utf-8", "\n"), sidecar, None)


@pytest.mark.parametrize(
    ("name", "explicit", "expected"),
    [
        ("brief.docx", None, "docx"),
        ("brief.DOCX", None, "docx"),
        ("brief.md", None, "md"),
        ("brief.markdown", None, "md"),
        ("passages.csv", None, "csv"),
        ("passages.json", None, "w3c"),
        ("passages.jsonld", None, "w3c"),
        ("anything.txt", "csv", "csv"),
        ("brief.docx", "W3C", "w3c"),
    ],
)
def test_format_for(name, explicit, expected):
    assert format_for(Path(name), explicit) == expected


@pytest.mark.parametrize(
    ("name", "explicit", "message"),
    [
        ("brief.txt", None, "'.txt'"),
        ("brief", None, "no suffix"),
        ("brief.docx", "odt", "unknown format 'odt'"),
    ],
)
def test_format_for_refuses_what_it_cannot_tell(name, explicit, message):
    with pytest.raises(ValueError, match=message):
        format_for(Path(name), explicit)


def test_formats_are_the_documented_ones():
    assert FORMATS == ("docx", "md", "csv", "w3c", "pdf", "claimreview")
    with pytest.raises(ValueError, match="unknown format"):
        export([], Path("out.odt"), "odt")


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_csv_one_row_per_passage(tmp_path):
    out = tmp_path / "passages.csv"
    export([make_article(tmp_path)], out, "csv")

    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f)) == [
            "article",
            "tag",
            "status",
            "quote",
            "note",
            "paragraph",
            "start",
            "end",
            "anchor",
        ]
    rows = read_csv(out)
    start, end = find("“opened on time”")
    assert rows[0] == {
        "article": "clinic.txt",
        "tag": "Claim",
        "status": "To verify",
        "quote": "“opened on time”",
        "note": "Opening was in March.",
        "paragraph": "1",
        "start": str(start),
        "end": str(end),
        "anchor": "exact",
    }
    # Grouped as the brief is, by tag in the tag set's order, each in document order.
    assert [row["quote"] for row in rows] == [
        "“opened on time”",
        "Alarm\x07 at",
        "Staff dispute this.",
        "الوزير 😀 إن",
        "a quote edited away",
    ]
    assert [row["paragraph"] for row in rows] == ["1", "5", "3", "4", ""]
    assert [row["anchor"] for row in rows] == ["exact", "exact", "moved", "exact", "orphaned"]
    assert rows[3]["tag"] == "legacy"
    # A note a spreadsheet would run as a formula is defused.
    assert rows[3]["note"] == '\'=HYPERLINK("x")'
    assert rows[4] | {"note": ""} == {
        "article": "clinic.txt",
        "tag": "Quote",
        "status": "Disputed",
        "quote": "a quote edited away",
        "note": "",
        "paragraph": "",
        "start": "",
        "end": "",
        "anchor": "orphaned",
    }


def test_csv_quote_is_the_current_text(tmp_path):
    article = make_article(tmp_path)
    article.sidecar.annotations[1].exact = "stored wording"
    out = tmp_path / "passages.csv"
    export([article, make_article(tmp_path, "second.txt")], out, "csv")
    rows = read_csv(out)
    assert rows[2]["quote"] == "Staff dispute this."
    assert [row["article"] for row in rows] == ["clinic.txt"] * 5 + ["second.txt"] * 5


def test_markdown_brief(tmp_path):
    out = tmp_path / "brief.md"
    export([make_article(tmp_path)], out, "md")
    markdown = out.read_text(encoding="utf-8")

    assert markdown.startswith("# Clinic opening\n\n- **Outlet:** Daily Ledger\n")
    assert "- **URL:** https://example.org/c\n- **File:** clinic.txt\n" in markdown
    assert "**Author:**" not in markdown
    assert (
        "**5 passages (1 not found in the current text; 1 to check: the article changed) — Claim 2, Quote 2, legacy 1"
        " · To verify 1, Verified 1, Disputed 1, No status 2**"
    ) in markdown
    assert (
        "### Claim (2)\n\n> “opened on time”\n\nOpening was in March.  \n"
        "**TO VERIFY** · *paragraph 1*\n\n> Alarm\ufffd at\n\nbell \\*sound\\*  \n"
        "*No status · paragraph 5*\n"
    ) in markdown
    assert "### Quote (1)\n\n> Staff dispute this.\n\n*Verified · paragraph 3 · (found at" in (
        markdown
    )
    assert "### legacy (1)\n\n> الوزير 😀 إن\n" in markdown
    assert markdown.index("### Claim") < markdown.index("### Quote") < markdown.index("### legacy")
    assert markdown.endswith(
        "## Passages not found in the current text\n\n> a quote edited away\n\n"
        "Gone from the page.  \n**DISPUTED** · *Quote*\n"
    )


def test_progress_is_reported_per_article(tmp_path):
    articles = [make_article(tmp_path), make_article(tmp_path, "second.txt")]
    for fmt, suffix in (("docx", "docx"), ("md", "md"), ("csv", "csv"), ("w3c", "json")):
        calls = []

        def progress(done, total, calls=calls):
            calls.append((done, total))

        export(articles, tmp_path / f"out.{suffix}", fmt, progress)
        assert calls == [(1, 2), (2, 2)], fmt


@pytest.mark.parametrize(
    ("fmt", "module"), [("docx", "docx"), ("md", "markdown"), ("csv", "csv"), ("w3c", "w3c")]
)
def test_failed_export_leaves_the_old_file(tmp_path, monkeypatch, fmt, module):
    out = tmp_path / "brief.out"
    out.write_bytes(b"the previous brief")

    def broken(articles, path, progress=None, options=None):
        Path(path).write_bytes(b"half a brief")
        raise RuntimeError("disk full")

    monkeypatch.setattr(importlib.import_module(f"annotator.export.{module}"), "write", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        export([make_article(tmp_path)], out, fmt)
    assert out.read_bytes() == b"the previous brief"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.out"]


def test_export_replaces_an_existing_file(tmp_path):
    out = tmp_path / "passages.csv"
    out.write_text("old", encoding="utf-8")
    export([make_article(tmp_path)], out, "csv")
    assert len(read_csv(out)) == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["passages.csv"]


def test_lone_surrogates_do_not_break_utf8_formats(tmp_path):
    article = make_article(tmp_path)
    article.sidecar.annotations[0].note = "broken \ud83d half"
    for fmt, suffix in (("md", "md"), ("csv", "csv"), ("w3c", "json")):
        out = tmp_path / f"out.{suffix}"
        export([article], out, fmt)
        assert "broken \ufffd half" in out.read_text(encoding="utf-8-sig")


HOSTILE_NOTE = (
    "fine\r# A heading from a carriage return\r\n## Another\n"
    "    four spaces of indent\n\ta tab of indent\n\n        after a blank line\n"
    "1986. a year, not a list\n- not a list\n> not a quote\n***\n---\n===\n"
    "<script>alert(1)</script> [a link](https://evil.example) `code` &copy; ![img](x.png)"
)


def test_markdown_escapes_what_a_renderer_would_read_as_markup(tmp_path):
    from markdown_it import MarkdownIt

    article = make_article(tmp_path)
    article.sidecar.source.metadata["title"] = "Clinic\r# Injected\nheading"
    article.sidecar.annotations[0].note = HOSTILE_NOTE
    article.sidecar.tags[0].label = "Claim\r## label"
    out = tmp_path / "brief.md"
    export([article], out, "md")
    tokens = MarkdownIt("commonmark").parse(out.read_text(encoding="utf-8"))
    kinds = [t.type for t in tokens]
    headings = [tokens[n + 1].content for n, kind in enumerate(kinds) if kind == "heading_open"]
    assert headings == [
        "Clinic # Injected heading",
        "Passages",
        "Claim ## label (2)",
        "Quote (1)",
        "legacy (1)",
        "Passages not found in the current text",
    ]
    for markup in ("code_block", "fence", "html_block", "hr", "ordered_list_open"):
        assert markup not in kinds
    inline = [child for t in tokens if t.children for child in t.children]
    assert not {"html_inline", "link_open", "image", "code_inline"} & {c.type for c in inline}
    assert [t.markup for t in tokens if t.type == "bullet_list_open"] == ["-"]  # provenance
    text = "".join(c.content for c in inline if c.type == "text")
    assert "\xa0" * 4 + "four spaces of indent" in text
    assert "1986. a year, not a list" in text and "&copy;" in text


@pytest.mark.parametrize(
    "note",
    ["=1+1", " =1+1", "\n=1+1", "\r\n@SUM(A1)", "＝1+1", "﹢cmd", "\u200b-2+3", "\u3000＠x", "\tx"],
)
def test_csv_defuses_formulas_behind_spaces_breaks_and_wide_signs(tmp_path, note):
    article = make_article(tmp_path)
    article.sidecar.annotations[0].note = note
    out = tmp_path / "passages.csv"
    export([article], out, "csv")
    assert read_csv(out)[0]["note"] == "'" + note


@pytest.mark.parametrize("note", ["5-3 = 2", "a =b", "", " ", "−5 (a minus sign)", "'quoted"])
def test_csv_leaves_ordinary_text_alone(tmp_path, note):
    article = make_article(tmp_path)
    article.sidecar.annotations[0].note = note
    out = tmp_path / "passages.csv"
    export([article], out, "csv")
    assert read_csv(out)[0]["note"] == note
