"""python -m benchmarks.quality --polnear DIR: how good the suggestions are on real news.

The labelled set is PolNeAR (Newell, Margolin and Ruths, LREC 2018): 1,008 articles of
US political news from seven publishers (2015–2016) in which people annotated every
attribution (source, cue, content). Its text is the publishers', so it is not copied into
this project: point --polnear at a checkout of the corpus (the folder holding data/).

What is measured, per split (train and dev to tune on; test held back):

- direct quotations: a quoted stretch (between double quotation marks) inside the content
  of an annotated attribution is a quotation; its speaker is that attribution's source.
  Scare quotes, titles and nicknames are in no attribution, so offering one is an error.
  A suggestion matches a quotation when their spans overlap by 70% (of their union), after
  white space and punctuation at the ends; precision, recall, and the speaker accuracy of
  the matched quotations that have a source (the suggested speaker overlaps the source's
  span, or names the same last word);
- figures and dates, against the corpus's own machine annotation (Stanford CoreNLP's
  named entities, shipped with PolNeAR): MONEY and PERCENT for figures, DATE and TIME for
  dates; a silver standard, so agreement rather than correctness. Counts with units are
  not labelled by CoreNLP and are left out of these two figures.

--redewiedergabe DIR adds German direct speech in the non-fiction of the Redewiedergabe
corpus (IDS Mannheim / Würzburg, CC BY-NC-SA 4.0): its newspaper and magazine samples of
1840–1920, quotation spans and (where annotated) the speaker.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.suggest import suggest

OVERLAP = 0.7
SILVER_FORMS = (("figure", {"money", "percent", "range"}), ("date", {"date", "time", "relative"}))
_GOLD_MARK = re.compile("''|[“”\"]")
_TRIM = " \t\n\u00a0,.;:!?—–-“”„«»‚\"‘’'"


@dataclass
class Score:
    """Counts behind a precision, a recall and a speaker accuracy."""

    gold: int = 0
    found: int = 0
    matched: int = 0
    with_speaker: int = 0
    speaker_right: int = 0
    recalled: int | None = None  # for spans: gold mentions any suggestion overlaps
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        recalled = self.matched if self.recalled is None else self.recalled
        return recalled / self.gold if self.gold else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.with_speaker if self.with_speaker else 0.0

    def row(self) -> dict[str, object]:
        return {
            "gold": self.gold,
            "found": self.found,
            "matched": self.matched,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "speaker_accuracy": round(self.speaker_accuracy, 3) if self.with_speaker else None,
        }


# -- PolNeAR -------------------------------------------------------------------------------


@dataclass
class Labelled:
    """One article: its text, its quotations (span, source spans), its silver figures and dates."""

    name: str
    text: str
    quotes: list[tuple[tuple[int, int], list[tuple[int, int]]]]
    figures: list[tuple[int, int]] | None
    dates: list[tuple[int, int]] | None


def polnear(root: Path, split: str, silver: bool = True) -> Iterator[Labelled]:
    """The articles of one split, each with one annotator's attributions."""
    folder = root / "data" / split
    annotated: dict[str, list[Path]] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        annotated.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    for name, labelled in sorted(annotated.items()):
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        quotes: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for annotation in labelled:  # a quotation any of its annotators attributed
            for span, source in _quotations(text, annotation.read_text(encoding="utf-8")):
                quotes.setdefault(span, source)
        corenlp = folder / "corenlp" / f"{name}.txt.xml"
        figures = dates = None
        if silver and corenlp.exists():
            figures, dates = _silver(text, corenlp)
        yield Labelled(name, text, sorted(quotes.items()), figures, dates)


def _spans(info: str) -> list[tuple[int, int]]:
    return [tuple(map(int, part.split())) for part in info.split(" ", 1)[1].split(";")]


def _quotations(text: str, annotation: str) -> list[tuple[tuple[int, int], list[tuple[int, int]]]]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    links: list[dict[str, str]] = []
    for line in annotation.splitlines():
        if re.match(r"T\d+\t", line):
            ident, info = line.split("\t")[:2]
            spans[ident] = (info.split(" ", 1)[0], _spans(info))
        elif line.startswith("E"):
            roles = dict(part.split(":") for part in line.split("\t")[1].split())
            links.append(roles)
    found: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for roles in links:
        content = spans.get(roles.get("Content", ""))
        if content is None:
            continue
        source = spans.get(roles.get("Source", ""), ("", []))[1]
        # A content in pieces (sentence by sentence) is read as one stretch.
        start, end = content[1][0][0], content[1][-1][1]
        for quote in _quoted_in(text, start, end):
            found.setdefault(quote, source)
    return sorted(found.items())


