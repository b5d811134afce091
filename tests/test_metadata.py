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
