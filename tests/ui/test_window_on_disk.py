"""The window's paths that lose a reporter's work when they go wrong, driven as she
would drive them, with the sidecar checked on disk after each step."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from annotator import store
from annotator.document import text_digest
from annotator.model import make_annotation
from annotator.ui.source_details import SourceDetailsDialog
from annotator.ui.tag_manager import TagManagerDialog
from tests import texts
from tests.ui.test_window import drag_select, open_in, write_article

TEXT = texts.SCRAPED
SAVED_MS = 5000  # the autosave delay is half a second; a slow machine gets room


def sidecar_on_disk(article: Path) -> dict | None:
    path = store.beside(article)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def passages_on_disk(article: Path) -> dict[str, dict]:
    """The passages in the sidecar file, by their quote."""
    data = sidecar_on_disk(article) or {"annotations": []}
    found = {}
    for annotation in data["annotations"]:
        selectors = annotation["target"]["selector"]
        quote = next(s for s in selectors if s["type"] == "TextQuoteSelector")
        position = next((s for s in selectors if s["type"] == "TextPositionSelector"), None)
        found[quote["exact"]] = {**annotation, "position": position}
    return found


def mark(qtbot, page, quote: str, key: str, note: str = "") -> None:
    """Select `quote` in the article, press a tag key, and type a note."""
    drag_select(page.view, page.session.article.text, quote)
    qtbot.keyClick(page.view, key)
    if note:
        qtbot.keyClick(page.view, Qt.Key.Key_F2)
        qtbot.waitUntil(page.panel.note.hasFocus)
        qtbot.keyClicks(page.panel.note, note)
        page.view.setFocus()


def saved_count(session) -> list[object]:
    seen: list[object] = []
    session.saved.connect(seen.append)
    return seen


def test_the_article_changed_on_disk_reanchors_and_saves_every_passage(window, qtbot, tmp_path):
    article = write_article(tmp_path, TEXT)
    page = open_in(window, article)
    mark(qtbot, page, "Ines Moreau", "4", "spelling")
    mark(qtbot, page, "the fuel bill doubled", "1", "check bill")
    mark(qtbot, page, "a tax on people who can’t drive", "2", "who said it")
    qtbot.waitUntil(lambda: len(passages_on_disk(article)) == 3, timeout=SAVED_MS)

    changed = "Correction: an earlier version misquoted the operator.\n\n" + TEXT
    changed = changed.replace("the fuel bill doubled", "the fuel bill tripled")
    changed = changed.replace("“a tax on people who can’t drive”", "unfair")
    article.write_text(changed, encoding="utf-8")

    qtbot.waitUntil(
        lambda: (sidecar_on_disk(article) or {})["source"]["sha256"] == text_digest(changed),
        timeout=SAVED_MS,
    )
    saved = passages_on_disk(article)
    moved = saved["Ines Moreau"]
    assert (moved["position"]["start"], moved["note"]) == (changed.index("Ines Moreau"), "spelling")
    fuzzy = saved["the fuel bill tripled"]  # the quote as it now reads...
    start = changed.index("the fuel bill tripled")
    assert (fuzzy["position"]["start"], fuzzy["position"]["end"]) == (start, start + 21)
    assert fuzzy["note"] == "check bill"
    assert fuzzy["review"]["previous"]["exact"] == "the fuel bill doubled"  # ...and as marked
    orphan = saved["a tax on people who can’t drive"]  # kept, with its last place
    assert orphan["position"]["start"] == TEXT.index("a tax on people who can’t drive")
    assert orphan["note"] == "who said it"
    assert sidecar_on_disk(article)["source"]["length"] == len(changed)
    assert "1 moved" in window.counts.text() and "1 orphaned" in window.counts.text()


def test_an_article_that_becomes_unreadable_leaves_the_notes_as_they_were(window, qtbot, tmp_path):
    article = write_article(tmp_path, TEXT)
    page = open_in(window, article)
    mark(qtbot, page, "Ines Moreau", "4", "spelling")
    qtbot.waitUntil(lambda: bool(passages_on_disk(article)), timeout=SAVED_MS)
    before = store.beside(article).read_bytes()
    warned = []
    page.session.reloaded.connect(warned.append)
    article.write_bytes(b"\x00\x01 not text any more")
    qtbot.waitUntil(
        lambda: "cannot be read" in window.statusBar().currentMessage(), timeout=SAVED_MS
    )
    assert warned == []  # nothing re-anchored against a broken file
    assert page.session.article.text == TEXT
    assert store.beside(article).read_bytes() == before


def colleague_writes(article: Path, raw: bytes) -> None:
    """A colleague's program replaces the shared sidecar, as an atomic save does."""
    temporary = store.beside(article).with_name("colleague.partial")
    temporary.write_bytes(raw)
    os.replace(temporary, store.beside(article))


