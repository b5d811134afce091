"""Drive the real window as a reporter would, and check what reaches the disk."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from annotator import store
from annotator.document import read_document
from annotator.model import make_annotation
from annotator.ui.export_dialog import ExportDialog
from annotator.ui.main_window import MainWindow
from tests import texts

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
EMOJI_TEXT = (
    "Live updates 😀🎉 from the harbour.\n"
    "\n"
    "The ferry operator said fares will rise by 33% from 1 May. 🚢 Commuters were angry.\n"
)


def write_article(folder: Path, text: str, name: str = "article.txt") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def on_disk(article: Path) -> list[dict] | None:
    """The annotations in the article's sidecar file, or None when there is none."""
    sidecar = store.beside(article)
    if not sidecar.exists():
        return None
    return json.loads(sidecar.read_text(encoding="utf-8"))["annotations"]


def span_of(annotation: dict) -> tuple[int, int]:
    position = next(s for s in annotation["target"]["selector"] if "start" in s)
    return position["start"], position["end"]


def utf16(text: str, offset: int) -> int:
    """Qt's position of a code-point offset, counted independently of the program."""
    return len(text[:offset].encode("utf-16-le")) // 2


def drag_select(view, text: str, quote: str) -> tuple[int, int]:
    """Select `quote` in the article as a mouse drag does; return its code-point span."""
    start = text.index(quote)
    cursor = QTextCursor(view.document())
    cursor.setPosition(utf16(text, start))
    cursor.setPosition(utf16(text, start + len(quote)), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    return start, start + len(quote)


def open_in(window: MainWindow, path: Path):
    page = window.open_path(path)
    assert page is not None
    page.view.setFocus()
    return page


def test_mark_after_emoji_by_key_reaches_disk_in_code_points(window, qtbot, tmp_path):
    article = write_article(tmp_path, EMOJI_TEXT)
    page = open_in(window, article)
    span = drag_select(page.view, EMOJI_TEXT, "fares will rise by 33%")
    qtbot.keyClick(page.view, "1")
    qtbot.waitUntil(lambda: bool(on_disk(article)), timeout=3000)
    [saved] = on_disk(article)
    assert span_of(saved) == span
    assert saved["tag"] == "claim"
    quote = next(s for s in saved["target"]["selector"] if s["type"] == "TextQuoteSelector")
    assert quote["exact"] == "fares will rise by 33%"
    assert window.counts.text() == "1 passage"
    # The highlight sits on exactly those UTF-16 units in Qt's document.
    block = page.view.document().findBlock(utf16(EMOJI_TEXT, span[0]))
    [(start, length, _id)] = page.view.highlighter.spans(block.blockNumber())
    assert block.position() + start == utf16(EMOJI_TEXT, span[0])
    assert length == len("fares will rise by 33%")
    # ...and shows at once: the selection that would hide its colour is gone.
    assert not page.view.textCursor().hasSelection()
    assert {f.format.background().color().name() for f in block.layout().formats()}
    qtbot.waitUntil(lambda: not window.isWindowModified())


def test_mark_arabic_with_toolbar_button_right_to_left(window, qtbot, tmp_path):
    article = write_article(tmp_path, texts.ARABIC, "arabic.txt")
    page = open_in(window, article)
    first = page.view.document().firstBlock()
    assert first.layout().textOption().textDirection() != Qt.LayoutDirection.LeftToRight
    assert first.textDirection() == Qt.LayoutDirection.RightToLeft
    span = drag_select(page.view, texts.ARABIC, "إن عدد الركاب")
    quote_button = window.tag_bar.widgetForAction(window.tag_actions[1])
    assert quote_button.accessibleName() == "Mark as Quote"
    qtbot.mouseClick(quote_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(on_disk(article)), timeout=3000)
    [saved] = on_disk(article)
    assert span_of(saved) == span
    assert saved["tag"] == "quote"
    assert texts.ARABIC[slice(*span)] == "إن عدد الركاب"


def test_note_is_kept_as_typed_and_undo_redo_reach_disk(window, qtbot, tmp_path):
    article = write_article(tmp_path, texts.SCRAPED)
    page = open_in(window, article)
    span = drag_select(page.view, texts.SCRAPED, "Ines Moreau")
    qtbot.keyClick(page.view, "4")
    note = page.panel.note
    assert note.accessibleName() == "Note"
    qtbot.keyClick(page.view, Qt.Key.Key_F2)  # Passage ▸ Edit note
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClicks(note, "Call her office")
    qtbot.waitUntil(
        lambda: bool(on_disk(article)) and on_disk(article)[0]["note"] == "Call her office"
    )
    assert span_of(on_disk(article)[0]) == span
    assert window.windowTitle().startswith("article.txt")

    qtbot.keyClick(note, Qt.Key.Key_Z, CTRL)  # the whole typing burst at once
    qtbot.waitUntil(lambda: on_disk(article)[0]["note"] == "")
    assert note.toPlainText() == ""
    qtbot.keyClick(note, Qt.Key.Key_Z, CTRL)  # the passage itself
    qtbot.waitUntil(lambda: on_disk(article) == [])
    assert page.view.highlighter.spans(page.view.document().findBlock(
        utf16(texts.SCRAPED, span[0])).blockNumber()) == []  # fmt: skip
    qtbot.keyClick(page.view, Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.waitUntil(lambda: len(on_disk(article) or []) == 1)
    qtbot.keyClick(page.view, Qt.Key.Key_Y, CTRL)
    qtbot.waitUntil(lambda: on_disk(article)[0]["note"] == "Call her office")


def _prepared(tmp_path: Path) -> tuple[Path, list[str]]:
    """An article with three passages already in its sidecar."""
    article = write_article(tmp_path, texts.SCRAPED)
    document = read_document(article)
    sidecar = store.new_sidecar(document)
    text = document.text
    ids = []
    for quote, tag, status, note in (
        ("rise by 33%", "figure", "verified", "Checked with the port"),
        ("Ines Moreau", "person", None, "finance director"),
        ("a tax on people who can’t drive", "quote", "to-verify", "Which group said it?"),
    ):
        start = text.index(quote)
        annotation = make_annotation(text, start, start + len(quote), tag=tag, note=note,
                                     status=status)  # fmt: skip
        sidecar.annotations.append(annotation)
        ids.append(annotation.id)
    store.save(sidecar, article)
    return article, ids


def test_filter_search_and_jump_to_passage(window, qtbot, tmp_path):
    article, (figure, person, quote) = _prepared(tmp_path)
    page = open_in(window, article)
    panel = page.panel
    assert panel.visible_ids() == [figure, person, quote]
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("person"))
    assert panel.visible_ids() == [person]
    panel.tag_filter.setCurrentIndex(0)
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("to-verify"))
    assert panel.visible_ids() == [quote]
    panel.status_filter.setCurrentIndex(0)
    qtbot.keyClicks(panel.search, "port")  # a word of a note
    assert panel.visible_ids() == [figure]
    panel.search.clear()
    assert panel.visible_ids() == [figure, person, quote]

    index = panel.found.index(2, 1)
    qtbot.mouseClick(
        panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualRect(index).center()
    )
    assert panel.current_id() == quote
    cursor = page.view.textCursor()
    passage = "a tax on people who can’t drive"
    start = texts.SCRAPED.index(passage)
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (
        utf16(texts.SCRAPED, start), utf16(texts.SCRAPED, start + len(passage)))  # fmt: skip
    assert cursor.selectedText() == passage

    # Clicking inside a highlight in the article selects its passage in the panel.
    cursor = QTextCursor(page.view.document())
    cursor.setPosition(utf16(texts.SCRAPED, texts.SCRAPED.index("Moreau")))
    point = page.view.cursorRect(cursor).center()
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert panel.current_id() == person

    # Keyboard: the list moves with arrows and Delete removes the current passage.
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Down)
    assert panel.current_id() == quote
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: [a["id"] for a in on_disk(article)] == [figure, person])


