"""E-mail (.eml): the sender, date and subject as provenance, the text body, attachments
listed (never opened). Python's standard library reads it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from annotator.document import Document
from annotator.formats.base import Reader

if TYPE_CHECKING:
    from email.message import EmailMessage

HEADERS = ("From", "To", "Cc", "Date", "Subject")  # shown above the body, as a mail program does


class EmailReader(Reader):
    """A saved e-mail: its headers, its text body, the names of its attachments."""

    format = "eml"
    label = "E-mail"
    extensions = (".eml",)
    library = "email"

    @classmethod
    def name(cls) -> str:
        return "python-email"

    @classmethod
    def version(cls) -> str:
        import platform  # (not before a mail is read)

        return platform.python_version()

    def read(self, path: Path, data: bytes) -> Document:
        from email import policy  # on the first e-mail opened: its import takes 15 ms
        from email.parser import BytesParser

        message = BytesParser(policy=policy.default).parsebytes(data)
        paragraphs = []
        header_lines = [f"{name}: {_header(message, name)}" for name in HEADERS if message[name]]
        if header_lines:
            paragraphs.append("\n".join(header_lines))
        paragraphs += body_paragraphs(message)
        attachments = [_attachment(part) for part in _attachments(message)]
        if attachments:
            paragraphs.append("Attachments (not opened):\n" + "\n".join(attachments))
        return self.document(path, data, paragraphs, metadata=_metadata(message))


def _header(message: EmailMessage, name: str) -> str:
    return " ".join(str(message[name]).split())


def body_paragraphs(message: EmailMessage) -> list[str]:
    """The text body's paragraphs: the plain-text part, else the HTML part's text."""
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return []
    try:
        content = body.get_content()
    except (LookupError, ValueError):  # an unknown charset: read what can be read
        content = body.get_payload(decode=True).decode("utf-8", "replace")
    if body.get_content_subtype() == "html":
        content = _html_text(content)
    return content.replace("\r\n", "\n").split("\n\n")


def _html_text(html: str) -> str:
    """The text of an HTML body, a paragraph per block."""
    import lxml.html

    if not html.strip():
        return ""
    root = lxml.html.document_fromstring(html)
    for bad in root.xpath("//script|//style|//head"):
        bad.drop_tree()
    blocks = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote")
    for element in root.iter(*blocks):
        element.tail = "\n\n" + (element.tail or "")
    return root.text_content()


def _attachments(message: EmailMessage) -> list[EmailMessage]:
    """Every attached file, at any depth (a forwarded message's own attachments too)."""
    return [
        part
        for part in message.walk()
        if part is not message
        and (part.get_content_disposition() == "attachment" or part.get_filename())
    ]


def _attachment(part: EmailMessage) -> str:
    name = part.get_filename() or "(no name)"
    payload = part.get_payload(decode=True)
    size = len(payload) if isinstance(payload, bytes) else 0
    return f"- {name} ({part.get_content_type()}, {_size(size)})"


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count / 2**20:.1f} MB"


def _metadata(message: EmailMessage) -> dict[str, str]:
    """Subject, sender, organisation and date as source details."""
    from email.utils import getaddresses, parsedate_to_datetime

    senders = getaddresses([str(message["From"] or "")])
    author = ", ".join(name or address for name, address in senders if name or address)
    published = ""
    try:
        if message["Date"]:
            published = parsedate_to_datetime(str(message["Date"])).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return {
        "title": _header(message, "Subject") if message["Subject"] else "",
        "author": author,
        "outlet": _header(message, "Organization") if message["Organization"] else "",
        "published": published,
    }
