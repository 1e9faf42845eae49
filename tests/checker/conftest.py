"""Each checker test counts its checks in a cache of its own: the rate limit of one test (or of
another test run on this machine, sharing var/cache) never answers another's request with 429."""

from __future__ import annotations

import uuid

import pytest


@pytest.fixture(autouse=True)
def own_rate_counters(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }
