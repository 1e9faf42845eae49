"""The 第十七条 review path: draft → 科室负责人 → 分管领导 → 主要领导 → published with its 索引号."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.catalog import actions as act
from gongkai.catalog.models import CatalogItem, ReviewStep, State
from gongkai.catalog.public import visible_to_public

from .conftest import CLEAR


def test_three_levels_with_one_return_then_published_with_index_number(people) -> None:
    item = people.draft(document_number="某政[2025]3号")
    assert item.state == State.DRAFT and item.document_number == "某政〔2025〕3号"
    assert item.publisher == "某县甲局" and item.created_by == people.clerk
    item = act.SubmitForReview(people.clerk, item).execute()
    assert (item.state, item.review_level) == (State.REVIEW, 1)

    item = act.ReviewItem(people.section, item, approve=True, opinion="同意", **CLEAR).execute()
    assert item.review_level == 2
    item = act.ReviewItem(people.deputy, item, approve=False, opinion="请补充内容概述", **CLEAR).execute()
    assert (item.state, item.review_round) == (State.DRAFT, 2)

    item = act.SaveDraft(people.clerk, people.tree.a, {"summary": "市容整治安排"}, item=item).execute()
    item = act.SubmitForReview(people.clerk, item).execute()
    assert item.review_level == 1  # a new round starts at the first level
    item = people.approve(item)
    assert item.state == State.APPROVED

    item = act.Publish(people.clerk, item, on=date(2025, 3, 10)).execute()
    assert item.state == State.PUBLISHED and item.published_on == date(2025, 3, 10)
    assert item.index_number == "000014349/2025-00001" and len(item.index_number) == 20

    steps = list(
        ReviewStep.objects.filter(item=item).values_list("round", "level", "reviewer__username", "decision")
    )
    assert steps == [
        (1, 1, "section-a", "approved"),
        (1, 2, "deputy-a", "returned"),
        (2, 1, "section-a", "approved"),
        (2, 2, "deputy-a", "approved"),
        (2, 3, "head-a", "approved"),
    ]
    assert [h.history_change_reason for h in item.history.order_by("history_id")][-1] == "发布"
    assert item.history.order_by("history_id").last().history_user == people.clerk


def test_reviewer_of_another_agency_and_a_clerk_cannot_review(people) -> None:
    item = act.SubmitForReview(people.clerk, people.draft()).execute()
    with pytest.raises(PermissionDenied, match="科室负责人"):
        act.ReviewItem(people.other_section, item, approve=True, **CLEAR).execute()
    with pytest.raises(PermissionDenied):
        act.ReviewItem(people.clerk, item, approve=True, **CLEAR).execute()
    # Level 2 is the 分管领导's: the 科室负责人 cannot take it, nor skip ahead to it.
    item = act.ReviewItem(people.section, item, approve=True, **CLEAR).execute()
    with pytest.raises(PermissionDenied, match="分管领导"):
        act.ReviewItem(people.section, item, approve=True, **CLEAR).execute()
    with pytest.raises(PermissionDenied):
        act.SaveDraft(people.other_clerk, people.tree.a, {"title": "别的机关"}).execute()
    assert ReviewStep.objects.count() == 1


def test_secret_cannot_be_approved_and_the_checklist_must_be_complete(people) -> None:
    item = act.SubmitForReview(people.clerk, people.draft()).execute()
    with pytest.raises(ValidationError, match="国家秘密"):
        act.ReviewItem(people.section, item, approve=True, **{**CLEAR, "secret": True}).execute()
    with pytest.raises(ValidationError, match="保密审查表.*是否涉及个人隐私"):
        act.ReviewItem(people.section, item, approve=True, **{**CLEAR, "privacy": None}).execute()
    with pytest.raises(ValidationError, match="公开属性尚未确认"):
        act.ReviewItem(
            people.section, item, approve=True, **{**CLEAR, "disclosure_confirmed": False}
        ).execute()
    with pytest.raises(ValidationError, match="第十五条"):
        act.ReviewItem(people.section, item, approve=True, **{**CLEAR, "privacy": True}).execute()
    with pytest.raises(ValidationError, match="审查意见"):
        act.ReviewItem(people.section, item, approve=False, **CLEAR).execute()
    # Returning a secret item is how it leaves the queue.
    item = act.ReviewItem(
        people.section, item, approve=False, opinion="涉密，不予公开", **{**CLEAR, "secret": True}
    ).execute()
    assert item.state == State.DRAFT
    assert ReviewStep.objects.get().secret is True


def test_unreviewed_items_cannot_be_published(people) -> None:
    item = people.draft()
    with pytest.raises(ValidationError, match="第十七条"):
        act.Publish(people.clerk, item).execute()
    item = act.SubmitForReview(people.clerk, item).execute()
    with pytest.raises(ValidationError, match="第十七条"):
        act.Publish(people.clerk, item).execute()


def test_fewer_levels_when_the_agency_configures_them(people) -> None:
    rules = act.rules_of(people.tree.a)
    rules.review_levels = 1
    rules.save()
    item = act.SubmitForReview(people.clerk, people.draft()).execute()
    item = act.ReviewItem(people.section, item, approve=True, **CLEAR).execute()
    assert item.state == State.APPROVED


def test_submission_needs_what_the_law_needs(people) -> None:
    item = people.draft(formed_on=None, category=None)
    with pytest.raises(ValidationError, match="信息类别；形成或者变更日期"):
        act.SubmitForReview(people.clerk, item).execute()
    item = people.draft(disclosure="withheld")
    with pytest.raises(ValidationError, match="不予公开的理由"):
        act.SubmitForReview(people.clerk, item).execute()


def test_withdraw_keeps_the_record_its_index_number_and_history(people) -> None:
    item = people.publish()
    assert list(visible_to_public(CatalogItem.objects.all())) == [item]
    with pytest.raises(ValidationError, match="撤回理由"):
        act.Withdraw(people.clerk, item, reason=" ").execute()
    item = act.Withdraw(people.clerk, item, reason="误发").execute()
    assert item.state == State.WITHDRAWN and item.index_number == "000014349/2025-00001"
    assert not visible_to_public(CatalogItem.objects.all()).exists()
    reasons = list(item.history.order_by("history_id").values_list("history_change_reason", "state"))
    assert reasons[-2:] == [("发布", "published"), ("误发", "withdrawn")]
    assert item.reviews.count() == 3


def test_public_sees_only_published_proactive_items_from_their_day(people) -> None:
    published = people.publish()
    people.draft(title="草稿")
    in_review = act.SubmitForReview(people.clerk, people.draft(title="审查中")).execute()
    withheld = people.publish(disclosure="withheld", disclosure_reason="第十四条", title="不予公开")
    scheduled = people.approve(act.SubmitForReview(people.clerk, people.draft(title="定时")).execute())
    scheduled = act.Publish(people.clerk, scheduled, on=date(2025, 6, 1)).execute()
    everything = CatalogItem.objects.all()
    assert list(visible_to_public(everything, date(2025, 5, 31))) == [published]
    assert set(visible_to_public(everything, date(2025, 6, 1))) == {published, scheduled}
    assert withheld.index_number and in_review.state == State.REVIEW


def test_body_is_kept_as_plain_text(people) -> None:
    item = people.draft(body="<p>第一段</p><script>alert(1)</script><p>A&amp;B</p>")
    assert "<" not in item.body and "第一段" in item.body and "A&B" in item.body
