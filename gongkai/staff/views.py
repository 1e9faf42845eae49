"""The back office shell: sign-in, the staff home, and each agency's facts.

Every view that shows or changes a record asks ``gongkai.agencies.permissions``; a refusal is a
``PermissionDenied`` with a Chinese message, rendered as 403 by ``templates/403.html``.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.agencies.actions import CONTACT_FIELDS, UpdateAgencyContact
from gongkai.agencies.models import Agency, Membership
from gongkai.agencies.permissions import Action, can, is_sysadmin, require, visible_agencies

from .home import agencies_of, app_notices, calendar_notices, calendar_url


class LoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(failure_limit=settings.AXES_FAILURE_LIMIT, **kwargs)


class LogoutView(auth_views.LogoutView):
    """Logout by POST with a CSRF token only; GET (a typed or bookmarked address) shows the button."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "staff/logout.html")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "staff/password_change.html"
    success_url = reverse_lazy("staff:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "staff/password_change_done.html"


@login_required
def home(request):
    today = timezone.localdate()
    return render(
        request,
        "staff/home.html",
        {
            "today": today,
            "memberships": agencies_of(request.user),
            "notices": calendar_notices(request.user, today) + app_notices(request.user, today),
            "is_sysadmin": is_sysadmin(request.user),
            "can_view_calendar": can(request.user, Action.VIEW_CALENDAR),
            "can_view_applications": visible_agencies(request.user, Action.VIEW).exists(),
            "can_manage_calendar": can(request.user, Action.MANAGE_CALENDAR),
            "calendar_url": calendar_url(),
        },
    )


@login_required
def agency_detail(request, code):
    agency = get_object_or_404(Agency.objects.select_related("parent"), code=code)
    require(request.user, Action.VIEW, agency)
    members = (
        Membership.objects.filter(agency=agency).select_related("user").order_by("role", "user__username")
    )
    return render(
        request,
        "staff/agency_detail.html",
        {
            "agency": agency,
            "members": members,
            "children": agency.children.order_by("name"),
            "can_edit_contact": can(request.user, Action.EDIT_AGENCY, agency),
        },
    )


def _contact_formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ContactForm(forms.ModelForm):
    formfield_callback = _contact_formfield

    class Meta:
        model = Agency
        fields = CONTACT_FIELDS


@login_required
@require_http_methods(["GET", "POST"])
def agency_contact(request, code):
    agency = get_object_or_404(Agency, code=code)
    require(request.user, Action.EDIT_AGENCY, agency)
    form = ContactForm(request.POST or None, instance=Agency.objects.get(pk=agency.pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in CONTACT_FIELDS}
        try:
            changed = UpdateAgencyContact(request.user, agency, changes).execute()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if changed:
                messages.success(request, "已保存公开工作机构联系信息。")
            else:
                messages.info(request, "没有需要保存的修改。")
            return redirect("staff:agency", code=agency.code)
    return render(request, "staff/agency_contact.html", {"agency": agency, "form": form})
