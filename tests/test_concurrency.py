"""Several real processes writing one sidecar at once lose no one's passages."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator import store

WRITERS = 3
ROUNDS = int(os.environ.get("ANNOTATOR_CONCURRENCY_ROUNDS", "40"))

# One writer: `annotator add` run ROUNDS times in one process, each a full open, lock,
# merge and atomic write, as a desk script adding passages in a loop would.
WRITER = r"""
import sys
from annotator import cli

article, writer, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for number in range(rounds):
    code = cli.main(["add", article, "--quote", f"Item {writer}-{number:03d} ends", "--note", "x"])
    if code:
        sys.exit(code)
"""


def article_for(folder: Path, writers: int, rounds: int) -> Path:
    lines = [
        f"Item {w}-{n:03d} ends the list of claim number {w * 1000 + n}."
        for w in range(writers)
        for n in range(rounds)
    ]
    article = folder / "many.txt"
    article.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return article


def passages(article: Path) -> list[str]:
    data = json.loads(store.beside(article).read_text(encoding="utf-8"))
    return [a["target"]["selector"][-1]["exact"] for a in data["annotations"]]


def test_writers_at_once_lose_no_passage(tmp_path):
    article = article_for(tmp_path, WRITERS, ROUNDS)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(article), str(writer), str(ROUNDS)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for writer in range(WRITERS)
    ]
    for child in children:
        assert child.wait(timeout=300) == 0, child.stderr.read()
    saved = passages(article)
    expected = {f"Item {w}-{n:03d} ends" for w in range(WRITERS) for n in range(ROUNDS)}
    assert sorted(saved) == sorted(expected)  # none lost, none twice
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_writer_killed_while_holding_the_lock_leaves_none_behind(tmp_path):
    article = article_for(tmp_path, 1, 2)
    sidecar = store.beside(article)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from annotator import store\n"
         "with store.locked(Path(sys.argv[1]), None):\n"
         "    print('held', flush=True); time.sleep(60)",
         str(article)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "held"
    busy = pytest.raises(store.LockBusy, match="being saved by another program")
    with busy, store.locked(article, None, timeout=0.2):
        pass
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "add", str(article), "--quote", "Item 0-001 ends"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 5  # the dead holder's lock went with it
    assert passages(article) == ["Item 0-001 ends"]
    assert sidecar.exists()
