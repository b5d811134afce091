"""Her name in Preferences, on her passages and notes and in the brief; the shortcuts
help and the About box, driven in the real window."""

from __future__ import annotations

import docx
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from annotator import __version__
from annotator.ui.preferences import PreferencesDialog
from annotator.ui.shortcuts_dialog import ShortcutsDialog
from tests.ui.test_conveniences import SAVED_MS, TEXT, on_disk_by_quote, prepared
from tests.ui.test_window import drag_select, on_disk, open_in, write_article


def set_name(window, qtbot, name: str, initials: str = "") -> None:
    """Edit ▸ Preferences…: type the name (and initials) and press OK."""
    typed = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PreferencesDialog):
            QTimer.singleShot(10, fill)
            return
        dialog.name.clear()
        if name.isascii():
            qtbot.keyClicks(dialog.name, name)
        else:  # (QTest types ASCII only: the name is pasted)
            dialog.name.insert(name)
        dialog.initials.clear()
        qtbot.keyClicks(dialog.initials, initials)
        typed.append(dialog.initials.placeholderText())
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert window.menus.preferences_action in edit.actions()
    window.menus.preferences_action.trigger()
    assert typed, "the Preferences dialog was not shown"


def mark(qtbot, page, quote: str, key: str = "1") -> None:
    drag_select(page.view, TEXT, quote)
    qtbot.keyClick(page.view, key)


def test_her_name_signs_new_passages_notes_and_the_brief(window, qtbot, tmp_path, said):
    article, (figure, _quote, _claim) = prepared(
        tmp_path,
        (
            ("fares will rise by 33%", "figure", "verified", "Checked with the port"),
            ("a tax on people who can’t drive", "quote", None, ""),
            ("the council promised a review", "claim", None, ""),
        ),
    )
    page = open_in(window, article)
    mark(qtbot, page, "Commuters")  # no name yet: a word in the status bar, once
    mark(qtbot, page, "from 1 May")
    hints = [text for _level, text in said if "Preferences" in text]
    assert len(hints) == 1
    set_name(window, qtbot, "Rahima Akter")
    assert window.settings.author_name == "Rahima Akter"
    mark(qtbot, page, "Harbour fares")
    qtbot.waitUntil(lambda: "Harbour fares" in on_disk_by_quote(article), timeout=SAVED_MS)
    passages = on_disk_by_quote(article)
    assert passages["Harbour fares"]["author"] == "Rahima Akter"
    assert passages["Commuters"]["author"] == ""  # marked before she gave it
    # A note on a passage nobody signed signs it; undo takes both back.
    page.panel.select(next(a.id for a in page.session.model.annotations if a.exact == "Commuters"))
    window.menus.note_action.trigger()
    qtbot.keyClicks(page.panel.note, "Which commuters?")
    qtbot.waitUntil(
        lambda: on_disk_by_quote(article)["Commuters"]["author"] == "Rahima Akter",
        timeout=SAVED_MS,
    )
    window.menus.undo_action.trigger()
    qtbot.waitUntil(
        lambda: on_disk_by_quote(article)["Commuters"] == {**passages["Commuters"]},
        timeout=SAVED_MS,
    )
    assert len([t for _l, t in said if "Preferences" in t]) == 1  # never again

    out = tmp_path / "brief.docx"
    window.brief.write([page.session.article.snapshot()], out, "docx")
    qtbot.waitUntil(lambda: out.exists() and window.brief.worker is None, timeout=10000)
    authors = {
        comment.text.splitlines()[-1]: (comment.author, comment.initials)
        for comment in docx.Document(str(out)).comments
    }
    # Passages with no author are signed with her name too; initials from the name.
    assert authors["Checked with the port"] == ("Rahima Akter", "RA")
    assert set(authors.values()) == {("Rahima Akter", "RA")}
    assert figure in {a.id for a in page.session.model.annotations}


def test_initials_she_sets_sign_the_comments(window, qtbot, tmp_path):
    article, _ids = prepared(tmp_path, (("fares will rise by 33%", "figure", None, "Port?"),))
    set_name(window, qtbot, "María José Pérez Ruiz", "MJP")
    page = open_in(window, article)
    out = tmp_path / "brief.docx"
    window.brief.write([page.session.article.snapshot()], out, "docx")
    qtbot.waitUntil(lambda: out.exists() and window.brief.worker is None, timeout=10000)
    [comment] = docx.Document(str(out)).comments
    assert (comment.author, comment.initials) == ("María José Pérez Ruiz", "MJP")


