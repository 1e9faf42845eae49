"""CSRF on every form (issue 11 item 5): every address refuses a POST without the CSRF token, and
every page's ``<form method="post">`` carries one.

Exemptions, by design: the JSON API's public operations (``/api/check``, ``/api/applications/…``)
use no cookie, so a forged request gains nothing a direct one would not; the API's staff
operations authenticate by the session and so check the token themselves (``X-CSRFToken``,
asserted below).
"""

from __future__ import annotations

import json

import lxml.html
import pytest
from django.http import HttpResponseForbidden
from django.test import override_settings

from .matrix import targets
from .routes import example_body
from .world import world_fixture

REFUSED = "CSRF-REFUSED"
# who reads the pages for their forms: the public, the two who hold most forms in A, a supervisor
READERS = ("anonymous", "A-clerk", "A-section_head", "A-office_head", "county-supervisor", "sysadmin")


def csrf_refused(request, reason=""):
    """Marks a refusal that came from the CSRF check and not from a permission check."""
    return HttpResponseForbidden(REFUSED)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from world_fixture(django_db_blocker)


@override_settings(CSRF_FAILURE_VIEW=f"{__name__}.csrf_refused")
@pytest.mark.parametrize("subject", ["anonymous", "sysadmin"])
def test_every_view_refuses_a_post_without_the_token(world, db, subject) -> None:
    client = world.client(subject, csrf=True)
    accepted = []
    for target in targets(world.objects):
        if target.route.is_api_operation:
            continue
        response = client.post(target.url, target.form)
        if response.status_code != 403 or REFUSED not in response.content.decode(errors="replace"):
            accepted.append(f"{target.route.key} {target.url}: {response.status_code}")
    assert not accepted, "这些网址接受了没有 CSRF 令牌的 POST：\n" + "\n".join(accepted)


def test_the_apis_staff_operations_want_the_token(world, db) -> None:
    client = world.client("sysadmin", csrf=True)
    accepted = []
    for target in targets(world.objects):
        route = target.route
        if not route.is_api_operation or route.methods[0] == "GET" or not _needs_login(route):
            continue
        body = json.dumps(example_body(route) or {})
        response = client.generic(route.methods[0], target.url, data=body, content_type="application/json")
        if response.status_code != 403 or "CSRF" not in response.content.decode():
            accepted.append(f"{route.key}: {response.status_code}")
    assert not accepted, "这些接口在没有 CSRF 令牌时仍然执行：\n" + "\n".join(accepted)


def _needs_login(route) -> bool:
    from .routes import api_schema

    return bool(api_schema()["paths"][route.route][route.methods[0].lower()].get("security"))


def test_every_post_form_on_every_page_carries_the_token(world, db) -> None:
    missing = []
    pages = forms = 0
    for target in targets(world.objects, globs=False):
        if target.method != "GET":
            continue
        for subject in READERS:
            if "200" not in target.expected(subject):
                continue
            response = world.client(subject).get(target.url, target.query)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            for form in post_forms(response.content):
                forms += 1
                if not form.xpath('.//input[@name="csrfmiddlewaretoken"]'):
                    missing.append(f"{target.url}（{subject}）：{form.get('action') or '本页'}")
    assert pages > 50 and forms > 50, (pages, forms)  # the sweep did read the system's pages
    assert not missing, "这些 POST 表单没有 csrfmiddlewaretoken：\n" + "\n".join(sorted(set(missing)))


def post_forms(content: bytes) -> list:
    doc = lxml.html.fromstring(content)
    return [f for f in doc.iter("form") if (f.get("method") or "get").lower() == "post"]
