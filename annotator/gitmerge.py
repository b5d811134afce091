"""Git as the desk's shared engine: a merge driver for sidecars, and its set-up.

Git merges text line by line; two reporters' sidecars would conflict wherever both
added a passage. `merge_driver` is what git runs instead (`annotator merge-driver %O %A
%B %P`): the three-way merge by passage id that the window uses (`merge.merge`), under
the lock every save holds. `git_setup` writes the `.gitattributes` line and the
repository's driver config. No Qt.
"""

from __future__ import annotations

import contextlib
import shlex
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from annotator import merge, store
from annotator.files import write_atomic
from annotator.model import Sidecar

DRIVER = "annotator"  # the name in `merge=annotator` and `merge.annotator.*`
PATTERN = f"*{store.SUFFIX}"
ATTRIBUTE_LINE = f"{PATTERN} merge={DRIVER}"
DRIVER_NAME = "Annotator: merge sidecars passage by passage"
# Lock files of saves (store.lock_path): never the desk's to commit.
LOCK_PATTERN = f".{PATTERN}.lock"


class GitSetupError(ValueError):
    """The repository cannot be set up; the message is the one line the user sees."""


def merge_driver(base: Path, ours: Path, theirs: Path, path: str) -> Sidecar:
    """Merge git's three versions of the sidecar at `path`; write the result into `ours`.

    `base` is empty when the two sides added the sidecar independently: then the two are
    joined by id (`merge.merge_two`). Raises SidecarError, leaving `ours` as it was, when
    any version cannot be read, is not a sidecar or was written by a newer Annotator:
    git then reports a conflict and keeps both sides.
    """
    sidecar = Path(path)
    with _locked(sidecar):
        ours_side = _read(ours, path, "our")
        theirs_side = _read(theirs, path, "their")
        raw = store.read_bytes(base)
        if raw.strip():
            merged = merge.merge(_parse(raw, path, "the common"), ours_side, theirs_side)
        else:
            merged = merge.merge_two(ours_side, theirs_side)
        write_atomic(ours, store.dumps(merged))
    return merged


def _read(version: Path, path: str, whose: str) -> Sidecar:
    return _parse(store.read_bytes(version), path, whose)


def _parse(raw: bytes, path: str, whose: str) -> Sidecar:
    try:
        sidecar = store.loads(raw, f"{whose} version of {path}")
    except store.SidecarError as error:
        raise store.SidecarError(f"{error}; git will report a conflict") from None
    if sidecar.read_only:
        raise store.SidecarError(
            f"{whose} version of {path} was written by a newer Annotator (version "
            f"{sidecar.version}); it is left for git to report as a conflict"
        )
    return sidecar


@contextlib.contextmanager
def _locked(sidecar: Path) -> Iterator[None]:
    """Hold the lock of the sidecar in the work tree, as every save does (store.locked).

    A sidecar whose folder is not in the work tree yet (added on both sides in a new
    folder) is written by no one else: there is nothing to lock.
    """
    if not sidecar.parent.is_dir():
        yield
        return
    article = sidecar.with_name(sidecar.name.removesuffix(store.SUFFIX))
    with store.locked(article, sidecar):
        yield


def driver_command() -> str:
    """The command git is to run: `annotator` when that is what runs now, else this
    interpreter with `-m annotator` (a virtual environment not on git's PATH)."""
    installed = shutil.which("annotator")
    running = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    if installed and running and Path(installed).resolve() == running:
        program = "annotator"
    else:
        program = f"{shlex.quote(sys.executable)} -m annotator"
    return f"{program} merge-driver %O %A %B %P"


def git_setup(folder: Path) -> list[str]:
    """Set up the repository holding `folder` for merging sidecars; what was done, in lines.

    Idempotent: what is already in place is said so and left alone. Raises GitSetupError
    outside a git repository or where git is not installed.
    """
    top = Path(_git(folder, "rev-parse", "--show-toplevel"))
    done = []
    attributes = top / ".gitattributes"
    if _add_line(attributes, ATTRIBUTE_LINE):
        done.append(f"added '{ATTRIBUTE_LINE}' to {attributes} (commit it for the desk)")
    else:
        done.append(f"{attributes} already has '{ATTRIBUTE_LINE}'")
    command = driver_command()
    for key, value in (("name", DRIVER_NAME), ("driver", command)):
        name = f"merge.{DRIVER}.{key}"
        if _config(top, name) == value:
            done.append(f"{name} is already set")
        else:
            _git(top, "config", "--local", name, value)
            done.append(f"set {name} to '{value}'")
    exclude = Path(_git(top, "rev-parse", "--git-path", "info/exclude"))
    exclude = exclude if exclude.is_absolute() else top / exclude
    if _add_line(exclude, LOCK_PATTERN):
        done.append(f"added '{LOCK_PATTERN}' (save locks) to {exclude}")
    done.append("each clone runs `annotator git-setup` once: git keeps its config per clone")
    return done


def _add_line(path: Path, line: str) -> bool:
    """Append `line` to the text file at `path` unless it holds it; True if it was added."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    if line in (existing.strip() for existing in text.splitlines()):
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, (text + line + "\n").encode("utf-8"))
    return True


def _config(top: Path, name: str) -> str | None:
    try:
        return _git(top, "config", "--local", "--get", name)
    except GitSetupError:
        return None  # not set


def _git(folder: Path, *args: str) -> str:
    """Run git in `folder`; its output, stripped. Raises GitSetupError."""
    if not folder.is_dir():
        raise GitSetupError(f"{folder} is not a folder")
    import subprocess  # here: every command would pay for its import (3 ms)

    git = shutil.which("git")
    if git is None:
        raise GitSetupError("git is not installed (or not on the PATH)")
    result = subprocess.run(
        [git, "-C", str(folder), *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        if args[0] == "rev-parse":
            raise GitSetupError(f"{folder} is not in a git repository (run `git init` there first)")
        raise GitSetupError(result.stderr.strip() or f"git {args[0]} failed")
    return result.stdout.strip()
