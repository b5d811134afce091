"""Renamed articles keep their notes: the command line says where they are, and `relink`
moves them (formats.md §3 `annotator relink SIDECAR FILE`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata

import pytest

import annotator
from annotator import relink, store
from annotator.cli import main
from annotator.document import read_document
from annotator.model import Annotation, Sidecar
from tests.texts import SCRAPED


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def renamed(tmp_path, capsys):
    """An article marked as ferry.txt, then renamed ferry-2026.txt: its notes left behind."""
    old = tmp_path / "ferry.txt"
    old.write_text(SCRAPED, encoding="utf-8")
    for quote, note in (("Ines Moreau", "Who is she?"), ("About 4,800", "Check the count")):
        assert run(capsys, "add", old, "--quote", quote, "--note", note)[0] == 0
    new = old.rename(tmp_path / "ferry-2026.txt")
    return new


def listed(capsys, path):
    code, out, _ = run(capsys, "list", path, "--json")
    assert code == 0
    return json.loads(out)


NOTICE = (
    "annotator: no notes for ferry-2026.txt; ferry.txt.annotations.json has notes for the "
    "same text — run: annotator relink {folder}/ferry.txt.annotations.json "
    "{folder}/ferry-2026.txt\n"
)


@pytest.mark.parametrize("command", [["list"], ["list", "--json"], ["inspect"], ["suggest"]])
def test_reading_a_renamed_article_says_where_its_notes_are(capsys, renamed, command):
    code, _, err = run(capsys, command[0], renamed, *command[1:])
    assert code == 0
    assert err == NOTICE.format(folder=renamed.parent)


def test_export_and_add_say_it_too(capsys, renamed, tmp_path):
    code, _, err = run(capsys, "export", renamed, "-o", tmp_path / "brief.md")
    assert code == 0 and err == NOTICE.format(folder=renamed.parent)
    code, _, err = run(capsys, "add", renamed, "--quote", "Ines Moreau")
    assert code == 0 and err == NOTICE.format(folder=renamed.parent)
    code, _, err = run(capsys, "list", renamed)  # it has notes of its own now
    assert code == 0 and err == ""


def test_the_notice_shows_paths_as_they_were_typed(capsys, renamed, monkeypatch):
    monkeypatch.chdir(renamed.parent)
    _, _, err = run(capsys, "list", renamed.name)
    assert err.endswith("run: annotator relink ferry.txt.annotations.json ferry-2026.txt\n")


def test_no_notice_for_a_copy_whose_original_is_still_there(capsys, renamed):
    (renamed.parent / "ferry.txt").write_text(SCRAPED, encoding="utf-8")
    code, _, err = run(capsys, "list", renamed)
    assert (code, err) == (0, "")


def test_no_notice_for_notes_on_other_text(capsys, renamed):
    renamed.write_text(SCRAPED.replace("ferry", "barge"), encoding="utf-8")
    code, _, err = run(capsys, "list", renamed)
    assert (code, err) == (0, "")


def test_relink_moves_the_notes_to_the_new_name(capsys, renamed):
    folder = renamed.parent
    old = folder / "ferry.txt.annotations.json"
    code, out, err = run(capsys, "relink", old, renamed)

    assert (code, err) == (0, "")
    assert out == f"2 passages moved to {store.beside(renamed)}\n"
    assert not old.exists()
    sidecar = store.read(store.beside(renamed))
    assert sidecar.source.file == "ferry-2026.txt"
    rows = listed(capsys, renamed)
    assert {(r["quote"], r["note"], r["anchor"]) for r in rows} == {
        ("Ines Moreau", "Who is she?", "exact"),
        ("About 4,800", "Check the count", "exact"),
    }
    assert run(capsys, "list", renamed)[2] == ""  # nothing more to say


def test_relink_refuses_an_article_that_has_notes(capsys, renamed):
    assert run(capsys, "add", renamed, "--quote", "Ines Moreau")[0] == 0
    before = snapshot(renamed.parent)
    code, out, err = run(capsys, "relink", renamed.parent / "ferry.txt.annotations.json", renamed)
    assert (code, out) == (1, "")
    assert err == (
        "annotator: ferry-2026.txt already has notes (ferry-2026.txt.annotations.json); "
        "relink only moves notes to an article that has none\n"
    )
    assert snapshot(renamed.parent) == before


def test_relink_refuses_other_text_unless_forced(capsys, renamed):
    edited = "A new first line.\n" + SCRAPED.replace("About 4,800", "About 4,900")
    renamed.write_text(edited, encoding="utf-8")
    old = renamed.parent / "ferry.txt.annotations.json"
    before = snapshot(renamed.parent)

    code, _, err = run(capsys, "relink", old, renamed)
    assert code == 1 and "holds notes on other text than ferry-2026.txt" in err
    assert "--force" in err and snapshot(renamed.parent) == before

    code, out, err = run(capsys, "relink", old, renamed, "--force")
    assert code == 0 and "found again in the new text" in out
    rows = {r["quote"]: r for r in listed(capsys, renamed)}
    assert rows["Ines Moreau"]["anchor"] == "moved"
    assert rows["Ines Moreau"]["review"]["anchor"] == "moved"
    assert edited[rows["Ines Moreau"]["start"] : rows["Ines Moreau"]["end"]] == "Ines Moreau"
    assert rows["About 4,900"]["anchor"] in ("fuzzy", "orphaned")
    source = store.read(store.beside(renamed)).source
    assert (source.file, source.sha256) == (renamed.name, read_document(renamed).sha256)
    assert not old.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{ broken", "not valid JSON"),
        (b'{"format": "annotator-sidecar", "version": 7}', "newer Annotator (version 7)"),
    ],
)
def test_relink_leaves_an_unusable_sidecar_as_it_is(capsys, renamed, content, message):
    old = renamed.parent / "ferry.txt.annotations.json"
    old.write_bytes(content)
    before = snapshot(renamed.parent)
    code, _, err = run(capsys, "relink", old, renamed, "--force")
    assert code == 1 and err.startswith("annotator: ") and err.count("\n") == 1
    assert message in err
    assert snapshot(renamed.parent) == before


def test_relink_refuses_a_file_that_is_not_a_sidecar(capsys, renamed):
    code, _, err = run(capsys, "relink", renamed, renamed)
    assert code == 1 and "is not a sidecar" in err


def test_the_data_folders_copy_is_found_and_moved(capsys, tmp_path):
    old, new = tmp_path / "court.txt", tmp_path / "court-ruling.txt"
    old.write_text(SCRAPED, encoding="utf-8")
    assert run(capsys, "add", old, "--quote", "Ines Moreau")[0] == 0
    copy = store.fallback(old)
    copy.parent.mkdir(parents=True, exist_ok=True)
    store.beside(old).rename(copy)  # where a read-only folder's notes go
    old.rename(new)

    _, _, err = run(capsys, "list", new)
    assert f"{copy.name} has notes for the same text" in err
    assert f"run: annotator relink {copy} {new}" in err
    code, _, _ = run(capsys, "relink", copy, new)
    assert code == 0 and not copy.exists()
    assert [r["quote"] for r in listed(capsys, new)] == ["Ines Moreau"]


def test_the_digest_is_read_from_the_head_of_a_sidecar_written_in_any_order(tmp_path):
    ours = tmp_path / "a.txt.annotations.json"
    digest = "ab" * 32
    sidecar = Sidecar(annotations=[Annotation("x", 0, 1, "q", note="n" * 20_000)])
    sidecar.source.sha256 = digest
    ours.write_bytes(store.dumps(sidecar))
    theirs = tmp_path / "b.txt.annotations.json"  # another tool: source last, past the head
    data = json.loads(ours.read_bytes())
    data = {key: data[key] for key in ("format", "version", "annotations", "source")}
    theirs.write_text(json.dumps(data), "utf-8")
    broken = tmp_path / "c.txt.annotations.json"
    broken.write_bytes(b"{ not json")
    assert relink.recorded_digest(ours) == relink.recorded_digest(theirs) == digest
    assert relink.recorded_digest(broken) == ""


def test_author_comes_from_the_environment_unless_given(capsys, tmp_path, monkeypatch):
    article = tmp_path / "ferry.txt"
    article.write_text(SCRAPED, encoding="utf-8")
    monkeypatch.setenv("ANNOTATOR_AUTHOR", "Lina Haddad")
    assert run(capsys, "add", article, "--quote", "Ines Moreau")[0] == 0
    assert run(capsys, "add", article, "--quote", "About 4,800", "--author", "Desk")[0] == 0
    assert run(capsys, "suggest", article, "--accept", "figure")[0] == 0
    authors = {a.exact: a.author for a in store.read(store.beside(article)).annotations}
    assert authors.pop("Ines Moreau") == "Lina Haddad"
    assert authors.pop("About 4,800") == "Desk"
    assert authors and set(authors.values()) == {"Lina Haddad"}  # accepted suggestions


@pytest.mark.parametrize("command", ["add", "suggest"])
def test_the_author_variable_is_in_the_help(capsys, command):
    with pytest.raises(SystemExit) as leaving:
        main([command, "--help"])
    assert leaving.value.code == 0
    assert "$ANNOTATOR_AUTHOR" in capsys.readouterr().out


@pytest.mark.slow
def test_version_prints_the_installed_version():
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--version"], capture_output=True, text=True
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"annotator {metadata.version('annotator')}\n"
    assert done.stdout == f"annotator {annotator.__version__}\n"


@pytest.mark.slow
def test_the_relink_benchmark_measures_both_figures_with_their_floors(tmp_path, capsys):
    from benchmarks.relink import main as benchmark

    out = tmp_path / "figures.json"
    assert benchmark(["--count", "6", "--passages", "3", "--runs", "1", "--json", str(out)]) == 0
    figures = {row["key"]: row for row in json.loads(out.read_text("utf-8"))}
    assert set(figures) == {"relink-none", "relink-all-gone"}
    assert all(row["value"] > 0 and row["floor"] > 0 for row in figures.values())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_named_like_a_sidecar_is_not_waited_on(capsys, renamed):
    os.mkfifo(renamed.parent / "stream.txt.annotations.json")
    assert relink.recorded_digest(renamed.parent / "stream.txt.annotations.json") == ""
    _, _, err = run(capsys, "list", renamed)
    assert err == NOTICE.format(folder=renamed.parent)


def test_relink_leaves_the_notes_of_an_article_still_there_unless_forced(capsys, renamed):
    original = renamed.parent / "ferry.txt"
    original.write_text(SCRAPED, encoding="utf-8")  # a copy, not a rename
    old = renamed.parent / "ferry.txt.annotations.json"
    before = snapshot(renamed.parent)
    code, _, err = run(capsys, "relink", old, renamed)
    assert code == 1
    assert err == (
        "annotator: ferry.txt is still there and these are its notes; add --force to move "
        "them to ferry-2026.txt all the same\n"
    )
    assert snapshot(renamed.parent) == before
    assert run(capsys, "relink", old, renamed, "--force")[0] == 0
    assert not old.exists() and len(listed(capsys, renamed)) == 2
