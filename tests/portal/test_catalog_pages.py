"""The public catalog pages: 政府信息公开目录, the document page and its attachments, 法定主动公开内容,
the 年报 column, the government-wide catalog and the home page — all through the test client,
with data made by the catalog's actions."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog import actions as act
from gongkai.catalog.models import Topic
from gongkai.law import statute
from gongkai.portal import cache as page_cache
from tests.catalog.conftest import CLEAR, People

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    page_cache.clear()


@pytest.fixture
def people(db):
    return People()


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def catalog_url(people, **query) -> str:
    url = reverse("portal:catalog", args=[people.tree.a.code])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def item_url(item) -> str:
    return reverse("portal:item", args=[item.agency.code, item.index_number])


def not_public(people) -> dict:
    """One item in every state the public may not see, each with a body that must never leak."""
    found = {}
    found["草稿"] = people.draft(title="草稿中的信息", body="草稿正文SECRET-DRAFT")
    found["审查中"] = act.SubmitForReview(
        people.clerk, people.draft(title="审查中的信息", body="审查正文SECRET-REVIEW")
    ).execute()
    found["审查通过待发布"] = people.approve(
        act.SubmitForReview(
            people.clerk, people.draft(title="待发布的信息", body="SECRET-APPROVED")
        ).execute()
    )
    withdrawn = people.publish(title="已撤回的信息", body="撤回正文SECRET-WITHDRAWN")
    found["已撤回"] = act.Withdraw(people.clerk, withdrawn, reason="误发").execute()
    found["依申请公开"] = people.publish(
        title="依申请公开的信息",
        body="SECRET-ONREQUEST",
        disclosure="on_request",
        disclosure_reason="第十六条",
    )
    found["不予公开"] = people.publish(
        title="不予公开的信息", body="SECRET-WITHHELD", disclosure="withheld", disclosure_reason="第十四条"
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    found["定时发布（明天）"] = people.publish(title="明天发布的信息", body="SECRET-SCHEDULED", on=tomorrow)
    return found


def test_catalog_lists_public_items_with_the_columns_and_hides_everything_else(client, people):
    shown = people.publish(
        title="关于做好市容整治工作的通知", document_number="某政〔2025〕3号", summary="市容整治安排"
    )
    hidden = not_public(people)
    html = html_of(client.get(catalog_url(people)))
    for column in ("索引号", "信息名称", "文号", "发布日期", "有效性", "内容概述", "生成日期"):
        assert f'<th scope="col">{column}</th>' in html
    assert shown.title in html and shown.index_number in html and "某政〔2025〕3号" in html
    assert item_url(shown) in html and "2025-03-04" in html and "有效" in html
    for state, item in hidden.items():
        assert item.title not in html, state
    assert "本机关已公开 1 条政府信息" in html


@pytest.mark.parametrize(
    "state",
    ["草稿", "审查中", "审查通过待发布", "已撤回", "依申请公开", "不予公开", "定时发布（明天）"],
)
def test_a_document_the_public_may_not_see_is_a_404_never_its_body(client, people, state):
    item = not_public(people)[state]
    refs = [str(item.pk)] + ([item.index_number] if item.index_number else [])
    for ref in refs:
        response = client.get(reverse("portal:item", args=[people.tree.a.code, ref]))
        assert response.status_code == 404, (state, ref)
        assert b"SECRET" not in response.content
    # Nor through another agency's address, the government-wide catalog or the statutory page.
    assert item.title not in html_of(client.get(reverse("portal:catalog_all")))
    assert item.title not in html_of(client.get(reverse("portal:statutory", args=[people.tree.a.code])))


def test_the_document_page_shows_every_metadata_field_and_escaped_paragraphs(client, people):
    topic = Topic.objects.create(name="城乡建设、环境保护\\市容环卫")
    item = people.publish(
        on=date(2025, 3, 4),
        title="某县市容管理办法",
        summary="规定市容管理的职责 & 程序",
        publisher="某县甲局办公室",
        document_number="某政规[2025]1号",
        written_on=date(2025, 2, 20),
        topic=topic,
        category=people.category("法规文件"),
        article20_item=1,
        document_kind="normative",
        body="第一条 为了加强管理 x<b 不是标签 & 符号\n\n第二条 本办法自发布之日起施行。",
    )
    item = act.Repeal(people.clerk, item, on=date(2025, 6, 1), reason="上位法修改").execute()
    html = html_of(client.get(item_url(item)))
    facts = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html, re.S))
    assert facts["索引号"] == item.index_number == "000014349/2025-00001"
    assert facts["名称"] == "某县市容管理办法"
    assert unescape(facts["内容概述"]) == "规定市容管理的职责 & 程序"
    assert facts["发布机构"] == "某县甲局办公室"
    assert facts["成文日期"] == "2025-02-20" and facts["发布日期"] == "2025-03-04"
    assert facts["文号"] == "某政规〔2025〕1号"
    assert unescape(facts["主题分类"]) == "城乡建设、环境保护\\市容环卫"
    assert facts["信息类别"] == "法规文件"
    assert statute.ART_20_ITEMS[0].rstrip("；") in facts["第二十条所列事项"]
    assert facts["公开属性"] == "主动公开"
    assert facts["有效性"] == "废止（废止日期：2025-06-01）"
    assert facts["全文电子化"] == "是"
    # Plain text, escaped, one paragraph per blank-line block.
    assert "x&lt;b 不是标签 &amp; 符号" in html and "x<b" not in html
    assert "<p>第一条" in html and "<p>第二条 本办法自发布之日起施行。</p>" in html
    # The same page by its number.
    assert (
        html_of(client.get(reverse("portal:item", args=[item.agency.code, item.pk]))).count(item.title) >= 2
    )


def test_unknown_documents_and_agencies_are_404(client, people, settings):
    settings.DEBUG = False
    item = people.publish()
    code = people.tree.a.code
    for url in (
        reverse("portal:item", args=[code, "000014349/2025-99999"]),
        reverse("portal:item", args=[code, "x" * 300]),
        reverse("portal:item", args=[code, "9" * 40]),
        reverse("portal:item", args=[people.tree.b.code, item.index_number]),  # not that agency's
        reverse("portal:catalog", args=["no-such-agency"]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "页面不存在" in response.content.decode()


def test_attachments_download_with_their_name_and_type_and_only_while_public(client, people):
    item = people.draft(title="带附件的信息")
    act.AddAttachment(people.clerk, item, name="市容 管理“办法”.png", data=PNG).execute()
    item = people.approve(act.SubmitForReview(people.clerk, item).execute())
    item = act.Publish(people.clerk, item, on=date(2025, 3, 4)).execute()
    attachment = item.attachments.get()
    html = html_of(client.get(item_url(item)))
    url = reverse("portal:attachment", args=[item.agency.code, attachment.pk])
    assert url in html and "市容 管理“办法”.png" in html

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    star = re.search(r"filename\*=UTF-8''(\S+)$", disposition).group(1)
    assert unquote(star) == "市容 管理“办法”.png"
    assert disposition.isascii()
    assert b"".join(response.streaming_content) == PNG

    # Another agency's address, and the attachment once the item is withdrawn: 404.
    assert (
        client.get(reverse("portal:attachment", args=[people.tree.b.code, attachment.pk])).status_code == 404
    )
    act.Withdraw(people.clerk, item, reason="误发").execute()
    assert client.get(url).status_code == 404
    assert client.get(item_url(item)).status_code == 404


def test_attachment_of_a_draft_is_not_served(client, people):
    item = people.draft()
    act.AddAttachment(people.clerk, item, name="草稿附件.png", data=PNG).execute()
    attachment = item.attachments.get()
    url = reverse("portal:attachment", args=[people.tree.a.code, attachment.pk])
    assert client.get(url).status_code == 404


def test_policy_interpretations_are_linked_both_ways(client, people):
    policy = people.publish(title="某县市容管理办法", category=people.category("法规文件"))
    reading = people.publish(
        title="《某县市容管理办法》政策解读", category=people.category("政策解读"), interprets=policy
    )
    hidden = people.draft(title="未发布的解读", interprets=policy)
    policy_html = html_of(client.get(item_url(policy)))
    assert "相关政策解读" in policy_html and reading.title in policy_html and item_url(reading) in policy_html
    assert hidden.title not in policy_html
    reading_html = html_of(client.get(item_url(reading)))
    assert "所解读的文件" in reading_html and item_url(policy) in reading_html


def test_filters_by_category_topic_year_validity_and_article_20_item(client, people):
    topic = Topic.objects.create(name="综合政务\\政务公开")
    a = people.publish(title="甲信息", category=people.category("工作动态"), article20_item=2)
    b = people.publish(
        title="乙信息", category=people.category("财政资金"), topic=topic, article20_item=7,
        written_on=date(2024, 5, 6), formed_on=date(2024, 5, 6),
    )  # fmt: skip
    c = people.publish(title="丙信息", category=people.category("法规文件"), document_kind="normative",
                       document_number="某政规〔2025〕2号")  # fmt: skip
    act.Repeal(people.clerk, c, on=date(2025, 6, 1)).execute()
    cases = {
        "category": (people.category("财政资金").pk, {b}),
        "topic": (topic.pk, {b}),
        "year": (2024, {b}),
        "validity": ("repealed", {c}),
        "item": (2, {a}),
    }
    for name, (value, expected) in cases.items():
        html = html_of(client.get(catalog_url(people, **{name: value})))
        listed = {i for i in (a, b, c) if f">{i.title}</a>" in html}
        assert listed == expected, name
        assert "清除条件" in html
    # Counts for browsing, from one aggregate query.
    html = html_of(client.get(catalog_url(people)))
    assert re.search(r"财政资金</a> <span class=\"count\">（1）</span>", html)
    assert re.search(r"综合政务\\政务公开</a> <span class=\"count\">（1）</span>", html)
    # Every control has a label.
    for control in re.findall(r'<(?:select|input)[^>]*\bid="([^"]+)"', html):
        assert f'<label for="{control}">' in html, control


@pytest.mark.parametrize(
    "query, message",
    [
        ("category=999999", "「信息类别」没有“999999”这一项"),
        ("topic=abc", "「主题分类」没有“abc”这一项"),
        ("year=1800", "「年份」没有“1800”这一项"),
        ("validity=maybe", "「有效性」没有“maybe”这一项"),
        ("item=16", "「第二十条所列事项」没有“16”这一项"),
        ("page=abc", "页码“abc”无效，已显示第1页"),
        ("page=0", "页码“0”无效"),
        ("page=-3", "页码“-3”无效"),
        ("page=99999999999999999999", "无效，已显示第1页"),
        ("page=7", "没有第7页（共1页），已显示第1页"),
        ("year=" + "9" * 50, "「年份」没有"),
    ],
)
def test_bad_filters_and_page_numbers_give_a_clear_message_not_an_error(client, people, query, message):
    item = people.publish()
    html = html_of(client.get(catalog_url(people) + "?" + query))
    assert message in html
    assert item.title in html  # the bad condition is ignored


def test_pagination_twenty_a_page(client, people, monkeypatch):
    monkeypatch.setattr("gongkai.portal.listing.PER_PAGE", 2)
    items = [
        people.publish(title=f"第{n}号信息", written_on=date(2025, 3, n), formed_on=date(2025, 3, n))
        for n in (1, 2, 3)
    ]
    first = html_of(client.get(catalog_url(people)))
    assert "第 1 页，共 2 页" in first and "第3号信息" in first and "第1号信息" not in first
    assert 'href="?page=2"' in first
    second = html_of(client.get(catalog_url(people, page=2)))
    assert "第1号信息" in second and "第3号信息" not in second and 'href="?page=1"' in second
    filtered = html_of(client.get(catalog_url(people, year=2025)))
    assert 'href="?year=2025&amp;page=2"' in filtered
    assert items


def test_page_size_is_twenty():
    from gongkai.portal import listing

    assert listing.PER_PAGE == 20


def test_statutory_page_lists_the_fifteen_items_in_the_statute_words(client, people):
    for n in range(5):
        people.publish(title=f"财政预算信息{n}", article20_item=7, category=people.category("财政资金"))
    people.publish(title="机构职能信息", article20_item=2, category=people.category("机构职能"))
    html = html_of(client.get(reverse("portal:statutory", args=[people.tree.a.code])))
    assert statute.ART_20_LEAD in html
    for words in statute.ART_20_ITEMS:
        assert words in html
    section_7 = html.split('id="item-7"')[1].split("<section")[0]
    assert "已公开 <strong>5</strong> 条" in section_7
    assert section_7.count("财政预算信息") == 3  # the latest three
    assert reverse("portal:catalog", args=[people.tree.a.code]) + "?item=7" in section_7
    assert "本机关暂无已公开的此项信息" in html.split('id="item-1"')[1].split("<section")[0]


def test_reports_column_lists_published_annual_reports(client, people):
    report = people.publish(
        title="某县甲局2024年政府信息公开工作年度报告",
        category=people.category("年度工作报告"),
        written_on=date(2025, 1, 20),
        formed_on=date(2025, 1, 20),
    )
    people.publish(title="别的信息")
    html = html_of(client.get(reverse("portal:reports", args=[people.tree.a.code])))
    assert "<td>2024年</td>" in html and report.title in html and item_url(report) in html
    assert "别的信息" not in html and statute.ART_49[0] in html


def test_government_wide_catalog_and_home_page(client, people):
    mine = people.publish(title="甲局的信息")
    theirs_item = people.draft(agency=people.tree.b, clerk=people.other_clerk, title="乙局的信息")
    theirs_item = act.SubmitForReview(people.other_clerk, theirs_item).execute()
    # 乙局 has one review level, so its 科室负责人 approves it alone.
    act.rules_of(people.tree.b)
    from gongkai.catalog.models import CatalogRules

    CatalogRules.objects.filter(agency=people.tree.b).update(review_levels=1)
    theirs_item = act.ReviewItem(people.other_section, theirs_item, approve=True, **CLEAR).execute()
    theirs = act.Publish(people.other_clerk, theirs_item, on=date(2025, 3, 5)).execute()

    html = html_of(client.get(reverse("portal:catalog_all")))
    assert mine.title in html and theirs.title in html and "发布机关" in html
    only_b = html_of(client.get(reverse("portal:catalog_all") + f"?agency={people.tree.b.code}"))
    assert theirs.title in only_b and mine.title not in only_b
    bad = html_of(client.get(reverse("portal:catalog_all") + "?agency=nobody"))
    assert "「发布机关」没有“nobody”这一项" in bad

    home = html_of(client.get(reverse("portal:home")))
    assert home.index(theirs.title) < home.index(mine.title)  # latest first
    assert item_url(theirs) in home and f'action="{reverse("portal:search")}"' in home
    assert '<label for="home-q">' in home


def test_list_and_document_pages_use_few_queries(client, people, django_assert_max_num_queries):
    topic = Topic.objects.create(name="综合政务\\政务公开")
    items = [people.publish(title=f"信息{n}", topic=topic) for n in range(25)]
    act.AddAttachment(people.clerk, people.draft(), name="x.png", data=PNG).execute()
    policy = items[0]
    people.publish(title="解读", interprets=policy, category=people.category("政策解读"))
    client.get(catalog_url(people))  # warm: template loading, the agency's categories
    with django_assert_max_num_queries(5):
        html_of(client.get(catalog_url(people)))
    with django_assert_max_num_queries(5):
        html_of(client.get(catalog_url(people, topic=topic.pk, page=2)))
    with django_assert_max_num_queries(3):
        html_of(client.get(item_url(policy)))
    with django_assert_max_num_queries(3):
        html_of(client.get(reverse("portal:catalog_all")))
    with django_assert_max_num_queries(3):
        html_of(client.get(reverse("portal:statutory", args=[people.tree.a.code])))
