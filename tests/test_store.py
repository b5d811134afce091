"""The sidecar: its format, unknown keys, versions, atomic writes (formats.md §2)."""

from __future__ import annotations

import json
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
