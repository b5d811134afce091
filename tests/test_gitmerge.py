"""Git as the desk's shared engine: `annotator git-setup` and `merge-driver`, run by real git."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import filelock
import pytest

from annotator import store
from annotator.article import open_article
from annotator.merge import NOTE_SEPARATOR
from annotator.model import Tag, now_iso

pytestmark = pytest.mark.slow

TEXT = (
    "Harbour board approves dredging plan\n\n"
    "The harbour board voted 7 to 2 on Tuesday to dredge the northern channel.\n\n"
    "\u201cThe channel has silted up faster than any model predicted,\u201d said "
    "Marta Quintero, the board's chair.\n\n"
    "The work will cost about 4.2 million and take eleven weeks, the board said.\n\n"
    "Fishermen's groups said they had not been consulted.\n\n"
    "A spokesman for the port authority declined to comment.\n"
)
FOLDER = Path("stories") / "harbour"  # sidecars below the top of the work tree


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=check, env=GIT_ENV
    )


GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,  # no one's own settings (a rebasing pull, a driver)
    "GIT_TERMINAL_PROMPT": "0",
}


def annotator(cwd: Path, *argv: str | Path, **env: str) -> subprocess.CompletedProcess:
    """The command line in a process of its own, as git and a desk script run it."""
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, argv)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**GIT_ENV, **env},
    )


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    configure(path)
    return path


def configure(repo: Path) -> None:
    git(repo, "config", "user.name", "Desk Test")
    git(repo, "config", "user.email", "desk@example.org")
    setup = annotator(repo, "git-setup")
    assert setup.returncode == 0, setup.stderr


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def add(repo: Path, quote: str, note: str = "") -> str:
    done = annotator(repo, "add", FOLDER / "article.txt", "--quote", quote, "--note", note)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def edit(repo: Path, passage_id: str, **fields) -> None:
    """Change a passage as the window would (its `modified` stamped), and save."""
    article = open_article(repo / FOLDER / "article.txt")
    passage = article.sidecar.annotation(passage_id)
    for name, value in {"modified": now_iso(), **fields}.items():
        setattr(passage, name, value)
    article.save()


def delete(repo: Path, passage_id: str) -> None:
    article = open_article(repo / FOLDER / "article.txt")
    article.sidecar.annotations.remove(article.sidecar.annotation(passage_id))
    article.save()


def edit_tags(repo: Path, change) -> None:
    article = open_article(repo / FOLDER / "article.txt")
    change(article.sidecar.tags)
    article.save()


def edit_sidecar(repo: Path, change) -> None:
    """Any other change (a reply, a dismissed suggestion, a source detail), then save."""
    article = open_article(repo / FOLDER / "article.txt")
    change(article.sidecar)
    article.save()


def detail(key: str, value: str):
    """A source detail she wrote herself, no longer the program's guess."""

    def write(sidecar) -> None:
        sidecar.source.metadata[key] = value
        sidecar.source.guessed = [k for k in sidecar.source.guessed or [] if k != key]

    return write


def reply(passage_id: str, reply_id: str, text: str):
    def add_reply(sidecar) -> None:
        extra = sidecar.annotation(passage_id).extra
        extra["replies"] = [*extra.get("replies", []), {"id": reply_id, "text": text}]

    return add_reply


def listed(repo: Path) -> dict[str, dict]:
    done = annotator(repo, "list", FOLDER / "article.txt", "--json")
    assert done.returncode == 0, done.stderr
    return {row["id"]: row for row in json.loads(done.stdout)}


def sidecar_text(repo: Path) -> str:
    return (repo / FOLDER / f"article.txt{store.SUFFIX}").read_text("utf-8")


def start_story(repo: Path) -> None:
    (repo / FOLDER).mkdir(parents=True, exist_ok=True)
    (repo / FOLDER / "article.txt").write_text(TEXT, encoding="utf-8")