def _quoted_in(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The stretches between double quotation marks that lie in text[start:end]."""
    marks = [m.start() for m in _GOLD_MARK.finditer(text, start, end)]
    opened = None
    if marks and text[marks[0]] == "”":
        back = text.rfind("“", max(0, start - 600), start)
        if back >= 0 and "\n\n" not in text[back:start]:
            opened = back  # the content starts inside the quotation
    for i in marks:
        width = 2 if text[i] == "'" else 1  # '' stands for a double mark in some copy
        if opened is None and (text[i] == "“" or (text[i] in "\"'" and _opening(text, i))):
            opened = i + width - 1
        elif opened is not None and text[i] in "”\"'":
            yield (opened + 1, i)
            opened = None
    if opened is not None:
        close = _GOLD_MARK.search(text, end, end + 600)
        if close and "\n\n" not in text[end : close.start()]:
            yield (opened + 1, close.start())


def _opening(text: str, i: int) -> bool:
    return i == 0 or not text[i - 1].isalnum()


def _silver(text: str, path: Path) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """CoreNLP's MONEY/PERCENT and DATE/TIME mentions, as code-point spans."""
    units = _utf16_to_code_points(text)
    figures: list[tuple[int, int]] = []
    dates: list[tuple[int, int]] = []
    previous = ("O", -2)
    for token in ElementTree.parse(path).iter("token"):
        ner = token.findtext("NER") or "O"
        start = units(int(token.findtext("CharacterOffsetBegin")))
        end = units(int(token.findtext("CharacterOffsetEnd")))
        target = (
            figures if ner in ("MONEY", "PERCENT") else dates if ner in ("DATE", "TIME") else None
        )
        if target is not None:
            if previous[0] == ner and target and start - target[-1][1] <= 1:
                target[-1] = (target[-1][0], end)
            else:
                target.append((start, end))
        previous = (ner, end)
    return figures, dates


def _utf16_to_code_points(text: str):
    """CoreNLP counts UTF-16 units: map its offsets to Python's code points."""
    if all(ord(c) < 0x10000 for c in text):
        return lambda offset: offset
    table = []
    for index, char in enumerate(text):
        table.append(index)
        if ord(char) >= 0x10000:
            table.append(index)
    table.append(len(text))
    return lambda offset: table[min(offset, len(table) - 1)]


# -- scoring -------------------------------------------------------------------------------


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if inter > 0 and union > 0 else 0.0


def _last_word(text: str) -> str:
    words = re.findall(r"\w+", text.casefold())
    return words[-1] if words else ""


def score_quotes(articles: list[Labelled], score: Score) -> None:
    """Add the articles' quotation counts to `score`."""
    for article in articles:
        text = article.text
        gold = [(_trimmed(text, *span), source) for span, source in article.quotes]
        gold = [(span, source) for span, source in gold if span[1] > span[0]]
        found = [s for s in suggest(text, ["quote"])]
        score.gold += len(gold)
        score.found += len(found)
        taken: set[int] = set()
        for suggestion in found:
            mine = _trimmed(text, suggestion.start, suggestion.end)
            best, best_overlap = -1, OVERLAP
            for index, (span, _source) in enumerate(gold):
                overlap = _overlap(mine, span)
                if index not in taken and overlap >= best_overlap:
                    best, best_overlap = index, overlap
            if best < 0:
                score.false.append(f"{article.name}: {text[slice(*mine)][:90]!r}")
                continue
            taken.add(best)
            score.matched += 1
            span, source = gold[best]
            if source:
                score.with_speaker += 1
                if _speaker_right(text, suggestion, source):
                    score.speaker_right += 1
                else:
                    said = " / ".join(text[a:b] for a, b in source)
                    score.misses.append(
                        f"speaker {article.name}: {suggestion.speaker_name!r} for {said!r}"
                    )
        for index, (span, _source) in enumerate(gold):
            if index not in taken:
                score.misses.append(f"missed {article.name}: {text[slice(*span)][:90]!r}")


def _speaker_right(text: str, suggestion, source: list[tuple[int, int]]) -> bool:
    if suggestion.speaker is None:
        return False
    if any(_overlap(suggestion.speaker, span) > 0 for span in source):
        return True
    said = _last_word(" ".join(text[a:b] for a, b in source))
    name = suggestion.speaker_name
    inside = re.search(r"\((.*)\)$", name)
    names = {_last_word(name), _last_word(inside.group(1)) if inside else ""}
    return bool(said) and said in names


def score_spans(articles: list[Labelled], kind: str, forms: set[str], score: Score) -> None:
    """Figures or dates against CoreNLP's: a match is any overlap."""
    score.recalled = 0
    for article in articles:
        silver = article.figures if kind == "figure" else article.dates
        if silver is None:
            continue
        found = [s for s in suggest(article.text, [kind]) if s.form in forms]
        score.gold += len(silver)
        score.found += len(found)
        for suggestion in found:
            span = (suggestion.start, suggestion.end)
            if any(_overlap(span, other) > 0 for other in silver):
                score.matched += 1
            else:
                score.false.append(f"{article.name}: {suggestion.exact!r}")
        score.recalled += sum(
            1 for other in silver if any(_overlap((s.start, s.end), other) > 0 for s in found)
        )


# -- Redewiedergabe (German) ---------------------------------------------------------------


def redewiedergabe(root: Path) -> Iterator[Labelled]:
    """The corpus's news samples (reports, commentary), text rebuilt from its tokens.

    Its direct speech (`direct.speech.N`) is the quotation, `speaker.N` its speaker;
    direct writing and thought are left out, as news quotes what was said.
    """
    folder = root / "data" / "main" / "tsv"
    metadata = (folder / "metadata.tsv").read_text(encoding="utf-8").splitlines()
    header = metadata[0].split("\t")
    for line in metadata[1:]:
        row = dict(zip(header, line.split("\t"), strict=False))
        if row.get("fictional") != "no" or row.get("text_type") not in _GERMAN_NEWS:
            continue
        path = folder / row["file"]
        if path.exists():
            text, quotes = _rebuild(path.read_text(encoding="utf-8").splitlines())
            yield Labelled(path.stem, text, quotes, None, None)


_GERMAN_NEWS = ("Nachrichten", "Reportage", "Kommentar")
_STWR = re.compile(r"(?<![a-z_])direct\.[a-z ]*speech[a-z ]*\.(\d+)")
_NO_SPACE_BEFORE = frozenset(",.;:!?)]“«")  # „So“, sagte er. / »So«
_NO_SPACE_AFTER = frozenset("([„»")


def _rebuild(lines: list[str]):
    header = lines[0].split("\t")
    text = ""
    spans: dict[str, list[int]] = {}
    speakers: dict[str, list[tuple[int, int]]] = {}
    previous = ""
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=False))
        token = row.get("tok", "")
        if not token:
            continue
        if text and token not in _NO_SPACE_BEFORE and previous not in _NO_SPACE_AFTER:
            text += " "
        start = len(text)
        text += token
        previous = token
        for number in _STWR.findall(row.get("stwr", "")):
            bounds = spans.setdefault(number, [start, len(text)])
            bounds[1] = len(text)
        for number in re.findall(r"\d+", row.get("speaker", "")):
            speakers.setdefault(number, []).append((start, len(text)))
    quotes = [
        ((start, end), speakers.get(number, [])) for number, (start, end) in sorted(spans.items())
    ]
    return text, quotes


