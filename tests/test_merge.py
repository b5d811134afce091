"""Three-way and two-way merges of sidecars: every rule, and the no-op property."""

from __future__ import annotations

import copy
import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.merge import NOTE_SEPARATOR, merge, merge_two
from annotator.model import Annotation, Sidecar, Tag

T0, T1, T2 = "2026-11-25T16:00:00Z", "2026-11-25T17:00:00Z", "2026-11-25T18:00:00Z"


def passage(annotation_id: str, **fields) -> Annotation:
    values = dict(
        start=10, end=20, exact="the quote", tag="claim", note="", created=T0, modified=T0
    )
    values.update(fields)
    return Annotation(id=annotation_id, **values)


def sidecar(*annotations: Annotation, tags: list[Tag] | None = None) -> Sidecar:
    result = Sidecar(annotations=list(annotations))
    if tags is not None:
        result.tags = tags
    return result


def edited(side: Sidecar, annotation_id: str, **fields) -> Sidecar:
    """A copy of `side` with one annotation changed."""
    result = copy.deepcopy(side)
    annotation = result.annotation(annotation_id)
    for name, value in fields.items():
        setattr(annotation, name, value)
    return result


def without(side: Sidecar, annotation_id: str) -> Sidecar:
    result = copy.deepcopy(side)
    result.annotations = [a for a in result.annotations if a.id != annotation_id]
    return result


def ids(side: Sidecar) -> set[str]:
    return {a.id for a in side.annotations}


BASE = sidecar(passage("a"), passage("b", start=30, end=40))


# Annotations: added, deleted


def test_added_on_either_side_is_kept():
    ours = copy.deepcopy(BASE)
    ours.annotations.append(passage("ours-new", start=50, end=60))
    theirs = copy.deepcopy(BASE)
    theirs.annotations.append(passage("theirs-new", start=0, end=5))
    assert ids(merge(BASE, ours, theirs)) == {"a", "b", "ours-new", "theirs-new"}


def test_deleted_on_one_side_and_unchanged_on_the_other_is_deleted():
    assert ids(merge(BASE, without(BASE, "a"), BASE)) == {"b"}
    assert ids(merge(BASE, BASE, without(BASE, "b"))) == {"a"}


def test_deleted_on_one_side_but_edited_on_the_other_is_kept():
    theirs = edited(BASE, "a", note="Call the ministry", modified=T1)
    merged = merge(BASE, without(BASE, "a"), theirs)
    assert merged.annotation("a").note == "Call the ministry"
    ours = edited(BASE, "b", status="verified", modified=T1)
    merged = merge(BASE, ours, without(BASE, "b"))
    assert merged.annotation("b").status == "verified"


def test_deleted_on_both_sides_is_deleted():
    assert ids(merge(BASE, without(BASE, "a"), without(BASE, "a"))) == {"b"}


# Annotations edited on both sides: field by field


def test_fields_changed_on_different_sides_are_both_taken():
    ours = edited(BASE, "a", tag="figure", modified=T1)
    theirs = edited(BASE, "a", status="disputed", note="Wrong figure", modified=T2)
    merged = merge(BASE, ours, theirs).annotation("a")
    assert (merged.tag, merged.status, merged.note) == ("figure", "disputed", "Wrong figure")
    assert merged.modified == T2


def test_selectors_changed_on_one_side_are_taken_together():
    theirs = edited(BASE, "a", start=12, end=25, exact="other words", prefix="p", modified=T1)
    ours = edited(BASE, "a", tag="quote", modified=T2)
    merged = merge(BASE, ours, theirs).annotation("a")
    assert (merged.start, merged.end, merged.exact, merged.prefix) == (12, 25, "other words", "p")
    assert merged.tag == "quote"


def test_field_changed_on_both_sides_takes_the_later_edit():
    ours = edited(BASE, "a", tag="figure", status="verified", modified=T2)
    theirs = edited(BASE, "a", tag="person", status="disputed", modified=T1)
    merged = merge(BASE, ours, theirs).annotation("a")
    assert (merged.tag, merged.status, merged.modified) == ("figure", "verified", T2)
    merged = merge(BASE, theirs, ours).annotation("a")  # the other way round: same winner
    assert (merged.tag, merged.status, merged.modified) == ("figure", "verified", T2)


def test_selectors_changed_on_both_sides_take_the_later_edit():
    ours = edited(BASE, "a", start=11, end=21, modified=T1)
    theirs = edited(BASE, "a", start=13, end=23, modified=T2)
    merged = merge(BASE, ours, theirs).annotation("a")
    assert (merged.start, merged.end) == (13, 23)


