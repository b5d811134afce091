"""The Word brief: reopened with python-docx and read back from its XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from annotator.article import Article
from annotator.document import Document
from annotator.export import export
from annotator.model import FUZZY, ORPHANED, Annotation, Sidecar, Source, Tag, make_annotation

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

TEXT = (
    "Harbour bridge repairs “will finish by spring,” officials say\n"
    "\n"
    "The city’s transport office said on Monday that repairs to the old harbour bridge "
    "“will finish by spring” and cost 4.2 million taka.\n"
    "Engineers on site were less certain.\n"
    "\n"
    "Residents have complained about the noise for months.\n"
    "\n"
    "Residents have complained about the noise for months.\n"
    "\n"
    "قال الوزير 😀 إن الأرقام صحيحة\n"
    "\n"
    "A bell\x07 rang in the control room at 3 a.m.\n"
    "\n"
    "এই প্রতিবেদনটি সংরক্ষিত\n"
)

TAGS = [
    Tag("claim", "Claim", "#ffd54f", "1"),
    Tag("figure", "Figure", "#a5d6a7", "3"),
    Tag("quote", "Quote", "#81d4fa", "2"),
]


def span(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """The offsets of the n-th occurrence of `needle` in `text`."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def passage(text: str, needle: str, occurrence: int = 1, **fields) -> Annotation:
    return make_annotation(text, *span(text, needle, occurrence), **fields)


def orphan(exact: str, note: str) -> Annotation:
    return Annotation(
        id="0rphan",
        start=None,
        end=None,
        exact=exact,
        tag="quote",
        note=note,
        status="disputed",
        anchor=ORPHANED,
        stored_start=10,
        stored_end=10 + len(exact),
    )


def make_article(tmp_path: Path, *, with_orphan: bool = True, name: str = "bridge.txt") -> Article:
    """The sample article: five passages (two overlapping), one fuzzy, one unknown tag."""
    text = TEXT
    annotations = [
        passage(
            text,
            "repairs to the old harbour bridge “will finish by spring”",
            tag="claim",
            note="Ask the transport office for the contract.",
            status="to-verify",
            author="Rahima Akter",
        ),
        passage(
            text,
            "“will finish by spring” and cost 4.2 million taka",
            tag="figure",
            note="Budget line says 4.8 million.",
            status="disputed",
        ),
        passage(
            text,
            "the noise for months",
            occurrence=2,
            tag="claim",
            note="Second mention — same wording.\nCheck the council minutes.",
            status="verified",
        ),
        passage(text, "الوزير 😀 إن", tag="legacy", note="ملاحظة: تحقق من التسجيل"),
        passage(text, "bell\x07 rang", tag="quote", note="Bell\x00 odd \ud800 note"),
    ]
    annotations[2].anchor = FUZZY
    if with_orphan:
        annotations.append(orphan("a sentence that was edited away", "Was in the first version."))
    source = Source(file=name, length=len(text))
    source.metadata.update(
        title="Bridge repairs to finish by spring",
        outlet="The Harbour Times",
        author="Nadia Rahman",
        published="2026-03-02",
        url="https://example.org/bridge",
    )
    tags = [Tag(tag.id, tag.label, tag.color, tag.key) for tag in TAGS]
    sidecar = Sidecar(source=source, tags=tags, annotations=annotations)
    return Article(Document(tmp_path / name, text, "utf-8", "\n"), sidecar, None)


def safe(text: str) -> str:
    """What the brief shows of `text`: control characters and lone surrogates as U+FFFD."""
    return "".join(
        "\ufffd"
        if (ord(c) < 32 and c not in "\t\n\r") or 0xD800 <= ord(c) <= 0xDFFF or c in "\ufffe\uffff"
        else c
        for c in text
    )


def brief(tmp_path: Path, *articles: Article, include_clutter: bool = True) -> Path:
    out = tmp_path / "brief.docx"
    export(list(articles), out, "docx", include_clutter=include_clutter)
    return out