def test_no_name_signs_the_brief_annotator(window, qtbot, tmp_path):
    article = write_article(tmp_path, TEXT)
    page = open_in(window, article)
    mark(qtbot, page, "Commuters")
    qtbot.waitUntil(lambda: bool(on_disk(article)), timeout=SAVED_MS)
    out = tmp_path / "brief.docx"
    window.brief.write([page.session.article.snapshot()], out, "docx")
    qtbot.waitUntil(lambda: out.exists() and window.brief.worker is None, timeout=10000)
    [comment] = docx.Document(str(out)).comments
    assert (comment.author, comment.initials) == ("Annotator", "A")


def test_keyboard_shortcuts_lists_every_shortcut_and_the_articles_tag_keys(window, qtbot, tmp_path):
    article, _ids = prepared(tmp_path, (("fares will rise by 33%", "figure", None, ""),))
    open_in(window, article)
    qtbot.keyClick(window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    shown = dialog.shown()
    listed = {keys for _heading, _what, keys in shown}
    # Every action of the window with a shortcut is there, with each of its keys.
    for action in window.actions():
        for sequence in action.shortcuts():
            key = sequence[0].key()
            if key.value >= Qt.Key.Key_Back.value or key == Qt.Key.Key_Help:
                continue  # an office keyboard's Help, Open, Save, Undo... keys: not listed
            text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            assert any(text in keys.split(", ") for keys in listed), action.text()
    assert ("File", "Open…", "Ctrl+O") in shown
    assert ("Passage ▸ Status", "Verified", "Ctrl+Shift+2") in shown
    tags = {what: keys for heading, what, keys in shown if heading == "Passage ▸ Tag"}
    assert tags["Figure"] == "3" and tags["Claim"] == "1"  # this article's tags
    assert ("In the Suggested list", "Dismiss the suggestion", "Delete") in shown
    qtbot.keyClicks(dialog.search, "undo")
    [(heading, what, keys)] = dialog.shown()
    assert (heading, what, keys.split(", ")[0]) == ("Edit", "Undo", "Ctrl+Z")
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "f8")
    assert {what for _h, what, _k in dialog.shown()} == {"Next Passage", "Previous Passage"}


def test_about_shows_the_version(window, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: said.append(text))
    window.menus.about_action.trigger()
    assert f"Annotator {__version__}" in said[0]


def test_a_suggestion_she_accepts_is_signed_too(window, qtbot, tmp_path):
    set_name(window, qtbot, "Rahima Akter")
    page = open_in(window, write_article(tmp_path, TEXT))
    qtbot.waitUntil(lambda: page.panel.suggested.model().rowCount() > 0, timeout=5000)
    page.panel.select_suggestion(0)
    page.panel.suggested.setFocus()
    qtbot.keyClick(page.panel.suggested, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(on_disk(page.path)), timeout=SAVED_MS)
    [passage] = on_disk(page.path)
    assert passage["author"] == "Rahima Akter"


def test_her_replies_are_signed_on_disk_and_in_the_brief(window, qtbot, tmp_path):
    article, (figure,) = prepared(tmp_path, (("fares will rise by 33%", "figure", None, "Port?"),))
    page = open_in(window, article)
    set_name(window, qtbot, "Rahima Akter")
    page.panel.select(figure)
    qtbot.keyClicks(page.panel.thread.reply, "Port confirmed by phone")
    qtbot.keyClick(page.panel.thread.reply, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: bool(on_disk_by_quote(article)["fares will rise by 33%"].get("replies")),
        timeout=SAVED_MS,
    )
    [reply] = on_disk_by_quote(article)["fares will rise by 33%"]["replies"]
    assert (reply["author"], reply["text"]) == ("Rahima Akter", "Port confirmed by phone")
    out = tmp_path / "brief.docx"
    window.brief.write([page.session.article.snapshot()], out, "docx")
    qtbot.waitUntil(lambda: out.exists() and window.brief.worker is None, timeout=10000)
    signed = {
        c.text.splitlines()[-1]: (c.author, c.initials) for c in docx.Document(str(out)).comments
    }
    assert signed["Port confirmed by phone"] == ("Rahima Akter", "RA")