def test_note_changed_on_both_sides_keeps_both_texts():
    base = edited(BASE, "a", note="Check")
    ours = edited(base, "a", note="Check with the port authority", modified=T1)
    theirs = edited(base, "a", note="Figure confirmed by the operator", modified=T2)
    merged = merge(base, ours, theirs).annotation("a")
    assert merged.note == (
        "Check with the port authority" + NOTE_SEPARATOR + "Figure confirmed by the operator"
    )


def test_note_extended_on_both_sides_keeps_the_longer_that_holds_the_other():
    base = edited(BASE, "a", note="Check")
    ours = edited(base, "a", note="Check figure", modified=T1)
    theirs = edited(base, "a", note="Check figure with the port", modified=T2)
    assert merge(base, ours, theirs).annotation("a").note == "Check figure with the port"


def test_note_cleared_on_one_side_and_edited_on_the_other_keeps_the_writing():
    base = edited(BASE, "a", note="Check")
    ours = edited(base, "a", note="", modified=T2)
    theirs = edited(base, "a", note="Check the 33% figure", modified=T1)
    assert merge(base, ours, theirs).annotation("a").note == "Check the 33% figure"


def test_unknown_annotation_keys_are_kept_from_both_sides():
    base = edited(BASE, "a", extra={"shared": 1})
    ours = edited(base, "a", extra={"shared": 1, "ours": True}, target_extra={"x": 1})
    theirs = edited(base, "a", extra={"shared": 1, "theirs": "yes"}, target_extra={"y": 2})
    merged = merge(base, ours, theirs).annotation("a")
    assert merged.extra == {"shared": 1, "ours": True, "theirs": "yes"}
    assert merged.target_extra == {"x": 1, "y": 2}


def test_same_id_added_on_both_sides_without_base_keeps_later_and_both_notes():
    ours = sidecar(passage("n", note="Mine", tag="figure", modified=T1))
    theirs = sidecar(passage("n", note="Yours", tag="quote", modified=T2))
    merged = merge(sidecar(), ours, theirs).annotation("n")
    assert merged.tag == "quote"
    assert merged.note == "Yours" + NOTE_SEPARATOR + "Mine"


def test_merged_annotations_are_in_document_order():
    ours = copy.deepcopy(BASE)
    ours.annotations.append(passage("early", start=0, end=3))
    merged = merge(BASE, ours, BASE)
    assert [a.id for a in merged.annotations] == ["early", "a", "b"]


def test_merge_does_not_change_its_inputs():
    ours = edited(BASE, "a", note="one", modified=T1)
    theirs = edited(BASE, "a", note="two", modified=T2)
    before = copy.deepcopy((BASE, ours, theirs))
    merge(BASE, ours, theirs).annotation("a").note = "changed"
    assert (BASE, ours, theirs) == before


# Tags


def tags(*entries: tuple[str, str, str]) -> list[Tag]:
    return [Tag(id=i, label=label, color="#ffd54f", key=key) for i, label, key in entries]


def test_tags_merge_by_id_field_by_field():
    base = sidecar(tags=tags(("claim", "Claim", "1"), ("quote", "Quote", "2"), ("old", "Old", "")))
    ours = copy.deepcopy(base)
    ours.tags[0].label = "Claim made"
    ours.tags.append(Tag("ours", "Ours", "#000000"))
    theirs = copy.deepcopy(base)
    theirs.tags[0].color = "#ff0000"
    theirs.tags = [t for t in theirs.tags if t.id != "old"]
    theirs.tags.append(Tag("theirs", "Theirs", "#ffffff", extra={"x": 1}))
    merged = merge(base, ours, theirs)
    assert [t.id for t in merged.tags] == ["claim", "quote", "ours", "theirs"]
    claim = merged.tag("claim")
    assert (claim.label, claim.color) == ("Claim made", "#ff0000")
    assert merged.tag("theirs").extra == {"x": 1}


def test_tag_changed_on_both_sides_takes_ours_and_no_key_is_bound_twice():
    base = sidecar(tags=tags(("claim", "Claim", "1"), ("quote", "Quote", "2")))
    ours = copy.deepcopy(base)
    ours.tags[0].label = "Our claim"
    ours.tags[0].key = "3"
    theirs = copy.deepcopy(base)
    theirs.tags[0].label = "Their claim"
    theirs.tags[1].key = "3"
    merged = merge(base, ours, theirs)
    assert merged.tag("claim").label == "Our claim"
    assert [(t.id, t.key) for t in merged.tags] == [("claim", "3"), ("quote", "")]


