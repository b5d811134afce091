"""The W3C Web Annotation export, checked by the W3C test suite's own schemas and by a
JSON-LD processor working offline."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from pyld import jsonld

from annotator import cli
from annotator.article import Article
from annotator.document import Document
from annotator.export import export
from annotator.export.w3c import DateError, time_state, utc, web_address
from annotator.model import Annotation, Sidecar, Source, Tag, make_annotation
from tests import w3c_suite as suite
from tests.test_export_formats import TEXT, find, make_article

PORT = "Port reopens at dawn\n\nOfficials confirmed the reopening on Tuesday."
ARCHIVED = "https://web.archive.org/web/20261124090000/https://example.org/port"


def dated_article(tmp_path: Path) -> Article:
    """Passages at the very start and end of the text, hand-edited dates, full metadata."""
    first = make_annotation(
        PORT, 0, 4, tag="claim", note="Check the harbour log.\n\nAnd the radio.",
        status="verified", author="Rahima Akter",
    )  # fmt: skip
    first.created, first.modified = "2026-11-25T17:00:00+01:00", "2026-11-25T11:05:00-05:00"
    last = make_annotation(PORT, len(PORT) - 10, len(PORT), tag="claim", author=" Ines Moreau ")
    source = Source(file="port.txt")
    source.metadata.update(
        title="Port reopens", author="Ines Moreau", accessed="2026-11-24",
        url=ARCHIVED, published="2026-11-24T08:30:00+06:00",
    )  # fmt: skip
    sidecar = Sidecar(source=source, tags=[Tag("claim", "Claim", "#ffd54f")])
    sidecar.annotations = [first, last]
    return Article(Document(tmp_path / "port.txt", PORT, "utf-8", "\n"), sidecar, None)


def empty_article(tmp_path: Path) -> Article:
    text = "Nothing marked here yet.\n"
    return Article(Document(tmp_path / "empty.txt", text, "utf-8", "\n"), Sidecar(), None)


def exported(tmp_path: Path, articles: list[Article], name: str = "out.jsonld") -> dict:
    out = tmp_path / name
    export(articles, out, "w3c")
    return json.loads(out.read_text(encoding="utf-8"))


def standalone_page(data: dict) -> dict:
    """The collection's page as a document of its own."""
    return {"@context": data["@context"], **data["first"]}


# The harness itself: it must be able to fail, and it must not need the network.


def test_the_suite_runs_and_fails_what_it_should():
    checkers = Draft4Validator.FORMAT_CHECKER.checkers
    assert "date-time" in checkers and "uri" in checkers  # else formats pass unchecked
    for number in range(1, 11):
        assert (
            suite.failures(suite.sample(f"correct/anno{number}.json"), suite.ANNOTATION_MUSTS) == []
        )
    for number in (2, 3, 6, 8, 26, 28, 29, 34, 35, 36):
        assert suite.failures(suite.sample(f"incorrect/anno{number}.json"), suite.ANNOTATION_MUSTS)
    assert suite.failures(suite.sample("correct/collection1.json"), suite.COLLECTION_MUSTS) == []

    good = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:6d8f0c1e-0b1a-4c57-9d43-1b9f6f3c2a10",
        "type": "Annotation",
        "created": "2026-11-25T16:00:00Z",
        "target": "https://example.org/port",
    }
    assert suite.failures(good, suite.ANNOTATION_MUSTS) == []
    assert [
        r.assertion
        for r in suite.failures(good | {"created": "25/11/2026"}, suite.ANNOTATION_MUSTS)
    ] == ["3.3.1-annotationCreatedValidated.json"]
    assert [
        r.assertion for r in suite.failures(good | {"id": "not a uri"}, suite.ANNOTATION_MUSTS)
    ] == ["3.1-annotationIdValidated.json"]
    assert [
        r.assertion for r in suite.failures({**good, "@context": {}}, suite.ANNOTATION_MUSTS)
    ] == ["3.1-annotationContextValidated.json"]


# Every MUST of the suite.


ARTICLE_SETS = {
    "notes, statuses, tags, an orphan": ["clinic"],
    "edges of the text, dated": ["port"],
    "no passages": ["empty"],
    "several": ["clinic", "empty", "port"],
}


def articles_named(tmp_path: Path, names: list[str]) -> list[Article]:
    makers = {
        "clinic": lambda: make_article(tmp_path),
        "port": lambda: dated_article(tmp_path),
        "empty": lambda: empty_article(tmp_path),
    }
    return [makers[name]() for name in names]


