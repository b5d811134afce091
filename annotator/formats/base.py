"""What every reader shares: its name and version, and how extracted text is laid out."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import ClassVar

from annotator.document import Document, DocumentError, file_digest


class Reader:
    """One format's reader: what it is called, which files it takes, how it reads them."""

    format: ClassVar[str]  # "html", "pdf", ...: the sidecar's source.format
    label: ClassVar[str]  # what the open dialog calls these files
    extensions: ClassVar[tuple[str, ...]]  # lower case, with the dot
    library: ClassVar[str] = ""  # the distribution whose version is the reader's version

    @classmethod
    def name(cls) -> str:
        """The reader's name as the sidecar records it."""
        return cls.library

    @classmethod
    @cache
    def version(cls) -> str:
        """The version of the library that reads this format."""
        from importlib.metadata import version

        return version(cls.library)

    def read(self, path: Path, data: bytes) -> Document:
        """The document text of `data` (the bytes of `path`); DocumentError if it has none."""
        raise NotImplementedError

    def document(
        self,
        path: Path,
        data: bytes,
        paragraphs: list[str],
        metadata: dict[str, str] | None = None,
        encoding: str = "utf-8",
        pages: list[list[str]] | None = None,
    ) -> Document:
        """A Document of extracted paragraphs (or pages of paragraphs), made deterministic.

        Paragraphs are separated by one blank line, which is how the window, the brief and
        the clutter rules count them; for pages, the offset where each begins is kept.
        """
        offsets: list[int] = []
        if pages is not None:
            parts: list[str] = []
            length = 0
            for page in pages:
                if parts:
                    length += 2  # the blank line before this page
                offsets.append(length)
                parts.append(join_paragraphs(page))
                length += len(parts[-1])
            text = "\n\n".join(parts)
        else:
            text = join_paragraphs(paragraphs)
        return Document(
            path=path,
            text=text,
            encoding=encoding,
            newline="\n",
            format=self.format,
            reader=self.name(),
            reader_version=self.version(),
            file_sha256=file_digest(data),
            pages=tuple(offsets),
            metadata={k: v for k, v in (metadata or {}).items() if v},
        )


# Control characters an extractor lets through (form feeds, stray bytes of a PDF's fonts):
# not text a reporter can read or Word can hold. Tab and newline stay.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BLANK_LINES = re.compile(r"\n[^\S\n]*\n\s*")


def damaged(path: Path, kind: str, error: Exception, remedy: str) -> DocumentError:
    """The one line for a file the parser failed on anywhere (a damaged or odd file)."""
    return DocumentError(
        f"{path.name} is a damaged {kind} that cannot be read ({type(error).__name__}); {remedy}"
    )


def join_paragraphs(paragraphs: list[str]) -> str:
    """Paragraphs as document text: each trimmed, newlines made \\n, one blank line between.

    A blank line inside a paragraph would split it in two, so it is closed up; an empty
    paragraph is left out.
    """
    kept = []
    for paragraph in paragraphs:
        text = _CONTROLS.sub("", paragraph.replace("\r\n", "\n").replace("\r", "\n"))
        text = "\n".join(line.rstrip() for line in text.strip().split("\n"))
        text = _BLANK_LINES.sub("\n", text)
        if text.strip():
            kept.append(text)
    return "\n\n".join(kept)
