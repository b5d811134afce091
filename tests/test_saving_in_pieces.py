"""A sidecar kept passage by passage writes the very bytes a whole dump writes; a save job
writes only over the bytes it expects, and otherwise hands back what is there."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import document, store
from annotator.article import Changed, Written, open_article
from annotator.model import Sidecar, Tag, make_annotation
from annotator.sidecar_bytes import PassageBytes
from tests import texts

TEXT = texts.SCRAPED

notes = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | notes,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(notes, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def sidecars(draw) -> Sidecar:
    sidecar = Sidecar(
        tags=[
            Tag("claim", "Claim", "#ffd54f", "1", draw(st.dictionaries(notes, values, max_size=2)))
        ]
    )
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(TEXT) - 2))
        end = draw(st.integers(start + 1, min(len(TEXT), start + 60)))
        annotation = make_annotation(TEXT, start, end, tag="claim", note=draw(notes))
        annotation.extra = draw(
            st.dictionaries(st.sampled_from(["x-a", "x-b"]), values, max_size=2)
        )
        if draw(st.booleans()):
            annotation.review = {"anchor": "moved", "previous": {"start": start, "exact": "x"}}
        if draw(st.booleans()):  # an orphan, written where it last stood
            annotation.start = annotation.end = None
        sidecar.annotations.append(annotation)
    sidecar.extra = draw(st.dictionaries(st.sampled_from(["x-top", "x-other"]), values, max_size=2))
    return sidecar


@settings(max_examples=150, deadline=None)
@given(sidecars(), st.data())
def test_kept_pieces_make_the_bytes_of_a_whole_dump_after_any_changes(sidecar, data):
    kept = PassageBytes()
    assert kept.dumps(sidecar) == store.dumps(sidecar)
    for annotation in sidecar.annotations:
        if data.draw(st.booleans()):
            annotation.note = data.draw(notes)
            if data.draw(st.booleans()):
                annotation.start, annotation.end = 3, 30
            kept.forget(annotation)
    if sidecar.annotations and data.draw(st.booleans()):
        kept.forget(sidecar.annotations.pop())
    assert kept.dumps(sidecar) == store.dumps(sidecar)


def test_a_change_it_is_not_told_of_is_not_written():
    # What the window's item model is for: the kept bytes stand until `forget`.
    sidecar = Sidecar(annotations=[make_annotation(TEXT, 0, 8, note="first")])
    kept = PassageBytes()
    kept.dumps(sidecar)
    sidecar.annotations[0].note = "second"
    assert b"first" in kept.dumps(sidecar)
    kept.forget(sidecar.annotations[0])
    assert b"second" in kept.dumps(sidecar) and kept.dumps(sidecar) == store.dumps(sidecar)


def test_values_only_json_writes_fall_back_to_the_whole_dump():
    sidecar = Sidecar(annotations=[make_annotation(TEXT, 0, 8, note="lone \ud800 surrogate")])
    sidecar.extra = {"x-big": 2**80}
    assert PassageBytes().dumps(sidecar) == store.dumps(sidecar)
    assert json.loads(PassageBytes().dumps(sidecar))["x-big"] == 2**80


def test_a_top_level_key_given_twice_is_written_as_a_whole_dump_writes_it():
    sidecar = Sidecar(annotations=[make_annotation(TEXT, 0, 8)])
    sidecar.extra = {"annotations": [], "x-top": 1}
    assert PassageBytes().dumps(sidecar) == store.dumps(sidecar)


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def marked(article, quote: str):
    opened = open_article(article)
    start = opened.text.index(quote)
    opened.sidecar.annotations.append(make_annotation(opened.text, start, start + len(quote)))
    return opened


def test_a_job_writes_its_bytes_when_the_file_holds_what_it_expects(article):
    opened = marked(article, "Ines Moreau")
    outcome = opened.prepare_save(PassageBytes(), timeout=1).run()
    assert isinstance(outcome, Written)
    on_disk = store.beside(article).read_bytes()
    assert on_disk == outcome.saved.payload == store.dumps(opened.sidecar)
    opened.saved(outcome)
    assert opened.base == on_disk and opened.sidecar_path == store.beside(article)


def test_a_job_finding_someone_elses_save_writes_nothing_and_hands_it_back_parsed(article):
    ours = marked(article, "Ines Moreau")
    ours.saved(ours.prepare_save(PassageBytes(), timeout=1).run())
    theirs = marked(article, "About 4,800")
    theirs.save()  # a colleague's save since ours
    written = store.beside(article).read_bytes()
    ours.sidecar.annotations[0].note = "call her"
    outcome = ours.prepare_save(PassageBytes(), timeout=1).run()
    assert isinstance(outcome, Changed)
    assert store.beside(article).read_bytes() == written  # nothing overwritten
    assert outcome.raw == written
    assert {a.exact for a in outcome.theirs.annotations} == {"Ines Moreau", "About 4,800"}
    assert [a.exact for a in outcome.base.annotations] == ["Ines Moreau"]
    merged = ours.take_changes(outcome)  # both passages, and her note
    assert {a.exact: a.note for a in merged.annotations} == {
        "Ines Moreau": "call her",
        "About 4,800": "",
    }
    assert ours.base == written


def test_a_job_waits_for_the_lock_and_says_when_it_could_not_have_it(article):
    opened = marked(article, "Ines Moreau")
    job = opened.prepare_save(PassageBytes(), timeout=0.1)
    with store.locked(article, None), pytest.raises(store.LockBusy):
        job.run()
    assert not store.beside(article).exists()


def test_read_only_notes_make_no_job(article, tmp_path):
    store.beside(article).write_text(
        json.dumps({"format": "annotator-sidecar", "version": 99}), encoding="utf-8"
    )
    with pytest.raises(store.SidecarError, match="read-only"):
        open_article(article).prepare_save(PassageBytes(), timeout=1)


def test_the_article_digest_is_worked_out_once_per_read(article, monkeypatch):
    digests = []
    real = document.text_digest
    monkeypatch.setattr(document, "text_digest", lambda text: digests.append(1) or real(text))
    opened = marked(article, "Ines Moreau")
    for _ in range(3):
        opened.saved(opened.prepare_save(PassageBytes(), timeout=1).run())
    assert len(digests) == 1
    opened.reload()  # read again: worked out again, once
    for _ in range(2):
        opened.saved(opened.prepare_save(PassageBytes(), timeout=1).run())
    assert len(digests) == 2
