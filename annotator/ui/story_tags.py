"""Edit ▸ Edit Tags for a story: which set she edits, and every open article of the folder
taking the change (one undo step in each)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from annotator import tagsets
from annotator.model import Tag
from annotator.ui import messages
from annotator.ui.session import ArticleSession
from annotator.ui.tag_manager import TagManagerDialog


class StoryTags:
    """Opens the tag manager on the current article's story set (or her default tags)."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self._reported: set[Path] = set()  # folders whose unreadable set was reported

    def report(self, folder: Path) -> None:
        """Say once per folder that its story set cannot be read (it is left as it is)."""
        problem = tagsets.problem(folder)
        if problem and folder not in self._reported:
            self._reported.add(folder)
            messages.warning(
                f"The story's tags cannot be used: {problem}. It was left as it is; "
                "new articles take your default tags"
            )

    def edit(self, session: ArticleSession, sessions: list[ArticleSession]) -> TagManagerDialog:
        """Open the tag manager for `session`'s folder; `sessions` are every open article."""
        folder = session.path.parent
        try:
            story = tagsets.story_tags(folder)
            problem = ""
        except tagsets.TagSetError as error:
            story, problem = None, str(error)
        if story is not None:
            before = story
            scope = (
                f"The tags of the story in “{folder.name}” ({tagsets.STORY_FILE}): changes "
                "apply to every article of this folder."
            )
            offer = ""
        else:
            before = list(session.model.sidecar.tags)
            scope = (
                f"This folder (“{folder.name}”) has no story tag set: these are your default "
                "tags, for new articles, and changes apply to the open articles of this folder."
            )
            if problem:
                scope += f"\n{problem}: it is left as it is."
            offer = "" if problem else "Keep these as the story's tags for this folder"
        dialog = TagManagerDialog(before, self.window, scope=scope, offer_story=offer)

        def accepted() -> None:
            to_story = story is not None or dialog.start_story()
            after = dialog.tags()
            self._save(folder, after, to_story)
            apply(folder, before, after, sessions)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _save(self, folder: Path, tags: list[Tag], to_story: bool) -> None:
        path = tagsets.story_file(folder) if to_story else tagsets.default_file()
        try:
            tagsets.write(path, tags)
        except tagsets.TagSetError as error:
            messages.warning(f"The tags were not kept for new articles: {error}")


def apply(folder: Path, before: list[Tag], after: list[Tag], sessions: list[ArticleSession]) -> int:
    """Give every open, editable article of `folder` the changed set; how many changed."""
    changed = 0
    for session in sessions:
        if session.path.parent != folder or session.read_only:
            continue
        tags = tagsets.carried_over(session.model.sidecar.tags, before, after)
        if tags != session.model.sidecar.tags:
            session.set_tags(tags)
            changed += 1
    return changed