@pytest.mark.parametrize("names", ARTICLE_SETS.values(), ids=ARTICLE_SETS.keys())
def test_every_must_of_the_suite_passes(tmp_path, names):
    data = exported(tmp_path, articles_named(tmp_path, names))

    assert suite.failures(data, suite.COLLECTION_MUSTS) == []
    items = data["first"]["items"] if "first" in data else []
    assert data["total"] == len(items)
    if items:
        assert suite.failures(data, suite.PAGE_MUSTS) == []
        assert suite.failures(standalone_page(data), suite.PAGE_MUSTS) == []
    for item in items:
        assert suite.failures(item, suite.ANNOTATION_MUSTS) == [], item["id"]


def test_an_article_without_passages_is_a_collection_without_pages(tmp_path):
    data = exported(tmp_path, [empty_article(tmp_path)])
    assert data["total"] == 0
    assert "first" not in data and "last" not in data  # a page holds one item or more
    assert data["id"].startswith("urn:uuid:")
    # With another article the collection simply holds that one's passages.
    both = exported(tmp_path, [empty_article(tmp_path), dated_article(tmp_path)])
    assert both["total"] == len(both["first"]["items"]) == 2


# The SHOULDs: every one the export can meet is met; the rest are listed with why.

# SHOULDs not met by any passage, and why.
NEVER = {
    "3.2.1-bodySingleLanguage.json": "the sidecar does not record the language of a note",
    "4.2.1-conformsTo.json": "for FragmentSelectors, which a text export does not use",
    "3.3.2-annotationCreatorAgentIdImplemented.json": "a reporter is known by name only",
    "3.3.2-annotationCreatorAgentNicknameImplemented.json": "a reporter is known by name only",
    "3.3.2-bodyCreatorAgentIdImplemented.json": "a reporter is known by name only",
    "3.3.2-bodyCreatorAgentNicknameImplemented.json": "a reporter is known by name only",
    "3.3.2-annotationGeneratorAgentIdImplemented.json": "no generator (a MAY) is written",
    "3.3.2-annotationGeneratorAgentNicknameImplemented.json": "no generator (a MAY) is written",
    "3.3.2-annotationGeneratorAgentSingleNameImplemented.json": "no generator (a MAY) is written",
    "3.3.2-annotationGeneratorAgentTypeImplemented.json": "no generator (a MAY) is written",
    "3.3.2-targCreatorAgentIdImplemented.json": "an article's author is known by name only",
    "3.3.2-targCreatorAgentNicknameImplemented.json": "an article's author is known by name only",
    "3.3.2-targCreatorAgentTypeImplemented.json": "a byline may name a person or a newsroom",
}
# Met only when the reporter's name is known (the command line's --author).
WITHOUT_AUTHOR = {
    "3.3.1-annotationSingleCreatorImplemented.json",
    "3.3.2-annotationCreatorAgentSingleNameImplemented.json",
    "3.3.2-annotationCreatorAgentTypeImplemented.json",
    "3.3.1-bodySingleCreator.json",
    "3.3.2-bodyCreatorAgentSingleNameImplemented.json",
    "3.3.2-bodyCreatorAgentTypeImplemented.json",
}
# Met only when the article's author is known.
WITHOUT_ARTICLE_AUTHOR = {"3.3.2-targCreatorAgentSingleNameImplemented.json"}


def unmet_shoulds(document: dict, *tests: str) -> set[str]:
    return {r.assertion for test in tests for r in suite.failures(document, test, ("should",))}


def test_shoulds_met_with_the_reporters_name(tmp_path):
    data = exported(tmp_path, [dated_article(tmp_path)])
    assert unmet_shoulds(data, suite.COLLECTION_OPTIONALS, suite.PAGE_OPTIONALS) == set()
    assert unmet_shoulds(standalone_page(data), suite.PAGE_OPTIONALS) == set()
    for item in data["first"]["items"]:
        unmet = unmet_shoulds(item, suite.ANNOTATION_OPTIONALS, suite.AGENT_OPTIONALS)
        assert unmet == set(NEVER), item["id"]


def test_shoulds_met_without_the_reporters_name(tmp_path):
    article = make_article(tmp_path)  # one passage of five has an author; no article author
    data = exported(tmp_path, [article])
    authors = [a.author for a in article.sidecar.anchored() + article.sidecar.orphans()]
    for item, author in zip(data["first"]["items"], authors, strict=True):
        unmet = unmet_shoulds(item, suite.ANNOTATION_OPTIONALS, suite.AGENT_OPTIONALS)
        expected = set(NEVER) | WITHOUT_ARTICLE_AUTHOR | (set() if author else WITHOUT_AUTHOR)
        if not item.get("created"):  # the orphan was made without a date
            expected |= {"3.3.1-annotationCreatedImplemented.json", "3.3.1-bodyCreated.json"}
        assert unmet == expected, item["id"]


