"""Direct quotations and who said them, found by their marks and reporting patterns. No Qt.

A quotation is the text between a pair of quotation marks (every common pair: “” ‘’ «»
‹› „“ ‚‘ »« 「」 『』 and straight quotes), followed across paragraphs where each new
paragraph reopens the quote. Its speaker is read from the reporting pattern beside it:
`…," said X` / `X said` / `X told` / `according to X` / `X: "…"` / `the report said`, with
reporting verbs in English, French, Spanish and German, and Arabic's قال / وقال / أضاف /
بحسب. Offsets are code points into the text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from annotator.reporting_words import (
    _AUXILIARIES,
    _DETERMINERS,
    _GOES_ON,
    _NAME_STOP,
    _PARTICLES,
    _SPEAKER_AFTER,
    CUES,
    PRONOUNS,
)

# Opening mark -> the marks that may close it.
_CLOSERS = {
    "“": "”“\"", "„": "“”", "«": "»", "»": "«»", "‹": "›", "›": "‹›", "‚": "‘’",
    "‘": "’", "「": "」", "『": "』", '"': '"”', "'": "'’", "”": "”",
}  # fmt: skip
_MARKS = frozenset("“”„«»‹›‚‘’「」『』\"'")
# Two apostrophes (or two grave accents) stand for a double mark in some agency copy.
_MARK_RE = re.compile("''|``|[“”„«»‹›‚‘’「」『』\"'\n]")
_AS_DOUBLE = {"''": '"', "``": "“"}
_SINGLE = frozenset("‘’‚'‹›")
_SPACE = frozenset(" \t\u00a0\u202f\u2009")
MAX_QUOTE = 4000  # code points: a longer "quotation" is a stray mark
MAX_PARAGRAPHS = 6

# Titles keep their full stop ("Mr.", "Sen.", an initial), so a name is not cut there.
_TITLES = """Mr Mrs Ms Dr Sen Rep Reps Sens Gov Lt Gen Col Sgt Prof St Jr Sr Rev Sec Amb Capt Maj
    Adm Atty Det Hon Pres Mme Mlle Sra Dra Hr Fr""".split()
_TITLE_STOP = "|".join(rf"(?<=\b{re.escape(t)}\.)" for t in _TITLES) + r"|(?<=\b[A-Z]\.)"
_TOKEN = re.compile(
    rf"[^\W\d_](?:[\w'’\-]|\.(?=\w))*(?:\.(?=\s)(?:{_TITLE_STOP}))?"
    r"|\d(?:[\d]|[.,](?=\d))*|[^\w\s]"
)
_SENTENCE_END = re.compile(r"[.!?…]\s+(?=[A-ZÀ-ÖØ-ÞА-Я\"“‘«„])|[.!?][”’\"»]?\s*$|\n")

_cue_index: dict[str, list[tuple[str, ...]]] = {}
for _words in CUES.values():
    for _cue in _words.split():
        _parts = tuple(_cue.split("|"))
        _cue_index.setdefault(_parts[0], []).append(_parts)
for _options in _cue_index.values():
    _options.sort(key=len, reverse=True)


@dataclass(slots=True)  # not frozen: thousands are made for one article
class Quotation:
    """A quoted stretch: its words (code points, marks left out), and what spoke them."""

    start: int
    end: int
    speaker: tuple[int, int] | None
    speaker_name: str
    confidence: float
    paragraphs: int = 1  # how many paragraphs the quotation spans


def find_quotations(text: str, stop: Callable[[], bool] | None = None) -> list[Quotation]:
    """Every direct quotation in `text`, in document order, with its speaker where known
    (those found so far, once `stop` says so)."""
    found: list[Quotation] = []
    last_named = ""
    last: Quotation | None = None
    for start, end, paragraphs in quoted_spans(text):
        if stop is not None and stop():
            break
        quotation = _attribute(text, start, end, paragraphs, last, last_named)
        if quotation is None:
            continue
        found.append(quotation)
        last = quotation
        if quotation.speaker is not None:
            named = text[quotation.speaker[0] : quotation.speaker[1]]
            if named.casefold() not in PRONOUNS and named[:1].isupper():
                last_named = " ".join(named.split())
    return found


def quoted_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraphs) inside each outermost pair of quotation marks."""
    spans: list[tuple[int, int, int]] = []
    stack: list[tuple[str, int]] = []  # (opening mark, its offset)
    reopened: set[int] = set()  # marks that reopen a quotation in its next paragraph
    paragraphs = 1
    length = len(text)
    skip_to = 0  # the end of the white space after a line break already looked at
    for match in _MARK_RE.finditer(text):
        i = match.start()
        mark = match.group()
        width = len(mark)
        mark = _AS_DOUBLE.get(mark, mark)
        if mark == "\n":
            if not stack or i < skip_to:
                continue
            j = i + 1
            blank = False
            while j < length and text[j] in " \t\n\u00a0":
                blank = blank or text[j] == "\n"
                j += 1
            skip_to = j
            ended = _last_visible(text, i) in ".!?…"
            reopens = text[j : j + 2] == "''" and stack[0][0] == '"'
            if j < length and (text[j] == stack[0][0] or reopens):
                paragraphs += 1  # the next paragraph reopens the same quotation
                reopened.add(j)
                del stack[1:]
                if paragraphs > MAX_PARAGRAPHS:
                    stack.clear()
                    paragraphs = 1
            elif blank or ended:
                stack.clear()  # a paragraph ended inside a quotation: a stray mark
                paragraphs = 1
            continue
        if i in reopened:
            continue
        before = text[i - 1] if i else " "
        after = text[i + width] if i + width < length else " "
        opens, closes = _opens(before, after), _closes(before, after)
        top = stack[-1][0] if stack else ""
        if stack and mark in _CLOSERS[top] and (closes or not opens or mark != top):
            if mark in _SINGLE and after.isalpha():
                continue  # an apostrophe: don’t, Qur’an
            _close(stack, spans, i, paragraphs, text)
            paragraphs = 1 if not stack else paragraphs
            continue
        if closes and any(mark in _CLOSERS[m] for m, _ in stack[:-1]):
            while mark not in _CLOSERS[stack[-1][0]]:
                stack.pop()  # an inner quotation left open
            _close(stack, spans, i, paragraphs, text)
            paragraphs = 1 if not stack else paragraphs
            continue
        if mark not in _CLOSERS or (after.isspace() and mark != "«"):
            continue
        if not opens and mark not in "«„「『‹":
            continue
        if mark in _SINGLE and (before.isalnum() or before in "’'"):
            continue  # students’ union, rock 'n' roll
        stack.append((mark, i + width - 1))
    return spans