def test_status_and_retag_by_shortcut_and_panel(window, qtbot, tmp_path):
    article, (figure, _person, _quote) = _prepared(tmp_path)
    page = open_in(window, article)
    page.panel.select(figure)
    qtbot.keyClick(page.view, Qt.Key.Key_3, CTRL | SHIFT)  # Passage ▸ Status ▸ Disputed
    qtbot.waitUntil(lambda: on_disk(article)[0]["status"] == "disputed")
    combo = page.panel.tag_edit
    combo.setCurrentIndex(combo.findData("claim"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: on_disk(article)[0]["tag"] == "claim")
    window.menus.undo_action.trigger()
    qtbot.waitUntil(lambda: on_disk(article)[0]["tag"] == "figure")


def test_find_escape_then_mark(window, qtbot, tmp_path):
    article = write_article(tmp_path, EMOJI_TEXT)
    page = open_in(window, article)
    qtbot.keyClick(page.view, Qt.Key.Key_F, CTRL)
    field = window.find_bar.field
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "commuters were")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    qtbot.waitUntil(page.view.hasFocus)
    qtbot.keyClick(page.view, "6")
    qtbot.waitUntil(lambda: bool(on_disk(article)))
    [saved] = on_disk(article)
    start = EMOJI_TEXT.index("Commuters were")
    assert span_of(saved) == (start, start + len("Commuters were"))
    assert saved["tag"] == "follow-up"


