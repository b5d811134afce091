"""What reaches a terminal: messages on one safe line, argparse's errors too."""

from __future__ import annotations

import argparse
import re
from typing import NoReturn

# Control characters (C0, DEL, C1) and lone surrogates: never sent to a terminal as they
# are, where they would clear the screen, retitle the window, forge a link or break a line.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def one_line(text: str) -> str:
    """`text` fit for one line of a terminal: control characters shown as escapes (\\n, \\x1b)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class Parser(argparse.ArgumentParser):
    """argparse, with its usage errors (which echo what was typed) on one safe line."""

    def error(self, message: str) -> NoReturn:
        super().error(one_line(message))
