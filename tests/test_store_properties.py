"""Property tests of the sidecar reader: valid sidecars mutated at random, as a damaged,
hand-edited or hostile file would be. Reading gives a sidecar that saves every unknown
key back, or a SidecarError of one line; and the command line never overwrites a file
it cannot read. The number of examples comes from the Hypothesis profile (conftest.py).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from annotator import store
from annotator.cli import main
from annotator.document import Document
from annotator.model import Sidecar, Source, Tag, make_annotation
from tests.texts import SCRAPED

# Text as sidecars meet it: every script, emoji, controls, and lone surrogates (a
# sidecar may hold them, escaped).
text = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
numbers = st.one_of(
    st.integers(),
    st.integers(-(2**80), 2**80),
    st.sampled_from([2**63, -(2**63) - 1, 2**64, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, text)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
EMPTY = store.new_sidecar(Document(Path("ferry.txt"), SCRAPED, "utf-8", "\n"))
QUOTES = ["Ines Moreau", "About 4,800", "Something had to give.", "the fuel bill"]


@st.composite
def sidecars(draw) -> dict:
    """A valid sidecar's JSON data: passages on the test article, notes in any script,
    and unknown keys of any JSON type at every level."""
    sidecar = copy.deepcopy(EMPTY)
    sidecar.source.metadata.update(title=draw(text), url=draw(text))
    sidecar.tags.append(Tag(draw(text.filter(bool)), draw(text), "#abcdef", ""))
    for number, quote in enumerate(draw(st.lists(st.sampled_from(QUOTES), max_size=3))):
        start = SCRAPED.index(quote)
        passage = make_annotation(SCRAPED, start, start + len(quote), note=draw(text))
        passage.id, passage.created, passage.modified = f"p{number}", "", ""  # no chance
        passage.extra = draw(st.dictionaries(text.map("x-{}".format), json_values, max_size=2))
        sidecar.annotations.append(passage)
    data = store.to_json(sidecar)
    for holder in (data, data["source"], data["source"]["metadata"], data["tags"][0]):
        holder.update(draw(st.dictionaries(text.map("x-{}".format), json_values, max_size=2)))
    data["x-number"] = draw(numbers)  # the numbers a fast parser gets wrong, in every file
    return data


def places(value, depth=8):
    """The containers in a JSON value, down to `depth` levels: where an edit may go."""
    if isinstance(value, (dict, list)) and depth > 0:
        yield value
        for child in value.values() if isinstance(value, dict) else value:
            yield from places(child, depth - 1)


def leaves(value):
    """Every value in a JSON value that is not a container."""
    if isinstance(value, (dict, list)):
        for child in value.values() if isinstance(value, dict) else value:
            yield from leaves(child)
    else:
        yield value


@st.composite
def mutated(draw) -> bytes:
    """A valid sidecar with random edits: keys, types, nesting, text, numbers, bytes."""
    data = draw(sidecars())
    deep = False  # one deep nesting at most: the test's own json.dumps has a stack too
    for _ in range(draw(st.integers(0, 4))):
        where = draw(st.sampled_from(list(places(data))))
        keys = list(where) if isinstance(where, dict) else list(range(len(where)))
        edit = draw(st.sampled_from(["set", "delete", "rename", "nest", "add"]))
        if not keys or edit == "add":
            new = draw(json_values)
            if isinstance(where, dict):
                where[draw(text)] = new
            else:
                where.append(new)
            continue
        key = draw(st.sampled_from(keys))
        if edit == "set":
            where[key] = draw(json_values)
        elif edit == "delete":
            del where[key]
        elif edit == "rename" and isinstance(where, dict):
            where[draw(text)] = where.pop(key)
        elif edit == "nest":
            levels = draw(st.sampled_from([1, 2] if deep else [1, 2, 60, store.MAX_DEPTH]))
            deep = deep or levels > 2
            for _ in range(levels):
                where[key] = draw(st.sampled_from([[where[key]], {"x": where[key]}]))
    raw = json.dumps(
        data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2]))
    )
    encoded = raw.encode("utf-8", "surrogatepass" if draw(st.booleans()) else "backslashreplace")
    cut = draw(st.sampled_from(["none", "none", "truncate", "splice", "bom", "deep"]))
    if cut == "truncate":
        encoded = encoded[: draw(st.integers(0, len(encoded)))]
    elif cut == "splice":
        at = draw(st.integers(0, len(encoded)))
        encoded = encoded[:at] + draw(st.binary(max_size=8)) + encoded[at:]
    elif cut == "bom":
        encoded = b"\xef\xbb\xbf" + encoded
    elif cut == "deep" and encoded.startswith(b"{"):  # deeper than json.dumps itself goes
        levels = draw(st.sampled_from([store.MAX_DEPTH - 1, 1100, 5000]))
        encoded = b'{"x-deep": ' + b"[" * levels + b"]" * levels + b", " + encoded[1:]
    return encoded


def same(a, b) -> bool:
    """Equal as JSON, NaN included."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def unknown_keys(data: dict) -> list[tuple[str, str, object]]:
    """(where, key, value) of each key this version does not know, with where named by id."""
    found = [("top", k, v) for k, v in data.items() if k not in store._TOP_KEYS]
    source = data.get("source", {})
    found += [("source", k, v) for k, v in source.items() if k not in store._SOURCE_KEYS]
    metadata = source.get("metadata", {})
    found += [("metadata", k, v) for k, v in metadata.items() if k not in store._METADATA_KEYS]
    for annotation in data.get("annotations", []):
        where = f"annotation {annotation['id']}"
        found += [(where, k, v) for k, v in annotation.items() if k not in store._ANNOTATION_KEYS]
        target = annotation["target"]
        found += [(f"{where} target", k, v) for k, v in target.items() if k != "selector"]
    for tag in data.get("tags", []):
        found += [(f"tag {tag['id']}", k, v) for k, v in tag.items() if k not in store._TAG_KEYS]
    return found


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("properties")
    (folder / "ferry.txt").write_text(SCRAPED, encoding="utf-8")
    return folder


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(raw=mutated())
def test_a_mutated_sidecar_loads_and_keeps_its_unknown_keys_or_fails_in_one_line(raw, folder):
    try:
        sidecar = store.loads(raw, "ferry.txt.annotations.json")
    except store.SidecarError as error:
        message = str(error)
        assert message.startswith("ferry.txt.annotations.json") and "\n" not in message
        assert_the_command_line_leaves_it_alone(folder, raw)
        return
    saved = store.dumps(sidecar)
    assert store.dumps(store.loads(saved, "again")) == saved  # stable after one save
    # What was written, as Python's json reads it (every integer exact, NaN as NaN), and
    # what was saved.
    before = json.loads(raw.decode("utf-8").removeprefix("\ufeff"))
    after = json.loads(saved)
    kept = {(where, key): value for where, key, value in unknown_keys(after)}
    named = [f"annotation {a['id']}" for a in before.get("annotations", [])]
    named += [f"tag {t['id']}" for t in before.get("tags", [])]
    for where, key, value in unknown_keys(before):
        if named.count(where.removesuffix(" target")) > 1:
            continue  # two with one id: which kept what is not told apart here
        assert (where, key) in kept and same(kept[where, key], value), (where, key)


