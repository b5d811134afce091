"""Fonts for the PDF brief, found on the system at run time (none is bundled).

The brief's text is set in DejaVu Sans where the system has it (most Linux desktops
do), else in another Unicode font fontconfig offers for "sans-serif"; every character
that font lacks (Bengali, CJK, emoji…) is looked up with fontconfig (`fc-match
:charset=…`) and set in the font it names. Without fontconfig (Windows, macOS without
it), fonts are looked for in the usual folders. With no usable font at all, the PDF falls
back to the PDF standard Helvetica, which holds only Latin-1: other characters are
shown as "?", and the brief says so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

MAX_FALLBACKS = 12
# Scripts whose letters change shape or order as they join: right-to-left ones, and the
# Indic, South-East Asian, Tibetan, Mongolian and other ranges HarfBuzz must shape.
_SHAPED = re.compile(
    "[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u18af"
    "\u1900-\u1aaf\u1b00-\u1c4f\ua800-\uabff\ufb1d-\ufdff\ufe70-\ufeff"
    "\U00010800-\U00010fff\U00011000-\U000115ff]"
)
_FONT_SUFFIXES = (".ttf", ".otf")  # what fpdf2 embeds; collections (.ttc) are left out
_KNOWN = (  # (regular, bold) where fontconfig is missing
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    ("/Library/Fonts/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf"),
    ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
     "/System/Library/Fonts/Supplemental/Arial Unicode.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
)  # fmt: skip


@dataclass
class Fonts:
    """The fonts a brief's text needs: the main one (regular and bold), the fallbacks for
    what it lacks, and the characters no font found holds."""

    regular: str | None  # None: the PDF standard Helvetica (Latin-1 only)
    bold: str | None
    fallbacks: list[str] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)


def needs_shaping(text: str) -> bool:
    """True when `text` holds a script that must be shaped (Arabic, Hebrew, Bengali…);
    shaping Latin, Cyrillic, Greek or CJK costs time and changes nothing."""
    return _SHAPED.search(text) is not None


def fonts_for(text: str) -> Fonts:
    """The fonts that can set `text`."""
    regular, bold = _main_fonts()
    if regular is None:
        return Fonts(None, None, missing={c for c in set(text) if ord(c) > 0xFF})
    covered = _characters(regular)
    lacking = sorted(c for c in set(text) if ord(c) > 0x20 and ord(c) not in covered)
    fallbacks: list[str] = []
    missing: set[str] = set()
    tried: set[str] = set()
    for char in lacking:
        if any(ord(char) in _characters(font) for font in fallbacks):
            continue
        font = _font_with(char) if len(tried) < MAX_FALLBACKS * 3 else None
        if font and font not in tried:
            tried.add(font)
            if ord(char) in _characters(font) and len(fallbacks) < MAX_FALLBACKS:
                fallbacks.append(font)
                continue
        missing.add(char)
    return Fonts(regular, bold, fallbacks, missing)


@lru_cache(maxsize=1)
def _main_fonts() -> tuple[str | None, str | None]:
    for family in ("DejaVu Sans", "sans-serif"):
        regular = _fc_match(family)
        if regular:
            return regular, _fc_match(f"{family}:bold") or regular
    for regular, bold in _KNOWN:
        if Path(regular).is_file():
            return regular, bold if Path(bold).is_file() else regular
    return None, None


@lru_cache(maxsize=256)
def _font_with(char: str) -> str | None:
    return _fc_match(f":charset={ord(char):x}")


@lru_cache(maxsize=64)
def _fc_match(pattern: str) -> str | None:
    """The font file fontconfig picks for `pattern`, if it is one fpdf2 can embed."""
    command = shutil.which("fc-match")
    if not command:
        return None
    try:
        found = subprocess.run(
            [command, "--format=%{file}", pattern],
            capture_output=True, text=True, timeout=10, check=False,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    if found.lower().endswith(_FONT_SUFFIXES) and Path(found).is_file() and _characters(found):
        return found
    return None


@lru_cache(maxsize=64)
def _characters(path: str) -> frozenset[int]:
    """The code points a font file has glyphs for (empty for one that cannot be read)."""
    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            return frozenset(font.getBestCmap() or ())
    except (OSError, TTLibError, AssertionError, KeyError):
        return frozenset()
