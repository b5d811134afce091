"""Export a brief: the dialog, the worker that writes it off the GUI thread, and the
progress and outcome shown while it does."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator import export as exporting
from annotator.article import Article
from annotator.export.brief import STATUS_LABELS, BriefOptions, locale_defaults
from annotator.model import Tag
from annotator.ui import messages
from annotator.ui.settings import Settings

FORMAT_CHOICES = (
    ("docx", "Word brief (.docx)", ".docx"),
    ("md", "Markdown (.md)", ".md"),
    ("csv", "Spreadsheet (.csv)", ".csv"),
    ("w3c", "W3C Web Annotation (.jsonld)", ".jsonld"),
    ("pdf", "PDF brief with highlights (.pdf)", ".pdf"),
    ("claimreview", "ClaimReview for fact checks (.json)", ".json"),
)
STATUS_ORDER = ("disputed", "to-verify", "verified", None)


class ExportDialog(QDialog):
    """Choose a format, the articles to include, what the brief holds and how it is laid
    out, and where it goes."""

    def __init__(
        self,
        current: Path,
        open_count: int,
        folder: Path,
        parent=None,
        tags: list[Tag] | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Export brief")
        self.format = QComboBox()
        self.format.setAccessibleName("Format")
        for fmt, label, _suffix in FORMAT_CHOICES:
            self.format.addItem(label, fmt)
        self.current_only = QRadioButton(f"This article ({current.name})")
        self.all_open = QRadioButton(f"All open articles ({open_count})")
        self.current_only.setChecked(True)
        self.all_open.setEnabled(open_count > 1)
        self.clutter = QCheckBox("Keep paragraphs dimmed as site furniture or repeats")
        self.clutter.setToolTip(
            "The Word brief's full text leaves them out unless this is ticked; "
            "one that holds a passage is always kept"
        )
        self._brief_options(tags or [])
        self.output = QLineEdit(str(folder / f"{current.stem} brief.docx"))
        self.output.setAccessibleName("Output file")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        output_row = QHBoxLayout()
        output_row.addWidget(self.output, 1)
        output_row.addWidget(browse)
        scope = QVBoxLayout()
        scope.addWidget(self.current_only)
        scope.addWidget(self.all_open)
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Articles", scope)
        form.addRow("Full text", self.full_text)
        form.addRow("", self.clutter)
        form.addRow("Statuses", self.status_row)
        if self.tag_boxes:
            form.addRow("Tags", self.tag_row)
        form.addRow("Group by", self.group_by)
        form.addRow("Page", self.page_row)
        form.addRow("Fact-check page", self.review_url)
        form.addRow("Save to", output_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

        self.format.currentIndexChanged.connect(self._format_changed)
        self.output.textChanged.connect(self._check)
        self.review_url.textChanged.connect(self._check)
        self.language.textChanged.connect(self._check)
        for box in [*self.status_boxes.values(), *self.tag_boxes.values()]:
            box.toggled.connect(self._check)
        self._format_changed()

    def _brief_options(self, tags: list[Tag]) -> None:
        """The widgets for what the brief holds and how it is laid out."""
        self.full_text = QCheckBox("Include the article's full text")
        self.full_text.setChecked(True)
        self.status_boxes: dict[str | None, QCheckBox] = {}
        self.status_row = QHBoxLayout()
        for status in STATUS_ORDER:
            box = QCheckBox(STATUS_LABELS[status])
            box.setChecked(True)
            self.status_boxes[status] = box
            self.status_row.addWidget(box)
        self.status_row.addStretch(1)
        self.tag_boxes: dict[str, QCheckBox] = {}
        self.tag_row = QHBoxLayout()
        for tag in tags:
            box = QCheckBox(tag.label or tag.id)
            box.setChecked(True)
            self.tag_boxes[tag.id] = box
            self.tag_row.addWidget(box)
        self.tag_row.addStretch(1)
        self.group_by = QComboBox()
        self.group_by.setAccessibleName("Group by")
        self.group_by.addItem("Tag", "tag")
        self.group_by.addItem("Status", "status")
        page_size, language = locale_defaults(QLocale.system().name())
        if self.settings is not None:
            page_size = self.settings.brief_page_size or page_size
            language = self.settings.brief_language or language
        self.page_size = QComboBox()
        self.page_size.setAccessibleName("Page size")
        self.page_size.addItem("A4", "a4")
        self.page_size.addItem("Letter", "letter")
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(page_size)))
        self.language = QLineEdit(language)
        self.language.setAccessibleName("Language")
        self.language.setToolTip("The brief's language, for spelling: en-GB, fr-FR, ar-EG…")
        self.page_row = QHBoxLayout()
        self.page_row.addWidget(self.page_size)
        self.page_row.addWidget(self.language, 1)
        self.review_url = QLineEdit()
        self.review_url.setAccessibleName("Fact-check page")
        self.review_url.setPlaceholderText("https://… the page that publishes the fact checks")

    def options(self) -> BriefOptions:
        """What the brief holds and how it is laid out, as chosen."""
        statuses = frozenset(s for s, box in self.status_boxes.items() if box.isChecked())
        tags = frozenset(t for t, box in self.tag_boxes.items() if box.isChecked())
        return BriefOptions(
            statuses=None if len(statuses) == len(self.status_boxes) else statuses,
            tags=None if len(tags) == len(self.tag_boxes) else tags,
            full_text=self.full_text.isChecked(),
            group_by=self.group_by.currentData(),
            page_size=self.page_size.currentData(),
            language=self.language.text().strip(),
            include_clutter=self.clutter.isChecked(),
            review_url=self.review_url.text().strip(),
        )

    def remember(self) -> None:
        """Keep the page size and language for the next brief."""
        if self.settings is not None:
            self.settings.brief_page_size = self.page_size.currentData()
            self.settings.brief_language = self.language.text().strip()

    def chosen_format(self) -> str:
        return self.format.currentData()

    def output_path(self) -> Path:
        return Path(self.output.text().strip()).expanduser()

    def include_all(self) -> bool:
        return self.all_open.isChecked()

    def include_clutter(self) -> bool:
        return self.clutter.isChecked()

    def _suffix(self) -> str:
        return FORMAT_CHOICES[self.format.currentIndex()][2]

    def _format_changed(self) -> None:
        text = self.output.text().strip()
        if text:
            self.output.setText(str(Path(text).with_suffix(self._suffix())))
        fmt = self.chosen_format()
        self.full_text.setEnabled(fmt in exporting.FULL_TEXT)
        self.clutter.setEnabled(fmt in exporting.FULL_TEXT)
        self.group_by.setEnabled(fmt in exporting.GROUPED)
        self.page_size.setEnabled(fmt in exporting.PAGED)
        self.language.setEnabled(fmt in exporting.PAGED)
        self.review_url.setEnabled(fmt == "claimreview")
        self._check()

    def _check(self) -> None:
        """Export only with a file named, something to brief, and valid options."""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            options = self.options()
        except ValueError:  # a language that is not a language tag
            options = None
        fine = bool(self.output.text().strip()) and options is not None
        fine = fine and any(box.isChecked() for box in self.status_boxes.values())
        fine = fine and (not self.tag_boxes or any(b.isChecked() for b in self.tag_boxes.values()))
        if self.chosen_format() == "claimreview":
            fine = fine and self.review_url.text().strip().startswith(("http://", "https://"))
        ok.setEnabled(fine)

    def _browse(self) -> None:
        label = self.format.currentText()
        name, _ = QFileDialog.getSaveFileName(
            self, "Export brief", self.output.text(), f"{label} (*{self._suffix()})"
        )
        if name:
            self.output.setText(name)


class ExportWorker(QThread):
    """Writes a brief in a thread of its own; reports progress and the outcome by signals."""

    progressed = Signal(int, int)
    failed = Signal(str)
    succeeded = Signal(str)

    def __init__(
        self,
        articles: list[Article],
        out: Path,
        fmt: str,
        parent: QWidget | None,
        include_clutter: bool = False,
        options: BriefOptions | None = None,
    ) -> None:
        super().__init__(parent)
        self.articles, self.out, self.fmt = articles, out, fmt
        self.include_clutter = include_clutter
        self.options = options

    def run(self) -> None:
        try:
            exporting.export(
                self.articles,
                self.out,
                self.fmt,
                self.progressed.emit,
                include_clutter=self.include_clutter,
                options=self.options,
            )
        except Exception as error:  # a brief that fails must say why, not crash the window
            self.failed.emit(f"{type(error).__name__}: {error}" if not str(error) else str(error))
        else:
            self.succeeded.emit(str(self.out))


class BriefExport(QObject):
    """One export at a time: ask where, write in a thread, show progress, say the outcome."""

    def __init__(self, window: QWidget, settings: Settings | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.worker: ExportWorker | None = None
        self.offer_to_open = True  # offer to open a finished brief; tests switch this off
        self.author = ("", "")  # her name and initials (Preferences), for the comments

    def start(self, current: Article, open_articles: list[Article], folder: Path) -> None:
        """Ask for the format and place, then write the brief of one or all open articles."""
        if self.worker is not None:
            return
        tags = {tag.id: tag for a in open_articles for tag in a.sidecar.tags}
        tags.update({tag.id: tag for tag in current.sidecar.tags})
        dialog = ExportDialog(
            current.path,
            len(open_articles),
            folder,
            self.window,
            tags=list(tags.values()),
            settings=self.settings,
        )

        def accepted() -> None:
            chosen = open_articles if dialog.include_all() else [current]
            dialog.remember()
            self.write(
                [a.snapshot() for a in chosen],
                dialog.output_path(),
                dialog.chosen_format(),
                options=dialog.options(),
            )

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def write(
        self,
        articles: list[Article],
        out: Path,
        fmt: str,
        include_clutter: bool = False,
        options: BriefOptions | None = None,
    ) -> None:
        """Write the brief in a thread; the window stays usable and shows progress."""
        options = dataclasses.replace(options or BriefOptions(), signer=self.author)
        worker = ExportWorker(articles, out, fmt, self.window, include_clutter, options)
        progress = QProgressDialog("Writing the brief…", "", 0, 0, self.window)
        progress.setCancelButton(None)
        progress.setWindowTitle("Export brief")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)

        def progressed(done: int, total: int) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)

        def finished() -> None:
            progress.close()
            progress.deleteLater()
            worker.deleteLater()
            self.worker = None

        worker.progressed.connect(progressed)
        worker.succeeded.connect(self._written)
        worker.failed.connect(lambda error: messages.error(f"The brief was not written: {error}"))
        worker.finished.connect(finished)
        self.worker = worker
        messages.info(f"Writing {out.name}…")
        worker.start()

    def wait(self) -> None:
        """Let a brief being written finish (before the window closes)."""
        if self.worker is not None:
            self.worker.wait()

    def _written(self, out: str) -> None:
        messages.info(f"Brief written to {out}")
        if not self.offer_to_open:
            return
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Brief exported",
            f"The brief was written to {out}.",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            self.window,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(out)))
        box.open()
