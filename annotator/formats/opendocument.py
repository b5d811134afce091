"""OpenDocument text (.odt): paragraphs, headings, lists and tables in order, by odfdo."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from annotator.document import Document, DocumentError
from annotator.formats.base import Reader, damaged

_PARAGRAPHS = ("text:p", "text:h")
_SKIPPED = ("text:sequence-decls", "office:forms", "text:tracked-changes", "table:table-columns")


class OdtReader(Reader):
    """An OpenDocument text: what LibreOffice Writer shows, tables row by row."""

    format = "odt"
    label = "OpenDocument text"
    extensions = (".odt", ".fodt")
    library = "odfdo"

    def read(self, path: Path, data: bytes) -> Document:
        if _encrypted(data):
            raise DocumentError(
                f"{path.name} is protected by a password; open it in LibreOffice, save a "
                "copy without the password and open that"
            )
        import odfdo  # on the first OpenDocument file opened

        try:
            document = odfdo.Document(BytesIO(data) if data.startswith(b"PK") else path)
            paragraphs: list[str] = []
            _walk(document.body, paragraphs)
            meta = document.meta
            created = meta.get_creation_date()
            metadata = {
                "title": meta.get_title() or "",
                "author": meta.get_initial_creator() or meta.get_creator() or "",
                "published": created.date().isoformat() if created else "",
            }
        except Exception as error:  # a damaged file may fail anywhere in the parser
            raise damaged(
                path, "OpenDocument file", error, "open it in LibreOffice and save it again"
            ) from None
        return self.document(path, data, paragraphs, metadata=metadata)


def _walk(element, paragraphs: list[str]) -> None:
    """Every paragraph under `element` in document order; a table as one of rows."""
    for child in element.children:
        tag = child.tag
        if tag in _PARAGRAPHS:
            paragraphs.append(child.text_recursive)
        elif tag == "table:table":
            paragraphs.append(_table(child))
        elif tag not in _SKIPPED:
            _walk(child, paragraphs)  # lists, sections, frames: their paragraphs in order


def _table(table) -> str:
    rows = []
    for row in table.xpath(".//table:table-row"):
        cells = [" ".join(cell.text_recursive.split()) for cell in row.xpath("table:table-cell")]
        line = "\t".join(cells).strip()
        if line:
            rows.append(line)
    return "\n".join(rows)


def _encrypted(data: bytes) -> bool:
    """True for a zipped OpenDocument whose parts are encrypted (saved with a password)."""
    import zipfile  # (not before an OpenDocument is read)

    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            manifest = archive.read("META-INF/manifest.xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False
    return b"encryption-data" in manifest
