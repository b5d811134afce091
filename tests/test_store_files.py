"""Atomic replacement (annotator/files.py): fsync before rename, the folder after, and
the temporary files of killed writers removed while a live writer's are left alone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator import files
from annotator.files import STALE_TEMP_SECONDS, replacing, write_atomic

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="/proc names an open file"
)


@pytest.fixture
def target(tmp_path) -> Path:
    path = tmp_path / "ferry.txt.annotations.json"
    path.write_bytes(b'{"old": true}\n')
    return path


def temporaries(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(f".{path.name}.*.tmp"))


@linux_only
def test_the_new_bytes_are_fsynced_before_the_rename_and_the_folder_after(target, monkeypatch):
    real_fsync = os.fsync
    synced: list[tuple[str, bytes]] = []

    def spy(descriptor: int) -> None:
        """Which file is fsynced, and what the target's folder holds at that moment."""
        name = os.readlink(f"/proc/self/fd/{descriptor}")
        seen = Path(name).read_bytes() if os.path.isfile(name) else target.read_bytes()
        synced.append((name, seen))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", spy)
    write_atomic(target, b'{"new": true}\n')
    (file_name, file_bytes), (folder_name, after_rename) = synced
    assert Path(file_name).parent == target.parent and Path(file_name) != target
    assert file_bytes == b'{"new": true}\n'  # the whole payload is on disk before the rename
    assert Path(folder_name) == target.parent  # then the rename itself is made durable
    assert after_rename == b'{"new": true}\n'
    assert target.read_bytes() == b'{"new": true}\n'
    assert temporaries(target) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(target):
    with pytest.raises(RuntimeError), replacing(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b'{"old": true}\n'
    assert temporaries(target) == []


def test_a_failed_fsync_leaves_the_old_file_and_no_temporary(target, monkeypatch):
    def failing(descriptor: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b'{"old": true}\n'
    assert temporaries(target) == []


@linux_only
def test_a_folder_that_cannot_be_fsynced_is_not_an_error(target, monkeypatch):
    real_fsync = os.fsync
    opened: list[int] = []

    def refuse_folders(descriptor: int) -> None:
        if os.path.isdir(f"/proc/self/fd/{descriptor}"):
            opened.append(descriptor)
            raise OSError(22, "Invalid argument")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", refuse_folders)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert opened, "the folder was fsynced"
    assert not os.path.exists(f"/proc/self/fd/{opened[0]}")  # and its descriptor closed


def test_a_folder_that_cannot_be_opened_is_not_an_error(target, monkeypatch):
    real_open = os.open

    def refuse_folders(path, flags, *args, **kwargs):
        if Path(path) == target.parent:
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_folders)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"


@posix_only
def test_a_new_file_gets_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path):
    path = tmp_path / "new.json"
    umask = os.umask(0o027)
    try:
        write_atomic(path, b"1")
        assert path.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)
    path.chmod(0o604)
    write_atomic(path, b"2")
    assert path.stat().st_mode & 0o777 == 0o604


def dead_pid() -> int:
    """The id of a process that has just ended."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    return int(child.stdout)


def leftover(target: Path, pid: object, age: float = 0) -> Path:
    path = target.parent / f".{target.name}.{pid}.x1y2z3.tmp"
    path.write_bytes(b"{half")
    if age:
        stamp = time.time() - age
        os.utime(path, (stamp, stamp))
    return path


def test_a_killed_writers_temporary_file_is_removed(target):
    dead = leftover(target, dead_pid())
    write_atomic(target, b"new")
    assert not dead.exists()
    assert temporaries(target) == []


def test_this_processs_own_leftover_is_removed(target):
    own = leftover(target, os.getpid())
    write_atomic(target, b"new")
    assert not own.exists()


def test_a_live_writers_temporary_file_is_left_alone(target):
    writer = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                              stdin=subprocess.PIPE)  # fmt: skip
    try:
        live = leftover(target, writer.pid)
        write_atomic(target, b"new")
        assert live.exists()
        assert writer.poll() is None  # asked whether it is alive, and left running
        assert target.read_bytes() == b"new"
        aged = leftover(target, writer.pid, age=STALE_TEMP_SECONDS + 60)
        write_atomic(target, b"newer")
        assert not aged.exists()  # too old to belong to a live save
    finally:
        writer.communicate(b"")


def test_a_temporary_file_just_under_the_age_limit_of_a_live_writer_stays(target):
    writer = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                              stdin=subprocess.PIPE)  # fmt: skip
    try:
        young = leftover(target, writer.pid, age=STALE_TEMP_SECONDS - 60)
        write_atomic(target, b"new")
        assert young.exists()
    finally:
        writer.communicate(b"")


def test_a_live_writer_of_another_user_is_left_alone(target, monkeypatch):
    """kill(pid, 0) on another user's process says permission denied: it is alive."""
    other = dead_pid()

    def not_yours(pid: int, sig: int) -> None:
        if pid == other:
            raise PermissionError(1, "Operation not permitted")
        raise ProcessLookupError(3, "No such process")

    monkeypatch.setattr(files.os, "kill", not_yours)
    theirs = leftover(target, other)
    gone = leftover(target, other + 1)
    write_atomic(target, b"new")
    assert theirs.exists()
    assert not gone.exists()


def test_temporary_files_of_other_targets_and_odd_names_are_not_touched(target):
    other = target.parent / f".other.json.{dead_pid()}.x1y2z3.tmp"
    other.write_bytes(b"{")
    odd = target.parent / f".{target.name}.notapid.x1y2z3.tmp"
    odd.write_bytes(b"{")
    write_atomic(target, b"new")
    assert other.exists() and odd.exists()


def test_odd_names_do_not_stop_the_clean_up_of_the_others(target):
    for n in range(5):
        (target.parent / f".{target.name}.odd{n}.x1y2z3.tmp").write_bytes(b"{")
    pid = dead_pid()
    dead = [leftover(target, pid).rename(target.parent / f".{target.name}.{pid}.d{n}.tmp")
            for n in range(5)]  # fmt: skip
    write_atomic(target, b"new")
    assert not any(path.exists() for path in dead)
