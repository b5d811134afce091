"""The sidecar's JSON read and written field by field (formats.md §2): every value kept,
every default stated, every malformed part refused with a message saying where."""

from __future__ import annotations

import copy
import json

import pytest

from annotator import store
from annotator.model import VERSION, Annotation, Sidecar

FULL = {
    "format": "annotator-sidecar",
    "version": 1,
    "source": {
        "file": "ferry.txt",
        "sha256": "ab" * 32,
        "encoding": "cp1252",
        "newline": "\r\n",
        "length": 3510,
        "metadata": {
            "title": "Fares up",
            "outlet": "Harbour Times",
            "url": "https://example.org/a",
            "author": "Ines Moreau",
            "published": "2026-11-25",
            "accessed": "2026-11-27",
            "x-desk": "Metro",
        },
        "x-source": [1, 2],
    },
    "tags": [
        {"id": "claim", "label": "Claim", "color": "#ffd54f", "key": "1"},
        {"id": "rumour", "label": "Rumour", "color": "#123456", "key": "", "x-tag": True},
    ],
    "annotations": [
        {
            "id": "a1",
            "created": "2026-11-25T16:00:00Z",
            "modified": "2026-11-25T16:05:00Z",
            "author": "Rahima",
            "tag": "claim",
            "status": "to-verify",
            "note": "Ask ICSR",
            "target": {
                "selector": [
                    {"type": "TextPositionSelector", "start": 712, "end": 768},
                    {"type": "TextQuoteSelector", "exact": "fares", "prefix": "p", "suffix": "s"},
                ]
            },
        },
        {
            "id": "b2",
            "created": "2026-11-26T09:00:00Z",
            "modified": "2026-11-26T09:30:00Z",
            "author": "Tomas",
            "tag": "rumour",
            "status": "disputed",
            "note": "Who said it?",
            "review": {"anchor": "moved"},
            "target": {
                "selector": [
                    {"type": "TextPositionSelector", "start": 900, "end": 905, "x-sel": 7},
                    {"type": "TextQuoteSelector", "exact": "rises", "prefix": "", "suffix": ""},
                    {"type": "XPathSelector", "value": "/p[3]"},
                ],
                "x-target": "t",
            },
        },
    ],
    "x-top": {"kept": True},
}


def round_trip(data: dict) -> dict:
    return json.loads(store.dumps(store.loads(json.dumps(data).encode("utf-8"), "n.json")))


def test_every_field_is_read_and_written_back_unchanged():
    assert round_trip(FULL) == FULL
    again = store.dumps(store.loads(store.dumps(store.from_json(FULL)), "n.json"))
    assert again == store.dumps(store.from_json(FULL))  # stable: no drift on resave


def test_every_field_is_read_into_its_place():
    sidecar = store.from_json(copy.deepcopy(FULL))
    source = sidecar.source
    assert (source.file, source.sha256, source.encoding, source.newline, source.length) == (
        "ferry.txt", "ab" * 32, "cp1252", "\r\n", 3510,
    )  # fmt: skip
    assert source.metadata["author"] == "Ines Moreau" and source.metadata["x-desk"] == "Metro"
    assert source.extra == {"x-source": [1, 2]}
    rumour = sidecar.tags[1]
    assert (rumour.id, rumour.label, rumour.color, rumour.key) == (
        "rumour",
        "Rumour",
        "#123456",
        "",
    )
    assert rumour.extra == {"x-tag": True}
    first, second = sidecar.annotations
    assert (first.id, first.start, first.end, first.stored_start, first.stored_end) == (
        "a1", 712, 768, 712, 768,
    )  # fmt: skip
    assert (first.exact, first.prefix, first.suffix) == ("fares", "p", "s")
    assert (first.tag, first.status, first.note, first.author) == (
        "claim", "to-verify", "Ask ICSR", "Rahima",
    )  # fmt: skip
    assert (first.created, first.modified) == ("2026-11-25T16:00:00Z", "2026-11-25T16:05:00Z")
    assert first.extra == {} and first.target_extra == {}
    assert second.extra == {} and second.review == {"anchor": "moved"}  # a known key now
    assert second.target_extra == {"x-target": "t"}
    assert sidecar.extra == {"x-top": {"kept": True}}
    assert sidecar.version == 1 and not sidecar.read_only


