"""The permission layer: who may do what to which agency's records."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.agencies.permissions import (
    REVIEW_LEVELS,
    ROLE_ACTIONS,
    SIGNOFF_ACTIONS,
    SYSTEM,
    Action,
    can,
    require,
    restrict,
    visible_agencies,
)

from .factories import make_user

pytestmark = pytest.mark.django_db


def record_of(agency: Agency) -> Membership:
    """A real record belonging to ``agency`` (anything with an ``agency`` foreign key will do)."""
    owner = make_user(f"owner-{agency.code}", (agency, Role.CLERK))
    return Membership.objects.get(user=owner)


def test_clerk_of_a_cannot_read_or_change_b(tree):
    clerk = make_user("clerk", (tree.a, Role.CLERK))
    own, other = record_of(tree.a), record_of(tree.b)
    assert can(clerk, Action.VIEW, own) and can(clerk, Action.EDIT, own)
    assert not can(clerk, Action.VIEW, other)
    assert not can(clerk, Action.EDIT, other)
    assert not can(clerk, Action.VIEW, tree.b)
    with pytest.raises(PermissionDenied, match="本机关以外"):
        require(clerk, Action.VIEW, other)
    with pytest.raises(PermissionDenied, match="无权办理"):
        require(clerk, Action.EDIT, tree.b)


def test_clerk_does_not_reach_subordinates_or_parent(tree):
    clerk = make_user("clerk", (tree.a, Role.CLERK))
    for agency in (tree.a1, tree.root):
        assert not can(clerk, Action.VIEW, agency)
    assert set(visible_agencies(clerk)) == {tree.a}


def test_supervisor_sees_descendant_reports_but_not_siblings(tree):
    supervisor = make_user("sup", (tree.a, Role.SUPERVISOR))
    assert can(supervisor, Action.SUPERVISE_REPORTS, tree.a)
    assert can(supervisor, Action.SUPERVISE_REPORTS, tree.a1)
    assert not can(supervisor, Action.SUPERVISE_REPORTS, tree.b)
    assert not can(supervisor, Action.SUPERVISE_REPORTS, tree.root)
    # Reports only: a subordinate's case files stay the subordinate's.
    assert not can(supervisor, Action.VIEW, tree.a1)
    assert not can(supervisor, Action.EDIT, tree.a1)
    assert set(visible_agencies(supervisor, Action.SUPERVISE_REPORTS)) == {tree.a, tree.a1}


def test_supervisor_of_the_government_reaches_every_level_below(tree):
    deep = Agency.objects.create(code="deep", name="更下一级", level=Agency.Level.TOWNSHIP, parent=tree.a1)
    supervisor = make_user("sup", (tree.root, Role.SUPERVISOR))
    assert set(visible_agencies(supervisor, Action.SUPERVISE_REPORTS)) == {
        tree.root,
        tree.a,
        tree.a1,
        tree.b,
        deep,
    }
    assert can(supervisor, Action.SUPERVISE_REPORTS, deep)


def test_anonymous_and_inactive_people_may_do_nothing(tree):
    inactive = make_user("gone", (tree.a, Role.SYSADMIN), is_active=False)
    for user in (AnonymousUser(), None, inactive):
        for action in Action:
            assert not can(user, action, tree.a)
            assert not visible_agencies(user, action).exists()
        with pytest.raises(PermissionDenied):
            require(user, Action.VIEW, tree.a)
    assert not restrict(AnonymousUser(), Membership.objects.all()).exists()


def test_sysadmin_sees_everything_but_does_not_sign_for_others(tree):
    admin = make_user("admin", (tree.root, Role.SYSADMIN))
    superuser = make_user("root", is_superuser=True)
    for user in (admin, superuser):
        for agency in (tree.root, tree.a, tree.a1, tree.b):
            assert can(user, Action.VIEW, agency)
            assert can(user, Action.EDIT_AGENCY, agency)
            for action in SIGNOFF_ACTIONS:
                assert not can(user, action, agency), action
        assert can(user, Action.MANAGE_USERS)
        assert visible_agencies(user).count() == 4
    # A sysadmin who also holds the office role signs there, and only there.
    Membership.objects.create(user=admin, agency=tree.a, role=Role.SECTION_HEAD)
    admin = type(admin).objects.get(pk=admin.pk)
    assert can(admin, Action.REVIEW_SECTION, tree.a)
    assert not can(admin, Action.REVIEW_SECTION, tree.b)


def test_three_reviews_each_belong_to_their_level(tree):
    people = {role: make_user(role.value, (tree.a, role)) for _action, role in REVIEW_LEVELS}
    for action, role in REVIEW_LEVELS:
        for other_role, person in people.items():
            assert can(person, action, tree.a) == (other_role == role)
            assert not can(person, action, tree.b)
    assert [role for _a, role in REVIEW_LEVELS] == [Role.SECTION_HEAD, Role.DEPUTY_HEAD, Role.HEAD]


def test_only_the_office_head_approves_extensions(tree):
    office = make_user("office", (tree.a, Role.OFFICE_HEAD))
    head = make_user("head", (tree.a, Role.HEAD))
    assert can(office, Action.APPROVE_EXTENSION, tree.a)
    assert not can(office, Action.APPROVE_EXTENSION, tree.b)
    assert not can(head, Action.APPROVE_EXTENSION, tree.a)
    with pytest.raises(PermissionDenied, match="政府信息公开工作机构负责人"):
        require(head, Action.APPROVE_EXTENSION, tree.a)


def test_agency_wide_actions(tree):
    clerk = make_user("clerk", (tree.a, Role.CLERK))
    supervisor = make_user("sup", (tree.root, Role.SUPERVISOR))
    admin = make_user("admin", (tree.b, Role.SYSADMIN))
    assert can(supervisor, Action.MANAGE_CALENDAR) and can(admin, Action.MANAGE_CALENDAR)
    assert not can(clerk, Action.MANAGE_CALENDAR)
    assert can(admin, Action.MANAGE_USERS)
    assert not can(supervisor, Action.MANAGE_USERS) and not can(clerk, Action.MANAGE_USERS)
    with pytest.raises(PermissionDenied, match="系统管理员"):
        require(clerk, Action.MANAGE_USERS)


def test_visible_agencies_and_restrict_agree_with_can(tree):
    """For every role in every agency, the queryset helpers answer exactly as ``can`` does."""
    agencies = [tree.root, tree.a, tree.a1, tree.b]
    records = {agency.pk: record_of(agency) for agency in agencies}
    for holder in agencies:
        for role in Role:
            user = make_user(f"{role.value}-{holder.code}", (holder, role))
            for action in Action:
                visible = set(visible_agencies(user, action).values_list("pk", flat=True))
                expected = {a.pk for a in agencies if can(user, action, a)}
                assert visible == expected, (role, holder.code, action)
                allowed = restrict(
                    user, Membership.objects.filter(pk__in=[r.pk for r in records.values()]), action
                )
                assert {m.agency_id for m in allowed} == visible & set(records), (role, action)
            user.delete()


def test_records_reach_their_agency_in_several_ways(tree):
    clerk = make_user("clerk", (tree.a, Role.CLERK))
    assert can(clerk, Action.VIEW, tree.a.pk)
    assert can(clerk, Action.VIEW, SimpleNamespace(agency_id=tree.a.pk))
    assert can(clerk, Action.VIEW, SimpleNamespace(permission_agency_id=lambda: tree.a.pk))
    assert not can(clerk, Action.VIEW, SimpleNamespace(permission_agency_id=lambda: tree.b.pk))
    with pytest.raises(TypeError, match="不属于任何机关"):
        can(clerk, Action.VIEW, object())
    with pytest.raises(ValueError):
        can(clerk, "delete_everything", tree.a)
    # Agency-bound actions asked without an agency are refused, not guessed.
    assert not can(clerk, Action.VIEW, None)


def test_system_actor_is_trusted(tree):
    for action in Action:
        assert can(SYSTEM, action, tree.b)
    assert visible_agencies(SYSTEM, Action.REVIEW_HEAD).count() == 4


def test_every_role_may_view_its_own_agency():
    for role in Role:
        assert Action.VIEW in ROLE_ACTIONS[role]
