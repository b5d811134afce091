"""The command line (formats.md §3): add, list, export, and their errors."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time

import docx
import pytest

from annotator import store
from annotator.cli import main
from annotator.document import read_document
from tests.texts import ARABIC, SCRAPED, WINDOWS_1252


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    return path


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys, path):
    code, out, _ = run(capsys, "list", path, "--json")
    assert code == 0
    return json.loads(out)


def test_add_then_list(capsys, article):
    code, out, err = run(
        capsys,
        "add",
        article,
        "--quote",
        "Ines Moreau",
        "--tag",
        "person",
        "--note",
        "Finance director since 2019?",
        "--status",
        "to-verify",
    )
    assert (code, err) == (0, "")
    new_id = out.strip()
    (row,) = listed(capsys, article)
    assert list(row) == [
        "id", "start", "end", "quote", "tag", "status", "note", "anchor", "review", "resolved",
        "replies",
    ]  # fmt: skip
    assert (row["resolved"], row["replies"]) == (False, [])
    assert row["review"] is None
    assert row["id"] == new_id
    assert SCRAPED[row["start"] : row["end"]] == "Ines Moreau" == row["quote"]
    assert (row["tag"], row["status"], row["anchor"]) == ("person", "to-verify", "exact")
    assert row["note"] == "Finance director since 2019?"


def test_list_is_in_document_order(capsys, article):
    for quote in ("About 4,800", "Ines Moreau", "Something had to give."):
        assert run(capsys, "add", article, "--quote", quote)[0] == 0
    rows = listed(capsys, article)
    assert [r["quote"] for r in rows] == ["Ines Moreau", "Something had to give.", "About 4,800"]


def test_an_ambiguous_quote_is_an_error_naming_the_count(capsys, article):
    before = snapshot(article.parent)
    code, out, err = run(capsys, "add", article, "--quote", "Ferry fares across the harbour")
    assert code == 1 and out == ""
    assert err.startswith("annotator: ") and "2 times" in err and err.count("\n") == 1
    assert snapshot(article.parent) == before


def test_occurrence_picks_one_of_several(capsys, article):
    quote = "Ferry fares across the harbour"
    assert run(capsys, "add", article, "--quote", quote, "--occurrence", "2")[0] == 0
    (row,) = listed(capsys, article)
    assert row["start"] == SCRAPED.index(quote, SCRAPED.index(quote) + 1)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--quote", "not in the article at all"], "not in"),
        (["--quote", "Ines Moreau", "--occurrence", "2"], "only once"),
        (["--quote", "Ines Moreau", "--tag", "nonsense"], "unknown tag"),
    ],
)
def test_add_errors_change_nothing(capsys, article, argv, message):
    before = snapshot(article.parent)
    code, out, err = run(capsys, "add", article, *argv)
    assert code == 1 and out == ""
    assert err.startswith("annotator: ") and message in err and err.count("\n") == 1
    assert snapshot(article.parent) == before


def test_bad_usage_exits_2(capsys, article):
    with pytest.raises(SystemExit) as exit_:
        main(["add", str(article), "--quote", "x", "--status", "maybe"])
    assert exit_.value.code == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\x00\x01binary", "not a text file"), (None, "does not exist")],
)
def test_bad_articles_get_one_line(capsys, tmp_path, content, message):
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_bytes(content)
    for argv in (
        ["add", path, "--quote", "x"],
        ["list", path],
        ["export", path, "-o", tmp_path / "b.docx"],
    ):
        before = snapshot(tmp_path)
        code, _, err = run(capsys, *argv)
        assert code == 1 and err.startswith("annotator: ") and message in err
        assert err.count("\n") == 1
        assert snapshot(tmp_path) == before


def test_add_refuses_a_newer_sidecar_but_list_and_export_work(capsys, article, tmp_path):
    assert run(capsys, "add", article, "--quote", "Ines Moreau")[0] == 0
    sidecar = store.beside(article)
    data = json.loads(sidecar.read_text())
    data["version"] = 2
    sidecar.write_text(json.dumps(data))
    before = sidecar.read_bytes()
    code, _, err = run(capsys, "add", article, "--quote", "About 4,800")
    assert code == 1 and "newer" in err
    assert sidecar.read_bytes() == before
    assert len(listed(capsys, article)) == 1
    assert run(capsys, "export", article, "-o", tmp_path / "brief.md")[0] == 0
    assert "Ines Moreau" in (tmp_path / "brief.md").read_text(encoding="utf-8")


def test_a_corrupt_sidecar_fails_every_command_and_stays(capsys, article, tmp_path):
    sidecar = store.beside(article)
    sidecar.write_bytes(b'{"format": "annotator-sidecar", "vers')
    for argv in (
        ["add", article, "--quote", "Ines Moreau"],
        ["list", article],
        ["export", article, "-o", tmp_path / "b.docx"],
    ):
        code, _, err = run(capsys, *argv)
        assert code == 1 and "not valid JSON" in err
    assert sidecar.read_bytes() == b'{"format": "annotator-sidecar", "vers'
    assert not (tmp_path / "b.docx").exists()


def test_arabic_with_emoji_offsets_are_code_points(capsys, tmp_path):
    path = tmp_path / "arabic.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARABIC.replace("\n", "\r\n").encode("utf-8"))
    assert run(capsys, "add", path, "--quote", "عدد الركاب")[0] == 0
    (row,) = listed(capsys, path)
    assert row["start"] == ARABIC.index("عدد الركاب")
    assert ARABIC[row["start"] : row["end"]] == "عدد الركاب"


def test_windows_1252_article_with_a_typed_quote(capsys, tmp_path):
    path = tmp_path / "mayor.txt"
    path.write_bytes(WINDOWS_1252.encode("cp1252"))
    assert run(capsys, "add", path, "--quote", "it's naïve")[0] == 0
    (row,) = listed(capsys, path)
    assert row["quote"] == "it’s naïve"  # the article's own apostrophe is kept
    assert json.loads(store.beside(path).read_text("utf-8"))["source"]["encoding"] == "cp1252"


def test_list_shows_orphans_with_null_offsets(capsys, article):
    assert run(capsys, "add", article, "--quote", "a tax on people who can’t drive")[0] == 0
    article.write_text(SCRAPED.replace("a tax on people who can’t drive", "unfair"), "utf-8")
    (row,) = listed(capsys, article)
    assert (row["start"], row["end"], row["anchor"]) == (None, None, "orphaned")
    assert row["quote"] == "a tax on people who can’t drive"


def test_list_after_a_fuzzy_match_gives_the_passage_as_it_now_reads(capsys, article):
    quote = "We held prices for six years and the fuel bill doubled"
    assert run(capsys, "add", article, "--quote", quote)[0] == 0
    changed = "Correction appended.\n\n" + SCRAPED.replace("six years", "seven years")
    article.write_text(changed, "utf-8")
    (row,) = listed(capsys, article)
    assert row["anchor"] == "fuzzy"
    assert changed[row["start"] : row["end"]] == quote.replace("six", "seven")


def test_export_several_articles_in_one_brief(capsys, article, tmp_path):
    other = tmp_path / "arabic.txt"
    other.write_text(ARABIC, "utf-8")
    assert run(capsys, "add", article, "--quote", "Ines Moreau", "--note", "spelling?")[0] == 0
    assert run(capsys, "add", other, "--quote", "عدد الركاب", "--note", "مصدر؟")[0] == 0
    out = tmp_path / "brief.docx"
    assert run(capsys, "export", article, other, "-o", out) == (0, "", "")
    comments = [c.text for c in docx.Document(str(out)).comments]
    assert any("spelling?" in c for c in comments) and any("مصدر؟" in c for c in comments)


@pytest.mark.parametrize("fmt", ["md", "csv", "w3c"])
def test_export_formats_by_flag(capsys, article, tmp_path, fmt):
    assert run(capsys, "add", article, "--quote", "Ines Moreau", "--note", "spelling?")[0] == 0
    out = tmp_path / "brief.out"
    assert run(capsys, "export", article, "-o", out, "--format", fmt)[0] == 0
    assert "spelling?" in out.read_text(encoding="utf-8-sig")


def test_export_with_an_unknown_suffix_is_an_error(capsys, article, tmp_path):
    code, _, err = run(capsys, "export", article, "-o", tmp_path / "brief.xyz")
    assert code == 1 and err.startswith("annotator: ")
    assert not (tmp_path / "brief.xyz").exists()


def test_the_installed_command_prints_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "list", str(tmp_path / "none.txt")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("annotator: ") and "Traceback" not in result.stderr


def test_export_into_a_missing_folder_names_the_folder(capsys, article, tmp_path):
    code, _, err = run(capsys, "export", article, "-o", tmp_path / "missing" / "brief.docx")
    assert code == 1
    assert err == f"annotator: the folder {tmp_path / 'missing'} does not exist\n"


def test_the_window_without_a_display_says_so_in_one_line(capsys, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    code, _, err = run(capsys)
    assert code == 1
    assert err.startswith("annotator: there is no display") and err.count("\n") == 1


def command(*argv, **options):
    """Run the installed command line in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, argv)],
        capture_output=True,
        text=True,
        timeout=60,
        **options,
    )


