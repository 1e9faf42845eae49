"""Accessibility and display modes of the public pages (GB/T 37668): 长者模式 by a link that needs
no JavaScript, the 自助终端 (kiosk) mode, the print stylesheet, labels and headings; and the
whole-response cache of the public catalog pages."""

from __future__ import annotations

import re
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from gongkai.catalog import actions as act
from gongkai.catalog.public import generation
from gongkai.portal import cache as page_cache
from tests.agencies.factories import make_user
from tests.catalog.conftest import People

CSS = Path(django_settings.BASE_DIR) / "static" / "gongkai" / "site.css"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    page_cache.clear()
    yield
    page_cache.clear()


@pytest.fixture
def people(db):
    return People()


def body_class(html: str) -> set[str]:
    return set(re.search(r'<body class="([^"]*)"', html).group(1).split())


# --- 长者模式 -----------------------------------------------------------------------------------
def test_large_text_mode_is_a_plain_link_setting_a_cookie_and_returning(client, people):
    catalog = reverse("portal:catalog", args=[people.tree.a.code]) + "?year=2025"
    html = client.get(catalog).content.decode()
    assert "large-text" not in body_class(html)
    link = re.search(r'<a href="([^"]+)" class="mode-switch">长者模式（大字版）</a>', html).group(1)
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 302 and response["Location"] == catalog
    assert response.cookies[page_cache.LARGE_COOKIE].value == "1"
    html = client.get(catalog).content.decode()
    assert "large-text" in body_class(html) and ">标准版</a>" in html
    response = client.get(reverse("portal:mode", args=["large"]), {"on": "0", "next": catalog})
    assert response.status_code == 302 and response.cookies[page_cache.LARGE_COOKIE].value == ""
    assert "large-text" not in body_class(client.get(catalog).content.decode())


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "http://testserver.evil/", ""],
)
def test_the_mode_switch_returns_only_to_this_site(client, db, target):
    response = client.get(reverse("portal:mode", args=["large"]), {"on": "1", "next": target})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")


def test_unknown_mode_is_404(client, db):
    assert client.get(reverse("portal:mode", args=["purple"])).status_code == 404


# --- 自助终端 -----------------------------------------------------------------------------------
def test_kiosk_mode_sets_a_cookie_shows_a_home_button_and_stays_on_the_site(client, people):
    people.publish()
    response = client.get(reverse("portal:home"), {"kiosk": "1"})
    assert response.cookies[page_cache.KIOSK_COOKIE].value == "1"
    html = response.content.decode()
    assert "kiosk" in body_class(html) and ">返回首页</a>" in html
    assert "工作人员登录" not in html and "年报核查" not in html
    script = re.search(r'<script src="([^"]+kiosk\.js)" defer data-home="/"></script>', html).group(1)
    served = client.get(script)
    assert served.status_code == 200
    js = b"".join(served.streaming_content).decode()
    assert "2 * 60 * 1000" in js and "location.assign(home)" in js
    # The cookie keeps the mode on other pages.
    html = client.get(reverse("portal:catalog", args=[people.tree.a.code])).content.decode()
    assert "kiosk" in body_class(html) and ">返回首页</a>" in html
    assert not re.search(r'<a [^>]*href="(?:https?:)?//', html)
    # ?kiosk=0 leaves it.
    response = client.get(reverse("portal:home"), {"kiosk": "0"})
    assert response.cookies[page_cache.KIOSK_COOKIE].value == ""
    assert "kiosk" not in body_class(response.content.decode())


def test_kiosk_and_large_text_styles_enlarge_targets_and_print_styles_exist():
    css = CSS.read_text(encoding="utf-8")
    assert re.search(r"body\.large-text \{[^}]*font-size: 20px", css)
    assert re.search(r"body\.kiosk a, body\.kiosk button[^{]*\{[^}]*min-height: 56px", css)
    printing = css[css.index("@media print") :]
    assert ".column-nav" in printing and 'content: " (" attr(href) ")"' in printing
    assert "page-break-inside: avoid" in printing and "display: table-header-group" in printing
    assert ":focus-visible" in css


def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(
    "fg, bg",
    [
        ("#222", "#fff"),  # text
        ("#5f6368", "#fff"),  # muted text, counts, hints
        ("#5f6368", "#f8fafc"),  # hints inside the filter box
        ("#1a4f8b", "#fff"),  # links
        ("#b71c1c", "#fff"),  # headings, current browse entry
        ("#fff", "#b71c1c"),  # header
        ("#fff", "#8e1414"),  # column navigation
        ("#fff", "#1a4f8b"),  # buttons
        ("#222", "#fff3b0"),  # highlighted search terms
        ("#000", "#f5c542"),  # the kiosk's 返回首页 button
    ],
)
def test_colours_have_a_contrast_of_at_least_4_5(fg, bg):
    assert fg in CSS.read_text() or fg in ("#fff", "#000", "#222")
    assert contrast(fg, bg) >= 4.5, (fg, bg, contrast(fg, bg))


