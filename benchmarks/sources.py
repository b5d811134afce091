"""Sources as reporters get them: how well web pages are read, how well clutter is
flagged, and how long a large PDF and a large web page take to open.

    python -m benchmarks.sources [--corpus DIR] [--runs N] [--pdf-mb 5] [--html-mb 2]
                                 [--json FILE]

--corpus is a copy of Scrapinghub's article-extraction-benchmark (its ground-truth.json
and html/*.html.gz; public, MIT licence): 181 saved pages of news sites and blogs, each
with its article body written out by hand. With it the script measures

- coverage: how often the text Annotator reads from a page holds the first and the last
  paragraph of the hand-made article body (spacing and Unicode forms aside);
- boilerplate left: the share of that text in paragraphs that are neither in the article
  body nor the page's title;
- clutter flags against the hand labels of benchmarks/clutter_labels.json (21 pages as
  read, 6 pages as a plain-text scrape of the whole page): precision and recall by
  paragraph.

Without --corpus only the opening times are measured. Those make their own files: a PDF
of about --pdf-mb MB written by LibreOffice (text with a photograph on every page), and a
web page of about --html-mb MB (a long article inside menus, scripts and styles), and
time `open_article` (reading, details, anchoring, clutter) against the bare extractor
(pypdf's text of every page; trafilatura's extraction with the same options), run turn
about (harness.interleaved_times).
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import json
import random
import re
import struct
import subprocess
import sys
import tempfile
import time
import unicodedata
import zlib
from pathlib import Path

from benchmarks.harness import Figure, header, interleaved_times, show

LABELS = Path(__file__).with_name("clutter_labels.json")

# --- the plain-text scrape: what a page's whole text looks like saved as .txt ---------

_PARAGRAPH_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "table", "header",
    "footer", "nav", "section", "article", "aside", "figure", "form", "main",
}  # fmt: skip
_LINE_TAGS = {"li", "tr", "br", "div", "dt", "dd", "figcaption", "td"}


def scrape(data: bytes) -> str:
    """A page's whole visible text: a blank line around paragraphs and blocks, a line
    break around list items, rows and divisions; scripts and styles left out."""
    import lxml.html
    from trafilatura.utils import decode_file  # the page's own charset, else detected

    root = lxml.html.document_fromstring(decode_file(data))
    for unseen in root.xpath("//script|//style|//noscript|//template|//svg|//head"):
        unseen.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        around = "\n\n" if tag in _PARAGRAPH_TAGS else "\n" if tag in _LINE_TAGS else ""
        if around:
            element.text = around + (element.text or "")
            element.tail = around + (element.tail or "")
        if tag == "td":
            element.tail = "\t" + (element.tail or "")
    lines = [" ".join(line.split()) for line in root.text_content().split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


# --- quality on the corpus -------------------------------------------------------------


def _page(corpus: Path, key: str) -> bytes:
    return gzip.decompress((corpus / "html" / f"{key}.html.gz").read_bytes())


def coverage(corpus: Path) -> dict[str, float]:
    """First and last paragraph found, and boilerplate left, over every page."""
    from rapidfuzz.fuzz import partial_ratio

    from annotator.formats.web import HtmlReader

    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    first = last = unread = 0
    left = total = 0
    for key in sorted(truth):
        body = truth[key]["articleBody"]
        paragraphs = [p for p in body.split("\n") if p.strip()]
        try:
            document = HtmlReader().read(Path(f"{key}.html"), _page(corpus, key))
        except Exception:  # a page with no article text found: counts as missing both
            unread += 1
            continue
        text, whole = _normal(document.text), _normal(body)
        first += _normal(paragraphs[0]) in text
        last += _normal(paragraphs[-1]) in text
        title = _normal(document.metadata.get("title", ""))
        for paragraph in document.text.split("\n\n"):
            shown = _normal(paragraph)
            outside = shown and shown != title and shown not in whole
            if outside and partial_ratio(shown, whole) < 90:
                left += len(paragraph)
        total += len(document.text)
    pages = len(truth)
    return {
        "pages": pages,
        "first paragraph found": first / pages,
        "last paragraph found": last / pages,
        "pages with no text found": unread,
        "boilerplate left (share of characters)": left / total if total else 0.0,
    }


def _numbers(spec: str) -> set[int]:
    found: set[int] = set()
    for part in filter(None, spec.split(",")):
        low, _, high = part.partition("-")
        found.update(range(int(low), int(high or low) + 1))
    return found


def clutter_scores(corpus: Path) -> dict[str, dict[str, float]]:
    """Precision and recall of the clutter flags by paragraph, against the hand labels."""
    from annotator.clutter import find_clutter
    from annotator.formats.web import HtmlReader
    from annotator.text import Paragraphs

    labels = json.loads(LABELS.read_text(encoding="utf-8"))["labels"]
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    scores = {}
    for view, pages in labels.items():
        counts = {"flagged": 0, "labelled": 0, "both": 0, "paragraphs": 0, "changed": 0}
        for key, label in pages.items():
            full = next(k for k in truth if k.startswith(key))
            data = _page(corpus, full)
            text = (
                HtmlReader().read(Path("p.html"), data).text
                if view == "extracted"
                else scrape(data)
            )
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != label["sha256"]:
                counts["changed"] += 1  # read differently now: its labels may not fit
            starts = {start: n for n, (start, _) in enumerate(Paragraphs(text).spans)}
            flagged = {starts[c.start] for c in find_clutter(text) if c.start in starts}
            labelled = _numbers(label.get("furniture", "")) | _numbers(label.get("repeat", ""))
            counts["flagged"] += len(flagged)
            counts["labelled"] += len(labelled)
            counts["both"] += len(flagged & labelled)
            counts["paragraphs"] += label["paragraphs"]
        scores[view] = {
            "pages": len(pages),
            **counts,
            "precision": counts["both"] / counts["flagged"] if counts["flagged"] else 1.0,
            "recall": counts["both"] / counts["labelled"] if counts["labelled"] else 1.0,
        }
    return scores


# --- opening times ----------------------------------------------------------------------


def _noise_png(width: int, height: int, seed: int) -> bytes:
    """A photograph's worth of incompressible grey pixels, as a PNG."""
    generator = random.Random(seed)
    rows = b"".join(b"\x00" + generator.randbytes(width) for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    head = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(rows, 1))
        + chunk(b"IEND", b"")
    )  # fmt: skip


