"""Who signs the brief's Word comments: the passage's author, else the export's, else
"Annotator"; and a passage quoted with its source for the clipboard."""

from __future__ import annotations

import docx

from annotator import export as exporting
from annotator import store
from annotator.article import open_article
from annotator.citation import cite, inner_quotes
from annotator.cli import main
from annotator.document import read_document
from annotator.export.brief import BriefOptions
from annotator.model import make_annotation
from tests.texts import article_of

TEXT = (
    "Harbour fares\n\nThe ferry operator said fares will rise by 33% from 1 May.\n\n"
    "Commuters called it “a tax on people who can’t drive”.\n"
)


def write(folder, authors: dict[str, str]):
    """An article with a passage (and a note) per quote, signed as `authors` says."""
    article = folder / "ferry.txt"
    article.write_text(TEXT, encoding="utf-8")
    sidecar = store.new_sidecar(read_document(article))
    for quote, author in authors.items():
        start = TEXT.index(quote)
        sidecar.annotations.append(
            make_annotation(TEXT, start, start + len(quote), tag="claim", note=quote, author=author)
        )
    store.save(sidecar, article)
    return article


def signatures(path) -> dict[str, tuple[str, str]]:
    """Each comment's note (its last line) -> (author, initials), as Word shows them."""
    return {
        c.text.splitlines()[-1]: (c.author, c.initials) for c in docx.Document(str(path)).comments
    }


def test_the_passages_author_then_the_exports_then_annotator(tmp_path):
    article = write(tmp_path, {"fares will rise": "Nadia Rahman", "Commuters": ""})
    out = tmp_path / "brief.docx"
    exporting.export([open_article(article)], out, "docx")
    assert signatures(out) == {
        "fares will rise": ("Nadia Rahman", "NR"),
        "Commuters": ("Annotator", "A"),
    }
    exporting.export([open_article(article)], out, "docx", options=signed("Rahima Akter"))
    assert signatures(out) == {
        "fares will rise": ("Nadia Rahman", "NR"),  # her colleague's passage stays his
        "Commuters": ("Rahima Akter", "RA"),
    }
    exporting.export([open_article(article)], out, "docx", options=signed("Rahima Akter", "RAk"))
    assert signatures(out)["Commuters"] == ("Rahima Akter", "RAk")
    assert signatures(out)["fares will rise"] == ("Nadia Rahman", "NR")


def signed(name: str, initials: str = "") -> BriefOptions:
    return BriefOptions(signer=(name, initials))


def test_the_other_formats_take_no_signer(tmp_path):
    article = write(tmp_path, {"Commuters": ""})
    out = tmp_path / "brief.md"
    exporting.export([open_article(article)], out, "md", options=signed("Rahima Akter"))
    assert "Rahima" not in out.read_text(encoding="utf-8")


def test_cli_export_signs_with_the_environments_name(tmp_path, monkeypatch, capsys):
    article = write(tmp_path, {"Commuters": "", "fares will rise": "Nadia Rahman"})
    out = tmp_path / "brief.docx"
    monkeypatch.delenv("ANNOTATOR_AUTHOR", raising=False)
    assert main(["export", str(article), "-o", str(out)]) == 0
    assert signatures(out)["Commuters"] == ("Annotator", "A")
    monkeypatch.setenv("ANNOTATOR_AUTHOR", "Rahima Akter")
    assert main(["export", str(article), "-o", str(out)]) == 0
    assert signatures(out) == {
        "Commuters": ("Rahima Akter", "RA"),
        "fares will rise": ("Nadia Rahman", "NR"),
    }
    capsys.readouterr()


def test_a_quote_with_its_source():
    article = article_of(TEXT, name="ferry.txt")
    start = TEXT.index("Commuters")
    end = TEXT.index(".\n", start) + 1
    passage = make_annotation(TEXT, start, end)
    assert cite(passage, article.sidecar, TEXT, "ferry.txt") == (
        "“Commuters called it ‘a tax on people who can’t drive’.”\n— ferry.txt, paragraph 3"
    )
    article.sidecar.source.metadata.update(
        outlet="Harbour Gazette", title="Fares to rise", published="2026-11-25",
        url="https://example.org/ferry",
    )  # fmt: skip
    assert cite(passage, article.sidecar, TEXT, "ferry.txt").splitlines()[1] == (
        "— Harbour Gazette, “Fares to rise”, 2026-11-25, https://example.org/ferry, paragraph 3"
    )
    passage.start = passage.end = None  # not found in the current text
    assert cite(passage, article.sidecar, TEXT, "ferry.txt").endswith(
        "https://example.org/ferry, not found in the current text"
    )


def test_quotation_marks_inside_a_quote_become_single():
    assert inner_quotes('He said "no" and “never”') == "He said ‘no’ and ‘never’"