def test_export_word_brief_through_the_dialog(window, qtbot, tmp_path):
    import docx

    article, _ids = _prepared(tmp_path)
    open_in(window, article)
    window.menus.export_action.trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    out = tmp_path / "brief.docx"
    dialog.format.setCurrentIndex(dialog.format.findData("docx"))
    dialog.output.setText(str(out))
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: out.exists() and window.brief.worker is None, timeout=10000)
    comments = [c.text for c in docx.Document(str(out)).comments]
    assert any("Checked with the port" in text for text in comments)
    assert "brief.docx" in window.statusBar().currentMessage()


def test_newer_version_sidecar_is_read_only_and_never_written(window, qtbot, tmp_path):
    article, ids = _prepared(tmp_path)
    sidecar_file = store.beside(article)
    data = json.loads(sidecar_file.read_text(encoding="utf-8"))
    data["version"] = 99
    sidecar_file.write_text(json.dumps(data), encoding="utf-8")
    before = sidecar_file.read_bytes()
    page = open_in(window, article)
    saves = []
    page.session.saved.connect(saves.append)
    assert page.session.read_only and "read-only" in window.counts.text()
    drag_select(page.view, texts.SCRAPED, "port authority")
    qtbot.keyClick(page.view, "1")
    page.panel.select(ids[0])
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert page.session.model.rowCount() == 3
    assert not page.panel.note.isEnabled() or page.panel.note.isReadOnly()
    assert not page.session.modified  # nothing waits to be saved...
    assert window.close_page(page)  # ...and closing, which saves what is pending, writes none
    assert saves == []
    assert sidecar_file.read_bytes() == before


def test_corrupt_sidecar_is_never_overwritten(window, qtbot, tmp_path, said):
    article = write_article(tmp_path, texts.SCRAPED)
    sidecar_file = store.beside(article)
    sidecar_file.write_bytes(b'{"format": "annotator-sidecar", "annotations": [')
    assert window.open_path(article) is None
    assert len(said) == 1 and "not valid JSON" in said[0][1]
    assert window.alert.isVisible() and window.alert.label.text() == said[0][1]
    assert window.tabs.count() == 0
    qtbot.mouseClick(window.alert.button, Qt.MouseButton.LeftButton)  # Dismiss
    assert not window.alert.isVisible()
    assert sidecar_file.read_bytes() == b'{"format": "annotator-sidecar", "annotations": ['


def test_failed_save_warns_keeps_work_and_saves_as(window, qtbot, tmp_path, monkeypatch):
    article = write_article(tmp_path, texts.SCRAPED)
    page = open_in(window, article)

    def broken(path, payload):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(store, "write_atomic", broken)
    drag_select(page.view, texts.SCRAPED, "Ines Moreau")
    qtbot.keyClick(page.view, "4")
    qtbot.waitUntil(page.banner.isVisible, timeout=3000)
    assert "could not be saved" in page.banner.label.text()
    assert "not saved" in window.counts.text()
    assert on_disk(article) is None
    assert [a.exact for a in page.session.model.annotations] == ["Ines Moreau"]
    assert window.isWindowModified()

    monkeypatch.undo()
    elsewhere = tmp_path / "elsewhere.annotations.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(elsewhere), ""))
    qtbot.mouseClick(page.banner.button, Qt.MouseButton.LeftButton)
    assert json.loads(elsewhere.read_text(encoding="utf-8"))["annotations"][0]["tag"] == "person"

    drag_select(page.view, texts.SCRAPED, "port authority")
    qtbot.keyClick(page.view, "1")  # the next save works again and the warning goes
    qtbot.waitUntil(lambda: len(on_disk(article) or []) == 2, timeout=3000)
    qtbot.waitUntil(lambda: not page.banner.isVisible(), timeout=3000)  # once the UI hears


