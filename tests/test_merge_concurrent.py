"""Property: two people editing one sidecar at once; the three-way merge (the merge driver's
and the window's) loses no edit of either.

Each side makes a random series of the edits a reporter makes (add, delete, note, tag,
status, a reply, resolving a thread, a tag of the set, a source detail, a dismissed
suggestion). What each side changed is worked out by comparing it with the base, and
every change the other side did not also make must be in the merge; where both changed
the same thing, the merge holds one side's value (a note: both texts).
"""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.merge import merge
from annotator.model import Annotation, Sidecar, Tag

STAMPS = ("2026-11-25T16:00:00Z", "2026-11-25T17:00:00Z", "2026-11-25T18:00:00Z")
WORDS = st.sampled_from(["", "Ask ICSR", "Check the figure", "Call back", "Ask ICSR again"])
STATUS = st.sampled_from([None, "to-verify", "verified", "disputed"])
TAG_IDS = st.sampled_from(["claim", "quote", "figure", ""])
COLORS = st.sampled_from(["#ffd54f", "#81d4fa", "#a5d6a7"])


def passage(passage_id: str, number: int, note: str = "", **extra) -> Annotation:
    return Annotation(
        id=passage_id, start=number * 10, end=number * 10 + 5, exact=f"quote {number}",
        tag="claim", note=note, created=STAMPS[0], modified=STAMPS[0], extra=extra,
    )  # fmt: skip


@st.composite
def bases(draw) -> Sidecar:
    count = draw(st.integers(0, 5))
    annotations = []
    for number in range(count):
        extra = {}
        if draw(st.booleans()):
            extra["replies"] = [{"id": f"base-r{number}", "author": "Editor", "text": "Why?"}]
            extra["resolved"] = False
        annotations.append(passage(f"p{number}", number, draw(WORDS), **extra))
    sidecar = Sidecar(annotations=annotations)
    sidecar.tags = [Tag("claim", "Claim", "#ffd54f", "1"), Tag("quote", "Quote", "#81d4fa", "2")]
    sidecar.dismissed = [{"kind": "figure", "start": 3, "end": 5, "exact": "42"}]
    return sidecar


@st.composite
def edited(draw, base: Sidecar, side: str) -> Sidecar:
    """`base` after a series of one person's edits, each stamped with her edit time."""
    result = copy.deepcopy(base)
    stamp = draw(st.sampled_from(STAMPS[1:]))
    ids = [a.id for a in base.annotations]
    for step in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(
            ["add", "delete", "note", "tag", "status", "reply", "resolve", "tagset",
             "colour", "detail", "dismiss"]
        ))  # fmt: skip
        target = result.annotation(draw(st.sampled_from(ids))) if ids else None
        if kind == "add":
            result.annotations.append(passage(f"{side}-{step}", 50 + step, draw(WORDS)))
            result.annotations[-1].modified = stamp
        elif kind == "delete" and target is not None:
            result.annotations.remove(target)
        elif kind in ("note", "tag", "status", "reply", "resolve") and target is not None:
            target.modified = stamp
            if kind == "note":
                target.note = draw(st.sampled_from([f"{side}'s note", "", "Ask ICSR"]))
            elif kind == "tag":
                target.tag = draw(TAG_IDS)
            elif kind == "status":
                target.status = draw(STATUS)
            elif kind == "reply":
                reply = {"id": f"{side}-r{step}", "author": side, "text": draw(WORDS)}
                target.extra["replies"] = [*target.extra.get("replies", []), reply]
            else:
                target.extra["resolved"] = draw(st.booleans())
        elif kind == "tagset":
            result.tags.append(Tag(f"{side}-tag{step}", draw(WORDS), draw(COLORS)))
        elif kind == "colour":
            draw(st.sampled_from(result.tags)).color = draw(COLORS)
        elif kind == "detail":
            result.source.metadata[draw(st.sampled_from(["title", "outlet"]))] = draw(WORDS)
        elif kind == "dismiss":
            result.dismissed.append({"kind": "quote", "start": step, "end": 9, "exact": side})
    return result