def _last_visible(text: str, end: int) -> str:
    """`text[:end].rstrip()[-1:]` without copying the text before `end` (up to the whole
    article, in one call holding the interpreter's lock, at each line break in a quotation)."""
    while end and text[end - 1].isspace():
        end -= 1
    return text[end - 1 : end]


def _close(stack: list[tuple[str, int]], spans: list, i: int, paragraphs: int, text: str) -> None:
    _opener, at = stack.pop()
    start, end = at + 1, i
    while start < end and text[start].isspace():
        start += 1  # « Bonjour » : the spaces inside French marks are not quoted
    while end > start and text[end - 1].isspace():
        end -= 1
    if not stack and end - start <= MAX_QUOTE and end > start:
        spans.append((start, end, paragraphs))


def _opens(before: str, after: str) -> bool:
    return (before.isspace() or before in "([{—–-/:;,>" or before in _MARKS) and not after.isspace()


def _closes(before: str, after: str) -> bool:
    return not before.isspace() and not after.isalnum()


# -- who said it -------------------------------------------------------------------------


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m[0], *m.span()) for m in _TOKEN.finditer(text, start, end)]


def _cue_at(tokens: list[tuple[str, int, int]], index: int) -> int:
    """How many tokens a reporting cue starting at `index` takes (0: none)."""
    word = tokens[index][0].casefold()
    options = _cue_index.get(word)
    if not options or word.startswith("a-t-") or word.endswith(("-t-il", "-t-elle")):
        return 0  # (most words are no cue: looked up first)
    for option in options:
        size = len(option)
        words = tuple(t[0].casefold() for t in tokens[index : index + size])
        if words == option:
            return size
    return 0


def _is_name_word(word: str) -> bool:
    """Capitalised, or in a script without case (Arabic), where any word may be a name."""
    first = word[:1]
    return first.isupper() or (first.isalpha() and not first.islower())


