"""Every way a sidecar save or read can fail (formats.md §2), with real permissions.

CI runs as root, which writes anywhere and reads anything; so the tests that need a
folder or a file that cannot be used run a child process that drops to an unprivileged
user before it touches them.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from annotator import store
from annotator.article import open_article
from annotator.model import make_annotation
from tests.texts import SCRAPED

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")

NOBODY = 65534


def unprivileged() -> tuple[int, int]:
    """The user and group the child runs as: nobody when we are root, else ourselves."""
    if os.geteuid() != 0:
        return os.geteuid(), os.getegid()
    try:
        import pwd

        entry = pwd.getpwnam("nobody")
        return entry.pw_uid, entry.pw_gid
    except (ImportError, KeyError):
        return NOBODY, NOBODY


# The child loads what it needs while it still may (Python itself may live in a folder
# only root can read), then gives up root if it has it.
PREAMBLE = """
import json, os, sys
from pathlib import Path
from annotator import resources, store
from annotator.article import open_article
from annotator.model import make_annotation, new_id
article = Path(sys.argv[1])
store.fallback(article)  # platformdirs loads its platform module on first use
resources.default_tags()  # and importlib.resources its readers
new_id()  # and uuid
import filelock  # and the sidecar's lock
uid, gid = int(sys.argv[2]), int(sys.argv[3])
if os.geteuid() == 0:
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
assert os.geteuid() == uid
"""


def run_child(code: str, article: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    uid, gid = unprivileged()
    return subprocess.run(
        [sys.executable, "-c", PREAMBLE + code, str(article), str(uid), str(gid)],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip


@pytest.fixture
def shared(monkeypatch):
    """A folder every user can reach (pytest's own is private to us), with a data folder
    the unprivileged user owns; removed afterwards."""
    base = Path(tempfile.mkdtemp(prefix="annotator-test-", dir="/tmp"))
    base.chmod(0o755)
    story = base / "story"
    story.mkdir()
    data = base / "data"
    data.mkdir()
    uid, gid = unprivileged()
    os.chown(data, uid, gid)
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    env = {**os.environ, "XDG_DATA_HOME": str(data)}
    yield story, env
    for folder in (story, base):
        folder.chmod(0o755)
    shutil.rmtree(base, ignore_errors=True)


SAVE_ONE = """
opened = open_article(article)
start = opened.text.index("About 4,800")
opened.sidecar.annotations.append(make_annotation(opened.text, start, start + 11, note="n"))
saved = opened.save()
print(json.dumps({"path": str(saved.path), "fallback": saved.fallback}))
"""


@pytest.mark.slow  # a child process per save
def test_a_read_only_folder_sends_the_sidecar_to_the_data_folder(shared):
    story, env = shared
    article = story / "ferry.txt"
    article.write_text(SCRAPED, encoding="utf-8")
    article.chmod(0o444)
    story.chmod(0o555)
    result = run_child(SAVE_ONE, article, env)
    assert result.returncode == 0, result.stderr
    saved = json.loads(result.stdout)
    assert saved == {"path": str(store.fallback(article)), "fallback": True}
    assert not store.beside(article).exists()
    assert sorted(p.name for p in story.iterdir()) == ["ferry.txt"]
    # Found there next time, by anyone who opens the article.
    again = open_article(article)
    assert again.sidecar_path == store.fallback(article)
    assert [a.exact for a in again.sidecar.annotations] == ["About 4,800"]


@pytest.mark.slow  # a child process per save
def test_a_sidecar_already_in_the_data_folder_stays_there(shared):
    story, env = shared
    article = story / "ferry.txt"
    article.write_text(SCRAPED, encoding="utf-8")
    story.chmod(0o555)
    assert run_child(SAVE_ONE, article, env).returncode == 0
    story.chmod(0o755)  # the folder becomes writable again: the notes do not split in two
    result = run_child(SAVE_ONE, article, env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["path"] == str(store.fallback(article))
    assert not store.beside(article).exists()
    assert len(store.read(store.fallback(article)).annotations) == 2


@pytest.mark.slow  # a child process per save
def test_an_unreadable_sidecar_is_refused_and_left_as_it_is(shared):
    story, env = shared
    article = story / "ferry.txt"
    article.write_text(SCRAPED, encoding="utf-8")
    sidecar = store.beside(article)
    sidecar.write_bytes(b'{"format": "annotator-sidecar", "version": 1}\n')
    sidecar.chmod(0o200)
    story.chmod(0o777)
    result = run_child(SAVE_ONE, article, env)
    assert result.returncode != 0
    assert "SidecarError" in result.stderr and "cannot be read" in result.stderr
    assert sidecar.read_bytes() == b'{"format": "annotator-sidecar", "version": 1}\n'
    assert not store.fallback(article).exists()


@pytest.mark.slow  # a child process per save
def test_an_unreadable_article_is_refused(shared):
    story, env = shared
    article = story / "ferry.txt"
    article.write_text(SCRAPED, encoding="utf-8")
    article.chmod(0o200)
    result = run_child(SAVE_ONE, article, env)
    assert result.returncode != 0
    assert "DocumentError" in result.stderr and "permission denied" in result.stderr
    assert sorted(p.name for p in story.iterdir()) == ["ferry.txt"]


@pytest.mark.slow  # a child process per save
def test_a_read_only_sidecar_in_a_writable_folder_is_replaced_keeping_its_mode(shared):
    story, env = shared
    article = story / "ferry.txt"
    article.write_text(SCRAPED, encoding="utf-8")
    story.chmod(0o777)
    assert run_child(SAVE_ONE, article, env).returncode == 0
    store.beside(article).chmod(0o444)
    result = run_child(SAVE_ONE, article, env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["fallback"] is False
    assert store.beside(article).stat().st_mode & 0o777 == 0o444
    assert len(store.read(store.beside(article)).annotations) == 2


# The same decisions without a second user: each errno a write can fail with.


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    return path


def refusing(monkeypatch, folder: Path, code: int) -> list[Path]:
    """Make every write into `folder` fail with `code`; return the paths written."""
    real = store.write_atomic
    written: list[Path] = []

    def write(path, payload):
        if Path(path).parent == folder:
            raise OSError(code, os.strerror(code), str(path))
        written.append(Path(path))
        real(path, payload)

    monkeypatch.setattr(store, "write_atomic", write)
    return written


def one_passage(article: Path):
    opened = open_article(article)
    start = opened.text.index("Ines Moreau")
    opened.sidecar.annotations.append(make_annotation(opened.text, start, start + 11))
    return opened


@pytest.mark.parametrize("code", [errno.EACCES, errno.EPERM, errno.EROFS])
def test_a_folder_that_refuses_writes_sends_the_sidecar_to_the_data_folder(
    article, monkeypatch, code
):
    written = refusing(monkeypatch, article.parent, code)
    store.fallback(article).parent.mkdir(parents=True)  # another article's notes went there
    saved = one_passage(article).save()
    assert saved.fallback is True and saved.path == store.fallback(article)
    assert written == [store.fallback(article)]
    assert store.read(saved.path).annotations[0].exact == "Ines Moreau"
    assert saved.payload == saved.path.read_bytes()


@pytest.mark.parametrize("code", [errno.EIO, errno.ENOSPC, errno.ENAMETOOLONG])
def test_other_write_failures_are_reported_not_sent_elsewhere(article, monkeypatch, code):
    written = refusing(monkeypatch, article.parent, code)
    with pytest.raises(OSError) as failure:
        one_passage(article).save()
    assert failure.value.errno == code
    assert written == []
    assert not store.fallback(article).exists()


def test_a_data_folder_that_refuses_writes_too_is_reported(article, monkeypatch):
    refusing(monkeypatch, article.parent, errno.EACCES)
    refusing(monkeypatch, store.fallback(article).parent, errno.EACCES)
    with pytest.raises(PermissionError):
        one_passage(article).save()
    assert not store.beside(article).exists()


def test_a_write_into_the_data_folder_that_fails_is_not_retried_elsewhere(article, monkeypatch):
    opened = one_passage(article)
    opened.sidecar_path = store.fallback(article)  # where it was found
    store.fallback(article).parent.mkdir(parents=True)
    written = refusing(monkeypatch, store.fallback(article).parent, errno.EACCES)
    with pytest.raises(PermissionError):
        opened.save()
    assert written == [] and not store.beside(article).exists()


def test_the_data_folder_place_is_per_article_and_stable(article, tmp_path):
    twin = tmp_path / "other" / "ferry.txt"
    twin.parent.mkdir()
    twin.write_text("x", encoding="utf-8")
    place = store.fallback(article)
    assert place == store.fallback(article)
    assert place != store.fallback(twin)  # same name, other folder: other notes
    assert place.parent.name == "sidecars" and place.parent.parent.name == "annotator"
    assert place.name.startswith("ferry.txt.") and place.name.endswith(".annotations.json")
    assert len(place.name) == len("ferry.txt.") + 16 + len(".annotations.json")


def test_locate_prefers_the_data_folder_copy_once_there_is_one(article):
    assert store.locate(article) is None
    store.beside(article).write_text("{}")
    assert store.locate(article) == store.beside(article)
    store.fallback(article).parent.mkdir(parents=True)
    store.fallback(article).write_text("{}")  # made because the folder could not be written
    assert store.locate(article) == store.fallback(article)


def test_a_newer_sidecar_is_never_saved_anywhere(article):
    opened = one_passage(article)
    opened.sidecar.read_only = True
    opened.sidecar.version = 7
    with pytest.raises(store.SidecarError, match="version 7"):
        store.save(opened.sidecar, article)
    assert not store.beside(article).exists() and not store.fallback(article).exists()


def test_a_save_beside_the_article_says_so_and_what_it_wrote(article):
    saved = one_passage(article).save()
    assert (saved.path, saved.fallback) == (store.beside(article), False)
    assert saved.payload == store.beside(article).read_bytes()


def test_the_data_folder_place_of_a_name_that_is_not_utf8(tmp_path):
    import os as _os

    odd = tmp_path / _os.fsdecode(b"caf\xe9.txt")  # a name from a Latin-1 file system
    other = tmp_path / _os.fsdecode(b"caf\xe8.txt")
    assert store.fallback(odd) != store.fallback(other)
    assert store.fallback(odd).name.endswith(".annotations.json")


def test_the_sidecar_records_the_articles_encoding_and_line_endings(tmp_path):
    path = tmp_path / "mayor.txt"
    path.write_bytes("The mayor said “no”.\r\nAnd left.\r\n".encode("cp1252"))
    opened = open_article(path)
    opened.sidecar.annotations.append(make_annotation(opened.text, 4, 9))
    opened.save()
    source = json.loads(store.beside(path).read_text(encoding="utf-8"))["source"]
    assert (source["encoding"], source["newline"]) == ("cp1252", "\r\n")
    assert source["length"] == len(opened.text) and source["file"] == "mayor.txt"
