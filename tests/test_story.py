"""A story's sources summed up from their sidecars alone, read again only when changed."""

from __future__ import annotations

import os
from pathlib import Path

from annotator import story
from annotator.article import open_article
from annotator.model import make_annotation
from annotator.store import beside

TEXT = "The river rose 3 metres overnight. The mayor said help was coming. Roads closed.\n"


def annotated(folder: Path, name: str, marks: list[tuple[str, str | None, str]]) -> Path:
    path = folder / name
    path.write_text(TEXT, encoding="utf-8")
    article = open_article(path)
    for quote, status, note in marks:
        start = TEXT.index(quote)
        passage = make_annotation(TEXT, start, start + len(quote), status=status, note=note)
        article.sidecar.annotations.append(passage)
    article.sidecar.source.metadata["title"] = name.upper() if marks else ""
    article.save()
    return path


def test_sources_are_the_supported_files_only(tmp_path):
    for name in ("b.txt", "a.html", "c.pdf", "notes.xlsx", ".hidden.txt", "x.txt.annotations.json"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "folder.txt").mkdir()
    assert [p.name for p in story.sources(tmp_path)] == ["a.html", "b.txt", "c.pdf"]


def test_counts_titles_and_the_search(tmp_path):
    annotated(
        tmp_path,
        "one.txt",
        [("3 metres", "to-verify", "Check the gauge"), ("mayor", "disputed", "")],
    )
    annotated(tmp_path, "two.txt", [("Roads closed", "to-verify", "Which roads?")])
    (tmp_path / "three.txt").write_text(TEXT, encoding="utf-8")  # no notes yet
    rows = story.Story(tmp_path).scan()
    assert [(r.title, r.passages, r.to_verify, r.disputed) for r in rows] == [
        ("ONE.TXT", 2, 1, 1),
        ("three.txt", 0, 0, 0),
        ("TWO.TXT", 1, 1, 0),
    ]
    hits = story.search(rows, "ROADS")
    assert [(s.path.name, p.quote, p.note) for s, p in hits] == [
        ("two.txt", "Roads closed", "Which roads?")
    ]
    assert [p.note for _s, p in story.search(rows, "gauge")] == ["Check the gauge"]
    assert story.search(rows, "  ") == []


def test_review_and_passages_with_no_position_are_counted(tmp_path):
    path = annotated(tmp_path, "one.txt", [("3 metres", None, ""), ("mayor", None, "")])
    data = beside(path).read_text(encoding="utf-8")
    data = data.replace('"status": null', '"review": {"anchor": "moved"}, "status": null', 1)
    data = data.replace('"type": "TextPositionSelector"', '"type": "Other"', 1)
    beside(path).write_text(data, encoding="utf-8")
    [row] = story.Story(tmp_path).scan()
    assert (row.passages, row.review, row.orphaned) == (2, 1, 1)


def test_a_damaged_sidecar_is_a_row_that_says_so(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(TEXT, encoding="utf-8")
    beside(path).write_bytes(b"{oops")
    [row] = story.Story(tmp_path).scan()
    assert row.passages == 0 and "cannot be read" in row.problem
    assert beside(path).read_bytes() == b"{oops"


def test_a_sidecar_is_read_again_only_when_it_changed(tmp_path, monkeypatch):
    one = annotated(tmp_path, "one.txt", [("3 metres", None, "")])
    annotated(tmp_path, "two.txt", [("mayor", None, "")])
    folder = story.Story(tmp_path)
    read: list[str] = []
    real = story._read
    monkeypatch.setattr(story, "_read", lambda path: read.append(path.name) or real(path))
    folder.scan()
    assert sorted(read) == ["one.txt.annotations.json", "two.txt.annotations.json"]
    read.clear()
    folder.scan()
    assert read == []
    annotated(tmp_path, "one.txt", [("3 metres", None, ""), ("Roads", "to-verify", "")])
    stamp = beside(one).stat()
    os.utime(beside(one), ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000))
    rows = folder.scan()
    assert read == ["one.txt.annotations.json"]
    assert rows[0].passages == 3  # the one it had and the two added
