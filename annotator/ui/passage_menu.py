"""The right-click menus: on a passage (in the article or the list) and on selected text.

Every entry calls one of the session's methods, so each change is a command on the
article's undo stack, as the same change made from the Passage menu is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu

from annotator.citation import cite
from annotator.model import STATUS_LABELS, STATUSES, Annotation, needs_review
from annotator.text import snippet
from annotator.ui import icons
from annotator.ui.session import ArticleSession

COPY_TEXT = "&Copy Quote with Source"


def add_mark_entries(menu: QMenu, session: ArticleSession, mark: Callable[[str], None]) -> None:
    """ "Mark as" one entry per tag (its key shown as a shortcut), for the selected text."""
    section = menu.addMenu(icons.icon(icons.TAG), "&Mark Selection as")
    for tag in session.model.sidecar.tags:
        action = section.addAction(
            icons.tag_icon(tag.color, tag.key), f"{tag.label}\t{tag.key}" if tag.key else tag.label
        )
        action.triggered.connect(lambda _checked=False, t=tag.id: mark(t))
    section.setEnabled(bool(session.model.sidecar.tags) and not session.read_only)


def add_passage_entries(
    menu: QMenu,
    session: ArticleSession,
    annotation: Annotation,
    *,
    selection: tuple[int, int] | None,
    edit_note: Callable[[str], None],
    reattach: Callable[[str], None],
) -> None:
    """What can be done to one passage: tag, status, note, review, re-attach, copy, delete."""
    passage_id = annotation.id
    editable = not session.read_only
    tags = menu.addMenu(icons.icon(icons.TAG), "&Tag")
    for tag in session.model.sidecar.tags:
        action = tags.addAction(
            icons.tag_icon(tag.color, tag.key), f"{tag.label}\t{tag.key}" if tag.key else tag.label
        )
        action.setCheckable(True)
        action.setChecked(tag.id == annotation.tag)
        action.triggered.connect(lambda _checked=False, t=tag.id: session.set_tag(passage_id, t))
    tags.setEnabled(editable and bool(session.model.sidecar.tags))
    statuses = menu.addMenu("&Status")
    for status in STATUSES:
        action = statuses.addAction(icons.status_icon(status), STATUS_LABELS[status])
        action.setCheckable(True)
        action.setChecked(status == annotation.status)
        action.triggered.connect(lambda _checked=False, s=status: session.set_status(passage_id, s))
    statuses.setEnabled(editable)
    menu.addAction(icons.icon(icons.NOTE), "Edit &Note", lambda: edit_note(passage_id))
    if needs_review(annotation) and not annotation.orphaned:
        review = menu.addAction(
            icons.icon(icons.REVIEW), "Mark &Reviewed", lambda: session.mark_reviewed(passage_id)
        )
        review.setEnabled(editable)
    attach = menu.addAction(
        icons.icon(icons.ORPHAN), "Re-&attach to Selection", lambda: reattach(passage_id)
    )
    elsewhere = selection is not None and selection != (annotation.start, annotation.end)
    attach.setEnabled(editable and elsewhere)  # (a passage chosen selects its own text)
    if not elsewhere:
        attach.setToolTip("Select the text to pin the passage to first")
    menu.addAction(COPY_TEXT, lambda: copy_quote(session, passage_id))
    menu.addSeparator()
    delete = menu.addAction("&Delete Passage", lambda: session.delete(passage_id))
    delete.setEnabled(editable)
    menu.setToolTipsVisible(True)


def passage_title(session: ArticleSession, annotation: Annotation) -> str:
    """How a passage is named in a menu: its tag and the start of its quote."""
    label = session.model.sidecar.tag_label(annotation.tag)
    return f"{label}: “{snippet(annotation.exact, 40)}”".replace("&", "&&")


def copy_quote(session: ArticleSession, passage_id: str) -> str:
    """Put a passage's quote and its source on the clipboard; return what was put."""
    annotation = session.model.get(passage_id)
    if annotation is None:
        return ""
    text = cite(annotation, session.model.sidecar, session.article.text, session.path.name)
    QGuiApplication.clipboard().setText(text)
    return text