def test_the_written_order_of_keys_is_stable():
    written = round_trip(FULL)
    assert list(written) == ["format", "version", "source", "tags", "annotations", "x-top"]
    assert list(written["source"]) == [
        "file", "sha256", "encoding", "newline", "length", "metadata", "x-source",
    ]  # fmt: skip
    assert list(written["tags"][1]) == ["id", "label", "color", "key", "x-tag"]
    assert list(written["annotations"][1]) == [
        "id", "created", "modified", "author", "tag", "status", "note", "review", "target",
    ]  # fmt: skip
    assert list(written["annotations"][1]["target"]) == ["selector", "x-target"]


def test_missing_values_take_their_stated_defaults():
    minimal = {
        "format": "annotator-sidecar",
        "version": 1,
        "tags": [{"id": "claim"}],
        "annotations": [
            {"id": "a", "target": {"selector": [{"type": "TextQuoteSelector", "exact": "x"}]}}
        ],
    }
    sidecar = store.from_json(minimal)
    source = sidecar.source
    assert (source.file, source.sha256, source.encoding, source.newline, source.length) == (
        "", "", "utf-8", "\n", 0,
    )  # fmt: skip
    assert source.metadata == dict.fromkeys(
        ("title", "outlet", "url", "author", "published", "accessed"), ""
    )
    tag = sidecar.tags[0]
    assert (tag.label, tag.color, tag.key) == ("claim", "#bdbdbd", "")
    annotation = sidecar.annotations[0]
    assert (annotation.start, annotation.end, annotation.stored_start) == (None, None, None)
    assert (annotation.prefix, annotation.suffix, annotation.tag, annotation.note) == ("",) * 4
    assert annotation.status is None
    assert store.from_json({**minimal, "tags": [], "annotations": []}).annotations == []
    nulls = copy.deepcopy(minimal)
    nulls["annotations"][0].update(note=None, tag=None, author=None)
    nulls["source"] = {"encoding": None, "length": "many"}
    read = store.from_json(nulls)
    assert (read.annotations[0].note, read.annotations[0].tag) == ("", "")
    assert (read.source.encoding, read.source.length) == ("utf-8", 0)


@pytest.mark.parametrize(
    ("position", "kept"),
    [
        ({"start": 3, "end": 9}, (3, 9)),
        ({"start": 4, "end": 4}, (4, 4)),
        ({"start": 0, "end": 5}, (0, 5)),
        ({"start": 9, "end": 3}, (None, None)),
        ({"start": -1, "end": 3}, (None, None)),
        ({"start": "3", "end": 9}, (None, None)),
        ({"start": 3}, (None, None)),
        ({"end": 3}, (None, None)),
    ],
)
def test_a_position_that_makes_no_sense_is_dropped_and_the_quote_anchors(position, kept):
    data = copy.deepcopy(FULL)
    data["annotations"][0]["target"]["selector"][0] = {"type": "TextPositionSelector", **position}
    annotation = store.from_json(data).annotations[0]
    assert (annotation.start, annotation.end) == kept
    assert (annotation.stored_start, annotation.stored_end) == kept


def test_the_first_selector_of_each_type_wins_and_the_others_are_kept():
    data = copy.deepcopy(FULL)
    data["annotations"][0]["target"]["selector"] = [
        {"type": "TextQuoteSelector", "exact": "first", "prefix": "a", "suffix": "b"},
        {"type": "TextPositionSelector", "start": 1, "end": 6},
        {"type": "TextQuoteSelector", "exact": "second"},
        {"type": "TextPositionSelector", "start": 50, "end": 56},
    ]
    annotation = store.from_json(data).annotations[0]
    assert (annotation.exact, annotation.start, annotation.end) == ("first", 1, 6)
    written = store.to_json(store.from_json(data))["annotations"][0]["target"]["selector"]
    assert written == data["annotations"][0]["target"]["selector"]


def test_a_passage_with_no_position_gets_one_written_first():
    data = copy.deepcopy(FULL)
    data["annotations"][0]["target"]["selector"] = [
        {"type": "TextQuoteSelector", "exact": "fares", "prefix": "p", "suffix": "s"},
    ]
    sidecar = store.from_json(data)
    sidecar.annotations[0].start, sidecar.annotations[0].end = 10, 15
    selectors = store.to_json(sidecar)["annotations"][0]["target"]["selector"]
    assert selectors == [
        {"type": "TextPositionSelector", "start": 10, "end": 15},
        {"type": "TextQuoteSelector", "exact": "fares", "prefix": "p", "suffix": "s"},
    ]