def _speaker_before(tokens: list[tuple[str, int, int]], cue: int) -> tuple[int, int] | None:
    """The subject right before a cue: "Dana Okafor said", "the report said", "he said"."""
    index = cue - 1
    while index >= 0 and (
        tokens[index][0].casefold() in _AUXILIARIES or tokens[index][0].endswith("ly")
    ):
        index -= 1  # "Smith has repeatedly said"
    if index >= 1 and tokens[index][0] == ",":
        # An appositive: "Smith, the minister, said" -> back to before its first comma.
        j = index - 1
        while j >= 0 and tokens[j][0] not in ',.;:!?“”"«»' and index - j < 12:
            j -= 1
        if j < 1 or tokens[j][0] != ",":
            return None
        index = j - 1
    if index < 0:
        return None
    end = index
    if tokens[end][0].casefold() in PRONOUNS:
        return (tokens[end][1], tokens[end][2])
    start = end + 1
    while start > 0 and end - start < 6:
        word = tokens[start - 1][0]
        lower = word.casefold()
        if lower in _NAME_STOP or lower in PRONOUNS or not (word[0].isalnum() or word in "-’'"):
            break
        start -= 1
        if lower in _DETERMINERS:
            break
    phrase = range(start, end + 1)
    named = [
        i for i in phrase if _is_name_word(tokens[i][0]) or tokens[i][0].casefold() in _DETERMINERS
    ]
    if named:
        start = named[0]
    elif end - start > 1:
        return None  # a run of lower-case words is a clause, not someone
    if start > end or not tokens[start][0][0].isalnum():
        return None
    return (tokens[start][1], tokens[end][2])


def _speaker_after(tokens: list[tuple[str, int, int]], index: int) -> tuple[int, int] | None:
    """The speaker named after a cue: "said Dana Okafor, who…", "according to the report"."""
    start = index
    while start < len(tokens) and tokens[start][0] in ":,":
        start += 1
    end = start
    named = False
    while end < len(tokens) and end - start < 8:
        word = tokens[end][0]
        lower = word.casefold()
        if named and word[:1].islower() and lower not in _PARTICLES:
            break  # "said Emmanuel Macron mardi": the name has ended
        named = named or (word[:1].isupper() and lower not in _DETERMINERS)  # ("THE clerk")
        if not (word[:1].isalpha() or (word in "-’'." and end > start)) or (
            lower in _NAME_STOP and end > start
        ):
            break
        if lower in ("إن", "أن", "ان"):
            break
        end += 1
        if end - start == 1 and lower in PRONOUNS:
            break
    if end == start:
        return None
    while end > start and tokens[end - 1][0] in ".-’'":
        end -= 1
    first = tokens[start][0]
    if not (_is_name_word(first) or first.casefold() in _DETERMINERS | PRONOUNS):
        return None
    return (tokens[start][1], tokens[end - 1][2])


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return left, len(text) if right < 0 else right


def _attribute(
    text: str,
    start: int,
    end: int,
    paragraphs: int,
    previous: Quotation | None,
    last_named: str,
) -> Quotation | None:
    content = text[start:end]
    words = len(content.split())
    left, right = _paragraph_bounds(text, start, end)
    after_start = end + 1
    speaker, how = _attribution_after(text, after_start, min(right, after_start + 160))
    if speaker is None:
        speaker, how = _attribution_before(text, max(left, start - 1 - 220), start - 1)
    whole_paragraph = not text[left : start - 1].strip() and len(text[end + 1 : right].strip()) <= 2
    inherited = False
    if speaker is None and previous is not None and previous.speaker:
        same_paragraph = previous.end >= left
        if same_paragraph or (whole_paragraph and 0 < start - previous.end < 1500):
            speaker, how, inherited = previous.speaker, "previous", True
    ends_like_speech = content.rstrip()[-1:] in ".,!?;:…"
    title_like = words <= 8 and all(w[:1].isupper() or not w[:1].isalpha() for w in content.split())
    confidence = 0.25
    if speaker is not None:
        confidence += {"after": 0.55, "before": 0.5, "sentence": 0.35, "previous": 0.3}[how]
    if words >= 4:
        confidence += 0.15
    if ends_like_speech:
        confidence += 0.1
    if words <= 3 and speaker is None:
        confidence -= 0.2
    if title_like and how not in ("after", "before"):
        confidence -= 0.3
    confidence = max(0.0, min(1.0, confidence))
    if confidence < THRESHOLD:
        return None
    name = ""
    if speaker is not None:
        name = " ".join(text[speaker[0] : speaker[1]].split())
        if name.casefold() in PRONOUNS and last_named and not inherited:
            name = f"{name} ({last_named})"
        elif inherited and previous is not None:
            name = previous.speaker_name
    return Quotation(start, end, speaker, name, round(confidence, 2), paragraphs)


THRESHOLD = 0.45  # below this a quoted stretch is a title, a nickname or a scare quote


