"""Passwords built from the user name are refused; every password change leaves a history row."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from gongkai.agencies.models import Role
from gongkai.security.audit import PASSWORD_CHANGED
from tests.agencies.factories import PASSWORD, make_tree, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_tree()


@pytest.mark.parametrize("password", ["clerk2clerk2", "CLERK2clerk2", "Clerk2-2026-xyz", "2026!clerk2!"])
def test_passwords_containing_the_user_name_are_refused(tree, password):
    user = make_user("clerk2", (tree.a, Role.CLERK))
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert "密码不能包含用户名。" in refused.value.messages


def test_other_passwords_still_pass(tree):
    user = make_user("clerk2", (tree.a, Role.CLERK))
    validate_password("lantern-harbor-7351", user)
    # A one- or two-letter name occurs by chance in good passwords and is not held against them.
    validate_password("lantern-harbor-7351", make_user("li", (tree.a, Role.CLERK)))


def change_own_password(client, new):
    return client.post(
        "/staff/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )


def test_staff_password_page_refuses_the_user_name_in_chinese(tree):
    user = make_user("clerk2", (tree.a, Role.CLERK))
    client = Client()
    client.force_login(user)
    page = change_own_password(client, "clerk2clerk2").content.decode()
    assert "密码不能包含用户名。" in page
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_password_change_leaves_a_history_row_naming_who(tree):
    user = make_user("clerk", (tree.a, Role.CLERK))
    User = get_user_model()
    before = User.history.filter(id=user.pk).count()
    client = Client()
    client.force_login(user)
    assert "密码已修改" in change_own_password(client, "lantern-harbor-7351").content.decode()
    rows = User.history.filter(id=user.pk).order_by("history_id")
    assert rows.count() == before + 1
    latest = rows.last()
    assert (latest.history_type, latest.history_change_reason, latest.history_user_id) == (
        "~",
        PASSWORD_CHANGED,
        user.pk,
    )


def test_a_password_set_by_the_sysadmin_in_the_admin_is_recorded_too(tree):
    admin = make_user("sysadmin", (tree.root, Role.SYSADMIN), is_staff=True, is_superuser=True)
    clerk = make_user("clerk", (tree.a, Role.CLERK))
    client = Client()
    client.force_login(admin)
    url = f"/admin/auth/user/{clerk.pk}/password/"
    refused = client.post(url, {"password1": "xclerkx-2026", "password2": "xclerkx-2026"})
    assert "密码不能包含用户名。" in refused.content.decode()
    done = client.post(url, {"password1": "lantern-harbor-7351", "password2": "lantern-harbor-7351"})
    assert done.status_code == 302
    latest = get_user_model().history.filter(id=clerk.pk).latest()
    assert (latest.history_change_reason, latest.history_user_id) == (PASSWORD_CHANGED, admin.pk)


def test_a_new_account_is_not_reported_as_a_password_change(tree):
    user = make_user("newcomer", (tree.a, Role.CLERK))
    first = get_user_model().history.filter(id=user.pk).earliest()
    assert first.history_type == "+" and PASSWORD_CHANGED not in (first.history_change_reason or "")