def body_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml")).find(f"{W}body")


def commented_text(path: Path) -> dict[int, str]:
    """The text between each comment's range start and end, in the document body."""
    open_ids: set[int] = set()
    texts: dict[int, list[str]] = {}
    for element in body_xml(path).iter():
        if element.tag == f"{W}commentRangeStart":
            comment_id = int(element.get(f"{W}id"))
            open_ids.add(comment_id)
            texts[comment_id] = []
        elif element.tag == f"{W}commentRangeEnd":
            open_ids.remove(int(element.get(f"{W}id")))
        elif element.tag in (f"{W}t", f"{W}br", f"{W}tab"):
            piece = {f"{W}t": element.text or "", f"{W}br": "\n", f"{W}tab": "\t"}[element.tag]
            for comment_id in open_ids:
                texts[comment_id].append(piece)
    assert not open_ids, "a comment range is never closed"
    return {comment_id: "".join(pieces) for comment_id, pieces in texts.items()}


def comments_by_note(path: Path) -> dict[str, tuple[int, str, str]]:
    """Each comment as note -> (id, first line, author)."""
    result = {}
    for comment in docx.Document(str(path)).comments:
        first, _, note = comment.text.partition("\n")
        result[note] = (comment.comment_id, first, comment.author)
    return result


def section(doc, heading: str) -> list:
    """The paragraphs after a heading up to the next heading of the same or a higher level."""
    paragraphs = doc.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.strip() == heading)
    level = paragraphs[start].style.name
    result = []
    for paragraph in paragraphs[start + 1 :]:
        if paragraph.style.name.startswith("Heading") and paragraph.style.name <= level:
            break
        result.append(paragraph)
    return result


def shading(run_element) -> str | None:
    shd = run_element.find(f"{W}rPr/{W}shd")
    return None if shd is None else shd.get(f"{W}fill")


def runs_with_text(container, text: str) -> list:
    return [r for r in container.iter(f"{W}r") if "".join(r.itertext()) == text]


def test_each_comment_covers_exactly_its_passage(tmp_path):
    article = make_article(tmp_path)
    path = brief(tmp_path, article)

    anchored = commented_text(path)
    comments = comments_by_note(path)
    assert len(anchored) == len(comments) == 5
    for annotation in article.sidecar.anchored():
        comment_id, _, author = comments[safe(annotation.note.strip())]
        assert anchored[comment_id] == safe(TEXT[annotation.start : annotation.end])
        assert author == (annotation.author or "Annotator")
    # The two overlapping passages share “will finish by spring”.
    claim = comments["Ask the transport office for the contract."]
    figure = comments["Budget line says 4.8 million."]
    assert anchored[claim[0]].endswith("“will finish by spring”")
    assert anchored[figure[0]].startswith("“will finish by spring”")
    assert claim[1] == "Claim · TO VERIFY"
    assert figure[1] == "Figure · DISPUTED"
    assert comments[safe("Bell\x00 odd \ud800 note")][1] == "Quote · NO STATUS"
    assert comments["ملاحظة: تحقق من التسجيل"][1] == "legacy · NO STATUS"
    fuzzy = comments["Second mention — same wording.\nCheck the council minutes."]
    assert fuzzy[1] == "Claim · VERIFIED · found by fuzzy match — check"


def test_comment_initials_and_reference_marks(tmp_path):
    path = brief(tmp_path, make_article(tmp_path))
    initials = {c.author: c.initials for c in docx.Document(str(path)).comments}
    assert initials == {"Rahima Akter": "RA", "Annotator": "A"}
    body = body_xml(path)
    starts = [e.get(f"{W}id") for e in body.iter(f"{W}commentRangeStart")]
    references = [e.get(f"{W}id") for e in body.iter(f"{W}commentReference")]
    assert sorted(starts) == sorted(references)
    assert len(set(starts)) == 5


