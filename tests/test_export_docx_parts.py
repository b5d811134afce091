"""Every XML part of the Word brief, compared with the parts python-docx wrote when the
brief's body and comments were still parsed into its tree and serialised by it.

The brief now writes `document.xml` and `comments.xml` as the text it builds, straight
into the package. tests/data/brief-parts.json holds the SHA-256 of each part in canonical
form (C14N) as the previous way wrote it, for briefs with every kind of content (threads,
statuses, grouping by status, no full text, paragraphs left out, right-to-left text,
characters Word cannot hold, A4 in Arabic): any difference in any part fails. Regenerate
it only for a change of the brief someone wanted, looked at in Word or LibreOffice:
`python -m tests.test_export_docx_parts` (`--show FOLDER` writes the canonical parts out,
to compare two versions with diff).
"""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from annotator.article import Article
from annotator.document import Document
from annotator.export import export
from annotator.export.brief import BriefOptions
from annotator.model import MOVED, ORPHANED, Annotation, Sidecar, Source, Tag, make_annotation

EXPECTED = Path(__file__).parent / "data" / "brief-parts.json"
# docProps/core.xml is left out: python-docx stamps it with the time of writing.
PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    "word/_rels/document.xml.rels",
    "word/document.xml",
    "word/comments.xml",
    "word/commentsExtended.xml",
    "word/commentsIds.xml",
    "word/numbering.xml",
    "word/styles.xml",
    "word/settings.xml",
    "customXml/item2.xml",
)

TEXT = (
    "Ferry fares & the “<new>” timetable\n"
    "\n"
    "Home | News | Sport | Weather\n"
    "\n"
    "The operator said fares would rise by 4% in May.\tIt gave no date.\n"
    "A second line of the same paragraph.\n"
    "\n"
    "قال المتحدث إن الأسعار 😀 ستبقى كما هي\n"
    "\n"
    "Read more: the ferry timetable\n"
    "\n"
    "Passengers queued for six hours; a bell\x07 rang.\n"
    "\n"
    "\n"
    "Residents were not consulted, they said.\n"
    "\n"
    "Residents were not consulted, they said.\n"
)

TAGS = [
    Tag("claim", "Claim", "#ffd54f", "1"),
    Tag("dark", "Dark <&> tag", "#303f9f", "2"),
    Tag("quote", "Quote", "abc", "3"),
]


def _passage(needle: str, occurrence: int = 1, **fields) -> Annotation:
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(needle, start + 1)
    return make_annotation(TEXT, start, start + len(needle), **fields)


def _article(folder: Path, name: str) -> Article:
    """Overlapping and nested passages, a thread, odd characters, an orphan."""
    annotations = [
        _passage(
            "fares would rise by 4% in May.\tIt",
            tag="claim",
            status="to-verify",
            note="Line one & <two>.\r\nAfter CR LF.\rAfter CR.\n\n\tTabbed line.\x0b",
            author='Rahima "Ra" Akter & co',
        ),
        _passage("rise by 4%", tag="dark", status="disputed", note="Nested inside."),
        _passage("in May.\tIt gave no date.\nA second", tag="quote", status="verified"),
        _passage("الأسعار 😀 ستبقى", tag="quote", note="ملاحظة بالعربية", author="\tTab\nName"),
        _passage("a bell\x07 rang", tag="unknown-tag", status="disputed", note="Control\x07."),
        _passage("\n\n\n", tag="claim", note="Only blank lines."),
        _passage("Residents were not consulted", tag="dark", note=""),
        Annotation(
            id="orphan-1",
            start=None,
            end=None,
            exact="a quote edited \x01 away",
            prefix="",
            suffix="",
            tag="quote",
            note="Gone from the page.",
            status="disputed",
            anchor=ORPHANED,
        ),
    ]
    annotations[2].anchor = MOVED
    annotations[2].review = {"previous": {"exact": "in June", "start": 0, "end": 7}}
    annotations[0].replies = [
        {"id": "r1", "author": "Ed Itor", "created": "2026-11-25T17:00:00Z",
         "text": "Checked.\nIt was March & <April>."},
        {"id": "r2", "author": "", "created": "not a date", "text": "Agreed."},
    ]  # fmt: skip
    annotations[1].resolved = True
    annotations[1].replies = [{"id": "r3", "author": "Ed", "created": "", "text": ""}]
    for number, annotation in enumerate(annotations):
        annotation.id = f"p{number}"
        annotation.created = "2026-11-25T16:00:00Z"
        annotation.modified = "2026-11-25T16:05:00+01:00" if number % 2 else "yesterday"
    source = Source(file=name)
    source.metadata.update(title=f"Ferry fares ({name})", outlet="Harbour & Co", author="A. N.")
    sidecar = Sidecar(source=source, tags=list(TAGS), annotations=annotations)
    return Article(Document(folder / name, TEXT, "utf-8", "\n"), sidecar, None)


