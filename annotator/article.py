"""An article opened for work: its document text, its sidecar, its anchored passages."""

from __future__ import annotations

import contextlib
import copy
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator import merge, store
from annotator.anchoring import anchor_all
from annotator.clutter import Clutter, find_clutter
from annotator.document import Document
from annotator.formats import read_source
from annotator.metadata import fill_in, source_details
from annotator.model import Sidecar


@dataclass
class Article:
    """A document, its sidecar and where that sidecar lives.

    The window and the command line both change `sidecar` in place; it is never swapped
    for another object, so whoever shows it always shows the one being saved.
    """

    document: Document
    sidecar: Sidecar
    sidecar_path: Path | None  # None until first saved
    verdicts: Counter[str] = field(default_factory=Counter)
    base: bytes = b""  # the sidecar's bytes as last read or written: a merge's common base
    # The reader and version that read the text the notes were last saved on, when another
    # one (a newer extractor) reads it now: "trafilatura 2.3.1" (else "").
    reader_changed: str = ""
    _clutter: tuple[str, list[Clutter]] | None = field(default=None, repr=False, compare=False)

    @property
    def path(self) -> Path:
        """The article file."""
        return self.document.path

    @property
    def text(self) -> str:
        """The document text that offsets point into."""
        return self.document.text

    def clutter(self) -> list[Clutter]:
        """The paragraphs that look like site furniture or repeat another (see `clutter`)."""
        if not self.clutter_known():
            found = find_clutter(self.document.text, paged=bool(self.document.pages))
            self.remember_clutter(self.document.text, found)
        return self._clutter[1]

    def clutter_known(self) -> bool:
        """True when the clutter of the current text has been looked for."""
        return self._clutter is not None and self._clutter[0] is self.document.text

    def remember_clutter(self, text: str, found: list[Clutter]) -> None:
        """Keep the clutter found (elsewhere, in a thread) in `text`, if it is still ours."""
        if text is self.document.text:
            self._clutter = (text, found)

    def snapshot(self) -> Article:
        """A copy whose notes can be read (by an export thread) while these are edited."""
        copied = Article(self.document, copy.deepcopy(self.sidecar), self.sidecar_path)
        copied._clutter = self._clutter
        return copied

    def reload(self) -> Document:
        """Re-read the article file and re-anchor every passage in its new text.

        Raises DocumentError (the article is left as it was) when the file cannot be read.
        """
        document = read_source(self.path)
        self.verdicts = anchor_all(self.sidecar.annotations, document.text)
        self.sidecar.sort()
        self.document = document
        return document

    def changes_on_disk(self) -> Sidecar | None:
        """What the sidecar should hold now that someone else wrote it; None if no one did.

        Two windows, or two colleagues on a shared folder, may save the same sidecar: a
        three-way merge by passage (our last bytes are the common base) keeps both sides'
        work. The merge is returned anchored in our text, for the caller to take in (the
        window applies it passage by passage, so its undo history stays valid). A sidecar
        that someone replaced with something unreadable raises SidecarError: it is not
        ours to overwrite.
        """
        path = self.sidecar_path or store.locate(self.path)
        if path is None:
            return None
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None  # deleted meanwhile: ours is all there is
        except OSError as error:
            raise store.SidecarError(f"{path.name} cannot be read: {error.strerror}") from None
        if raw == self.base:
            return None
        theirs = store.loads(raw, path.name)
        if theirs.read_only:
            raise store.SidecarError(
                f"{path.name} was rewritten by a newer Annotator (version {theirs.version}); "
                "it is left as it is"
            )
        if self.base:
            merged = merge.merge(store.loads(self.base, path.name), self.sidecar, theirs)
        else:
            merged = merge.merge_two(self.sidecar, theirs)
        anchor_all(merged.annotations, self.text)
        merged.sort()
        self.sidecar_path, self.base = path, raw
        return merged

    def unsaved(self) -> bool:
        """True when the sidecar holds what its file does not (or there is no file yet)."""
        return store.dumps(self._bound()) != self.base

    def write(self) -> store.Saved:
        """Write the sidecar atomically as it is now, and remember where it went."""
        sidecar = self._bound()
        for annotation in sidecar.annotations:
            if not annotation.orphaned:
                annotation.stored_start, annotation.stored_end = annotation.start, annotation.end
        saved = store.save(sidecar, self.path, self.sidecar_path)
        self.sidecar_path = saved.path
        self.base = saved.payload
        return saved

    @contextlib.contextmanager
    def locked(self, timeout: float = store.LOCK_TIMEOUT) -> Iterator[None]:
        """Hold the sidecar's lock for one read-merge-write (see `store.locked`)."""
        with store.locked(self.path, self.sidecar_path, timeout) as target:
            if target != self.sidecar_path and self.sidecar_path is not None:
                self.base = b""  # notes moving to the data folder: nothing there to merge
            self.sidecar_path = target
            yield

    def save(self) -> store.Saved:
        """Take in what others wrote meanwhile, then write (for callers with no live view)."""
        with self.locked():
            merged = self.changes_on_disk()
            if merged is not None:
                self.sidecar.take(merged)
            return self.write()

    def _bound(self) -> Sidecar:
        store.bind(self.sidecar, self.document)
        return self.sidecar


def open_article(path: Path | str) -> Article:
    """Read an article and its sidecar (or start one) and anchor every passage.

    Any supported format is read by its reader (see `formats`); the source details the
    file carries, or the text makes obvious, fill the fields she has not filled herself.
    Raises DocumentError or SidecarError with a message for the user.
    """
    document = read_source(path)
    sidecar_path = store.locate(document.path)
    if sidecar_path is None:
        sidecar, base = store.new_sidecar(document), b""
    else:
        base = store.read_bytes(sidecar_path)
        sidecar = store.loads(base, sidecar_path.name)
    changed = _reader_changed(sidecar, document)
    verdicts = anchor_all(sidecar.annotations, document.text)
    sidecar.sort()
    if not sidecar.read_only:
        fill_in(sidecar.source, source_details(document))
    return Article(document, sidecar, sidecar_path, verdicts, base, changed)


def _reader_changed(sidecar: Sidecar, document: Document) -> str:
    """The reader that read the notes' text, when another version reads it now (else "")."""
    before = sidecar.source.reader
    if not document.derived or not isinstance(before, dict) or not sidecar.annotations:
        return ""
    was = f"{before.get('name', '')} {before.get('version', '')}".strip()
    now = f"{document.reader} {document.reader_version}"
    return was if was != now and sidecar.source.sha256 != document.sha256 else ""
