"""Renamed articles keep their notes: finding the sidecar left under the old name, and
moving its notes to the article's new name. Never automatic: the reporter is told (the
command line) or asked (the window), and `relink` does it. No Qt.

Finding is cheap, so it can run whenever an article with no notes is opened: only
sidecars whose own article is gone are looked at (a stat each), and of those only the
text digest (`source.sha256`) is read, from the first few kilobytes.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import stat
from dataclasses import dataclass
from pathlib import Path

import orjson

from annotator import store
from annotator.anchoring import anchor_all
from annotator.document import Document, DocumentError
from annotator.formats import read_source
from annotator.model import Sidecar

HEAD_BYTES = 8192  # where `source.sha256` stands in a sidecar this program wrote
# The text digest as the sidecar writes it: the first "sha256" key (`file_sha256` is
# another key, and a quote in a value is escaped, so neither matches).
_DIGEST = re.compile(rb'"sha256"\s*:\s*"([0-9a-fA-F]{64})"')


class RelinkError(ValueError):
    """Notes that cannot be moved; the message is the one line the user sees."""


@dataclass(frozen=True)
class Relinked:
    """Notes moved to a new article."""

    sidecar: Path  # where they are now
    passages: int
    same_text: bool  # False when re-anchored in other text (--force)
    fallback: bool  # written to the data folder (the article's folder is not writable)


def orphaned_sidecars(article: Path) -> list[str]:
    """Paths of the sidecars of the article's folder (or their data-folder copies) whose
    article is gone: one listing of each folder, a stat only for those."""
    folder = os.fspath(article.parent)
    found: dict[str, str] = {}
    with contextlib.suppress(OSError):
        names = set(os.listdir(folder))
        for entry in names:
            name = entry[: -len(store.SUFFIX)]
            if entry.endswith(store.SUFFIX) and name and name not in names:
                old = os.path.join(folder, name)
                if not os.path.exists(old):  # a folder that ignores case has it after all
                    found[name] = os.path.join(folder, entry)
    data = store.fallback(article).parent
    with contextlib.suppress(OSError):
        for entry in os.listdir(data):
            # `<name>.<16 hex>.annotations.json`, the key being the old article's path.
            name = entry[: -len(store.SUFFIX)].rpartition(".")[0]
            if not entry.endswith(store.SUFFIX) or not name:
                continue
            old = article.parent / name
            if store.fallback(old).name == entry and not old.exists():
                found[name] = os.fspath(data / entry)  # the newer copy (store.locate)
    return sorted(found.values())


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def recorded_digest(sidecar: Path | str) -> str:
    """The text digest a sidecar records (`source.sha256`), "" if it cannot be read."""
    try:
        # Not blocking on a pipe that only looks like a sidecar, and reading only files.
        descriptor = os.open(sidecar, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return ""
            head = os.read(descriptor, HEAD_BYTES)
            found = _DIGEST.search(head)
            if found:
                return found.group(1).decode("ascii").lower()
            # Written by another tool, in another order: read it all.
            rest = [head]
            while chunk := os.read(descriptor, 1 << 20):
                rest.append(chunk)
        finally:
            os.close(descriptor)
        source = orjson.loads(b"".join(rest)).get("source", {})
        digest = source.get("sha256", "") if isinstance(source, dict) else ""
        return digest.lower() if isinstance(digest, str) else ""
    except (OSError, orjson.JSONDecodeError, AttributeError):
        return ""


def candidates(article: Path, sha256: str | None = None) -> list[Path]:
    """Sidecars left by a renamed copy of `article`: its article gone, the same text;
    the newest first.

    `sha256`: the article's text digest, when the caller has read it; otherwise the
    article is read only if there is a sidecar to compare with. [] when the article has
    notes of its own.
    """
    if store.locate(article) is not None:
        return []
    orphans = orphaned_sidecars(article)
    if not orphans:
        return []
    if sha256 is None:
        try:
            sha256 = read_source(article).sha256
        except (DocumentError, OSError):  # not an article: its own command says so
            return []
    found = [Path(sidecar) for sidecar in orphans if recorded_digest(sidecar) == sha256]
    return sorted(found, key=_modified, reverse=True)


def notice(article: Path, sha256: str | None = None) -> str:
    """The one line saying that a renamed article's notes lie beside it; "" if none do.

    Paths are shown as `article` was given: a sidecar beside it by its folder as given.
    """
    found = candidates(article.absolute(), sha256)
    if not found:
        return ""
    shown = found[0]
    if shown.parent == article.absolute().parent:
        shown = article.parent / shown.name
    others = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return (
        f"no notes for {article.name}; {found[0].name}{others} has notes for the same text "
        f"— run: annotator relink {_shell_word(shown)} {_shell_word(article)}"
    )


def _shell_word(path: Path) -> str:
    return shlex.quote(str(path))


def relink(old_sidecar: Path, article: Path, force: bool = False) -> Relinked:
    """Move the notes of `old_sidecar` to `article`'s sidecar, and remove the old one.

    Under both sidecars' locks: the new sidecar is written atomically first, then the
    old one removed (a crash in between leaves both, nothing lost). Refuses an article
    that already has notes, and, unless `force`, notes whose article is still there or
    that were written on other text than `article`'s; with `force` the passages are
    found again in the new text (moved or changed ones await review, the rest are kept
    as orphans). Raises RelinkError, SidecarError or DocumentError, changing nothing.
    """
    old_sidecar, article = old_sidecar.absolute(), article.absolute()
    if not old_sidecar.name.endswith(store.SUFFIX):
        raise RelinkError(f"{old_sidecar.name} is not a sidecar (*{store.SUFFIX})")
    if not old_sidecar.is_file():
        raise RelinkError(f"{old_sidecar} does not exist")
    if old_sidecar in (store.beside(article), store.fallback(article)):
        raise RelinkError(f"{old_sidecar.name} already holds the notes of {article.name}")
    document = read_source(article)  # DocumentError for what is not an article
    old_owner = owner(old_sidecar, article)
    if old_owner is not None and old_owner.exists() and not force:
        raise RelinkError(
            f"{old_owner.name} is still there and these are its notes; add --force to move "
            f"them to {article.name} all the same"
        )
    _usable(old_sidecar, article, document, force)  # refused before any lock file is made
    old_article = old_sidecar.with_name(old_sidecar.name[: -len(store.SUFFIX)])
    with store.locked(old_article, old_sidecar), store.locked(article, None) as target:
        sidecar = _usable(old_sidecar, article, document, force)  # as it is now
        same = sidecar.source.sha256 == document.sha256
        _rebind(sidecar, document)
        saved = store.write(store.dumps(sidecar), article, target)
        old_sidecar.unlink()
    return Relinked(saved.path, len(sidecar.annotations), same, saved.fallback)


def owner(sidecar: Path, article: Path) -> Path | None:
    """The article a sidecar belongs to, where that can be told from its name and place
    (a data-folder copy: only when it is the copy of an article of `article`'s folder)."""
    name = sidecar.name[: -len(store.SUFFIX)]
    if sidecar.parent != store.fallback(article).parent:
        return sidecar.with_name(name)
    owner = article.parent / name.rpartition(".")[0]
    return owner if store.fallback(owner) == sidecar else None


def _usable(old_sidecar: Path, article: Path, document: Document, force: bool) -> Sidecar:
    """The notes of `old_sidecar`, if they may move to `article`; else RelinkError."""
    existing = store.locate(article)
    if existing is not None:
        raise RelinkError(
            f"{article.name} already has notes ({existing.name}); "
            "relink only moves notes to an article that has none"
        )
    sidecar = store.read(old_sidecar)
    if sidecar.read_only:
        raise RelinkError(
            f"{old_sidecar.name} was written by a newer Annotator (version "
            f"{sidecar.version}); it is left as it is"
        )
    if sidecar.source.sha256 != document.sha256 and not force:
        raise RelinkError(
            f"{old_sidecar.name} holds notes on other text than {article.name}; "
            "add --force to find its passages again in the new text"
        )
    return sidecar


def _rebind(sidecar: Sidecar, document: Document) -> None:
    """The notes, found in `document`'s text and recording it as their source."""
    anchor_all(sidecar.annotations, document.text)  # same text: every passage in place
    for annotation in sidecar.annotations:
        if not annotation.orphaned:
            annotation.stored_start, annotation.stored_end = annotation.start, annotation.end
    sidecar.sort()
    store.bind(sidecar, document)
