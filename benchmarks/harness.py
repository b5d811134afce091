"""Timing figures against a floor measured in the same run, and printing them."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass
class Figure:
    """One measured figure: ours, the floor, and the target ratio between them."""

    name: str
    value: float
    floor: float
    target: float | None  # the ratio value/floor must not pass; None: reported only
    unit: str = "s"
    note: str = ""
    key: str = ""  # a short stable name, the same whatever the sizes: "open", "mark"…

    @property
    def ratio(self) -> float:
        """value / floor."""
        return self.value / self.floor if self.floor else float("inf")

    @property
    def met(self) -> bool | None:
        """Whether the target is met; None when the figure has no target."""
        return None if self.target is None else self.ratio <= self.target

    def as_dict(self) -> dict[str, object]:
        """The figure for --json."""
        return {**asdict(self), "ratio": self.ratio, "met": self.met}


def median_time(
    work: Callable[[], object], runs: int, setup: Callable[[], object] | None = None
) -> float:
    """Median wall time of `work` over `runs` runs; `setup` runs untimed before each."""
    times = []
    for _ in range(runs):
        argument = setup() if setup else None
        gc.collect()
        started = time.perf_counter()
        work(argument) if setup else work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def interleaved_times(
    first: Callable[..., object],
    second: Callable[..., object],
    runs: int,
    first_setup: Callable[[], object] | None = None,
    second_setup: Callable[[], object] | None = None,
) -> tuple[float, float]:
    """Median wall times of two pieces of work run turn about, so both meet the same load.

    A setup runs untimed before each run of its work; what it returns is the work's
    argument (when it returns something).
    """
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for work, setup, kept in ((first, first_setup, times[0]), (second, second_setup, times[1])):
            argument = setup() if setup else None
            gc.collect()
            started = time.perf_counter()
            work() if argument is None else work(argument)
            kept.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def show(figure: Figure) -> None:
    """Print one figure as a table row, as soon as it is measured."""
    if figure.unit == "s":
        value, floor = f"{figure.value * 1000:10.1f} ms", f"{figure.floor * 1000:10.1f} ms"
    else:
        value, floor = f"{figure.value:10.1f} {figure.unit}", f"{figure.floor:10.1f} {figure.unit}"
    verdict = {True: "ok", False: "MISSED", None: "-"}[figure.met]
    target = f"≤ {figure.target:g}" if figure.target is not None else "report"
    print(
        f"{figure.name:<46} {value} {floor} {figure.ratio:8.2f} {target:>7}  {verdict}"
        + (f"  ({figure.note})" if figure.note else ""),
        flush=True,
    )


def header() -> None:
    """The table's column names."""
    print(f"{'figure':<46} {'value':>13} {'floor':>13} {'ratio':>8} {'target':>7}  verdict")
    print("-" * 100, flush=True)
