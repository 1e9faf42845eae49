"""The demo data: 晋江市 with the 管委会 of the seed report, one account per role, idempotent."""

import re

import pytest
from django.contrib.auth import get_user_model

from gongkai.agencies.demo import DEMO_PASSWORD, DEMO_USERS, demo_logins, load_demo, loaders
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.agencies.permissions import Action, can
from gongkai.cli import main

pytestmark = pytest.mark.django_db


def _history_rows() -> int:
    return Agency.history.count() + Membership.history.count() + get_user_model().history.count()


def preamble_contacts(text: str) -> dict[str, str]:
    """The （联系地址：…。联系电话：…。传真：…。电子邮箱：…。） sentence of a report's preamble."""
    found = {}
    for label in ("联系地址", "联系电话", "传真", "电子邮箱"):
        match = re.search(label + r"：([^。）]+)", text)
        found[label] = re.sub(r"\s+", "", match.group(1))
    return found


def test_demo_agency_contacts_are_those_of_the_seed_report(fixtures_dir):
    text = (fixtures_dir / "seed" / "jinjiang-xzfwzx-2022.txt").read_text(encoding="utf-8")
    facts = preamble_contacts(text[: text.index("一、总体情况")])
    load_demo()
    agency = Agency.objects.get(code="jinjiang-xzfwzx")
    assert agency.office_address == facts["联系地址"]
    assert agency.office_phone == facts["联系电话"]
    assert agency.office_fax == facts["传真"]
    assert agency.office_email == facts["电子邮箱"]
    assert agency.name in text and agency.short_name in text and agency.office_name in text
    assert agency.parent.name == "晋江市人民政府"
    siblings = Agency.objects.filter(parent=agency.parent, kind=Agency.Kind.DEPARTMENT).exclude(pk=agency.pk)
    assert siblings.count() >= 2


def test_one_demo_account_per_role_all_with_the_printed_password():
    context = load_demo()
    held = {m.role for m in Membership.objects.filter(user__username__in=[u.username for u in DEMO_USERS])}
    assert held == set(Role)
    for spec in DEMO_USERS:
        user = context.users[spec.username]
        assert user.check_password(DEMO_PASSWORD)
        assert user.groups.filter(name="演示账号").exists()
    logins = "\n".join(demo_logins())
    assert DEMO_PASSWORD in logins and "演示账号" in logins
    for spec in DEMO_USERS:
        assert spec.username in logins


def test_demo_roles_behave(client):
    context = load_demo()
    xzfwzx, czj = context.agencies["jinjiang-xzfwzx"], context.agencies["jinjiang-czj"]
    clerk, clerk2 = context.users["clerk"], context.users["clerk2"]
    assert can(clerk, Action.EDIT, xzfwzx) and not can(clerk, Action.VIEW, czj)
    assert can(clerk2, Action.EDIT, czj) and not can(clerk2, Action.VIEW, xzfwzx)
    assert can(context.users["supervisor"], Action.SUPERVISE_REPORTS, czj)
    assert can(context.users["office"], Action.APPROVE_EXTENSION, xzfwzx)
    response = client.post("/staff/login/", {"username": "clerk", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response.url == "/staff/"


def test_demo_is_idempotent_and_restores_the_demo_state():
    load_demo()
    counts = (Agency.objects.count(), Membership.objects.count(), get_user_model().objects.count())
    rows = _history_rows()
    again = load_demo()
    assert again.log == []
    assert (Agency.objects.count(), Membership.objects.count(), get_user_model().objects.count()) == counts
    assert _history_rows() == rows

    Agency.objects.filter(code="jinjiang-xzfwzx").update(office_phone="0")
    clerk = get_user_model().objects.get(username="clerk")
    clerk.set_password("something-else-1")
    clerk.save()
    restored = load_demo()
    assert restored.log == ["机关：晋江市行政服务中心管理委员会"]
    assert Agency.objects.get(code="jinjiang-xzfwzx").office_phone == "85659620"
    assert get_user_model().objects.get(username="clerk").check_password(DEMO_PASSWORD)


def test_demo_load_goes_through_actions_and_leaves_history_with_actor_and_reason():
    context = load_demo()
    actor = context.users["admin"]
    assert context.actor == actor
    for model in (Agency, Membership, get_user_model()):
        rows = model.history.all()
        assert rows.exists(), model
        assert {(row.history_user_id, row.history_change_reason) for row in rows} == {
            (actor.pk, "载入演示数据")
        }
    # The actions' bookkeeping held: the sysadmin role opened the admin, the others stay out.
    staff = set(get_user_model().objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"admin"}
    # A restored record is saved by the same actor, for the same reason.
    Agency.objects.filter(code="jinjiang-czj").update(short_name="改过")
    load_demo()
    latest = Agency.objects.get(code="jinjiang-czj").history.latest()
    assert (latest.history_user, latest.history_change_reason, latest.short_name) == (
        actor,
        "载入演示数据",
        "",
    )


def test_loaders_run_in_installed_apps_order_agencies_first():
    labels = [label for label, _load in loaders()]
    assert labels[0] == "agencies"


def test_gongkai_demo_command(capsys):
    assert main(["demo"]) == 0
    first = capsys.readouterr().out
    assert "已载入演示数据" in first and "晋江市行政服务中心管理委员会" in first
    assert main(["demo"]) == 0
    second = capsys.readouterr().out
    assert "演示数据已是最新" in second
    assert f"密码均为 {DEMO_PASSWORD}" in second and "supervisor" in second
