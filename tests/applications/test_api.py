"""The applications API: public submit and track, staff read and write behind the permission layer."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from django.test import Client

from gongkai.applications import actions as act
from gongkai.applications.models import Application, State
from gongkai.law.clock import Channel

from .conftest import APPLICANT

FULL_ID = APPLICANT["id_number"]
FULL_PHONE = APPLICANT["phone"]


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A cache of this test's own: the track rate limit of one test never answers another's."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }


def post(client: Client, path: str, body: dict):
    return client.post(path, json.dumps(body, default=str), content_type="application/json")


def assert_masked(response) -> None:
    text = response.content.decode()
    assert FULL_ID not in text and FULL_PHONE not in text


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def registered(people) -> Application:
    return act.RegisterApplication(
        people.clerk,
        people.tree.a,
        APPLICANT,
        channel=Channel.IN_PERSON,
        arrived_on=date(2025, 9, 25),
    ).execute()


def test_submit_and_track_round_trip_with_double_submit_key(people) -> None:
    client = Client()
    body = {**APPLICANT, "submission_key": "api-k1"}
    first = post(client, f"/api/applications/{people.tree.a.code}", body)
    assert first.status_code == 200, first.content
    again = post(client, f"/api/applications/{people.tree.a.code}", body)
    data = first.json()
    assert again.json()["tracking_code"] == data["tracking_code"]
    assert Application.objects.count() == 1
    assert data["received_on"] == date.today().isoformat() or data["received_on"]
    assert "第三十一条" in data["statement"] and data["tracking_code"] in data["statement"]
    assert data["reply_due"] > data["received_on"]
    assert_masked(first)

    tracked = post(
        client, "/api/applications/track", {"tracking_code": data["tracking_code"], "phone_last4": "1234"}
    )
    assert tracked.status_code == 200
    assert tracked.json()["state"] == State.REGISTERED and tracked.json()["reply_due"] == data["reply_due"]
    assert_masked(tracked)
    # lower case and spaces are forgiven
    loose = post(
        client,
        "/api/applications/track",
        {"tracking_code": " " + data["tracking_code"].lower(), "phone_last4": "1234"},
    )
    assert loose.status_code == 200


def test_submit_refuses_bad_input_in_chinese_and_saves_nothing(people) -> None:
    client = Client()
    response = post(client, f"/api/applications/{people.tree.a.code}", {**APPLICANT, "phone": ""})
    assert response.status_code == 400 and "联系电话" in response.json()["error"]
    response = post(client, f"/api/applications/{people.tree.a.code}", {**APPLICANT, "medium": "smoke"})
    assert response.status_code == 400 and response.json()["error"]
    response = post(client, "/api/applications/no-such-agency", APPLICANT)
    assert response.status_code == 404 and "机关" in response.json()["error"]
    assert Application.objects.count() == 0


def test_wrong_code_and_wrong_factor_get_the_identical_404_and_the_rate_limit_429(people, settings) -> None:
    app = registered(people)
    client = Client()
    wrong_factor = post(
        client, "/api/applications/track", {"tracking_code": app.tracking_code, "phone_last4": "9999"}
    )
    wrong_code = post(
        client, "/api/applications/track", {"tracking_code": "ABCDEFGHJKLM", "phone_last4": "1234"}
    )
    assert wrong_factor.status_code == wrong_code.status_code == 404
    assert wrong_factor.content == wrong_code.content
    assert "查询码" in wrong_code.json()["error"]

    settings.GONGKAI_TRACK_RATE_LIMIT = 3
    statuses = [
        post(client, "/api/applications/track", {"tracking_code": app.tracking_code, "phone_last4": "1234"})
        for _ in range(3)
    ]
    assert [r.status_code for r in statuses] == [200, 429, 429]  # the two wrong attempts counted too
    assert "频繁" in statuses[1].json()["error"] and statuses[1]["Retry-After"]


def test_anonymous_gets_401_on_every_staff_endpoint(people) -> None:
    app = registered(people)
    client = Client()
    assert client.get("/api/staff/applications").status_code == 401
    response = client.get(f"/api/staff/applications/{app.pk}")
    assert response.status_code == 401 and response.json() == {"error": "请先登录。"}
    assert post(client, f"/api/staff/applications/{app.pk}/actions/accept", {}).status_code == 401
    assert Application.objects.get().state == State.REGISTERED


def test_staff_write_needs_the_csrf_token(people) -> None:
    app = registered(people)
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.clerk)
    response = post(client, f"/api/staff/applications/{app.pk}/actions/accept", {})
    assert response.status_code == 403 and "CSRF" in response.json()["error"]
    assert Application.objects.get().state == State.REGISTERED


def test_another_agencys_clerk_sees_none_and_changes_nothing(people) -> None:
    app = registered(people)
    other = staff_client(people.other_clerk)
    listing = other.get("/api/staff/applications")
    assert listing.status_code == 200 and listing.json() == {"count": 0, "items": []}
    assert other.get(f"/api/staff/applications/{app.pk}").status_code == 404
    write = post(other, f"/api/staff/applications/{app.pk}/actions/accept", {})
    assert write.status_code == 404 and write.json()["error"]
    assert Application.objects.get().state == State.REGISTERED

    own = staff_client(people.clerk).get("/api/staff/applications")
    assert own.json()["count"] == 1


def test_list_filters_detail_and_actions_through_the_procedure(people) -> None:
    app = registered(people)
    clerk = staff_client(people.clerk)
    assert clerk.get("/api/staff/applications?state=registered&year=2025").json()["count"] == 1
    assert clerk.get("/api/staff/applications?year=2024").json()["count"] == 0
    assert clerk.get("/api/staff/applications?overdue=true").json()["count"] == 1  # due 2025-10-29
    assert clerk.get("/api/staff/applications?state=nonsense").status_code == 400

    detail = clerk.get(f"/api/staff/applications/{app.pk}")
    assert detail.status_code == 200
    due = {d["key"]: d for d in detail.json()["due_dates"]}
    assert due["reply_due"]["date"] == "2025-10-29" and "第三十三条" in due["reply_due"]["explanation"]
    assert detail.json()["id_number"].endswith("1234") and detail.json()["id_number"].startswith("*")

    base = f"/api/staff/applications/{app.pk}/actions"
    responses = [
        post(clerk, f"{base}/accept", {}),
        post(
            clerk,
            f"{base}/request_correction",
            {"on": "2025-09-26", "deadline": "2025-10-17", "matters": "请写明文号"},
        ),
        post(clerk, f"{base}/receive_correction", {"on": "2025-10-13", "description": "立项批复"}),
        post(clerk, f"{base}/start_consultation", {"on": "2025-10-20", "party": "某建设公司"}),
        post(clerk, f"{base}/answer_consultation", {"on": "2025-10-27", "party": "某建设公司"}),
    ]
    assert [r.status_code for r in responses] == [200] * 5, [r.content for r in responses]
    extension = {"on": "2025-11-03", "days": 10, "grounds": "需要检索档案"}
    refused = post(clerk, f"{base}/extension", extension)
    assert refused.status_code == 403 and "公开工作机构负责人" in refused.json()["error"]
    assert post(staff_client(people.office), f"{base}/extension", extension).status_code == 200
    draft = post(clerk, f"{base}/draft_reply", {"outcome": "PARTIAL", "reasons": "部分涉及商业秘密"})
    assert draft.json()["state"] == State.REVIEW
    assert post(clerk, f"{base}/sign_off", {"approve": True}).status_code == 403
    assert post(staff_client(people.section), f"{base}/sign_off", {"approve": True}).status_code == 200
    issued = post(clerk, f"{base}/issue_reply", {"on": "2025-11-20"})
    assert issued.status_code == 200 and issued.json()["state"] == State.REPLIED
    assert [letter["kind"] for letter in issued.json()["letters"]] == [
        "correction",
        "consultation",
        "extension",
        "reply",
    ]
    for response in [detail, *responses, draft, issued]:
        assert_masked(response)
    tracked = post(
        Client(), "/api/applications/track", {"tracking_code": app.tracking_code, "phone_last4": "1234"}
    )
    assert tracked.json()["outcome"] and len(tracked.json()["letters"]) == 4


def test_refusals_are_chinese_json_never_500(people) -> None:
    app = registered(people)
    clerk = staff_client(people.clerk)
    base = f"/api/staff/applications/{app.pk}/actions"
    wrong_state = post(clerk, f"{base}/issue_reply", {"on": "2025-10-01"})
    assert wrong_state.status_code == 409 and "不能出具答复书" in wrong_state.json()["error"]
    future = post(
        clerk, f"{base}/request_correction", {"on": "2999-01-01", "deadline": "2999-02-01", "matters": "x"}
    )
    assert future.status_code == 400 and "不能晚于今天" in future.json()["error"]
    bad_date = post(
        clerk, f"{base}/request_correction", {"on": "昨天", "deadline": "2025-10-01", "matters": "x"}
    )
    assert bad_date.status_code == 400 and "请求内容不符合要求" in bad_date.json()["error"]
    unknown = post(clerk, f"{base}/draft_reply", {"outcome": "NO_SUCH", "reasons": "x"})
    assert unknown.status_code == 400
    withdraw = post(clerk, f"{base}/withdraw", {"on": "2025-09-26", "reason": ""})
    assert withdraw.status_code == 400 and "撤回" in withdraw.json()["error"]
    assert Application.objects.get().state == State.REGISTERED
    assert clerk.get("/api/staff/applications/999999").status_code == 404


def test_every_action_has_its_own_typed_body_in_the_openapi_schema(people) -> None:
    schema = Client().get("/api/openapi.json").json()
    paths = schema["paths"]
    extension = paths["/api/staff/applications/{application_id}/actions/extension"]["post"]
    ref = extension["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert {"on", "days", "grounds"} <= set(body["properties"])
    assert "/api/applications/track" in paths and "/api/applications/{agency_code}" in paths
