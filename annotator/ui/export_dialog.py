"""Export a brief: the dialog, the worker that writes it off the GUI thread, and the
progress and outcome shown while it does."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal
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
from annotator.ui import messages

FORMAT_CHOICES = (
    ("docx", "Word brief (.docx)", ".docx"),
    ("md", "Markdown (.md)", ".md"),
    ("csv", "Spreadsheet (.csv)", ".csv"),
    ("w3c", "W3C Web Annotation (.jsonld)", ".jsonld"),
)


class ExportDialog(QDialog):
    """Choose a format, the articles to include and where the brief goes."""

    def __init__(self, current: Path, open_count: int, folder: Path, parent=None) -> None:
        super().__init__(parent)
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
        form.addRow("Full text", self.clutter)
        form.addRow("Save to", output_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

        self.format.currentIndexChanged.connect(self._format_changed)
        self.output.textChanged.connect(self._check)

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
        self.clutter.setEnabled(self.chosen_format() in exporting.FULL_TEXT)

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.output.text().strip()))

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
    ) -> None:
        super().__init__(parent)
        self.articles, self.out, self.fmt = articles, out, fmt
        self.include_clutter = include_clutter
        self.author = ("", "")  # name and initials signing passages with no author

    def run(self) -> None:
        try:
            exporting.export(
                self.articles,
                self.out,
                self.fmt,
                self.progressed.emit,
                include_clutter=self.include_clutter,
                author=self.author[0],
                initials=self.author[1],
            )
        except Exception as error:  # a brief that fails must say why, not crash the window
            self.failed.emit(f"{type(error).__name__}: {error}" if not str(error) else str(error))
        else:
            self.succeeded.emit(str(self.out))


class BriefExport(QObject):
    """One export at a time: ask where, write in a thread, show progress, say the outcome."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.worker: ExportWorker | None = None
        self.offer_to_open = True  # offer to open a finished brief; tests switch this off
        self.author = ("", "")  # her name and initials (Preferences), for the comments

    def start(self, current: Article, open_articles: list[Article], folder: Path) -> None:
        """Ask for the format and place, then write the brief of one or all open articles."""
        if self.worker is not None:
            return
        dialog = ExportDialog(current.path, len(open_articles), folder, self.window)

        def accepted() -> None:
            chosen = open_articles if dialog.include_all() else [current]
            self.write(
                [a.snapshot() for a in chosen],
                dialog.output_path(),
                dialog.chosen_format(),
                include_clutter=dialog.include_clutter(),
            )

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def write(
        self, articles: list[Article], out: Path, fmt: str, include_clutter: bool = False
    ) -> None:
        """Write the brief in a thread; the window stays usable and shows progress."""
        worker = ExportWorker(articles, out, fmt, self.window, include_clutter)
        worker.author = self.author
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
