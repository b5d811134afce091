"""Edit ▸ Edit Tags for a story: a tag added in one article reaches every open article of
its folder (one undo step each), both sidecars and the folder's annotator-tags.json."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from annotator import resources, store, tagsets
from annotator.ui.tag_manager import TagManagerDialog

TEXT = "The river rose 3 metres overnight, the mayor said.\n"


def article(folder: Path, name: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(TEXT, encoding="utf-8")
    return path


def tags_on_disk(path: Path) -> list[str]:
    return [t["label"] for t in json.loads(store.beside(path).read_text("utf-8"))["tags"]]


def the_dialog(window, qtbot) -> TagManagerDialog:
    window.menus.tags_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(TagManagerDialog) is not None)
    return window.findChild(TagManagerDialog)


def add_tag(dialog: TagManagerDialog, qtbot, label: str) -> None:
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.label_edit, label)


def press_ok(dialog: TagManagerDialog, qtbot) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_a_tag_added_for_the_story_reaches_the_other_open_article(window, qtbot, tmp_path):
    story = tmp_path / "flood"
    first, second = article(story, "a.txt"), article(story, "b.txt")
    elsewhere = article(tmp_path / "other", "c.txt")
    for path in (elsewhere, second, first):
        window.open_path(path)
    assert window.session.path == first
    dialog = the_dialog(window, qtbot)
    assert "no story tag set" in dialog.scope.text() and "default tags" in dialog.scope.text()
    assert not dialog.story_box.isHidden()
    add_tag(dialog, qtbot, "Water level")
    qtbot.mouseClick(dialog.story_box, Qt.MouseButton.LeftButton)
    press_ok(dialog, qtbot)

    shipped = [t.label for t in resources.default_tags()]
    pages = {page.path: page for page in window.pages()}
    for path in (first, second):
        assert [t.label for t in pages[path].session.model.sidecar.tags] == [
            *shipped,
            "Water level",
        ]
    assert [t.label for t in pages[elsewhere].session.model.sidecar.tags] == shipped
    window.tabs.setCurrentWidget(pages[second])
    assert "Water level" in [a.iconText() for a in window.tag_actions]  # its toolbar too
    assert window.save_all()
    assert tags_on_disk(first)[-1] == tags_on_disk(second)[-1] == "Water level"
    assert not store.beside(elsewhere).exists()  # untouched: no notes written
    on_file = json.loads((story / tagsets.STORY_FILE).read_text("utf-8"))
    assert [t["label"] for t in on_file] == [*shipped, "Water level"]
    assert on_file[-1]["id"] == "water-level"

    # One undo step in the other article takes it back there only.
    qtbot.keyClick(pages[second].view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [t.label for t in pages[second].session.model.sidecar.tags] == shipped
    assert pages[first].session.model.sidecar.tags[-1].label == "Water level"


def test_the_story_set_is_edited_once_it_exists_and_new_articles_take_it(window, qtbot, tmp_path):
    story = tmp_path / "flood"
    first, second = article(story, "a.txt"), article(story, "b.txt")
    tagsets.write(tagsets.story_file(story), resources.default_tags()[:2])
    window.open_path(first)  # a new article: the story's two tags
    assert [t.id for t in window.session.model.sidecar.tags] == ["claim", "quote"]
    dialog = the_dialog(window, qtbot)
    assert "tags of the story in “flood”" in dialog.scope.text()
    assert dialog.story_box.isHidden()
    dialog.list.setCurrentRow(1)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    add_tag(dialog, qtbot, "Gauge")
    press_ok(dialog, qtbot)
    assert [t["id"] for t in json.loads(tagsets.story_file(story).read_text("utf-8"))] == [
        "claim",
        "gauge",
    ]
    window.open_path(second)
    assert [t.label for t in window.session.model.sidecar.tags] == ["Claim", "Gauge"]
    assert not tagsets.default_file().exists()  # her own default set untouched


def test_without_a_story_set_the_change_becomes_her_default(window, qtbot, tmp_path):
    first = article(tmp_path / "flood", "a.txt")
    window.open_path(first)
    dialog = the_dialog(window, qtbot)
    add_tag(dialog, qtbot, "Rumour")
    press_ok(dialog, qtbot)
    assert not (first.parent / tagsets.STORY_FILE).exists()
    assert [t.id for t in tagsets.default_tags()][-1] == "rumour"
    window.open_path(article(tmp_path / "elsewhere", "d.txt"))
    assert window.session.model.sidecar.tags[-1].label == "Rumour"


def test_an_unreadable_story_set_is_reported_once_and_left_as_it_is(window, qtbot, tmp_path, said):
    story = tmp_path / "flood"
    first, second = article(story, "a.txt"), article(story, "b.txt")
    (story / tagsets.STORY_FILE).write_bytes(b"[{")
    window.open_path(first)
    window.open_path(second)
    warnings = [text for _level, text in said if tagsets.STORY_FILE in text]
    assert len(warnings) == 1 and "left as it is" in warnings[0]
    dialog = the_dialog(window, qtbot)
    assert dialog.story_box.isHidden() and "left as it is" in dialog.scope.text()
    add_tag(dialog, qtbot, "Rumour")
    press_ok(dialog, qtbot)
    assert (story / tagsets.STORY_FILE).read_bytes() == b"[{"
    assert all(p.session.model.sidecar.tags[-1].label == "Rumour" for p in window.pages())
