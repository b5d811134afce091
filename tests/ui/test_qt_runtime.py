"""The Qt binding itself: a build that loses references would abort the program."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal


class _Probe(QObject):
    ping = Signal()


def test_void_calls_and_signals_keep_none_and_true_alive():
    timer, probe = QTimer(), _Probe()
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(200):
        timer.stop()
        probe.ping.emit()
    after = sys.getrefcount(None), sys.getrefcount(True)
    assert after[0] >= before[0] - 50 and after[1] >= before[1] - 50, (before, after)
