"""The README's screenshots script still runs and draws the window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshots.py"


def test_the_screenshot_script_makes_four_pictures_of_the_window(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path)],
        check=True,
        env=env,
        capture_output=True,
        timeout=120,
    )
    for name in ("light.png", "dark.png", "arabic.png", "suggestions.png"):
        image = QImage(str(tmp_path / name))
        assert (image.width(), image.height()) == (1280, 800), name
    assert mean_lightness(tmp_path / "light.png") > 0.7
    assert mean_lightness(tmp_path / "dark.png") < 0.4


def mean_lightness(path: Path) -> float:
    image = QImage(str(path))
    samples = [
        image.pixelColor(x, y).lightnessF()
        for x in range(0, image.width(), 16)
        for y in range(0, image.height(), 16)
    ]
    return sum(samples) / len(samples)