# Source metadata and unknown keys


def test_metadata_merges_field_by_field():
    base = sidecar()
    ours = copy.deepcopy(base)
    ours.source.metadata["title"] = "Ferry fares rise"
    ours.source.metadata["outlet"] = "Our outlet"
    theirs = copy.deepcopy(base)
    theirs.source.metadata["author"] = "Ines Moreau"
    theirs.source.metadata["outlet"] = "Their outlet"
    theirs.source.metadata["section"] = "Business"  # a key another tool wrote
    metadata = merge(base, ours, theirs).source.metadata
    assert metadata["title"] == "Ferry fares rise"
    assert metadata["author"] == "Ines Moreau"
    assert metadata["outlet"] == "Our outlet"
    assert metadata["section"] == "Business"


def test_unknown_top_level_and_source_keys_are_kept_from_both():
    base = sidecar()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.extra["ours"] = [1]
    ours.source.extra["checked"] = True
    theirs.extra["theirs"] = {"a": 1}
    theirs.source.extra["desk"] = "foreign"
    merged = merge(base, ours, theirs)
    assert merged.extra == {"ours": [1], "theirs": {"a": 1}}
    assert merged.source.extra == {"checked": True, "desk": "foreign"}


def test_unknown_key_removed_on_one_side_but_changed_on_the_other_is_kept():
    base = sidecar()
    base.extra["k"] = 1
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    del ours.extra["k"]
    theirs.extra["k"] = 2
    assert merge(base, ours, theirs).extra == {"k": 2}
    unchanged = copy.deepcopy(base)
    assert merge(base, ours, unchanged).extra == {}


# Without a base


def test_merge_two_is_a_union_by_id_where_the_later_edit_wins():
    ours = sidecar(passage("a", tag="figure", modified=T2), passage("mine"))
    theirs = sidecar(passage("a", tag="quote", modified=T1), passage("yours"))
    merged = merge_two(ours, theirs)
    assert ids(merged) == {"a", "mine", "yours"}
    assert merged.annotation("a").tag == "figure"
    assert merge_two(theirs, ours).annotation("a").tag == "figure"


def test_merge_two_keeps_both_notes_and_fills_empty_metadata():
    ours = sidecar(passage("a", note="Mine", modified=T1), tags=tags(("claim", "Claim", "1")))
    theirs = sidecar(passage("a", note="Yours", modified=T2), tags=tags(("fig", "Figure", "1")))
    ours.source.metadata["title"] = "Ours"
    theirs.source.metadata["title"] = "Theirs"
    theirs.source.metadata["url"] = "https://example.org/a"
    merged = merge_two(ours, theirs)
    assert merged.annotation("a").note == "Yours" + NOTE_SEPARATOR + "Mine"
    assert merged.source.metadata["title"] == "Ours"
    assert merged.source.metadata["url"] == "https://example.org/a"
    assert [(t.id, t.key) for t in merged.tags] == [("claim", "1"), ("fig", "")]


# Property: merging with an unchanged side is a no-op

stamps = st.sampled_from([T0, T1, T2])
annotations = st.builds(
    Annotation,
    id=st.sampled_from(["a", "b", "c", "d", "e"]),
    start=st.integers(0, 5),
    end=st.integers(5, 10),
    exact=st.sampled_from(["x", "y"]),
    tag=st.sampled_from(["claim", "quote", ""]),
    status=st.sampled_from([None, "to-verify", "verified", "disputed"]),
    note=st.sampled_from(["", "one", "two", "one two"]),
    modified=stamps,
    extra=st.dictionaries(st.sampled_from(["p", "q"]), st.integers(0, 2), max_size=2),
)


def unique(items: list[Annotation]) -> Sidecar:
    return sidecar(*{a.id: a for a in items}.values())


sidecars = st.lists(annotations, max_size=5).map(unique)


def by_id(side: Sidecar) -> dict[str, Annotation]:
    return {a.id: a for a in side.annotations}


@settings(max_examples=200, deadline=None)
@given(base=sidecars, edited_side=sidecars)
def test_merging_with_an_unchanged_side_returns_the_edited_side(base, edited_side):
    assert by_id(merge(base, edited_side, base)) == by_id(edited_side)
    assert by_id(merge(base, base, edited_side)) == by_id(edited_side)


