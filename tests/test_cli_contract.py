"""The command line's promises (formats.md §3) that the first tests left unchecked: the
plain `list`, tags by label in any case, --occurrence from 1, the notice when notes go
to the data folder, one line for every error, and when the window can open."""

from __future__ import annotations

import errno
import json
import sys

import pytest

from annotator import store
from annotator.cli import main
from tests.texts import SCRAPED


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    return path


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def add(capsys, article, quote, *more) -> str:
    code, out, err = run(capsys, "add", article, "--quote", quote, *more)
    assert (code, err) == (0, ""), err
    return out.strip()


def test_plain_list_prints_one_line_per_passage_in_document_order(capsys, article):
    person = add(capsys, article, "Ines Moreau", "--tag", "person", "--note", "spelling?")
    figure = add(capsys, article, "About 4,800", "--status", "verified")
    code, out, err = run(capsys, "list", article)
    assert (code, err) == (0, "")
    first, second = out.splitlines()
    start = SCRAPED.index("Ines Moreau")
    assert first.split() == [
        person[:8], f"{start}-{start + 11}", "person", "-", "exact", "Ines", "Moreau", "spelling?",
    ]  # fmt: skip
    start = SCRAPED.index("About 4,800")
    assert second.split() == [
        figure[:8], f"{start}-{start + 11}", "-", "verified", "exact", "About", "4,800",
    ]  # fmt: skip


def test_plain_list_shows_orphans_and_nothing_for_no_passages(capsys, article):
    assert run(capsys, "list", article) == (0, "", "")
    add(capsys, article, "a tax on people who can’t drive", "--note", "who?")
    article.write_text(SCRAPED.replace("a tax on people who can’t drive", "unfair"), "utf-8")
    code, out, _ = run(capsys, "list", article)
    assert code == 0
    (line,) = out.splitlines()
    assert line.split()[1:4] == ["orphaned", "-", "-"]
    assert "orphaned  a tax on people who can’t drive  who?" in line


def test_list_json_says_how_each_passage_was_found(capsys, article):
    add(capsys, article, "Ines Moreau")
    add(capsys, article, "the fuel bill doubled")
    changed = "Update.\n\n" + SCRAPED.replace("fuel bill doubled", "fuel bill tripled")
    article.write_text(changed, encoding="utf-8")
    code, out, _ = run(capsys, "list", article, "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["quote"], r["anchor"]) for r in rows] == [
        ("the fuel bill tripled", "fuzzy"),  # the quote as it now reads...
        ("Ines Moreau", "moved"),
    ]
    assert rows[0]["review"]["previous"]["exact"] == "the fuel bill doubled"  # ...and before
    assert changed[rows[0]["start"] : rows[0]["end"]] == "the fuel bill tripled"
    assert out.endswith("]\n")


@pytest.mark.parametrize("wanted", ["person", "Person/Organisation", "PERSON/organisation"])
def test_a_tag_is_named_by_its_id_or_its_label_in_any_case(capsys, article, wanted):
    add(capsys, article, "Ines Moreau", "--tag", wanted)
    (row,) = json.loads(run(capsys, "list", article, "--json")[1])
    assert row["tag"] == "person"


def test_an_unknown_tag_lists_the_known_ones(capsys, article):
    code, _, err = run(capsys, "add", article, "--quote", "Ines Moreau", "--tag", "Persons")
    assert code == 1
    assert err == (
        "annotator: unknown tag 'Persons' (tags of ferry.txt: claim, quote, figure, "
        "person, date, follow-up)\n"
    )


@pytest.mark.parametrize("occurrence", ["0", "-1", "two"])
def test_occurrence_counts_from_one(capsys, article, occurrence):
    with pytest.raises(SystemExit) as exit_:
        main(["add", str(article), "--quote", "Ferry fares", "--occurrence", occurrence])
    assert exit_.value.code == 2
    assert not store.beside(article).exists()


def test_occurrence_one_and_the_last_one(capsys, article):
    quote = "Ferry fares across the harbour"
    first = SCRAPED.index(quote)
    add(capsys, article, quote, "--occurrence", "1")
    add(capsys, article, quote, "--occurrence", "2")
    rows = json.loads(run(capsys, "list", article, "--json")[1])
    assert [r["start"] for r in rows] == [first, SCRAPED.index(quote, first + 1)]
    code, _, err = run(capsys, "add", article, "--quote", quote, "--occurrence", "3")
    assert code == 1 and err == "annotator: the quote occurs only 2 times in ferry.txt\n"


def test_an_empty_quote_is_refused(capsys, article):
    code, _, err = run(capsys, "add", article, "--quote", "")
    assert (code, err) == (1, "annotator: the quote is empty\n")


