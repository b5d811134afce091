"""Right-click menus, sortable columns, "N of M shown" and the tag filter's key caps,
driven in the real window; each change checked in the sidecar on disk."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu

from annotator import store
from annotator.document import read_document
from annotator.model import make_annotation
from annotator.ui import qt_models
from annotator.ui.passage_list import KEY_ROLE
from tests.ui.test_window import drag_select, on_disk, open_in, span_of, write_article

TEXT = (
    "Harbour fares\n"
    "\n"
    "The ferry operator said fares will rise by 33% from 1 May.\n"
    "\n"
    "Commuters said the rise was “a tax on people who can’t drive”, and the council "
    "promised a review of the contract by June.\n"
)
SAVED_MS = 5000


def prepared(folder: Path, passages) -> tuple[Path, list[str]]:
    """An article whose sidecar holds `passages`: (quote, tag, status, note) each."""
    article = write_article(folder, TEXT)
    document = read_document(article)
    sidecar = store.new_sidecar(document)
    sidecar.source.metadata.update(
        title="Ferry fares to rise", outlet="Harbour Gazette", url="https://example.org/ferry"
    )
    ids = []
    for quote, tag, status, note in passages:
        start = TEXT.index(quote)
        annotation = make_annotation(
            TEXT, start, start + len(quote), tag=tag, status=status, note=note
        )
        sidecar.annotations.append(annotation)
        ids.append(annotation.id)
    store.save(sidecar, article)
    return article, ids


THREE = (
    ("fares will rise by 33%", "figure", "verified", "Checked with the port"),
    ("a tax on people who can’t drive", "quote", "to-verify", "Which group said it?"),
    ("the council promised a review", "claim", None, ""),
)


def on_disk_by_quote(article: Path) -> dict[str, dict]:
    found = {}
    for annotation in on_disk(article) or []:
        quote = next(s for s in annotation["target"]["selector"] if "exact" in s)["exact"]
        found[quote] = annotation
    return found


def right_click_text(qtbot, page, quote: str, inside: int = 2) -> QMenu:
    """Right-click the article a few characters into `quote`; return the menu shown."""
    view = page.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(TEXT.index(quote) + inside))
    point = view.cursorRect(cursor).center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, view.viewport().mapToGlobal(point)
    )
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(lambda: page.context_menu is not None and page.context_menu.isVisible())
    return page.context_menu


def entry(menu: QMenu, text: str):
    """The menu's entry whose words (without & and the key after a tab) are `text`."""
    for action in menu.actions():
        if action.text().split("\t")[0].replace("&", "") == text:
            return action
    raise AssertionError(f"no {text!r} in {[a.text() for a in menu.actions()]}")


def click(qtbot, menu: QMenu, text: str):
    """Click a menu entry; a submenu's entry opens it and returns it."""
    action = entry(menu, text)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    if action.menu() is not None:
        qtbot.waitUntil(action.menu().isVisible)
        return action.menu()
    return None


def test_right_click_a_highlight_and_choose_a_status(window, qtbot, tmp_path):
    article, _ids = prepared(tmp_path, THREE)
    page = open_in(window, article)
    menu = right_click_text(qtbot, page, "the council promised")
    status = click(qtbot, menu, "Status")
    assert [a.text() for a in status.actions() if a.isChecked()] == ["No status"]
    click(qtbot, status, "Disputed")
    qtbot.waitUntil(
        lambda: on_disk_by_quote(article)["the council promised a review"]["status"] == "disputed",
        timeout=SAVED_MS,
    )
    window.menus.undo_action.trigger()  # one undo step, as from the Passage menu
    qtbot.waitUntil(
        lambda: on_disk_by_quote(article)["the council promised a review"]["status"] is None,
        timeout=SAVED_MS,
    )


def test_overlapping_highlights_each_get_a_submenu(window, qtbot, tmp_path):
    wider = ("the council promised a review of the contract", "figure", None, "")
    article, _ids = prepared(tmp_path, (*THREE[:2], ("council promised", "claim", None, ""), wider))
    page = open_in(window, article)
    menu = right_click_text(qtbot, page, "council promised", inside=3)
    titles = [a.text() for a in menu.actions() if a.menu() is not None]
    assert titles == [
        "Claim: “council promised”",
        "Figure: “the council promised a review of the co…”",
    ]
    tags = click(qtbot, click(qtbot, menu, titles[1]), "Tag")
    click(qtbot, tags, "Quote")  # the wider one, not the shortest
    qtbot.waitUntil(lambda: on_disk_by_quote(article)[wider[0]]["tag"] == "quote", timeout=SAVED_MS)
    assert on_disk_by_quote(article)["council promised"]["tag"] == "claim"


