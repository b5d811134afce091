"""Opening a renamed article: the window offers the notes left under its old name, and
moves them only if she says yes."""

from __future__ import annotations

import json

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from annotator import store
from annotator.cli import main
from annotator.ui import messages
from tests.texts import SCRAPED


def when_shown(act) -> list[bool]:
    """Run `act(box)` on the next message box once it is on screen; append to the list
    returned to stop waiting for one."""
    stop: list[bool] = []

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            act(box)
        elif not stop:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return stop


def renamed_article(tmp_path):
    """ferry.txt marked on the command line, then renamed ferry-final.txt."""
    old = tmp_path / "ferry.txt"
    old.write_text(SCRAPED, encoding="utf-8")
    for quote, note in (("Ines Moreau", "Who is she?"), ("About 4,800", "Check the count")):
        assert main(["add", str(old), "--quote", quote, "--note", note]) == 0
    return old.rename(tmp_path / "ferry-final.txt")


def open_from_menu(window, monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], ""))
    window.menus.open_action.trigger()


def test_yes_moves_the_old_notes_to_the_renamed_article(window, monkeypatch, tmp_path, said):
    article = renamed_article(tmp_path)
    asked = []

    def answer_yes(box: QMessageBox) -> None:
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    when_shown(answer_yes)
    open_from_menu(window, monkeypatch, article)

    assert len(asked) == 1 and "ferry.txt.annotations.json" in asked[0]
    assert not (tmp_path / "ferry.txt.annotations.json").exists()
    data = json.loads(store.beside(article).read_text("utf-8"))
    assert data["source"]["file"] == "ferry-final.txt"
    notes = {a["note"] for a in data["annotations"]}
    assert notes == {"Who is she?", "Check the count"}
    assert window.session.model.rowCount() == 2  # the window shows them
    assert (messages.Level.INFO, "2 passages moved from ferry.txt.annotations.json to the "
            "notes of ferry-final.txt") in said  # fmt: skip


def test_no_leaves_the_old_notes_where_they_are(window, monkeypatch, tmp_path):
    article = renamed_article(tmp_path)
    old = tmp_path / "ferry.txt.annotations.json"
    before = old.read_bytes()
    when_shown(lambda box: box.button(QMessageBox.StandardButton.No).click())
    open_from_menu(window, monkeypatch, article)

    assert old.read_bytes() == before
    assert not store.beside(article).exists()
    assert window.session.model.rowCount() == 0


def test_an_article_with_notes_of_its_own_is_opened_without_a_question(
    window, qtbot, monkeypatch, tmp_path
):
    article = renamed_article(tmp_path)
    assert main(["add", str(article), "--quote", "Ines Moreau"]) == 0
    asked = []

    def record_and_refuse(box: QMessageBox) -> None:
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.No).click()

    waiting = when_shown(record_and_refuse)
    open_from_menu(window, monkeypatch, article)
    qtbot.wait(100)
    waiting.append(True)
    assert window.session.model.rowCount() == 1
    assert asked == []


def test_the_old_article_open_in_a_tab_gives_up_its_notes_with_the_last_edit(
    window, qtbot, monkeypatch, tmp_path, said
):
    """Renamed while open: its tab's last note is saved, then moved with the rest, and the
    tab closes, so nothing writes the old sidecar again."""
    from tests.ui.test_window import open_in
    from tests.ui.test_window_on_disk import SAVED_MS, mark

    old = tmp_path / "ferry.txt"
    old.write_text(SCRAPED, encoding="utf-8")
    page = open_in(window, old)
    mark(qtbot, page, "Ines Moreau", "1", "Who is she?")
    old_sidecar = tmp_path / "ferry.txt.annotations.json"
    qtbot.waitUntil(old_sidecar.exists, timeout=SAVED_MS)
    mark(qtbot, page, "About 4,800", "2", "Check the count")  # not yet saved
    article = old.rename(tmp_path / "ferry-final.txt")

    when_shown(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    open_from_menu(window, monkeypatch, article)

    assert [p.path.name for p in window.pages()] == ["ferry-final.txt"]
    notes = {a["note"] for a in json.loads(store.beside(article).read_text("utf-8"))["annotations"]}
    assert notes == {"Who is she?", "Check the count"}
    qtbot.wait(1500)  # past the autosave's delay: nothing of the old tab is left to save
    assert not old_sidecar.exists()
    assert any("ferry.txt, open under its old name, was closed" in text for _, text in said)
