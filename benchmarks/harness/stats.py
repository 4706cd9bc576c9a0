"""Timing and statistics."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass
class Stats:
    count: int
    mean: float
    p50: float
    p95: float
    min: float
    max: float
    total: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        ordered = sorted(samples)
        return cls(
            count=len(ordered),
            mean=statistics.fmean(ordered),
            p50=statistics.median(ordered),
            p95=percentile(ordered, 95),
            min=ordered[0],
            max=ordered[-1],
            total=sum(ordered),
        )


def percentile(ordered: Sequence[float], percent: float) -> float:
    """Linear interpolation between closest ranks (like numpy's default)."""
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * percent / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ratios(measured: Stats, baseline: Stats) -> dict[str, float]:
    """How many times the baseline ``measured`` takes, at the mean, p50 and p95."""
    return {
        "mean": measured.mean / baseline.mean,
        "p50": measured.p50 / baseline.p50,
        "p95": measured.p95 / baseline.p95,
    }


def ratio_line(ratio: dict[str, float]) -> str:
    return f"{ratio['p50']:.2f}× p50, {ratio['p95']:.2f}× p95, {ratio['mean']:.2f}× mean"


def theil_sen_slope(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The median of the pairwise slopes: a trend that a few spikes cannot bend."""
    points = list(zip(xs, ys, strict=True))
    slopes = [(y2 - y1) / (x2 - x1) for i, (x1, y1) in enumerate(points) for x2, y2 in points[i + 1 :] if x2 != x1]
    return statistics.median(slopes) if slopes else None


@contextmanager
def timed(samples: list[float]) -> Iterator[None]:
    """Append how long the block took, in seconds, to ``samples`` (nothing if it raised)."""
    started = time.perf_counter()
    yield
    samples.append(time.perf_counter() - started)


def rotation(variants: Sequence[T], index: int) -> list[T]:
    """The variants in the order of round ``index``: each round starts one further, so machine load
    and caches affect them alike (with two variants, they alternate)."""
    shift = index % len(variants)
    return [*variants[shift:], *variants[:shift]]