# -- the command ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality", description=__doc__)
    parser.add_argument("--polnear", type=Path, required=True, metavar="DIR")
    parser.add_argument("--split", action="append", choices=["train", "dev", "test"])
    parser.add_argument("--redewiedergabe", type=Path, metavar="DIR")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument("--show", type=int, default=0, help="print N misses and false finds")
    parser.add_argument("--quotes-only", action="store_true", help="leave figures and dates out")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, object]] = {}
    started = time.perf_counter()
    for split in args.split or ["train", "dev", "test"]:
        articles = list(polnear(args.polnear, split, silver=not args.quotes_only))
        quotes = Score()
        score_quotes(articles, quotes)
        results[f"en quote {split}"] = quotes.row()
        for kind, forms in () if args.quotes_only else SILVER_FORMS:
            spans = Score()
            score_spans(articles, kind, forms, spans)
            results[f"en {kind} {split}"] = spans.row()
        _show(quotes, args.show)
    if args.redewiedergabe:
        german = Score()
        score_quotes(list(redewiedergabe(args.redewiedergabe)), german)
        results["de quote"] = german.row()
        _show(german, args.show)
    print(f"{'set':<22}{'gold':>7}{'found':>7}{'match':>7}{'prec.':>8}{'recall':>8}{'speaker':>9}")
    for name, row in results.items():
        speaker = row["speaker_accuracy"]
        print(
            f"{name:<22}{row['gold']:>7}{row['found']:>7}{row['matched']:>7}"
            f"{row['precision']:>8.3f}{row['recall']:>8.3f}"
            f"{'' if speaker is None or 'quote' not in name else f'{speaker:.3f}':>9}"
        )
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def _show(score: Score, count: int) -> None:
    for line in score.misses[:count]:
        print("  ", line)
    for line in score.false[:count]:
        print("   false:", line)


if __name__ == "__main__":
    sys.exit(main())
