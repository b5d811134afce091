"""The source details form: pre-filled guesses, typing, and what comes back."""

from __future__ import annotations

import os
from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from annotator.model import METADATA_KEYS
from annotator.ui.source_details import SourceDetailsDialog

TEXT = """Business

Harbour ferry fares to rise by a third, operator confirms
By Ines Moreau
25 November 2026

Ferry fares across the harbour will rise by 33% from 1 May, the operator said on Tuesday, \
blaming a doubled fuel bill and six years of frozen prices for the whole increase.

https://harbourtimes.example/ferry
"""


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(TEXT, encoding="utf-8")
    stamp = datetime(2026, 11, 27, 8, 0).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def make(qtbot, metadata, article, text=TEXT):
    dialog = SourceDetailsDialog(metadata, text, article)
    qtbot.addWidget(dialog)
    return dialog


def test_empty_fields_are_prefilled_and_marked_as_guesses(qtbot, article):
    dialog = make(qtbot, dict.fromkeys(METADATA_KEYS, ""), article)
    assert dialog.metadata() == {
        "title": "Harbour ferry fares to rise by a third, operator confirms",
        "outlet": "harbourtimes.example",
        "url": "https://harbourtimes.example/ferry",
        "author": "Ines Moreau",
        "published": "2026-11-25",
        "accessed": "2026-11-27",
    }
    assert dialog.guessed() == set(METADATA_KEYS)
    assert dialog.fields["title"].font().italic()
    assert dialog.fields["title"].toolTip()
    assert not dialog.hint.isHidden()


def test_stored_values_are_kept_and_not_guessed_over(qtbot, article):
    stored = {"title": "Fares up", "author": "Desk", "published": "", "url": None}
    dialog = make(qtbot, stored, article)
    result = dialog.metadata()
    assert (result["title"], result["author"]) == ("Fares up", "Desk")
    assert result["published"] == "2026-11-25"
    assert result["url"] == "https://harbourtimes.example/ferry"
    assert "title" not in dialog.guessed()
    assert not dialog.fields["title"].font().italic()


def test_typing_in_a_guessed_field_makes_it_hers(qtbot, article):
    dialog = make(qtbot, {}, article)
    edit = dialog.fields["author"]
    edit.selectAll()
    qtbot.keyClicks(edit, "Tomas Ruiz")  # QTest aborts on non-ASCII key clicks
    assert dialog.metadata()["author"] == "Tomas Ruiz"
    assert "author" not in dialog.guessed()
    assert not edit.font().italic()


def test_fill_from_text_refills_only_empty_fields(qtbot, article):
    dialog = make(qtbot, {}, article)
    dialog.fields["title"].clear()
    dialog.fields["outlet"].setText("Harbour Times")
    qtbot.mouseClick(dialog.fill_button, Qt.MouseButton.LeftButton)
    result = dialog.metadata()
    assert result["title"] == "Harbour ferry fares to rise by a third, operator confirms"
    assert result["outlet"] == "Harbour Times"


def test_nothing_obvious_leaves_fields_empty_and_no_hint(qtbot, tmp_path):
    text = "a note to self without any title, author, or date, and no address either.\n"
    dialog = make(qtbot, {}, tmp_path / "gone.txt", text=text)
    assert dialog.metadata() == dict.fromkeys(METADATA_KEYS, "")
    assert dialog.guessed() == set()
    assert dialog.hint.isHidden()


def test_unknown_keys_come_back_untouched_and_values_are_trimmed(qtbot, article):
    stored = {"title": "  Fares up  ", "section": "Business", "tags": ["a", 1]}
    dialog = make(qtbot, stored, article)
    result = dialog.metadata()
    assert list(result)[: len(METADATA_KEYS)] == list(METADATA_KEYS)
    assert result["title"] == "Fares up"
    assert result["section"] == "Business"
    assert result["tags"] == ["a", 1]


def test_fields_have_accessible_names_and_labels(qtbot, article):
    dialog = make(qtbot, {}, article)
    assert dialog.fields["url"].accessibleName() == "URL"
    assert all(edit.accessibleName() for edit in dialog.fields.values())
    assert dialog.fill_button.accessibleName()


def test_details_from_the_file_and_earlier_guesses_stay_guesses_until_typed_in(qtbot, article):
    details = {**dict.fromkeys(METADATA_KEYS, ""), "title": "From the page", "outlet": "Site"}
    stored = {**dict.fromkeys(METADATA_KEYS, ""), "title": "From the page", "author": "Hers"}
    dialog = SourceDetailsDialog(stored, TEXT, article, details=details, guessed=["title", "url"])
    qtbot.addWidget(dialog)
    assert dialog.fields["title"].font().italic()  # held a guess already
    assert dialog.fields["outlet"].text() == "Site"  # filled from the file's details
    assert not dialog.fields["author"].font().italic()
    assert dialog.guessed() == {"title", "url", "outlet"}
    qtbot.keyClicks(dialog.fields["title"], "!")
    qtbot.keyClicks(dialog.fields["url"], "https://x.example")
    assert dialog.guessed() == {"outlet"}
    assert dialog.metadata()["title"] == "From the page!"