# What the export says.


def test_collection_and_page_have_stable_ids(tmp_path):
    clinic, port = make_article(tmp_path), dated_article(tmp_path)
    data = exported(tmp_path, [clinic])
    name = (tmp_path / "clinic.txt").resolve().as_uri()
    collection_uuid = uuid.uuid5(uuid.NAMESPACE_URL, name)
    assert data["id"] == f"urn:uuid:{collection_uuid}"
    page = data["first"]
    assert page["id"] == f"urn:uuid:{uuid.uuid5(collection_uuid, 'page 1')}"
    assert data["last"] == page["id"]
    assert page["partOf"] == {"id": data["id"]}
    assert page["startIndex"] == 0

    clinic.sidecar.annotations[0].note = "Changed since."
    again = exported(tmp_path, [clinic], "again.jsonld")
    assert (again["id"], again["first"]["id"]) == (data["id"], page["id"])

    several = exported(tmp_path, [clinic, port], "several.jsonld")
    names = "\n".join(str((tmp_path / n).resolve().as_uri()) for n in ("clinic.txt", "port.txt"))
    assert several["id"] == f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, names)}"
    assert len({data["id"], several["id"], exported(tmp_path, [port], "p.jsonld")["id"]}) == 3


def test_passage_ids_are_uuid_urns(tmp_path):
    article = make_article(tmp_path)
    items = exported(tmp_path, [article])["first"]["items"]
    claim = article.sidecar.annotations[0]
    assert items[0]["id"] == f"urn:uuid:{uuid.UUID(claim.id)}"  # 8-4-4-4-12, as RFC 4122 has it
    # The orphan's id "orphan-1" is no UUID: it gets one made from it, the same every time.
    source = (tmp_path / "clinic.txt").resolve().as_uri()
    made = uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, source), "orphan-1")
    assert items[4]["id"] == f"urn:uuid:{made}"


def test_motivations_bodies_and_creators(tmp_path):
    article = make_article(tmp_path)
    data = exported(tmp_path, [article])
    assert data["@context"] == ["http://www.w3.org/ns/anno.jsonld", {"assessing": "oa:assessing"}]
    first, second = data["first"]["items"][:2]
    claim = article.sidecar.annotations[0]
    assert first["@context"] == data["@context"]
    assert first["motivation"] == "commenting"
    assert first["created"] == claim.created and first["modified"] == claim.modified
    rahima = {"type": "Person", "name": "Rahima Akter"}
    assert first["creator"] == rahima
    made = {"format": "text/plain", "creator": rahima, "created": claim.created}
    assert first["body"] == [
        {"type": "TextualBody", "value": "Opening was in March.", "purpose": "commenting"} | made,
        {"type": "TextualBody", "value": "Claim", "purpose": "tagging"} | made,
        {"type": "TextualBody", "value": "To verify", "purpose": "assessing"} | made,
    ]
    # No note: a highlight; no author: no creator anywhere.
    assert second["motivation"] == "highlighting"
    assert "creator" not in second
    assert [b["purpose"] for b in second["body"]] == ["tagging", "assessing"]
    assert all("creator" not in body for body in second["body"])


def test_an_untagged_passage_has_no_tagging_body(tmp_path):
    article = empty_article(tmp_path)
    article.sidecar.annotations = [make_annotation(article.text, 0, 7, note=" \n\n ")]
    item = exported(tmp_path, [article])["first"]["items"][0]
    assert item["motivation"] == "highlighting"
    assert "body" not in item  # a bare highlight (a blank note is none): only where it is
    assert suite.failures(item, suite.ANNOTATION_MUSTS) == []


def test_target_is_a_specific_resource_with_both_selectors(tmp_path):
    article = make_article(tmp_path)
    items = exported(tmp_path, [article])["first"]["items"]
    start, end = find("“opened on time”")
    target = items[0]["target"]
    assert target == {
        "type": "SpecificResource",
        "source": {
            "id": (tmp_path / "clinic.txt").resolve().as_uri(),
            "type": "Text",
            "format": "text/plain",
            "via": "https://example.org/c",
        },
        "selector": [
            {"type": "TextPositionSelector", "start": start, "end": end},
            {
                "type": "TextQuoteSelector",
                "exact": "“opened on time”",
                "prefix": "or’s office says the new clinic ",  # 32 code points
                "suffix": ".\n\nStaff dispute this.\n\nStaff di",
            },
        ],
    }
    # Offsets are code points: the emoji counts as one.
    arabic = items[2]["target"]["selector"]
    assert TEXT[arabic[0]["start"] : arabic[0]["end"]] == "الوزير 😀 إن" == arabic[1]["exact"]
    # The orphan keeps only its stored quote.
    assert items[4]["target"]["selector"] == [
        {
            "type": "TextQuoteSelector",
            "exact": "a quote edited away",
            "prefix": "before ",
            "suffix": " after",
        }
    ]


