"""The bundled sample article, copied where the reporter can keep notes on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import platformdirs

from annotator import resources

SAMPLES_FOLDER = "Annotator samples"


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