def test_two_branches_editing_one_sidecar_merge_without_a_conflict(tmp_path):
    repo = new_repo(tmp_path / "desk")
    start_story(repo)
    vote = add(repo, "voted 7 to 2", "Check the minutes")
    cost = add(repo, "about 4.2 million")
    gone = add(repo, "declined to comment")
    commit(repo, "First notes")

    git(repo, "checkout", "-q", "-b", "colleague")
    said = add(repo, "had not been consulted", "Which groups?")
    edit(repo, vote, note="Minutes are online: page 4")
    delete(repo, gone)
    edit_tags(repo, lambda tags: tags.append(Tag("legal", "Legal", "#b39ddb", "")))
    edit_sidecar(repo, reply(cost, "r-editor", "Source?"))
    edit_sidecar(repo, detail("outlet", "Harbour Gazette"))
    edit_sidecar(repo, lambda s: s.dismissed.append({"kind": "figure", "exact": "7"}))
    commit(repo, "Colleague's notes")

    git(repo, "checkout", "-q", "main")
    quote = add(repo, "silted up faster", "Ask for the model")
    edit(repo, vote, note="Call the board secretary")
    edit(repo, cost, status="verified")
    edit_tags(repo, lambda tags: setattr(tags[0], "color", "#ff7043"))
    edit_sidecar(repo, reply(cost, "r-me", "The budget papers"))
    edit_sidecar(repo, detail("title", "Dredging vote"))
    edit_sidecar(repo, lambda s: s.dismissed.append({"kind": "date", "exact": "Tuesday"}))
    commit(repo, "My notes")
    first_tag = open_article(repo / FOLDER / "article.txt").sidecar.tags[0].id

    merged = git(repo, "merge", "--no-edit", "colleague", check=False)

    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "CONFLICT" not in merged.stdout
    assert "<<<<<<<" not in sidecar_text(repo) and ">>>>>>>" not in sidecar_text(repo)
    assert git(repo, "status", "--porcelain").stdout == ""  # merged, committed, no lock files
    rows = listed(repo)
    assert set(rows) == {vote, cost, said, quote}  # deleted on one side only: gone
    assert rows[vote]["note"] == "Call the board secretary" + NOTE_SEPARATOR + (
        "Minutes are online: page 4"
    )
    assert rows[cost]["status"] == "verified"
    assert rows[said]["note"] == "Which groups?" and rows[quote]["note"] == "Ask for the model"
    assert all(row["anchor"] == "exact" for row in rows.values())
    tags = {tag.id: tag for tag in open_article(repo / FOLDER / "article.txt").sidecar.tags}
    assert "legal" in tags and tags[first_tag].color == "#ff7043"
    on_disk = json.loads(sidecar_text(repo))
    replies = next(a["replies"] for a in on_disk["annotations"] if a["id"] == cost)
    assert {r["id"] for r in replies} == {"r-me", "r-editor"}
    assert on_disk["source"]["metadata"]["title"] == "Dredging vote"
    assert on_disk["source"]["metadata"]["outlet"] == "Harbour Gazette"
    assert {d["exact"] for d in on_disk["dismissed"]} == {"7", "Tuesday"}