def test_dates_in_utc_time_state_and_the_edges_of_the_text(tmp_path):
    items = exported(tmp_path, [dated_article(tmp_path)])["first"]["items"]
    first, last = items
    assert first["created"] == "2026-11-25T16:00:00Z"
    assert first["modified"] == "2026-11-25T16:05:00Z"
    assert first["body"][0]["created"] == "2026-11-25T16:00:00Z"
    assert last["creator"] == {"type": "Person", "name": "Ines Moreau"}
    # A passage at offset 0 has an empty prefix; one at the end, an empty suffix.
    assert first["target"]["selector"][1] == {
        "type": "TextQuoteSelector", "exact": "Port", "prefix": "", "suffix": PORT[4:36],
    }  # fmt: skip
    assert last["target"]["selector"][1]["suffix"] == ""
    assert first["target"]["source"] == {
        "id": (tmp_path / "port.txt").resolve().as_uri(),
        "type": "Text",
        "format": "text/plain",
        "creator": {"name": "Ines Moreau"},
        "created": "2026-11-24T02:30:00Z",
        "via": ARCHIVED,
    }
    assert first["target"]["state"] == {
        "type": "TimeState",
        "sourceDateStart": "2026-11-24T00:00:00Z",
        "sourceDateEnd": "2026-11-24T23:59:59Z",
        "cached": ARCHIVED,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("created", "25/11/2026"),
        ("modified", "25/11/2026"),
        ("created", "2026-11-25T16:00:00"),  # no time zone: which 16:00?
        ("modified", "2026-11-25"),
        ("created", "2026-02-30T10:00:00Z"),
        ("created", "yesterday"),
    ],
)
def test_an_unreadable_stored_date_is_reported_not_written(tmp_path, field, value):
    article = make_article(tmp_path)
    passage = article.sidecar.annotations[0]
    setattr(passage, field, value)
    out = tmp_path / "out.jsonld"
    out.write_text("the previous export", encoding="utf-8")
    with pytest.raises(DateError) as raised:
        export([article], out, "w3c")
    message = str(raised.value)
    assert "clinic.txt" in message and passage.id[:8] in message and repr(value) in message
    assert out.read_text(encoding="utf-8") == "the previous export"


def test_the_command_line_reports_an_unreadable_date(tmp_path, capsys):
    article = tmp_path / "note.txt"
    article.write_text("The mayor said the clinic opened on time.\n", encoding="utf-8")
    assert cli.main(["add", str(article), "--quote", "opened on time"]) == 0
    sidecar = tmp_path / "note.txt.annotations.json"
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["annotations"][0]["modified"] = "25/11/2026"
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()

    assert cli.main(["export", str(article), "-o", str(tmp_path / "out.jsonld")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("annotator: note.txt: the passage ") and "'25/11/2026'" in err
    assert err.count("\n") == 1
    assert not (tmp_path / "out.jsonld").exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-25T16:00:00Z", "2026-11-25T16:00:00Z"),
        ("2026-11-25t16:00:00z", "2026-11-25T16:00:00Z"),
        ("2026-11-25T17:00:00+01:00", "2026-11-25T16:00:00Z"),
        ("2026-11-25T17:00+0100", "2026-11-25T16:00:00Z"),
        ("2026-11-25T23:30:00-05:30", "2026-11-26T05:00:00Z"),
        ("2026-11-25T16:00:00.250Z", "2026-11-25T16:00:00.25Z"),
        ("2026-11-25T16:00:00", None),
        ("2026-11-25", None),
        ("25/11/2026", None),
        ("2026-11-25T16:00:00+25:00", None),
        ("", None),
    ],
)
def test_utc(value, expected):
    assert utc(value) == expected


