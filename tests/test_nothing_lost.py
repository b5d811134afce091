"""Paths that used to lose or overwrite work: outputs over inputs, links, read-only folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import store
from tests import texts


def run(*args: str, env: dict[str, str] | None = None):
    """The real command line in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env
    )


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "ferry.txt"
    path.write_text(texts.SCRAPED, encoding="utf-8")
    assert run("add", str(path), "--quote", "Ines Moreau", "--note", "hers").returncode == 0
    return path


@pytest.mark.parametrize("target", ["article", "sidecar", "folder", "other-sidecar"])
def test_export_refuses_to_write_over_what_it_is_made_from(article, tmp_path, target):
    other = tmp_path / "other.txt.annotations.json"
    other.write_text("{}", encoding="utf-8")
    out = {
        "article": article,
        "sidecar": store.beside(article),
        "folder": tmp_path,
        "other-sidecar": other,
    }[target]
    before = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    result = run("export", str(article), "-o", str(out), "--format", "md")
    assert result.returncode == 1
    assert result.stderr.startswith("annotator: ") and result.stderr.count("\n") == 1
    assert {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_export_refuses_the_article_through_another_name(article, tmp_path):
    link = tmp_path / "link.md"
    link.symlink_to(article)
    before = article.read_bytes()
    assert run("export", str(article), "-o", str(link)).returncode == 1
    assert article.read_bytes() == before and link.is_symlink()


def test_a_symlinked_sidecar_is_written_through_to_its_target(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    article = tmp_path / "ferry.txt"
    article.write_text(texts.SCRAPED, encoding="utf-8")
    real = shared / "ferry.txt.annotations.json"
    assert run("add", str(article), "--quote", "Ines Moreau").returncode == 0
    os.replace(store.beside(article), real)
    store.beside(article).symlink_to(real)
    assert run("add", str(article), "--quote", "About 4,800").returncode == 0
    assert store.beside(article).is_symlink()  # still the shared copy
    quotes = [
        a["target"]["selector"][-1]["exact"] for a in json.loads(real.read_text())["annotations"]
    ]
    assert quotes == ["Ines Moreau", "About 4,800"]


def run_read_only(folder: Path, *args: str, env: dict[str, str]):
    """The command line with `folder` unwritable: a read-only bind mount of it where we are
    root (root writes through any permission), its permissions dropped otherwise."""
    if os.geteuid() != 0:
        return run(*args, env=env)
    script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
    command = [sys.executable, "-m", "annotator", *args]
    return subprocess.run(
        ["unshare", "--mount", "sh", "-c", script, str(folder), *command],
        capture_output=True, text=True, env=env,
    )  # fmt: skip


def test_a_read_only_folder_keeps_one_copy_of_the_notes(tmp_path):
    folder = tmp_path / "readonly"
    folder.mkdir()
    article = folder / "ferry.txt"
    article.write_text(texts.SCRAPED, encoding="utf-8")
    assert run("add", str(article), "--quote", "Ines Moreau").returncode == 0
    beside = store.beside(article).read_bytes()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    folder.chmod(0o555)
    try:
        first = run_read_only(folder, "add", str(article), "--quote", "About 4,800", env=env)
        assert first.returncode == 0, first.stderr
        assert "not writable" in first.stderr
        second = run_read_only(
            folder, "add", str(article), "--quote", "the fuel bill doubled", env=env
        )
        assert second.returncode == 0, second.stderr
        listed = run_read_only(folder, "list", str(article), "--json", env=env)
    finally:
        folder.chmod(0o755)
    quotes = {row["quote"] for row in json.loads(listed.stdout)}
    assert quotes == {"Ines Moreau", "About 4,800", "the fuel bill doubled"}
    assert store.beside(article).read_bytes() == beside  # the old copy was never written


def test_a_passage_deleted_after_the_article_changed_stays_deleted(tmp_path):
    from annotator.article import open_article

    path = tmp_path / "ferry.txt"
    path.write_text(texts.SCRAPED, encoding="utf-8")
    for quote in ("Ines Moreau", "About 4,800"):
        assert run("add", str(path), "--quote", quote).returncode == 0
    hers, theirs = open_article(path), open_article(path)  # two writers, opened alike
    path.write_text("Correction appended on top.\n\n" + texts.SCRAPED, encoding="utf-8")
    hers.reload()
    hers.sidecar.annotations = [a for a in hers.sidecar.annotations if a.exact != "Ines Moreau"]
    hers.save()
    theirs.reload()  # the other writer re-anchors too, edits nothing of that passage...
    theirs.save()  # ...and saves: the deletion holds
    quotes = [a["target"]["selector"][-1]["exact"]
              for a in json.loads(store.beside(path).read_text())["annotations"]]  # fmt: skip
    assert quotes == ["About 4,800"]
    theirs = open_article(path)
    theirs.sidecar.annotations[0].note = "port data"  # an edit of hers, kept
    theirs.sidecar.annotations[0].modified = "2030-01-01T00:00:00Z"
    theirs.save()
    assert json.loads(store.beside(path).read_text())["annotations"][0]["note"] == "port data"
