"""Lockout after repeated failures and the idle session limit, both set from the environment."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.agencies.models import Role
from tests.agencies.factories import PASSWORD, make_tree, make_user
from tests.security.production import clean_env

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clerk(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_user("clerk", (make_tree().a, Role.CLERK))


def test_limits_come_from_the_environment(tmp_path):
    env = clean_env(tmp_path, GONGKAI_SESSION_SECONDS="900", GONGKAI_LOGIN_FAILURE_LIMIT="3")
    code = "import gongkai.settings as s; print(s.SESSION_COOKIE_AGE, s.AXES_FAILURE_LIMIT, s.SESSION_SAVE_EVERY_REQUEST)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["900", "3", "True"], result.stderr


def test_the_configured_number_of_failures_locks_with_a_chinese_page(clerk, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(2):
        assert client.post("/staff/login/", {"username": "clerk", "password": "wrong"}).status_code == 200
    locked = client.post("/staff/login/", {"username": "clerk", "password": "wrong"})
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "账号已暂时锁定" in page and "连续 3 次登录失败" in page
    assert client.post("/staff/login/", {"username": "clerk", "password": PASSWORD}).status_code == 429


def test_a_session_idle_longer_than_the_age_is_signed_out(clerk, settings, monkeypatch):
    settings.SESSION_COOKIE_AGE = 600
    client = Client()
    assert client.post("/staff/login/", {"username": "clerk", "password": PASSWORD}).status_code == 302
    start = timezone.now()

    def at(seconds):
        monkeypatch.setattr(timezone, "now", lambda: start + timedelta(seconds=seconds))

    at(590)  # just inside the idle limit: still signed in, and the request renews the session
    assert client.get("/staff/").status_code == 200
    at(590 + 590)
    assert client.get("/staff/").status_code == 200
    at(590 + 590 + 601)  # idle longer than the age
    response = client.get("/staff/")
    assert response.status_code == 302 and response.url.startswith("/staff/login/")