SCENARIOS = {
    "tags": BriefOptions(signer=("Desk <one>", "D1")),
    "a4-arabic-clutter": BriefOptions(page_size="a4", language="ar-EG", include_clutter=True),
    "status-quotes": BriefOptions(group_by="status", full_text=False, language="fr-FR"),
    "filtered": BriefOptions(statuses=frozenset({"disputed", None}), page_size="a4"),
}


def write_brief(folder: Path, scenario: str) -> Path:
    """The brief of two articles (one a copy of the other) with the scenario's options."""
    folder.mkdir(parents=True, exist_ok=True)
    first, second = _article(folder, "ferry.txt"), _article(folder, "ferry-2.txt")
    out = folder / "brief.docx"
    export([first, second], out, "docx", options=SCENARIOS[scenario])
    return out


def parts(brief: Path) -> dict[str, bytes]:
    """The brief's XML parts, canonical (C14N), with the folder written in made neutral."""
    folder = str(brief.parent.resolve())
    found = {}
    with zipfile.ZipFile(brief) as package:
        names = set(package.namelist())
        for name in PARTS:
            if name not in names:
                continue
            xml = etree.tostring(etree.fromstring(package.read(name)), method="c14n")
            found[name] = xml.replace(folder.encode(), b"FOLDER")
    return found


def digests(brief: Path) -> dict[str, str]:
    return {part: hashlib.sha256(xml).hexdigest() for part, xml in parts(brief).items()}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_part_is_what_python_docx_wrote(tmp_path, scenario):
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))[scenario]
    written = digests(write_brief(tmp_path / scenario, scenario))
    assert sorted(written) == sorted(expected)
    differ = [part for part in PARTS if written.get(part) != expected.get(part)]
    # After an upgrade of python-docx its template's parts (styles, settings) may differ:
    # look at a brief in Word or LibreOffice, then regenerate (see the module's docstring).
    assert differ == [], f"{scenario}: these parts differ"


def test_the_scenarios_hold_what_they_are_for(tmp_path):
    """The parts compared cover threads, clutter lists and comments on quotes."""
    tags = parts(write_brief(tmp_path / "a", "tags"))
    assert b"w15:paraIdParent" in tags["word/commentsExtended.xml"]
    assert b"commentRangeStart" in tags["word/document.xml"]
    assert tags["word/numbering.xml"].count(b"<w:num ") >= 8  # lists restarted after left out
    assert b"paragraphs that look like site furniture" in tags["word/document.xml"]
    quotes = parts(write_brief(tmp_path / "b", "status-quotes"))
    assert b"Full text" not in quotes["word/document.xml"]
    assert b"commentRangeStart" in quotes["word/document.xml"]


def _main(arguments: list[str]) -> None:
    """Write the digests again from the brief as it is now written (or, with --show
    FOLDER, the canonical parts themselves)."""
    import tempfile

    show = Path(arguments[1]) if arguments[:1] == ["--show"] else None
    with tempfile.TemporaryDirectory() as scratch:
        found = {}
        for scenario in SCENARIOS:
            brief = write_brief(Path(scratch) / scenario, scenario)
            found[scenario] = digests(brief)
            for part, xml in parts(brief).items() if show else ():
                name = part.replace("/", "--").strip("[]").replace("]", "")
                (show / scenario).mkdir(parents=True, exist_ok=True)
                (show / scenario / name).write_bytes(xml)
    if show is None:
        EXPECTED.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"written to {show or EXPECTED}")


if __name__ == "__main__":
    _main(sys.argv[1:])
