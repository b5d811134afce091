"""Mutation testing of the engine: how many deliberate bugs each module's own tests catch.

    .venv/bin/pip install -e '.[test,mutation]'
    nice -n 10 .venv/bin/python scripts/mutation.py [MODULE ...] [--max-children N]

MODULE is one or more of anchoring, store, merge, document, cli, export (default: all:
over an hour on 2 cores; anchoring alone 6 to 30 minutes, as busy as the cores are).
mutmut, configured in pyproject.toml, mutates one module at a time and tries each mutant
against the tests of that module that run the mutated function (`-m "not slow"`: the
tests that take seconds or start processes are left to CI). Prints killed / mutants per module; the survivors' diffs, and the list
of every mutant with its verdict, go to mutation-results/MODULE.txt. Timeouts count as
killed. Not part of CI: tests/README.md has the latest figures and the survivors
judged equivalent.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "mutation-results"

# module: (the modules mutated, the pytest -k expression choosing its own tests)
MODULES = {
    "anchoring": (("annotator.anchoring",), "test_anchoring"),
    "store": (("annotator.store", "annotator.files"), "test_store"),
    "merge": (("annotator.merge",), "test_merge"),
    "document": (("annotator.document",), "test_document"),
    "cli": (("annotator.cli",), "test_cli"),
    "export": (("annotator.export",), "test_export"),
}
CAUGHT = ("killed", "timeout")
_RESULT = re.compile(r"^\s+(\S+): (.+)$")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=", ".join(MODULES))
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module {unknown[0]!r}: choose from {', '.join(MODULES)}")
    os.chdir(ROOT)
    RESULTS.mkdir(exist_ok=True)
    rows = []
    for module in args.modules or list(MODULES):
        counts = run(module, args.max_children)
        rows.append((module, counts))
        print(table(rows[-1:]), flush=True)
    print()
    print(table(rows))
    return 0


def run(module: str, max_children: int) -> Counter[str]:
    """Mutate one module afresh, try every mutant, and write what survived."""
    prefixes, tests = MODULES[module]
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)  # stats belong to one test selection
    env = dict(os.environ)
    env["PYTEST_ADDOPTS"] = (
        f"{env.get('PYTEST_ADDOPTS', '')} -k {shlex.quote(tests)} -m 'not slow'".strip()
    )
    mutmut = [sys.executable, "-m", "mutmut"]
    patterns = [f"{prefix}.*" for prefix in prefixes]
    log = RESULTS / f"{module}.log"
    with log.open("w", encoding="utf-8") as stream:
        subprocess.run(
            [*mutmut, "run", "--max-children", str(max_children), *patterns],
            env=env, stdout=stream, stderr=subprocess.STDOUT, check=True,
        )  # fmt: skip
    listing = subprocess.run(
        [*mutmut, "results", "--all", "true"], env=env, capture_output=True, text=True, check=True
    ).stdout
    verdicts = {}
    for line in listing.splitlines():
        found = _RESULT.match(line)
        if found and found.group(1).startswith(tuple(f"{p}." for p in prefixes)):
            verdicts[found.group(1)] = found.group(2)
    uncaught = [name for name, verdict in sorted(verdicts.items()) if verdict not in CAUGHT]
    with (RESULTS / f"{module}.txt").open("w", encoding="utf-8") as out:
        out.write(diffs(mutmut, uncaught, env))
        out.write("\n".join(f"{verdict}: {name}" for name, verdict in sorted(verdicts.items())))
        out.write("\n")
    return Counter(verdicts.values())


# `mutmut show NAME` for many names in one process (a process each takes seconds).
_SHOW = """
import sys
from mutmut.mutation.diff_apply import find_mutant, get_diff_for_mutant
for name in sys.argv[1:]:
    print(f"# {name}")
    print(get_diff_for_mutant(name, path=find_mutant(name).path))
"""


def diffs(mutmut: list[str], names: list[str], env: dict[str, str]) -> str:
    """The diff of each mutant, as `mutmut show` prints it."""
    if not names:
        return ""
    together = subprocess.run([sys.executable, "-c", _SHOW, *names], env=env,
                              capture_output=True, text=True)  # fmt: skip
    if together.returncode == 0:
        return together.stdout
    shown = [subprocess.run([*mutmut, "show", name], env=env, capture_output=True,
                            text=True).stdout for name in names]  # fmt: skip
    return "\n".join(shown)


def table(rows: list[tuple[str, Counter[str]]]) -> str:
    """Killed / mutants per module, and what became of the others."""
    lines = [f"{'module':<10} {'mutants':>7} {'caught':>7} {'rate':>6}  not caught"]
    for module, counts in rows:
        total = sum(counts.values())
        caught = sum(counts[v] for v in CAUGHT)
        rate = f"{100 * caught / total:.1f}%" if total else "-"
        others = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()) if v not in CAUGHT)
        lines.append(f"{module:<10} {total:>7} {caught:>7} {rate:>6}  {others or '-'}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
