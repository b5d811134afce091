"""Guessing source details from an article's text."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from annotator.metadata import find_date, guess_metadata
from annotator.model import METADATA_KEYS

SCRAPED = """Local news

Harbour ferry fares to rise by a third, operator confirms

By Ines Moreau, transport correspondent
Tuesday 25 November 2026 10.30 GMT

Ferry fares across the harbour will rise by 33% from 1 May, the operator said on Tuesday, \
blaming a doubled fuel bill and six years of frozen prices for the increase.

Commuter groups called the rise a tax on people who cannot drive.

Originally published at https://www.harbourtimes.example/news/ferry-fares-rise.
Read more on 3 December 2026.
"""


def article(tmp_path: Path, text: str, when: datetime | None = None) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    if when is not None:
        os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def test_a_scraped_article_gives_every_obvious_field(tmp_path):
    path = article(tmp_path, SCRAPED, datetime(2026, 11, 26, 9, 0))
    guessed = guess_metadata(SCRAPED, path)
    assert guessed == {
        "title": "Harbour ferry fares to rise by a third, operator confirms",
        "outlet": "harbourtimes.example",
        "url": "https://www.harbourtimes.example/news/ferry-fares-rise",
        "author": "Ines Moreau",
        "published": "2026-11-25",
        "accessed": "2026-11-26",
    }
    assert list(guessed) == list(METADATA_KEYS)


def test_nothing_obvious_leaves_fields_empty(tmp_path):
    text = (
        "notes\n\nthe meeting ran long and nobody agreed on anything at all, so the council "
        "will meet again next month to try once more with the same people in the same room.\n"
    )
    guessed = guess_metadata(text, tmp_path / "missing.txt")
    assert guessed == dict.fromkeys(METADATA_KEYS, "")


def test_a_headline_is_not_a_sentence_or_a_section_label(tmp_path):
    text = (
        "Business\nWorld news\nThe minister spoke today.\n"
        "Ministry denies cuts to rural bus routes\n\nBody text follows here.\n"
    )
    assert (
        guess_metadata(text, tmp_path / "x")["title"] == "Ministry denies cuts to rural bus routes"
    )


def test_no_headline_after_the_first_long_paragraph(tmp_path):
    text = (
        "The council voted on Tuesday to close three libraries in the north of the city, "
        "saying the buildings cost too much to heat and too few people now use them at all.\n\n"
        "Residents plan a protest march\n"
    )
    assert guess_metadata(text, tmp_path / "x")["title"] == ""


def test_a_headline_may_end_with_a_question_mark(tmp_path):
    text = "Opinion\n\nWho pays for the new harbour wall?\n"
    assert guess_metadata(text, tmp_path / "x")["title"] == "Who pays for the new harbour wall?"


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Ines Moreau", "Ines Moreau"),
        ("by Ines Moreau | Harbour Times", "Ines Moreau"),
        ("By Ines Moreau and Tomás Ruiz", "Ines Moreau and Tomás Ruiz"),
        ("By Ludwig van Beethoven", "Ludwig van Beethoven"),
        ("By staff reporters", ""),
        ("By Tuesday the fares will rise", ""),
        ("Bystanders watched the fire", ""),
    ],
)
def test_author_comes_from_a_byline(tmp_path, line, author):
    text = f"Ferry fares to rise by a third\n{line}\n\nBody.\n"
    assert guess_metadata(text, tmp_path / "x")["author"] == author


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("25 November 2026", "2026-11-25"),
        ("November 25, 2026", "2026-11-25"),
        ("Nov 25 2026", "2026-11-25"),
        ("2026-11-25", "2026-11-25"),
        ("Published: Tuesday, 3rd March 2026, 14:02", "2026-03-03"),
        ("31 February 2026", ""),
        ("in 2026 the fares rise", ""),
    ],
)
def test_find_date(written, iso):
    assert find_date(written) == iso


def test_published_is_the_first_short_date_line_near_the_top(tmp_path):
    text = (
        "Ferry fares to rise by a third\n"
        "The operator said on 1 May 2026 that prices would rise, and said it again later on.\n"
        "Updated November 30, 2026\n"
        "Posted 2026-12-01\n"
    )
    assert guess_metadata(text, tmp_path / "x")["published"] == "2026-11-30"


def test_a_date_deep_in_the_body_is_not_the_published_date(tmp_path):
    body = "word " * 30
    text = f"Ferry fares to rise by a third\n\n{body}\n\n25 November 2026\n"
    assert guess_metadata(text, tmp_path / "x")["published"] == ""


def test_url_is_the_first_web_address_without_trailing_punctuation(tmp_path):
    text = "See (https://example.org/a?b=1), then http://example.com/second.\n"
    guessed = guess_metadata(text, tmp_path / "x")
    assert guessed["url"] == "https://example.org/a?b=1"
    assert guessed["outlet"] == "example.org"


def test_labelled_lines_and_a_copyright_line_win(tmp_path):
    text = "Title: Fares rise\nSource: Harbour Times\nDate: 2026-11-25\nhttps://example.org/fares\n"
    guessed = guess_metadata(text, tmp_path / "x")
    assert guessed["title"] == "Fares rise"
    assert guessed["outlet"] == "Harbour Times"
    assert guessed["published"] == "2026-11-25"
    footer = (
        "Harbour ferry fares to rise\n\nBody.\n\n© 2026 Harbour Times Ltd. All rights reserved.\n"
    )
    assert guess_metadata(footer, tmp_path / "x")["outlet"] == "Harbour Times Ltd"


def test_accessed_is_the_files_modification_date(tmp_path):
    path = article(tmp_path, "text\n", datetime(2025, 2, 3, 12, 0))
    assert guess_metadata("text\n", path)["accessed"] == "2025-02-03"


# -- details filled in on open (open_article), the reporter's edits always winning ------


def _open(path):
    from annotator.article import open_article

    return open_article(path)


def _scraped(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    stamp = datetime(2026, 11, 27, 8, 0).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def test_open_fills_every_field_from_the_text_and_lists_them_as_guessed(tmp_path):
    path = _scraped(tmp_path)
    article = _open(path)
    assert article.sidecar.source.metadata == guess_metadata(SCRAPED, path)
    assert article.sidecar.source.guessed == list(METADATA_KEYS)
    assert article.sidecar.source.metadata["accessed"] == "2026-11-27"  # the file's time


def test_her_edits_and_her_clearing_win_over_guesses_across_opens(tmp_path):
    path = _scraped(tmp_path)
    article = _open(path)
    source = article.sidecar.source
    source.metadata["title"] = "Ferry fares: my headline"
    source.metadata["author"] = ""  # she cleared a wrong guess
    source.guessed = [k for k in source.guessed if k not in ("title", "author")]
    article.save()
    again = _open(path).sidecar.source
    assert again.metadata["title"] == "Ferry fares: my headline"
    assert again.metadata["author"] == ""
    assert again.metadata["url"] == guess_metadata(SCRAPED, path)["url"]
    assert set(again.guessed) == set(METADATA_KEYS) - {"title", "author"}


def test_a_sidecar_from_before_keeps_what_it_holds_and_fills_what_is_empty(tmp_path):
    import json

    from annotator import store

    path = _scraped(tmp_path)
    _open(path).save()
    sidecar = store.beside(path)
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    del data["source"]["guessed"]
    data["source"]["metadata"] = {**dict.fromkeys(METADATA_KEYS, ""), "title": "Typed by her"}
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    source = _open(path).sidecar.source
    assert source.metadata["title"] == "Typed by her"
    assert source.metadata["author"] == guess_metadata(SCRAPED, path)["author"]
    assert "title" not in source.guessed


def test_a_formats_own_details_win_over_guesses_from_its_text(tmp_path):
    import shutil

    path = tmp_path / "article.docx"
    shutil.copy(Path(__file__).parent / "data" / "sources" / "article.docx", path)
    metadata = _open(path).sidecar.source.metadata
    assert metadata["title"] == "Council overspent on the harbour bridge by a third"
    assert metadata["author"] == "Ines Moreau"
    assert metadata["accessed"] == datetime.fromtimestamp(path.stat().st_mtime).date().isoformat()


def test_a_merge_keeps_a_detail_guessed_only_while_neither_side_made_it_hers():
    from annotator.merge import merge
    from annotator.model import Sidecar, Source

    def sidecar(title, guessed):
        metadata = {**dict.fromkeys(METADATA_KEYS, ""), "title": title}
        return Sidecar(source=Source(metadata=metadata, guessed=guessed))

    base = sidecar("Guess", list(METADATA_KEYS))
    ours = sidecar("Guess", list(METADATA_KEYS))
    theirs = sidecar("Hers", [k for k in METADATA_KEYS if k != "title"])
    merged = merge(base, ours, theirs).source
    assert merged.metadata["title"] == "Hers"
    assert "title" not in merged.guessed and "outlet" in merged.guessed
