"""Timing statistics, targets and the Markdown table of a benchmark run."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


@dataclass
class Summary:
    median: float
    low: float
    high: float
    runs: int

    @classmethod
    def of(cls, samples: list[float]) -> Summary:
        if not samples:
            raise ValueError("no samples")
        return cls(statistics.median(samples), min(samples), max(samples), len(samples))


def percentile(samples: list[float], fraction: float) -> float:
    """The ``fraction`` (0–1) percentile by the nearest-rank method."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    rank = max(1, math.ceil(round(fraction * len(ordered), 9)))
    return ordered[min(rank, len(ordered)) - 1]


def time_pair(
    ganshi: Callable[[], object], raw: Callable[[], object], *, repeats: int, warmup: int = 1
) -> tuple[list[float], list[float]]:
    """Seconds of ``repeats`` calls of each, interleaved (so drift hits both alike)."""
    for _ in range(warmup):
        ganshi()
        raw()
    ganshi_times: list[float] = []
    raw_times: list[float] = []
    for _ in range(repeats):
        started = time.perf_counter()
        ganshi()
        ganshi_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        raw()
        raw_times.append(time.perf_counter() - started)
    return ganshi_times, raw_times


@dataclass
class Target:
    """``ratio`` at most this many times the raw figure; ``absolute_ms`` the median under it."""

    ratio: float | None = None
    absolute_ms: float | None = None

    def text(self) -> str:
        parts = []
        if self.ratio is not None:
            parts.append(f"≤ {self.ratio:g}×")
        if self.absolute_ms is not None:
            parts.append(f"< {self.absolute_ms:g} ms")
        return ", ".join(parts) or "—"

    def met(self, ratio: float | None, median_ms: float) -> bool | None:
        if self.ratio is None and self.absolute_ms is None:
            return None
        if self.ratio is not None and (ratio is None or ratio > self.ratio):
            return False
        return self.absolute_ms is None or median_ms < self.absolute_ms


@dataclass
class CaseResult:
    """One line of the table. Times in milliseconds; ``raw`` may be absent."""

    case: str
    ganshi: Summary
    raw: Summary | None = None
    target: Target = field(default_factory=Target)
    unit: str = "ms"
    peak_mb: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.raw is None or self.raw.median <= 0:
            return None
        return self.ganshi.median / self.raw.median

    @property
    def met(self) -> bool | None:
        return self.target.met(self.ratio, self.ganshi.median)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["ratio"] = self.ratio
        data["met"] = self.met
        data["target"] = self.target.text()
        return data


def from_samples(
    case: str,
    ganshi_seconds: list[float],
    raw_seconds: list[float] | None,
    target: Target | None = None,
    **extra,
) -> CaseResult:
    return CaseResult(
        case=case,
        ganshi=Summary.of([s * 1000 for s in ganshi_seconds]),
        raw=Summary.of([s * 1000 for s in raw_seconds]) if raw_seconds else None,
        target=target or Target(),
        **extra,
    )


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def markdown_table(results: list[CaseResult]) -> str:
    lines = [
        "| case | ganshi median | raw median | ratio | ganshi min–max | target | met? | peak MB |",
        "|---|---:|---:|---:|---:|---|:---:|---:|",
    ]
    for result in results:
        unit = f" {result.unit}"
        raw = _number(result.raw.median) + unit if result.raw else "—"
        ratio = f"{result.ratio:.2f}×" if result.ratio is not None else "—"
        met = {True: "yes", False: "**no**", None: "—"}[result.met]
        peak = f"{result.peak_mb:,.0f}" if result.peak_mb else "—"
        spread = f"{_number(result.ganshi.low)}–{_number(result.ganshi.high)}"
        lines.append(
            f"| {result.case} | {_number(result.ganshi.median)}{unit} | {raw} | {ratio} | "
            f"{spread} | {result.target.text()} | {met} | {peak} |"
        )
    return "\n".join(lines)
