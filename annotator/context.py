"""How well a candidate's surroundings match a passage's stored prefix and suffix."""

from __future__ import annotations

import functools
import re

CONTEXT_HALF_LIFE = 4.0  # an edit this many characters farther from the passage weighs half
_CIGAR = re.compile(r"(\d+)([=XID])")


def context_similarity(stored: str, found: str, before: bool = False) -> float:
    """How well the text beside a candidate matches the stored prefix or suffix, 0 to 1.

    As Hypothesis scores context, the stored context is matched approximately anywhere in
    the text of its length beside the candidate (`before`: a prefix, which ends where
    the passage starts), so a typo in the context still points at the right place. Each
    edit then weighs less the farther it stands from the passage (halving every
    CONTEXT_HALF_LIFE characters): of two look-alikes, the one whose immediate
    surroundings match wins. Where the article begins or ends within the context's
    reach, only the part the text holds is compared: what lies beyond the article's
    edge is no evidence either way (0.5 when nothing is left to compare).
    """
    if not stored:
        return 1.0
    if len(found) < len(stored):
        stored = stored[len(stored) - len(found) :] if before else stored[: len(found)]
    if not stored:
        return 0.5
    if stored in found:
        return 1.0  # no edit at all: what the alignment below would find, found at once
    import edlib

    symbols = TableWithDefault({ord(ch): i + 1 for i, ch in enumerate(dict.fromkeys(stored))})
    query, target = stored.translate(symbols), found.translate(symbols)
    path = edlib.align(query.encode("latin-1"), target.encode("latin-1"), mode="HW", task="path")
    size = len(stored)
    weight, total = _weights(size, before)
    errors, position = 0.0, 0
    for count, operation in _CIGAR.findall(path["cigar"] or ""):
        count = int(count)
        if operation == "D":  # text the stored context lacks, between two of its characters
            errors += count * weight[min(position, size - 1)]
            continue
        if operation in "XI":  # a character changed, or missing from the text
            errors += sum(weight[position : position + count])
        position += count
    return 1.0 - min(errors / total, 1.0)


@functools.cache
def _weights(size: int, before: bool) -> tuple[list[float], float]:
    """What an edit at each place of a context of `size` weighs, and their sum."""
    weight = [0.5 ** ((size - 1 - i if before else i) / CONTEXT_HALF_LIFE) for i in range(size)]
    return weight, sum(weight)


class TableWithDefault(dict):
    """A str.translate table mapping every code point it does not hold to byte 0."""

    def __missing__(self, key: int) -> int:
        return 0
