"""Two writers on one sidecar: each save merges what the other saved meanwhile."""

from __future__ import annotations

import json

import pytest

from annotator import store
from annotator.article import open_article
from annotator.model import make_annotation
from tests.texts import SCRAPED


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    return path


def mark(opened, quote, note=""):
    start = opened.text.index(quote)
    annotation = make_annotation(opened.text, start, start + len(quote), note=note)
    opened.sidecar.annotations.append(annotation)
    return annotation


def quotes_on_disk(article):
    data = json.loads(store.beside(article).read_text(encoding="utf-8"))
    return sorted(a["target"]["selector"][-1]["exact"] for a in data["annotations"])


def test_two_writers_who_never_saw_each_other_keep_both_passages(article):
    mine, theirs = open_article(article), open_article(article)  # no sidecar yet
    mark(mine, "Ines Moreau")
    mine.save()
    mark(theirs, "About 4,800")
    theirs.save()  # without the merge this would drop "Ines Moreau"
    assert quotes_on_disk(article) == ["About 4,800", "Ines Moreau"]
    assert sorted(a.exact for a in theirs.sidecar.annotations) == ["About 4,800", "Ines Moreau"]


def test_a_deletion_saved_meanwhile_is_respected_and_an_edit_kept(article):
    first = open_article(article)
    kept = mark(first, "Ines Moreau")
    gone = mark(first, "About 4,800")
    first.save()
    mine, theirs = open_article(article), open_article(article)
    mine.sidecar.annotations = [a for a in mine.sidecar.annotations if a.id != gone.id]
    mine.save()
    theirs.sidecar.annotation(kept.id).note = "finance director"
    theirs.save()
    data = json.loads(store.beside(article).read_text(encoding="utf-8"))
    assert [(a["id"], a["note"]) for a in data["annotations"]] == [(kept.id, "finance director")]


def test_a_sidecar_made_unreadable_meanwhile_is_not_overwritten(article):
    opened = open_article(article)
    mark(opened, "Ines Moreau")
    opened.save()
    store.beside(article).write_bytes(b"{ half written by another tool")
    mark(opened, "About 4,800")
    with pytest.raises(store.SidecarError, match="not valid JSON"):
        opened.save()
    assert store.beside(article).read_bytes() == b"{ half written by another tool"