@settings(max_examples=100, deadline=None)
@given(ours=sidecars, theirs=sidecars)
def test_merge_two_loses_no_annotation(ours, theirs):
    assert ids(merge_two(ours, theirs)) == ids(ours) | ids(theirs)


# Property: a three-way merge never raises and never loses a passage added on either side.
# How many examples: the Hypothesis profile (tests/conftest.py).

anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=5,
)
any_passage = st.builds(
    Annotation,
    id=st.sampled_from(["a", "b", "c", "d"]),
    start=st.none() | st.integers(0, 50),
    end=st.none() | st.integers(0, 60),
    exact=st.text(min_size=1, max_size=8),
    tag=st.sampled_from(["claim", "quote", "", "unknown"]),
    status=st.sampled_from([None, "to-verify", "verified", "disputed"]),
    note=st.text(max_size=12),
    modified=stamps,
    extra=st.dictionaries(st.sampled_from(["p", "q"]), anything, max_size=2),
    target_extra=st.dictionaries(st.sampled_from(["r"]), anything, max_size=1),
)
any_tag = st.builds(
    Tag,
    id=st.sampled_from(["claim", "quote", "figure"]),
    label=st.text(max_size=5),
    color=st.sampled_from(["#ffd54f", "#81d4fa"]),
    key=st.sampled_from(["", "1", "2"]),
)


@st.composite
def edited_from(draw, base: Sidecar, side: str) -> tuple[Sidecar, set[str]]:
    """A copy of `base` with passages deleted, edited and added; and the ids it added."""
    result = copy.deepcopy(base)
    result.annotations = [
        dataclasses.replace(draw(any_passage), id=old.id) if draw(st.booleans()) else old
        for old in result.annotations
        if draw(st.integers(0, 3))  # one in four deleted
    ]
    added = draw(st.lists(any_passage, max_size=3))
    for number, passage in enumerate(added):
        passage.id = draw(st.sampled_from([f"{side}-{number}", "both-new"]))
    added = list({p.id: p for p in added}.values())
    result.annotations += added
    result.tags = draw(st.lists(any_tag, max_size=3, unique_by=lambda t: t.id))
    result.source.metadata["title"] = draw(st.text(max_size=4))
    result.extra = draw(st.dictionaries(st.sampled_from(["x", "y"]), anything, max_size=2))
    return result, {p.id for p in added}


@given(base=st.lists(any_passage, max_size=4).map(unique), data=st.data())
def test_a_merge_never_raises_and_never_loses_a_passage_added_on_either_side(base, data):
    ours, ours_added = data.draw(edited_from(base, "ours"))
    theirs, theirs_added = data.draw(edited_from(base, "theirs"))
    merged = merge(base, ours, theirs)
    assert ids(merged) >= ours_added | theirs_added
    assert len(merged.annotations) == len(ids(merged))  # no passage twice
    for passage_id in ours_added | theirs_added:
        sides = [s.annotation(passage_id) for s in (ours, theirs) if passage_id in ids(s)]
        note = merged.annotation(passage_id).note
        assert all(side.note in note for side in sides)  # neither side's note lost


# Tag keys, and what a two-way merge keeps of the earlier side


def test_a_key_bound_on_both_sides_stays_with_our_tag_when_theirs_comes_first():
    base = sidecar(tags=tags(("claim", "Claim", "1"), ("quote", "Quote", "2")))
    ours = copy.deepcopy(base)
    ours.tags[1].key = "5"  # we give Quote the key 5...
    theirs = copy.deepcopy(base)
    theirs.tags[0].key = "5"  # ...they give it to Claim, which comes first
    merged = merge(base, ours, theirs)
    assert [(t.id, t.key) for t in merged.tags] == [("claim", ""), ("quote", "5")]
    merged = merge(base, theirs, ours)  # seen from their side: their binding wins
    assert [(t.id, t.key) for t in merged.tags] == [("claim", "5"), ("quote", "")]


def test_a_key_taken_by_a_tag_only_they_added_stays_with_ours():
    base = sidecar(tags=tags(("claim", "Claim", "1")))
    ours = copy.deepcopy(base)
    ours.tags.append(Tag("mine", "Mine", "#000000", "7"))
    theirs = copy.deepcopy(base)
    theirs.tags.insert(0, Tag("theirs", "Theirs", "#ffffff", "7"))
    merged = merge(base, ours, theirs)
    assert {t.id: t.key for t in merged.tags} == {"claim": "1", "mine": "7", "theirs": ""}
    two = merge_two(theirs, ours)
    assert {t.id: t.key for t in two.tags} == {"claim": "1", "mine": "", "theirs": "7"}