def test_a_passage_with_no_quote_selector_as_read_gets_one_written_last():
    annotation = Annotation("n", 2, 4, "ab", "p", "s", stored_start=2, stored_end=4)
    annotation.raw_selectors = [{"type": "XPathSelector", "value": "/p"}]
    selectors = store.annotation_json(annotation)["target"]["selector"]
    assert selectors == [
        {"type": "TextPositionSelector", "start": 2, "end": 4},
        {"type": "XPathSelector", "value": "/p"},
        {"type": "TextQuoteSelector", "exact": "ab", "prefix": "p", "suffix": "s"},
    ]


def test_passages_are_written_by_start_end_and_id_orphans_by_their_last_place():
    def passage(annotation_id, start, end, stored=None):
        stored = stored or (start, end)
        return Annotation(annotation_id, start, end, "q", stored_start=stored[0],
                          stored_end=stored[1])  # fmt: skip

    sidecar = Sidecar(
        annotations=[
            passage("b", 10, 20),
            passage("a", 10, 20),
            passage("c", 10, 15),
            passage("orphan", None, None, (12, 30)),
            passage("lost", None, None, (None, None)),
            passage("first", 0, 1),
        ]
    )
    written = store.to_json(sidecar)["annotations"]
    assert [a["id"] for a in written] == ["lost", "first", "c", "a", "b", "orphan"]
    orphan = written[-1]["target"]["selector"][0]
    assert orphan == {"type": "TextPositionSelector", "start": 12, "end": 30}
    assert written[0]["target"]["selector"][0]["type"] == "TextQuoteSelector"  # no position


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="other"), "not an Annotator sidecar"),
        (lambda d: d.pop("format"), "not an Annotator sidecar"),
        (lambda d: d.update(version=0), "unknown sidecar version 0"),
        (lambda d: d.update(version=True), "unknown sidecar version True"),
        (lambda d: d.update(version="1"), "unknown sidecar version '1'"),
        (lambda d: d.pop("version"), "unknown sidecar version None"),
        (lambda d: d.update(source=[]), "source is not an object"),
        (lambda d: d["source"].update(metadata="x"), "source.metadata is not an object"),
        (lambda d: d["source"].update(file=7), "source.file is not text"),
        (lambda d: d["source"].update(sha256=7), "source.sha256 is not text"),
        (lambda d: d["source"].update(encoding=7), "source.encoding is not text"),
        (lambda d: d["source"].update(newline=7), "source.newline is not text"),
        (lambda d: d["tags"][0].update(id=7), "tags[0].id is not text"),
        (lambda d: d.update(tags={}), "tags is not a list"),
        (lambda d: d["tags"].append("claim"), "tags[2] is not an object"),
        (lambda d: d["tags"][1].pop("id"), "tags[1] has no id"),
        (lambda d: d["tags"][1].update(label=["x"]), "tags[1].label is not text"),
        (lambda d: d.update(annotations="none"), "annotations is not a list"),
        (lambda d: d["annotations"][1].update(id=""), "annotations[1] has no id"),
        (lambda d: d["annotations"][1].update(status="maybe"), "annotations[1].status 'maybe'"),
        (lambda d: d["annotations"][0].update(note=3), "annotations[0].note is not text"),
        (lambda d: d["annotations"][1].update(tag=3), "annotations[1].tag is not text"),
        (lambda d: d["annotations"][1].update(author=[]), "annotations[1].author is not text"),
        (lambda d: d["annotations"][1].update(created=1), "annotations[1].created is not text"),
        (lambda d: d["annotations"][1].update(modified=1), "annotations[1].modified is not text"),
        (
            lambda d: d["annotations"][0].update(target={}),
            "annotations[0] has no TextQuoteSelector",
        ),
        (lambda d: d["annotations"][0].pop("target"), "annotations[0].target is not an object"),
        (
            lambda d: d["annotations"][0]["target"].update(selector={}),
            "annotations[0].target.selector is not a list",
        ),
        (
            lambda d: d["annotations"][0]["target"]["selector"].append("x"),
            "annotations[0].target.selector is not an object",
        ),
        (
            lambda d: d["annotations"][0]["target"]["selector"].pop(),
            "annotations[0] has no TextQuoteSelector",
        ),
        (
            lambda d: d["annotations"][0]["target"]["selector"][1].update(exact=""),
            "annotations[0] has no TextQuoteSelector",
        ),
        (
            lambda d: d["annotations"][0]["target"]["selector"][1].update(exact=5),
            "annotations[0] has no TextQuoteSelector",
        ),
        (
            lambda d: d["annotations"][0]["target"]["selector"][1].update(prefix=5),
            "annotations[0].prefix is not text",
        ),
        (
            lambda d: d["annotations"][0]["target"]["selector"][1].update(suffix=5),
            "annotations[0].suffix is not text",
        ),
    ],
)
def test_a_malformed_sidecar_is_refused_saying_where(change, message):
    data = copy.deepcopy(FULL)
    change(data)
    with pytest.raises(store.SidecarError) as refused:
        store.loads(json.dumps(data).encode("utf-8"), "ferry.txt.annotations.json")
    assert str(refused.value).startswith(f"ferry.txt.annotations.json: {message}")
    assert str(refused.value).endswith("; it was left as it is")


