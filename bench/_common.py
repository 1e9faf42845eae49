"""Helpers shared by the benchmark scripts: the one output format of DESIGN.md."""

from __future__ import annotations

import time
from collections.abc import Callable


def emit(name: str, value: float, unit: str, *, ratio: float | None = None, baseline: str | None = None, **extra) -> None:
    parts = ["BENCH", name, _fmt(value), unit]
    if ratio is not None:
        parts.append(f"ratio={_fmt(ratio)}")
    if baseline is not None:
        parts.append(f"baseline={baseline}")
    parts += [f"{k}={_fmt(v) if isinstance(v, float) else v}" for k, v in extra.items()]
    print(" ".join(parts), flush=True)


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """Smallest wall time of ``repeat`` runs of fn, in seconds (the least noisy estimate)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _fmt(v: float) -> str:
    if isinstance(v, int):
        return str(v)
    return f"{v:.4g}" if abs(v) < 1000 else f"{v:.0f}"
