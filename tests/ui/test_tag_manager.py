"""The tag manager dialog, driven as a person would: buttons, typing, keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog

from annotator.model import Tag
from annotator.ui.tag_manager import TagManagerDialog, slug


def starting_tags() -> list[Tag]:
    return [
        Tag("claim", "Claim", "#ffd54f", "1"),
        Tag("quote", "Quote", "#81d4fa", "2", extra={"from": "another tool"}),
        Tag("figure", "Figure", "#a5d6a7", ""),
    ]


@pytest.fixture
def dialog(qtbot):
    dialog = TagManagerDialog(starting_tags())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def select(dialog: TagManagerDialog, tag_id: str) -> None:
    row = next(i for i, tag in enumerate(dialog.tags()) if tag.id == tag_id)
    dialog.list.setCurrentRow(row)


def press_key(qtbot, dialog: TagManagerDialog, key: str) -> None:
    """Choose a key in the key box with the keyboard."""
    dialog.key_combo.setFocus()
    qtbot.keyClicks(dialog.key_combo, key)


def summary(tags: list[Tag]) -> list[tuple[str, str, str, str]]:
    return [(t.id, t.label, t.color, t.key) for t in tags]


def test_nothing_changed_gives_the_same_tags(dialog):
    assert dialog.tags() == starting_tags()


def test_the_dialog_edits_a_copy(qtbot, monkeypatch):
    original = starting_tags()
    dialog = TagManagerDialog(original)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog, "choose_color", lambda current: QColor("#000000"))
    qtbot.keyClicks(dialog.label_edit, " edited")
    qtbot.mouseClick(dialog.color_button, Qt.MouseButton.LeftButton)
    dialog.bind_key("3")
    assert dialog.tags()[0] == Tag("claim", "Claim edited", "#000000", "3")
    assert original == starting_tags()


def test_add_rename_and_accept(qtbot, dialog):
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.list.currentRow() == 3
    assert dialog.label_edit.hasFocus()
    qtbot.keyClicks(dialog.label_edit, "Needs a source")  # replaces the selected default
    press_key(qtbot, dialog, "9")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert dialog.result() == QDialog.DialogCode.Accepted
    new = dialog.tags()[-1]
    assert (new.id, new.label, new.key) == ("needs-a-source", "Needs a source", "9")
    assert dialog.list.item(3).text().startswith("Needs a source")


def test_a_new_tag_id_is_unique_and_existing_ids_never_change(qtbot, dialog):
    select(dialog, "claim")
    dialog.label_edit.clear()
    qtbot.keyClicks(dialog.label_edit, "Quote")  # an existing tag renamed to another's label
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.label_edit, "Quote")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.label_edit, "Quote")
    assert [t.id for t in dialog.tags()] == ["claim", "quote", "figure", "quote-2", "quote-3"]
    assert [t.label for t in dialog.tags()][:2] == ["Quote", "Quote"]


def test_rebinding_a_used_key_takes_it_from_the_other_tag(qtbot, dialog):
    select(dialog, "figure")
    press_key(qtbot, dialog, "1")
    assert summary(dialog.tags()) == [
        ("claim", "Claim", "#ffd54f", ""),
        ("quote", "Quote", "#81d4fa", "2"),
        ("figure", "Figure", "#a5d6a7", "1"),
    ]
    assert "key" not in dialog.list.item(0).text()
    keys = [t.key for t in dialog.tags() if t.key]
    assert len(keys) == len(set(keys))


def test_clearing_a_key(qtbot, dialog):
    select(dialog, "quote")
    dialog.key_combo.setCurrentIndex(dialog.key_combo.findData(""))
    assert dialog.tags()[1].key == ""
    assert dialog.tags()[0].key == "1"


def test_remove_and_cancel(qtbot, dialog):
    select(dialog, "quote")
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert [t.id for t in dialog.tags()] == ["claim", "figure"]
    assert dialog.list.count() == 2
    while dialog.list.count():
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.tags() == []
    assert not dialog.editor.isEnabled()
    assert not dialog.remove_button.isEnabled()
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_recolour_through_the_colour_seam(qtbot, dialog, monkeypatch):
    asked = []

    def choose(current: QColor) -> QColor:
        asked.append(current.name())
        return QColor("#123456")

    monkeypatch.setattr(dialog, "choose_color", choose)
    select(dialog, "quote")
    qtbot.mouseClick(dialog.color_button, Qt.MouseButton.LeftButton)
    assert asked == ["#81d4fa"]
    assert dialog.tags()[1].color == "#123456"
    assert dialog.color_button.text() == "#123456"
    swatch = dialog.list.item(1).icon().pixmap(16, 16).toImage()
    assert swatch.pixelColor(8, 8).name() == "#123456"
    assert dialog.tags()[1].extra == {"from": "another tool"}


def test_a_cancelled_colour_changes_nothing(qtbot, dialog, monkeypatch):
    monkeypatch.setattr(dialog, "choose_color", lambda current: None)
    qtbot.mouseClick(dialog.color_button, Qt.MouseButton.LeftButton)
    assert dialog.tags() == starting_tags()


def test_move_up_and_down(qtbot, dialog):
    select(dialog, "figure")
    assert not dialog.down_button.isEnabled()
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    assert [t.id for t in dialog.tags()] == ["figure", "claim", "quote"]
    assert dialog.current().id == "figure"
    assert not dialog.up_button.isEnabled()
    qtbot.mouseClick(dialog.down_button, Qt.MouseButton.LeftButton)
    assert [t.id for t in dialog.tags()] == ["claim", "figure", "quote"]
    assert [dialog.list.item(i).text().split()[0] for i in range(3)] == [
        "Claim",
        "Figure",
        "Quote",
    ]


def test_an_emptied_label_falls_back_and_is_not_blank(qtbot, dialog):
    dialog.label_edit.selectAll()
    qtbot.keyClick(dialog.label_edit, Qt.Key.Key_Delete)
    assert dialog.tags()[0].label == "claim"


def test_controls_have_accessible_names_and_mnemonics(dialog):
    for widget in (
        dialog.list,
        dialog.add_button,
        dialog.remove_button,
        dialog.up_button,
        dialog.down_button,
        dialog.label_edit,
        dialog.color_button,
        dialog.key_combo,
    ):
        assert widget.accessibleName()
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert "&" in dialog.add_button.text()


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Needs a source", "needs-a-source"),
        ("  Person/Org ", "person-org"),
        ("!!", "tag"),
        ("مصدر", "مصدر"),
    ],
)
def test_slug(label, expected):
    assert slug(label) == expected
