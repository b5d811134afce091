"""The story view: the folder's sources with what is left to do, opened on a click; a search
across every note and quote that opens the article at the passage; one brief of the story."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from annotator.article import open_article
from annotator.model import make_annotation
from annotator.ui.export_dialog import ExportDialog
from annotator.ui.story_model import COLUMNS, TITLE

TEXT = (
    "The river rose 3 metres overnight.\n\nThe mayor said help was coming by noon.\n\n"
    "Roads into the valley were closed, police said.\n"
)


def annotated(folder: Path, name: str, title: str, marks: list[tuple[str, str | None, str]]):
    path = folder / name
    path.write_text(TEXT, encoding="utf-8")
    article = open_article(path)
    for quote, status, note in marks:
        start = TEXT.index(quote)
        passage = make_annotation(TEXT, start, start + len(quote), status=status, note=note)
        article.sidecar.annotations.append(passage)
    source = article.sidecar.source
    source.metadata["title"] = title
    source.guessed = [key for key in source.guessed or () if key != "title"]  # hers
    article.save()
    return path, [a.id for a in article.sidecar.annotations]


def rows(window) -> list[tuple]:
    """The story view's rows as shown, top to bottom: every column's text."""
    view = window.story.sorted
    return [
        tuple(view.index(row, column).data() for column in range(len(COLUMNS)))
        for row in range(view.rowCount())
    ]


def shown_story(window, qtbot, path: Path):
    window.open_path(path)
    with qtbot.waitSignal(window.story.scanned, timeout=5000):
        window.story.toggleViewAction().trigger()
    return window.story


def test_the_story_lists_counts_sorts_and_opens_its_sources(window, qtbot, tmp_path):
    flood = tmp_path / "flood"
    flood.mkdir()
    gauge, _ = annotated(
        flood, "gauge.txt", "River gauge", [("3 metres", "to-verify", "Check the gauge")]
    )
    mayor, _ = annotated(
        flood,
        "mayor.txt",
        "Mayor's statement",
        [("help was coming", "disputed", ""), ("by noon", "to-verify", ""), ("Roads", None, "")],
    )
    (flood / "police.txt").write_text(TEXT, encoding="utf-8")  # nothing marked yet
    (flood / "photo.jpg").write_bytes(b"\xff\xd8")  # not a source
    story = shown_story(window, qtbot, gauge)
    assert "flood" in story.heading.text()
    assert rows(window) == [
        ("Mayor's statement", 3, 1, 1, "–", "?"),  # not known until it is opened
        ("police.txt", "0", "–", "–", "–", "–"),
        ("River gauge", 1, 1, "–", "–", "–"),  # open: none lost
    ]
    assert story.totals.text() == "3 sources, 4 passages, 2 to verify"

    header = story.table.header()
    passages = QPoint(header.sectionViewportPosition(1) + 5, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=passages)  # fewest first
    assert [row[TITLE] for row in rows(window)] == [
        "police.txt",
        "River gauge",
        "Mayor's statement",
    ]
    index = story.sorted.index(2, TITLE)
    qtbot.mouseClick(
        story.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=story.table.visualRect(index).center(),
    )
    assert window.session.path == mayor and window.tabs.count() == 2
    story.table.setCurrentIndex(story.sorted.index(0, TITLE))
    qtbot.keyClick(story.table, Qt.Key.Key_Return)
    assert window.session.path == flood / "police.txt"


def test_a_search_opens_the_article_at_the_passage(window, qtbot, tmp_path):
    gauge, _ = annotated(tmp_path, "gauge.txt", "Gauge", [("3 metres", None, "")])
    _, (help_id, noon_id) = annotated(
        tmp_path,
        "mayor.txt",
        "Mayor",
        [("help was coming", None, "Ask the council"), ("Roads into the valley", None, "")],
    )
    story = shown_story(window, qtbot, gauge)
    qtbot.keyClicks(story.search_box, "VALLEY")
    qtbot.waitUntil(lambda: story.hits.count() == 1 and not story.hits.isHidden())
    assert "Roads into the valley" in story.hits.item(0).text()
    qtbot.mouseClick(
        story.hits.viewport(),
        Qt.MouseButton.LeftButton,
        pos=story.hits.visualItemRect(story.hits.item(0)).center(),
    )
    page = window.page
    assert page.path == tmp_path / "mayor.txt"
    assert page.panel.current_id() == noon_id
    assert page.view.textCursor().selectedText() == "Roads into the valley"
    story.search_box.clear()
    qtbot.keyClicks(story.search_box, "council")
    qtbot.waitUntil(
        lambda: story.hits.count() == 1 and "Ask the council" in story.hits.item(0).text()
    )
    story.hits.setCurrentRow(0)
    qtbot.keyClick(story.hits, Qt.Key.Key_Return)
    assert page.panel.current_id() == help_id
    assert page.view.textCursor().selectedText() == "help was coming"
    story.search_box.setText("nowhere to be found")
    qtbot.waitUntil(lambda: "Nothing found" in story.hits.item(0).text())


def test_new_and_changed_sidecars_update_the_rows(window, qtbot, tmp_path):
    gauge, _ = annotated(tmp_path, "gauge.txt", "Gauge", [("3 metres", None, "")])
    shown_story(window, qtbot, gauge)
    assert [row[TITLE] for row in rows(window)] == ["Gauge"]
    annotated(tmp_path, "mayor.txt", "Mayor", [("by noon", "to-verify", "")])
    qtbot.waitUntil(lambda: [row[TITLE] for row in rows(window)] == ["Gauge", "Mayor"])
    page = window.page  # she marks a passage in the open article: its row follows the save
    start = TEXT.index("Roads")
    page.session.mark("claim", (start, start + 5))
    assert page.session.save()
    qtbot.waitUntil(lambda: rows(window)[0][1] == 2, timeout=5000)


def test_one_brief_for_the_whole_story(window, qtbot, tmp_path):
    import docx

    folder = tmp_path / "flood"
    folder.mkdir()
    gauge, _ = annotated(folder, "gauge.txt", "River gauge", [("3 metres", None, "Gauge note")])
    annotated(folder, "mayor.txt", "Mayor's statement", [("by noon", None, "Noon note")])
    shutil.copy(gauge, folder / "blank.txt")  # no passages: left out of the brief
    story = shown_story(window, qtbot, gauge)
    qtbot.mouseClick(story.export_button, Qt.MouseButton.LeftButton)
    dialog = story.findChild(ExportDialog)
    assert dialog is not None and "Every annotated article in flood (2)" in dialog.all_open.text()
    out = tmp_path / "story.docx"
    dialog.output.setText(str(out))
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: out.exists() and window.brief.worker is None, timeout=15000)
    brief = docx.Document(str(out))
    text = [p.text for p in brief.paragraphs]
    assert "River gauge" in text and "Mayor's statement" in text
    comments = [c.text for c in brief.comments]
    assert len(comments) == 2
    assert any("Gauge note" in c for c in comments) and any("Noon note" in c for c in comments)


def test_not_found_is_known_once_opened_and_kept_after_closing(window, qtbot, tmp_path):
    gauge, _ = annotated(tmp_path, "gauge.txt", "Gauge", [("3 metres", None, "")])
    mayor, _ = annotated(
        tmp_path, "mayor.txt", "Mayor", [("help was coming", None, ""), ("by noon", None, "")]
    )
    mayor.write_text(TEXT.replace("help was coming", "aid was on its way"), encoding="utf-8")
    shown_story(window, qtbot, gauge)
    assert rows(window)[1][1:] == (2, "–", "–", "–", "?")
    page = window.open_path(mayor)  # its row follows at once, in bold
    font = window.story.sorted.index(1, 0).data(Qt.ItemDataRole.FontRole)
    assert font is not None and font.bold()
    assert [a.exact for a in page.session.model.sidecar.annotations if a.orphaned] == [
        "help was coming"
    ]
    assert rows(window)[1][-1] == 1
    window.close_page(page)
    with qtbot.waitSignal(window.story.scanned, timeout=5000):
        window.story.rescan()
    assert rows(window)[1][-1] == 1  # still known after the tab is closed
