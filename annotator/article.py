"""An article opened for work: its document text, its sidecar, its anchored passages."""

from __future__ import annotations

import contextlib
import copy
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator import merge, store, tagsets
from annotator.anchoring import anchor_all
from annotator.clutter import Clutter, find_clutter
from annotator.document import Document, read_document
from annotator.formats import read_source
from annotator.metadata import fill_in, source_details
from annotator.model import Annotation, Sidecar
from annotator.sidecar_bytes import PassageBytes


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
        changed = read_changes(path, self.base)
        return None if changed is None else self.take_changes(changed)

    def take_changes(self, changed: Changed) -> Sidecar:
        """What someone else wrote (see `read_changes`) merged with ours, anchored in our
        text, for the caller to take in; their bytes become the next merge's base."""
        if changed.base is not None:
            merged = merge.merge(changed.base, self.sidecar, changed.theirs)
        else:
            merged = merge.merge_two(self.sidecar, changed.theirs)
        anchor_all(merged.annotations, self.text)
        merged.sort()
        self.sidecar_path, self.base = changed.path, changed.raw
        return merged

    def unsaved(self, serialised: PassageBytes | None = None) -> bool:
        """True when the sidecar holds what its file does not (or there is no file yet).

        `serialised`: the notes' bytes kept passage by passage, when the caller keeps them.
        """
        sidecar = self._bound()
        payload = serialised.dumps(sidecar) if serialised else store.dumps(sidecar)
        return payload != self.base

    def write(self) -> store.Saved:
        """Write the sidecar atomically as it is now, and remember where it went."""
        sidecar = self._bound()
        self._store_positions()
        saved = store.save(sidecar, self.path, self.sidecar_path)
        self.sidecar_path = saved.path
        self.base = saved.payload
        return saved

    def prepare_save(self, serialised: PassageBytes, timeout: float) -> SaveJob:
        """A save of the notes as they are now, to be run on any thread (see `SaveJob`).

        Made on the thread that changes the notes; it costs what changed since the last
        save (`serialised` keeps the rest), not the whole sidecar. What the job gives
        back goes to `saved`, or, when someone else wrote first, to `take_changes`.
        """
        sidecar = self._bound()
        if sidecar.read_only:
            raise store.SidecarError(
                f"the sidecar of {self.path.name} was written by a newer Annotator "
                f"(version {sidecar.version}); it is open read-only"
            )
        self._store_positions()
        pieces = tuple(serialised.pieces(sidecar))
        return SaveJob(self.path, self.sidecar_path, pieces, self.base, timeout)

    def saved(self, written: Written) -> None:
        """A job's bytes are on disk: remember where, and what (the next merge's base)."""
        self.sidecar_path = written.saved.path
        self.base = written.saved.payload

    def _store_positions(self) -> None:
        """What is written is where each found passage now stands."""
        for annotation in self.sidecar.annotations:
            start, end = annotation.start, annotation.end
            if start is not None and end is not None:  # not an orphan
                annotation.stored_start, annotation.stored_end = start, end

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


def open_article(path: Path | str, document: Document | None = None) -> Article:
    """Read an article and its sidecar (or start one) and anchor every passage.

    Any supported format is read by its reader (see `formats`); the source details the
    file carries, or the text makes obvious, fill the fields she has not filled herself.
    `document`: the article's text, when it was just read (the window shows it first).
    Raises DocumentError or SidecarError with a message for the user.
    """
    document = document or read_source(path)
    sidecar_path = store.locate(document.path)
    if sidecar_path is None:
        sidecar = store.new_sidecar(document, tagsets.for_new_article(document.path.parent))
        base = b""
    else:
        base = store.read_bytes(sidecar_path)
        sidecar = store.loads(base, sidecar_path.name)
    changed = _reader_changed(sidecar, document)
    verdicts = anchor_all(sidecar.annotations, document.text)
    sidecar.sort()
    if not sidecar.read_only:
        fill_in(sidecar.source, source_details(document))
    return Article(document, sidecar, sidecar_path, verdicts, base, changed)