def test_a_colleagues_save_over_read_only_notes_is_never_overwritten(window, qtbot, tmp_path, said):
    article = write_article(tmp_path, TEXT)
    person = {"id": "person", "label": "Person", "color": "#ce93d8", "key": "4"}
    newer = {"format": "annotator-sidecar", "version": 99, "tags": [person], "annotations": []}
    store.beside(article).write_text(json.dumps(newer), encoding="utf-8")
    page = open_in(window, article)
    assert page.session.read_only
    saves = saved_count(page.session)
    mark(qtbot, page, "Ines Moreau", "4")  # refused: read-only
    theirs = json.dumps({**newer, "x-theirs": "a passage of theirs"}).encode()
    with qtbot.waitSignal(page.session.watcher.sidecarChanged, timeout=SAVED_MS):
        colleague_writes(article, theirs)
    assert window.close_page(page)
    assert store.beside(article).read_bytes() == theirs
    assert saves == []
    assert any("read-only" in text for _, text in said)


def test_a_colleague_leaving_an_unreadable_sidecar_stops_saves_until_it_is_fixed(
    window, qtbot, tmp_path
):
    article = write_article(tmp_path, TEXT)
    page = open_in(window, article)
    mark(qtbot, page, "Ines Moreau", "4")
    qtbot.waitUntil(lambda: bool(passages_on_disk(article)), timeout=SAVED_MS)
    good = store.beside(article).read_bytes()

    broken = b'{"format": "annotator-sidecar", "annotations": ['  # a save cut short
    colleague_writes(article, broken)
    qtbot.waitUntil(
        lambda: "cannot be read" in window.statusBar().currentMessage(), timeout=SAVED_MS
    )
    mark(qtbot, page, "About 4,800", "3", "port data")  # her work goes on meanwhile
    qtbot.waitUntil(page.banner.isVisible, timeout=SAVED_MS)
    assert "could not be saved" in page.banner.label.text()
    assert store.beside(article).read_bytes() == broken  # theirs: left as it is
    assert window.isWindowModified()

    # The colleague's program writes a good sidecar again, with a passage of its own.
    theirs = store.loads(good, "sidecar")
    start = TEXT.index("Tuesday")
    theirs.annotations.append(make_annotation(TEXT, start, start + 7, note="date?"))
    colleague_writes(article, store.dumps(theirs))
    mark(qtbot, page, "port authority", "5")
    qtbot.waitUntil(
        lambda: (
            set(passages_on_disk(article))
            == {"Ines Moreau", "About 4,800", "Tuesday", "port authority"}
        ),
        timeout=SAVED_MS,
    )
    assert passages_on_disk(article)["About 4,800"]["note"] == "port data"
    qtbot.waitUntil(lambda: not page.banner.isVisible(), timeout=SAVED_MS)


