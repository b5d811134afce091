"""The articles open when the window last closed, opened again; recent files named with
their folders."""

from __future__ import annotations

from pathlib import Path

from annotator.ui import messages


def remember(window) -> None:
    """Keep the open tabs (in order), the current one and the story's folder in settings."""
    settings = window.settings
    settings.open_files = [str(page.path) for page in window.pages()]
    page = window.page
    settings.current_file = str(page.path) if page is not None else ""
    folder = window.story.folder
    settings.story_folder = str(folder) if folder is not None else ""


def restore(window) -> list[Path]:
    """Open again the articles open last time that still exist; say once which are gone."""
    settings = window.settings
    wanted = [Path(name) for name in settings.open_files]
    current, folder = settings.current_file, settings.story_folder
    gone = [path for path in wanted if not path.is_file()]
    opened = [path for path in wanted if path.is_file() and window.open_path(path) is not None]
    pages = window.pages()
    chosen = [page for page in pages if str(page.path) == current] or pages[:1]
    if chosen:  # the current one, or the first when it is gone
        window.tabs.setCurrentWidget(chosen[0])
    if not window.pages() and folder and Path(folder).is_dir():
        window.story.set_folder(Path(folder))
    if gone:
        names = ", ".join(path.name for path in gone)
        messages.info(f"Not reopened, no longer where they were: {names}")
    remember(window)
    return opened


def folder_shown(folder: Path) -> str:
    """A folder as she reads it: under her home folder as ~/…."""
    home = Path.home()
    try:
        return "~/" + folder.relative_to(home).as_posix() if folder != home else "~"
    except ValueError:
        return str(folder)


def recent_label(path: Path) -> str:
    """How Open Recent names a file: "article.txt — ~/stories/flood"."""
    return f"{path.name} — {folder_shown(path.parent)}"


def fill_recent(window) -> None:
    """The File ▸ Open Recent menu, as it is about to show: each file with its folder."""
    menu = window.menus.recent_menu
    menu.clear()
    recent = window.settings.recent_files
    for path in recent:
        action = menu.addAction(recent_label(Path(path)).replace("&", "&&"))
        action.setToolTip(path)
        action.setStatusTip(path)
        action.triggered.connect(lambda _checked=False, p=path: window.open_path(Path(p)))
    if not recent:
        menu.addAction("No recent articles").setEnabled(False)
    else:
        menu.addSeparator()
        menu.addAction("Clear List", lambda: setattr(window.settings, "recent_files", []))