def test_open_dialog_recent_files_and_zoom(window, qtbot, tmp_path, monkeypatch):
    first = write_article(tmp_path, texts.SCRAPED, "first.txt")
    second = write_article(tmp_path, texts.ARABIC, "second.txt")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(first)], ""))
    window.menus.open_action.trigger()
    assert window.page.path == first
    window.open_path(second)
    assert window.tabs.count() == 2
    assert window.settings.recent_files[:2] == [str(second), str(first)]
    assert window.windowTitle() == "second.txt[*] — Annotator"
    # Undo follows the current tab.
    assert window.undo_group.activeStack() is window.page.session.undo_stack
    size = window.page.view.font().pointSizeF()
    window.menus.zoom_in_action.trigger()
    assert window.page.view.font().pointSizeF() == size + 1
    assert window.settings.zoom == 1
    window.menus.zoom_reset_action.trigger()
    assert window.settings.zoom == 0


def test_sample_is_copied_before_anything_is_written(qtbot, tmp_path, monkeypatch):
    from annotator import samples

    monkeypatch.setattr(samples.platformdirs, "user_documents_path", lambda: tmp_path / "Docs")
    window = MainWindow()
    window.brief.offer_to_open = False
    qtbot.addWidget(window)
    window.open_sample()
    page = window.page
    assert page.path == tmp_path / "Docs" / samples.SAMPLES_FOLDER / "sample-article.txt"
    drag_select(page.view, page.session.article.text, "Dana Okafor")
    qtbot.keyClick(page.view, "4")
    qtbot.waitUntil(lambda: bool(on_disk(page.path)))


@pytest.mark.parametrize("dark", [False, True])
def test_overlapping_passages_stay_distinct(window, qtbot, tmp_path, dark):
    from PySide6.QtGui import QColor, QPalette

    if dark:
        palette = QPalette(QColor("#303030"))
        palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
        window.setPalette(palette)
    article = write_article(tmp_path, texts.SCRAPED)
    page = open_in(window, article)
    drag_select(page.view, texts.SCRAPED, "fuel bill doubled")
    qtbot.keyClick(page.view, "1")
    drag_select(page.view, texts.SCRAPED, "bill doubled,” said Ines Moreau")
    qtbot.keyClick(page.view, "2")
    block = page.view.document().findBlock(utf16(texts.SCRAPED, texts.SCRAPED.index("fuel")))
    formats = block.layout().formats()
    backgrounds = {f.format.background().color().name() for f in formats}
    assert len(backgrounds) == 3  # claim alone, both, quote alone
    assert any(f.format.fontUnderline() for f in formats)
    text_colour = page.view.palette().color(QPalette.ColorRole.Text)
    for f in formats:
        background = f.format.background().color()
        assert abs(background.lightnessF() - text_colour.lightnessF()) > 0.35  # readable


def test_dropping_a_file_opens_it(window, qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    article = write_article(tmp_path, texts.SCRAPED, "dropped.txt")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article))])
    event = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(event)
    assert window.page.path == article
    assert on_disk(article) is None  # opening writes nothing


def test_a_colleagues_notes_written_meanwhile_are_merged_with_hers(window, qtbot, tmp_path):
    text = texts.SCRAPED
    article = write_article(tmp_path, text)
    page = open_in(window, article)
    drag_select(page.view, text, "Ines Moreau")
    qtbot.keyClick(page.view, "4")
    qtbot.waitUntil(lambda: bool(on_disk(article)), timeout=3000)

    # A colleague's copy of the program adds a passage and saves the shared sidecar.
    theirs = store.read(store.beside(article))
    start = text.index("About 4,800")
    theirs.annotations.append(
        make_annotation(text, start, start + len("About 4,800"), tag="figure", note="port data?")
    )
    store.save(theirs, article)

    def both_shown() -> bool:
        quotes = {a.exact for a in page.session.model.sidecar.annotations}
        return quotes == {"Ines Moreau", "About 4,800"}

    qtbot.waitUntil(both_shown, timeout=5000)
    # Meanwhile she writes a note; both her passage and the colleague's stay on disk.
    page.panel.select(
        next(a.id for a in page.session.model.sidecar.annotations if a.exact == "Ines Moreau")
    )
    qtbot.keyClicks(page.panel.note, "spelling")

    def merged_on_disk() -> bool:
        saved = on_disk(article) or []
        notes = {s["target"]["selector"][-1]["exact"]: s["note"] for s in saved}
        return notes == {"Ines Moreau": "spelling", "About 4,800": "port data?"}

    qtbot.waitUntil(merged_on_disk, timeout=5000)


