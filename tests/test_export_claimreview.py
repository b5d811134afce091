"""schema.org ClaimReview (README "ClaimReview"): one review for each claim with a
verdict, read back as JSON-LD and checked for what Google's fact-check documentation
requires (claimReviewed, reviewRating with alternateName, url) and recommends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyld import jsonld

from annotator.cli import main
from annotator.export import export
from annotator.export.brief import BriefOptions
from annotator.model import Tag
from tests.test_export_docx import TEXT, make_article, passage

S = "http://schema.org/"
PAGE = "https://factcheck.example.org/2026/bridge"


def schema_loader(url: str, options: dict | None = None) -> dict:
    """schema.org's context, offline: every term in the schema.org vocabulary."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": {"@context": {"@vocab": S}},
    }


def expanded(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return jsonld.expand(data, {"documentLoader": schema_loader})


def value(node: dict, name: str):
    (item,) = node[S + name]
    return item.get("@value", item)


def claims_article(tmp_path: Path):
    article = make_article(tmp_path)
    annotations = article.sidecar.annotations
    annotations[0].status = "verified"  # claim, by Rahima Akter
    annotations[1].status = "disputed"  # figure: not a claim
    annotations[2].status = "disputed"  # claim, fuzzy
    article.sidecar.tags.append(Tag("health", "Health claims", "#ffffff", ""))
    annotations.append(
        passage(TEXT, "Engineers on site", tag="health", status="disputed", note="Ask them.")
    )
    annotations.append(passage(TEXT, "control room", tag="claim", status="to-verify"))
    for annotation in annotations:
        annotation.modified = "2026-11-25T16:05:00Z"
    return article


def test_each_claim_with_a_verdict_is_a_claim_review(tmp_path):
    article = claims_article(tmp_path)
    out = tmp_path / "reviews.json"
    export([article], out, "claimreview", options=BriefOptions(review_url=PAGE))
    reviews = expanded(out)

    assert [value(r, "claimReviewed") for r in reviews] == [
        "repairs to the old harbour bridge “will finish by spring”",
        "Engineers on site",
        "the noise for months",
    ]
    for review in reviews:
        assert review["@type"] == [S + "ClaimReview"]
        rating = value(review, "reviewRating")
        assert rating["@type"] == [S + "Rating"]
        assert value(rating, "alternateName") in ("True", "Disputed")
        assert value(rating, "worstRating") <= value(rating, "ratingValue")
        assert value(rating, "ratingValue") <= value(rating, "bestRating")
        assert value(review, "url").startswith(PAGE + "#passage-")
        claim = value(review, "itemReviewed")
        assert claim["@type"] == [S + "Claim"]
        appearance = value(claim, "appearance")
        assert value(appearance, "url") == "https://example.org/bridge"
        assert value(appearance, "headline") == "Bridge repairs to finish by spring"
        assert value(value(appearance, "publisher"), "name") == "The Harbour Times"
        assert value(value(appearance, "author"), "name") == "Nadia Rahman"
        assert value(claim, "datePublished") == "2026-03-02"
        assert value(review, "datePublished") == "2026-11-25"

    verified, health, disputed = reviews
    assert value(value(verified, "reviewRating"), "alternateName") == "True"
    assert value(value(verified, "reviewRating"), "ratingValue") == 5
    assert value(value(verified, "author"), "name") == "Rahima Akter"
    assert value(value(disputed, "reviewRating"), "alternateName") == "Disputed"
    assert S + "author" not in disputed  # the passage has no author
    assert value(health, "reviewBody") == "Ask them."
    ids = [a.id for a in article.sidecar.anchored() if a.status != "to-verify"]
    assert value(verified, "url") == f"{PAGE}#passage-{ids[0]}"


def test_filters_apply_and_no_claims_is_an_empty_list(tmp_path):
    article = claims_article(tmp_path)
    out = tmp_path / "reviews.json"
    options = BriefOptions(review_url=PAGE, statuses=frozenset({"verified"}))
    export([article], out, "claimreview", options=options)
    assert len(expanded(out)) == 1
    article.sidecar.annotations = []
    export([article], out, "claimreview", options=BriefOptions(review_url=PAGE))
    assert json.loads(out.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("url", ["", "factcheck.example.org/page", "ftp://example.org/x"])
def test_without_the_fact_check_page_nothing_is_written(tmp_path, url, capsys):
    article_path = tmp_path / "bridge.txt"
    article_path.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "reviews.json"
    argv = ["export", str(article_path), "-o", str(out), "--format", "claimreview"]
    assert main([*argv, "--review-url", url]) == 1
    _, err = capsys.readouterr()
    assert err.startswith("annotator: ClaimReview needs the http(s) address")
    assert not out.exists()


def test_the_command_line_writes_claim_reviews(tmp_path, capsys):
    path = tmp_path / "bridge.txt"
    path.write_text(TEXT, encoding="utf-8")
    add = ["add", str(path), "--quote", "less certain", "--tag", "claim", "--status"]
    assert main([*add, "verified", "--author", "Rahima Akter"]) == 0
    out = tmp_path / "reviews.jsonld"
    argv = ["export", str(path), "-o", str(out), "--format", "claimreview"]
    assert main([*argv, "--review-url", PAGE]) == 0
    (review,) = expanded(out)
    assert value(review, "claimReviewed") == "less certain"
    assert value(value(review, "author"), "name") == "Rahima Akter"
    capsys.readouterr()
