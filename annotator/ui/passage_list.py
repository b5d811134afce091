"""The passage lists' tables, their sortable headers, and the tag filter's key caps."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from annotator.model import Tag
from annotator.ui import icons, qt_models

KEY_ROLE = Qt.ItemDataRole.UserRole + 7  # a tag filter entry's key, drawn as a key cap
SORT_TIP = "Click a column's header to sort by it; click Passage for the article's order"


def table(
    name: str,
    proxy,
    view: QTableView | None = None,
    stretch: tuple[int, ...] = (qt_models.QUOTE, qt_models.NOTE),
    widths: tuple[tuple[int, int], ...] = (
        (qt_models.TAG, 96),
        (qt_models.STATUS, 84),
        (qt_models.FOUND, 72),
    ),
) -> QTableView:
    """A list of rows: one selected at a time, read-only, its columns sized."""
    view = view or QTableView()
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the list; arrows move within it
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setModel(proxy)
    header = view.horizontalHeader()  # sized once the model gives it sections
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if proxy is None:
        return view
    size_columns(view, stretch, widths)
    return view


def size_columns(
    view: QTableView,
    stretch: tuple[int, ...] = (qt_models.QUOTE, qt_models.NOTE),
    widths: tuple[tuple[int, int], ...] = (
        (qt_models.TAG, 96),
        (qt_models.STATUS, 84),
        (qt_models.FOUND, 72),
    ),
) -> None:
    """Let the quote and the note take the room; the other columns as wide as given."""
    header = view.horizontalHeader()
    for column in stretch:
        if column < header.count():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    for column, width in widths:
        header.resizeSection(column, width)


def sortable(view: QTableView) -> None:
    """A header click sorts by that column; the rows start in the article's order."""
    header = view.horizontalHeader()
    header.setSortIndicator(qt_models.QUOTE, Qt.SortOrder.AscendingOrder)
    header.setSortIndicatorShown(True)
    header.setSectionsClickable(True)
    header.setToolTip(SORT_TIP)
    view.setSortingEnabled(True)


def add_tag_choice(combo: QComboBox, tag: Tag | None, label: str, tag_id: str) -> None:
    """A tag filter entry: its colour, its label, and its key (a key cap, drawn apart)."""
    if tag is None:
        combo.addItem(label, tag_id)
        return
    combo.addItem(icons.tag_icon(tag.color), label, tag_id)
    index = combo.count() - 1
    if tag.key:
        combo.setItemData(index, tag.key, KEY_ROLE)
        combo.setItemData(index, f"{label}, key {tag.key}", Qt.ItemDataRole.AccessibleTextRole)
        combo.setItemData(
            index, f"Key {tag.key} marks a passage as {label}", Qt.ItemDataRole.ToolTipRole
        )


class KeyCapDelegate(QStyledItemDelegate):
    """Draws an entry with its key in a small rounded box at the right, as a key cap."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        key = index.data(KEY_ROLE)
        if not key:
            return
        metrics = option.fontMetrics
        width = max(metrics.horizontalAdvance(str(key)) + 10, metrics.height() + 2)
        height = metrics.height() + 2
        rect = QRect(0, 0, width, height)
        rect.moveCenter(option.rect.center())
        rect.moveRight(option.rect.right() - 6)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active
        text = option.palette.color(
            group,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(text)
        painter.setBrush(option.palette.color(group, QPalette.ColorRole.Button))
        painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 3, 3)
        painter.setPen(option.palette.color(group, QPalette.ColorRole.ButtonText))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(key))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex):
        size = super().sizeHint(option, index)
        if index.data(KEY_ROLE):
            size.setWidth(size.width() + option.fontMetrics.height() + 24)
        return size


def key_caps(combo: QComboBox, parent: QWidget | None = None) -> None:
    """Show a combo box's keys (KEY_ROLE) as key caps in its list."""
    combo.setItemDelegate(KeyCapDelegate(parent or combo))
