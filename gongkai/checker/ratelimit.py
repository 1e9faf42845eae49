"""Per-address rate limits of the public entry points (``LIMITS``): the report checker (its page
and ``POST /api/check``), the online application form and the progress query (page and API).

A check holds a worker for up to two seconds, so one address may run at most
``GONGKAI_CHECK_RATE_LIMIT`` checks per ``GONGKAI_CHECK_RATE_WINDOW`` seconds (fixed windows).
The counters live in Django's default cache, which must be shared by the server's worker
processes (the file cache under var/ of settings.py is; a per-process locmem cache is not).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMIT = 30
DEFAULT_WINDOW = 60  # seconds


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends (for the Retry-After header)
    limit: int
    window: int

    @property
    def message(self) -> str:
        return (
            f"核查请求过于频繁：每个地址每 {self.window} 秒最多核查 {self.limit} 次。"
            f"请 {self.retry_after} 秒后再试。"
        )


def client_address(request) -> str:
    """The address the server saw. Behind a reverse proxy, GONGKAI_TRUSTED_PROXY_HEADER (e.g.
    HTTP_X_REAL_IP) names the header the proxy sets; without it a client could pick any address."""
    header = getattr(settings, "GONGKAI_TRUSTED_PROXY_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _now() -> float:
    return time.time()


# Each public entry point that a script could hammer: (setting prefix, limit, window in seconds).
# A limit of 0 turns one off. The web page and the API of one entry point share its counter.
LIMITS: dict[str, tuple[str, int, int]] = {
    "check": ("GONGKAI_CHECK_RATE", DEFAULT_LIMIT, DEFAULT_WINDOW),  # a check holds a worker ≤ 2 s
    "apply": ("GONGKAI_APPLY_RATE", 10, 3600),  # online applications per address per hour
    "track": ("GONGKAI_TRACK_RATE", 10, 600),  # progress queries: no guessing of codes
    "consult": ("GONGKAI_CONSULT_RATE", 10, 3600),  # online consultations per address per hour
}


def take(request, scope: str = "check") -> Verdict:
    """Count one use of ``scope`` (a key of ``LIMITS``) for the request's address in a fixed
    window; whether it is within the limit. Settings ``<prefix>_LIMIT`` / ``<prefix>_WINDOW``."""
    prefix, default_limit, default_window = LIMITS[scope]
    limit = int(getattr(settings, f"{prefix}_LIMIT", default_limit))
    window = max(1, int(getattr(settings, f"{prefix}_WINDOW", default_window)))
    now = _now()
    slot = int(now // window)
    retry_after = max(1, int((slot + 1) * window - now))
    if limit <= 0:
        return Verdict(True, retry_after, limit, window)
    count = hit(f"gongkai:{scope}-rate:{client_address(request)}:{slot}", window)
    return Verdict(count <= limit, retry_after, limit, window)


def hit(key: str, window: int) -> int:
    """Count one more in the fixed window ``key`` (shared by the worker processes); the count."""
    cache.add(key, 0, timeout=window + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        return 1
