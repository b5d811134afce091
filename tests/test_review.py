"""A re-anchored passage waits for her review across saves, merges and restarts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import store

PARAGRAPH = (
    "নির্বাচন কমিশন জানিয়েছে, ৫০টি আসনে ভোট গ্রহণ হবে। The commission said 50 "
    "constituencies will vote on Sunday."
)
TEXT = f"Election desk\n\n{PARAGRAPH}\n\nTurnout figures follow.\n\n{PARAGRAPH}\n\nEnd.\n"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True
    )


def listed(article: Path) -> list[dict]:
    result = cli("list", str(article), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "election.txt"
    path.write_text(TEXT, encoding="utf-8")
    for occurrence, tag in (("1", "figure"), ("2", "follow-up")):
        result = cli(
            "add", str(path), "--quote", "50 constituencies", "--occurrence", occurrence,
            "--tag", tag,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    return path


def test_a_passage_moved_onto_its_twin_stays_flagged_after_a_save_and_a_restart(article):
    assert [row["review"] for row in listed(article)] == [None, None]
    first_copy = TEXT.index(PARAGRAPH)
    article.write_text(TEXT.replace(PARAGRAPH + "\n\n", "", 1), encoding="utf-8")
    rows = {row["tag"]: row for row in listed(article)}
    moved = rows["figure"]
    assert moved["anchor"] in ("moved", "ambiguous")
    assert moved["review"]["previous"]["start"] == TEXT.index("50 const", first_copy)
    assert rows["follow-up"]["start"] == moved["start"]  # the same words now: she must look
    # Another passage is added (a save); the flag is written, not dropped.
    assert cli("add", str(article), "--quote", "Turnout figures").returncode == 0
    saved = json.loads(store.beside(article).read_text(encoding="utf-8"))["annotations"]
    assert sum("review" in a for a in saved) == 2  # both moved up: both await her
    rows = {row["tag"]: row for row in listed(article)}  # a fresh process: a restart
    assert rows["figure"]["anchor"] == moved["anchor"]
    assert rows["figure"]["review"]["previous"] == moved["review"]["previous"]
    assert rows["follow-up"]["review"]["previous"]["start"] == TEXT.rindex("50 const")


def test_review_clears_the_flag_from_the_command_line(article):
    article.write_text("Update at noon.\n\n" + TEXT, encoding="utf-8")
    rows = listed(article)
    assert all(row["review"] for row in rows) and {r["anchor"] for r in rows} == {"moved"}
    result = cli("review", str(article), "--id", rows[0]["id"][:8])
    assert (result.returncode, result.stdout) == (0, "1 passage marked reviewed\n")
    rows = listed(article)
    assert [row["review"] is None for row in rows] == [True, False]
    assert [row["anchor"] for row in rows] == ["exact", "moved"]
    assert cli("review", str(article), "--all").stdout == "1 passage marked reviewed\n"
    assert [row["anchor"] for row in listed(article)] == ["exact", "exact"]
    assert cli("review", str(article), "--all").stdout == "0 passages marked reviewed\n"


def test_review_of_an_unknown_id_is_one_line_and_changes_nothing(article):
    before = store.beside(article).read_bytes()
    result = cli("review", str(article), "--id", "nosuchid")
    assert result.returncode == 1
    assert result.stderr.startswith("annotator: ") and result.stderr.count("\n") == 1
    assert store.beside(article).read_bytes() == before
    assert cli("review", str(article)).returncode == 2  # --all or --id is required


def test_the_brief_says_what_a_changed_passage_read_when_she_marked_it(tmp_path):
    path = tmp_path / "turnout.txt"
    path.write_text("The commission said 50 constituencies will vote.\n", encoding="utf-8")
    assert cli("add", str(path), "--quote", "50 constituencies").returncode == 0
    path.write_text("The commission said 60 constituencies will vote.\n", encoding="utf-8")
    out = tmp_path / "brief.md"
    assert cli("export", str(path), "-o", str(out)).returncode == 0
    brief = out.read_text(encoding="utf-8")
    assert "1 to check: the article changed" in brief
    assert "found by fuzzy match — check; it read “50 constituencies”" in brief
    assert "> 60 constituencies" in brief  # the passage as it now reads
