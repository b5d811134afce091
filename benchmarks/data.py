"""Data the benchmarks make for themselves: long mixed-script articles and their sidecars."""

from __future__ import annotations

import random

from annotator.resources import default_tags

from annotator.model import Sidecar, make_annotation

_ENGLISH = (
    "the council said on Tuesday that the barrier would cost £18.6 million, a figure "
    "campaigners called “fantasy”; officials declined to publish the engineers’ report "
    "while residents of the quay waited for answers about 1,240 homes and the 2026 deadline"
).split()
_ARABIC = (
    "قال المتحدث باسم الوزارة إن الأرقام الرسمية صحيحة وإن التقرير سينشر الأسبوع المقبل".split()
)
_BENGALI = "প্রতিবেদনে বলা হয়েছে যে বাঁধের খরচ প্রতিশ্রুতির চেয়ে অনেক বেশি".split()
_EMOJI = ["😀", "🌊", "📈", "🚢"]


def article(size: int, seed: int = 7) -> str:
    """About `size` code points of paragraphs: English, with some Arabic, Bengali and emoji."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    while total < size:
        kind = rng.random()
        vocabulary = _ARABIC if kind < 0.08 else _BENGALI if kind < 0.14 else _ENGLISH
        words = [rng.choice(vocabulary) for _ in range(rng.randint(30, 110))]
        if rng.random() < 0.2:
            words.insert(rng.randrange(len(words)), rng.choice(_EMOJI))
        paragraph = " ".join(words) + f" (§{len(paragraphs)})."
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:size]


def passages(text: str, count: int, seed: int = 11) -> list[tuple[int, int]]:
    """`count` spans of 20-160 code points spread over the text, in document order."""
    rng = random.Random(seed)
    step = max(1, (len(text) - 200) // count)
    spans = []
    for n in range(count):
        start = n * step + rng.randrange(max(1, step // 2))
        spans.append((start, min(len(text), start + rng.randint(20, 160))))
    return spans


def sidecar(text: str, count: int) -> Sidecar:
    """A sidecar with `count` annotated passages, notes and statuses, over `text`."""
    tags = default_tags()
    result = Sidecar(tags=tags)
    statuses = [None, "to-verify", "verified", "disputed"]
    for n, (start, end) in enumerate(passages(text, count)):
        result.annotations.append(
            make_annotation(
                text, start, end, tag=tags[n % len(tags)].id, status=statuses[n % 4],
                note=f"Passage {n}: check the figure with the council press office.",
            )
        )  # fmt: skip
    return result