def test_an_arabic_note_is_set_right_to_left_and_kept(window, qtbot, tmp_path):
    article = write_article(tmp_path, texts.ARABIC)
    page = open_in(window, article)
    drag_select(page.view, texts.ARABIC, "عدد الركاب")
    qtbot.keyClick(page.view, "3")
    page.panel.note.setFocus()
    page.panel.note.insertPlainText("اطلب الأرقام من الميناء")  # pasted, as typing Arabic is
    option = page.panel.note.document().defaultTextOption()
    assert option.textDirection() == Qt.LayoutDirection.RightToLeft
    qtbot.waitUntil(lambda: (on_disk(article) or [{}])[0].get("note") == "اطلب الأرقام من الميناء")
    assert page.panel.quote.text() == "عدد الركاب"  # no quotation marks of ours around hers


def test_typing_a_note_repaints_no_highlight_but_a_new_tag_does(window, qtbot, tmp_path):
    article = write_article(tmp_path, texts.SCRAPED)
    page = open_in(window, article)
    drag_select(page.view, texts.SCRAPED, "Ines Moreau")
    qtbot.keyClick(page.view, "1")
    repainted = []
    original = page.view.remove_passage
    page.view.remove_passage = lambda passage_id: (
        repainted.append(passage_id),
        original(passage_id),
    )
    page.panel.note.setFocus()
    qtbot.keyClicks(page.panel.note, "call her")
    assert repainted == []
    [annotation] = page.session.model.sidecar.annotations
    page.session.set_tag(annotation.id, "person")
    assert repainted == [annotation.id]


