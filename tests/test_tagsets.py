"""Tag sets beyond one article: her default set, a story's set, and what new notes take."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import resources, store, tagsets
from annotator.article import open_article
from annotator.model import Tag

STORY = [
    {"id": "claim", "label": "Claim", "color": "#ffd54f", "key": "1"},
    {"id": "flood-level", "label": "Flood level", "color": "#4fc3f7", "key": "7", "x": [1]},
]


def article_in(folder: Path, name: str = "a.txt") -> Path:
    path = folder / name
    path.write_text("The river rose 3 metres overnight, the mayor said.\n", encoding="utf-8")
    return path


def test_a_new_article_takes_the_story_set_of_its_folder(tmp_path):
    (tmp_path / tagsets.STORY_FILE).write_text(json.dumps(STORY), encoding="utf-8")
    article = open_article(article_in(tmp_path))
    assert [t.id for t in article.sidecar.tags] == ["claim", "flood-level"]
    assert article.sidecar.tags[1].extra == {"x": [1]}  # another tool's key kept
    article.save()
    saved = json.loads(store.beside(article.path).read_text(encoding="utf-8"))
    assert [t["id"] for t in saved["tags"]] == ["claim", "flood-level"]  # carried alone


def test_without_a_story_set_her_default_set_then_the_shipped_one(tmp_path):
    shipped = [t.id for t in resources.default_tags()]
    assert [t.id for t in open_article(article_in(tmp_path)).sidecar.tags] == shipped
    tagsets.write(tagsets.default_file(), [Tag("lead", "Lead", "#000000", "1")])
    assert tagsets.default_file().is_relative_to(Path(tagsets.platformdirs.user_config_dir()))
    assert [t.id for t in open_article(article_in(tmp_path)).sidecar.tags] == ["lead"]


def test_an_existing_sidecar_keeps_its_own_tags(tmp_path):
    article = open_article(article_in(tmp_path))
    article.save()
    (tmp_path / tagsets.STORY_FILE).write_text(json.dumps(STORY), encoding="utf-8")
    shipped = [t.id for t in resources.default_tags()]
    assert [t.id for t in open_article(article.path).sidecar.tags] == shipped


@pytest.mark.parametrize(
    "content", [b"{not json", b'{"id": "claim"}', b'[{"label": "no id"}]', b"\xff\xfe"]
)
def test_an_unreadable_story_set_is_never_overwritten(tmp_path, content):
    story = tmp_path / tagsets.STORY_FILE
    story.write_bytes(content)
    assert tagsets.problem(tmp_path).startswith(tagsets.STORY_FILE)
    shipped = [t.id for t in resources.default_tags()]
    assert [t.id for t in tagsets.for_new_article(tmp_path)] == shipped
    with pytest.raises(tagsets.TagSetError):
        tagsets.write(story, [Tag("a", "A", "#000000")])
    assert story.read_bytes() == content


def test_a_set_is_written_in_the_sidecars_shape_atomically(tmp_path):
    tags = [Tag("claim", "Claim ✓", "#ffd54f", "1", {"later": True})]
    tagsets.write(tagsets.story_file(tmp_path), tags)
    text = (tmp_path / tagsets.STORY_FILE).read_text(encoding="utf-8")
    assert text.endswith("\n") and "Claim ✓" in text
    assert json.loads(text) == [
        {"id": "claim", "label": "Claim ✓", "color": "#ffd54f", "key": "1", "later": True}
    ]
    assert tagsets.story_tags(tmp_path) == tags
    assert [p.name for p in tmp_path.iterdir()] == [tagsets.STORY_FILE]  # no temporary left


def test_a_change_to_a_shared_set_keeps_an_articles_own_tags():
    before = [Tag("claim", "Claim", "#111111", "1"), Tag("old", "Old", "#222222", "2")]
    after = [Tag("claim", "Claim!", "#333333", "1"), Tag("new", "New", "#444444", "2")]
    mine = [*before, Tag("mine", "Mine", "#555555", "2"), Tag("own", "Own", "#666666", "9")]
    result = tagsets.carried_over(mine, before, after)
    assert [(t.id, t.label, t.key) for t in result] == [
        ("claim", "Claim!", "1"),
        ("new", "New", "2"),
        ("mine", "Mine", ""),  # its key went to the shared set's tag
        ("own", "Own", "9"),
    ]


def test_cli_add_takes_the_story_set_and_says_when_it_cannot(tmp_path):
    (tmp_path / tagsets.STORY_FILE).write_text(json.dumps(STORY), encoding="utf-8")
    path = article_in(tmp_path)
    run = [sys.executable, "-m", "annotator", "add", str(path), "--quote", "3 metres"]
    done = subprocess.run([*run, "--tag", "flood-level"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    saved = json.loads(store.beside(path).read_text(encoding="utf-8"))
    assert saved["annotations"][0]["tag"] == "flood-level"
    other = article_in(tmp_path, "b.txt")
    (tmp_path / tagsets.STORY_FILE).write_text("[", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "add", str(other), "--quote", "3 metres"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0
    assert done.stderr.startswith("annotator: annotator-tags.json is not valid JSON")
    assert (tmp_path / tagsets.STORY_FILE).read_text(encoding="utf-8") == "["