def test_two_clones_pulling_each_others_notes_see_every_passage(tmp_path):
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    mine = new_repo(tmp_path / "mine")
    git(mine, "remote", "add", "origin", str(origin))
    start_story(mine)
    shared = add(mine, "Marta Quintero", "The chair")
    commit(mine, "The story")
    git(mine, "push", "-q", "origin", "main")
    theirs = tmp_path / "theirs"
    git(tmp_path, "clone", "-q", str(origin), str(theirs))
    configure(theirs)  # git keeps the driver's config per clone

    my_ids = {add(mine, "eleven weeks", "Schedule?"), add(mine, "northern channel")}
    edit(mine, shared, note="Chair since 2019", tag="person")
    commit(mine, "Mine")
    git(mine, "push", "-q", "origin", "main")
    their_ids = {add(theirs, "port authority", "Call back Friday"), add(theirs, "7 to 2")}
    edit(theirs, shared, status="to-verify")
    commit(theirs, "Theirs")

    pulled = git(theirs, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main", check=False)

    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    assert "<<<<<<<" not in sidecar_text(theirs)
    rows = listed(theirs)
    assert set(rows) == {shared} | my_ids | their_ids
    assert rows[shared]["note"] == "Chair since 2019"
    assert (rows[shared]["tag"], rows[shared]["status"]) == ("person", "to-verify")
    git(theirs, "push", "-q", "origin", "main")
    git(mine, "pull", "-q", "--no-rebase", "origin", "main")
    assert listed(mine) == rows


def test_the_same_sidecar_begun_on_both_sides_is_joined(tmp_path):
    repo = new_repo(tmp_path / "desk")
    start_story(repo)
    commit(repo, "The article, no notes yet")
    git(repo, "checkout", "-q", "-b", "colleague")
    theirs = add(repo, "not been consulted", "Theirs")
    commit(repo, "Colleague begins")
    git(repo, "checkout", "-q", "main")
    ours = add(repo, "silted up", "Mine")
    commit(repo, "I begin")

    merged = git(repo, "merge", "--no-edit", "colleague", check=False)

    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert set(listed(repo)) == {ours, theirs}


def test_an_unreadable_side_is_left_to_git_as_a_conflict(tmp_path):
    repo = new_repo(tmp_path / "desk")
    start_story(repo)
    add(repo, "voted 7 to 2", "Base")
    commit(repo, "Base")
    git(repo, "checkout", "-q", "-b", "colleague")
    (repo / FOLDER / f"article.txt{store.SUFFIX}").write_text("{ not json", "utf-8")
    commit(repo, "A broken sidecar")
    git(repo, "checkout", "-q", "main")
    add(repo, "eleven weeks", "Mine")
    commit(repo, "Mine")
    ours = (repo / FOLDER / f"article.txt{store.SUFFIX}").read_bytes()

    merged = git(repo, "merge", "--no-edit", "colleague", check=False)

    assert merged.returncode != 0
    assert "CONFLICT" in merged.stdout
    assert "annotator: " in merged.stderr and "not valid JSON" in merged.stderr
    assert (repo / FOLDER / f"article.txt{store.SUFFIX}").read_bytes() == ours
    unmerged = git(repo, "diff", "--name-only", "--diff-filter=U").stdout.split()
    assert unmerged == [f"{FOLDER.as_posix()}/article.txt{store.SUFFIX}"]


def driver_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Three versions of a sidecar as git hands them to the driver: base, ours, theirs."""
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    assert annotator(tmp_path, "add", article, "--quote", "voted 7 to 2").returncode == 0
    sidecar = store.beside(article)
    base = tmp_path / ".merge_file_base"
    base.write_bytes(sidecar.read_bytes())
    assert annotator(tmp_path, "add", article, "--quote", "eleven weeks").returncode == 0
    ours = tmp_path / ".merge_file_ours"
    ours.write_bytes(sidecar.read_bytes())
    sidecar.write_bytes(base.read_bytes())
    assert annotator(tmp_path, "add", article, "--quote", "Fishermen").returncode == 0
    theirs = tmp_path / ".merge_file_theirs"
    theirs.write_bytes(sidecar.read_bytes())
    return base, ours, theirs


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (b"", "not valid JSON"),
        (b'{"format": "something-else"}', "not an Annotator sidecar"),
        (b'{"format": "annotator-sidecar", "version": 99}', "newer Annotator (version 99)"),
    ],
)
def test_the_driver_refuses_what_it_cannot_read_and_leaves_ours(tmp_path, broken, message):
    base, ours, theirs = driver_files(tmp_path)
    theirs.write_bytes(broken)
    before = ours.read_bytes()

    done = annotator(tmp_path, "merge-driver", base, ours, theirs, f"article.txt{store.SUFFIX}")

    assert done.returncode == 1
    assert done.stderr.startswith("annotator: ") and done.stderr.count("\n") == 1
    assert message in done.stderr
    assert ours.read_bytes() == before


def test_the_driver_waits_for_a_save_holding_the_lock(tmp_path):
    base, ours, theirs = driver_files(tmp_path)
    path = f"article.txt{store.SUFFIX}"
    lock = filelock.FileLock(store.lock_path(tmp_path / path))
    before = ours.read_bytes()
    with lock:
        driver = subprocess.Popen(
            [sys.executable, "-m", "annotator", "merge-driver", base, ours, theirs, path],
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.5)  # long enough to start Python and reach the lock
        assert driver.poll() is None and ours.read_bytes() == before
    _, err = driver.communicate(timeout=30)
    assert driver.returncode == 0, err
    merged = store.read(ours)
    assert {a.exact for a in merged.annotations} == {"voted 7 to 2", "eleven weeks", "Fishermen"}


def test_git_setup_is_idempotent_and_says_what_it_did(tmp_path):
    repo = tmp_path / "desk"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / ".gitattributes").write_text("*.docx binary", "utf-8")  # no final newline

    first = annotator(repo / ".", "git-setup", ".")
    second = annotator(repo, "git-setup")

    assert first.returncode == second.returncode == 0
    assert "added '*.annotations.json merge=annotator'" in first.stdout
    assert "already has '*.annotations.json merge=annotator'" in second.stdout
    assert "merge.annotator.driver is already set" in second.stdout
    assert (repo / ".gitattributes").read_text("utf-8") == (
        "*.docx binary\n*.annotations.json merge=annotator\n"
    )
    driver = git(repo, "config", "--get", "merge.annotator.driver").stdout.strip()
    assert driver.endswith("-m annotator merge-driver %O %A %B %P")
    assert git(repo, "config", "--get", "merge.annotator.name").stdout.strip()
    exclude = (repo / ".git" / "info" / "exclude").read_text("utf-8")
    assert exclude.count(".*.annotations.json.lock") == 1


def test_git_setup_from_a_subfolder_writes_at_the_top(tmp_path):
    repo = new_repo(tmp_path / "desk")
    (repo / FOLDER).mkdir(parents=True)
    done = annotator(repo / FOLDER, "git-setup")
    assert done.returncode == 0
    assert not (repo / FOLDER / ".gitattributes").exists()
    assert "merge=annotator" in (repo / ".gitattributes").read_text("utf-8")


def test_git_setup_outside_a_repository_is_refused_in_one_line(tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    done = annotator(folder, "git-setup", folder, GIT_CEILING_DIRECTORIES=str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.startswith("annotator: ") and done.stderr.count("\n") == 1
    assert "not in a git repository" in done.stderr
    assert list(folder.iterdir()) == []