def with_passage(article, note: str, **fields) -> None:
    """Give `article` one passage whose note is `note` (written straight into its sidecar)."""
    assert main(["add", str(article), "--quote", "Ines Moreau"]) == 0
    sidecar = store.beside(article)
    data = json.loads(sidecar.read_text("utf-8"))
    data["annotations"][0].update(note=note, **fields)
    sidecar.write_text(json.dumps(data), "utf-8")  # escaped: any string fits


ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\\x9b31m"


def test_plain_list_shows_control_characters_as_escapes(capsys, article):
    with_passage(article, f"\x9b31m see {ESCAPES}", tag="t\x1b[5m", id="id\x1b[8mhidden")
    capsys.readouterr()
    code, out, _ = run(capsys, "list", article)
    assert code == 0
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in out.replace("\n", ""))
    assert out.count("\n") == 1
    assert "\\x9b31m see \\x1b]0;owned\\x07\\x1b[2J" in out and "t\\x1b[5m" in out


def test_list_json_is_valid_whatever_a_note_holds(capsys, article):
    note = f"lone \ud800 half, {ESCAPES}, and 😀"
    with_passage(article, note)
    capsys.readouterr()
    code, out, _ = run(capsys, "list", article, "--json")
    assert code == 0
    assert "\x9b" not in out and "\x1b" not in out
    (row,) = json.loads(out)
    assert row["note"] == note
    out.encode("utf-8")  # no lone surrogate left in the text


