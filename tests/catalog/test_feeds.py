"""RSS 2.0, Atom and JSON Feed 1.1 of the public catalog: what the WeChat account and other channels
read. Each feed is parsed as a client would (xml.etree, json) and must show only what the public
may see today."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.catalog import actions as act
from gongkai.catalog import feeds
from gongkai.catalog.models import Topic
from tests.agencies.factories import make_user

from .conftest import CLEAR

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def catalog(people):
    """Agency A: two public items, and five the public must never see; agency B: one public item."""
    topic = Topic.objects.create(name="综合政务\\政务公开")
    first = people.publish(
        on=date(2025, 3, 4),
        title="关于做好2025年市容环境整治工作的通知",
        document_number="某政[2025]3号",
        summary="市容整治安排",
        topic=topic,
    )
    second = people.publish(
        on=date(2025, 3, 10),
        title="2025年春季植树活动公告",
        category=people.category("通知公告"),
        body="定于3月12日开展义务植树。" * 30,
    )
    people.draft(title="草稿：尚未审查的通知")
    act.SubmitForReview(people.clerk, people.draft(title="审查中：待审的通知")).execute()
    withdrawn = people.publish(on=date(2025, 3, 11), title="已撤回：有误的公告")
    act.Withdraw(people.clerk, withdrawn, reason="内容有误").execute()
    people.publish(
        on=date(2025, 3, 12),
        title="不予公开：内部事务",
        disclosure="withheld",
        disclosure_reason="内部事务信息",
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    people.publish(on=tomorrow, written_on=date(2025, 3, 3), title="定时发布：明天才公开的通知")
    return {"first": first, "second": second}


def rss_items(response) -> list[ET.Element]:
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.findall("./channel/item")


def test_agency_rss_lists_only_public_items_newest_first(client, catalog, people) -> None:
    response = client.get("/dept-a/feed/rss.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    items = rss_items(response)
    assert [i.findtext("title") for i in items] == [
        "2025年春季植树活动公告",
        "关于做好2025年市容环境整治工作的通知",
    ]
    second, first = items
    assert first.findtext("link") == "http://testserver/dept-a/catalog/000014349/2025-00001/"
    assert first.findtext("guid") == first.findtext("link")
    assert first.findtext("pubDate") == "Tue, 04 Mar 2025 00:00:00 +0800"
    description = first.findtext("description")
    assert "索引号：000014349/2025-00001" in description and "文号：某政〔2025〕3号" in description
    assert "市容整治安排" in description
    assert {c.text for c in first.findall("category")} == {"工作动态", "综合政务\\政务公开"}
    assert [c.text for c in second.findall("category")] == ["通知公告"]
    assert "定于3月12日开展义务植树" in second.findtext("description")  # no 内容概述: the body's start
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "某县甲局 · 政府信息公开"
    assert channel.findtext("language") == "zh-CN"


def test_atom_and_json_feed_have_the_same_entries_in_shanghai_time(client, catalog) -> None:
    response = client.get("/dept-a/feed/atom.xml")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "2025年春季植树活动公告",
        "关于做好2025年市容环境整治工作的通知",
    ]
    first = entries[1]
    assert first.findtext(f"{ATOM}updated") == "2025-03-04T00:00:00+08:00"
    assert first.find(f"{ATOM}link").get("href").endswith("/dept-a/catalog/000014349/2025-00001/")
    assert "文号：某政〔2025〕3号" in first.findtext(f"{ATOM}summary")
    assert {c.get("term") for c in first.findall(f"{ATOM}category")} == {"工作动态", "综合政务\\政务公开"}

    response = client.get("/dept-a/feed/feed.json")
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == "http://testserver/dept-a/feed/feed.json"
    assert [i["title"] for i in data["items"]] == [
        "2025年春季植树活动公告",
        "关于做好2025年市容环境整治工作的通知",
    ]
    item = data["items"][1]
    assert item["date_published"] == "2025-03-04T00:00:00+08:00"
    assert item["url"] == "http://testserver/dept-a/catalog/000014349/2025-00001/"
    assert item["_gongkai"]["index_number"] == "000014349/2025-00001"
    assert item["_gongkai"]["document_number"] == "某政〔2025〕3号"
    assert "索引号：000014349/2025-00001" in item["content_text"]
    assert item["tags"] == ["工作动态", "综合政务\\政务公开"]


@pytest.mark.parametrize("path", ["/dept-a/feed/rss.xml", "/dept-a/feed/atom.xml", "/dept-a/feed/feed.json"])
def test_drafts_withdrawn_withheld_and_scheduled_items_never_appear(client, catalog, path) -> None:
    text = client.get(path).content.decode("utf-8")
    for hidden in ("草稿", "审查中", "已撤回", "不予公开", "定时发布"):
        assert hidden not in text
    assert text.count("市容环境整治") == 1


def test_a_scheduled_item_appears_on_its_day(client, catalog, monkeypatch) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: tomorrow)
    titles = [i.findtext("title") for i in rss_items(client.get("/dept-a/feed/rss.xml"))]
    assert titles[0] == "定时发布：明天才公开的通知"


def test_category_filter_and_government_wide_feed(client, catalog, people) -> None:
    more = people.publish(on=date(2025, 3, 5), title="甲局下属中心的通知")
    response = client.get("/dept-a/feed/rss.xml", {"category": "通知公告"})
    assert [i.findtext("title") for i in rss_items(response)] == ["2025年春季植树活动公告"]
    assert "通知公告" in ET.fromstring(response.content).find("channel").findtext("title")

    # Agency B publishes one item; the government-wide feed has both agencies' items.
    item = act.SaveDraft(
        people.other_clerk,
        people.tree.b,
        {
            "title": "乙局关于安全生产检查的通知",
            "body": "检查安排如下。",
            "formed_on": date(2025, 3, 5),
            "written_on": date(2025, 3, 5),
            "category": people.category("工作动态", people.tree.b),
        },
    ).execute()
    item = act.SubmitForReview(people.other_clerk, item).execute()
    for username, role in (("s-b", Role.SECTION_HEAD), ("d-b", Role.DEPUTY_HEAD), ("h-b", Role.HEAD)):
        reviewer = make_user(username, (people.tree.b, role))
        item = act.ReviewItem(reviewer, item, approve=True, **CLEAR).execute()
    act.Publish(people.other_clerk, item, on=date(2025, 3, 6)).execute()

    a_titles = [i.findtext("title") for i in rss_items(client.get("/dept-a/feed/rss.xml"))]
    assert "乙局关于安全生产检查的通知" not in a_titles and more.title in a_titles
    data = json.loads(client.get("/feed/feed.json").content)
    titles = [i["title"] for i in data["items"]]
    assert titles == [
        "2025年春季植树活动公告",
        "乙局关于安全生产检查的通知",
        "甲局下属中心的通知",
        "关于做好2025年市容环境整治工作的通知",
    ]
    assert data["items"][1]["url"].startswith("http://testserver/dept-b/catalog/")
    wide = ET.fromstring(client.get("/feed/atom.xml").content)
    assert len(wide.findall(f"{ATOM}entry")) == 4
    assert [
        i.findtext("title") for i in rss_items(client.get("/feed/rss.xml", {"category": "通知公告"}))
    ] == ["2025年春季植树活动公告"]


def test_unknown_agency_or_category_is_404(client, catalog, people) -> None:
    assert client.get("/no-such-agency/feed/rss.xml").status_code == 404
    assert client.get("/dept-a/feed/atom.xml", {"category": "没有这个类别"}).status_code == 404
    assert client.get("/feed/feed.json", {"category": "没有这个类别"}).status_code == 404
    people.tree.b.is_active = False
    people.tree.b.save()
    assert client.get("/dept-b/feed/rss.xml").status_code == 404
    assert client.post("/dept-a/feed/rss.xml").status_code == 405


def test_newest_fifty_only(client, catalog, monkeypatch) -> None:
    monkeypatch.setattr(feeds, "LIMIT", 1)
    assert [i.findtext("title") for i in rss_items(client.get("/dept-a/feed/rss.xml"))] == [
        "2025年春季植树活动公告"
    ]


def test_conditional_get_and_a_withdrawal_changes_the_feed(client, catalog, people) -> None:
    response = client.get("/dept-a/feed/rss.xml")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get("/dept-a/feed/rss.xml", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/dept-a/feed/rss.xml", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

    act.Withdraw(people.clerk, catalog["second"], reason="内容需更新").execute()
    response = client.get("/dept-a/feed/rss.xml", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert [i.findtext("title") for i in rss_items(response)] == ["关于做好2025年市容环境整治工作的通知"]
