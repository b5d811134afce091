"""The sidecar: its format, unknown keys, versions, atomic writes (formats.md §2)."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time

import pytest

from annotator import store
from annotator.article import open_article
from annotator.document import read_document
from annotator.model import make_annotation
from tests.texts import SCRAPED


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    return path


def annotated(article, *quotes):
    opened = open_article(article)
    for quote in quotes:
        start = opened.text.index(quote)
        opened.sidecar.annotations.append(
            make_annotation(
                opened.text, start, start + len(quote), tag="claim", note=f"check {quote}"
            )
        )
    opened.save()
    return opened


def test_sidecar_is_written_beside_the_article_in_the_documented_shape(article):
    opened = annotated(article, "About 4,800", "Ines Moreau")
    path = article.with_name("ferry.txt.annotations.json")
    raw = path.read_text(encoding="utf-8")
    data = json.loads(raw)
    assert raw.endswith("}\n") and '\n  "format"' in raw  # 2-space indent, trailing newline
    assert "এই" not in raw  # the footer is not annotated...
    assert list(data) == ["format", "version", "source", "tags", "annotations"]
    assert data["format"] == "annotator-sidecar" and data["version"] == 1
    assert data["source"]["file"] == "ferry.txt"
    assert data["source"]["sha256"] == opened.document.sha256
    assert data["source"]["length"] == len(SCRAPED)
    assert list(data["source"]["metadata"]) == [
        "title",
        "outlet",
        "url",
        "author",
        "published",
        "accessed",
    ]
    first = data["annotations"][0]
    assert list(first) == ["id", "created", "modified", "author", "tag", "status", "note", "target"]
    position, quote = first["target"]["selector"]
    assert position == {
        "type": "TextPositionSelector",
        "start": SCRAPED.index("Ines Moreau"),
        "end": SCRAPED.index("Ines Moreau") + len("Ines Moreau"),
    }
    assert quote["exact"] == "Ines Moreau"
    assert len(quote["prefix"]) == 32 and len(quote["suffix"]) == 32
    starts = [a["target"]["selector"][0]["start"] for a in data["annotations"]]
    assert starts == sorted(starts)


def test_non_ascii_is_written_as_is(article):
    annotated(article, "“Something had to give.”")
    raw = article.with_name("ferry.txt.annotations.json").read_text(encoding="utf-8")
    assert "“Something had to give.”" in raw


def test_unknown_keys_survive_a_round_trip_at_every_level(article):
    opened = annotated(article, "About 4,800")
    path = opened.sidecar_path
    data = json.loads(path.read_text(encoding="utf-8"))
    data["x-top"] = {"kept": [1, 2]}
    data["source"]["x-source"] = "s"
    data["source"]["metadata"]["x-desk"] = "Metro"
    data["tags"][0]["x-tag"] = True
    data["annotations"][0]["x-annotation"] = None
    data["annotations"][0]["target"]["x-target"] = "t"
    data["annotations"][0]["target"]["selector"][0]["x-selector"] = 7
    data["annotations"][0]["target"]["selector"].append({"type": "XPathSelector", "value": "/p[3]"})
    path.write_text(json.dumps(data), encoding="utf-8")

    again = open_article(article)
    again.sidecar.annotations[0].note = "changed"
    again.save()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["x-top"] == {"kept": [1, 2]}
    assert saved["source"]["x-source"] == "s"
    assert saved["source"]["metadata"]["x-desk"] == "Metro"
    assert saved["tags"][0]["x-tag"] is True
    annotation = saved["annotations"][0]
    assert annotation["note"] == "changed"
    assert "x-annotation" in annotation and annotation["x-annotation"] is None
    assert annotation["target"]["x-target"] == "t"
    assert annotation["target"]["selector"][0]["x-selector"] == 7
    assert {"type": "XPathSelector", "value": "/p[3]"} in annotation["target"]["selector"]


def test_an_unknown_tag_id_is_kept(article):
    opened = annotated(article, "About 4,800")
    data = json.loads(opened.sidecar_path.read_text(encoding="utf-8"))
    data["annotations"][0]["tag"] = "rumour"
    opened.sidecar_path.write_text(json.dumps(data), encoding="utf-8")
    again = open_article(article)
    again.save()
    assert json.loads(opened.sidecar_path.read_text())["annotations"][0]["tag"] == "rumour"


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"format": "something-else", "version": 1}',
        b"[]",
        b"\xff\xfe\x00garbage",
        b'{"format": "annotator-sidecar", "version": 1, "annotations": [{"id": "a"}]}',
    ],
    ids=["broken", "foreign", "array", "binary", "no-target"],
)
def test_a_sidecar_that_cannot_be_read_is_never_overwritten(article, content):
    path = store.beside(article)
    path.write_bytes(content)
    with pytest.raises(store.SidecarError, match="left as it is"):
        open_article(article)
    assert path.read_bytes() == content


def test_a_newer_version_is_read_only(article):
    opened = annotated(article, "About 4,800")
    data = json.loads(opened.sidecar_path.read_text())
    data["version"] = 99
    opened.sidecar_path.write_text(json.dumps(data))
    before = opened.sidecar_path.read_bytes()
    again = open_article(article)
    assert again.sidecar.read_only
    assert [a.exact for a in again.sidecar.annotations] == ["About 4,800"]
    with pytest.raises(store.SidecarError, match="newer"):
        again.save()
    assert opened.sidecar_path.read_bytes() == before


def test_orphans_are_kept_with_their_last_position(article):
    opened = annotated(article, "a tax on people who can’t drive")
    stored = opened.sidecar.annotations[0].start
    article.write_text(SCRAPED.replace("a tax on people who can’t drive", "unfair"))
    again = open_article(article)
    assert again.sidecar.annotations[0].orphaned
    again.save()
    data = json.loads(again.sidecar_path.read_text())
    (annotation,) = data["annotations"]
    assert annotation["target"]["selector"][0]["start"] == stored
    assert annotation["target"]["selector"][1]["exact"] == "a tax on people who can’t drive"


def test_an_unwritable_folder_sends_the_sidecar_to_the_data_folder(article, monkeypatch):
    real = store.write_atomic

    def refuse_beside(path, payload):
        if path.parent == article.parent:
            raise PermissionError(13, "Permission denied", str(path))
        real(path, payload)

    monkeypatch.setattr(store, "write_atomic", refuse_beside)
    opened = annotated(article, "About 4,800")
    assert not store.beside(article).exists()
    assert opened.sidecar_path == store.fallback(article)
    assert opened.sidecar_path.exists()
    # and it is found there next time
    assert [a.exact for a in open_article(article).sidecar.annotations] == ["About 4,800"]


def test_a_stale_temporary_file_is_removed_by_the_next_save(article):
    opened = annotated(article, "About 4,800")
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    leftover = article.parent / f".ferry.txt.annotations.json.{dead}.abc123.tmp"
    leftover.write_text("{half")
    opened.save()
    assert not leftover.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_save_keeps_the_sidecars_permissions(article):
    opened = annotated(article, "About 4,800")
    umask = os.umask(0o022)
    os.umask(umask)
    assert opened.sidecar_path.stat().st_mode & 0o777 == 0o666 & ~umask
    opened.sidecar_path.chmod(0o664)
    opened.save()
    assert opened.sidecar_path.stat().st_mode & 0o777 == 0o664


def test_the_article_file_is_never_written(article):
    before = article.read_bytes()
    stamp = article.stat().st_mtime_ns
    opened = annotated(article, "About 4,800", "Ines Moreau")
    opened.sidecar.annotations.pop()
    opened.save()
    assert article.read_bytes() == before
    assert article.stat().st_mtime_ns == stamp


WRITER = """
import sys
from pathlib import Path
from annotator import store
from annotator.document import read_document
from annotator.model import make_annotation
article = Path(sys.argv[1])
document = read_document(article)
sidecar = store.new_sidecar(document)
text = document.text
for n in range(int(sys.argv[2])):
    sidecar.annotations.append(make_annotation(text, n % 50, n % 50 + 20, note="n" * 200))
