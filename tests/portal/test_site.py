"""Site-wide pieces: the public header's links, the favicon, and API docs that need no Internet."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

EXTERNAL = re.compile(r"""<(?:script|link|img)\b[^>]*(?:src|href)=["']?(?:https?:)?//""", re.I)


def test_public_pages_link_the_checker_and_the_staff_login(client, government):
    for url in ("/", f"/{government.code}/guide/"):
        page = client.get(url).content.decode()
        assert '<a href="/check/">年报核查</a>' in page
        assert '<a href="/staff/login/">工作人员登录</a>' in page
    assert client.get("/check/").status_code == 200
    assert client.get("/staff/login/").status_code == 200


def test_favicon_is_linked_and_served(client):
    page = client.get("/").content.decode()
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', page)
    assert icons
    for href in icons:
        response = client.get(href)
        assert response.status_code == 200, href
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_api_docs_work_offline(client):
    response = client.get("/api/docs")
    html = response.content.decode()
    assert response.status_code == 200 and "swagger-ui" in html
    assert not EXTERNAL.search(html), EXTERNAL.search(html).group(0)
    assert '"validatorUrl": null' in html  # Swagger UI would fetch a badge from validator.swagger.io
    assets = re.findall(r"""<(?:script|link)\b[^>]*(?:src|href)=["']([^"']+)["']""", html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        body = b"".join(served.streaming_content) if served.streaming else served.content
        assert body, asset
