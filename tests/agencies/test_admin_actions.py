"""The Django admin writes only through actions: every add and change form of every registered
model leaves a history row naming the administrator and a reason, and the actions' rules (the
last 系统管理员, is_staff, the calendar year must exist) hold here too, shown in Chinese."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.forms import CheckboxInput, MultiWidget

from gongkai.agencies.models import Membership, Role
from gongkai.workcalendar.models import CalendarDay, CalendarYear

from .factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _put(data: dict, name: str, widget, value) -> None:
    if isinstance(widget, MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        for i, (sub, part) in enumerate(zip(widget.widgets, parts, strict=True)):
            _put(data, f"{name}_{i}", sub, part)
    elif isinstance(widget, CheckboxInput):
        if value:
            data[name] = "on"
    elif value is None:
        data[name] = ""
    elif isinstance(value, list | tuple):
        data[name] = [str(v) for v in value]
    elif hasattr(value, "isoformat"):
        data[name] = value.isoformat()
    else:
        data[name] = str(value)


def form_data(response) -> dict:
    """What the browser would send back unchanged: the form's values and every inline formset's."""
    data: dict = {}
    form = response.context["adminform"].form
    for field in form:
        if not field.field.disabled:
            _put(data, field.html_name, field.field.widget, field.value())
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for field in formset.management_form:
            data[field.html_name] = str(field.value())
        for sub in formset.forms:
            for field in sub:
                if sub.initial or not sub.empty_permitted:
                    _put(data, field.html_name, field.field.widget, field.value())
    return data


@pytest.fixture
def sysadmin(tree):
    # The role, not a superuser: the admin must work for the people the system makes sysadmins.
    return make_user("sysadmin", (tree.root, Role.SYSADMIN), is_staff=True)


def samples(tree):
    """Per model: values for a new object, an existing object, and a change to make to it."""
    person = make_user("person", (tree.a, Role.CLERK))
    CalendarDay.objects.filter(date=date(2026, 6, 10)).delete()
    return {
        "agencies.Agency": (
            {"code": "walk-new", "name": "某县新设局", "level": "county", "kind": "department"},
            tree.b,
            {"short_name": "乙局"},
        ),
        "agencies.Membership": (
            {"user": person.pk, "agency": tree.b.pk, "role": Role.CLERK},
            Membership.objects.get(user=person),
            {"role": Role.SECTION_HEAD},
        ),
        "auth.User": (
            {"username": "walk-new", "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"},
            person,
            {"first_name": "改名"},
        ),
        "workcalendar.CalendarYear": (
            {"year": "2031", "source": "测试通知"},
            CalendarYear.objects.get(year=2025),
            {"notice_title": "国务院办公厅关于2025年部分节假日安排的通知"},
        ),
        "workcalendar.CalendarDay": (
            {"date": "2026-06-10", "kind": "holiday", "name": "测试假日", "note": ""},
            CalendarDay.objects.get(date=date(2025, 10, 1)),
            {"note": "核对通知"},
        ),
    }


def _assert_recorded(obj, actor) -> None:
    latest = type(obj).history.filter(**{type(obj)._meta.pk.attname: obj.pk}).latest()
    assert latest.history_user == actor
    assert latest.history_change_reason


def test_every_admin_form_writes_history_with_the_actor_and_a_reason(client, tree, sysadmin):
    client.force_login(sysadmin)
    cases = samples(tree)
    writable = set()
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        request = client.get("/admin/").wsgi_request
        if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
            continue
        writable.add(label)
        new_values, existing, change = cases[label]
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"

        page = client.get(f"{base}add/")
        assert page.status_code == 200, label
        response = client.post(f"{base}add/", {**form_data(page), **new_values})
        assert response.status_code == 302, (label, response.context and response.context["errors"])
        created = model.objects.latest("pk")
        _assert_recorded(created, sysadmin)

        page = client.get(f"{base}{existing.pk}/change/")
        assert page.status_code == 200, label
        response = client.post(f"{base}{existing.pk}/change/", {**form_data(page), **change})
        assert response.status_code == 302, (label, response.context and response.context["errors"])
        existing.refresh_from_db()
        for name, value in change.items():
            assert str(getattr(existing, name)) == str(value), (label, name)
        _assert_recorded(existing, sysadmin)
    assert writable == set(cases)  # a newly registered model needs a sample (and an action)


def _error_after(response) -> str:
    assert response.status_code == 302
    return " ".join(str(m) for m in response.wsgi_request._messages)


def test_the_last_sysadmin_cannot_be_removed_through_the_admin(client, tree, sysadmin):
    client.force_login(sysadmin)
    role = Membership.objects.get(user=sysadmin)
    base = "/admin/agencies/membership/"
    # Its own delete page …
    message = _error_after(client.post(f"{base}{role.pk}/delete/", {"post": "yes"}, follow=False))
    assert "不能移除最后一名系统管理员" in message
    # … the bulk delete …
    response = client.post(base, {"action": "delete_selected", "_selected_action": [role.pk], "post": "yes"})
    assert "不能移除最后一名系统管理员" in _error_after(response)
    # … turning the role into another one …
    page = client.get(f"{base}{role.pk}/change/")
    response = client.post(f"{base}{role.pk}/change/", {**form_data(page), "role": Role.CLERK})
    assert "不能移除最后一名系统管理员" in _error_after(response)
    # … and deactivating the person on their account page.
    page = client.get(f"/admin/auth/user/{sysadmin.pk}/change/")
    data = form_data(page)
    data.pop("is_active")
    response = client.post(f"/admin/auth/user/{sysadmin.pk}/change/", data)
    assert "不能移除最后一名系统管理员" in _error_after(response)
    sysadmin.refresh_from_db()
    assert sysadmin.is_active and Membership.objects.filter(pk=role.pk, role=Role.SYSADMIN).exists()


def test_admin_role_changes_keep_is_staff_in_step(client, tree, sysadmin):
    client.force_login(sysadmin)
    person = make_user("person")
    page = client.get(f"/admin/auth/user/{person.pk}/change/")
    data = form_data(page)
    data.update({
        "memberships-TOTAL_FORMS": "1", "memberships-0-agency": str(tree.a.pk),
        "memberships-0-role": Role.SYSADMIN,
    })  # fmt: skip
    assert client.post(f"/admin/auth/user/{person.pk}/change/", data).status_code == 302
    person.refresh_from_db()
    assert person.is_staff
    grant = Membership.history.filter(user_id=person.pk).latest()
    assert grant.history_user == sysadmin and grant.history_type == "+"

    role = Membership.objects.get(user=person)
    assert client.post(f"/admin/agencies/membership/{role.pk}/delete/", {"post": "yes"}).status_code == 302
    person.refresh_from_db()
    assert not person.is_staff
    revoked = Membership.history.filter(id=role.pk, history_type="-").get()
    assert revoked.history_user == sysadmin and revoked.history_change_reason.startswith("撤销")


def test_admin_calendar_day_needs_its_year(client, tree, sysadmin):
    client.force_login(sysadmin)
    page = client.get("/admin/workcalendar/calendarday/add/")
    data = {**form_data(page), "date": "2035-01-01", "kind": "holiday", "name": "元旦", "note": ""}
    message = _error_after(client.post("/admin/workcalendar/calendarday/add/", data))
    assert "2035 年的工作日历尚未建立" in message
    assert not CalendarDay.objects.filter(date=date(2035, 1, 1)).exists()


def test_admin_agency_with_people_is_not_deleted(client, tree, sysadmin):
    client.force_login(sysadmin)
    make_user("clerk", (tree.b, Role.CLERK))
    message = _error_after(client.post(f"/admin/agencies/agency/{tree.b.pk}/delete/", {"post": "yes"}))
    assert "请先撤销这些角色" in message
    assert get_user_model().objects.filter(username="clerk").exists()
    assert Membership.objects.filter(agency=tree.b).exists()
