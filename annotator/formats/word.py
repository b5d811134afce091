"""Word documents (.docx): paragraphs and tables in order, and the file's properties."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from annotator.document import Document
from annotator.formats.base import Reader, damaged

_COMPANY = re.compile(rb"<(?:\w+:)?Company>([^<]*)</(?:\w+:)?Company>")


class DocxReader(Reader):
    """A Word file: each paragraph, and each table row by row (cells between tabs)."""

    format = "docx"
    label = "Word documents"
    extensions = (".docx", ".docm", ".dotx")
    library = "python-docx"

    def read(self, path: Path, data: bytes) -> Document:
        import docx  # on the first Word file opened
        from docx.table import Table

        try:
            document = docx.Document(BytesIO(data))
            paragraphs: list[str] = []
            for block in document.iter_inner_content():
                if isinstance(block, Table):
                    paragraphs.append(table_text(block))
                else:
                    paragraphs.append(block.text)
            properties = document.core_properties
            metadata = {
                "title": properties.title or "",
                "author": properties.author or "",
                "published": properties.created.date().isoformat() if properties.created else "",
                "outlet": _company(document),
            }
        except Exception as error:  # a damaged file may fail anywhere in the parser
            raise damaged(
                path, "Word file", error, "open it in Word or LibreOffice and save it again"
            ) from None
        return self.document(path, data, paragraphs, metadata=metadata)


def table_text(table) -> str:
    """A table as text: one line per row, its cells separated by tabs (merged cells once)."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        line = "\t".join(cells).strip()
        if line:
            rows.append(line)
    return "\n".join(rows)


def _company(document) -> str:
    """The company in the file's extended properties (docProps/app.xml), if any."""
    import html  # (not before a Word file is read)

    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            match = _COMPANY.search(part.blob)
            return html.unescape(match.group(1).decode("utf-8", "replace")).strip() if match else ""
    return ""
