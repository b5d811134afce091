"""The form for an article's source details: title, outlet, URL, author, dates."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.metadata import guess_metadata
from annotator.model import METADATA_KEYS

LABELS = {
    "title": "&Title:",
    "outlet": "&Outlet:",
    "url": "&URL:",
    "author": "A&uthor:",
    "published": "&Published:",
    "accessed": "&Accessed:",
}
PLACEHOLDERS = {"url": "https://…", "published": "YYYY-MM-DD", "accessed": "YYYY-MM-DD"}
GUESSED_TIP = "Filled in from the file or the article text: check it"


class SourceDetailsDialog(QDialog):
    """Edit source details; empty fields start with what the file or its text makes obvious.

    `details` are the program's guesses (the file's own details, then the text's); without
    them the text is guessed from. `guessed` names the fields of `metadata` that already
    hold a guess: they show as guesses until she types in them.
    """

    def __init__(
        self,
        metadata: dict[str, Any],
        text: str,
        path: Path,
        parent: QWidget | None = None,
        details: dict[str, str] | None = None,
        guessed: Iterable[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Source Details")
        self._input = dict(metadata)
        self._text, self._path = text, path
        self._guesses: dict[str, str] | None = details
        self._guessed: set[str] = set()
        self._earlier = set(guessed) & set(METADATA_KEYS)  # guessed before this dialog
        self._touched: set[str] = set()  # fields she typed in: hers from now on

        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key in METADATA_KEYS:
            edit = QLineEdit(_as_text(metadata.get(key, "")))
            edit.setAccessibleName(LABELS[key].replace("&", "").rstrip(":"))
            edit.setPlaceholderText(PLACEHOLDERS.get(key, ""))
            edit.setClearButtonEnabled(True)
            edit.textEdited.connect(lambda _text, key=key: self._confirm(key))
            caption = QLabel(LABELS[key])
            caption.setBuddy(edit)
            form.addRow(caption, edit)
            self.fields[key] = edit

        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.fill_button = QPushButton("&Fill from Text")
        self.fill_button.setAccessibleName("Fill empty fields from the article text")
        self.fill_button.setAutoDefault(False)
        self.fill_button.clicked.connect(self.fill_from_text)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.addButton(self.fill_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())
        for key in self._earlier:
            if self.fields[key].text().strip():
                self._mark(key, guessed=True)
        self.fill_from_text()

    def metadata(self) -> dict[str, Any]:
        """Every METADATA_KEY as typed, then any other keys of the input as they were."""
        result: dict[str, Any] = {key: self.fields[key].text().strip() for key in METADATA_KEYS}
        result.update((k, v) for k, v in self._input.items() if k not in METADATA_KEYS)
        return result

    def guessed(self) -> set[str]:
        """The fields that are still the program's: guesses (or guessed blanks) she has
        not typed in."""
        return (self._guessed | self._earlier) - self._touched

    def fill_from_text(self) -> None:
        """Put the guesses from the article text into the fields that are empty."""
        if self._guesses is None:
            self._guesses = guess_metadata(self._text, self._path)
        for key, value in self._guesses.items():
            edit = self.fields.get(key)
            if edit is not None and value and not edit.text().strip():
                edit.setText(value)
                self._mark(key, guessed=True)
        self._update_hint()

    def _confirm(self, key: str) -> None:
        """A field the reporter typed in is hers, not a guess."""
        self._touched.add(key)
        if key in self._guessed:
            self._mark(key, guessed=False)
            self._update_hint()

    def _mark(self, key: str, guessed: bool) -> None:
        edit = self.fields[key]
        font = edit.font()
        font.setItalic(guessed)
        edit.setFont(font)
        edit.setToolTip(GUESSED_TIP if guessed else "")
        if guessed:
            self._guessed.add(key)
        else:
            self._guessed.discard(key)

    def _update_hint(self) -> None:
        self.hint.setText(
            "Fields in italics were filled in from the file or the article text: check them."
            if self._guessed
            else ""
        )
        self.hint.setVisible(bool(self._guessed))


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)