def test_runs_are_shaded_in_their_tag_colour(tmp_path):
    path = brief(tmp_path, make_article(tmp_path))
    body = body_xml(path)
    # Only in the claim passage; in the overlap, the later-starting figure passage wins.
    assert {shading(r) for r in runs_with_text(body, "repairs to the old harbour bridge ")} == {
        "FFD54F"
    }
    assert {shading(r) for r in runs_with_text(body, "“will finish by spring”")} == {"A5D6A7"}
    # Unknown tag: neutral grey.
    assert {shading(r) for r in runs_with_text(body, "الوزير 😀 إن")} == {"BDBDBD"}
    # Outside every passage: no shading.
    assert {shading(r) for r in runs_with_text(body, " in the control room at 3 a.m.")} == {None}
    # The overlap is marked, the rest of a passage is not.
    overlap = runs_with_text(body, "“will finish by spring”")[0]
    assert overlap.find(f"{W}rPr/{W}u") is not None
    assert runs_with_text(body, " and cost 4.2 million taka")[0].find(f"{W}rPr/{W}u") is None


def test_heading_provenance_and_summary(tmp_path):
    path = brief(tmp_path, make_article(tmp_path))
    doc = docx.Document(str(path))
    paragraphs = doc.paragraphs
    assert paragraphs[0].style.name == "Heading 1"
    assert paragraphs[0].text == "Bridge repairs to finish by spring"
    assert paragraphs[1].text.split("\n") == [
        "Outlet: The Harbour Times",
        "Author: Nadia Rahman",
        "Published: 2026-03-02",
        "URL: https://example.org/bridge",
        "File: bridge.txt",
    ]
    assert paragraphs[2].text == (
        "6 passages (1 not found in the current text; 1 to check: the article changed) — Claim 2, Figure 1, Quote 2, legacy 1"
        " · To verify 1, Verified 1, Disputed 2, No status 2"
    )


def test_title_falls_back_to_the_file_name(tmp_path):
    article = make_article(tmp_path, name="harbour.txt")
    article.sidecar.source.metadata = dict.fromkeys(article.sidecar.source.metadata, "")
    doc = docx.Document(str(brief(tmp_path, article)))
    assert doc.paragraphs[0].text == "harbour.txt"
    assert doc.paragraphs[1].text == "File: harbour.txt"


def test_passages_are_grouped_by_tag_with_status_and_paragraph(tmp_path):
    doc = docx.Document(str(brief(tmp_path, make_article(tmp_path))))
    headings = [p.text.strip() for p in section(doc, "Passages") if p.style.name == "Heading 3"]
    assert headings == ["Claim (2)", "Figure (1)", "Quote (1)", "legacy (1)"]

    claims = section(doc, "Claim (2)")
    assert [p.style.name for p in claims] == ["Quote", "Normal", "Quote", "Normal"]
    assert claims[0].text == "repairs to the old harbour bridge “will finish by spring”"
    assert claims[1].text == "Ask the transport office for the contract.\nTO VERIFY · paragraph 2"
    assert claims[2].text == "the noise for months"
    assert claims[3].text == (
        "Second mention — same wording.\nCheck the council minutes."
        "\nVERIFIED · paragraph 4 · (found by fuzzy match — check)"
    )
    quotes = section(doc, "Quote (1)")
    assert quotes[0].text == "bell\ufffd rang"
    assert quotes[1].text.endswith("NO STATUS · paragraph 6")
    legacy = section(doc, "legacy (1)")
    assert legacy[1].text.endswith("NO STATUS · paragraph 5")
    # The quote is shaded in its tag's colour, and Arabic is laid out right to left.
    assert {shading(r) for r in claims[0]._p.iter(f"{W}r")} == {"FFD54F"}
    assert legacy[0]._p.find(f"{W}pPr/{W}bidi") is not None
    assert claims[0]._p.find(f"{W}pPr/{W}bidi") is None


