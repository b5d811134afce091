"""Preferences: her name, which signs her passages, her notes and the brief's comments."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.export.brief import initials as initials_of


class PreferencesDialog(QDialog):
    """Edit ▸ Preferences…: the name and initials kept in the settings."""

    def __init__(self, name: str, initials: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.name = QLineEdit(name)
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("e.g. Rahima Akter")
        self.initials = QLineEdit(initials)
        self.initials.setAccessibleName("Your initials")
        self.initials.setMaxLength(6)
        explanation = QLabel(
            "Your name is kept with the passages you mark (and with one nobody signed when "
            "you write its note), so a colleague sharing the folder sees who marked what; "
            "it signs their comments in the Word brief. Initials are taken from the name "
            "unless you set them."
        )
        explanation.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Initials", self.initials)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.name.textChanged.connect(self._name_changed)
        self._name_changed(name)
        self.resize(440, self.sizeHint().height())

    def _name_changed(self, name: str) -> None:
        self.initials.setPlaceholderText(initials_of(name) if name.strip() else "")

    def chosen(self) -> tuple[str, str]:
        """The name and initials as she left them, trimmed."""
        return self.name.text().strip(), self.initials.text().strip()