def _attribution_after(text: str, start: int, end: int) -> tuple[tuple[int, int] | None, str]:
    """`…," she said` / `…," said Smith` / `…», a déclaré X` / `…"، قال X`."""
    # The first tokens only: a speaker is named within a few words of the quotation.
    tokens = [(m[0], *m.span()) for m in itertools.islice(_TOKEN.finditer(text, start, end), 45)]
    index = 0
    if tokens and tokens[0][0] in ".!?":
        return None, ""  # the sentence ended with the quotation
    while index < len(tokens) and tokens[index][0] in _MARKS:
        index += 1  # the closing mark itself, or an inner one
    if index < len(tokens) and tokens[index][0] in ".!?":
        return None, ""
    skipped = index
    while index < len(tokens) and tokens[index][0] in ",—–-،:;" and index - skipped < 2:
        index += 1
    if index >= len(tokens):
        return None, ""
    first = tokens[index][0]
    if first in "([" or first.casefold() in _GOES_ON:
        return None, ""  # "…,'' but he denied it": the sentence goes on, no one is named
    for position in range(index, min(index + 30, len(tokens))):
        word = tokens[position][0]
        if word in '.!?;"“”«»' and position > index:
            break
        size = _cue_at(tokens, position)
        if not size:
            continue
        between = {t[0].casefold() for t in tokens[index:position]}
        if between <= _AUXILIARIES:  # ", said Smith" / "», a déclaré Macron"
            speaker = _speaker_after(tokens, position + size)
        else:
            speaker = _speaker_before(tokens, position)
            if speaker is None and tokens[position - 1][0] in "-—":
                speaker = _speaker_after(tokens, position + size)
        if speaker is not None:
            return speaker, "after"
        break
    return None, ""


def _attribution_before(
    text: str, start: int, end: int, earlier: bool = True
) -> tuple[tuple[int, int] | None, str]:
    """`Smith said: "…` / `X: "…` / `According to X, "…` / `وقال X إن "…`.

    A quotation that opens its sentence may be announced by the sentence before it, in
    the same paragraph: `Trump said on ABC. "We have incompetent people."`
    """
    window = text[start:end]
    cut = 0
    for match in _SENTENCE_END.finditer(window):
        if match.end() < len(window) - 1:
            cut = match.end()
    tokens = _tokens(text, start + cut, end)
    while tokens and tokens[-1][0] in _MARKS:
        tokens.pop()  # the opening mark
    if not tokens:
        if earlier and cut and "\n" not in text[start + cut - 2 : start + cut]:
            speaker, _how = _attribution_before(text, start, start + cut, earlier=False)
            return (speaker, "sentence") if speaker else (None, "")
        return None, ""
    if tokens[-1][0] == ":" and len(tokens) >= 2:
        # "Dana Okafor: “…”" — a name (or a cue's subject) before a colon.
        j = len(tokens) - 2
        for position in range(max(0, len(tokens) - 8), len(tokens) - 1):
            size = _cue_at(tokens, position)
            if size:
                speaker = _speaker_before(tokens, position) or _speaker_after(
                    tokens, position + size
                )
                if speaker:
                    return speaker, "before"
        names = []
        while j >= 0 and _is_name_word(tokens[j][0]) and len(names) < 5:
            names.append(j)
            j -= 1
        if names and (j < 0 or tokens[j][0] in ".\n—-"):
            return (tokens[names[-1]][1], tokens[names[0]][2]), "before"
    for position in range(len(tokens) - 1, -1, -1):
        size = _cue_at(tokens, position)
        if not size:
            continue
        word = tokens[position][0].casefold()
        close = len(tokens) - (position + size) <= 6
        if word in _SPEAKER_AFTER or tokens[position][0] in CUES["ar"]:
            speaker = _speaker_after(tokens, position + size)
        else:
            speaker = _speaker_before(tokens, position)
            if speaker is None:
                speaker = _speaker_after(tokens, position + size) if close else None
            if speaker is None:
                speaker = _subject(tokens, position)  # "Trump called on her … and said,"
        if speaker is not None:
            return speaker, "before" if close else "sentence"
        return None, ""
    return None, ""


def _subject(tokens: list[tuple[str, int, int]], cue: int) -> tuple[int, int] | None:
    """The name that opens a sentence, when its verb is the cue: "Trump … and said"."""
    end = 0
    while end < cue and end < 5 and _is_name_word(tokens[end][0]) and tokens[end][0] not in _MARKS:
        end += 1
    if end == 0 or tokens[0][0].casefold() in _GOES_ON:
        return None
    if any(t[0] in ",;:" for t in tokens[end:cue]) and tokens[end][0] != ",":
        return None
    return (tokens[0][1], tokens[end - 1][2])
