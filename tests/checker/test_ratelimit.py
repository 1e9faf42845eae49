"""The public checker is rate-limited per client address: a Chinese 429 (page or JSON) past the
limit, and a fresh allowance in the next window."""

from __future__ import annotations

import pytest

from gongkai.checker import ratelimit

pytestmark = pytest.mark.django_db
TEXT = {"text": "今天开会，讨论食堂菜单。"}  # unreadable as a report: a quick 422 per check


@pytest.fixture
def limit_2(settings, monkeypatch):
    settings.GONGKAI_CHECK_RATE_LIMIT = 2
    settings.GONGKAI_CHECK_RATE_WINDOW = 60
    clock = [6_000_000.0]
    monkeypatch.setattr(ratelimit, "_now", lambda: clock[0])
    return clock


def test_api_answers_429_in_chinese_past_the_limit_and_resets(client, limit_2) -> None:
    assert [client.post("/api/check", TEXT).status_code for _ in range(2)] == [422, 422]
    r = client.post("/api/check", TEXT)
    assert r.status_code == 429 and "过于频繁" in r.json()["error"] and int(r["Retry-After"]) == 60
    limit_2[0] += 60  # the next window
    assert client.post("/api/check", TEXT).status_code == 422


def test_web_page_answers_429_in_chinese(client, limit_2) -> None:
    for _ in range(2):
        assert client.post("/check/", {**TEXT, "output": "page"}).status_code == 422
    r = client.post("/check/", {**TEXT, "output": "page"})
    assert r.status_code == 429 and "过于频繁" in r.content.decode() and "<form" in r.content.decode()
    assert client.get("/check/").status_code == 200  # only checks count


def test_each_address_has_its_own_allowance_and_page_and_api_share_it(client, limit_2) -> None:
    client.post("/check/", {**TEXT, "output": "page"})
    client.post("/api/check", TEXT)
    assert client.post("/api/check", TEXT).status_code == 429
    assert client.post("/api/check", TEXT, REMOTE_ADDR="10.0.0.9").status_code == 422


def test_a_trusted_proxy_header_names_the_client(client, limit_2, settings) -> None:
    settings.GONGKAI_TRUSTED_PROXY_HEADER = "HTTP_X_REAL_IP"
    for _ in range(2):
        client.post("/api/check", TEXT, HTTP_X_REAL_IP="203.0.113.5")
    assert client.post("/api/check", TEXT, HTTP_X_REAL_IP="203.0.113.5").status_code == 429
    assert client.post("/api/check", TEXT, HTTP_X_REAL_IP="203.0.113.6").status_code == 422


def test_zero_turns_the_limit_off(client, limit_2, settings) -> None:
    settings.GONGKAI_CHECK_RATE_LIMIT = 0
    assert {client.post("/api/check", TEXT).status_code for _ in range(5)} == {422}


def test_the_default_cache_is_shared_by_server_processes() -> None:
    """locmem would count per gunicorn worker; the shipped settings use files under var/."""
    import gongkai.settings as shipped

    assert shipped.CACHES["default"]["BACKEND"].endswith("FileBasedCache")
    assert shipped.GONGKAI_CHECK_RATE_LIMIT > 0
