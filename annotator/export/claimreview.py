"""schema.org ClaimReview (JSON-LD) for fact-checkers who publish their ratings: one
review for each passage that is a claim and carries a verdict.

A passage is a claim when its tag's id is "claim" or its label says Claim (in any case,
"Claims", "Health claim"); its verdict is its status, verified or disputed. Google's
fact-check documentation asks for `claimReviewed`, `reviewRating` (with
`alternateName`) and `url` (the page that publishes the fact check, which the reporter
names: each review is that page with the passage's id as its anchor).

The rating, on a scale of 1 (false) to 5 (true):

- verified: 5, "True" — she checked the claim and it holds;
- disputed: 2, "Disputed" — evidence she holds contradicts it, which is not proof that
  it is false (1, "False", is a verdict the program cannot know she reached).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from annotator.article import Article
from annotator.export.brief import BriefOptions, Progress, report, utf8_safe
from annotator.metadata import find_date
from annotator.model import Annotation

CONTEXT = "https://schema.org"
WORST, BEST = 1, 5
RATINGS = {"verified": (5, "True"), "disputed": (2, "Disputed")}
SCALE = "Annotator verdicts: 5 True (verified), 2 Disputed (contradicted by evidence)"
_CLAIM = re.compile(r"\bclaims?\b", re.IGNORECASE)
_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def is_claim(article: Article, annotation: Annotation) -> bool:
    """True for a passage tagged as a claim: the tag "claim", or a label that says so."""
    label = article.sidecar.tag_label(annotation.tag)
    return annotation.tag.casefold() == "claim" or bool(_CLAIM.search(label))


def reviews(articles: list[Article], review_url: str) -> list[dict[str, Any]]:
    """The ClaimReview of each claim with a verdict, article by article in document order."""
    found = []
    for article in articles:
        for annotation in article.sidecar.anchored():
            if annotation.status in RATINGS and is_claim(article, annotation):
                found.append(claim_review(article, annotation, review_url))
    return found


def claim_review(article: Article, annotation: Annotation, review_url: str) -> dict[str, Any]:
    """One passage's ClaimReview."""
    value, verdict = RATINGS[annotation.status or ""]
    start, end = annotation.start or 0, annotation.end or 0
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": f"{review_url.split('#')[0]}#passage-{annotation.id}",
        "claimReviewed": " ".join(article.text[start:end].split()),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": verdict,
            "name": SCALE,
        },
        "itemReviewed": _claim(article),
    }
    if annotation.author.strip():
        review["author"] = {"@type": "Person", "name": annotation.author.strip()}
    day = _DAY.match(annotation.modified or annotation.created or "")
    if day:
        review["datePublished"] = day.group()
    if annotation.note.strip():
        review["reviewBody"] = annotation.note.strip()
    return review


def _claim(article: Article) -> dict[str, Any]:
    """The claim as it appeared: in the article, with its address, title, outlet, author
    and date as its source details give them. The article's date stands for the date the
    claim was made, which it can be no later than."""
    metadata = article.sidecar.source.metadata
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    url = metadata.get("url", "").strip()
    if _is_web_address(url):
        appearance["url"] = url
    title = metadata.get("title", "").strip()
    if title:
        appearance["headline"] = title
    outlet = metadata.get("outlet", "").strip()
    if outlet:
        appearance["publisher"] = {"@type": "Organization", "name": outlet}
    author = metadata.get("author", "").strip()
    if author:
        appearance["author"] = {"@type": "Person", "name": author}
    claim: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    published = find_date(metadata.get("published", ""))
    if published:
        appearance["datePublished"] = claim["datePublished"] = published
    return claim


def _is_web_address(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def write(
    articles: list[Article],
    path: Path,
    progress: Progress | None = None,
    options: BriefOptions | None = None,
) -> None:
    """Write the ClaimReviews of `articles` to `path`: a JSON array, one object each.

    Raises ValueError, before writing, without the http(s) address of the page that will
    publish the fact checks (`options.review_url`)."""
    review_url = (options.review_url if options else "").strip()
    if not _is_web_address(review_url):
        raise ValueError(
            "ClaimReview needs the http(s) address of the page that publishes the fact "
            "checks (--review-url)"
        )
    found = reviews(articles, review_url)
    report(progress, len(articles), len(articles))
    data = json.dumps(found, ensure_ascii=False, indent=2)
    Path(path).write_text(utf8_safe(data) + "\n", encoding="utf-8")
