"""Plain text (.txt, .md and anything else that is text): read as it always was."""

from __future__ import annotations

from pathlib import Path

from annotator.document import Document, text_document
from annotator.formats.base import Reader


class TextReader(Reader):
    """Text files: decoded as formats.md §1 says; the document text is the file's text."""

    format = "text"
    label = "Text files"
    extensions = (".txt", ".text", ".md", ".markdown")

    def read(self, path: Path, data: bytes) -> Document:
        return text_document(path, data)