def test_an_ambiguous_quote_names_the_range_to_choose_from(capsys, article):
    code, _, err = run(capsys, "add", article, "--quote", "Ferry fares across")
    assert code == 1
    assert err == (
        "annotator: the quote occurs 2 times in ferry.txt; choose one with --occurrence 1 to 2\n"
    )


def refuse_writes_beside(monkeypatch, article, code=errno.EACCES):
    real = store.write_atomic

    def write(path, payload):
        if path.parent == article.parent:
            raise OSError(code, "Permission denied", str(path))
        real(path, payload)

    monkeypatch.setattr(store, "write_atomic", write)


def test_add_says_where_the_notes_went_when_the_folder_is_not_writable(
    capsys, article, monkeypatch
):
    refuse_writes_beside(monkeypatch, article)
    code, out, err = run(capsys, "add", article, "--quote", "Ines Moreau")
    assert code == 0 and len(out.strip()) == 32
    assert err == (
        f"annotator: {article.parent} is not writable; notes kept in {store.fallback(article)}\n"
    )
    assert store.fallback(article).exists() and not store.beside(article).exists()
    code, out, again = run(capsys, "add", article, "--quote", "About 4,800")
    assert (code, again) == (0, err)  # every time: they are still not beside the article
    assert len(store.read(store.fallback(article)).annotations) == 2


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (
            OSError(errno.EIO, "Input/output error", "/mnt/n.json"),
            "/mnt/n.json: Input/output error",
        ),
        (OSError(errno.EIO, "Input/output error"), "[Errno 5] Input/output error"),
        (OSError("disk gone"), "disk gone"),
    ],
)
def test_an_os_error_is_one_line_naming_the_file(capsys, article, monkeypatch, error, line):
    def fail(path, payload):
        raise error

    monkeypatch.setattr(store, "write_atomic", fail)
    code, out, err = run(capsys, "add", article, "--quote", "Ines Moreau")
    assert (code, out, err) == (1, "", f"annotator: {line}\n")


def test_an_export_onto_a_folder_is_one_line_and_leaves_nothing(capsys, article, tmp_path):
    folder = tmp_path / "brief.md"
    folder.mkdir()
    code, out, err = run(capsys, "export", article, "-o", folder)
    assert code == 1 and out == ""
    assert err.startswith("annotator: ") and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md", "ferry.txt"]


@pytest.fixture
def window_opened(monkeypatch):
    """What the window would have been asked to open, instead of opening it."""
    import annotator.ui.app

    opened: list[dict] = []

    def run_window(**kwargs):
        opened.append(kwargs)
        return 0

    monkeypatch.setattr(annotator.ui.app, "run", run_window)
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    return opened


@pytest.mark.parametrize(
    "variable", ["DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"], ids=str.lower
)
def test_the_window_opens_with_a_display_or_a_chosen_qt_platform(
    capsys, monkeypatch, window_opened, article, variable
):
    monkeypatch.setenv(variable, ":0" if variable == "DISPLAY" else "offscreen")
    assert run(capsys, article) == (0, "", "")
    assert window_opened == [{"file": article, "sample": False}]


def test_the_window_opens_anywhere_but_linux_and_on_the_sample(capsys, monkeypatch, window_opened):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert run(capsys, "--sample")[0] == 0
    assert window_opened == [{"file": None, "sample": True}]


def test_without_a_display_the_window_is_not_tried(capsys, window_opened):
    code, _, err = run(capsys)
    assert code == 1 and window_opened == []
    assert err == (
        "annotator: there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY "
        "are not set); add, list and export work without one\n"
    )


HELP = {
    (): """usage: annotator [-h] [--sample] [--version] [file]

Annotate source articles and hand your editor a Word brief.

positional arguments:
  file        article to open in the window

options:
  -h, --help  show this help message and exit
  --sample    open the bundled sample article
  --version   show program's version number and exit

commands: add, list, export, review, suggest, inspect, import-brief, merge-
driver, git-setup, relink (each has --help)
""",
    ("add",): """usage: annotator add [-h] --quote QUOTE [--occurrence OCCURRENCE] [--tag TAG]
                     [--note NOTE] [--status {to-verify,verified,disputed}]
                     [--author NAME]
                     file

positional arguments:
  file

options:
  -h, --help            show this help message and exit
  --quote QUOTE         the passage's text, as it stands in the article
  --occurrence OCCURRENCE
                        which occurrence (1-based) when the quote repeats
  --tag TAG             tag id or label (e.g. claim)
  --note NOTE
  --status {to-verify,verified,disputed}
  --author NAME         who marks the passages (default: $ANNOTATOR_AUTHOR,
                        else none)
""",
    ("list",): """usage: annotator list [-h] [--json] file

positional arguments:
  file

options:
  -h, --help  show this help message and exit
  --json      print a JSON array
""",
    ("export",): """usage: annotator export [-h] -o OUT
                        [--format {docx,md,csv,w3c,pdf,claimreview}]
                        [--with-clutter] [--status S[,S]] [--tag T[,T]]
                        [--no-full-text] [--group-by {tag,status}]
                        [--page-size {a4,letter}] [--language xx-YY]
                        [--review-url URL]
                        FILE [FILE ...]

positional arguments:
  FILE

options:
  -h, --help            show this help message and exit
  -o OUT, --output OUT
  --format {docx,md,csv,w3c,pdf,claimreview}
  --with-clutter        keep paragraphs flagged as site furniture or repeats
                        in the brief's full text
  --status S[,S]        only passages with one of these statuses: to-verify,
                        verified, disputed, none
  --tag T[,T]           only passages with one of these tags (id or label)
  --no-full-text        leave the article's full text out of the brief
  --group-by {tag,status}
                        group the passages by tag (the default) or by status,
                        disputed first
  --page-size {a4,letter}
                        the Word or PDF brief's paper (default: from the
                        locale's LC_PAPER or LANG)
  --language xx-YY      the brief's language, for spelling (default: from the
                        locale's LANG)
  --review-url URL      claimreview: the address of the page that publishes
                        the fact checks
""",
}


