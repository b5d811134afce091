"""Starting the window: the QApplication, its names, and what to open first."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import platformdirs
from PySide6.QtWidgets import QApplication

from annotator import resources

ORGANIZATION = "Annotator"
APPLICATION = "Annotator"
SAMPLES_FOLDER = "Annotator samples"


def configure(app: QApplication) -> None:
    """Names used by QSettings and the desktop; the system's own style and palette."""
    app.setOrganizationName(ORGANIZATION)
    app.setOrganizationDomain("annotator.local")
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("annotator")


def sample_copy() -> Path:
    """A writable copy of the bundled sample article (made once; her notes on it stay)."""
    candidates = [
        platformdirs.user_documents_path() / SAMPLES_FOLDER,
        platformdirs.user_data_path("annotator", appauthor=False) / "samples",
    ]
    last_error: OSError | None = None
    for folder in candidates:
        target = folder / resources.SAMPLE_ARTICLE
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                shipped = resources.file(resources.SAMPLE_ARTICLE)
                with shipped.open("rb") as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out)
            return target
        except OSError as error:
            last_error = error
    assert last_error is not None
    raise last_error


def run(file: Path | None = None, sample: bool = False) -> int:
    """Open the window (on `file`, or on the sample article) and run until it closes."""
    app = QApplication.instance() or QApplication(sys.argv)
    configure(app)
    from annotator.ui.main_window import MainWindow  # after the names: QSettings needs them

    window = MainWindow()
    window.show()
    if sample:
        window.open_sample()
    if file is not None:
        window.open_path(file)
    return app.exec()
