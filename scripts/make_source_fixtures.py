"""Make the office files the format tests read, with LibreOffice, as a reporter gets them.

    python scripts/make_source_fixtures.py        (writes tests/data/sources/)

From one short article written here as HTML (English with an emoji, an Arabic paragraph,
a table, a page break), LibreOffice (`soffice --headless --convert-to`) makes:

- article.docx (Word 2007-365), article.odt, article.pdf (two pages, with a text layer);
- locked.pdf: the same PDF, encrypted with the open password "secret";
- restricted.pdf: the same PDF with no open password, but copying and printing
  forbidden by a permissions password (as many court filings come);
- scan.pdf: page 1 of article.pdf rendered to an image by poppler's pdftoppm, placed on a
  page by LibreOffice Writer: a PDF with no text layer, as a scanner makes.

The files are committed, so the tests need neither LibreOffice nor poppler; run this
again only to change them.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "sources"

TITLE = "Council overspent on the harbour bridge by a third"
AUTHOR = "Ines Moreau"
PARAGRAPHS = [
    "The new harbour bridge cost £18.6 million, 40% more than the council promised when "
    "work began in 2024, according to the auditor's report published on Tuesday 🌉. The "
    "report blames a doubled steel bill and three changes to the design after the "
    "contract was signed.",
    "قال رئيس المجلس إن التكاليف ارتفعت بسبب أسعار الصلب في العام الماضي، وإن المجلس "
    "سيطلب من المقاول إعادة جزء من المبلغ قبل نهاية السنة المالية الحالية.",
    "The auditor found that the council's own engineers had warned in March 2023 that the "
    "budget was too small, and that the warning never reached the cabinet.",
]
SECOND_PAGE = [
    "On the second page the auditor lists what should change: a fixed price for steel, a "
    "second engineer's review of every design change, and a monthly report to the cabinet.",
    "The council has until the end of January to answer the report in writing.",
]
TABLE = [("Year", "Budget", "Spent"), ("2024", "£13.3m", "£9.1m"), ("2025", "—", "£9.5m")]

RESTRICT = (
    'pdf:writer_pdf_Export:{"RestrictPermissions":{"type":"boolean","value":"true"},'
    '"PermissionPassword":{"type":"string","value":"owner"},'
    '"Printing":{"type":"long","value":"0"},'
    '"EnableCopyingOfContent":{"type":"boolean","value":"false"}}'
)
LOCK = (
    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
    '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
)


def article_html() -> str:
    """The article as the HTML LibreOffice converts from."""
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in TABLE)
    first = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    second = "".join(f"<p>{p}</p>" for p in SECOND_PAGE[1:])
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{TITLE}</title>'
        f'<meta name="author" content="{AUTHOR}"></head><body><h1>{TITLE}</h1>{first}'
        f"<table>{rows}</table>"
        f'<p style="page-break-before: always">{SECOND_PAGE[0]}</p>{second}</body></html>'
    )


def convert(source: Path, target_filter: str, outdir: Path) -> Path:
    """Convert with LibreOffice; the path of what it wrote."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", target_filter, "--outdir", str(outdir),
         str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    suffix = "." + target_filter.split(":")[0]
    return outdir / (source.stem + suffix)


def scan_fodt(png: Path) -> str:
    """A Writer document holding nothing but the page's image."""
    data = base64.b64encode(png.read_bytes()).decode("ascii")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><office:document '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
        'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">'
        '<office:body><office:text><text:p><draw:frame svg:width="16cm" svg:height="22cm" '
        'text:anchor-type="paragraph"><draw:image><office:binary-data>'
        f"{data}</office:binary-data></draw:image></draw:frame></text:p></office:text>"
        "</office:body></office:document>"
    )


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "article.html"
        source.write_text(article_html(), encoding="utf-8")
        odt = convert(source, "odt", work)
        for made in (
            convert(source, "docx:MS Word 2007 XML", work),
            odt,
            convert(odt, "pdf:writer_pdf_Export", work),
        ):
            shutil.copy(made, OUT / made.name)
        locked = work / "locked"
        locked.mkdir()
        shutil.copy(convert(odt, LOCK, locked), OUT / "locked.pdf")
        restricted = work / "restricted"
        restricted.mkdir()
        shutil.copy(convert(odt, RESTRICT, restricted), OUT / "restricted.pdf")
        subprocess.run(
            ["pdftoppm", "-r", "60", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile",
             str(OUT / "article.pdf"), str(work / "page")],
            check=True, timeout=60,
        )  # fmt: skip
        fodt = work / "scan.fodt"
        fodt.write_text(scan_fodt(work / "page.png"), encoding="utf-8")
        shutil.copy(convert(fodt, "pdf:writer_pdf_Export", work), OUT / "scan.pdf")
    for path in sorted(OUT.iterdir()):
        print(f"{path.name}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