def test_list_json_from_the_installed_command(article):
    with_passage(article, "lone \udc80 half")
    result = command("list", article, "--json")
    assert result.returncode == 0 and result.stderr == ""
    assert json.loads(result.stdout)[0]["note"] == "lone \udc80 half"


def test_error_lines_are_one_line_whatever_the_path_holds(capsys, tmp_path):
    path = tmp_path / "two\nlines\x1b[2J.txt"
    code, out, err = run(capsys, "list", path)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "\x1b" not in err
    assert err.startswith("annotator: ") and "two\\nlines\\x1b[2J.txt" in err


def test_usage_errors_echo_what_was_typed_safely(capsys, article):
    with pytest.raises(SystemExit) as exit_:
        main(["list", str(article), "--\x1b]0;owned\x07"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b]0;owned\\x07" in err


@pytest.mark.parametrize("quote", ["-5%", "--fares"])
def test_a_quote_starting_with_a_dash_is_taken_as_written(capsys, tmp_path, quote):
    path = tmp_path / "fares.txt"
    path.write_text(f"Fares changed by {quote} this year.\n", "utf-8")
    code, _, err = run(capsys, "add", path, "--quote", quote, "--note", "-check")
    assert (code, err) == (0, "")
    (row,) = listed(capsys, path)
    assert (row["quote"], row["note"]) == (quote, "-check")


@pytest.mark.parametrize("value", ["two", "1.5", "", "٣", "9" * 5000])
def test_a_bad_occurrence_is_a_usage_error_in_plain_words(capsys, article, value):
    with pytest.raises(SystemExit) as exit_:
        main(["add", str(article), "--quote", "Ines Moreau", "--occurrence", value])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument --occurrence: must be a whole number" in err
    assert "_positive" not in err and len(err) < 600


def test_export_into_a_folder_it_cannot_write_names_the_output(capsys, article, monkeypatch):
    out = article.parent / "brief.md"

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(article.parent / ".brief.md.1.x.tmp"))

    monkeypatch.setattr("tempfile.mkstemp", refused)
    code, _, err = run(capsys, "export", article, "-o", out)
    assert code == 1
    assert err == f"annotator: {out} cannot be written: Permission denied\n"


def test_export_into_a_read_only_folder_names_the_output(tmp_path, article):
    from tests.test_nothing_lost import run_read_only

    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:  # a read-only bind mount where the tests run as root, who writes anywhere
        result = run_read_only(folder, "export", str(article), "-o", str(folder / "brief.md"),
                               env=dict(os.environ))  # fmt: skip
    finally:
        folder.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr.startswith(f"annotator: {folder / 'brief.md'} cannot be written: ")
    assert result.stderr.count("\n") == 1 and not list(folder.iterdir())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX pipes")
