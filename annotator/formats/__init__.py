"""Readers by format: each turns a kind of file into document text (formats.md §1).

`registry.py` maps file extensions (and, for files misnamed, their first bytes) to one
reader class per format; adding a format is one module here and one line there. A
reader module imports its library (trafilatura, pypdf, python-docx, odfdo) only when a
file of its format is read, never when the program starts.
"""

from __future__ import annotations

from annotator.formats.registry import SUPPORTED, file_filter, read_source, reader_for

__all__ = ["SUPPORTED", "file_filter", "read_source", "reader_for"]