def test_the_menu_key_opens_the_menu_of_the_passage_at_the_cursor(window, qtbot, tmp_path):
    article, _ids = prepared(tmp_path, THREE)
    page = open_in(window, article)
    cursor = QTextCursor(page.view.document())
    cursor.setPosition(TEXT.index("rise by 33%"))
    page.view.setTextCursor(cursor)
    far = QPoint(1, 1)  # where the pointer is does not count: the cursor does
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, far, page.view.mapToGlobal(far))
    QApplication.sendEvent(page.view.viewport(), event)
    qtbot.waitUntil(lambda: page.context_menu is not None and page.context_menu.isVisible())
    assert "Figure: “fares will rise by 33%”" in [a.text() for a in page.context_menu.actions()]


def test_right_click_a_selection_marks_it(window, qtbot, tmp_path):
    article = write_article(tmp_path, TEXT)
    page = open_in(window, article)
    span = drag_select(page.view, TEXT, "from 1 May")
    menu = right_click_text(qtbot, page, "from 1 May")
    assert not any(a.text().startswith("Tag") for a in menu.actions())  # no passage there
    marks = click(qtbot, menu, "Mark Selection as")
    keys = {a.text().split("\t")[0]: a.text().split("\t")[1] for a in marks.actions()}
    assert keys["Claim"] == "1"
    click(qtbot, marks, "Date/Time")
    qtbot.waitUntil(lambda: bool(on_disk(article)), timeout=SAVED_MS)
    [saved] = on_disk(article)
    assert (saved["tag"], span_of(saved)) == ("date", span)


def test_row_menu_copies_the_quote_with_its_source_and_deletes(window, qtbot, tmp_path):
    article, (figure, quote, _claim) = prepared(tmp_path, THREE)
    page = open_in(window, article)
    table = page.panel.list
    row = page.panel.visible_ids().index(quote)
    point = table.visualRect(table.model().index(row, qt_models.QUOTE)).center()
    table.customContextMenuRequested.emit(point)  # as a right-click on the row does
    qtbot.waitUntil(lambda: page.context_menu is not None and page.context_menu.isVisible())
    assert page.panel.current_id() == quote  # the row is made current, as in a file list
    click(qtbot, page.context_menu, "Copy Quote with Source")
    assert QGuiApplication.clipboard().text() == (
        "“a tax on people who can’t drive”\n"
        "— Harbour Gazette, “Ferry fares to rise”, https://example.org/ferry, paragraph 3"
    )
    row = page.panel.visible_ids().index(figure)
    point = table.visualRect(table.model().index(row, qt_models.QUOTE)).center()
    table.customContextMenuRequested.emit(point)
    qtbot.waitUntil(lambda: page.context_menu is not None and page.context_menu.isVisible())
    assert not entry(page.context_menu, "Re-attach to Selection").isEnabled()  # nothing selected
    click(qtbot, page.context_menu, "Delete Passage")
    qtbot.waitUntil(lambda: len(on_disk(article)) == 2, timeout=SAVED_MS)
    assert "fares will rise by 33%" not in on_disk_by_quote(article)


def test_edit_note_from_the_menu_puts_the_cursor_in_the_note(window, qtbot, tmp_path):
    article, (_figure, _quote, claim) = prepared(tmp_path, THREE)
    page = open_in(window, article)
    menu = right_click_text(qtbot, page, "the council promised")
    click(qtbot, menu, "Edit Note")
    qtbot.waitUntil(page.panel.note.hasFocus)
    assert page.panel.current_id() == claim
    qtbot.keyClicks(page.panel.note, "Ask for the contract")
    qtbot.waitUntil(
        lambda: (
            on_disk_by_quote(article)["the council promised a review"]["note"]
            == "Ask for the contract"
        ),
        timeout=SAVED_MS,
    )