def paragraph_numbers(path: Path, paragraphs: list) -> list[int | None]:
    """The list number Word draws beside each paragraph (None for one outside a list)."""
    with zipfile.ZipFile(path) as package:
        numbering = etree.fromstring(package.read("word/numbering.xml"))
    abstract_of = {
        n.get(f"{W}numId"): n.find(f"{W}abstractNumId").get(f"{W}val")
        for n in numbering.iter(f"{W}num")
    }
    start_of = {
        a.get(f"{W}abstractNumId"): int(a.find(f"{W}lvl/{W}start").get(f"{W}val"))
        for a in numbering.iter(f"{W}abstractNum")
        if a.find(f"{W}lvl/{W}start") is not None
    }
    counters: dict[str, int] = {}
    numbers: list[int | None] = []
    for paragraph in paragraphs:
        num = paragraph._p.find(f"{W}pPr/{W}numPr/{W}numId")
        if num is None:
            numbers.append(None)
            continue
        abstract = abstract_of[num.get(f"{W}val")]
        counters[abstract] = counters.get(abstract, start_of[abstract] - 1) + 1
        numbers.append(counters[abstract])
    return numbers


def test_full_text_has_one_word_paragraph_per_text_paragraph(tmp_path):
    path = brief(tmp_path, make_article(tmp_path))
    paragraphs = section(docx.Document(str(path)), "Full text")
    shown = [p.text for p in paragraphs]
    expected = [part.strip("\n") for part in safe(TEXT).split("\n\n")]
    # The numbers are Word's list numbers, not text in the paragraph.
    assert shown == expected
    assert paragraph_numbers(path, paragraphs) == list(range(1, len(expected) + 1))
    assert "\n" in shown[1]  # the single newline is kept as a line break


def test_full_text_leaves_out_clutter_without_passages_by_default(tmp_path):
    article = make_article(tmp_path)
    path = brief(tmp_path, article, include_clutter=False)
    paragraphs = section(docx.Document(str(path)), "Full text")
    assert paragraphs[0].text.startswith("1 paragraph that looks like site furniture")
    # The Bengali footer (7) holds no passage; the repeated paragraph 4 holds one: kept.
    assert paragraph_numbers(path, paragraphs) == [None, 1, 2, 3, 4, 5, 6]


def test_orphans_section_only_when_there_are_orphans(tmp_path):
    doc = docx.Document(str(brief(tmp_path, make_article(tmp_path))))
    orphans = section(doc, "Passages not found in the current text")
    assert orphans[0].style.name == "Quote"
    assert orphans[0].text == "a sentence that was edited away"
    assert orphans[1].text == "Was in the first version.\nDISPUTED · Quote"

    (tmp_path / "other").mkdir()
    lone = make_article(tmp_path / "other", with_orphan=False)
    doc = docx.Document(str(brief(tmp_path / "other", lone)))
    assert "Passages not found in the current text" not in [p.text for p in doc.paragraphs]
    assert doc.paragraphs[2].text.startswith("5 passages (1 to check: the article changed) — ")


def test_control_characters_become_replacement_characters(tmp_path):
    article = make_article(tmp_path)
    article.sidecar.source.metadata["title"] = "Bridge\x1b report\x0cnow"
    article.sidecar.source.metadata["outlet"] = "Times\ufffe"
    article.sidecar.tags[0].label = "Cl\x08aim"
    article.sidecar.annotations[0].author = "Rahima\x01"
    path = brief(tmp_path, article)
    doc = docx.Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Bridge\ufffd report\ufffdnow"
    assert "Outlet: Times\ufffd" in texts[1]
    assert any("A bell\ufffd rang" in text for text in texts)
    authors = {c.author for c in doc.comments}
    assert "Rahima\ufffd" in authors
    assert any(c.text.startswith("Cl\ufffdaim · TO VERIFY") for c in doc.comments)