def test_tags_without_keys_are_never_unbound():
    base = sidecar(tags=tags(("claim", "Claim", ""), ("quote", "Quote", "")))
    merged = merge(base, copy.deepcopy(base), copy.deepcopy(base))
    assert [(t.id, t.key) for t in merged.tags] == [("claim", ""), ("quote", "")]


def test_merge_two_keeps_the_earlier_sides_unknown_keys_under_the_later_ones():
    ours = sidecar(passage("a", modified=T2, extra={"shared": "ours", "ours": 1}))
    ours.annotations[0].target_extra = {"t": "ours"}
    theirs = sidecar(passage("a", modified=T1, extra={"shared": "theirs", "theirs": 2}))
    theirs.annotations[0].target_extra = {"t": "theirs", "t2": "theirs"}
    for merged in (merge_two(ours, theirs), merge_two(theirs, ours)):
        annotation = merged.annotation("a")
        assert annotation.extra == {"shared": "ours", "ours": 1, "theirs": 2}
        assert annotation.target_extra == {"t": "ours", "t2": "theirs"}


def test_merge_two_keeps_unknown_keys_of_tags_source_and_top_from_both():
    ours = sidecar(tags=[Tag("claim", "Claim", "#ffd54f", "1", extra={"a": 1, "s": "ours"})])
    theirs = sidecar(tags=[Tag("claim", "Claim!", "#000000", "2", extra={"b": 2, "s": "th"})])
    ours.extra, theirs.extra = {"o": 1, "s": "ours"}, {"t": 2, "s": "theirs"}
    ours.source.extra, theirs.source.extra = {"o": 1}, {"t": 2, "o": 0}
    ours.source.metadata.update(title="", outlet="Ours", **{"x-ours": 1})
    theirs.source.metadata.update(title="Theirs", outlet="Theirs", **{"x-theirs": 2})
    merged = merge_two(ours, theirs)
    (tag,) = merged.tags
    assert (tag.label, tag.color, tag.key, tag.extra) == (
        "Claim", "#ffd54f", "1", {"a": 1, "b": 2, "s": "ours"},
    )  # fmt: skip
    assert merged.extra == {"o": 1, "t": 2, "s": "ours"}
    assert merged.source.extra == {"o": 1, "t": 2}
    metadata = merged.source.metadata
    assert (metadata["title"], metadata["outlet"]) == ("Theirs", "Ours")
    assert (metadata["x-ours"], metadata["x-theirs"]) == (1, 2)


def test_merge_two_of_the_same_note_keeps_it_once():
    ours = sidecar(passage("a", note="Check the figure", modified=T1))
    theirs = sidecar(passage("a", note="Check the figure", modified=T2))
    assert merge_two(ours, theirs).annotation("a").note == "Check the figure"
    theirs = sidecar(passage("a", note="Check", modified=T2))
    assert merge_two(ours, theirs).annotation("a").note == "Check the figure"


def test_on_equal_times_our_edit_wins_both_ways():
    ours = edited(BASE, "a", tag="figure", modified=T1)
    theirs = edited(BASE, "a", tag="person", modified=T1)
    assert merge(BASE, ours, theirs).annotation("a").tag == "figure"
    assert merge(BASE, theirs, ours).annotation("a").tag == "person"
    two_ours = sidecar(passage("n", tag="figure", note="Mine", modified=T1))
    two_theirs = sidecar(passage("n", tag="person", note="Yours", modified=T1))
    merged = merge_two(two_ours, two_theirs).annotation("n")
    assert (merged.tag, merged.note) == ("figure", "Mine" + NOTE_SEPARATOR + "Yours")


def test_when_we_edited_later_our_selectors_and_unknown_keys_win():
    base = edited(BASE, "a", extra={"k": 0}, target_extra={"t": 0})
    ours = edited(base, "a", start=11, end=21, extra={"k": 1}, target_extra={"t": 1}, modified=T2)
    theirs = edited(base, "a", start=13, end=23, extra={"k": 2}, target_extra={"t": 2}, modified=T1)
    merged = merge(base, ours, theirs).annotation("a")
    assert (merged.start, merged.end) == (11, 21)
    assert (merged.extra, merged.target_extra) == ({"k": 1}, {"t": 1})
    merged = merge(base, theirs, ours).annotation("a")  # the same winner from the other side
    assert (merged.start, merged.extra, merged.target_extra) == (11, {"k": 1}, {"t": 1})


