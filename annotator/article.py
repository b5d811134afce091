"""An article opened for work: its document text, its sidecar, its anchored passages."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from annotator import merge, store
from annotator.anchoring import anchor_all
from annotator.document import Document, read_document
from annotator.model import Sidecar


@dataclass
class Article:
    """A document, its sidecar and where that sidecar lives."""

    document: Document
    sidecar: Sidecar
    sidecar_path: Path | None  # None until first saved
    verdicts: Counter[str] = field(default_factory=Counter)
    base: bytes = b""  # the sidecar's bytes as last read or written: a merge's common base

    @property
    def path(self) -> Path:
        """The article file."""
        return self.document.path

    @property
    def text(self) -> str:
        """The document text that offsets point into."""
        return self.document.text

    def merge_from_disk(self) -> bool:
        """Merge what someone else wrote to the sidecar since we last read or wrote it.

        Two windows, or two colleagues on a shared folder, may save the same sidecar: a
        three-way merge by passage (our last bytes are the common base) keeps both sides'
        work. Returns True when `sidecar` was replaced by the merge. A sidecar that
        someone replaced with something unreadable raises SidecarError: it is not ours
        to overwrite.
        """
        path = self.sidecar_path or store.locate(self.path)
        if path is None:
            return False
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return False  # deleted meanwhile: ours is all there is
        except OSError as error:
            raise store.SidecarError(f"{path.name} cannot be read: {error.strerror}") from None
        if raw == self.base:
            return False
        theirs = store.loads(raw, path.name)
        if theirs.read_only:
            raise store.SidecarError(
                f"{path.name} was rewritten by a newer Annotator (version {theirs.version}); "
                "it is left as it is"
            )
        ours = self.sidecar
        if self.base:
            merged = merge.merge(store.loads(self.base, path.name), ours, theirs)
        else:
            merged = merge.merge_two(ours, theirs)
        self.verdicts = anchor_all(merged.annotations, self.text)
        merged.sort()
        self.sidecar, self.sidecar_path, self.base = merged, path, raw
        return True

    def save(self) -> store.Saved:
        """Merge in changes made on disk meanwhile, write the sidecar atomically, remember where."""
        self.merge_from_disk()
        store.bind(self.sidecar, self.document)
        for annotation in self.sidecar.annotations:
            if not annotation.orphaned:
                annotation.stored_start, annotation.stored_end = annotation.start, annotation.end
        saved = store.save(self.sidecar, self.path, self.sidecar_path)
        self.sidecar_path = saved.path
        self.base = saved.payload
        return saved


def open_article(path: Path | str) -> Article:
    """Read an article and its sidecar (or start one) and anchor every passage.

    Raises DocumentError or SidecarError with a message for the user.
    """
    document = read_document(path)
    sidecar_path = store.locate(document.path)
    if sidecar_path is None:
        sidecar, base = store.new_sidecar(document), b""
    else:
        base = store.read_bytes(sidecar_path)
        sidecar = store.loads(base, sidecar_path.name)
    verdicts = anchor_all(sidecar.annotations, document.text)
    sidecar.sort()
    return Article(document, sidecar, sidecar_path, verdicts, base)