@pytest.mark.parametrize(
    ("accessed", "url", "expected"),
    [
        ("2026-11-24T10:00:00+06:00", "", {"sourceDate": "2026-11-24T04:00:00Z"}),
        (
            "25 November 2026",
            "https://example.org/port",  # the page itself, not a copy: no `cached`
            {"sourceDateStart": "2026-11-25T00:00:00Z", "sourceDateEnd": "2026-11-25T23:59:59Z"},
        ),
        (
            "2026-11-24",
            "https://archive.ph/Ab12C",
            {
                "sourceDateStart": "2026-11-24T00:00:00Z",
                "sourceDateEnd": "2026-11-24T23:59:59Z",
                "cached": "https://archive.ph/Ab12C",
            },
        ),
        ("yesterday", ARCHIVED, None),  # a copy with no date is no TimeState
        ("", "", None),
    ],
)
def test_time_state(accessed, url, expected):
    state = time_state(accessed, web_address(url))
    assert state == (None if expected is None else {"type": "TimeState"} | expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.org/a?b=1#c", "https://example.org/a?b=1#c"),
        (" https://example.org/قال ", "https://example.org/%D9%82%D8%A7%D9%84"),
        ("https://example.org/100%", "https://example.org/100%25"),
        ("example.org/a", ""),
        ("ftp://example.org/a", ""),
        ("https://example.org/a b", ""),
        ("not a url", ""),
    ],
)
def test_web_address(text, expected):
    assert web_address(text) == expected


def test_a_url_that_is_no_uri_is_left_out(tmp_path):
    article = dated_article(tmp_path)
    article.sidecar.source.metadata.update(url="example.org/port (print edition)", accessed="")
    item = exported(tmp_path, [article])["first"]["items"][0]
    assert "via" not in item["target"]["source"] and "state" not in item["target"]
    assert suite.failures(item, suite.ANNOTATION_MUSTS) == []


# JSON-LD: expansion with the published context keeps every term.


def expand(document: dict) -> list:
    """`document` expanded with the vendored context; any other fetch fails."""
    return jsonld.expand(document, {"documentLoader": suite.context_loader})


def compact_leaves(value) -> int:
    """The scalar values of a compact document, its @context left out."""
    if isinstance(value, dict):
        return sum(compact_leaves(v) for k, v in value.items() if k != "@context")
    if isinstance(value, list):
        return sum(compact_leaves(v) for v in value)
    return 1


def expanded_leaves(value) -> int:
    """The values of an expanded document: each @value, @id and node @type."""
    if isinstance(value, list):
        return sum(expanded_leaves(v) for v in value)
    if not isinstance(value, dict):
        return 0
    if "@value" in value:
        return 1
    count = ("@id" in value) + len(value.get("@type", []))
    return count + sum(expanded_leaves(v) for k, v in value.items() if k not in ("@id", "@type"))


def iris(value) -> list[str]:
    """Every @id and node @type of an expanded document."""
    if isinstance(value, list):
        return [iri for v in value for iri in iris(v)]
    if not isinstance(value, dict) or "@value" in value:
        return []
    found = ([value["@id"]] if "@id" in value else []) + list(value.get("@type", []))
    return found + [iri for k, v in value.items() if k not in ("@id", "@type") for iri in iris(v)]


OA = "http://www.w3.org/ns/oa#"


def test_json_ld_expansion_keeps_every_term(tmp_path):
    articles = articles_named(tmp_path, ARTICLE_SETS["several"])
    data = exported(tmp_path, articles)
    expanded = expand(data)

    assert expanded_leaves(expanded) == compact_leaves(data)  # nothing dropped
    assert all(":" in iri and not iri.startswith("_:") for iri in iris(expanded))
    found = set(iris(expanded))
    assert {OA + m for m in ("highlighting", "commenting", "tagging", "assessing")} <= found
    assert {OA + "SpecificResource", OA + "TimeState", OA + "TextualBody"} <= found
    assert "http://xmlns.com/foaf/0.1/Person" in found


def test_json_ld_check_catches_a_term_the_context_lacks(tmp_path):
    data = exported(tmp_path, [make_article(tmp_path)])
    bare = json.loads(
        json.dumps(data).replace(json.dumps(data["@context"]), '"http://www.w3.org/ns/anno.jsonld"')
    )
    bare["first"]["items"][0]["oddity"] = "dropped: no term"
    expanded = expand(bare)
    assert OA + "assessing" not in set(iris(expanded))  # the published context alone
    assert expanded_leaves(expanded) < compact_leaves(bare)
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(
            {"@context": "https://example.org/other.jsonld"},
            {"documentLoader": suite.context_loader},
        )


def test_annotation_without_sidecar_dates_still_passes(tmp_path):
    article = empty_article(tmp_path)
    bare = Annotation(id="x", start=0, end=7, exact="Nothing", tag="claim")
    article.sidecar.annotations = [bare]
    item = exported(tmp_path, [article])["first"]["items"][0]
    assert "created" not in item and "modified" not in item
    assert suite.failures(item, suite.ANNOTATION_MUSTS) == []
