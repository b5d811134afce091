"""The quick reader of the usual sidecar (`sidecar_typed`) against the general one.

Whatever the bytes, the quick reader either declines (None) or gives a sidecar equal to
the general reader's, which saves to the same bytes; and `store.loads` says exactly
what the general reader says of a file it refuses.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator import sidecar_typed, store
from annotator.document import Document
from annotator.model import STATUSES, make_annotation
from annotator.sidecar_json import parse
from tests.test_store_properties import json_values, mutated, text
from tests.texts import SCRAPED

EMPTY = store.new_sidecar(Document(Path("ferry.txt"), SCRAPED, "utf-8", "\n"))
QUOTES = ["Ines Moreau", "About 4,800", "Something had to give.", "the fuel bill"]


def general(raw: bytes):
    """What the general reader makes of `raw`: a Sidecar, or its one-line message."""
    try:
        data = parse(raw)
    except (ValueError, RecursionError) as error:  # not JSON, not UTF-8, too deep
        return ("unparsed", type(error).__name__)
    try:
        store._refuse_deep(data)
        return store.from_json(data)
    except (store.SidecarError, RecursionError) as error:
        return ("refused", str(error))


def loaded(raw: bytes):
    try:
        return store.loads(raw, "n.json")
    except store.SidecarError as error:
        return ("refused", str(error))


@st.composite
def usual(draw) -> dict:
    """A sidecar as this version writes it, in all its variety: replies, reviews,
    resolved flags, orphans, positions that do not fit, selectors in either order."""
    sidecar = copy.deepcopy(EMPTY)
    sidecar.source.metadata.update(title=draw(text))
    for number, quote in enumerate(draw(st.lists(st.sampled_from(QUOTES), max_size=4))):
        start = SCRAPED.index(quote)
        passage = make_annotation(
            SCRAPED, start, start + len(quote), note=draw(text), tag=draw(text),
            status=draw(st.sampled_from(STATUSES)), author=draw(text),
        )  # fmt: skip
        passage.id = f"p{number}{draw(text)}"
        if draw(st.booleans()):
            passage.review = {
                "anchor": "moved",
                "previous": draw(st.dictionaries(text, json_values)),
            }
        if draw(st.booleans()):
            passage.resolved = draw(st.booleans())
        if draw(st.booleans()):
            passage.replies = [
                {"id": f"r{n}", "author": draw(text), "text": draw(text), **extra}
                for n, extra in enumerate(draw(st.lists(st.dictionaries(text, json_values), max_size=2)))
            ]  # fmt: skip
        if draw(st.booleans()):
            passage.start = passage.end = passage.stored_start = passage.stored_end = None
        sidecar.annotations.append(passage)
    if draw(st.booleans()):
        sidecar.dismissed = draw(st.lists(st.dictionaries(text, json_values), max_size=2))
    data = store.to_json(sidecar)
    for item in data["annotations"]:
        selectors = item["target"]["selector"]
        order = draw(st.sampled_from(["as written", "reversed", "bad position"]))
        if order == "reversed":
            selectors.reverse()
        elif order == "bad position" and selectors[0]["type"] == "TextPositionSelector":
            selectors[0]["start"] = draw(st.sampled_from([-1, selectors[0]["end"] + 1]))
    return data


@st.composite
def usual_bytes(draw) -> bytes:
    """A usual sidecar, now and then edited by hand: a value changed or dropped."""
    data = draw(usual())
    holders = [data, data["source"], *data["annotations"]]
    holders += [a["target"]["selector"][0] for a in data["annotations"]]
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):
        holder = draw(st.sampled_from(holders))
        if not holder:
            continue
        key = draw(st.sampled_from(sorted(holder)))
        if draw(st.booleans()):
            holder[key] = draw(json_values)
        else:
            del holder[key]
    raw = json.dumps(
        data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2]))
    )
    return raw.encode("utf-8", "surrogatepass")


def check(raw: bytes) -> None:
    expected = general(raw)
    quick = sidecar_typed.decode(raw.removeprefix(b"\xef\xbb\xbf"))
    if quick is not None:
        assert quick == expected
        assert store.dumps(quick) == store.dumps(expected)
    if isinstance(expected, tuple) and expected[0] == "refused":
        assert loaded(raw) == ("refused", f"n.json: {expected[1]}; it was left as it is")
    elif not isinstance(expected, tuple):
        assert repr(loaded(raw)) == repr(expected)  # NaN, kept as read, is not equal to itself


@given(usual_bytes())
def test_the_quick_reader_reads_as_the_general_one(raw: bytes) -> None:
    check(raw)


@given(mutated())
def test_the_quick_reader_declines_what_it_does_not_know(raw: bytes) -> None:
    check(raw)


def written(**changes) -> bytes:
    sidecar = copy.deepcopy(EMPTY)
    start = SCRAPED.index(QUOTES[0])
    passage = make_annotation(SCRAPED, start, start + len(QUOTES[0]), note="n", tag="claim")
    passage.id = "p1"
    for name, value in changes.items():
        setattr(passage, name, value)
    sidecar.annotations.append(passage)
    return store.dumps(sidecar)


@pytest.mark.parametrize(
    "changes",
    [{}, {"replies": [{"id": "r", "author": "Ed", "text": "ok", "origin": "brief"}]},
     {"review": {"anchor": "fuzzy", "since": "", "previous": {"start": 1}}, "resolved": True}],
)  # fmt: skip
def test_a_sidecar_this_version_wrote_is_read_the_quick_way(changes) -> None:
    raw = written(**changes)
    quick = sidecar_typed.decode(raw)
    assert quick is not None
    assert quick == general(raw) == store.loads(raw, "n.json")
    assert store.dumps(quick) == raw


def test_unknown_keys_are_kept_the_general_way() -> None:
    data = json.loads(written())
    data["annotations"][0]["x-colour"] = {"deep": [1, 2]}
    data["annotations"][0]["target"]["x-note"] = "kept"
    raw = json.dumps(data).encode()
    assert sidecar_typed.decode(raw) is None
    read = store.loads(raw, "n.json")
    assert read.annotations[0].extra == {"x-colour": {"deep": [1, 2]}}
    assert read.annotations[0].target_extra == {"x-note": "kept"}


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda a: a.update(status="done"),
         "annotations[0].status 'done' is not one of to-verify, verified, disputed"),
        (lambda a: a.update(id=""), "annotations[0] has no id"),
        (lambda a: a.update(note=5), "annotations[0].note is not text"),
        (lambda a: a.update(resolved="yes"), "annotations[0].resolved is not true or false"),
        (lambda a: a.update(replies=[{"text": "no id"}]), "annotations[0].replies[0] has no id"),
        (lambda a: a["target"]["selector"].pop(), "annotations[0] has no TextQuoteSelector with the quoted text"),
    ],
)  # fmt: skip
def test_a_bad_passage_is_named_with_its_field(edit, message) -> None:
    data = json.loads(written())
    edit(data["annotations"][0])
    raw = json.dumps(data).encode()
    assert sidecar_typed.decode(raw) is None
    with pytest.raises(store.SidecarError) as refused:
        store.loads(raw, "n.json")
    assert str(refused.value) == f"n.json: {message}; it was left as it is"
    assert "\n" not in str(refused.value)


def test_the_usual_selectors_are_written_back_in_the_stable_order_by_either_reader() -> None:
    """Selectors whose keys were put in another order (by hand, by another tool) are
    written back with their keys in the stable order (formats.md §2), whichever way they
    were read; one with a key of its own keeps it."""
    data = json.loads(written())
    position, quote = data["annotations"][0]["target"]["selector"]
    reordered = [dict(reversed(position.items())), dict(reversed(quote.items()))]
    data["annotations"][0]["target"]["selector"] = reordered
    raw = json.dumps(data, indent=2).encode()
    quick = sidecar_typed.decode(raw)
    assert quick is not None
    assert store.dumps(quick) == store.dumps(general(raw)) == written()
    reordered[1]["x-source"] = "wire copy"
    read = general(json.dumps(data).encode())
    written_back = json.loads(store.dumps(read))["annotations"][0]["target"]["selector"]
    assert written_back[1]["x-source"] == "wire copy"


def test_a_quote_read_without_its_prefix_is_written_the_same_way_twice() -> None:
    """Read the general way (an unknown key at the top), a quote selector with no prefix
    gets one, written in its place among the known keys, so the bytes one save writes
    are the bytes the next writes."""
    data = json.loads(written())
    data["x-desk"] = "metro"
    del data["annotations"][0]["target"]["selector"][1]["prefix"]
    data["annotations"][0]["target"]["selector"][0]["x-by"] = "another tool"
    once = store.dumps(store.loads(json.dumps(data).encode(), "n.json"))
    assert store.dumps(store.loads(once, "n.json")) == once
    position, quote = json.loads(once)["annotations"][0]["target"]["selector"]
    assert list(quote) == ["type", "exact", "prefix", "suffix"]
    assert list(position) == ["type", "start", "end", "x-by"]