FIELDS = ("tag", "status", "note", "modified")


def edits(before: Annotation, after: Annotation) -> bool:
    """True when a person changed the passage (what a deletion on the other side yields to)."""
    return any(getattr(before, f) != getattr(after, f) for f in FIELDS) or (
        before.extra != after.extra
    )


def taken(base, ours, theirs, merged) -> bool:
    """A value changed on one side only is the merge's; changed on both, one side's is."""
    if ours == base:
        return merged == theirs
    if theirs == base:
        return merged == ours
    return merged in (ours, theirs)


def check_passages(base: Sidecar, ours: Sidecar, theirs: Sidecar, merged: Sidecar) -> None:
    old = {a.id: a for a in base.annotations}
    sides = ({a.id: a for a in ours.annotations}, {a.id: a for a in theirs.annotations})
    result = {a.id: a for a in merged.annotations}
    assert len(result) == len(merged.annotations)  # no passage twice
    for passage_id in old.keys() | sides[0].keys() | sides[1].keys():
        was, mine, other = old.get(passage_id), *(s.get(passage_id) for s in sides)
        kept = [p for p in (mine, other) if p is not None]
        if was is None or (mine is not None and other is not None):
            assert passage_id in result  # added, or kept by both
        elif not kept or not edits(was, kept[0]):
            assert passage_id not in result  # deleted, and not edited by the other side
            continue
        else:
            assert passage_id in result  # deleted on one side but edited on the other
        now = result[passage_id]
        if len(kept) == 1 or was is None:
            assert (now.tag, now.status) in {(p.tag, p.status) for p in kept}
            assert all(p.note in now.note for p in kept)
            continue
        for name in ("tag", "status"):
            assert taken(getattr(was, name), getattr(mine, name), getattr(other, name),
                         getattr(now, name))  # fmt: skip
        if mine.note != was.note and other.note != was.note:
            assert mine.note in now.note and other.note in now.note
        else:
            assert taken(was.note, mine.note, other.note, now.note)
        assert taken(was.extra.get("resolved"), mine.extra.get("resolved"),
                     other.extra.get("resolved"), now.extra.get("resolved"))  # fmt: skip
        replies = {r["id"] for r in now.extra.get("replies", [])}
        for side in (mine, other):
            added = {r["id"] for r in side.extra.get("replies", [])} - {
                r["id"] for r in was.extra.get("replies", [])
            }
            assert added <= replies


def check_the_rest(base: Sidecar, ours: Sidecar, theirs: Sidecar, merged: Sidecar) -> None:
    tags = {t.id: t for t in merged.tags}
    before = {t.id: t for t in base.tags}
    for side in (ours, theirs):
        for tag in side.tags:
            assert tag.id in tags  # a tag added on either side, or kept by both
    for tag_id, old in before.items():
        mine = next(t for t in ours.tags if t.id == tag_id)
        other = next(t for t in theirs.tags if t.id == tag_id)
        if mine.color == old.color or other.color == old.color:
            assert taken(old.color, mine.color, other.color, tags[tag_id].color)
        else:
            assert tags[tag_id].color == mine.color  # both recoloured: ours, as documented
    for key in ("title", "outlet"):
        old, mine, other = (s.source.metadata[key] for s in (base, ours, theirs))
        assert taken(old, mine, other, merged.source.metadata[key])
    for side in (ours, theirs):
        for entry in side.dismissed:
            if entry not in base.dismissed:
                assert entry in merged.dismissed


@settings(max_examples=max(1000, settings.default.max_examples), deadline=None)
@given(data=st.data())
def test_a_three_way_merge_of_concurrent_edits_loses_no_edit_of_either_side(data):
    base = data.draw(bases())
    ours = data.draw(edited(base, "ours"))
    theirs = data.draw(edited(base, "theirs"))
    snapshot = copy.deepcopy((base, ours, theirs))

    merged = merge(base, ours, theirs)

    assert copy.deepcopy((base, ours, theirs)) == snapshot  # the inputs are not changed
    check_passages(base, ours, theirs, merged)
    check_the_rest(base, ours, theirs, merged)
