"""Files shipped with the program: the sample article, default tags, icons."""

from __future__ import annotations

import json
from importlib import resources
from importlib.abc import Traversable

from annotator.model import Tag

SAMPLE_ARTICLE = "sample-article.txt"


def file(name: str) -> Traversable:
    """A shipped file by name; fails loudly when it is not there."""
    found = resources.files(__name__).joinpath(name)
    if not found.is_file():
        raise FileNotFoundError(f"resource {name!r} is not shipped with annotator")
    return found


def read_text(name: str) -> str:
    """A shipped text file's contents."""
    return file(name).read_text(encoding="utf-8")


def read_bytes(name: str) -> bytes:
    """A shipped file's bytes."""
    return file(name).read_bytes()


def default_tags() -> list[Tag]:
    """The tags a new sidecar starts with."""
    return [Tag(**entry) for entry in json.loads(read_text("default_tags.json"))]
