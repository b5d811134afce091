"""Quote drift: the same quotation worded differently, or said by someone else, elsewhere."""

from __future__ import annotations

from annotator.drift import find_drift, story_quotes, surname
from annotator.suggest import suggest

OURS = (
    "“We were asked to price a wall without knowing what it would stand on,” said Dana Okafor.\n\n"
    "“Nobody in the council wanted to hear that the ground was soft,” she added.\n\n"
    "“They knocked on every door when they wanted our votes,” said Mariam Haddad.\n"
)
THEIRS = (
    "“We were asked to price a wall without knowing what it would stand on,” "
    "said Peter Lindqvist.\n\n"  # another speaker
    "“Nobody in the council wanted to hear the ground was so soft,” Okafor said.\n\n"  # reworded
    "“They knocked on every door when they wanted our votes,” Haddad said.\n"  # the same
)


def test_wording_and_speaker_drift_are_told_apart():
    mine = suggest(OURS, ["quote"])
    drift = find_drift(mine, {"agency-copy.txt": suggest(THEIRS, ["quote"])})
    reasons = {
        OURS[start:end]: [d.reason for d in found] for (_k, start, end), found in drift.items()
    }
    assert reasons == {
        "We were asked to price a wall without knowing what it would stand on,": ["speaker"],
        "Nobody in the council wanted to hear that the ground was soft,": ["wording"],
    }
    [speaker] = drift[mine[0].key]
    assert speaker.message() == "attributed to Peter Lindqvist in agency-copy.txt"
    [wording] = drift[mine[1].key]
    assert wording.message().startswith("this quote reads differently in agency-copy.txt: “Nobody")


def test_curly_against_straight_marks_and_a_shorter_cut_are_no_drift():
    other = (
        '"We were asked to price a wall without knowing what it would stand on," Okafor said.\n\n'
        '"They knocked on every door," said Mariam Haddad.\n'
    )
    assert find_drift(suggest(OURS, ["quote"]), {"other.txt": suggest(other, ["quote"])}) == {}


def test_surname_of_a_speaker():
    assert surname("he (Dana Okafor)") == "okafor"
    assert surname("Councillor Peter Lindqvist") == "lindqvist"
    assert surname("she") == ""


def test_the_story_folder_is_read_and_the_article_itself_left_out(tmp_path):
    ours = tmp_path / "ours.txt"
    ours.write_text(OURS, encoding="utf-8")
    (tmp_path / "agency-copy.txt").write_text(THEIRS, encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01binary")
    others = story_quotes(
        ours, {"open-elsewhere.txt": "“A quotation long enough to count,” he said."}
    )
    assert sorted(others) == ["agency-copy.txt", "open-elsewhere.txt"]
    assert len(others["agency-copy.txt"]) == 3
