"""Nothing outside annotator/ui imports Qt: the engine and CLI run without a display."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contract_holds():
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def loaded_by(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with `prefixes` that importing `modules` loads, in a fresh process."""
    code = (
        f"import json, sys, {', '.join(modules)};"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_the_engine_loads_no_qt_at_run_time():
    engine = ["annotator.cli", "annotator.resources", "annotator.merge", "annotator.metadata",
              "annotator.store", "annotator.anchoring", "annotator.samples", "annotator.export",
              "annotator.export.docx", "annotator.export.markdown", "annotator.export.csv",
              "annotator.export.w3c"]  # fmt: skip
    assert loaded_by(engine, ("PySide6", "shiboken6")) == []


def test_the_session_and_what_it_stands_on_load_no_widgets():
    below = ["annotator.ui.session", "annotator.ui.commands", "annotator.ui.qt_models",
             "annotator.ui.messages", "annotator.ui.watcher"]  # fmt: skip
    assert loaded_by(below, ("PySide6.QtWidgets",)) == []


def test_no_module_imports_one_that_imports_it_back():
    import grimp

    graph = grimp.build_graph("annotator", exclude_type_checking_imports=True)
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycles.append((module, *back))
    assert cycles == []
