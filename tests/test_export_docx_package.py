"""The Word brief as a package: the structural rules Word checks before it opens a file
without offering to repair it, read straight from the zip."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from annotator.export import export
from annotator.model import make_annotation, new_reply
from tests.test_export_docx import TEXT, W, brief, make_article, span

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
# What a run may hold besides its properties, as Word writes them.
RUN_CONTENT = {f"{W}{name}" for name in ("t", "br", "tab", "annotationRef", "commentReference")}


def xml(package: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(package.read(name))


def relationships(package: zipfile.ZipFile) -> list[tuple[str, str, str, str]]:
    """Every relationship of the package: (from part, id, type, resolved target)."""
    found = []
    for name in package.namelist():
        if not name.endswith(".rels"):
            continue
        folder, rels_name = posixpath.split(name)
        owner_folder = posixpath.dirname(folder)  # "word/_rels" -> "word"
        owner = posixpath.join(owner_folder, rels_name.removesuffix(".rels"))
        for rel in xml(package, name).iter(f"{PR}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target")
            resolved = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(owner_folder, target))
            )
            found.append((owner, rel.get("Id"), rel.get("Type"), resolved))
    return found


@pytest.fixture
def full_brief(tmp_path) -> Path:
    """Two articles, a note with blank lines in it, a passage of spaces, an orphan."""
    article = make_article(tmp_path)
    article.sidecar.annotations[0].note = "First line.\n\nAfter a blank line.\n\n\nAfter two."
    blank = make_annotation(TEXT, *span(TEXT, "\n\n"), tag="quote", note="\n\n")
    article.sidecar.annotations.append(blank)
    # A thread: two replies (one of two lines) and a resolved passage.
    article.sidecar.annotations[0].replies = [
        new_reply("Checked.\nIt was March.", author="Ed Itor"),
        new_reply("Thanks"),
    ]
    article.sidecar.annotations[1].resolved = True
    article.sidecar.sort()
    return brief(tmp_path, article, make_article(tmp_path, name="second.txt"))


def test_no_run_is_empty(full_brief):
    with zipfile.ZipFile(full_brief) as package:
        for name in ("word/document.xml", "word/comments.xml"):
            runs = list(xml(package, name).iter(f"{W}r"))
            assert runs
            empty = [r for r in runs if not any(child.tag in RUN_CONTENT for child in r)]
            assert empty == [], name


def test_blank_lines_of_a_note_are_empty_paragraphs_of_its_comment(full_brief):
    comment = next(c for c in docx.Document(str(full_brief)).comments if "After two." in c.text)
    assert [p.text for p in comment.paragraphs][1:] == [
        "First line.", "", "After a blank line.", "", "", "After two.",
    ]  # fmt: skip


def test_no_styles_with_effects(full_brief):
    """python-docx's template carries Word 2010's copy of the styles, out of step with
    styles.xml (styles added since, other defaults): a validator reports that Word may
    repair such a file. The part is optional: the brief leaves it out."""
    with zipfile.ZipFile(full_brief) as package:
        assert not [n for n in package.namelist() if "stylesWithEffects" in n]
        assert STYLES_WITH_EFFECTS not in {kind for _, _, kind, _ in relationships(package)}
        types = xml(package, "[Content_Types].xml")
        assert not [o for o in types.iter(f"{CT}Override") if "Effects" in o.get("PartName")]


def test_every_part_is_typed_reachable_and_every_target_present(full_brief):
    with zipfile.ZipFile(full_brief) as package:
        names = set(package.namelist())
        types = xml(package, "[Content_Types].xml")
        defaults = {d.get("Extension").lower() for d in types.iter(f"{CT}Default")}
        overrides = {o.get("PartName").lstrip("/") for o in types.iter(f"{CT}Override")}
        parts = names - {"[Content_Types].xml"}
        untyped = [n for n in parts if n not in overrides and n.rsplit(".", 1)[-1] not in defaults]
        assert untyped == []
        assert overrides <= names  # no type declared for a part that is not there
        rels = relationships(package)
        assert [target for _, _, _, target in rels if target not in names] == []
        reached = {target for _, _, _, target in rels}
        unreached = [n for n in parts if not n.endswith(".rels") and n not in reached]
        assert unreached == []
        for owner, _, _, _ in rels:
            assert owner in names or owner == ""  # _rels/.rels belongs to the package


def test_comments_and_their_marks_match_one_for_one(full_brief):
    with zipfile.ZipFile(full_brief) as package:
        body = xml(package, "word/document.xml")
        comments = [c.get(f"{W}id") for c in xml(package, "word/comments.xml").iter(f"{W}comment")]
    assert len(comments) == len(set(comments)) > 0
    order = {}
    for position, element in enumerate(body.iter()):
        if element.tag in (f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}commentReference"):
            key = (element.tag, element.get(f"{W}id"))
            assert key not in order, key
            order[key] = position
    for kind in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert sorted(i for tag, i in order if tag == f"{W}{kind}") == sorted(comments)
    for comment_id in comments:
        start = order[(f"{W}commentRangeStart", comment_id)]
        end = order[(f"{W}commentRangeEnd", comment_id)]
        assert start < end < order[(f"{W}commentReference", comment_id)]


def test_every_style_used_is_defined(full_brief):
    with zipfile.ZipFile(full_brief) as package:
        styles = xml(package, "word/styles.xml")
        defined = {(s.get(f"{W}type"), s.get(f"{W}styleId")) for s in styles.iter(f"{W}style")}
        for name in ("word/document.xml", "word/comments.xml"):
            root = xml(package, name)
            used = {("paragraph", e.get(f"{W}val")) for e in root.iter(f"{W}pStyle")}
            used |= {("character", e.get(f"{W}val")) for e in root.iter(f"{W}rStyle")}
            assert used - defined == set(), name


def test_every_reply_is_linked_to_a_comment_of_the_brief(full_brief):
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    w15 = "http://schemas.microsoft.com/office/word/2012/wordml"
    with zipfile.ZipFile(full_brief) as package:
        comments = xml(package, "word/comments.xml")
        extended = xml(package, "word/commentsExtended.xml")
    para_ids = [p.get(f"{{{w14}}}paraId") for p in comments.iter(f"{W}p")]
    para_ids = [para for para in para_ids if para]
    assert len(para_ids) == len(set(para_ids)) == len(comments)  # one, on each last paragraph
    entries = {e.get(f"{{{w15}}}paraId"): e for e in extended}
    assert set(entries) == set(para_ids)
    parents = [e.get(f"{{{w15}}}paraIdParent") for e in extended]
    assert len([p for p in parents if p]) == 2  # the two replies, in the first article
    assert all(parent in entries for parent in parents if parent)
    assert [e.get(f"{{{w15}}}done") for e in extended].count("1") == 1


def test_a_brief_of_no_articles_is_still_a_sound_package(tmp_path):
    out = tmp_path / "none.docx"
    export([], out, "docx")
    with zipfile.ZipFile(out) as package:
        assert "word/stylesWithEffects.xml" not in package.namelist()
        assert [r for r in xml(package, "word/document.xml").iter(f"{W}r")]
