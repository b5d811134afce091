"""Tag sets beyond one article: her own default set, and a story's set kept in its folder.

Her default set is a JSON file in the user's config folder; a story's set is
`annotator-tags.json` beside the story's articles. Both have the shape of a sidecar's
`tags` (formats.md §2). A new article takes its folder's story set if there is one,
else her default set, else the shipped defaults. Each sidecar still carries the tags it
uses, so an article stays readable alone. A set that cannot be read is never overwritten.
No Qt.
"""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import platformdirs

from annotator import resources
from annotator.files import write_atomic
from annotator.model import Tag
from annotator.store import SidecarError, tag_json, tags_from_json

STORY_FILE = "annotator-tags.json"
DEFAULT_FILE = "default-tags.json"
MAX_BYTES = 1024 * 1024  # a tag set is a few hundred bytes; anything this big is not one


class TagSetError(Exception):
    """A tag set file that cannot be read or written; the message names it and why."""


def story_file(folder: Path) -> Path:
    """Where a story folder keeps its tag set."""
    return Path(folder) / STORY_FILE


def default_file() -> Path:
    """Where her own default tag set is kept (the user's config folder)."""
    return platformdirs.user_config_path("annotator") / DEFAULT_FILE


def read(path: Path) -> list[Tag] | None:
    """The tags in a set file; None when there is none; TagSetError when unreadable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise TagSetError(f"{path.name} cannot be read: {error.strerror or error}") from None
    if len(raw) > MAX_BYTES:
        raise TagSetError(f"{path.name} is too large to be a tag set")
    try:
        return tags_from_json(orjson.loads(raw))
    except orjson.JSONDecodeError:
        raise TagSetError(f"{path.name} is not valid JSON") from None
    except SidecarError as error:
        raise TagSetError(f"{path.name}: {error}") from None


def write(path: Path, tags: list[Tag]) -> None:
    """Write a set atomically; TagSetError (nothing written) when the file there is unreadable."""
    read(path)  # raises for a file we could not read back: it is left as it is
    payload = json.dumps([tag_json(tag) for tag in tags], indent=2, ensure_ascii=False) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, payload.encode("utf-8"))
    except OSError as error:
        raise TagSetError(f"{path.name} cannot be written: {error.strerror or error}") from None


def story_tags(folder: Path) -> list[Tag] | None:
    """A folder's story set; None when it has none; TagSetError when unreadable."""
    return read(story_file(folder))


def default_tags() -> list[Tag]:
    """Her default set, or the shipped defaults when she has none (or it is unreadable)."""
    try:
        tags = read(default_file())
    except TagSetError:
        tags = None
    return tags if tags is not None else resources.default_tags()


def for_new_article(folder: Path) -> list[Tag]:
    """The tags a new article in `folder` starts with: the story's, else her defaults."""
    try:
        tags = story_tags(folder)
    except TagSetError:
        tags = None  # reported by whoever shows the folder; never overwritten
    return tags if tags is not None else default_tags()


def problem(folder: Path) -> str:
    """Why the folder's story set cannot be read ("" when it can, or there is none)."""
    try:
        story_tags(folder)
    except TagSetError as error:
        return str(error)
    return ""


def carried_over(article: list[Tag], before: list[Tag], after: list[Tag]) -> list[Tag]:
    """An article's tags once a shared set changed from `before` to `after`.

    The new set, in its order, then the article's own tags that neither set holds.
    """
    shared = {tag.id for tag in before} | {tag.id for tag in after}
    own = [tag for tag in article if tag.id not in shared]
    taken_keys = {tag.key for tag in after if tag.key}
    result = [Tag(t.id, t.label, t.color, t.key, dict(t.extra)) for t in after]
    for tag in own:
        key = "" if tag.key in taken_keys else tag.key
        result.append(Tag(tag.id, tag.label, tag.color, key, dict(tag.extra)))
    return result