def test_clicking_headers_sorts_and_keeps_the_selection(window, qtbot, tmp_path):
    article, (figure, quote, claim) = prepared(tmp_path, THREE)
    page = open_in(window, article)
    panel = page.panel
    assert panel.visible_ids() == [figure, quote, claim]  # the article's order
    panel.select(quote)
    header = panel.list.horizontalHeader()

    def click_header(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    click_header(qt_models.TAG)  # by the tag list's order: claim, quote, figure...
    tags = [t.id for t in page.session.model.sidecar.tags]
    order = sorted([figure, quote, claim], key=lambda i: tags.index(page.session.model.get(i).tag))
    assert panel.visible_ids() == order
    click_header(qt_models.TAG)  # again: the other way
    assert panel.visible_ids() == order[::-1]
    click_header(qt_models.NOTE)  # notes A to Z, no note last
    assert panel.visible_ids() == [figure, quote, claim]
    assert panel.current_id() == quote
    assert panel.list.currentIndex().data(qt_models.ID_ROLE) == quote  # still selected
    click_header(qt_models.STATUS)
    assert panel.visible_ids() == [claim, quote, figure]  # none, to verify, verified
    drag_select(page.view, TEXT, "Commuters")
    qtbot.keyClick(page.view, "1")  # a new claim with no status goes to its place
    qtbot.waitUntil(lambda: len(on_disk(article) or []) == 4, timeout=SAVED_MS)
    new = next(a.id for a in page.session.model.annotations if a.exact == "Commuters")
    assert panel.visible_ids() == [new, claim, quote, figure]  # no status: by position
    click_header(qt_models.QUOTE)  # Passage: back to the article's order
    assert panel.visible_ids() == [figure, new, quote, claim]


def test_filtered_list_says_how_many_of_how_many_are_shown(window, qtbot, tmp_path):
    article, (figure, _quote, claim) = prepared(tmp_path, THREE)
    page = open_in(window, article)
    panel = page.panel
    assert window.counts.text() == "3 passages"
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("quote"))
    assert window.counts.text() == "1 of 3 passages shown"
    panel.tag_filter.setCurrentIndex(0)
    qtbot.keyClicks(panel.search, "the")  # quote, note, or both
    assert panel.visible_ids() == [figure, claim]
    assert window.counts.text() == "2 of 3 passages shown"
    qtbot.keyClicks(panel.search, " port")
    assert window.counts.text() == "1 of 3 passages shown"
    drag_select(page.view, TEXT, "Commuters")  # a new passage, filtered out: M follows
    qtbot.keyClick(page.view, "1")
    qtbot.waitUntil(lambda: window.counts.text() == "1 of 4 passages shown")
    panel.search.clear()
    assert window.counts.text() == "4 passages"


def test_tag_filter_entries_show_the_key_as_a_key(window, qtbot, tmp_path):
    article, _ids = prepared(tmp_path, THREE)
    page = open_in(window, article)
    combo = page.panel.tag_filter
    figure = combo.findData("figure")
    key = page.session.model.sidecar.tag("figure").key
    assert combo.itemText(figure) == "Figure"  # not "Figure (3)", which reads like a count
    assert combo.itemData(figure, KEY_ROLE) == key
    assert combo.itemData(combo.findData(None), KEY_ROLE) is None  # "All tags" has none


def test_an_orphan_is_re_attached_from_its_rows_menu(window, qtbot, tmp_path):
    old = TEXT.replace("by June", "by the end of June, the mayor's office said")
    article = write_article(tmp_path, old)
    sidecar = store.new_sidecar(read_document(article))
    start = old.index("the mayor's office said")
    lost = make_annotation(old, start, start + len("the mayor's office said"), note="Who?")
    sidecar.annotations.append(lost)
    store.save(sidecar, article)
    article.write_text(TEXT, encoding="utf-8")  # the article changed: that passage is gone
    page = open_in(window, article)
    assert page.panel.visible_ids(orphans=True) == [lost.id]
    span = drag_select(page.view, TEXT, "promised a review")
    table = page.panel.orphan_list
    point = table.visualRect(table.model().index(0, qt_models.QUOTE)).center()
    table.customContextMenuRequested.emit(point)
    qtbot.waitUntil(lambda: page.context_menu is not None and page.context_menu.isVisible())
    assert "Mark Reviewed" not in [a.text().replace("&", "") for a in page.context_menu.actions()]
    click(qtbot, page.context_menu, "Re-attach to Selection")
    qtbot.waitUntil(lambda: [span_of(a) for a in on_disk(article)] == [span], timeout=SAVED_MS)
    [saved] = on_disk(article)
    assert saved["id"] == lost.id and saved["note"] == "Who?"
    assert page.panel.visible_ids(orphans=True) == []


def test_found_column_shows_while_passages_wait_for_review_and_sorts_them_first(
    window, qtbot, tmp_path
):
    old = TEXT.replace("operator said", "operator has said").replace("promised", "has promised")
    article = write_article(tmp_path, old)
    sidecar = store.new_sidecar(read_document(article))
    for quote in ("fares will rise by 33%", "the council has promised a review", "Harbour fares"):
        start = old.index(quote)
        sidecar.annotations.append(make_annotation(old, start, start + len(quote), tag="claim"))
    store.save(sidecar, article)
    article.write_text(TEXT, encoding="utf-8")  # one passage the same, one moved, one changed
    page = open_in(window, article)
    panel, found = page.panel, qt_models.FOUND
    assert not panel.list.isColumnHidden(found)
    words = [panel.list.model().index(row, found).data() for row in range(3)]
    assert words == ["", "moved", "changed"]  # in the article's order
    header = panel.list.horizontalHeader()
    x = header.sectionViewportPosition(found) + header.sectionSize(found) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert [panel.list.model().index(row, found).data() for row in range(3)] == [
        "changed",
        "moved",
        "",
    ]  # what waits for review first, the gravest first
    window.menus.review_all_action.trigger()
    qtbot.waitUntil(lambda: not any("review" in a for a in on_disk(article)), timeout=SAVED_MS)
    assert panel.list.isColumnHidden(found)