@dataclass(frozen=True)
class Written:
    """A save job's bytes went to disk."""

    saved: store.Saved


@dataclass(frozen=True)
class Changed:
    """Someone else wrote the sidecar since we last read or wrote it."""

    path: Path
    raw: bytes  # their bytes: the next merge's base, once merged
    theirs: Sidecar
    base: Sidecar | None  # our last bytes, parsed: the common base (None: not known)


@dataclass(frozen=True)
class SaveJob:
    """One save of an article's notes, made ready by their owner and run on any thread.

    `run` holds the sidecar's lock (see `store.locked`) and writes the bytes only if the
    file still holds `base`, what the notes were last read or written as; otherwise it
    gives back what is there, parsed, for the owner to merge and save again. It touches
    nothing but files, so the notes may be edited while it runs.
    """

    article: Path
    sidecar: Path | None  # where the notes were read from or last written
    pieces: tuple[bytes, ...]  # the file's bytes, to be joined
    base: bytes
    timeout: float  # seconds to wait for another writer's lock

    def run(self) -> Written | Changed:
        """Write the notes, or give back what someone else wrote first.

        Raises LockBusy, SidecarError (their file cannot be used) or OSError.
        """
        with store.locked(self.article, self.sidecar, self.timeout) as target:
            moved = self.sidecar is not None and target != self.sidecar
            # Notes moving to the data folder: nothing there to merge with.
            changed = read_changes(target, b"" if moved else self.base)
            if changed is not None:
                return changed
            payload = b"".join(self.pieces)
            saved = store.write(payload, self.article, target)
        return Written(saved)


@dataclass(frozen=True)
class Reread:
    """An article read again, with copies of its passages re-anchored in the new text."""

    document: Document
    passages: list[tuple[Annotation, Annotation]]  # each passage as it was, and its copy
    verdicts: Counter[str]


def reread(
    path: Path, annotations: list[Annotation], progress: Callable[[int], None] | None = None
) -> Reread:
    """Read the article at `path` again and re-anchor copies of `annotations` in it.

    The passages themselves are only read, so another thread may run this while they
    are edited: each copy is taken at once (its fields as they stood at one moment), and
    re-anchoring only ever assigns a copy's own fields. Raises DocumentError.
    """
    document = read_document(path)
    copies = [_copy(annotation) for annotation in annotations]
    verdicts = anchor_all(copies, document.text, progress)
    return Reread(document, list(zip(annotations, copies, strict=True)), verdicts)


def _copy(annotation: Annotation) -> Annotation:
    """A shallow copy, made in one step (a dict update holds the interpreter's lock)."""
    copied = object.__new__(Annotation)
    copied.__dict__.update(annotation.__dict__)
    return copied


def read_changes(path: Path, base: bytes) -> Changed | None:
    """What someone else wrote to the sidecar at `path` since it held `base`, parsed.

    None when the file still holds `base`, or is gone. Raises SidecarError when it cannot
    be read, is not a sidecar, or was written by a newer Annotator: it is not ours to
    overwrite. Safe on any thread.
    """
    try:
        raw = store.read_bytes(path)
    except store.SidecarError:
        if not path.exists():
            return None  # deleted meanwhile: ours is all there is
        raise
    if raw == base:
        return None
    theirs = store.loads(raw, path.name)
    if theirs.read_only:
        raise store.SidecarError(
            f"{path.name} was rewritten by a newer Annotator (version {theirs.version}); "
            "it is left as it is"
        )
    return Changed(path, raw, theirs, store.loads(base, path.name) if base else None)


def _reader_changed(sidecar: Sidecar, document: Document) -> str:
    """The reader that read the notes' text, when another version reads it now (else "")."""
    before = sidecar.source.reader
    if not document.derived or not isinstance(before, dict) or not sidecar.annotations:
        return ""
    was = f"{before.get('name', '')} {before.get('version', '')}".strip()
    now = f"{document.reader} {document.reader_version}"
    return was if was != now and sidecar.source.sha256 != document.sha256 else ""
