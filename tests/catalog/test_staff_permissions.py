"""Who may see and do what on the staff catalog pages: staff see only their own agency's items
(another agency's is a 404), a clerk cannot review, each review level needs its role in the item's
agency, leaders who review do not edit, and a system administrator sees everything but takes no
statutory sign-off."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.agencies.models import Role
from gongkai.catalog import actions as act
from gongkai.catalog.models import CatalogItem, ReviewStep, State
from tests.agencies.factories import make_user

from .conftest import CLEAR
from .test_staff_pages import YES, draft_data, review_post


@pytest.fixture
def submitted(people):
    return act.SubmitForReview(people.clerk, people.draft()).execute()


def test_another_agencys_item_is_not_found(client, people, submitted) -> None:
    attachment_item = people.draft(title="有附件的草稿")
    from .test_attachments import pdf

    row = act.AddAttachment(people.clerk, attachment_item, name="a.pdf", data=pdf()).execute()
    attachment = row.attachments.get()
    for user in (people.other_clerk, people.other_section):
        client.force_login(user)
        assert client.get(reverse("catalog:item", args=[submitted.pk])).status_code == 404
        assert client.get(reverse("catalog:edit", args=[attachment_item.pk])).status_code == 404
        assert (
            client.post(reverse("catalog:act", args=[submitted.pk, "review"]), review_post()).status_code
            == 404
        )
        assert (
            client.get(reverse("catalog:attachment", args=[attachment_item.pk, attachment.pk])).status_code
            == 404
        )
        assert client.post(reverse("catalog:attach", args=[attachment_item.pk])).status_code == 404
        listing = client.get(reverse("catalog:list")).content.decode()
        assert submitted.title not in listing
        assert submitted.title not in client.get(reverse("catalog:queue")).content.decode()
    assert ReviewStep.objects.count() == 0


def test_a_clerk_cannot_review_and_sees_no_review_form(client, people, submitted) -> None:
    client.force_login(people.clerk)
    page = client.get(reverse("catalog:item", args=[submitted.pk])).content.decode()
    assert "step-review" not in page
    response = client.post(reverse("catalog:act", args=[submitted.pk, "review"]), review_post())
    assert response.status_code == 403
    assert "只有本机关的科室负责人可以进行第一级审查" in response.content.decode()
    assert ReviewStep.objects.count() == 0


def test_each_level_needs_its_role(client, people, submitted) -> None:
    url = reverse("catalog:act", args=[submitted.pk, "review"])
    client.force_login(people.deputy)  # level 1 is the 科室负责人's
    assert "step-review" not in client.get(reverse("catalog:item", args=[submitted.pk])).content.decode()
    assert client.post(url, review_post()).status_code == 403
    client.force_login(people.section)
    assert client.post(url, review_post()).status_code == 302
    response = client.post(url, review_post())  # level 2 now: not the 科室负责人's
    assert response.status_code == 403 and "分管领导" in response.content.decode()
    client.force_login(people.deputy)
    page = client.get(reverse("catalog:item", args=[submitted.pk])).content.decode()
    assert "第2级发布审查（分管领导）" in page
    assert client.post(url, review_post()).status_code == 302
    client.force_login(people.head)
    assert client.post(url, review_post()).status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == State.APPROVED


def test_leaders_who_review_do_not_draft_or_publish(client, people) -> None:
    item = people.approve(act.SubmitForReview(people.clerk, people.draft()).execute())
    client.force_login(people.head)
    page = client.get(reverse("catalog:item", args=[item.pk])).content.decode()
    assert "step-publish" not in page and "目前没有您可以办理的事项" in page
    assert client.post(reverse("catalog:act", args=[item.pk, "publish"]), {}).status_code == 403
    assert client.get(reverse("catalog:new")).status_code == 403
    assert client.get(reverse("catalog:new_for", args=[people.tree.a.code])).status_code == 403
    draft = people.draft(title="经办人的草稿")
    assert client.get(reverse("catalog:edit", args=[draft.pk])).status_code == 403
    item.refresh_from_db()
    assert item.state == State.APPROVED


def test_a_clerk_cannot_draft_for_another_agency(client, people) -> None:
    client.force_login(people.clerk)
    url = reverse("catalog:new_for", args=[people.tree.b.code])
    assert client.get(url).status_code == 403
    assert client.post(url, draft_data(people)).status_code == 403
    assert CatalogItem.objects.count() == 0


def test_sysadmin_sees_every_agency_but_does_not_review(client, people, submitted) -> None:
    admin = make_user("admin", (people.tree.root, Role.SYSADMIN))
    other = people.draft(agency=people.tree.b, clerk=people.other_clerk, title="乙局的草稿")
    client.force_login(admin)
    listing = client.get(reverse("catalog:list")).content.decode()
    assert submitted.title in listing and "乙局的草稿" in listing
    assert client.get(reverse("catalog:item", args=[other.pk])).status_code == 200
    response = client.post(reverse("catalog:act", args=[submitted.pk, "review"]), review_post())
    assert response.status_code == 403 and ReviewStep.objects.count() == 0
    # Several agencies to draft for: a choice first.
    page = client.get(reverse("catalog:new")).content.decode()
    assert reverse("catalog:new_for", args=[people.tree.b.code]) in page


def test_a_reviewer_in_two_agencies_reviews_only_where_they_hold_the_role(client, people) -> None:
    both = make_user("both", (people.tree.a, Role.SECTION_HEAD), (people.tree.b, Role.CLERK))
    theirs = act.SubmitForReview(
        people.other_clerk, people.draft(agency=people.tree.b, clerk=people.other_clerk)
    ).execute()
    mine = act.SubmitForReview(people.clerk, people.draft(title="甲局待审")).execute()
    client.force_login(both)
    queue = client.get(reverse("catalog:queue")).content.decode()
    assert "甲局待审" in queue and theirs.title not in queue
    response = client.post(reverse("catalog:act", args=[theirs.pk, "review"]), review_post())
    assert response.status_code == 403
    assert client.post(reverse("catalog:act", args=[mine.pk, "review"]), review_post()).status_code == 302


def test_review_form_answers_reach_the_action_unchanged(client, people, submitted) -> None:
    client.force_login(people.section)
    answers = {**YES, "privacy": "yes"}
    url = reverse("catalog:act", args=[submitted.pk, "review"])
    response = client.post(url, review_post(answers, opinion="已对个人信息作区分处理（第三十七条）"))
    assert response.status_code == 302
    step = ReviewStep.objects.get()
    assert (step.secret, step.trade_secret, step.privacy, step.disclosure_confirmed) == (
        False,
        False,
        True,
        True,
    )
    assert step.reviewer == people.section and step.level == 1
    assert CLEAR  # the action-level answers the pages mirror