_PROSE = (
    "The committee heard that the contract for the harbour bridge was signed before the "
    "design was finished, and that three changes to it after signing added £4.1 million "
    "to the cost. قال رئيس المجلس إن التكاليف ارتفعت بسبب أسعار الصلب. The auditor's "
    "figures 📊 were not disputed by the council's finance director."
)


def make_pdf(folder: Path, megabytes: float) -> Path:
    """A report of about `megabytes` MB written by LibreOffice: text and a photograph a page."""
    sections = max(2, int(megabytes * 1024 / 57))  # each section's photograph: about 57 KB
    body = []
    for page in range(sections):
        image = base64.b64encode(_noise_png(240, 240, page)).decode("ascii")  # each its own
        body.append(f'<text:h text:outline-level="2">Section {page + 1}</text:h>')
        body += [f"<text:p>{_PROSE} (Paragraph {page + 1}.{n})</text:p>" for n in range(4)]
        body.append(
            '<text:p><draw:frame svg:width="8cm" svg:height="8cm" text:anchor-type="as-char">'
            f"<draw:image><office:binary-data>{image}"
            "</office:binary-data></draw:image></draw:frame></text:p>"
        )
    fodt = folder / "report.fodt"
    fodt.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><office:document '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
        'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">'
        f"<office:body><office:text>{''.join(body)}</office:text></office:body>"
        "</office:document>",
        encoding="utf-8",
    )
    # Photographs kept as they are (no JPEG re-encoding), so the file has the size asked.
    options = '{"UseLosslessCompression":{"type":"boolean","value":"true"}}'
    subprocess.run(
        ["soffice", "--headless", "--convert-to", f"pdf:writer_pdf_Export:{options}",
         "--outdir", str(folder), str(fodt)],
        check=True, capture_output=True, timeout=900,
    )  # fmt: skip
    return folder / "report.pdf"