# --- structure ----------------------------------------------------------------------------------
def test_pages_have_lang_skip_link_labels_and_headings_in_order(client, people):
    item = people.publish(title="市容整治通知")
    code = people.tree.a.code
    urls = [
        reverse("portal:home"),
        reverse("portal:catalog_all"),
        reverse("portal:catalog", args=[code]),
        reverse("portal:item", args=[code, item.index_number]),
        reverse("portal:statutory", args=[code]),
        reverse("portal:reports", args=[code]),
        reverse("portal:search") + "?q=市容",
        reverse("portal:agency_search", args=[code]) + "?q=市容",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert '<html lang="zh-CN">' in html and '<a class="skip-link" href="#main">' in html, url
        assert '<main id="main"' in html
        for control in re.findall(r'<(?:select|input|textarea)[^>]*\bid="([^"]+)"', html):
            assert f'<label for="{control}">' in html, (url, control)
        assert not re.search(r"<(?:select|input)(?![^>]*\bid=)[^>]*>", html.replace('type="hidden"', "")), url
        levels = [int(n) for n in re.findall(r"<h([1-6])\b", html)]
        assert levels and levels[0] == 1 and levels.count(1) == 1, url
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (url, levels)
        assert not re.search(r"<(?:script|link|img)\b[^>]*(?:src|href)=[\"']?(?:https?:)?//", html), url


# --- the page cache -----------------------------------------------------------------------------
def own_generation(settings) -> None:
    """The generation lives in the default cache, which other test runs on this machine share
    (var/cache): a cache of this test's own, so their publishing does not renew ours."""
    settings.GONGKAI_PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }


@pytest.mark.django_db(transaction=True)
def test_cached_pages_go_stale_at_once_when_the_catalog_changes(client, settings):
    own_generation(settings)
    people = People()
    first = people.publish(title="第一条信息")
    url = reverse("portal:catalog", args=[people.tree.a.code])
    assert "X-Page-Cache" not in client.get(url)
    cached = client.get(url)
    assert cached["X-Page-Cache"] == "hit" and "第一条信息" in cached.content.decode()

    before = generation()
    second = people.publish(title="第二条信息")
    assert generation() != before
    response = client.get(url)
    assert "X-Page-Cache" not in response and "第二条信息" in response.content.decode()

    act.Withdraw(people.clerk, first, reason="误发").execute()
    html = client.get(url).content.decode()
    assert "第一条信息" not in html
    assert client.get(reverse("portal:item", args=[first.agency.code, first.index_number])).status_code == 404
    item_url = reverse("portal:item", args=[second.agency.code, second.index_number])
    client.get(item_url)
    assert client.get(item_url)["X-Page-Cache"] == "hit"
    act.Repeal(people.clerk, second, on=date(2025, 6, 1)).execute()
    assert "废止" in client.get(item_url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_modes_are_part_of_the_key_and_staff_or_cookie_setting_responses_are_never_cached(client, settings):
    own_generation(settings)
    people = People()
    people.publish(title="一条信息")
    url = reverse("portal:catalog", args=[people.tree.a.code])
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    client.cookies[page_cache.LARGE_COOKIE] = "1"
    response = client.get(url)
    assert "X-Page-Cache" not in response and "large-text" in body_class(response.content.decode())
    assert client.get(url)["X-Page-Cache"] == "hit"
    # ?kiosk=1 sets a cookie: never served from or stored in the cache.
    for _ in range(2):
        response = client.get(url, {"kiosk": "1"})
        assert "X-Page-Cache" not in response and page_cache.KIOSK_COOKIE in response.cookies
    # Signed-in staff always get a fresh page.
    staff = make_user("reader", is_staff=False)
    client.force_login(staff)
    for _ in range(2):
        assert "X-Page-Cache" not in client.get(url)
    assert "Cookie" in client.get(url)["Vary"]


def test_no_cache_inside_a_transaction(client, people, settings):
    """Tests (and anything else inside a transaction) never read or fill the cache."""
    settings.GONGKAI_PAGE_CACHE_SECONDS = 300
    url = reverse("portal:catalog", args=[people.tree.a.code])
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)
