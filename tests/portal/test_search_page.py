"""政府信息网上查询: /search/ (every agency) and /<code>/search/ (one agency), through the test client
with items published by the catalog's actions (which index them)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from gongkai.catalog import actions as act
from gongkai.catalog.models import CatalogRules
from gongkai.portal import cache as page_cache
from tests.catalog.conftest import CLEAR, People


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    page_cache.clear()


@pytest.fixture
def people(db):
    return People()


def get(client, url, status=200, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == status, response.status_code
    return response.content.decode()


def search_url(agency=None) -> str:
    return reverse("portal:agency_search", args=[agency.code]) if agency else reverse("portal:search")


def publish_in_b(people, **fields):
    CatalogRules.objects.update_or_create(agency=people.tree.b, defaults={"review_levels": 1})
    item = people.draft(agency=people.tree.b, clerk=people.other_clerk, **fields)
    item = act.SubmitForReview(people.other_clerk, item).execute()
    item = act.ReviewItem(people.other_section, item, approve=True, **CLEAR).execute()
    return act.Publish(people.other_clerk, item, on=date(2025, 3, 5)).execute()


def test_results_are_highlighted_escaped_linked_and_counted(client, people):
    item = people.publish(
        title="关于市容&环境整治的通知",
        body="为改善市容环境，现将 a<b 有关事项通知如下。",
        document_number="某政〔2025〕3号",
    )
    people.publish(title="无关的信息", body="财政预算公开。")
    html = get(client, search_url(), q="市容")
    assert "找到 1 条相关政府信息" in html
    link = reverse("portal:item", args=[item.agency.code, item.index_number])
    assert f'<a href="{link}">关于<mark>市容</mark>&amp;环境整治的通知</a>' in html
    assert "为改善<mark>市容</mark>环境，现将 a&lt;b 有关事项" in html
    assert "无关的信息" not in html
    assert "<mark>" not in html.split('<ol class="results"')[0].split("</form>")[1]  # only in results
    # The query is echoed escaped in the box.
    html = get(client, search_url(), q='市容 "><script>')
    assert "<script>" not in html and "&quot;&gt;&lt;script&gt;" in html


def test_empty_query_nothing_found_and_over_long_query_say_so(client, people):
    people.publish()
    assert "请输入要查询的内容" in get(client, search_url())
    assert "请输入要查询的内容" in get(client, search_url(), q="   ")
    html = get(client, search_url(), q="不存在的词语组合")
    assert "没有找到与“不存在的词语组合”相符的政府信息" in html
    html = get(client, search_url(), status=400, q="市" * 101)
    assert "查询内容过长（101 个字），请不超过 100 个字。" in html
    assert "找到" not in html


def test_withdrawn_and_unpublished_items_never_appear(client, people):
    shown = people.publish(title="市容整治公开信息")
    gone = people.publish(title="市容整治撤回信息")
    act.Withdraw(people.clerk, gone, reason="误发").execute()
    people.draft(title="市容整治草稿信息")
    html = get(client, search_url(), q="市容整治")
    assert shown.title in html.replace("<mark>", "").replace("</mark>", "")
    plain = html.replace("<mark>", "").replace("</mark>", "")
    assert "撤回信息" not in plain and "草稿信息" not in plain


def test_agency_search_and_agency_filter(client, people):
    mine = people.publish(title="甲局市容通知")
    theirs = publish_in_b(people, title="乙局市容通知", category=people.category("工作动态", people.tree.b))
    plain = lambda html: html.replace("<mark>", "").replace("</mark>", "")  # noqa: E731
    html = plain(get(client, search_url(people.tree.a), q="市容"))
    assert mine.title in html and theirs.title not in html
    html = plain(get(client, search_url(), q="市容"))
    assert mine.title in html and theirs.title in html
    html = plain(get(client, search_url(), q="市容", agency=people.tree.b.code))
    assert mine.title not in html and theirs.title in html
    html = get(client, search_url(), q="市容", agency="nobody")
    assert "「发布机关」没有“nobody”这一项" in html


def test_filters_by_category_year_and_validity(client, people):
    a = people.publish(title="市容甲", category=people.category("工作动态"))
    b = people.publish(
        title="市容乙",
        category=people.category("财政资金"),
        written_on=date(2024, 4, 1),
        formed_on=date(2024, 4, 1),
    )
    c = people.publish(title="市容丙", category=people.category("法规文件"), document_kind="normative",
                       document_number="某政规〔2025〕9号")  # fmt: skip
    act.Repeal(people.clerk, c, on=date(2025, 6, 1)).execute()

    def found(**query):
        html = get(client, search_url(people.tree.a), q="市容", **query)
        return {i.title for i in (a, b, c) if i.title in html.replace("<mark>", "").replace("</mark>", "")}

    assert found() == {a.title, b.title, c.title}
    assert found(category="财政资金") == {b.title}
    assert found(year=2024) == {b.title}
    assert found(validity="废止") == {c.title}
    html = get(client, search_url(people.tree.a), q="市容", category="没有这类", year="abc", validity="x")
    for message in ("「信息类别」没有“没有这类”这一项", "「年份」没有“abc”这一项", "「有效性」没有“x”这一项"):
        assert message in html
    # Every control has a label.
    for control in re.findall(r'<(?:select|input)[^>]*\bid="([^"]+)"', html):
        assert f'<label for="{control}">' in html, control


def test_pagination_and_a_total_that_is_only_a_lower_bound(client, people, monkeypatch):
    monkeypatch.setattr("gongkai.portal.pages.SEARCH_PER_PAGE", 2)
    for n in range(5):
        people.publish(title=f"市容信息{n}")
    html = get(client, search_url(), q="市容")
    assert "找到 5 条相关政府信息，第 1 页" in html and "第 1 页，共 3 页" in html
    assert 'href="?q=%E5%B8%82%E5%AE%B9&amp;page=2"' in html
    html = get(client, search_url(), q="市容", page=3)
    assert html.count("<li>\n      <h3>") == 1
    assert "没有第9页（共3页），已显示第1页" in get(client, search_url(), q="市容", page=9)
    assert "页码“x”无效" in get(client, search_url(), q="市容", page="x")
    monkeypatch.setattr("gongkai.search.backends.CAP", 3)
    html = get(client, search_url(), q="市容")
    assert re.search(r"找到 \d+ 条以上相关政府信息", html)