def test_a_key_we_changed_and_they_removed_is_kept():
    base = sidecar()
    base.extra["k"] = 1
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.extra["k"] = 2
    del theirs.extra["k"]
    assert merge(base, ours, theirs).extra == {"k": 2}


def test_a_null_value_added_on_one_side_is_kept():
    base = sidecar()
    ours = copy.deepcopy(base)
    ours.extra["x-reviewed"] = None
    theirs = copy.deepcopy(base)
    theirs.source.metadata["x-section"] = None
    merged = merge(base, ours, theirs)
    assert merged.extra == {"x-reviewed": None}
    assert "x-section" in merged.source.metadata


def test_the_same_tag_added_on_both_sides_is_one_tag_with_both_sides_keys():
    base = sidecar(tags=tags(("claim", "Claim", "1")))
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.tags.append(Tag("source", "Needs a source", "#000000", "8", extra={"o": 1}))
    theirs.tags.append(Tag("source", "Source?", "#ffffff", "", extra={"t": 2}))
    merged = merge(base, ours, theirs)
    assert [t.id for t in merged.tags] == ["claim", "source"]
    assert merged.tag("source").label == "Needs a source"
    assert merged.tag("source").extra == {"o": 1, "t": 2}


def test_unknown_keys_of_a_tag_merge_key_by_key():
    base = sidecar(tags=[Tag("claim", "Claim", "#ffd54f", "1", extra={"a": 1})])
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.tags[0].extra["b"] = 2
    theirs.tags[0].extra["c"] = 3
    assert merge(base, ours, theirs).tag("claim").extra == {"a": 1, "b": 2, "c": 3}


def test_a_key_bound_twice_by_hand_and_by_no_one_of_ours_goes_to_the_first_tag():
    base = sidecar(tags=tags(("claim", "Claim", ""), ("quote", "Quote", "")))
    ours = copy.deepcopy(base)
    theirs = copy.deepcopy(base)  # a sidecar edited by hand: one key on two tags
    theirs.tags[0].key = theirs.tags[1].key = "5"
    merged = merge(base, ours, theirs)
    assert [(t.id, t.key) for t in merged.tags] == [("claim", "5"), ("quote", "")]


def _scribble(value, seen=None):
    """Change every list, dict and dataclass reachable from `value`, in place."""
    import dataclasses

    seen = seen if seen is not None else set()
    if id(value) in seen:
        return
    seen.add(id(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            child = getattr(value, field.name)
            if isinstance(child, str):
                setattr(value, field.name, child + "!")
            else:
                _scribble(child, seen)
    elif isinstance(value, dict):
        for child in list(value.values()):
            _scribble(child, seen)
        value["scribbled"] = True
    elif isinstance(value, list):
        for child in value:
            _scribble(child, seen)
        value.append("scribbled")


def _nested(value: str) -> dict:
    """Unknown keys shared by both sides, and one of this side's own, all holding lists."""
    return {"shared": [value], value: [[value]]}


def _rich(annotation_id: str, modified: str, value: str) -> Annotation:
    annotation = passage(annotation_id, modified=modified, note=value, extra=_nested(value))
    annotation.target_extra = _nested(value)
    annotation.raw_selectors = [{"type": "TextQuoteSelector", "exact": "the quote"}]
    return annotation


def _rich_sidecar(value: str, modified: str, *ids: str) -> Sidecar:
    side = sidecar(*(_rich(i, modified, value) for i in ids))
    side.tags = [Tag("claim", "Claim", "#ffd54f", "1", extra=_nested(value))]
    side.extra = _nested(value)
    side.source.extra = _nested(value)
    side.source.metadata.update(_nested(value))
    return side


def test_changing_a_merge_result_never_changes_what_was_merged():
    base = _rich_sidecar("base", T0, "a", "gone")
    ours = _rich_sidecar("ours", T1, "a", "mine")
    theirs = _rich_sidecar("theirs", T2, "a", "yours")
    before = copy.deepcopy((base, ours, theirs))
    _scribble(merge(base, ours, theirs))
    _scribble(merge_two(ours, theirs))
    _scribble(merge_two(theirs, ours))
    assert (base, ours, theirs) == before
