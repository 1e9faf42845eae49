"""Staff sign-in: Chinese pages, lockout after repeated failures, POST logout, password change, expiry."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from gongkai.agencies.models import Role
from tests.agencies.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["/staff/", "/staff/password/", "/staff/agencies/dept-a/", "/staff/agencies/dept-a/contact/"]


def login(client, username, password):
    return client.post("/staff/login/", {"username": username, "password": password})


def test_login_page_is_chinese_and_login_works(client, tree):
    make_user("clerk", (tree.a, Role.CLERK))
    page = client.get("/staff/login/").content.decode()
    assert "工作人员登录" in page and "用户名" in page and "密码" in page
    response = login(client, "clerk", PASSWORD)
    assert response.status_code == 302 and response.url == "/staff/"
    assert "某县甲局" in client.get("/staff/").content.decode()


def test_wrong_password_gets_a_chinese_error(client, tree):
    make_user("clerk", (tree.a, Role.CLERK))
    response = login(client, "clerk", "wrong-password")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_anonymous_is_sent_to_login_from_every_staff_page(client, tree):
    for url in STAFF_PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/staff/login/?next="), url


def test_lockout_after_repeated_failures(client, tree, settings):
    make_user("clerk", (tree.a, Role.CLERK))
    make_user("other", (tree.a, Role.CLERK))
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert login(client, "clerk", "wrong-password").status_code == 200
    locked = login(client, "clerk", "wrong-password")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "账号已暂时锁定" in text and f"连续 {limit} 次登录失败" in text and "30 分钟" in text
    # The right password no longer helps for this user from this address…
    assert login(client, "clerk", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # …but the lock is per user name and address: another person here still signs in.
    assert login(Client(), "other", PASSWORD).status_code == 302


def test_logout_is_post_only_with_csrf(tree):
    user = make_user("clerk", (tree.a, Role.CLERK))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    # GET asks (a page with the button), and does not log out.
    page = client.get("/staff/logout/")
    html = page.content.decode()
    assert page.status_code == 200 and "您确定要退出登录吗" in html
    assert re.search(r'<form method="post" action="/staff/logout/">\s*<input type="hidden" name="csrfmiddlewaretoken"', html)
    assert client.post("/staff/logout/").status_code == 403  # no CSRF token
    assert client.get("/staff/").status_code == 200
    page = client.get("/staff/").content.decode()
    assert 'action="/staff/logout/"' in page and "退出登录" in page
    token = client.cookies["csrftoken"].value
    response = client.post("/staff/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response.url == "/staff/login/"
    assert client.get("/staff/").status_code == 302
    assert "您已退出登录" in client.get("/staff/logout/").content.decode()


def test_password_change(client, tree):
    user = make_user("clerk", (tree.a, Role.CLERK))
    client.force_login(user)
    assert "修改密码" in client.get("/staff/password/").content.decode()
    wrong = client.post(
        "/staff/password/",
        {"old_password": "nope", "new_password1": "a-new-pass-99", "new_password2": "a-new-pass-99"},
    )
    assert "旧密码不正确" in wrong.content.decode()
    short = client.post(
        "/staff/password/", {"old_password": PASSWORD, "new_password1": "x1", "new_password2": "x1"}
    )
    assert "密码长度太短" in short.content.decode()
    done = client.post(
        "/staff/password/",
        {"old_password": PASSWORD, "new_password1": "a-new-pass-99", "new_password2": "a-new-pass-99"},
        follow=True,
    )
    assert "密码已修改" in done.content.decode()
    assert client.get("/staff/").status_code == 200  # still signed in
    assert login(Client(), "clerk", "a-new-pass-99").status_code == 302


def test_expired_session_goes_back_to_login(client, tree, settings):
    user = make_user("clerk", (tree.a, Role.CLERK))
    client.force_login(user)
    assert client.get("/staff/").status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    # Each request pushes the expiry forward (idle timeout, not a fixed one).
    remaining = session.expire_date - timezone.now()
    assert (
        timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
        < remaining
        <= timedelta(seconds=settings.SESSION_COOKIE_AGE)
    )
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/staff/")
    assert response.status_code == 302 and response.url.startswith("/staff/login/")
    assert "请先登录" in client.get(response.url).content.decode()
