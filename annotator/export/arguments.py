"""The brief's options on the command line: `export`'s arguments and the BriefOptions
they make, with the page size and language from the locale unless given."""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from annotator.article import Article
from annotator.export.brief import (
    GROUPINGS,
    PAGE_SIZES,
    STATUS_NAMES,
    BriefOptions,
    environment_locale,
    locale_defaults,
    parse_list,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the brief's options to `export`'s parser."""
    parser.add_argument(
        "--status", type=_statuses, metavar="S[,S]",
        help="only passages with one of these statuses: to-verify, verified, disputed, none",
    )  # fmt: skip
    parser.add_argument(
        "--tag", type=_tags, metavar="T[,T]",
        help="only passages with one of these tags (id or label)",
    )  # fmt: skip
    parser.add_argument(
        "--no-full-text", dest="full_text", action="store_false",
        help="leave the article's full text out of the brief",
    )  # fmt: skip
    parser.add_argument(
        "--group-by", choices=GROUPINGS, default="tag",
        help="group the passages by tag (the default) or by status, disputed first",
    )  # fmt: skip
    parser.add_argument(
        "--page-size", choices=PAGE_SIZES,
        help="the Word or PDF brief's paper (default: from the locale's LC_PAPER or LANG)",
    )  # fmt: skip
    parser.add_argument(
        "--language", type=_language, metavar="xx-YY",
        help="the brief's language, for spelling (default: from the locale's LANG)",
    )  # fmt: skip
    parser.add_argument(
        "--review-url", default="", metavar="URL",
        help="claimreview: the address of the page that publishes the fact checks",
    )  # fmt: skip


def options_from(
    args: argparse.Namespace, articles: list[Article], environ: Mapping[str, str]
) -> BriefOptions:
    """The options `export`'s arguments ask for. Raises ValueError for a tag that none
    of the articles knows."""
    paper_locale, language_locale = environment_locale(environ)
    if args.tag is not None:
        known = {
            name.casefold()
            for article in articles
            for tag in article.sidecar.tags
            for name in (tag.id, tag.label)
        } | {a.tag.casefold() for article in articles for a in article.sidecar.annotations}
        unknown = sorted(name for name in args.tag if name.casefold() not in known)
        if unknown:
            raise ValueError(f"no tag {', '.join(map(repr, unknown))} in these articles")
    return BriefOptions(
        statuses=args.status,
        tags=args.tag,
        full_text=args.full_text,
        group_by=args.group_by,
        page_size=args.page_size or locale_defaults(paper_locale)[0],
        language=args.language or locale_defaults(language_locale)[1],
        include_clutter=args.with_clutter,
        review_url=args.review_url,
    )


def _statuses(value: str) -> frozenset[str | None]:
    try:
        return frozenset(STATUS_NAMES[name] for name in parse_list(value, STATUS_NAMES))
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _tags(value: str) -> frozenset[str]:
    try:
        return parse_list(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _language(value: str) -> str:
    try:
        return BriefOptions(language=value.strip()).language
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
