"""The benchmark suite runs end to end on small data (its timings are not checked here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = {
    "save",
    "save-whole",
    "save-locked",
    "load",
    "load-typed",
    "reanchor-inserted",
    "reanchor-edited-small",
    "reanchor-edited-growth",
    "reanchor-unrelated",
    "list-json-small",
    "list-json-dump-small",
    "list-json-text-small",
    "list-json-long",
    "list-json-dump-long",
    "list-json-text-long",
    "add",
    "brief",
    "brief-growth-small",
    "brief-growth",
    "brief-command",
    "suggest",
    "import-brief",
    "startup",
    "open",
    "mark",
    "mark-long-paragraph",
    "memory",
    "search",
    "filter-tag",
    "sort",
    "autosave-ui",
    "tab-switch",
    "scroll",
    "stall-typing",
    "stall-saving",
    "stall-reread",
    "stall-throughout",
    "story-scan",
    "story-scan-parse",
    "story-rescan",
    "story-view",
    "open-pdf",
    "open-html",
}


def test_every_figure_is_measured_with_its_floor(tmp_path):
    out = tmp_path / "figures.json"
    small = ["--size", "200000", "--passages", "200", "--runs", "1", "--story-articles", "20"]
    small += ["--pdf-mb", "0.3", "--html-mb", "0.2"]
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks", *small, "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "smoke setting" in run.stdout  # fewer than 5 runs is only for checking the suite
    figures = {figure["key"]: figure for figure in json.loads(out.read_text())}
    assert set(figures) == FIGURES
    for figure in figures.values():
        assert figure["value"] > 0 and figure["floor"] > 0, figure
        assert figure["name"] in run.stdout
