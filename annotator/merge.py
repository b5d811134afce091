"""Merging two people's (or two windows') versions of one sidecar, losing no one's work.

`merge` is a three-way merge against the version both started from; `merge_two` is for
when that common version is not known. No Qt, no I/O.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any, TypeVar

from annotator.model import Annotation, Sidecar, Source, Tag
from annotator.store import annotation_json

NOTE_SEPARATOR = "\n\n— "

_MISSING: Any = object()
# The passage an annotation points at: these move together, never one without the others.
_SELECTOR_FIELDS = (
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "anchor",
    "stored_start",
    "stored_end",
    "raw_selectors",
)
_ANNOTATION_FIELDS = ("tag", "status", "author", "created", "review", "resolved")
_TAG_FIELDS = ("label", "color", "key")

Item = TypeVar("Item", Annotation, Tag)


def merge(base: Sidecar, ours: Sidecar, theirs: Sidecar) -> Sidecar:
    """Three-way merge of two edited copies of `base`, by annotation and tag id."""
    result = copy.deepcopy(ours)
    result.source = _merge_source(base.source, ours.source, theirs.source)
    result.tags = _dedupe_keys(
        _merge_items(base.tags, ours.tags, theirs.tags, _merge_tag, _merge_tag_two), ours.tags
    )
    result.annotations = _merge_items(
        base.annotations,
        ours.annotations,
        theirs.annotations,
        _merge_annotation,
        _merge_annotation_two,
    )
    result.dismissed = _merge_entries(base.dismissed, ours.dismissed, theirs.dismissed)
    result.extra = _merge_dict(base.extra, ours.extra, theirs.extra)
    result.sort()
    return result


def _merge_entries(base: list, ours: list, theirs: list) -> list:
    """A list of plain entries (dismissed suggestions): what either side added stays, what
    either side took out (an undone dismissal) goes; ours' order, then theirs' additions."""

    def keys(entries: list) -> list[str]:
        return [json.dumps(entry, sort_keys=True, ensure_ascii=False) for entry in entries]

    before, mine, other = set(keys(base)), keys(ours), keys(theirs)
    removed = (before - set(mine)) | (before - set(other))
    result, seen = [], set()
    for key, entry in [*zip(mine, ours, strict=True), *zip(other, theirs, strict=True)]:
        if key not in seen and key not in removed:
            seen.add(key)
            result.append(copy.deepcopy(entry))
    return result


def merge_two(ours: Sidecar, theirs: Sidecar) -> Sidecar:
    """Union of two sidecars by id when no common version is known; the later edit wins."""
    result = copy.deepcopy(ours)
    metadata = copy.deepcopy(theirs.source.metadata)  # the result shares nothing with theirs
    for key, value in ours.source.metadata.items():
        if value or key not in metadata:
            metadata[key] = copy.deepcopy(value)
    result.source.metadata = metadata
    result.source.extra = {**copy.deepcopy(theirs.source.extra), **result.source.extra}
    result.tags = _dedupe_keys(
        _merge_items([], ours.tags, theirs.tags, _merge_tag, _merge_tag_two), ours.tags
    )
    result.annotations = _merge_items(
        [], ours.annotations, theirs.annotations, _merge_annotation, _merge_annotation_two
    )
    result.dismissed = _merge_entries([], ours.dismissed, theirs.dismissed)
    result.extra = {**copy.deepcopy(theirs.extra), **result.extra}
    result.sort()
    return result


def _pick(base: Any, ours: Any, theirs: Any, ours_wins: bool) -> Any:
    """A value changed on one side takes that change; changed on both, the winner's.

    A value removed on one side and changed on the other is kept: nothing is lost.
    """
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    if theirs is _MISSING or ours is _MISSING:
        return theirs if ours is _MISSING else ours
    return ours if ours_wins else theirs


def _pick_fields(
    result: Any, names: tuple[str, ...], base: Any, ours: Any, theirs: Any, ours_wins: bool
) -> None:
    """Set each named field of `result` to the three-way pick of it."""
    for name in names:
        picked = _pick(getattr(base, name), getattr(ours, name), getattr(theirs, name), ours_wins)
        setattr(result, name, picked)


def _merge_dict(base: dict, ours: dict, theirs: dict, ours_wins: bool = True) -> dict:
    """Key by key; a key removed on one side and untouched on the other goes.

    A list of objects with ids (a passage's `replies`) changed on both sides is merged
    entry by entry, so a reply written on each side keeps both.
    """
    result = {}
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        old, mine, other = (side.get(key, _MISSING) for side in (base, ours, theirs))
        if mine != other and _by_id(mine) and _by_id(other) and (old is _MISSING or _by_id(old)):
            value = _merge_entries_by_id([] if old is _MISSING else old, mine, other, ours_wins)
        else:
            value = _pick(old, mine, other, ours_wins)
        if value is not _MISSING:
            result[key] = copy.deepcopy(value)
    return result


def _by_id(value: Any) -> bool:
    """True for a list of objects, each with its own text id: [{"id": "r1", …}, …]."""
    if not isinstance(value, list):
        return False
    ids = [entry.get("id") if isinstance(entry, dict) else None for entry in value]
    return all(isinstance(i, str) and i for i in ids) and len(set(ids)) == len(ids)


def _merge_entries_by_id(base: list, ours: list, theirs: list, ours_wins: bool) -> list:
    """Entries with ids, as passages merge: added on either side kept, removed on one side
    and untouched on the other gone, changed on both merged key by key."""
    base_by_id = {entry["id"]: entry for entry in base}
    theirs_by_id = {entry["id"]: entry for entry in theirs}
    ours_ids = {entry["id"] for entry in ours}
    result = []
    for entry in ours:
        old, other = base_by_id.get(entry["id"]), theirs_by_id.get(entry["id"])
        if other is not None:
            result.append(_merge_dict(old or {}, entry, other, ours_wins))
        elif old is None or entry != old:
            result.append(copy.deepcopy(entry))
    for entry in theirs:
        old = base_by_id.get(entry["id"])
        if entry["id"] not in ours_ids and (old is None or entry != old):
            result.append(copy.deepcopy(entry))
    return result


def _merge_items(
    base: list[Item],
    ours: list[Item],
    theirs: list[Item],
    merge_three: Callable[[Item, Item, Item], Item],
    merge_two: Callable[[Item, Item], Item],
) -> list[Item]:
    """Merge lists of things with ids: ours' order first, then what only theirs has."""
    base_by_id = {item.id: item for item in base}
    theirs_by_id = {item.id: item for item in theirs}
    ours_ids = {item.id for item in ours}
    result = []
    for item in ours:
        old, other = base_by_id.get(item.id), theirs_by_id.get(item.id)
        if other is not None:
            result.append(merge_three(old, item, other) if old else merge_two(item, other))
        elif old is None or _changed(item, old):  # added by us, or deleted by them but edited by us
            result.append(copy.deepcopy(item))
    for item in theirs:
        old = base_by_id.get(item.id)
        if item.id not in ours_ids and (old is None or _changed(item, old)):
            result.append(copy.deepcopy(item))
    return result


def _changed(item: Item, old: Item) -> bool:
    """True when someone edited an item since its old version.

    For a passage that means what a person changes (tag, status, note, a re-attachment or
    review, which stamp `modified`), not where re-anchoring found it in an edited article
    or its pending review: a passage one writer deleted is not brought back by another
    writer having merely re-read it.
    """
    if isinstance(item, Annotation):
        edited = annotation_json(item)
        before = annotation_json(old)
        for data in (edited, before):
            data.pop("target")
            data.pop("review", None)
        return edited != before
    return item != old


def _join_notes(first: str, second: str) -> str:
    """Both notes, unless one already holds the other."""
    if first in second:
        return second
    if second in first:
        return first
    return first + NOTE_SEPARATOR + second


def _merge_annotation(base: Annotation, ours: Annotation, theirs: Annotation) -> Annotation:
    ours_wins = ours.modified >= theirs.modified
    result = copy.deepcopy(ours)
    _pick_fields(result, _ANNOTATION_FIELDS, base, ours, theirs, ours_wins)
    selectors = _pick(_selectors(base), _selectors(ours), _selectors(theirs), ours_wins)
    for name, value in zip(_SELECTOR_FIELDS, selectors, strict=True):
        setattr(result, name, copy.deepcopy(value))
    if base.note not in (ours.note, theirs.note):
        result.note = _join_notes(ours.note, theirs.note)
    else:
        result.note = _pick(base.note, ours.note, theirs.note, ours_wins)
    result.modified = _pick(
        base.modified, ours.modified, theirs.modified, ours_wins
    )  # on a conflict the winner's is the later one
    result.replies = _merge_replies(base.replies, ours.replies, theirs.replies, ours_wins)
    result.extra = _merge_dict(base.extra, ours.extra, theirs.extra, ours_wins)
    result.target_extra = _merge_dict(
        base.target_extra, ours.target_extra, theirs.target_extra, ours_wins
    )
    return result


def _merge_replies(
    base: list | None, ours: list | None, theirs: list | None, ours_wins: bool = True
) -> list | None:
    """A passage's thread, reply by id: what either side added stays, a reply one side
    took out and the other left alone goes, one on both sides is merged key by key (as
    `_merge_dict` merges other lists of entries with ids). Oldest first (by `created`, then as they stood)."""
    if ours is None and theirs is None:
        return None
    before = {_reply_id(r): r for r in base or []}
    mine = {_reply_id(r): r for r in ours or []}
    other = {_reply_id(r): r for r in theirs or []}
    result = []
    for key in [*mine, *(k for k in other if k not in mine)]:
        old, left, right = (side.get(key, _MISSING) for side in (before, mine, other))
        if isinstance(left, dict) and isinstance(right, dict):  # on both: key by key
            picked = _merge_dict(old if isinstance(old, dict) else {}, left, right, ours_wins)
        else:
            picked = _pick(old, left, right, ours_wins)
        if picked is not _MISSING:
            result.append(copy.deepcopy(picked))
    result.sort(key=lambda reply: str(reply.get("created", "")))
    return result


def _reply_id(reply: Any) -> str:
    if isinstance(reply, dict) and isinstance(reply.get("id"), str):
        return reply["id"]
    return json.dumps(reply, sort_keys=True, ensure_ascii=False)


def _merge_annotation_two(ours: Annotation, theirs: Annotation) -> Annotation:
    """The same annotation from two sides with no common version: the later one wins."""
    later, earlier = (ours, theirs) if ours.modified >= theirs.modified else (theirs, ours)
    result = copy.deepcopy(later)
    result.note = _join_notes(later.note, earlier.note)
    result.replies = _merge_replies(None, later.replies, earlier.replies)
    result.extra = {**copy.deepcopy(earlier.extra), **result.extra}
    result.target_extra = {**copy.deepcopy(earlier.target_extra), **result.target_extra}
    return result


def _selectors(annotation: Annotation) -> tuple[Any, ...]:
    return tuple(getattr(annotation, name) for name in _SELECTOR_FIELDS)


def _merge_tag(base: Tag, ours: Tag, theirs: Tag) -> Tag:
    result = copy.deepcopy(ours)
    _pick_fields(result, _TAG_FIELDS, base, ours, theirs, True)
    result.extra = _merge_dict(base.extra, ours.extra, theirs.extra)
    return result


def _merge_tag_two(ours: Tag, theirs: Tag) -> Tag:
    result = copy.deepcopy(ours)
    result.extra = {**copy.deepcopy(theirs.extra), **result.extra}
    return result


def _dedupe_keys(tags: list[Tag], ours: list[Tag]) -> list[Tag]:
    """No key on two tags: where a merge brought two together, our binding keeps it."""
    ours_keys = {tag.id: tag.key for tag in ours}
    holders: dict[str, list[Tag]] = {}
    for tag in tags:
        if tag.key:
            holders.setdefault(tag.key, []).append(tag)
    for key, tagged in holders.items():
        if len(tagged) > 1:
            keeper = next((t for t in tagged if ours_keys.get(t.id) == key), tagged[0])
            for tag in tagged:
                if tag is not keeper:
                    tag.key = ""
    return tags


def _merge_source(base: Source, ours: Source, theirs: Source) -> Source:
    """Metadata field by field; what the source file is comes from ours."""
    result = copy.deepcopy(ours)
    result.metadata = _merge_dict(base.metadata, ours.metadata, theirs.metadata)
    if ours.guessed is not None:
        # A detail stays the program's guess only while neither side made it hers.
        theirs_guessed = set(theirs.guessed if theirs.guessed is not None else ours.guessed)
        result.guessed = [
            key
            for key in ours.guessed
            if key in theirs_guessed and result.metadata.get(key) == ours.metadata.get(key)
        ]
    result.extra = _merge_dict(base.extra, ours.extra, theirs.extra)
    return result
