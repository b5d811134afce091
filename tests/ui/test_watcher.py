"""The file watcher: someone else's writes are reported once, our own never."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.store import beside, write_atomic
from annotator.ui.watcher import FileWatcher

DELAY_MS = 40
TIMEOUT_MS = 3000


@pytest.fixture
def files(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Ferry fares rise.\n", encoding="utf-8")
    sidecar = beside(article)
    sidecar.write_text("{}\n", encoding="utf-8")
    return article, sidecar


@pytest.fixture
def watcher(qtbot, files):
    watcher = FileWatcher(delay_ms=DELAY_MS)
    watcher.watch(*files)
    return watcher


def replace_atomically(path: Path, text: str) -> None:
    """What a sync tool or an editor does: write a temporary file, rename it over."""
    temporary = path.with_name(path.name + ".partial")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def recorder(signal) -> list[str]:
    seen: list[str] = []
    signal.connect(seen.append)
    return seen


def processed_after(qtbot, signal, sentinel: Path) -> None:
    """Return once the watcher has judged everything that happened before this call.

    A colleague's change to `sentinel` must be reported by `signal`; the watcher checks
    every file each time it looks, so by then whatever came before has been judged too.
    (Waiting a fixed time instead would also pass with a slow or dead watcher.)
    """
    with qtbot.waitSignal(
        signal, timeout=TIMEOUT_MS, check_params_cb=lambda path: path == str(sentinel)
    ):
        replace_atomically(sentinel, sentinel.read_text(encoding="utf-8") + "changed\n")


def test_an_external_write_to_the_article_is_reported(qtbot, watcher, files):
    article, _ = files
    with qtbot.waitSignal(watcher.articleChanged, timeout=TIMEOUT_MS) as blocker:
        article.write_text("Ferry fares rise by a third.\n", encoding="utf-8")
    assert blocker.args == [str(article)]


def test_a_write_in_several_steps_is_reported_once(qtbot, watcher, files):
    article, _ = files
    seen = recorder(watcher.articleChanged)
    with article.open("w", encoding="utf-8") as stream:
        stream.write("Ferry fares")
        stream.flush()
        os.fsync(stream.fileno())
        stream.write(" rise by a third.\n")
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=TIMEOUT_MS)
    processed_after(qtbot, watcher.sidecarChanged, files[1])
    assert seen == [str(article)]


def test_our_own_noted_write_of_the_sidecar_is_not_reported(qtbot, watcher, files):
    _, sidecar = files
    seen = recorder(watcher.sidecarChanged)
    write_atomic(sidecar, b'{"ours": true}\n')
    watcher.note_own_write(sidecar)
    processed_after(qtbot, watcher.articleChanged, files[0])
    assert seen == []
    # ...and the sidecar is still watched after our replace: theirs is reported.
    with qtbot.waitSignal(watcher.sidecarChanged, timeout=TIMEOUT_MS):
        replace_atomically(sidecar, '{"theirs": true}\n')


def test_a_write_noted_with_its_bytes_is_not_reported(qtbot, watcher, files):
    _, sidecar = files
    payload = b'{"ours": "with bytes"}\n'
    seen = recorder(watcher.sidecarChanged)
    write_atomic(sidecar, payload)
    watcher.note_own_write(sidecar, payload)
    processed_after(qtbot, watcher.articleChanged, files[0])
    assert seen == []


def test_after_our_write_noted_with_its_bytes_a_colleagues_is_reported(qtbot, watcher, files):
    """Our bytes are kept, not hashed: his, as long or longer, differ from them."""
    _, sidecar = files
    ours = b'{"ours": "with bytes"}\n'
    write_atomic(sidecar, ours)
    watcher.note_own_write(sidecar, ours)
    for his in (b'{"his!": "with bytes"}\n', b'{"his!": "with bytes"}\n\n'):
        with qtbot.waitSignal(watcher.sidecarChanged, timeout=TIMEOUT_MS) as blocker:
            replace_atomically(sidecar, his.decode())
        assert blocker.args == [str(sidecar)]


def test_an_unnoted_write_of_the_sidecar_is_reported(qtbot, watcher, files):
    _, sidecar = files
    with qtbot.waitSignal(watcher.sidecarChanged, timeout=TIMEOUT_MS) as blocker:
        write_atomic(sidecar, b'{"someone": "else"}\n')
    assert blocker.args == [str(sidecar)]


def test_atomic_replaces_of_the_sidecar_are_reported_every_time(qtbot, watcher, files):
    _, sidecar = files
    articles = recorder(watcher.articleChanged)
    for version in range(1, 4):
        with qtbot.waitSignal(watcher.sidecarChanged, timeout=TIMEOUT_MS) as blocker:
            replace_atomically(sidecar, f'{{"version": {version}}}\n')
        assert blocker.args == [str(sidecar)]
        assert str(sidecar) in watcher.watched()
    assert articles == []


def test_a_sidecar_created_later_is_seen(qtbot, tmp_path):
    article = tmp_path / "new.txt"
    article.write_text("text\n", encoding="utf-8")
    watcher = FileWatcher(delay_ms=DELAY_MS)
    watcher.watch(article, None)
    assert str(beside(article)) not in watcher.watched()
    assert str(tmp_path) in watcher.watched()
    with qtbot.waitSignal(watcher.sidecarChanged, timeout=TIMEOUT_MS) as blocker:
        replace_atomically(beside(article), "{}\n")
    assert blocker.args == [str(beside(article))]
    assert str(beside(article)) in watcher.watched()


def test_touching_without_changing_the_contents_is_not_reported(qtbot, watcher, files):
    article, _ = files
    seen = recorder(watcher.articleChanged)
    article.write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(article)
    processed_after(qtbot, watcher.sidecarChanged, files[1])
    assert seen == []


def test_a_deleted_article_is_reported(qtbot, watcher, files):
    article, _ = files
    with qtbot.waitSignal(watcher.articleChanged, timeout=TIMEOUT_MS):
        article.unlink()


def test_unwatch_stops_reports_and_releases_the_paths(qtbot, watcher, files, tmp_path):
    article, _ = files
    watcher.unwatch(article)
    assert watcher.watched() == []
    seen = recorder(watcher.articleChanged)
    article.write_text("changed\n", encoding="utf-8")
    # Another article, watched after it, is still reported; the unwatched one never.
    other = tmp_path / "other" / "article.txt"
    other.parent.mkdir()
    other.write_text("Other.\n", encoding="utf-8")
    watcher.watch(other, None)
    with qtbot.waitSignal(watcher.articleChanged, timeout=TIMEOUT_MS) as blocker:
        other.write_text("Other, changed.\n", encoding="utf-8")
    assert blocker.args == [str(other)]
    assert seen == [str(other)]


def test_the_new_file_is_watched_after_a_replace_while_the_old_one_is_held_open(
    qtbot, watcher, files
):
    _, sidecar = files
    with sidecar.open("rb"):  # a reader keeps the replaced inode alive and its watch too
        with qtbot.waitSignal(watcher.sidecarChanged, timeout=TIMEOUT_MS):
            replace_atomically(sidecar, '{"version": 1}\n')
        # Written in place, the new file changes but its folder does not.
        with (
            qtbot.waitSignal(watcher.sidecarChanged, timeout=TIMEOUT_MS),
            sidecar.open("a", encoding="utf-8") as stream,
        ):
            stream.write("\n")


def test_a_baseline_from_what_was_read_reports_nothing_until_someone_writes(qtbot, files):
    """Opened: the baseline is worked out on a worker from the article's stamp and the
    sidecar's bytes as read; nothing is reported for them, a later write is."""
    from annotator.document import stamp_of

    article, sidecar = files
    watcher = FileWatcher(delay_ms=DELAY_MS)
    watcher.watch(article, sidecar, (stamp_of(article), sidecar.read_bytes()))
    articles = recorder(watcher.articleChanged)
    sidecars = recorder(watcher.sidecarChanged)
    watcher.check()  # as if something had stirred: nothing differs from what was read
    qtbot.wait(5 * DELAY_MS)
    assert (articles, sidecars) == ([], [])
    processed_after(qtbot, watcher.sidecarChanged, sidecar)
    assert articles == []
    with qtbot.waitSignal(watcher.articleChanged, timeout=TIMEOUT_MS):
        replace_atomically(article, "Ferry fares fall.\n")


def test_an_article_changed_after_it_was_read_is_reported(qtbot, files):
    """The file changed between its reading (its stamp) and the watch: it is reported,
    so the window reads it again (before, the new text became the baseline unseen)."""
    from annotator.document import stamp_of

    article, sidecar = files
    stamp = stamp_of(article)
    replace_atomically(article, "Ferry fares rise by half, the council says.\n")
    watcher = FileWatcher(delay_ms=DELAY_MS)
    with qtbot.waitSignal(watcher.articleChanged, timeout=TIMEOUT_MS) as blocker:
        watcher.watch(article, sidecar, (stamp, sidecar.read_bytes()))
    assert blocker.args == [str(article)]
