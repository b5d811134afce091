"""The window's dialogs and the commands that open them: print, export, tags, source
details, preferences, shortcuts, about. A part of `MainWindow` (mixed into it); each
dialog's module is loaded when it is first opened, not before the first paint."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from annotator import __version__
from annotator.ui import messages, reopening


class WindowDialogs:
    """What the window's menus open."""

    def print_article(self) -> None:
        """Print the current article with its highlights and notes (File ▸ Print)."""
        session = self.session
        if session is not None:
            from annotator.ui import printing

            printer = printing.ask_printer(self)
            if printer is not None:
                printing.print_article(session.article.snapshot(), printer)
                messages.info(f"{session.path.name} sent to the printer")

    def export_brief(self) -> None:
        session = self.session
        if session is not None:
            folder = Path(self.settings.last_folder or session.path.parent)
            articles = [page.session.article for page in self.pages()]
            self.brief.start(session.article, articles, folder)

    def edit_tags(self) -> None:
        session = self.session
        if session is None or session.read_only:
            return
        self.story_tags.edit(session, [page.session for page in self.pages()])

    def edit_source_details(self) -> None:
        session = self.session
        if session is None:
            return
        from annotator.ui.source_details import SourceDetailsDialog

        source = session.model.sidecar.source
        dialog = SourceDetailsDialog(
            dict(source.metadata),
            session.article.text,
            session.path,
            self,
            details=session.source_details(),
            guessed=source.guessed or (),
        )
        if dialog.exec() and not session.read_only:
            session.set_metadata(dialog.metadata(), dialog.guessed())

    def fill_recent(self) -> None:
        """The File ▸ Open Recent menu, as it is about to show."""
        reopening.fill_recent(self)

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About Annotator",
            f"<h3>Annotator {__version__}</h3><p>Mark the passages of a source article, "
            "note them, and hand your editor a Word brief.</p>",
        )

    def edit_preferences(self) -> None:
        """Her name and initials: they sign what she marks from now on, and the brief."""
        from annotator.ui.preferences import PreferencesDialog

        settings = self.settings
        dialog = PreferencesDialog(settings.author_name, settings.author_initials, self)
        if dialog.exec():
            settings.author_name, settings.author_initials = dialog.chosen()
            self.brief.author = (settings.author_name, settings.author_initials)
            for page in self.pages():
                page.session.author = settings.author_name

    def _hint_name(self) -> None:
        """A passage marked with no name set: say once, quietly, where to set it."""
        if not self._name_hinted and not self.settings.author_name:
            self._name_hinted = True
            messages.info(
                "Tip: give your name in Edit ▸ Preferences… to sign your passages, your "
                "notes and the brief's comments with it"
            )

    def show_shortcuts(self) -> None:
        """Every shortcut, from the menus as they are now (the current article's tags too)."""
        from PySide6.QtCore import Qt

        from annotator.ui.shortcuts_dialog import ShortcutsDialog, window_groups

        shown = self.findChild(ShortcutsDialog)
        if shown is not None:
            shown.close()  # made again: the current article's tags may differ
        dialog = ShortcutsDialog(window_groups(self.menuBar(), self.actions()), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
