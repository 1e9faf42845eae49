"""Helpers shared by the benchmark scripts: the one output format of DESIGN.md."""

from __future__ import annotations

import time
from collections.abc import Callable


def emit(
    name: str, value: float, unit: str, *, ratio: float | None = None, baseline: str | None = None, **extra
) -> None:
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


def postgres_database(url: str, action: str) -> str:
    """Create (``action="create"``) or drop a bench's own PostgreSQL database named by ``url``;
    '' when done, else why not (the bench then skips its PostgreSQL line with that reason)."""
    import urllib.parse

    try:
        import psycopg
    except ImportError:
        return "psycopg 未安装"
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if action == "create":
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        return f"PostgreSQL 无法连接（{url}）：{str(exc).strip().splitlines()[0]}"
    return ""
