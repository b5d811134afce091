"""An article opened for work: its document text, its sidecar, its anchored passages."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from annotator import store
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

    def save(self) -> store.Saved:
        """Write the sidecar (atomically) and remember where it went."""
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
