"""Agency and membership actions: permission first, validation, one transaction, audit entry."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.agencies.actions import GrantRole, RevokeRole, UpdateAgencyContact
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.agencies.permissions import Action, can

from .factories import make_user

pytestmark = pytest.mark.django_db


def test_office_head_updates_contact_facts_with_history(tree):
    office = make_user("office", (tree.a, Role.OFFICE_HEAD))
    changed = UpdateAgencyContact(
        office, tree.a, {"office_phone": "0595-85659620", "office_email": "gk@example.gov.cn"}
    ).execute()
    assert sorted(changed) == ["office_email", "office_phone"]
    tree.a.refresh_from_db()
    assert tree.a.office_phone == "0595-85659620"
    latest = tree.a.history.latest()
    assert latest.history_user == office
    assert "联系电话" in latest.history_change_reason and "电子邮箱" in latest.history_change_reason
    # Nothing to change: no new history row.
    before = tree.a.history.count()
    assert UpdateAgencyContact(office, tree.a, {"office_phone": "0595-85659620"}).execute() == []
    assert tree.a.history.count() == before


def test_contact_update_is_refused_to_others_and_leaves_data_alone(tree):
    clerk = make_user("clerk", (tree.a, Role.CLERK))
    office_b = make_user("office-b", (tree.b, Role.OFFICE_HEAD))
    for actor in (clerk, office_b):
        with pytest.raises(PermissionDenied, match="公开工作机构负责人"):
            UpdateAgencyContact(actor, tree.a, {"office_phone": "1"}).execute()
    assert Agency.objects.get(pk=tree.a.pk).office_phone == ""
    assert tree.a.history.count() == 1  # only the creation


def test_bad_contact_facts_are_rejected_in_chinese_and_nothing_is_saved(tree):
    office = make_user("office", (tree.a, Role.OFFICE_HEAD))
    with pytest.raises(ValidationError) as info:
        UpdateAgencyContact(
            office, tree.a, {"office_phone": "85659620", "office_postcode": "36220"}
        ).execute()
    assert "邮政编码应为 6 位数字" in str(info.value)
    assert Agency.objects.get(pk=tree.a.pk).office_phone == ""
    with pytest.raises(ValidationError, match="不是联系信息"):
        UpdateAgencyContact(office, tree.a, {"name": "改名"}).execute()


def test_grant_and_revoke_roles(tree):
    admin = make_user("admin", (tree.root, Role.SYSADMIN))
    person = make_user("person")
    assert not can(person, Action.VIEW, tree.b)
    membership = GrantRole(admin, person, tree.b, Role.CLERK).execute()
    assert can(person, Action.VIEW, tree.b)  # the cached roles were refreshed
    entry = membership.history.latest()
    assert entry.history_user == admin and entry.history_type == "+"
    with pytest.raises(ValidationError, match="已经是"):
        GrantRole(admin, person, tree.b, Role.CLERK).execute()

    RevokeRole(admin, membership, reason="调岗").execute()
    assert not can(person, Action.VIEW, tree.b)
    deleted = Membership.history.filter(id=membership.pk, history_type="-").get()
    assert deleted.history_user == admin and deleted.history_change_reason == "调岗"


def test_only_sysadmins_manage_roles(tree):
    office = make_user("office", (tree.a, Role.OFFICE_HEAD))
    person = make_user("person")
    with pytest.raises(PermissionDenied, match="系统管理员"):
        GrantRole(office, person, tree.a, Role.CLERK).execute()
    assert not Membership.objects.filter(user=person).exists()


def test_sysadmin_role_opens_the_admin_and_the_last_one_stays(tree):
    admin = make_user("admin", (tree.root, Role.SYSADMIN))
    second = make_user("second")
    membership = GrantRole(admin, second, tree.root, Role.SYSADMIN).execute()
    assert get_user_model().objects.get(pk=second.pk).is_staff
    RevokeRole(admin, membership).execute()
    assert not get_user_model().objects.get(pk=second.pk).is_staff
    last = Membership.objects.get(user=admin)
    with pytest.raises(ValidationError, match="最后一名系统管理员"):
        RevokeRole(admin, last).execute()
    assert Membership.objects.filter(pk=last.pk).exists()