@pytest.mark.parametrize("argv", [["add", "{}", "--quote", "x"], ["list", "{}"]])
def test_a_pipe_for_an_article_fails_at_once(tmp_path, argv):
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = command(*(str(fifo) if a == "{}" else a for a in argv))
    assert time.monotonic() - started < 10  # the interpreter's start-up is most of it
    assert result.returncode == 1
    assert result.stderr == f"annotator: {fifo} is a pipe, not a text file\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX pipes")
@pytest.mark.parametrize("argv", [["add", "{}", "--quote", "x"], ["list", "{}"]])
def test_a_pipe_for_the_notes_fails_at_once_and_stays_a_pipe(tmp_path, argv):
    article = tmp_path / "article.txt"
    article.write_text("x marks the spot\n", encoding="utf-8")
    os.mkfifo(tmp_path / "article.txt.annotations.json")
    started = time.monotonic()
    result = command(*(str(article) if a == "{}" else a for a in argv))
    assert time.monotonic() - started < 10  # the interpreter's start-up is most of it
    assert result.returncode == 1
    assert result.stderr == (
        "annotator: article.txt.annotations.json is not a plain file; it was left as it is\n"
    )
    assert stat.S_ISFIFO((tmp_path / "article.txt.annotations.json").stat().st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_for_an_article_is_one_line():
    result = command("list", "/dev/zero")
    assert result.returncode == 1
    assert result.stderr == "annotator: /dev/zero is a device, not a text file\n"


def test_a_sidecar_nested_too_deep_is_one_line_and_left_alone(article):
    sidecar = store.beside(article)
    sidecar.write_bytes(b'{"format": "annotator-sidecar", "version": 1, "x": ' + b"[" * 1100)
    sidecar.write_bytes(sidecar.read_bytes() + b"]" * 1100 + b"}")
    before = sidecar.read_bytes()
    for argv in (["list", article], ["add", article, "--quote", "Ines Moreau"]):
        result = command(*argv)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.count("\n") == 1 and "nested more than" in result.stderr
    assert sidecar.read_bytes() == before


def test_a_title_that_is_a_number_is_named_not_a_crash(capsys, article, tmp_path):
    assert run(capsys, "add", article, "--quote", "Ines Moreau")[0] == 0
    sidecar = store.beside(article)
    data = json.loads(sidecar.read_text("utf-8"))
    data["source"]["metadata"]["title"] = 2026
    sidecar.write_text(json.dumps(data), "utf-8")
    code, _, err = run(capsys, "export", article, "-o", tmp_path / "brief.md")
    assert code == 1 and "source.metadata.title is not text" in err
    assert not (tmp_path / "brief.md").exists()


def test_a_number_too_long_in_a_sidecar_names_the_file(capsys, article):
    assert run(capsys, "add", article, "--quote", "Ines Moreau")[0] == 0
    sidecar = store.beside(article)
    sidecar.write_text(
        sidecar.read_text("utf-8").replace('"version"', '"x": 1' + "0" * 4400 + ', "version"')
    )
    code, _, err = run(capsys, "list", article)
    assert code == 1
    assert err.startswith(f"annotator: {sidecar.name} holds a number of more than")


def test_list_with_its_output_closed_exits_quietly(article):
    with_passage(article, "a note")
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "list", str(article)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.close(1),
    )
    assert result.stderr == ""
    assert result.returncode == 1