def test_a_save_failing_mid_write_keeps_the_last_sidecar_and_her_work(
    window, qtbot, tmp_path, monkeypatch
):
    article = write_article(tmp_path, TEXT)
    page = open_in(window, article)
    mark(qtbot, page, "Ines Moreau", "4")
    qtbot.waitUntil(lambda: bool(passages_on_disk(article)), timeout=SAVED_MS)
    good = store.beside(article).read_bytes()

    real_fsync = os.fsync

    def disk_full(descriptor: int) -> None:  # the bytes are written, then the disk fills
        if os.path.isfile(f"/proc/self/fd/{descriptor}") or not os.path.exists("/proc"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", disk_full)
    mark(qtbot, page, "About 4,800", "3", "port data")
    qtbot.waitUntil(page.banner.isVisible, timeout=SAVED_MS)
    assert "No space left on device" in page.banner.label.text()
    assert store.beside(article).read_bytes() == good  # the last sidecar, whole
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert "not saved" in window.counts.text() and window.isWindowModified()

    monkeypatch.setattr(os, "fsync", real_fsync)  # room again: the next save has it all
    window.menus.undo_action.trigger()  # she takes back the note; the passage stays
    qtbot.waitUntil(lambda: set(passages_on_disk(article)) == {"Ines Moreau", "About 4,800"},
                    timeout=SAVED_MS)  # fmt: skip
    assert passages_on_disk(article)["About 4,800"]["note"] == ""
    # The save finishes on its worker; the window hears it a moment after the bytes land.
    qtbot.waitUntil(lambda: not page.banner.isVisible() and not window.isWindowModified())


def when_shown(dialog_type, act) -> None:
    """Run `act(dialog)` on the next dialog of `dialog_type` once it is on screen."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, dialog_type) and dialog.isVisible():
            act(dialog)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def test_tag_edits_reach_the_sidecar_and_undo_takes_them_back(window, qtbot, tmp_path):
    article = write_article(tmp_path, TEXT)
    page = open_in(window, article)
    mark(qtbot, page, "Ines Moreau", "4")
    qtbot.waitUntil(lambda: bool(passages_on_disk(article)), timeout=SAVED_MS)

    def rename_and_rebind(dialog: TagManagerDialog) -> None:
        dialog.list.setCurrentRow(
            next(i for i, tag in enumerate(dialog.tags()) if tag.id == "person")
        )
        dialog.label_edit.selectAll()
        qtbot.keyClicks(dialog.label_edit, "Named person")
        dialog.key_combo.setFocus()
        qtbot.keyClicks(dialog.key_combo, "9")
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.label_edit, "Needs a source")
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )

    when_shown(TagManagerDialog, rename_and_rebind)
    window.menus.tags_action.trigger()

    def tags_on_disk() -> dict[str, tuple[str, str]]:
        data = sidecar_on_disk(article) or {"tags": []}
        return {t["id"]: (t["label"], t["key"]) for t in data["tags"]}

    qtbot.waitUntil(lambda: tags_on_disk().get("person") == ("Named person", "9"),
                    timeout=SAVED_MS)  # fmt: skip
    assert tags_on_disk()["needs-a-source"] == ("Needs a source", "")
    assert passages_on_disk(article)["Ines Moreau"]["tag"] == "person"  # still its tag
    assert any(action.text().startswith("Named person") for action in window.tag_actions)

    window.menus.undo_action.trigger()
    qtbot.waitUntil(
        lambda: tags_on_disk().get("person") == ("Person/Organisation", "4"), timeout=SAVED_MS
    )
    assert "needs-a-source" not in tags_on_disk()


def test_source_details_reach_the_sidecar_and_undo_takes_them_back(window, qtbot, tmp_path):
    article = write_article(tmp_path, TEXT)
    page = open_in(window, article)
    mark(qtbot, page, "Ines Moreau", "4")
    qtbot.waitUntil(lambda: bool(passages_on_disk(article)), timeout=SAVED_MS)

    def fill(dialog: SourceDetailsDialog) -> None:
        for key, value in (("outlet", "Harbour Times"), ("author", "Tomas Ruiz")):
            dialog.fields[key].selectAll()
            qtbot.keyClicks(dialog.fields[key], value)
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )

    when_shown(SourceDetailsDialog, fill)
    qtbot.keyClick(page.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)

    def metadata() -> dict:
        return (sidecar_on_disk(article) or {"source": {"metadata": {}}})["source"]["metadata"]

    qtbot.waitUntil(lambda: metadata().get("outlet") == "Harbour Times", timeout=SAVED_MS)
    assert metadata()["author"] == "Tomas Ruiz"
    assert metadata()["title"] == "Harbour ferry fares to rise by a third, operator confirms"

    window.menus.undo_action.trigger()
    qtbot.waitUntil(lambda: metadata().get("outlet") == "", timeout=SAVED_MS)
    assert metadata()["author"] == ""


def test_a_cancelled_dialog_writes_nothing(window, qtbot, tmp_path):
    article = write_article(tmp_path, TEXT)
    page = open_in(window, article)
    mark(qtbot, page, "Ines Moreau", "4")
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=SAVED_MS)
    before = store.beside(article).read_bytes()
    saves = saved_count(page.session)

    def retitle_then_cancel(dialog: SourceDetailsDialog) -> None:
        dialog.fields["title"].setText("Changed, then cancelled")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    def rename_then_cancel(dialog: TagManagerDialog) -> None:
        dialog.label_edit.setText("Changed, then cancelled")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_shown(SourceDetailsDialog, retitle_then_cancel)
    window.menus.details_action.trigger()
    when_shown(TagManagerDialog, rename_then_cancel)
    window.menus.tags_action.trigger()
    assert not page.session.modified and page.session.undo_stack.isClean()
    assert page.session.save()  # a save now has nothing to write
    assert saves == [] and store.beside(article).read_bytes() == before
