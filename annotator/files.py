"""Replacing a file atomically: a crash or a kill at any moment leaves the old file or the new.

The new contents go to a temporary file in the same folder (named after the target and
this process), are flushed and fsynced, then renamed over the target, and the folder is
fsynced so the rename itself lasts. A temporary file left by a killed writer is removed
by the next write to the same target.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

STALE_TEMP_SECONDS = 600  # a temporary file this old belongs to no live writer


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path to write the new contents to; it replaces `path` on success.

    On an exception the temporary file is removed and `path` is left as it was. A
    symbolic link is written through: its target is replaced, and the link stays.
    """
    path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    folder = path.parent
    _remove_stale_temporaries(path)
    handle, name = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=folder
    )
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as stream:
            os.fsync(stream.fileno())
        # Only once written: a read-only sidecar's mode would stop us writing its successor.
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _fsync_folder(folder)


def write_atomic(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload` so that a crash leaves the old file or the new one."""
    with replacing(path) as temporary:
        temporary.write_bytes(payload)


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a plain new file would get (mkstemp's are 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders can't be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files left by writers that were killed mid-write."""
    now = time.time()
    for temporary in path.parent.glob(f".{path.name}.*.tmp"):
        pid_text = temporary.name[len(path.name) + 2 :].split(".", 1)[0]
        try:
            old = now - temporary.stat().st_mtime > STALE_TEMP_SECONDS
            if old or not _process_alive(int(pid_text)):
                temporary.unlink()
        except (OSError, ValueError):
            continue


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process writes one file at a time: its leftovers are stale
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True
