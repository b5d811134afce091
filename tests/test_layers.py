"""Nothing outside annotator/ui imports Qt: the engine and CLI run without a display."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contract_holds():
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_the_engine_loads_no_qt_at_run_time():
    code = (
        "import sys, annotator.cli, annotator.resources, annotator.merge, annotator.metadata, annotator.store, annotator.anchoring, annotator.export, "
        "annotator.export.docx, annotator.export.markdown, annotator.export.csv, annotator.export.w3c;"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
