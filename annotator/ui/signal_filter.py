"""Pass a tab's signals to the window only while that tab is current.

After qutebrowser's browser/signalfilter.py: every tab's signals are connected through
the filter, which drops those of background tabs, so the window never asks which tab
a signal came from.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtWidgets import QTabWidget, QWidget


class CurrentTabFilter(QObject):
    """Connects a tab's signals to slots that run only while the tab is current."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self._tabs = tabs

    def connect(self, signal: SignalInstance, tab: QWidget, slot: Callable[..., object]) -> None:
        """Call `slot` with the signal's arguments when `tab` emits it while current."""

        def forward(*args: object) -> None:
            if self._tabs.currentWidget() is tab:
                slot(*args)

        signal.connect(forward)
