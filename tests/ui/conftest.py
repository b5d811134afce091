"""Window tests: private settings, and a window that never opens a file viewer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QStandardPaths

from annotator.ui.app import configure


@pytest.fixture(autouse=True)
def _test_settings(qapp):
    """Settings in Qt's test location, cleared for each test; the program's own names."""
    QStandardPaths.setTestModeEnabled(True)
    configure(qapp)
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture(autouse=True)
def said(monkeypatch):
    """Every message the program says to the user in this test, as (level, text).

    Each test gets a bridge of its own, so windows of earlier tests hear nothing.
    """
    from annotator.ui import messages

    monkeypatch.setattr(messages, "_bridge", None)
    heard: list[tuple[messages.Level, str]] = []
    messages.bridge().shown.connect(lambda level, text: heard.append((level, text)))
    return heard


@pytest.fixture
def window(qtbot):
    """The main window, shown, with no article open."""
    from annotator.ui.main_window import MainWindow

    main = MainWindow()
    main.brief.offer_to_open = False
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()
    qtbot.waitActive(main)
    return main


def pytest_collection_modifyitems(items):
    """The offscreen platform cannot pass size hints to a window; that is not our warning."""
    for item in items:
        item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))