def test_a_newer_version_is_read_with_everything_it_holds_read_only():
    data = copy.deepcopy(FULL)
    data["version"] = VERSION + 1
    sidecar = store.from_json(data)
    assert sidecar.read_only and sidecar.version == VERSION + 1
    assert len(sidecar.annotations) == 2
    assert not store.from_json(FULL).read_only


def test_a_sidecar_with_a_byte_order_mark_is_read():
    raw = json.dumps(FULL).encode("utf-8")
    assert store.loads(b"\xef\xbb\xbf" + raw, "n") == store.loads(raw, "n")


def test_json_errors_say_line_and_column_and_other_bytes_say_not_utf8():
    with pytest.raises(
        store.SidecarError,
        match=r"^n\.json is not valid JSON \(line 2, column 13\); it was left as it is$",
    ):
        store.loads(b'{\n  "format": ,\n}', "n.json")
    with pytest.raises(store.SidecarError, match=r"^n\.json is not UTF-8 text; it was left"):
        store.loads(b'{"note": "\xff\xfe"}', "n.json")


def test_values_only_the_slower_parser_accepts_are_read():
    raw = b'{"format": "annotator-sidecar", "version": 1, "x-nan": NaN, "x-big": 1' + b"0" * 30
    data = store.parse(raw + b"}")
    assert data["x-big"] == 10**30 and data["x-nan"] != data["x-nan"]


def test_a_file_that_cannot_be_read_says_so(tmp_path):
    with pytest.raises(store.SidecarError, match=r"^.* cannot be read: Is a directory"):
        store.read(tmp_path)
    with pytest.raises(store.SidecarError, match="cannot be read: No such file"):
        store.read(tmp_path / "none.annotations.json")


def test_the_sidecar_of_an_article_is_named_after_it(tmp_path):
    assert store.beside(tmp_path / "a.txt") == tmp_path / "a.txt.annotations.json"
    assert store.beside(tmp_path / "b.tar.gz").name == "b.tar.gz.annotations.json"


def test_values_only_the_slower_writer_takes_are_written_in_the_same_layout():
    data = copy.deepcopy(FULL)
    data["x-big"] = 2**80
    data["annotations"][0]["note"] = "naïve “quote” \ud800"
    written = store.dumps(store.from_json(data))
    expected = json.dumps(store.to_json(store.from_json(data)), indent=2, ensure_ascii=False)
    expected = expected.replace("\ud800", "\\ud800") + "\n"
    assert written == expected.encode("utf-8")
    assert "naïve “quote”".encode() in written


def test_a_sidecar_with_only_its_format_and_version_is_empty():
    sidecar = store.from_json({"format": "annotator-sidecar", "version": 1})
    assert (sidecar.tags, sidecar.annotations, sidecar.extra) == ([], [], {})


def test_a_file_read_is_named_in_its_message(tmp_path):
    path = tmp_path / "ferry.txt.annotations.json"
    path.write_bytes(b"[]")
    with pytest.raises(store.SidecarError, match=r"^ferry\.txt\.annotations\.json: not an"):
        store.read(path)


def test_passages_are_written_by_start_before_end():
    sidecar = Sidecar(
        annotations=[
            Annotation("short", 10, 20, "q", stored_start=10, stored_end=20),
            Annotation("long", 5, 40, "q", stored_start=5, stored_end=40),
        ]
    )
    assert [a["id"] for a in store.to_json(sidecar)["annotations"]] == ["long", "short"]
