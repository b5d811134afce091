"""Clutter: paragraphs of an article that look like the site's furniture, or that repeat
an earlier paragraph. They are flagged, never removed: the window dims them, the brief
leaves them out of its full text unless asked, and passages can still be marked on them.

The rules, each on one paragraph (a run of lines between blank lines, as the brief counts
them), in this order:

Furniture
  1. navigation: three or more items of at most four words each, each starting with a
     letter, split by | • · › » or line breaks, none ending a sentence ("Home | News |
     Sport | Weather"); a table's rows (cells between tabs, or a line starting with a
     bar) are not;
 1b. a menu saved one item a paragraph: three or more paragraphs in a row, each such an
     item (a site label between them does not break the run);
  2. a site's label or call to action, alone or before a colon, bar or arrow: "Related
     news", "Read more: …", "Share this article", "Advertisement", "Sign up for our
     newsletter" (LABELS, in English, Arabic, French, Spanish and German); and a line of
     at most 15 words asking to follow or share on a social network;
  3. copyright and design credits: "© 2026 …", "All rights reserved", and "Powered by …",
     "Designed by …" at the start or after a bar or dot, in a paragraph of at most 30
     words;
  4. a footer in another script: a paragraph of under 15 words whose letters are mostly
     of another script than the body's, with no paragraph of four words or more in the
     body's script after it (other than furniture);
  5. in a paged source (a PDF), a running header or footer: a paragraph of at most 12
     words that occurs three times or more, numbers aside ("Page 3 of 20"), every one.
Repeats
  6. a paragraph of five words or more that is word for word an earlier one (white space
     aside);
  7. of a paragraph of eight words or more among the first 30 and one of the first five
     long paragraphs (the lede and what stands near it), the later of two that are the
     same (case and punctuation aside) or differ by at most 10%, or the one contained in
     the other (a standfirst repeated as the lede).

Each rule is cheap: exact repeats are found by one dictionary, near ones are sought only
against the lede, so a 10-million-character article is looked at in under half a second.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from annotator.text import PAUSE_EVERY, Paragraphs

FURNITURE, REPEAT = "furniture", "repeat"
NAV_ITEM_WORDS = 4
MENU_ITEMS = 3  # items in a row, one a paragraph, that make a menu
SHORT_WORDS = 12  # a running header or footer is no longer
CREDIT_WORDS = 30
REPEAT_WORDS = 5
NEAR_WORDS = 8
NEAR_RATIO = 90.0  # rapidfuzz ratio: at most 10% of the characters differ
LEDE_PARAGRAPHS = 5
NEAR_PARAGRAPHS = 30  # near repeats of the lede are looked for among the first paragraphs
LONG_WORDS = 15  # a body paragraph, for the lede and the body's script
FOOTER_ENDS_WORDS = 4  # a paragraph this long in the body's script is above the footer

LABELS = (
    # English
    "related", "related news", "related articles", "related stories", "related content",
    "related topics", "read more", "read also", "also read", "see also", "more on this story",
    "more from", "more stories", "most read", "most popular", "most viewed", "top stories",
    "trending", "trending now", "you may also like", "you might also like", "recommended",
    "recommended for you", "share", "share this", "share this article", "share this story",
    "share on facebook", "share on twitter", "share via email", "tweet", "follow us",
    "follow us on", "sign up", "sign up for our newsletter", "subscribe", "subscribe now",
    "newsletter", "advertisement", "advertising", "sponsored", "sponsored content",
    "skip to content", "skip to main content", "cookie policy", "cookies",
    "accept all cookies", "log in", "sign in", "register", "comments", "leave a comment",
    "print", "email", "back to top", "tags", "topics", "filed under", "image caption",
    "image source", "getty images", "watch", "listen", "privacy policy", "terms of use",
    "contact us", "about us", "download our app",
    # Arabic
    "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "إقرأ أيضاً", "أخبار ذات صلة", "مواضيع ذات صلة",
    "اقرأ المزيد", "شارك", "شارك الخبر", "تابعونا", "تابعنا", "اشترك", "إعلان",
    "الأكثر قراءة", "الأكثر مشاهدة", "مواضيع مقترحة",
    # French, Spanish, German
    "lire aussi", "à lire aussi", "a lire aussi", "voir aussi", "partager", "publicité",
    "sur le même sujet", "lea también", "leer más", "publicidad", "compartir",
    "mehr zum thema", "anzeige", "teilen", "lesen sie auch",
)  # fmt: skip
_LABELS = frozenset(LABELS)
_CREDITS = re.compile(
    r"^(?:©|\(c\)\s*\d|copyright\b)|all rights reserved|جميع الحقوق محفوظة|"
    r"tous droits réservés|todos los derechos reservados|alle rechte vorbehalten|"
    r"(?:^|[|·•©]\s*)(?:(?:(?:web\s*)?site\s+|web\s+)?"
    r"(?:powered|designed|design|built|hosted)\s+by|site\s+by)\b",
    re.IGNORECASE,
)
_SOCIAL = re.compile(r"\b(?:facebook|twitter|instagram|whatsapp|linkedin|pinterest|tiktok)\b", re.I)
_FOLLOW = re.compile(r"\b(?:follow|share|like us|tweet|subscribe)\b", re.I)
_NAV_SPLIT = re.compile(r"\s*(?:[|•·›»]|\s/\s|\n)\s*")
_ENDS_SENTENCE = re.compile(r"[.!?؟。…]$")
_BEFORE_SEPARATOR = re.compile(r"^(.{1,40}?)\s*(?:[:|»›>–—]|\s-\s|\n)")
_NUMBERS = re.compile(r"\d+")


@dataclass(frozen=True)
class Clutter:
    """One flagged paragraph: text[start:end], its kind and the rule, in plain words."""

    start: int
    end: int
    kind: str  # FURNITURE or REPEAT
    reason: str  # "navigation", "repeats the lede", ...
    repeats: int | None = None  # for a repeat: where the paragraph it repeats starts

    def as_json(self) -> dict[str, object]:
        """What `annotator inspect --json` says of it."""
        found: dict[str, object] = {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "reason": self.reason,
        }
        if self.repeats is not None:
            found["repeats"] = self.repeats
        return found


def find_clutter(
    text: str, paged: bool = False, pause: Callable[[], object] | None = None
) -> list[Clutter]:
    """Every paragraph of `text` that looks like furniture or repeats another, in order.

    Running headers and footers (rule 5) are looked for in a `paged` text (a PDF's) only:
    elsewhere a short line that comes back is a subheading or a table's head. `pause` is
    called at each paragraph of each pass (the window's thread may ask for its turn).
    """
    pause = pause or _go_on
    spans = Paragraphs(text, pause).spans
    paragraphs = []  # (44,000 of them in 10 MB: the window's thread may ask to go first)
    for start in range(0, len(spans), PAUSE_EVERY):
        pause()
        paragraphs += [text[s:e] for s, e in spans[start : start + PAUSE_EVERY]]
    words = [_count_words(p) for p in _paced(paragraphs, pause)]
    found: dict[int, Clutter] = {}

    def flag(index: int, kind: str, reason: str, repeats: int | None = None) -> None:
        if index not in found:
            start, end = spans[index]
            found[index] = Clutter(start, end, kind, reason, repeats)

    body_script = _script(
        _opening(p for p, n in zip(paragraphs, words, strict=True) if n >= LONG_WORDS)
    )
    for index, paragraph in enumerate(_paced(paragraphs, pause)):
        reason = _furniture(paragraph, words[index])
        if reason:
            flag(index, FURNITURE, reason)
    _menus(paragraphs, words, found, flag, pause)
    # The footer: the paragraphs after the last one of some length in the body's script.
    if body_script:
        for index in range(len(paragraphs) - 1, -1, -1):
            script = _script(paragraphs[index])
            if script == body_script and words[index] >= FOOTER_ENDS_WORDS and index not in found:
                break
            if script and script != body_script and words[index] < LONG_WORDS:
                flag(index, FURNITURE, "footer in another script")

    if paged:
        _running(paragraphs, words, flag, pause)
    _repeats(paragraphs, words, spans, flag, pause)
    return [found[index] for index in sorted(found)]


def _go_on() -> None:
    """No pause."""


def _paced(items: list[str], pause: Callable[[], object]) -> Iterator[str]:
    """`items`, with `pause()` called before each."""
    for item in items:
        pause()
        yield item


def _furniture(paragraph: str, words: int) -> str:
    """The furniture rule (1-3) a paragraph meets, or ""."""
    if words <= CREDIT_WORDS and _CREDITS.search(paragraph.strip()):
        return "copyright or credits"
    if words <= SHORT_WORDS * 2 and _label(paragraph):
        return "site label"
    if words <= LONG_WORDS and _SOCIAL.search(paragraph) and _FOLLOW.search(paragraph):
        return "site label"
    if _ENDS_SENTENCE.search(paragraph.rstrip()):
        return ""  # a menu's last item ends no sentence: most body paragraphs stop here
    items = [item for item in _NAV_SPLIT.split(paragraph.strip()) if item]
    if (
        len(items) >= 3
        and "\t" not in paragraph  # a table's rows, as Word and OpenDocument give them
        and not paragraph.lstrip().startswith("|")  # and as a web page's reader does
        and all(
            len(item.split()) <= NAV_ITEM_WORDS
            and item[0].isalpha()
            and not _ENDS_SENTENCE.search(item)
            for item in items
        )
    ):
        return "navigation"
    return ""


def _menus(paragraphs: list[str], words: list[int], found: dict, flag, pause) -> None:
    """Rule 1b: a menu saved one item a paragraph: three or more items in a row."""
    run: list[int] = []
    for index in [*range(len(paragraphs)), None]:
        if index is not None and not index % PAUSE_EVERY:
            pause()
        if index is not None and _menu_item(paragraphs[index], words[index]):
            run.append(index)
            continue
        if index is not None and index in found and found[index].kind == FURNITURE:
            continue  # a label between menu items ("Share") does not end the menu
        if len(run) >= MENU_ITEMS:
            for item in run:
                flag(item, FURNITURE, "navigation")
        run = []


def _menu_item(paragraph: str, words: int) -> bool:
    text = paragraph.strip()
    return (
        0 < words <= NAV_ITEM_WORDS
        and text[:1].isalpha()
        and "\n" not in text
        and "\t" not in text
        and not _ENDS_SENTENCE.search(text)
    )


def _label(paragraph: str) -> bool:
    """True when the paragraph is a site label, alone or before a colon, bar or arrow."""
    lowered = paragraph.strip().casefold()
    if _plain(lowered) in _LABELS:
        return True
    head = _BEFORE_SEPARATOR.match(lowered)
    return bool(head) and _plain(head.group(1)) in _LABELS


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


SCRIPT_SAMPLE = 20000  # code points whose letters tell a text's script


def _opening(paragraphs: Iterable[str]) -> str:
    """The paragraphs joined by spaces, as far as `_script` looks: not the whole of a
    10 MB article in one call, which would hold the interpreter's lock for 35 ms."""
    taken: list[str] = []
    length = 0
    for paragraph in paragraphs:
        taken.append(paragraph)
        length += len(paragraph) + 1
        if length > SCRIPT_SAMPLE:
            break
    return " ".join(taken)


def _script(text: str) -> str:
    """The script most of the letters of `text` are in ("LATIN", "ARABIC"), or ""."""
    counts: Counter[str] = Counter()
    for char, count in Counter(text[:SCRIPT_SAMPLE]).items():  # each character looked up once
        if char.isalpha():
            counts[_script_of(char)] += count
    if not counts:
        return ""
    script, count = counts.most_common(1)[0]
    return script if count >= 0.6 * sum(counts.values()) else ""


@cache
def _script_of(char: str) -> str:
    return unicodedata.name(char, "?").split()[0]


_NOT_ALNUM = re.compile(r"[\W_]+")


def _normal(paragraph: str) -> str:
    """A paragraph as compared for repeats: letters and digits, case and spacing aside."""
    return _NOT_ALNUM.sub(" ", paragraph.casefold()).strip()


def _running(paragraphs: list[str], words: list[int], flag, pause) -> None:
    """Rule 5: short paragraphs that come back three times or more, numbers aside."""
    shapes: dict[str, list[int]] = {}
    for index, paragraph in enumerate(_paced(paragraphs, pause)):
        if words[index] <= SHORT_WORDS:
            shape = _NUMBERS.sub("#", _normal(paragraph))
            if shape:
                shapes.setdefault(shape, []).append(index)
    for indices in shapes.values():
        if len(indices) >= 3:
            for index in indices:
                flag(index, FURNITURE, "running header or footer")


def _repeats(paragraphs: list[str], words: list[int], spans, flag, pause) -> None:
    """Rules 6 and 7: exact repeats of any paragraph, near repeats of the lede."""
    from rapidfuzz.fuzz import ratio  # already loaded by anchoring in the window

    seen: dict[str, int] = {}
    lede = [i for i, n in enumerate(words) if n >= LONG_WORDS][:LEDE_PARAGRAPHS]
    first_lede = lede[0] if lede else None
    normals: dict[int, str] = {}

    def normal(index: int) -> str:
        if index not in normals:
            normals[index] = _normal(paragraphs[index])
        return normals[index]

    def reason(of: int) -> str:
        return "repeats the lede" if of == first_lede else f"repeats paragraph {of + 1}"

    for index, paragraph in enumerate(_paced(paragraphs, pause)):
        if words[index] < REPEAT_WORDS:
            continue
        earlier = seen.setdefault(_spaced(paragraph), index)
        if earlier != index:
            flag(index, REPEAT, reason(earlier), spans[earlier][0])
            continue
        if words[index] < NEAR_WORDS or index >= NEAR_PARAGRAPHS:
            continue
        for other in lede:
            a, b = normal(min(index, other)), normal(max(index, other))
            if other == index or a.count(" ") + 1 < NEAR_WORDS or b.count(" ") + 1 < NEAR_WORDS:
                continue  # mostly signs and emoji: nothing said to repeat
            later = max(index, other)
            if a == b or b in a or ratio(a, b) >= NEAR_RATIO:
                flag(later, REPEAT, reason(min(index, other)), spans[min(index, other)][0])
                break
            if a in b:  # the earlier one says less: it is the repeat
                flag(min(index, other), REPEAT, reason(later), spans[later][0])
                break


def _plainly_spaced(paragraph: str) -> bool:
    return "  " not in paragraph and "\n" not in paragraph and "\t" not in paragraph


def _count_words(paragraph: str) -> int:
    """Words of a paragraph; for one spaced plainly, counted without splitting it."""
    if _plainly_spaced(paragraph) and paragraph == paragraph.strip():
        return paragraph.count(" ") + 1 if paragraph else 0
    return len(paragraph.split())


def _spaced(paragraph: str) -> str:
    """A paragraph with its white space made single spaces (most already are)."""
    return paragraph if _plainly_spaced(paragraph) else " ".join(paragraph.split())


def summary(clutter: list[Clutter]) -> str:
    """One line for the window: "2 paragraphs look like site furniture; 1 repeats the lede"."""
    furniture = sum(1 for c in clutter if c.kind == FURNITURE)
    repeats = [c for c in clutter if c.kind == REPEAT]
    parts = []
    if furniture:
        parts.append(
            f"{furniture} paragraph{'s' if furniture != 1 else ''} "
            f"look{'s' if furniture == 1 else ''} like site furniture"
        )
    lede = sum(1 for c in repeats if c.reason == "repeats the lede")
    if lede:
        parts.append(f"{lede} repeat{'s' if lede == 1 else ''} the lede")
    others = len(repeats) - lede
    if others:
        parts.append(f"{others} repeat{'s' if others == 1 else ''} an earlier paragraph")
    return "; ".join(parts)
