"""The export dialog's brief options, remembered between briefs, and File ▸ Print, driven
in the real window as a person would; what they write is read back from disk."""

from __future__ import annotations

import docx
from pypdf import PdfReader
from PySide6.QtCore import QLocale, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialogButtonBox

from annotator.export.brief import locale_defaults
from annotator.ui import printing
from annotator.ui.export_dialog import ExportDialog
from tests.ui.test_window import _prepared, open_in

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_export_dialog(window, qtbot) -> ExportDialog:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def test_only_the_statuses_ticked_reach_the_brief_on_the_page_chosen(window, qtbot, tmp_path):
    article, _ids = _prepared(tmp_path)
    open_in(window, article)
    dialog = open_export_dialog(window, qtbot)
    # The page size and language start from the system's locale.
    page_size, language = locale_defaults(QLocale.system().name())
    assert dialog.page_size.currentData() == page_size
    assert dialog.language.text() == language

    click(qtbot, dialog.status_boxes["verified"])
    click(qtbot, dialog.status_boxes[None])
    dialog.page_size.setCurrentIndex(dialog.page_size.findData("a4"))
    dialog.language.selectAll()
    qtbot.keyClicks(dialog.language, "fr-FR")
    dialog.group_by.setCurrentIndex(dialog.group_by.findData("status"))
    out = tmp_path / "brief.docx"
    dialog.output.setText(str(out))
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: out.exists() and window.brief.worker is None, timeout=10000)

    document = docx.Document(str(out))
    assert [c.text for c in document.comments] == ["Quote · TO VERIFY\nWhich group said it?"]
    size = document.sections[0]._sectPr.find(f"{W}pgSz")
    assert size.get(f"{W}w") == "11906"
    assert document.core_properties.language == "fr-FR"

    # The next brief starts from the page size and language chosen.
    again = open_export_dialog(window, qtbot)
    assert (again.page_size.currentData(), again.language.text()) == ("a4", "fr-FR")
    assert window.settings.brief_page_size == "a4"
    again.reject()


def test_export_needs_a_status_a_language_and_for_claimreview_a_page(window, qtbot, tmp_path):
    article, _ids = _prepared(tmp_path)
    open_in(window, article)
    dialog = open_export_dialog(window, qtbot)
    export = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert export.isEnabled()
    for box in dialog.status_boxes.values():
        click(qtbot, box)
    assert not export.isEnabled()
    click(qtbot, dialog.status_boxes["verified"])
    assert export.isEnabled()
    dialog.language.setText("not a language")
    assert not export.isEnabled()
    dialog.language.setText("en-GB")
    dialog.format.setCurrentIndex(dialog.format.findData("claimreview"))
    assert dialog.output.text().endswith(".json") and not export.isEnabled()
    qtbot.keyClicks(dialog.review_url, "https://factcheck.example.org/port")
    assert export.isEnabled()
    dialog.reject()


def test_print_puts_the_article_its_marks_and_notes_on_paper(window, qtbot, tmp_path, monkeypatch):
    article, _ids = _prepared(tmp_path)
    open_in(window, article)
    out = tmp_path / "printed.pdf"

    def pdf_printer(parent):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(printing, "ask_printer", pdf_printer)
    assert window.menus.print_action.isEnabled()
    assert "Ctrl+P" in [s.toString() for s in window.menus.print_action.shortcuts()]
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(out.exists, timeout=5000)

    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "rise by 33%[1]" in text.replace(" [", "[")
    assert "Notes" in text
    assert "[1] Figure · VERIFIED — “rise by 33%” Checked with the port" in text
    assert "TO VERIFY — “a tax on people who can’t drive” Which group said it?" in text
    assert "sent to the printer" in window.statusBar().currentMessage()


def test_print_is_in_the_file_menu(window):
    file_menu = window.menuBar().actions()[0].menu()
    assert window.menus.print_action in file_menu.actions()