@pytest.mark.parametrize("command", list(HELP), ids=lambda c: c[0] if c else "window")
def test_help_shows_the_documented_usage(capsys, monkeypatch, command):
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == HELP[command]


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["add", "{article}"], "the following arguments are required: --quote"),
        (
            ["add", "{article}", "--quote", "x", "--occurrence", "0"],
            "argument --occurrence: must be 1 or more",
        ),
        (["export", "{article}"], "the following arguments are required: -o/--output"),
        (
            ["export", "{article}", "-o", "b.x", "--format", "odt"],
            "argument --format: invalid choice: 'odt'",
        ),
        (["list"], "the following arguments are required: file"),
    ],
)
def test_bad_usage_says_what_is_wrong_and_exits_2(capsys, article, argv, complaint):
    with pytest.raises(SystemExit) as exit_:
        main([a.format(article=article) for a in argv])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: annotator {argv[0]}") and f"error: {complaint}" in err


def test_plain_list_cuts_long_quotes_and_notes_to_one_line(capsys, tmp_path):
    sentence = "The harbour board voted on Tuesday to raise every single ferry fare by a third"
    path = tmp_path / "long.txt"
    path.write_text(f"Intro.\n{sentence} from May.\n", encoding="utf-8")
    note = "Ask the board\nfor the minutes of the vote, and the names of who voted how"
    add(capsys, path, sentence, "--note", note)
    (line,) = run(capsys, "list", path)[1].splitlines()
    assert line.endswith(f"{sentence[:49]}…  Ask the board for the minutes of the vo…")


def test_defaults_are_empty_not_missing(capsys, article):
    add(capsys, article, "Ines Moreau")
    (row,) = json.loads(run(capsys, "list", article, "--json")[1])
    assert (row["tag"], row["note"], row["status"]) == ("", "", None)
    saved = json.loads(store.beside(article).read_text(encoding="utf-8"))["annotations"][0]
    assert (saved["author"], saved["note"], saved["tag"]) == ("", "", "")
    add(capsys, article, "About 4,800", "--author", "Rahima Akter")
    saved = json.loads(store.beside(article).read_text(encoding="utf-8"))["annotations"][1]
    assert saved["author"] == "Rahima Akter"


def test_list_json_is_indented_and_keeps_every_script(capsys, article):
    add(capsys, article, "এই প্রতিবেদনটি", "--note", "ভাষা?")
    out = run(capsys, "list", article, "--json")[1]
    assert out.startswith('[\n  {\n    "id": ') and "এই প্রতিবেদনটি" in out and "ভাষা?" in out


def test_a_tag_named_in_an_article_with_no_tags(capsys, article):
    data = {"format": "annotator-sidecar", "version": 1, "tags": [], "annotations": []}
    store.beside(article).write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "add", article, "--quote", "Ines Moreau", "--tag", "claim")
    assert (code, err) == (1, "annotator: unknown tag 'claim' (tags of ferry.txt: none)\n")


def test_a_quote_not_in_the_article_names_it(capsys, article):
    code, _, err = run(capsys, "add", article, "--quote", "no such words")
    assert (code, err) == (1, "annotator: the quote is not in ferry.txt\n")


def test_arguments_come_from_the_command_line_when_none_are_given(capsys, article, monkeypatch):
    add(capsys, article, "Ines Moreau")
    monkeypatch.setattr(sys, "argv", ["annotator", "list", str(article), "--json"])
    assert main() == 0
    assert [r["quote"] for r in json.loads(capsys.readouterr().out)] == ["Ines Moreau"]