@pytest.mark.parametrize("flag", [[], ["--json"]])
def test_list_into_a_pipe_whose_reader_has_gone_exits_quietly(article, flag):
    with_passage(article, "a note")
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `head` does once it has read enough
    try:
        result = subprocess.run(
            [sys.executable, "-m", "annotator", "list", str(article), *flag],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert result.stderr == "" and result.returncode == 1


# -- suggest ------------------------------------------------------------------------------


def suggested(capsys, path, *extra):
    code, out, err = run(capsys, "suggest", path, "--json", *extra)
    assert (code, err) == (0, "")
    return json.loads(out)


def test_suggest_prints_quotes_figures_and_dates_and_writes_nothing(capsys, article):
    before = snapshot(article.parent)
    found = suggested(capsys, article)
    assert {row["kind"] for row in found} == {"quote", "figure", "date"}
    quote = next(r for r in found if r["exact"] == "Something had to give.")
    fields = ["kind", "start", "end", "exact", "confidence", "speaker", "form", "value", "drift"]
    assert list(quote) == fields
    assert quote["drift"] == []  # the folder holds no other article
    assert SCRAPED[quote["start"] : quote["end"]] == quote["exact"]
    speaker = quote["speaker"]
    assert SCRAPED[speaker["start"] : speaker["end"]] == speaker["text"] == "Ines Moreau"
    assert [r["kind"] for r in suggested(capsys, article, "--kind", "figure")] == ["figure"] * 3
    code, out, _ = run(capsys, "suggest", article)
    assert code == 0 and "Something had to give.  — Ines Moreau" in out
    assert snapshot(article.parent) == before  # offered, never written


def test_suggest_accept_marks_every_quote_in_one_save_with_its_speaker(capsys, article):
    code, out, err = run(capsys, "suggest", article, "--accept", "quote")
    assert (code, out, err) == (0, "3 passages added\n", "")
    rows = listed(capsys, article)
    assert [r["tag"] for r in rows] == ["quote"] * 3
    said = {r["quote"]: r["note"] for r in rows}
    assert said["Something had to give."] == "Speaker: Ines Moreau"
    assert suggested(capsys, article, "--kind", "quote") == []  # marked: no longer offered
    code, out, _ = run(capsys, "suggest", article, "--accept", "quote")
    assert (code, out) == (0, "0 passages added\n")


def test_suggest_leaves_out_what_she_dismissed(capsys, article):
    sidecar = store.new_sidecar(read_document(article))
    sidecar.dismissed.append(
        {"kind": "quote", "start": 0, "end": 1, "exact": "Something had to give."}
    )
    store.save(sidecar, article)
    exacts = [r["exact"] for r in suggested(capsys, article, "--kind", "quote")]
    assert "Something had to give." not in exacts and len(exacts) == 2
    run(capsys, "suggest", article, "--accept", "quote")
    kept = json.loads(store.beside(article).read_text(encoding="utf-8"))
    assert len(kept["annotations"]) == 2
    assert kept["dismissed"][0]["exact"] == "Something had to give."


def test_suggest_errors_change_nothing(capsys, article, tmp_path):
    code, _, err = run(capsys, "suggest", tmp_path / "missing.txt")
    assert code == 1 and err.startswith("annotator: ") and err.count("\n") == 1
    newer = {"format": "annotator-sidecar", "version": 99, "annotations": []}
    store.beside(article).write_text(json.dumps(newer), encoding="utf-8")
    before = snapshot(article.parent)
    assert len(suggested(capsys, article)) > 0  # a newer sidecar can still be read
    code, _, err = run(capsys, "suggest", article, "--accept", "figure")
    assert code == 1 and "newer Annotator" in err and err.startswith("annotator: ")
    assert snapshot(article.parent) == before
    with pytest.raises(SystemExit) as exit_:
        main(["suggest", str(article), "--kind", "names"])
    assert exit_.value.code == 2


def test_suggest_flags_a_quote_that_reads_differently_in_the_story_folder(capsys, article):
    rewrite = article.with_name("agency-copy.txt")
    rewrite.write_text(
        "“We held prices for six years and the fuel costs doubled,” said Ines Moreau.\n\n"
        "“Something had to give,” said the harbour master, Tom Reyes.\n",
        encoding="utf-8",
    )
    found = {r["exact"]: r["drift"] for r in suggested(capsys, article, "--kind", "quote")}
    [wording] = found["We held prices for six years and the fuel bill doubled,"]
    assert wording == {
        "file": "agency-copy.txt",
        "exact": "We held prices for six years and the fuel costs doubled,",
        "speaker": "Ines Moreau",
        "reason": "wording",
    }
    assert found["Something had to give."] == []  # three words: too short to compare
    _code, out, _ = run(capsys, "suggest", article, "--kind", "quote")
    assert "⚠ this quote reads differently in agency-copy.txt" in out
    run(capsys, "suggest", article, "--accept", "quote")
    notes = {r["quote"]: r["note"] for r in listed(capsys, article)}
    assert notes["We held prices for six years and the fuel bill doubled,"] == (
        "Speaker: Ines Moreau\nthis quote reads differently in agency-copy.txt: "
        "“We held prices for six years and the fuel costs doubled,”"
    )
