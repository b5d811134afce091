"""A passage's thread in the sidecar (formats.md §2 "replies", "resolved"): read, written
back exactly, refused when malformed, and merged reply by reply."""

from __future__ import annotations

import copy
import json

import pytest

from annotator import store
from annotator.merge import merge, merge_two
from annotator.model import new_reply

PASSAGE = {
    "id": "p1", "created": "2026-11-25T16:00:00Z", "modified": "2026-11-25T16:00:00Z",
    "author": "", "tag": "claim", "status": None, "note": "Check",
    "target": {"selector": [{"type": "TextQuoteSelector", "exact": "quote", "prefix": "",
                             "suffix": ""}]},
}  # fmt: skip


def sidecar_bytes(**passage) -> bytes:
    data = {"format": "annotator-sidecar", "version": 1, "source": {}, "tags": [],
            "annotations": [{**PASSAGE, **passage}]}  # fmt: skip
    return store.dumps(store.loads(json.dumps(data).encode(), "x"))


@pytest.mark.parametrize(
    "thread",
    [
        {},
        {"resolved": False},
        {"resolved": True, "replies": []},
        {
            "replies": [
                {
                    "id": "r1",
                    "author": "Ed",
                    "created": "2026-11-27T10:00:00Z",
                    "text": "Yes",
                    "origin": "brief",
                    "colour": "blue",
                }
            ]
        },
    ],
)
def test_a_thread_is_written_back_exactly_as_read(thread):
    once = sidecar_bytes(**thread)
    again = store.dumps(store.loads(once, "x"))
    assert again == once
    written = json.loads(once)["annotations"][0]
    assert {key: written[key] for key in thread} == thread  # unknown reply keys kept
    annotation = store.loads(once, "x").annotations[0]
    assert annotation.resolved is thread.get("resolved")
    assert annotation.replies == thread.get("replies")


@pytest.mark.parametrize(
    ("thread", "said"),
    [
        ({"resolved": "yes"}, "annotations[0].resolved is not true or false"),
        ({"replies": {"id": "r"}}, "annotations[0].replies is not a list"),
        ({"replies": [{"text": "no id"}]}, "annotations[0].replies[0] has no id"),
        ({"replies": [{"id": "r", "text": 5}]}, "annotations[0].replies[0].text is not text"),
    ],
)
def test_a_malformed_thread_is_refused_by_name(thread, said):
    data = {"format": "annotator-sidecar", "version": 1, "annotations": [{**PASSAGE, **thread}]}
    with pytest.raises(store.SidecarError, match=said.replace("[", r"\[").replace("]", r"\]")):
        store.loads(json.dumps(data).encode(), "x")


def test_replies_merge_by_id_and_resolved_by_side():
    base = store.loads(sidecar_bytes(replies=[{"id": "old", "text": "first",
                                               "created": "2026-01-01T00:00:00Z"}]), "x")  # fmt: skip
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine = new_reply("mine")
    ours.annotations[0].replies.append(mine)
    theirs.annotations[0].replies = [
        {"id": "ed", "text": "theirs", "created": "2026-01-02T00:00:00Z"}
    ]
    theirs.annotations[0].resolved = True
    merged = merge(base, ours, theirs).annotations[0]
    assert [r["id"] for r in merged.replies] == ["ed", mine["id"]]  # "old" they deleted
    assert merged.resolved is True
    both = merge_two(ours, theirs).annotations[0]
    assert {r["id"] for r in both.replies} == {"old", "ed", mine["id"]}


def test_a_reply_changed_on_both_sides_keeps_both_changes():
    reply = {"id": "r", "text": "first", "created": "2026-01-01T00:00:00Z"}
    base = store.loads(sidecar_bytes(replies=[reply]), "x")
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.annotations[0].replies[0]["text"] = "first, corrected"
    theirs.annotations[0].replies[0]["seen"] = True  # another tool's key
    (merged,) = merge(base, ours, theirs).annotations[0].replies
    assert merged == {**reply, "text": "first, corrected", "seen": True}
