"""Opening an article with no notes whose renamed copy's notes lie beside it: she is
asked whether to move them to it (`annotator.relink`); nothing moves unless she says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from annotator import relink
from annotator.document import DocumentError
from annotator.store import SidecarError
from annotator.ui import messages


def offer_relink(parent: QWidget, article: Path, close: Callable[[Path], int | None]) -> None:
    """Ask whether to move a renamed copy's notes to `article`, and move them if she agrees.

    The old article may still be open in a tab (renamed under it): `close` saves and
    closes its tabs first, so her last edits move too and nothing writes the old
    sidecar again; it gives how many it closed, or None when she chose to keep one open
    (its notes could not be saved), and then nothing moves.
    """
    found = relink.candidates(article)
    if not found:
        return
    old = found[0]
    answer = QMessageBox.question(
        parent,
        "Notes left under another name",
        f"{article.name} has no notes, but {old.name} holds notes on the same text: "
        "probably left there when the article was renamed.\n\n"
        f"Move those notes to {article.name}?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    owner = relink.owner(old.absolute(), article.absolute())
    tabs_closed = 0 if owner is None else close(owner)
    if tabs_closed is None:
        return  # she kept it open, with notes that could not be saved: they stay there
    try:
        moved = relink.relink(old, article)
    except (relink.RelinkError, SidecarError, DocumentError, OSError) as error:
        messages.error(f"The notes of {old.name} could not be moved: {error}")
        return
    count = f"{moved.passages} passage{'s' if moved.passages != 1 else ''}"
    closed = f"; {owner.name}, open under its old name, was closed" if owner and tabs_closed else ""
    messages.info(f"{count} moved from {old.name} to the notes of {article.name}{closed}")
