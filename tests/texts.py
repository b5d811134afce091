"""Articles written for the tests, with the troubles real scraped articles have."""

from __future__ import annotations

# A scraped page: site furniture on top, a duplicated lede, curly quotes, figures,
# dates, and a Bengali footer the scraper kept.
SCRAPED = (
    "Business\n"
    "\n"
    "Harbour ferry fares to rise by a third, operator confirms\n"
    "\n"
    "\n"
    "Ferry fares across the harbour will rise by 33% from 1 May, the operator said on "
    "Tuesday. Ferry fares across the harbour will rise by 33% from 1 May, the operator "
    "said on Tuesday.\n"
    "\n"
    "“We held prices for six years and the fuel bill doubled,” said Ines Moreau, the "
    "operator’s finance director. “Something had to give.”\n"
    "\n"
    "Commuter groups called the rise “a tax on people who can’t drive”. About 4,800 "
    "passengers use the route each weekday, according to the port authority.\n"
    "\n"
    "\n"
    "এই প্রতিবেদনটি সংরক্ষিত। আরও পড়ুন...\n"
)

# Arabic with an emoji before the passage a reporter would mark.
ARABIC = (
    "قال المتحدث 😀 إن عدد الركاب ارتفع إلى ٤٨٠٠ راكب يوميا.\n"
    "\n"
    "وأضاف أن الأسعار ستبقى ثابتة حتى نهاية العام.\n"
)

# English typed on Windows: curly quotes and an accented word in Windows-1252.
WINDOWS_1252 = "The mayor said “it’s naïve to expect more” – and left the café.\r\n"


def article_of(text: str, sidecar=None, name: str = "article.txt"):
    """An Article over `text` (not read from disk), with `sidecar` or an empty one."""
    from pathlib import Path

    from annotator.article import Article
    from annotator.document import Document
    from annotator.model import Sidecar

    return Article(Document(Path(name), text, "utf-8", "\n"), sidecar or Sidecar(), None)
