"""The actions: every change of a consultation, its permission, its rules and its history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from gongkai.consultations import actions as act
from gongkai.consultations.deadlines import answer_due
from gongkai.consultations.forms import local_datetime
from gongkai.consultations.models import Channel, Consultation, ContactAccess, State

from .conftest import ASKER
from .helpers import answered, log

PUBLISHED = {
    "subject": "开办贸易公司需要哪些材料？",
    "question": "来电人咨询开办一家贸易公司需要哪些材料。",
    "answer": "可通过企业开办一网通办专区办理，需准备名称申报结果、股东身份证明、住所证明和公司章程。",
}


def test_submit_online_is_received_now_with_a_code_an_encrypted_phone_and_a_target(people) -> None:
    row = act.SubmitOnline(people.tree.a, ASKER, submission_key="k1").execute()
    assert row.channel == Channel.WEBSITE and row.state == State.NEW
    assert row.received_on == timezone.localdate() and len(row.tracking_code) == 12
    assert row.answer_due == answer_due(row.received_on) and row.answer_due > row.received_on
    # The phone is stored encrypted; Python sees the clear text.
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM consultations_consultation WHERE id = %s", [row.pk])
        stored = cursor.fetchone()[0]
    assert "1234" not in stored and row.phone == "138-0000-1234" and row.masked_phone == "138****1234"
    entry = row.history.get()
    assert entry.history_user is None and entry.history_change_reason == "公众网上提交"
    # The same key again (a double submit) returns the first row and adds nothing.
    again = act.SubmitOnline(people.tree.a, {**ASKER, "subject": "另一件"}, submission_key="k1").execute()
    assert again.pk == row.pk and Consultation.objects.count() == 1


def test_online_submission_needs_a_phone_and_a_question(people) -> None:
    with pytest.raises(ValidationError, match="联系电话"):
        act.SubmitOnline(people.tree.a, {**ASKER, "phone": ""}).execute()
    with pytest.raises(ValidationError):
        act.SubmitOnline(people.tree.a, {**ASKER, "question": "  "}).execute()
    assert not Consultation.objects.exists()


def test_staff_log_a_call_with_its_time_and_only_in_their_own_agency(people) -> None:
    on = date(2025, 9, 30)  # Tuesday before National Day: 10-09, 10-10, 10-11 (调休), 10-13, 10-14
    row = log(people.clerk, people.tree.a, on=on, phone="")
    assert row.channel == Channel.HOTLINE and row.received_on == on
    assert row.answer_due == date(2025, 10, 14)
    assert (
        row.history.get().history_user == people.clerk
        and row.history.get().history_change_reason == "登记热线电话政策咨询"
    )
    with pytest.raises(PermissionDenied):
        log(people.other_clerk, people.tree.a, on=on)
    with pytest.raises(PermissionDenied):
        log(people.head, people.tree.a, on=on)  # 主要领导 looks, does not register
    with pytest.raises(ValidationError, match="网站渠道"):
        log(people.clerk, people.tree.a, on=on, channel=Channel.WEBSITE)
    with pytest.raises(ValidationError, match="不能晚于现在"):
        log(people.clerk, people.tree.a, on=timezone.localdate() + timedelta(days=2))
    assert Consultation.objects.count() == 1


def test_assign_answer_publish_unpublish_and_close(people) -> None:
    row = log(people.clerk, people.tree.a, on=date(2025, 9, 1))
    with pytest.raises(ValidationError, match="没有办理权限"):
        act.Assign(people.office, row, people.other_clerk).execute()
    with pytest.raises(ValidationError, match="没有办理权限"):
        act.Assign(people.office, row, people.head).execute()
    row = act.Assign(people.office, row, people.clerk2).execute()
    assert row.state == State.HANDLING and row.assigned_to == people.clerk2
    assert row.history.latest().history_change_reason == "分派给甲经办二"

    with pytest.raises(ValidationError, match="答复内容"):
        act.Answer(people.clerk2, row, "  ").execute()
    with pytest.raises(ValidationError, match="不能早于收到时间"):
        act.Answer(people.clerk2, row, "答复", at=local_datetime(date(2025, 8, 31))).execute()
    with pytest.raises(PermissionDenied):
        act.Answer(people.other_clerk, row, "答复").execute()
    row = answered(people.clerk2, row, date(2025, 9, 3))
    assert row.state == State.ANSWERED and row.answered_on == date(2025, 9, 3)
    assert row.answered_by == people.clerk2
    with pytest.raises(ValidationError, match="已答复"):
        act.Answer(people.clerk2, row, "再答一次").execute()

    # Publication refuses texts that still name the asker or carry the phone or e-mail.
    for field, value in (
        ("question", "张三来电咨询开办公司。"),
        ("answer", "请张先生回电 138 0000 1234。"),
        ("question", "邮件 zhang@example.com 咨询。"),
    ):
        with pytest.raises(ValidationError, match="请删除后再公开"):
            act.Publish(people.clerk, row, **{**PUBLISHED, field: value}).execute()
    with pytest.raises(ValidationError, match="都必须填写"):
        act.Publish(people.clerk, row, **{**PUBLISHED, "answer": ""}).execute()
    row = act.Publish(people.clerk, row, **PUBLISHED).execute()
    assert row.state == State.PUBLISHED and row.published and row.published_at is not None
    first_published = row.published_at
    row = act.Publish(people.clerk, row, **{**PUBLISHED, "subject": "改过的标题"}).execute()
    assert row.published_subject == "改过的标题" and row.published_at == first_published
    assert row.history.latest().history_change_reason == "修改公开的问答"

    row = act.Unpublish(people.clerk, row, reason="政策已调整").execute()
    assert row.state == State.ANSWERED and not row.published
    assert row.history.latest().history_change_reason == "政策已调整"
    with pytest.raises(ValidationError, match="不能撤下"):
        act.Unpublish(people.clerk, row).execute()
    row = act.CloseWithoutPublication(people.clerk, row).execute()
    assert row.state == State.CLOSED
    reasons = list(
        row.history.order_by("history_date", "history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "登记热线电话政策咨询",
        "分派给甲经办二",
        "答复",
        "公开问答",
        "修改公开的问答",
        "政策已调整",
        "答复后不予公开",
    ]


def test_revealing_the_phone_needs_a_reason_and_is_recorded(people) -> None:
    row = log(people.clerk, people.tree.a, on=date(2025, 9, 1))
    with pytest.raises(ValidationError, match="事由"):
        act.RevealContact(people.clerk, row).execute()
    with pytest.raises(PermissionDenied):
        act.RevealContact(people.other_clerk, row, reason="回电").execute()
    act.RevealContact(people.clerk, row, reason="电话回复").execute()
    access = ContactAccess.objects.get()
    assert access.user == people.clerk and access.reason == "电话回复"
