"""Help ▸ Keyboard Shortcuts: every shortcut of the window, read from its menus.

The list is made from the actions as they are declared (menus.py), so it never says a
key that is not bound: each menu's actions with their shortcuts, a tag's key from the
current article's Passage ▸ Tag menu, then the keys the article, the Suggested list and
the Find bar take themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.ui import article_view, find_bar, suggested_list

Group = tuple[str, list[tuple[str, str]]]  # a heading; (what it does, the keys) each
SPECIAL_KEYS = Qt.Key.Key_Back.value  # from here on: media, launch and office keys

VIEW_KEYS: tuple[tuple[str, Sequence[tuple[str, str]]], ...] = (
    ("In the article", article_view.KEYS),
    ("In the Suggested list", suggested_list.KEYS),
    ("In the Find bar", find_bar.KEYS),
)


def _plain(text: str) -> str:
    """A menu entry's words, without its mnemonic, its ellipsis or its tab hint."""
    return text.split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def keys_of(action: QAction) -> str:
    """An action's shortcuts as the platform writes them, or the key a menu entry shows
    after a tab (a tag's key, taken by the article itself). Keys a keyboard rarely has
    (Open, Save, Undo...: the platform's standard bindings add them) are left out."""
    shortcuts = [
        s.toString(QKeySequence.SequenceFormat.NativeText)
        for s in action.shortcuts()
        if s[0].key().value < SPECIAL_KEYS and s[0].key() != Qt.Key.Key_Help
    ]
    if not shortcuts and "\t" in action.text():
        shortcuts = [action.text().split("\t", 1)[1].strip()]
    return ", ".join(s for s in shortcuts if s)


def menu_groups(bar: QMenuBar, others: Iterable[QAction] = ()) -> list[Group]:
    """Each menu's (and submenu's) entries that have keys, in menu order; then `others`,
    the window's actions with keys that no menu shows."""
    groups: list[Group] = []
    listed: set[int] = set()

    def walk(menu: QMenu, heading: str) -> None:
        rows = []
        for action in menu.actions():
            listed.add(id(action))
            if action.menu() is not None:
                continue  # a submenu: a group of its own, after this one
            keys = keys_of(action)
            if keys and not action.isSeparator():
                rows.append((_plain(action.text()), keys))
        if rows:
            groups.append((heading, rows))
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{heading} ▸ {_plain(sub.title())}")

    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            walk(menu, _plain(menu.title()))
    rest = [(_plain(a.text()), keys_of(a)) for a in others if id(a) not in listed and keys_of(a)]
    if rest:
        groups.append(("Other", rest))
    return groups


def window_groups(bar: QMenuBar, others: Iterable[QAction] = ()) -> list[Group]:
    """The menus' shortcuts, then the keys of the article, the lists and the Find bar."""
    return menu_groups(bar, others) + [(heading, list(keys)) for heading, keys in VIEW_KEYS]


class ShortcutsDialog(QDialog):
    """The shortcuts by menu, with a search field that narrows them as she types."""

    def __init__(self, groups: list[Group], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search actions and keys")
        self.search.setAccessibleName("Search shortcuts")
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Shortcut"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        for heading, rows in groups:
            group = QTreeWidgetItem(self.tree, [heading])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for what, keys in rows:
                QTreeWidgetItem(group, [what, keys])
        self.tree.expandAll()
        widest = max(
            (
                self.fontMetrics().horizontalAdvance(what)
                for _h, rows in groups
                for what, _k in rows
            ),
            default=200,
        )
        self.tree.setColumnWidth(0, widest + 2 * self.tree.indentation() + 16)  # keys: the rest
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.narrow)
        self.resize(640, 640)

    def narrow(self, typed: str) -> None:
        """Show only the entries whose words or keys hold every word typed."""
        words = typed.casefold().split()
        for number in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(number)
            heading = group.text(0).casefold()
            shown = 0
            for row in range(group.childCount()):
                item = group.child(row)
                haystack = f"{heading} {item.text(0)} {item.text(1)}".casefold()
                hidden = not all(word in haystack for word in words)
                item.setHidden(hidden)
                shown += not hidden
            group.setHidden(shown == 0)

    def shown(self) -> list[tuple[str, str, str]]:
        """The entries shown, as (heading, what, keys): what she sees, for tests."""
        found = []
        for number in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(number)
            if group.isHidden():
                continue
            for row in range(group.childCount()):
                item = group.child(row)
                if not item.isHidden():
                    found.append((group.text(0), item.text(0), item.text(1)))
        return found
