"""A passage's thread in the window: File ▸ Import Editor's Comments brings the editor's
reply into the panel; she replies and resolves from the panel, undoes, and the disk
follows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from annotator.cli import main
from annotator.ui import qt_models
from tests.ui.test_window import on_disk, open_in, write_article
from tests.word_edits import WordPackage

TEXT = "The minister resigned on Monday after the audit.\n\nA survey found 42 percent.\n"


def test_import_reply_resolve_and_undo(window, qtbot, tmp_path, monkeypatch, said):
    article = write_article(tmp_path, TEXT, "story.txt")
    assert main(["add", str(article), "--quote", "minister resigned", "--note", "Date?"]) == 0
    assert main(["export", str(article), "-o", str(tmp_path / "brief.docx")]) == 0
    package = WordPackage(tmp_path / "brief.docx")
    package.reply(package.comment("Date?"), "Ed Itor", "2026-11-27T10:00:00Z", "It was Monday")
    returned = package.save(tmp_path / "returned.docx")

    page = open_in(window, article)
    panel = page.panel
    panel.select(page.session.model.annotations[0].id)
    assert not panel.thread.scroll.isVisible()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(returned), ""))
    window.menus.import_comments_action.trigger()
    assert "It was Monday" in panel.thread.replies.text()
    assert "Ed Itor" in panel.thread.replies.text()
    assert any("1 change from the editor" in text for _, text in said)
    (passage,) = on_disk(article)
    assert [r["text"] for r in passage["replies"]] == ["It was Monday"]

    qtbot.keyClicks(panel.thread.reply, "Thanks, noted")
    qtbot.keyClick(panel.thread.reply, Qt.Key.Key_Return)
    assert "Thanks, noted" in panel.thread.replies.text()
    qtbot.mouseClick(panel.thread.resolve, Qt.MouseButton.LeftButton)
    assert panel.thread.resolve.text() == "Reopen"

    def saved(check):
        qtbot.waitUntil(lambda: check(on_disk(article)[0]), timeout=5000)

    saved(lambda p: p.get("resolved") is True and len(p["replies"]) == 2)
    row = panel.list.model().index(0, qt_models.NOTE)
    assert row.data() == "Date? · 2 replies, resolved"  # the list says there is a thread
    (mine,) = [r for r in on_disk(article)[0]["replies"] if r["text"] == "Thanks, noted"]
    assert mine["origin"] == "window" and mine["id"]

    window.menus.undo_action.trigger()  # the resolve
    assert panel.thread.resolve.text() == "Resolve"
    saved(lambda p: not p.get("resolved"))  # as it was: no "resolved" key at all
    assert row.data() == "Date? · 2 replies"
    window.menus.undo_action.trigger()  # the reply
    assert "Thanks, noted" not in panel.thread.replies.text()
    saved(lambda p: [r["text"] for r in p["replies"]] == ["It was Monday"])
    window.menus.redo_action.trigger()
    saved(lambda p: len(p["replies"]) == 2)


def test_a_file_that_is_no_brief_is_said_and_changes_nothing(window, tmp_path, monkeypatch, said):
    article = write_article(tmp_path, TEXT, "story.txt")
    open_in(window, article)
    junk = tmp_path / "junk.docx"
    junk.write_text("not a brief", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(junk), ""))
    window.menus.import_comments_action.trigger()
    assert any("junk.docx is not a Word document" in text for _, text in said)
    assert on_disk(Path(article)) is None


def test_she_picks_the_tag_of_the_editors_new_passages(window, tmp_path, monkeypatch, said):
    from PySide6.QtWidgets import QInputDialog

    article = write_article(tmp_path, TEXT, "story.txt")
    assert main(["add", str(article), "--quote", "minister resigned", "--note", "Date?"]) == 0
    assert main(["export", str(article), "-o", str(tmp_path / "brief.docx")]) == 0
    package = WordPackage(tmp_path / "brief.docx")
    package.new_comment("A survey found", "Ed Itor", "2026-11-27T10:00:00Z", "Which survey?")
    returned = package.save(tmp_path / "returned.docx")
    page = open_in(window, article)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(returned), ""))
    asked = []

    def answer(parent, title, label, items, *rest):
        asked.append((label, list(items)))
        return answer.reply

    monkeypatch.setattr(QInputDialog, "getItem", answer)
    answer.reply = ("", False)  # she cancels: nothing is written
    window.menus.import_comments_action.trigger()
    assert len(on_disk(article)) == 1
    assert "1 comment on text you had not marked" in asked[0][0]
    assert asked[0][1][0] == "Editor" and "Quote" in asked[0][1]

    answer.reply = ("Quote", True)
    window.menus.import_comments_action.trigger()
    new = next(p for p in on_disk(article) if p["note"] == "Which survey?")
    assert new["tag"] == "quote" and new["author"] == "Ed Itor"
    assert "Which survey?" in [a.note for a in page.session.model.annotations]
