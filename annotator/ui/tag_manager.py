"""The dialog where a reporter adds, renames, recolours, rebinds and removes her tags."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.model import Tag
from annotator.ui import icons

KEYS = ("", *"123456789")
NEW_TAG_LABEL = "New tag"
NEW_TAG_COLOR = "#b0bec5"


def slug(label: str) -> str:
    """An id made from a label: lower case words joined by hyphens ("tag" if none)."""
    return re.sub(r"[\W_]+", "-", label.strip().lower()).strip("-") or "tag"


@dataclass
class _Entry:
    tag: Tag
    new: bool  # added in this dialog: its id is made from its label when done


class TagManagerDialog(QDialog):
    """Edit a copy of the tags; `tags()` gives the result. Existing tags keep their ids."""

    def __init__(
        self,
        tags: list[Tag],
        parent: QWidget | None = None,
        scope: str = "",
        offer_story: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Manage Tags")
        # Which set she edits (the story's, or her default tags), and where it applies.
        self.scope = QLabel(scope)
        self.scope.setWordWrap(True)
        self.scope.setAccessibleName("Which tags these are")
        self.scope.setVisible(bool(scope))
        # Offered when the folder has no story set yet: share these with the folder.
        self.story_box = QCheckBox(offer_story)
        self.story_box.setAccessibleName("Start a story tag set for this folder")
        self.story_box.setVisible(bool(offer_story))
        self._entries = [_Entry(copy.deepcopy(tag), new=False) for tag in tags]

        self.list = QListWidget()
        self.list.setAccessibleName("Tags")
        self.add_button = self._button("&Add", "Add tag", self.add_tag)
        self.remove_button = self._button("&Remove", "Remove tag", self.remove_tag)
        self.up_button = self._button("Move &Up", "Move tag up", lambda: self.move_tag(-1))
        self.down_button = self._button("Move &Down", "Move tag down", lambda: self.move_tag(1))

        self.label_edit = QLineEdit()
        self.label_edit.setAccessibleName("Tag label")
        self.color_button = QPushButton()
        self.color_button.setAccessibleName("Tag colour")
        self.color_button.setToolTip("Choose the tag's highlight colour")
        self.key_combo = QComboBox()
        self.key_combo.setAccessibleName("Tag key")
        self.key_combo.setToolTip("The key that marks a passage with this tag")
        for key in KEYS:
            self.key_combo.addItem(key or "None", key)
        self.id_label = QLabel()
        self.id_label.setAccessibleName("Tag id")
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.editor = QWidget()
        form = QFormLayout(self.editor)
        for text, field in (
            ("&Label:", self.label_edit),
            ("&Colour:", self.color_button),
            ("&Key:", self.key_combo),
            ("Id:", self.id_label),
        ):
            caption = QLabel(text)
            caption.setBuddy(field)
            form.addRow(caption, field)

        side = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            side.addWidget(button)
        side.addStretch()
        side.addWidget(self.editor)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(side)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope)
        layout.addLayout(body)
        layout.addWidget(self.story_box)
        layout.addWidget(self.buttons)
        for first, second in (
            (self.list, self.add_button),
            (self.add_button, self.remove_button),
            (self.remove_button, self.up_button),
            (self.up_button, self.down_button),
            (self.down_button, self.label_edit),
            (self.label_edit, self.color_button),
            (self.color_button, self.key_combo),
            (self.key_combo, self.story_box),
            (self.story_box, self.buttons),
        ):
            QWidget.setTabOrder(first, second)

        self.list.currentRowChanged.connect(self._show_current)
        self.label_edit.textEdited.connect(self._rename)
        self.color_button.clicked.connect(self._recolour)
        self.key_combo.currentIndexChanged.connect(
            lambda index: self.bind_key(self.key_combo.itemData(index))
        )

        for entry in self._entries:
            self.list.addItem(self._item(entry.tag))
        self.list.setCurrentRow(0 if self._entries else -1)
        self._show_current(self.list.currentRow())

    # The result

    def tags(self) -> list[Tag]:
        """The edited tags, in order; a new tag's id is a unique slug of its label."""
        taken = {entry.tag.id for entry in self._entries if not entry.new}
        result = []
        for entry in self._entries:
            tag = copy.deepcopy(entry.tag)
            tag.label = tag.label.strip() or (NEW_TAG_LABEL if entry.new else tag.id)
            if entry.new:
                tag.id = _unique(slug(tag.label), taken)
                taken.add(tag.id)
            result.append(tag)
        return result

    def start_story(self) -> bool:
        """True when she chose to keep these tags as the folder's story set."""
        return not self.story_box.isHidden() and self.story_box.isChecked()

    # Edits, also used by the buttons

    def current(self) -> Tag | None:
        """The tag being edited, or None when there are no tags."""
        row = self.list.currentRow()
        return self._entries[row].tag if 0 <= row < len(self._entries) else None

    def add_tag(self) -> None:
        """Append a new tag, select it and put the cursor in its label."""
        entry = _Entry(Tag(id="", label=NEW_TAG_LABEL, color=NEW_TAG_COLOR), new=True)
        self._entries.append(entry)
        self.list.addItem(self._item(entry.tag))
        self.list.setCurrentRow(len(self._entries) - 1)
        self.label_edit.setFocus()
        self.label_edit.selectAll()

    def remove_tag(self) -> None:
        """Remove the selected tag."""
        row = self.list.currentRow()
        if not 0 <= row < len(self._entries):
            return
        del self._entries[row]
        self.list.takeItem(row)
        self._show_current(self.list.currentRow())

    def move_tag(self, step: int) -> None:
        """Move the selected tag up (-1) or down (+1) in the list."""
        row = self.list.currentRow()
        target = row + step
        if not (0 <= row < len(self._entries) and 0 <= target < len(self._entries)):
            return
        entries = self._entries
        entries[row], entries[target] = entries[target], entries[row]
        self.list.insertItem(target, self.list.takeItem(row))
        self.list.setCurrentRow(target)

    def bind_key(self, key: str) -> None:
        """Give the selected tag this key ("" for none); another tag holding it loses it."""
        tag = self.current()
        if tag is None:
            return
        if key:
            for row, entry in enumerate(self._entries):
                if entry.tag is not tag and entry.tag.key == key:
                    entry.tag.key = ""
                    self._refresh(row)
        tag.key = key
        self._refresh(self.list.currentRow())

    def choose_color(self, current: QColor) -> QColor | None:
        """Ask for a colour; None when cancelled. (Tests replace this.)"""
        color = QColorDialog.getColor(current, self, "Tag Colour")
        return color if color.isValid() else None

    # Internals

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _item(self, tag: Tag) -> QListWidgetItem:
        item = QListWidgetItem()
        self._describe(item, tag)
        return item

    def _describe(self, item: QListWidgetItem, tag: Tag) -> None:
        key = f"    key {tag.key}" if tag.key else ""
        item.setText(f"{tag.label}{key}")
        item.setIcon(icons.tag_icon(tag.color))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{tag.label}, {_key_phrase(tag.key)}")

    def _refresh(self, row: int) -> None:
        item = self.list.item(row)
        if item is not None:
            self._describe(item, self._entries[row].tag)

    def _show_current(self, row: int) -> None:
        tag = self.current()
        self.editor.setEnabled(tag is not None)
        self.remove_button.setEnabled(tag is not None)
        self.up_button.setEnabled(tag is not None and row > 0)
        self.down_button.setEnabled(tag is not None and row < len(self._entries) - 1)
        if tag is None:
            self.label_edit.clear()
            self.color_button.setText("")
            self.color_button.setIcon(QIcon())
            self.id_label.clear()
            return
        self.label_edit.setText(tag.label)
        self._show_color(tag.color)
        with QSignalBlocker(self.key_combo):  # showing the key is not choosing it
            self.key_combo.setCurrentIndex(max(0, self.key_combo.findData(tag.key)))
        new = self._entries[row].new
        self.id_label.setText("(made from the label)" if new else tag.id)

    def _show_color(self, color: str) -> None:
        self.color_button.setIcon(icons.tag_icon(color))
        self.color_button.setText(color)

    def _rename(self, text: str) -> None:
        tag = self.current()
        if tag is not None:
            tag.label = text
            self._refresh(self.list.currentRow())

    def _recolour(self) -> None:
        tag = self.current()
        if tag is None:
            return
        color = self.choose_color(QColor(tag.color))
        if color is not None:
            tag.color = color.name()
            self._show_color(tag.color)
            self._refresh(self.list.currentRow())


def _unique(candidate: str, taken: set[str]) -> str:
    result, number = candidate, 2
    while result in taken:
        result, number = f"{candidate}-{number}", number + 1
    return result


def _key_phrase(key: str) -> str:
    return f"key {key}" if key else "no key"
