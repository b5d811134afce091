"""A helper to declare actions in one place (after git-cola's qtutils.add_action)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from annotator.ui import icons

Shortcut = QKeySequence.StandardKey | str


def add_action(
    parent: QWidget,
    text: str,
    slot: Callable[[], object] | None,
    *shortcuts: Shortcut,
    tip: str = "",
    checkable: bool = False,
    icon: str = "",
) -> QAction:
    """An action on `parent` (so its shortcuts work in the whole window); `icon` is a name
    from `icons`."""
    action = QAction(text, parent)
    if icon:
        action.setIcon(icons.icon(icon))
    sequences = _sequences(shortcuts)
    if sequences:
        action.setShortcuts(sequences)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.setCheckable(checkable)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action


def _sequences(shortcuts: Sequence[Shortcut]) -> list[QKeySequence]:
    found: list[QKeySequence] = []
    for shortcut in shortcuts:
        if isinstance(shortcut, QKeySequence.StandardKey):
            found.extend(QKeySequence.keyBindings(shortcut))
        else:
            found.append(QKeySequence(shortcut))
    unique: list[QKeySequence] = []
    for sequence in found:
        if not sequence.isEmpty() and sequence not in unique:
            unique.append(sequence)
    return unique