def assert_the_command_line_leaves_it_alone(folder: Path, raw: bytes) -> None:
    sidecar = folder / "ferry.txt.annotations.json"
    sidecar.write_bytes(raw)
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = main(["add", str(folder / "ferry.txt"), "--quote", "Ines Moreau"])
    assert code == 1
    assert stderr.getvalue().startswith("annotator: ") and stderr.getvalue().count("\n") == 1
    assert sidecar.read_bytes() == raw
    written = sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))
    assert written == ["ferry.txt", sidecar.name]


def loaded(raw: bytes) -> list | None:
    """The keys and plain values of what `raw` loads as, or None when it is refused."""
    try:
        data = store.to_json(store.loads(raw, "s"))
    except store.SidecarError:
        return None
    keys = [
        key for where in places(data, store.MAX_DEPTH) if isinstance(where, dict) for key in where
    ]
    return list(leaves(data)) + keys


KINDS = {
    "refused": lambda found: found is None,
    "unknown-key": lambda found: (
        found is not None and any(isinstance(v, str) and v.startswith("x-") for v in found)
    ),
    "wide-integer": lambda found: (
        found is not None and any(type(v) is int and abs(v) >= 2**64 for v in found)
    ),
    "non-finite": lambda found: (
        found is not None and any(isinstance(v, float) and not math.isfinite(v) for v in found)
    ),
}


@pytest.mark.parametrize("kind", KINDS)
def test_the_mutations_make_every_kind_of_file(kind):
    """The strategy is worth its examples: it makes what each property is about."""
    first = settings(max_examples=2000, database=None, phases=[Phase.generate])
    find(mutated(), lambda raw: KINDS[kind](loaded(raw)), settings=first)


def test_an_unreadable_sidecar_is_refused_not_overwritten_for_each_kind_of_damage(folder):
    valid = store.dumps(Sidecar(source=Source(file="ferry.txt")))
    for raw in (
        valid[: len(valid) // 2],
        valid.replace(b'"version": 1', b'"version": "1"'),
        valid.replace(b'"tags": []', b'"tags": ' + b"[" * 300 + b"]" * 300),
        valid.replace(b'"tags": []', b'"tags": [' + b"9" * 5000 + b"]"),
        b"\xff\xfe" + valid,
    ):
        with pytest.raises(store.SidecarError):
            store.loads(raw, "ferry.txt.annotations.json")
        assert_the_command_line_leaves_it_alone(folder, raw)
