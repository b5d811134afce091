"""benchmarks/sources.py: its measures on a corpus laid out as the public benchmark's, its
hand labels, and (where LibreOffice is installed) its opening times on small files."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.sources import LABELS, _numbers, coverage, scrape

ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(__file__).parent / "data" / "pages"


def test_coverage_counts_first_and_last_paragraphs_and_what_is_left(tmp_path):
    from annotator.formats.web import HtmlReader

    (tmp_path / "html").mkdir()
    truth = {}
    for key, name in (("a" * 64, "aljazeera"), ("b" * 64, "sciencealert")):
        data = (PAGES / f"{name}.html.gz").read_bytes()
        (tmp_path / "html" / f"{key}.html.gz").write_bytes(data)
        document = HtmlReader().read(Path("p.html"), gzip.decompress(data))
        paragraphs = document.text.split("\n\n")
        kept = paragraphs[1:-1] if name == "aljazeera" else ["Not on the page at all."]
        truth[key] = {"articleBody": "\n".join(kept), "url": ""}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    found = coverage(tmp_path)
    assert found["pages"] == 2
    assert found["first paragraph found"] == found["last paragraph found"] == 0.5
    assert 0 < found["boilerplate left (share of characters)"] < 1


def test_the_hand_labels_fit_their_pages():
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["labels"]
    assert set(labels) == {"extracted", "scraped", "scraped, held out"}
    for pages in labels.values():
        for key, label in pages.items():
            assert len(key) == 12 and len(label["sha256"]) == 64
            numbers = _numbers(label.get("furniture", "")) | _numbers(label.get("repeat", ""))
            assert all(0 <= n < label["paragraphs"] for n in numbers), key
            assert not _numbers(label.get("furniture", "")) & _numbers(label.get("repeat", ""))


def test_a_scrape_keeps_every_visible_line_and_drops_scripts():
    html = (
        b"<html><head><title>T</title><style>p{}</style></head><body><nav><ul><li>Home</li>"
        b"<li>News</li></ul></nav><p>First \xc2\xa3 paragraph.</p><script>x()</script>"
        b"<table><tr><td>a</td><td>b</td></tr></table></body></html>"
    )
    text = scrape(html)
    lines = text.split("\n")
    assert {"Home", "News", "First £ paragraph.", "a", "b"} <= set(lines)  # each on its own
    assert "x()" not in text and "p{}" not in text and "T\n" not in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_the_opening_figures_are_measured(tmp_path):
    out = tmp_path / "figures.json"
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.sources", "--runs", "1", "--pdf-mb", "0.15",
         "--html-mb", "0.1", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    figures = {f["key"]: f for f in json.loads(out.read_text())["figures"]}
    assert set(figures) == {"open-pdf", "open-html"}
    assert all(f["value"] > 0 and f["floor"] > 0 for f in figures.values())