def colleague_adds(article: Path, quote: str) -> str:
    """A colleague's program (another process) adds a passage to the shared sidecar."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "annotator", "add", str(article), "--quote", quote],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def quotes_on_disk(article: Path) -> set[str]:
    return {s["target"]["selector"][-1]["exact"] for s in on_disk(article) or []}


def test_ctrl_z_after_a_colleagues_save_undoes_hers_and_keeps_theirs(window, qtbot, tmp_path):
    article = write_article(tmp_path, texts.SCRAPED)
    page = open_in(window, article)
    drag_select(page.view, texts.SCRAPED, "Ines Moreau")
    qtbot.keyClick(page.view, "4")
    qtbot.waitUntil(lambda: quotes_on_disk(article) == {"Ines Moreau"}, timeout=3000)
    colleague_adds(article, "About 4,800")
    qtbot.waitUntil(lambda: page.session.model.rowCount() == 2, timeout=5000)
    assert page.session.undo_stack.count() == 1
    qtbot.keyClick(page.view, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: quotes_on_disk(article) == {"About 4,800"}, timeout=3000)
    assert [a.exact for a in page.session.model.annotations] == ["About 4,800"]
    qtbot.keyClick(page.view, Qt.Key.Key_Z, CTRL | SHIFT)  # redo: hers is back, theirs kept
    qtbot.waitUntil(lambda: quotes_on_disk(article) == {"Ines Moreau", "About 4,800"}, timeout=3000)


def test_a_tag_key_with_no_text_selected_retags_the_chosen_passage(window, qtbot, tmp_path, said):
    article = write_article(tmp_path, texts.SCRAPED)
    page = open_in(window, article)
    qtbot.keyClick(page.view, "3")  # nothing selected, no passage chosen: she is told what to do
    assert [text for _, text in said] == ["Select some text in the article first"]
    drag_select(page.view, texts.SCRAPED, "About 4,800")
    qtbot.keyClick(page.view, "1")
    assert not page.view.textCursor().hasSelection() and page.panel.current_id()
    qtbot.keyClick(page.view, "3")  # Figure: the passage chosen in the panel is retagged
    qtbot.waitUntil(lambda: [a["tag"] for a in on_disk(article) or []] == ["figure"])
    qtbot.keyClick(page.view, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: [a["tag"] for a in on_disk(article) or []] == ["claim"])


def test_the_view_keeps_its_place_when_a_line_is_added_on_top(window, qtbot, tmp_path):
    paragraphs = [f"Paragraph {n}: the council met on the {n}th and voted." for n in range(120)]
    text = "\n\n".join(paragraphs) + "\n"
    article = write_article(tmp_path, text)
    page = open_in(window, article)
    drag_select(page.view, text, "Paragraph 80: the council")
    qtbot.keyClick(page.view, "1")
    chosen = page.panel.current_id()
    page.view.scroll_to(text.index("Paragraph 70:"))
    qtbot.waitUntil(lambda: page.view.firstVisibleBlock().text().startswith("Paragraph 70:"))
    scroll = page.view.verticalScrollBar().value()
    qtbot.waitUntil(lambda: bool(on_disk(article)), timeout=3000)
    article.write_text("UPDATED: a correction was added.\n\n" + text, encoding="utf-8")
    qtbot.waitUntil(lambda: page.session.article.text != text, timeout=5000)
    assert page.view.firstVisibleBlock().text().startswith("Paragraph 70:")
    assert page.view.verticalScrollBar().value() == scroll + 2
    assert page.panel.current_id() == chosen
    assert page.session.undo_stack.count() == 1


def test_typing_a_note_updates_the_title_once(window, qtbot, tmp_path):
    article = write_article(tmp_path, texts.SCRAPED)
    page = open_in(window, article)
    drag_select(page.view, texts.SCRAPED, "Ines Moreau")
    qtbot.keyClick(page.view, "4")
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=3000)
    titles = []
    original = window._update_title
    window._update_title = lambda: (titles.append(1), original())
    page.panel.note.setFocus()
    qtbot.keyClicks(page.panel.note, "Call her")
    assert len(titles) == 1 and window.isWindowModified()
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=3000)
    assert len(titles) == 2  # and once more when it is saved


def test_changed_passages_show_before_and_after_and_are_reviewed_in_one_step(
    window, qtbot, tmp_path
):
    article = write_article(tmp_path, texts.SCRAPED)
    page = open_in(window, article)
    for quote, key in (("About 4,800", "3"), ("Ines Moreau", "4")):
        drag_select(page.view, texts.SCRAPED, quote)
        qtbot.keyClick(page.view, key)
    qtbot.waitUntil(lambda: len(on_disk(article) or []) == 2, timeout=3000)
    edited = "Updated.\n\n" + texts.SCRAPED.replace("About 4,800", "About 5,100")
    article.write_text(edited, encoding="utf-8")
    qtbot.waitUntil(lambda: page.session.article.text == edited, timeout=5000)
    qtbot.waitUntil(lambda: all("review" in a for a in on_disk(article)), timeout=3000)

    panel = page.panel
    panel.status_filter.setCurrentIndex(panel.status_filter.findText("Needs review"))
    assert len(panel.visible_ids()) == 2
    figure = next(a for a in page.session.model.annotations if a.tag == "figure")
    panel.select(figure.id)
    shown = panel.review.text()
    assert "4,800" in shown and "5,100" in shown and "<s " in shown and "<u " in shown
    assert panel.review.isVisible()

    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_M, CTRL | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not any("review" in a for a in on_disk(article)), timeout=3000)
    assert panel.visible_ids() == []  # nothing needs review now
    quotes = {a["target"]["selector"][-1]["exact"] for a in on_disk(article)}
    assert quotes == {"About 5,100", "Ines Moreau"}
    qtbot.keyClick(page.view, Qt.Key.Key_Z, CTRL)  # one step brings both flags back
    qtbot.waitUntil(lambda: sum("review" in a for a in on_disk(article)) == 2, timeout=3000)


def test_find_and_search_match_what_she_types(window, qtbot, tmp_path):
    text = texts.SCRAPED + "\n" + "وقال إن الركاب أكثـر من المتوقع.\n"
    article = write_article(tmp_path, text)
    page = open_in(window, article)
    qtbot.keyClick(page.view, Qt.Key.Key_F, CTRL)
    field = window.find_bar.field
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, '"Something had to give."')  # straight quotes, typed
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert page.view.selection() == (
        text.index("“Something had to give.”"),
        text.index("“Something had to give.”") + len("“Something had to give.”"),
    )
    field.clear()
    field.insert("أكثر من")  # typed without the tatweel (as an input method enters it)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    start, end = page.view.selection()
    assert text[start:end] == "أكثـر من"
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    qtbot.waitUntil(page.view.hasFocus)
    qtbot.keyClick(page.view, "6")
    qtbot.waitUntil(lambda: bool(on_disk(article)))
    assert on_disk(article)[0]["target"]["selector"][-1]["exact"] == "أكثـر من"
    page.panel.search.setText("أكثر")  # the search box folds too
    assert page.panel.visible_ids() == [page.session.model.annotations[0].id]
