"""The agency's 信息类别, the government-wide 主题分类 and the 主动公开设置: through their actions and
their pages. A category or topic in use is deactivated, never deleted."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.agencies.models import Role
from gongkai.catalog import actions as act
from gongkai.catalog.models import CatalogRules, Category, State, Topic
from tests.agencies.factories import make_user

from .conftest import CLEAR


@pytest.fixture
def office(people):
    return make_user("office-a", (people.tree.a, Role.OFFICE_HEAD))


@pytest.fixture
def admin(people):
    return make_user("admin", (people.tree.root, Role.SYSADMIN))


def test_category_actions(people, office) -> None:
    agency = people.tree.a
    added = act.AddCategory(office, agency, "  行政 执法 ").execute()
    assert added.name == "行政 执法" and added.position == len(act.categories_of(agency)) - 1
    with pytest.raises(ValidationError, match="已有信息类别"):
        act.AddCategory(office, agency, "行政 执法").execute()
    with pytest.raises(ValidationError, match="请填写"):
        act.AddCategory(office, agency, "  ").execute()
    with pytest.raises(PermissionDenied):
        act.AddCategory(people.clerk, agency, "经办人加的").execute()
    with pytest.raises(PermissionDenied):
        act.AddCategory(
            make_user("office-b", (people.tree.b, Role.OFFICE_HEAD)), agency, "别的机关"
        ).execute()

    renamed = act.UpdateCategory(office, added, name="行政执法", position=0).execute()
    assert (renamed.name, renamed.position) == ("行政执法", 0)
    with pytest.raises(ValidationError, match="已有信息类别“工作动态”"):
        act.UpdateCategory(office, added, name="工作动态").execute()
    assert renamed.history.first().history_user == office

    in_use = people.category("工作动态")
    people.draft(category=in_use)
    with pytest.raises(ValidationError, match="不能删除，只能停用"):
        act.DeleteCategory(office, in_use).execute()
    act.UpdateCategory(office, in_use, active=False).execute()
    in_use.refresh_from_db()
    assert in_use.active is False
    assert in_use.history.first().history_change_reason == "停用信息类别"

    act.DeleteCategory(office, renamed).execute()
    assert not Category.objects.filter(pk=renamed.pk).exists()


def test_topic_actions_are_for_system_administrators(people, admin, office) -> None:
    topic = act.CreateTopic(admin, "综合政务\\政务公开").execute()
    assert topic.position == 0
    with pytest.raises(PermissionDenied, match="系统管理员"):
        act.CreateTopic(office, "城乡建设").execute()
    with pytest.raises(ValidationError, match="已有主题分类"):
        act.CreateTopic(admin, "综合政务\\政务公开").execute()
    people.draft(topic=topic)
    with pytest.raises(ValidationError, match="不能删除，只能停用"):
        act.DeleteTopic(admin, topic).execute()
    act.UpdateTopic(admin, topic, active=False, name="综合政务\\政务公开（旧）").execute()
    topic.refresh_from_db()
    assert (topic.active, topic.name) == (False, "综合政务\\政务公开（旧）")
    spare = act.CreateTopic(admin, "备用").execute()
    act.DeleteTopic(admin, spare).execute()
    assert not Topic.objects.filter(name="备用").exists()


def test_catalog_rules_action(people, office) -> None:
    agency = people.tree.a
    rules = act.SaveCatalogRules(office, agency, review_levels=1, index_prefix=" tongjiju ").execute()
    assert (rules.review_levels, rules.index_prefix) == (1, "tongjiju")
    for bad in (0, 6, True, "3"):
        with pytest.raises(ValidationError, match="1 至 5"):
            act.SaveCatalogRules(office, agency, review_levels=bad).execute()
    with pytest.raises(ValidationError, match="不能含“/”"):
        act.SaveCatalogRules(office, agency, review_levels=3, index_prefix="a/b").execute()
    with pytest.raises(ValidationError, match="索引号格式"):
        act.SaveCatalogRules(office, agency, review_levels=3, index_format="nope").execute()
    with pytest.raises(PermissionDenied):
        act.SaveCatalogRules(people.clerk, agency, review_levels=3).execute()

    # One level: the 科室负责人's approval is enough; the 索引号 uses the new prefix.
    item = act.SubmitForReview(people.clerk, people.draft()).execute()
    item = act.ReviewItem(people.section, item, approve=True, **CLEAR).execute()
    assert item.state == State.APPROVED
    item = act.Publish(people.clerk, item, on=date(2025, 3, 10)).execute()
    assert item.index_number == "tongjiju/2025-00001"


def test_settings_pages(client, people, office) -> None:
    agency = people.tree.a
    client.force_login(people.clerk)
    assert client.get(reverse("catalog:settings", args=[agency.code])).status_code == 403
    assert client.get(reverse("catalog:settings_index")).status_code == 403
    assert (
        client.post(reverse("catalog:category_add", args=[agency.code]), {"new-name": "x"}).status_code == 403
    )

    client.force_login(office)
    assert client.get(reverse("catalog:settings_index"))["Location"].endswith(f"/settings/{agency.code}/")
    page = client.get(reverse("catalog:settings", args=[agency.code]))
    assert (
        page.status_code == 200
        and "工作动态" in page.content.decode()
        and "00001434-9" not in page.content.decode()
    )
    assert "000014349" in page.content.decode()  # the 前段码 now: the 组织机构代码 without "-"
    assert client.get(reverse("catalog:settings", args=[people.tree.b.code])).status_code == 403

    response = client.post(reverse("catalog:category_add", args=[agency.code]), {"new-name": "行政执法"})
    assert response.status_code == 302
    category = Category.objects.get(agency=agency, name="行政执法")
    response = client.post(
        reverse("catalog:category_edit", args=[agency.code, category.pk]),
        {f"c{category.pk}-name": "执法信息", f"c{category.pk}-position": "2"},  # "active" unticked
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.position, category.active) == ("执法信息", 2, False)

    used = people.category("工作动态")
    people.draft(category=used)
    refused = client.post(reverse("catalog:category_delete", args=[agency.code, used.pk]))
    assert refused.status_code == 409 and "不能删除，只能停用" in refused.content.decode()
    assert client.post(reverse("catalog:category_delete", args=[agency.code, category.pk])).status_code == 302

    response = client.post(
        reverse("catalog:rules", args=[agency.code]),
        {"review_levels": "2", "index_format": "national", "index_prefix": "a/b"},
    )
    assert response.status_code == 400 and "不能含“/”" in response.content.decode()
    response = client.post(
        reverse("catalog:rules", args=[agency.code]),
        {"review_levels": "2", "index_format": "year_month", "index_prefix": ""},
    )
    assert response.status_code == 302
    rules = CatalogRules.objects.get(agency=agency)
    assert (rules.review_levels, rules.index_format) == (2, "year_month")
    assert "office-a" in client.get(reverse("catalog:settings", args=[agency.code])).content.decode()


def test_inactive_vocabulary_is_not_offered_to_new_drafts(client, people, office, admin) -> None:
    old_topic = act.CreateTopic(admin, "旧主题").execute()
    used = people.category("工作动态")
    item = people.draft(category=used, topic=old_topic)
    act.UpdateCategory(office, used, active=False).execute()
    act.UpdateTopic(admin, old_topic, active=False).execute()
    client.force_login(people.clerk)
    new_page = client.get(reverse("catalog:new_for", args=[people.tree.a.code])).content.decode()
    assert ">工作动态<" not in new_page and ">通知公告<" in new_page and "旧主题" not in new_page
    edit_page = client.get(reverse("catalog:edit", args=[item.pk])).content.decode()
    assert f'<option value="{used.pk}" selected>工作动态</option>' in edit_page and "旧主题" in edit_page


def test_topics_page_is_for_system_administrators(client, people, office, admin) -> None:
    client.force_login(office)
    assert client.get(reverse("catalog:topics")).status_code == 403
    assert client.post(reverse("catalog:topic_add"), {"new-name": "城乡建设"}).status_code == 403
    client.force_login(admin)
    assert client.post(reverse("catalog:topic_add"), {"new-name": "城乡建设"}).status_code == 302
    topic = Topic.objects.get(name="城乡建设")
    people.draft(topic=topic)
    page = client.get(reverse("catalog:topics")).content.decode()
    assert "城乡建设" in page
    refused = client.post(reverse("catalog:topic_delete", args=[topic.pk]))
    assert refused.status_code == 409 and "不能删除，只能停用" in refused.content.decode()
    response = client.post(
        reverse("catalog:topic_edit", args=[topic.pk]), {f"t{topic.pk}-name": "城乡建设、环境保护"}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.name, topic.active) == ("城乡建设、环境保护", False)
