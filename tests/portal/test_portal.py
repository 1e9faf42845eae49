"""The public 政府信息公开 column of each agency."""

import re

import pytest
from django.urls import reverse

from gongkai.law import statute

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return response.content.decode()


def test_home_lists_active_agencies_only(client, full_agency, bare_agency):
    bare_agency.is_active = False
    bare_agency.save()
    html = text_of(client.get(reverse("portal:home")))
    assert full_agency.name in html and "晋江市人民政府" in html
    assert bare_agency.name not in html
    assert reverse("portal:guide", args=[full_agency.code]) in html


def test_guide_states_the_agency_facts_of_article_12(client, full_agency):
    page = client.get(reverse("portal:guide", args=[full_agency.code]))
    html = text_of(page)
    assert page.status_code == 200
    assert "<h1>晋江市行政服务中心管理委员会政府信息公开指南</h1>" in html
    for value in (
        full_agency.office_name,
        full_agency.office_address,
        full_agency.office_postcode,
        full_agency.office_phone,
        full_agency.office_fax,
        full_agency.office_email,
        full_agency.office_hours,
        full_agency.online_channel,
        full_agency.website,
    ):
        assert value in html, value
    assert "未公布" not in html
    assert "<code>003658032</code>" in html  # 索引号前段 = 组织机构代码 without the hyphen
    assert "上一级行政机关" in html and "晋江市人民政府" in html


def test_guide_quotes_the_statute_verbatim(client, full_agency):
    html = text_of(client.get(reverse("portal:guide", args=[full_agency.code])))
    for item in statute.ART_20_ITEMS + statute.ART_29_2_ITEMS + statute.ART_31_ITEMS + statute.ART_33:
        assert item in html
    for text in (statute.ART_26, statute.ART_51, statute.ART_42[0], statute.FEE_ART_3, statute.ART_12[1]):
        assert text in html
    assert "自该政府信息形成或者变更之日起20个工作日内" in html
    assert "国办函〔2020〕109号" in html
    # 第二十一条 applies to a county-level department.
    assert statute.ART_21 in html


def test_article_21_only_where_it_applies(client, bare_agency):
    html = text_of(client.get(reverse("portal:guide", args=[bare_agency.code])))
    assert statute.ART_21 not in html


def test_missing_contact_facts_say_unpublished(client, bare_agency):
    page = client.get(reverse("portal:guide", args=[bare_agency.code]))
    html = text_of(page)
    assert page.status_code == 200
    assert html.count("未公布") >= 8
    # Without a platform of its own, the agency's online channel is this system's form.
    assert reverse("applications:apply", args=[bare_agency.code]) in html


def test_apply_page_explains_how_to_apply_with_a_computed_example(client, full_agency, monkeypatch):
    from datetime import date

    monkeypatch.setattr("gongkai.portal.views.timezone.localdate", lambda: date(2025, 9, 25))
    html = text_of(client.get(reverse("portal:apply", args=[full_agency.code])))
    for item in statute.ART_29_2_ITEMS:
        assert item in html
    assert (
        "传真至 0595-85605678" in html
        and "寄至 福建省晋江市世纪大道行政服务中心大楼3楼（邮政编码 362200）" in html
    )
    assert "2025年9月25日 收到申请的，最迟应于 <strong>2025年10月29日</strong> 答复" in html
    assert "最迟于 2025年11月26日 答复" in html


def test_apply_example_is_left_out_when_the_calendar_cannot_compute_it(client, full_agency, monkeypatch):
    from datetime import date

    monkeypatch.setattr("gongkai.portal.views.timezone.localdate", lambda: date(2028, 3, 1))
    html = text_of(client.get(reverse("portal:apply", args=[full_agency.code])))
    assert "最迟应于" not in html and statute.ART_33[1] in html


@pytest.mark.parametrize("name", ["catalog", "reports"])
def test_catalog_and_reports_are_honest_empty_lists(client, full_agency, name):
    html = text_of(client.get(reverse(f"portal:{name}", args=[full_agency.code])))
    assert "暂无" in html and full_agency.name in html
    assert "lorem" not in html.lower()


def test_catalog_columns_follow_article_12(client, full_agency):
    html = text_of(client.get(reverse("portal:catalog", args=[full_agency.code])))
    for column in ("索引号", "信息名称", "内容概述", "生成日期"):
        assert f'<th scope="col">{column}</th>' in html


def test_reports_page_quotes_articles_49_and_50(client, full_agency):
    html = text_of(client.get(reverse("portal:reports", args=[full_agency.code])))
    assert statute.ART_49[0] in html and statute.ART_50_ITEMS[2] in html


@pytest.mark.parametrize("path", ["/no-such-agency/", "/no-such-agency/guide/", "/bare/apply/"])
def test_unknown_or_inactive_agency_is_a_chinese_404(client, bare_agency, path, settings):
    settings.DEBUG = False
    bare_agency.is_active = False
    bare_agency.save()
    page = client.get(path)
    assert page.status_code == 404
    assert "页面不存在" in text_of(page) and 'lang="zh-CN"' in text_of(page)


def test_pages_are_accessible_html(client, full_agency):
    html = text_of(client.get(reverse("portal:guide", args=[full_agency.code])))
    assert '<html lang="zh-CN">' in html and 'href="#main"' in html
    assert 'aria-current="page">政府信息公开指南' in html
    # Nothing is loaded from elsewhere (no CDN) and nothing needs JavaScript.
    assets = re.findall(r'<(?:link|script|img)[^>]*?(?:href|src)="([^"]+)"', html)
    assert assets and all(a.startswith("/static/") for a in assets)
    assert "<script" not in html


def test_500_template_is_chinese_and_standalone():
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "服务器内部错误" in html and 'lang="zh-CN"' in html
