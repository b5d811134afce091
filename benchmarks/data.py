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
# Words of another story, for an article the passages above do not come from: common
# English pieces (" the ", "ing ") but none of its phrases.
_OTHER_ENGLISH = (
    "a ferry from the northern islands was delayed for six hours by strong winds while "
    "passengers queued at the terminal and the operator promised refunds, according to "
    "its spokeswoman; more sailings are expected to resume by Friday morning"
).split()
_OTHER_ARABIC = (
    "أعلنت الشركة عن تأخير الرحلات بسبب الرياح القوية وسيتم تعويض المسافرين صباح الجمعة".split()
)
_OTHER_BENGALI = "ঝড়ের কারণে ফেরি চলাচল ছয় ঘণ্টা বন্ধ ছিল এবং যাত্রীরা টার্মিনালে অপেক্ষা করেছেন".split()
_ARABIC = (
    "قال المتحدث باسم الوزارة إن الأرقام الرسمية صحيحة وإن التقرير سينشر الأسبوع المقبل".split()
)
_BENGALI = "প্রতিবেদনে বলা হয়েছে যে বাঁধের খরচ প্রতিশ্রুতির চেয়ে অনেক বেশি".split()
_EMOJI = ["😀", "🌊", "📈", "🚢"]


def article(size: int, seed: int = 7, other: bool = False) -> str:
    """About `size` code points of paragraphs: English, with some Arabic, Bengali and emoji.

    `other`: another story, in the same three scripts (sharing common words and pieces only).
    """
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    while total < size:
        kind = rng.random()
        arabic, bengali, english = (
            (_OTHER_ARABIC, _OTHER_BENGALI, _OTHER_ENGLISH)
            if other
            else (_ARABIC, _BENGALI, _ENGLISH)
        )
        vocabulary = arabic if kind < 0.08 else bengali if kind < 0.14 else english
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
