"""File ▸ Import Editor's Comments: a returned Word brief's replies, resolved flags and new
comments into the notes (see `annotator.brief_import`); open articles take them in at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog

from annotator.document import DocumentError
from annotator.store import SidecarError
from annotator.ui import messages

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

EDITOR = "Editor"
FILTER = "Word brief (*.docx)"


def import_comments(window: MainWindow) -> None:
    """Ask for the returned brief, then import it."""
    folder = window.settings.last_folder or str(Path.home())
    name, _ = QFileDialog.getOpenFileName(window, "Import editor's comments", folder, FILTER)
    if name:
        import_brief(window, Path(name))


def import_brief(window: MainWindow, path: Path) -> None:
    """Import a returned brief; when it brings new passages, ask which tag they take."""
    from annotator.brief_import import import_brief as run  # on first use

    try:
        tag = ""
        preview = run(path, dry_run=True)
        if preview.new_passages:
            chosen = _tag_for_new_passages(window, preview.new_passages)
            if chosen is None:
                return
            tag = chosen
        imported = run(path, tag=tag)
    except (ValueError, DocumentError, SidecarError, OSError) as error:
        messages.error(f"{path.name} cannot be imported: {error}")
        return
    written = {changed.resolve() for changed in imported.changed}
    for page in window.pages():
        if page.path.resolve() in written:
            page.session.merge_from_disk()
    count = sum(1 for line in imported.lines if not line.endswith(": nothing new"))
    messages.info(
        f"{path.name}: {count} change{'s' if count != 1 else ''} from the editor taken in"
        if count
        else f"{path.name}: nothing new from the editor"
    )


def _tag_for_new_passages(window: MainWindow, count: int) -> str | None:
    """The tag (label) for the editor's new passages: Editor, or one of the article's."""
    session = window.session
    labels = [EDITOR]
    if session is not None:
        labels += [t.label for t in session.model.sidecar.tags if t.label != EDITOR]
    what = "comment on text" if count == 1 else "comments on text"
    label, ok = QInputDialog.getItem(
        window,
        "Import editor's comments",
        f"The editor made {count} {what} you had not marked. Tag the new passages:",
        labels,
        0,
        False,
    )
    if not ok:
        return None
    return "" if label == EDITOR else label