def make_html(folder: Path, megabytes: float) -> Path:
    """A saved page of about `megabytes` MB: an article of 60 paragraphs among menus,
    scripts, styles and related links, as news sites send them."""
    menu = "".join(f'<li><a href="/section/{n}">Section {n}</a></li>' for n in range(120))
    related = "".join(
        f'<li><a href="/story/{n}">Another story with a long headline, number {n}</a></li>'
        for n in range(60)
    )
    article = "".join(f"<p>{_PROSE} Paragraph {n}.</p>" for n in range(60))
    padding_unit = "var config = {" + ",".join(f'"k{n}": "{n * 7919}"' for n in range(40)) + "};"
    page = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        "<title>Council overspent on the harbour bridge | Harbour Times</title>",
        '<meta property="og:site_name" content="Harbour Times">',
        '<meta name="author" content="Ines Moreau">',
        '<meta property="article:published_time" content="2026-11-25T09:00:00Z">',
        "<style>" + ".c{color:#333;margin:0 auto}" * 2000 + "</style></head><body>",
        f"<header><nav><ul>{menu}</ul></nav></header>",
        "<main><article><h1>Council overspent on the harbour bridge</h1>",
        f"<p class='byline'>By Ines Moreau</p>{article}</article>",
        f"<aside><h2>Related</h2><ul>{related}</ul></aside></main>",
        "<footer><p>© 2026 Harbour Times. All rights reserved.</p></footer>",
    ]
    size = sum(len(part.encode("utf-8")) for part in page)
    scripts = []
    while size < megabytes * 1024 * 1024:
        scripts.append(f"<script>{padding_unit}</script>")
        size += len(scripts[-1])
    path = folder / "page.html"
    path.write_text("".join(page) + "".join(scripts) + "</body></html>", encoding="utf-8")
    return path


def open_figures(folder: Path, runs: int, pdf_mb: float, html_mb: float):
    """Opening a large PDF and a large web page, each against its bare extractor."""
    from io import BytesIO

    import pypdf
    import trafilatura

    from annotator.article import open_article

    def ours(path: Path):
        def work() -> None:
            open_article(path).clutter()

        return work

    pdf = make_pdf(folder, pdf_mb)

    def bare_pdf() -> None:
        reader = pypdf.PdfReader(BytesIO(pdf.read_bytes()))
        [page.extract_text() for page in reader.pages]

    open_article(pdf)  # untimed: loads pypdf once, as the first PDF opened does
    value, floor = interleaved_times(ours(pdf), bare_pdf, runs)
    pages = len(pypdf.PdfReader(str(pdf)).pages)
    yield Figure(
        f"open a {pdf.stat().st_size / 2**20:.1f} MB PDF ({pages} pages)",
        value,
        floor,
        1.3,
        key="open-pdf",
        note="floor: pypdf's text of every page; interleaved",
    )

    page = make_html(folder, html_mb)

    def bare_html() -> None:
        trafilatura.bare_extraction(
            page.read_bytes(), include_comments=False, include_tables=True, deduplicate=False,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )  # fmt: skip

    open_article(page)
    value, floor = interleaved_times(ours(page), bare_html, runs)
    yield Figure(
        f"open a {page.stat().st_size / 2**20:.1f} MB web page",
        value,
        floor,
        1.3,
        key="open-html",
        note="floor: trafilatura's extraction with the same options; interleaved",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sources", description=__doc__)
    parser.add_argument("--corpus", type=Path, help="the article-extraction-benchmark folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf-mb", type=float, default=5.0)
    parser.add_argument("--html-mb", type=float, default=2.0)
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results: dict[str, object] = {}
    if args.corpus:
        results["coverage"] = coverage(args.corpus)
        results["clutter"] = clutter_scores(args.corpus)
        print(json.dumps({k: results[k] for k in ("coverage", "clutter")}, indent=2))
    header()
    figures = []
    with tempfile.TemporaryDirectory(prefix="annotator-sources-") as folder:
        for figure in open_figures(Path(folder), args.runs, args.pdf_mb, args.html_mb):
            show(figure)
            figures.append(figure)
    results["figures"] = [figure.as_dict() for figure in figures]
    print(f"\nin {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
