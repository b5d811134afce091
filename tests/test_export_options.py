"""The brief's options (README "The Word brief"): filters, grouping, the full text left
out, page size and language, statuses an editor sees, and comment ranges that hold only
the article's words; in every format, from the engine and from the command line."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from annotator.cli import main
from annotator.export import export
from annotator.export.brief import BriefOptions, environment_locale, locale_defaults
from annotator.model import make_annotation
from tests.test_export_docx import (
    TEXT,
    W,
    commented_text,
    comments_by_note,
    make_article,
    safe,
    section,
    span,
)


def with_passage_across_paragraphs(tmp_path: Path):
    article = make_article(tmp_path)
    text = article.text
    start, _ = span(text, "noise for months")
    _, end = span(text, "Residents have", occurrence=2)
    article.sidecar.annotations.append(
        make_annotation(text, start, end, tag="figure", note="across", status="disputed")
    )
    return article


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def test_a_status_filter_keeps_only_those_passages_everywhere_in_the_brief(tmp_path):
    article = with_passage_across_paragraphs(tmp_path)
    out = tmp_path / "brief.docx"
    export([article], out, "docx", options=BriefOptions(statuses=frozenset({"disputed"})))

    doc = docx.Document(str(out))
    disputed = [a for a in article.sidecar.annotations if a.status == "disputed"]
    assert len(disputed) == 3  # two anchored, one orphan
    notes = sorted(c.text.partition("\n")[2] for c in doc.comments)
    assert notes == ["Budget line says 4.8 million.", "across"]
    quotes = [p.text for p in section(doc, "Passages") if p.style.name == "Quote"]
    assert quotes == [
        "“will finish by spring” and cost 4.2 million taka",
        "noise for months.\n\nResidents have",
    ]
    orphans = [p.text for p in section(doc, "Passages not found in the current text")]
    assert orphans[0] == "a sentence that was edited away"
    texts = [p.text for p in doc.paragraphs]
    assert "Only passages with status disputed." in texts
    assert texts[2].startswith("3 passages")  # the summary counts what the brief holds
    assert not any("Ask the transport office" in t for t in texts)


def test_a_tag_filter_by_label_or_id_and_status_grouping(tmp_path):
    article = with_passage_across_paragraphs(tmp_path)
    out = tmp_path / "brief.docx"
    options = BriefOptions(tags=frozenset({"claim", "FIGURE"}), group_by="status")
    export([article], out, "docx", options=options)
    doc = docx.Document(str(out))
    headings = [p.text for p in section(doc, "Passages") if p.style.name == "Heading 3"]
    assert headings == ["Disputed (2)", "To verify (1)", "Verified (1)"]
    # Grouped by status, each passage also says its tag.
    details = [p.text.split("\n")[-1] for p in section(doc, "Disputed (2)")][1::2]
    assert details == ["DISPUTED · Figure · paragraph 2", "DISPUTED · Figure · paragraph 3"]
    assert len(doc.comments) == 4


def test_disputed_and_to_verify_stand_out_in_colour_and_words(tmp_path):
    out = tmp_path / "brief.docx"
    export([make_article(tmp_path)], out, "docx")
    body = part(out, "word/document.xml")
    comments = part(out, "word/comments.xml")

    def styled(root, word):
        runs = [r for r in root.iter(f"{W}r") if "".join(r.itertext()) == word]
        assert runs, word
        return {
            (r.find(f"{W}rPr/{W}color").get(f"{W}val"), r.find(f"{W}rPr/{W}b") is not None)
            for r in runs
        }

    for root in (body, comments):
        assert styled(root, "DISPUTED") == {("C62828", True)}
        assert styled(root, "TO VERIFY") == {("B45309", True)}
    texts = {c.text.partition("\n")[0] for c in docx.Document(str(out)).comments}
    assert "Figure · DISPUTED" in texts and "Claim · TO VERIFY" in texts


def test_comment_ranges_hold_only_the_articles_words(tmp_path):
    article = with_passage_across_paragraphs(tmp_path)
    out = tmp_path / "brief.docx"
    export([article], out, "docx")
    anchored = commented_text(out)
    comments = comments_by_note(out)
    for annotation in article.sidecar.anchored():
        comment_id = comments[safe(annotation.note.strip())][0]
        # Word breaks paragraphs where the text has blank lines; nothing else may differ.
        expected = safe(TEXT[annotation.start : annotation.end]).replace("\n\n", "")
        assert anchored[comment_id] == expected
    assert anchored[comments["across"][0]] == "noise for months.Residents have"


def test_a4_and_the_language_are_set_on_the_page_and_the_styles(tmp_path):
    out = tmp_path / "brief.docx"
    options = BriefOptions(page_size="a4", language="ar-EG")
    export([make_article(tmp_path)], out, "docx", options=options)
    size = part(out, "word/document.xml").find(f"{W}body/{W}sectPr/{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    lang = part(out, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert (lang.get(f"{W}val"), lang.get(f"{W}bidi")) == ("ar-EG", "ar-EG")
    assert docx.Document(str(out)).core_properties.language == "ar-EG"

    export([make_article(tmp_path)], out, "docx", options=BriefOptions(page_size="letter"))
    size = part(out, "word/document.xml").find(f"{W}body/{W}sectPr/{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("12240", "15840")


def test_without_the_full_text_each_comment_stands_on_its_quote(tmp_path):
    article = make_article(tmp_path)
    out = tmp_path / "brief.docx"
    export([article], out, "docx", options=BriefOptions(full_text=False))
    doc = docx.Document(str(out))
    assert "Full text" not in [p.text for p in doc.paragraphs]
    anchored = commented_text(out)
    assert len(anchored) == len(doc.comments) == 5
    quotes = {p.text for p in doc.paragraphs if p.style.name == "Quote"}
    assert set(anchored.values()) <= quotes


def test_markdown_and_csv_are_filtered_and_grouped(tmp_path):
    article = make_article(tmp_path)
    options = BriefOptions(statuses=frozenset({"disputed", None}), group_by="status")
    export([article], tmp_path / "b.md", "md", options=options)
    markdown = (tmp_path / "b.md").read_text(encoding="utf-8")
    headings = [line for line in markdown.splitlines() if line.startswith("### ")]
    assert headings == ["### Disputed (1)", "### No status (2)"]
    assert "**DISPUTED** · *Figure · paragraph 2*" in markdown
    assert "Ask the transport office" not in markdown

    export([article], tmp_path / "b.csv", "csv", options=options)
    with open(tmp_path / "b.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [row["status"] for row in rows] == ["Disputed", "No status", "No status", "Disputed"]
    assert rows[-1]["anchor"] == "orphaned"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("en_US.UTF-8", ("letter", "en-US")), ("fr_CA.utf8", ("letter", "fr-CA")),
     ("es_MX", ("letter", "es-MX")), ("fil_PH", ("letter", "fil-PH")),
     ("en_GB.UTF-8", ("a4", "en-GB")), ("de_DE@euro", ("a4", "de-DE")),
     ("bn_BD", ("a4", "bn-BD")), ("sr_Latn_RS", ("a4", "sr-RS")), ("ar", ("a4", "ar")),
     ("C", ("a4", "en-US")), ("POSIX", ("a4", "en-US")), ("", ("a4", "en-US")),
     (None, ("a4", "en-US"))],
)  # fmt: skip
def test_page_size_and_language_follow_the_locale(name, expected):
    assert locale_defaults(name) == expected


def test_paper_and_language_locales_from_the_environment():
    assert environment_locale({"LANG": "en_US.UTF-8", "LC_PAPER": "en_GB.UTF-8"}) == (
        "en_GB.UTF-8",
        "en_US.UTF-8",
    )
    assert environment_locale({"LC_ALL": "fr_FR", "LC_PAPER": "en_US"}) == ("fr_FR", "fr_FR")
    assert environment_locale({}) == ("", "")


@pytest.mark.parametrize(
    "bad", [{"group_by": "date"}, {"page_size": "a3"}, {"language": "english!"}]
)
def test_options_refuse_what_they_do_not_know(bad):
    with pytest.raises(ValueError):
        BriefOptions(**bad)


def write_article(tmp_path: Path) -> Path:
    path = tmp_path / "bridge.txt"
    path.write_text(TEXT, encoding="utf-8")
    for quote, status, tag in (
        ("control room", "disputed", "claim"),
        ("4.2 million taka", "verified", "figure"),
        ("less certain", "to-verify", "claim"),
    ):
        args = ["add", str(path), "--quote", quote, "--status", status, "--tag", tag]
        assert main([*args, "--note", f"note on {quote}"]) == 0
    return path


def test_the_command_line_filters_and_lays_out_the_brief(tmp_path, capsys, monkeypatch):
    path = write_article(tmp_path)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_PAPER", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    out = tmp_path / "brief.docx"
    argv = ["export", str(path), "-o", str(out), "--status", "disputed,to-verify"]
    assert main([*argv, "--group-by", "status", "--page-size", "a4", "--language", "fr-FR"]) == 0
    doc = docx.Document(str(out))
    assert sorted(c.text for c in doc.comments) == [
        "Claim · DISPUTED\nnote on control room",
        "Claim · TO VERIFY\nnote on less certain",
    ]
    size = part(out, "word/document.xml").find(f"{W}body/{W}sectPr/{W}pgSz")
    assert size.get(f"{W}w") == "11906"
    lang = part(out, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "fr-FR"

    # Without --page-size and --language, the locale decides; the tag filter takes an id.
    monkeypatch.setenv("LC_PAPER", "de_DE.UTF-8")
    assert main(["export", str(path), "-o", str(out), "--tag", "figure", "--no-full-text"]) == 0
    doc = docx.Document(str(out))
    assert [c.text for c in doc.comments] == ["Figure · VERIFIED\nnote on 4.2 million taka"]
    assert "Full text" not in [p.text for p in doc.paragraphs]
    size = part(out, "word/document.xml").find(f"{W}body/{W}sectPr/{W}pgSz")
    assert size.get(f"{W}w") == "11906"  # de_DE paper: A4
    lang = part(out, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "en-US"  # LANG
    capsys.readouterr()


def test_the_command_line_refuses_bad_options(tmp_path, capsys):
    path = write_article(tmp_path)
    out = tmp_path / "brief.docx"
    for bad in (["--status", "maybe"], ["--page-size", "a3"], ["--language", "x y"]):
        with pytest.raises(SystemExit) as exit_:
            main(["export", str(path), "-o", str(out), *bad])
        assert exit_.value.code == 2
    capsys.readouterr()
    assert main(["export", str(path), "-o", str(out), "--tag", "nonsense"]) == 1
    _, err = capsys.readouterr()
    assert err == "annotator: no tag 'nonsense' in these articles\n"
    assert not out.exists()