print("ready", flush=True)
while True:
    store.save(sidecar, article)
"""


@pytest.mark.slow
def test_a_writer_killed_mid_save_always_leaves_a_sidecar_that_parses(article):
    sidecar_path = store.beside(article)
    store.write_atomic(sidecar_path, store.dumps(store.new_sidecar(read_document(article))))
    for attempt in range(12):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(article), "3000"], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(0.05 + 0.037 * attempt)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert store.read(sidecar_path).source.file == "ferry.txt"
    leftovers = list(article.parent.glob(".*.tmp"))
    store.save(store.read(sidecar_path), article)
    assert not list(article.parent.glob(".*.tmp")), leftovers


def test_values_the_fast_writer_refuses_are_still_kept(article):
    opened = annotated(article, "About 4,800")
    data = json.loads(opened.sidecar_path.read_text(encoding="utf-8"))
    data["x-big"] = 2**80
    data["annotations"][0]["note"] = "lone \ud800 surrogate"
    opened.sidecar_path.write_text(json.dumps(data), encoding="utf-8")  # escaped on disk
    again = open_article(article)
    again.save()
    saved = json.loads(opened.sidecar_path.read_bytes().decode("utf-8"))  # valid UTF-8
    assert saved["x-big"] == 2**80
    assert saved["annotations"][0]["note"] == "lone \ud800 surrogate"
    assert open_article(article).sidecar.annotations[0].note == "lone \ud800 surrogate"


def test_the_written_bytes_are_what_json_writes(article):
    opened = annotated(article, "About 4,800", "“Something had to give.”")
    expected = json.dumps(store.to_json(opened.sidecar), indent=2, ensure_ascii=False) + "\n"
    assert opened.sidecar_path.read_bytes() == expected.encode("utf-8")


def sidecar_text(article, **extra) -> str:
    """The sidecar of `article` with one passage, as JSON text with `extra` keys on top."""
    opened = annotated(article, "About 4,800")
    data = json.loads(opened.sidecar_path.read_text(encoding="utf-8"))
    data.update(extra)
    return json.dumps(data, indent=2)


@pytest.mark.parametrize(
    "number", [2**64, 2**80, -(2**63) - 1, 10**40 + 1, 18446744073709551616123]
)
def test_integers_past_64_bits_round_trip_exactly(article, number):
    path = store.beside(article)
    path.write_text(sidecar_text(article, **{"x-count": number}), encoding="utf-8")
    again = open_article(article)
    assert again.sidecar.extra["x-count"] == number
    again.sidecar.annotations[0].note = "changed"
    again.save()
    assert f'"x-count": {number}' in path.read_text(encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["x-count"] == number


def test_nan_and_infinity_round_trip_and_never_become_null(article):
    path = store.beside(article)
    text = sidecar_text(article).replace(
        '"format"',
        '"x-ratio": NaN, "x-max": Infinity, "x-min": -Infinity, "x-huge": 1e400, "format"',
    )
    path.write_text(text, encoding="utf-8")
    again = open_article(article)
    again.sidecar.annotations[0].note = "changed"
    again.save()
    saved = path.read_text(encoding="utf-8")
    for line in ('"x-ratio": NaN', '"x-max": Infinity', '"x-min": -Infinity', '"x-huge": Infinity'):
        assert line in saved
    assert ": null" not in saved.replace('"status": null', "")
    reread = store.read(path)
    assert math.isnan(reread.extra["x-ratio"]) and reread.extra["x-max"] == math.inf


def test_ordinary_floats_keep_the_fast_writer_and_its_bytes(article):
    path = store.beside(article)
    path.write_text(sidecar_text(article, **{"x-score": 0.1, "x-big": 2**63 - 1}), "utf-8")
    sidecar = store.read(path)
    expected = json.dumps(store.to_json(sidecar), indent=2, ensure_ascii=False) + "\n"
    assert store.dumps(sidecar) == expected.encode("utf-8")


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [store.MAX_DEPTH, 400, 1100, 100_000])
def test_deep_nesting_is_refused_with_a_clear_message(article, depth):
    path = store.beside(article)
    path.write_text(sidecar_text(article).replace('"format"', f'"x": {nested(depth)}, "format"'))
    before = path.read_bytes()
    with pytest.raises(store.SidecarError) as error:
        open_article(article)
    assert str(error.value) == (
        f"{path.name}: its JSON is nested more than {store.MAX_DEPTH} levels deep; "
        "it was left as it is"
    )
    assert path.read_bytes() == before


def test_nesting_up_to_the_limit_is_kept(article):
    path = store.beside(article)
    depth = store.MAX_DEPTH - 1  # and the sidecar itself makes MAX_DEPTH
    path.write_text(sidecar_text(article).replace('"format"', f'"x": {nested(depth)}, "format"'))
    again = open_article(article)
    again.sidecar.annotations[0].note = "changed"
    again.save()
    assert json.loads(path.read_text(encoding="utf-8"))["x"] == json.loads(nested(depth))


def test_a_number_too_long_to_read_names_the_file(article):
    path = store.beside(article)
    path.write_text(sidecar_text(article).replace('"format"', f'"x": {"7" * 5000}, "format"'))
    with pytest.raises(store.SidecarError, match=r"^ferry\.txt\.annotations\.json holds a number"):
        open_article(article)


def test_a_sidecar_too_large_is_refused_before_parsing(article, monkeypatch):
    path = store.beside(article)
    path.write_text(sidecar_text(article), encoding="utf-8")
    monkeypatch.setattr(store, "MAX_BYTES", 100)
    with pytest.raises(store.SidecarError, match="MB can be read; it was left as it is"):
        open_article(article)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["source"]["metadata"].update(title=42), "source.metadata.title is not text"),
        (lambda d: d["source"]["metadata"].update(url=["x"]), "source.metadata.url is not text"),
        (lambda d: d.update(version="1"), "unknown sidecar version '1'"),
        (lambda d: d.update(version=True), "unknown sidecar version True"),
        (lambda d: d["tags"][0].update(label=7), "tags[0].label is not text"),
        (lambda d: d["annotations"][0].update(note={"a": 1}), "annotations[0].note is not text"),
        (
            lambda d: d["annotations"][0].update(status=[[[[[[[[["deep"]]]]]]]]]),
            "annotations[0].status [[[[[[[...]]]]]]] is not one of",
        ),
    ],
)
def test_wrong_types_are_clear_errors_naming_the_field(article, change, message):
    opened = annotated(article, "About 4,800")
    data = json.loads(opened.sidecar_path.read_text(encoding="utf-8"))
    change(data)
    opened.sidecar_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(store.SidecarError) as error:
        open_article(article)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_position_of_the_wrong_type_is_kept_and_the_passage_found_by_its_quote(article):
    opened = annotated(article, "About 4,800")
    data = json.loads(opened.sidecar_path.read_text(encoding="utf-8"))
    data["annotations"][0]["target"]["selector"][0].update(start=True, end="12")
    opened.sidecar_path.write_text(json.dumps(data), encoding="utf-8")
    (passage,) = open_article(article).sidecar.annotations
    assert SCRAPED[passage.start : passage.end] == "About 4,800"


def _source_json(article, **source):
    data = json.loads(store.dumps(store.new_sidecar(read_document(article))))
    data["source"].update(source)
    return json.dumps(data).encode("utf-8")


def test_a_derived_sources_record_round_trips_in_its_place(article):
    raw = _source_json(
        article, format="pdf", reader={"name": "pypdf", "version": "7.1.1", "x": 1},
        file_sha256="ab" * 32, pages=[0, 2811, 5520], guessed=["title"], later="kept",
    )  # fmt: skip
    sidecar = store.loads(raw, "a.json")
    assert sidecar.source.pages == [0, 2811, 5520]
    assert sidecar.source.reader["x"] == 1
    keys = list(json.loads(store.dumps(sidecar))["source"])
    assert keys == ["file", "sha256", "encoding", "newline", "length", "format", "reader",
                    "file_sha256", "pages", "metadata", "guessed", "later"]  # fmt: skip
    assert store.dumps(store.loads(store.dumps(sidecar), "a.json")) == store.dumps(sidecar)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pages", [0, "12"], "source.pages is not a list of offsets"),
        ("pages", {"1": 0}, "source.pages is not a list of offsets"),
        ("reader", "pypdf", "source.reader is not an object with a name and a version"),
        ("guessed", "title", "source.guessed is not a list of names"),
        ("format", 3, "source.format is not text"),
    ],
)
def test_wrong_types_in_the_sources_record_name_the_field(article, field, value, message):
    with pytest.raises(store.SidecarError, match=f"^a.json: {message}; it was left as it is$"):
        store.loads(_source_json(article, **{field: value}), "a.json")