def test_two_articles_in_one_brief(tmp_path):
    first = make_article(tmp_path)
    second = make_article(tmp_path, with_orphan=False, name="second.txt")
    second.sidecar.source.metadata["title"] = "Second article"
    second.sidecar.annotations[0].note = "Only in the second article."
    path = brief(tmp_path, first, second)

    doc = docx.Document(str(path))
    titles = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in titles] == ["Bridge repairs to finish by spring", "Second article"]
    assert not titles[0].paragraph_format.page_break_before
    assert titles[1].paragraph_format.page_break_before
    anchored = commented_text(path)
    assert len(anchored) == len(doc.comments) == 10
    comment = next(c for c in doc.comments if c.text.endswith("Only in the second article."))
    assert (
        anchored[comment.comment_id] == "repairs to the old harbour bridge “will finish by spring”"
    )


def test_article_without_passages(tmp_path):
    article = make_article(tmp_path, with_orphan=False)
    article.sidecar.annotations = []
    path = brief(tmp_path, article)
    doc = docx.Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    assert texts[2] == "No passages"
    assert "Passages" not in texts
    assert len(doc.comments) == 0
    assert {shading(r) for r in body_xml(path).iter(f"{W}r")} == {None}


def test_passage_across_paragraphs_and_nested_passages(tmp_path):
    article = make_article(tmp_path, with_orphan=False)
    text = article.text
    start, _ = span(text, "noise for months")
    _, end = span(text, "Residents have", occurrence=2)
    across = make_annotation(text, start, end, tag="claim", note="across")
    inner = make_annotation(text, *span(text, "months"), tag="figure", note="inner")
    article.sidecar.annotations = [across, inner]
    path = brief(tmp_path, article)

    anchored = commented_text(path)
    comments = comments_by_note(path)
    # Paragraphs 3 and 4: the blank line between them is the paragraph break in Word, and
    # the range holds the article's words alone, not the brief's paragraph number.
    assert anchored[comments["across"][0]] == "noise for months.Residents have"
    assert anchored[comments["inner"][0]] == "months"
    assert {shading(r) for r in runs_with_text(body_xml(path), "months")} == {"A5D6A7"}


@pytest.mark.parametrize("color", ["", "red", "#12", "#abc"])
def test_odd_tag_colours_still_make_a_brief(tmp_path, color):
    article = make_article(tmp_path)
    article.sidecar.tags[0].color = color
    body = body_xml(brief(tmp_path, article))
    fills = {shading(r) for r in runs_with_text(body, "repairs to the old harbour bridge ")}
    assert fills == {"AABBCC" if color == "#abc" else "BDBDBD"}


def test_dark_tag_colours_get_white_text(tmp_path):
    article = make_article(tmp_path)
    article.sidecar.tags[0].color = "#1a237e"
    body = body_xml(brief(tmp_path, article))
    run = runs_with_text(body, "repairs to the old harbour bridge ")[0]
    assert run.find(f"{W}rPr/{W}color").get(f"{W}val") == "FFFFFF"


def test_passages_reaching_into_blank_lines(tmp_path):
    article = make_article(tmp_path, with_orphan=False)
    text = article.text
    start, end = span(text, "for months.\n\n")
    trailing = make_annotation(text, start, end, tag="claim", note="trailing")
    start, end = span(text, "\n\nA bell")
    leading = make_annotation(text, start, end, tag="figure", note="leading")
    start = text.index("এই")
    last = make_annotation(text, start - 1, len(text), tag="quote", note="last")
    blank = make_annotation(text, *span(text, "\n\n", 3), tag="quote", note="blank")
    article.sidecar.annotations = [trailing, leading, last, blank]
    path = brief(tmp_path, article)

    anchored = commented_text(path)
    comments = comments_by_note(path)
    assert anchored[comments["trailing"][0]] == "for months."
    assert anchored[comments["leading"][0]] == "A bell"
    assert anchored[comments["last"][0]] == "এই প্রতিবেদনটি সংরক্ষিত"
    # Only blank lines: nothing in the full text to hang a comment on.
    assert "blank" not in comments
    assert len(anchored) == 3
