"""Noticing when an article or its sidecar is changed by someone else.

Editors and sync tools write in several steps, and an atomic replace puts a new file
(a new inode) where the watched one was; so notifications are gathered for a moment,
then each file's contents are compared with what was last seen. The folders are watched
too, so a file that was replaced, or a sidecar created later, is picked up again.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from annotator.document import stamp_of
from annotator.store import beside
from annotator.ui import background

DEBOUNCE_MS = 300

# Size and sha256 of the contents; or, for what we wrote or read ourselves, size and the
# bytes themselves (kept by the notes' owner anyway): a file is compared with them, with no
# digest to work out (8 MB: 5 ms a save).
_Signature = tuple[int, str | bytes]


@dataclass(frozen=True)
class _Target:
    article: Path
    sidecar: Path


@dataclass(frozen=True)
class _Check:
    task: background.Task
    noted: dict[Path, int]  # each file's baseline count when the check began


class FileWatcher(QObject):
    """Emits `articleChanged(path)` or `sidecarChanged(path)` when a file's contents change.

    Our own saves are announced with `note_own_write` right after writing, so they are
    not mistaken for someone else's.
    """

    articleChanged = Signal(str)
    sidecarChanged = Signal(str)

    def __init__(self, parent: QObject | None = None, delay_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._schedule)
        self._watcher.directoryChanged.connect(self._schedule)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.check)
        self._targets: dict[Path, _Target] = {}
        self._seen: dict[Path, _Signature | None] = {}
        self._noted: dict[Path, int] = {}  # how often each file's baseline was set
        self._checking: _Check | None = None  # files being read on a worker thread
        self._check_again = False
        self._inodes: dict[Path, tuple[int, int]] = {}
        self._baselines: list[_Check] = []  # baselines being worked out (see `watch`)

    def watch(
        self,
        article: Path,
        sidecar: Path | None = None,
        read: tuple[tuple[int, int], bytes] | None = None,
    ) -> None:
        """Watch an article and its sidecar (by default where it goes beside the article).

        Call again with the new place if the sidecar moves; what is there now is the
        baseline, so nothing is reported for it. `read`: the article's size and time of
        change (`stamp`) taken before it was read, and the sidecar's bytes as read (b"":
        there was none). The baseline is then worked out from these on a worker thread,
        not read again here (12 MB and 8 MB: 30 ms); an article changed since its stamp
        is reported as changed.
        """
        article = _absolute(article)
        target = _Target(article, _absolute(sidecar) if sidecar else beside(article))
        self._targets[article] = target
        for path in (target.article, target.sidecar):
            self._noted[path] = self._noted.get(path, 0) + 1
            if read is None:
                self._seen[path] = _signature(path)
        self._sync()
        if read is None:
            return
        stamp, sidecar_bytes = read
        noted = {path: self._noted[path] for path in (target.article, target.sidecar)}

        def baseline() -> dict[Path, _Signature | object | None]:
            now = stamp_of(target.article)
            article_seen = _signature(target.article) if now == stamp else _CHANGED
            return {
                target.article: article_seen,
                target.sidecar: _kept(sidecar_bytes) if sidecar_bytes else None,
            }

        self._baselines.append(_Check(background.Task(baseline, self._baselined, self), noted))

    def _baselined(self, task: background.Task) -> None:
        check = next(c for c in self._baselines if c.task is task)
        self._baselines.remove(check)
        changed = False
        for path, seen in task.result().items():
            if self._noted.get(path) != check.noted[path] or path not in self._paths():
                continue  # a newer baseline was set meanwhile, or it is no longer watched
            changed = changed or seen is _CHANGED
            self._seen[path] = None if seen is _CHANGED else seen
        if changed or (self._check_again and not self._baselines):
            self._check_again = False
            self.check()  # changed since it was read, or was noticed changing meanwhile

    def unwatch(self, article: Path) -> None:
        """Stop watching an article and its sidecar."""
        self._targets.pop(_absolute(article), None)
        wanted = self._paths()
        for known in (self._seen, self._inodes, self._noted):
            for path in [p for p in known if p not in wanted]:
                del known[path]
        self._sync()

    def note_own_write(self, path: Path, payload: bytes | None = None) -> None:
        """We just wrote `path` (with `payload`, if given): ours, not a change to report."""
        path = _absolute(path)
        self._seen[path] = _signature(path) if payload is None else _kept(payload)
        self._noted[path] = self._noted.get(path, 0) + 1
        self._sync()

    def watched(self) -> list[str]:
        """The files and folders the system is being asked to watch (for tests)."""
        return sorted(self._watcher.files() + self._watcher.directories())

    def check(self) -> None:
        """Compare every watched file with what was last seen and report the changed ones.

        The files are read and hashed (or compared with the bytes we wrote) on a worker
        thread (a sidecar of 10,000 passages is 8 MB); what changed is reported on the UI
        thread once that is done.
        """
        self._timer.stop()
        self._sync()
        if self._checking is not None or self._baselines:
            self._check_again = True
            return
        paths = sorted(self._paths())
        noted = {path: self._noted.get(path, 0) for path in paths}
        seen = {path: self._seen.get(path) for path in paths}

        def signatures() -> dict[Path, _Signature | None]:
            return {path: _signature(path, seen[path]) for path in paths}

        self._checking = _Check(background.Task(signatures, self._checked, self), noted)

    def _checked(self, task: background.Task) -> None:
        check, self._checking = self._checking, None
        assert check is not None and check.task is task
        signatures = task.result()
        for target in list(self._targets.values()):
            for path, signal in (
                (target.article, self.articleChanged),
                (target.sidecar, self.sidecarChanged),
            ):
                if path not in signatures:
                    continue  # watched since the check began: its baseline is fresh
                if self._noted.get(path, 0) != check.noted[path]:
                    self._check_again = True  # ours written meanwhile: look once more
                    continue
                now = signatures[path]
                if now != self._seen.get(path):
                    self._seen[path] = now
                    signal.emit(str(path))
        if self._check_again:
            self._check_again = False
            self.check()

    def _schedule(self, _path: str = "") -> None:
        self._timer.start()  # restart: report once the writing has settled

    def _paths(self) -> set[Path]:
        return {p for t in self._targets.values() for p in (t.article, t.sidecar)}

    def _sync(self) -> None:
        """Ask the system to watch the files that exist now and their folders.

        A file replaced by a new one (same name, new inode) is watched afresh.
        """
        files = set(self._watcher.files())
        folders = set(self._watcher.directories())
        wanted_files: set[str] = set()
        wanted_folders: set[str] = set()
        for path in self._paths():
            if path.parent.is_dir():
                wanted_folders.add(str(path.parent))
            try:
                stat = path.stat()
            except OSError:
                self._inodes.pop(path, None)
                continue
            name, inode = str(path), (stat.st_dev, stat.st_ino)
            wanted_files.add(name)
            if name in files and self._inodes.get(path) != inode:
                self._watcher.removePath(name)
                files.discard(name)
            if name not in files:
                self._watcher.addPath(name)
            self._inodes[path] = inode
        stale = [p for p in files if p not in wanted_files]
        stale += [p for p in folders if p not in wanted_folders]
        if stale:
            self._watcher.removePaths(stale)
        new_folders = [f for f in wanted_folders if f not in folders]
        if new_folders:
            self._watcher.addPaths(new_folders)


def _absolute(path: Path | str) -> Path:
    return Path(os.path.abspath(path))


_CHANGED = object()  # a baseline read after the file changed: reported as a change


READ_PIECE = 1 << 20  # bytes read and hashed at a time: a 12 MB article is never held whole


def _signature(path: Path, seen: _Signature | None = None) -> _Signature | None:
    """Size and digest of a file's contents, or None when it is not there; `seen` itself
    when it holds the bytes the file still holds."""
    if seen is not None and isinstance(seen[1], bytes):
        try:
            with path.open("rb") as stream:
                data = stream.read(seen[0] + 1)  # (one more: a file that grew is not equal)
        except OSError:
            return None
        if data == seen[1]:
            return seen
        if len(data) <= seen[0]:
            return len(data), hashlib.sha256(data).hexdigest()
    digest, size = hashlib.sha256(), 0
    try:
        with path.open("rb") as stream:
            while piece := stream.read(READ_PIECE):
                digest.update(piece)
                size += len(piece)
    except OSError:
        return None
    return size, digest.hexdigest()


def _kept(data: bytes) -> _Signature:
    """The signature of bytes we wrote or read, to compare a file with (see `_signature`)."""
    return len(data), data
