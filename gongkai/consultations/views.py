"""Pages of 政策咨询、投诉、建议: the public form, query and published Q&A; the staff's list, log,
item page and response-time figures.

Public side. The form at /<code>/consult/ has the online application form's defences
(gongkai.applications.views): one signed hidden ``ticket`` (a one-time submission key — a second
POST of the same form answers with the consultation the first one filed — the agency, and the
time the form was shown: a form sent back faster than a person can fill it in is refused, as is
one whose hidden trap field ``website`` was filled), and a per-address limit (scope "consult").
The query at /consult/track/ answers a wrong code and a wrong phone tail with the very same page,
compares the tail in constant time and shares the progress query's per-address limit ("track").
The published Q&A at /<code>/consult/answers/ shows only the texts staff edited for publication.

Staff side. Every page asks the permission layer; a consultation outside the person's agencies is
a 404. Each step on the item page is a form that POSTs to :func:`item_action`, which builds the
step's action (``forms.STEP_FORMS``) and executes it; a refusal is shown in Chinese, never a 500.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.actions import REFUSALS, refusal_text
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action, can, restrict, visible_agencies
from gongkai.applications.personal import decrypt, encrypt, phone_tail
from gongkai.checker import ratelimit
from gongkai.step_views import run_step

from . import actions as act
from .deadlines import target_days
from .figures import response_figures
from .forms import (
    STEP_FORMS,
    FiguresForm,
    ListFilterForm,
    LogCallForm,
    LookupForm,
    OnlineConsultationForm,
    RevealForm,
    add_refusal,
)
from .models import Consultation, State
from .todo import overdue_q


def _today() -> date:
    return timezone.localdate()


def _minutes(seconds: int) -> int:
    return max(1, -(-seconds // 60))


# --- the public form ------------------------------------------------------------------------------
TICKET_SALT = "gongkai.consultations.ticket"
TICKET_MAX_AGE = 24 * 3600


@dataclass(frozen=True)
class Ticket:
    token: str
    key: str
    started: float


def new_ticket(agency: Agency) -> str:
    return signing.dumps({"k": secrets.token_urlsafe(24), "a": agency.pk, "t": time.time()}, salt=TICKET_SALT)


def read_ticket(token: str, agency: Agency) -> Ticket | None:
    try:
        data = signing.loads(token, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") != agency.pk:
        return None
    return Ticket(token, str(data["k"]), float(data["t"]))


def _public_agency(code: str) -> Agency:
    return get_object_or_404(Agency, code=code, is_active=True)


def _form_page(request, agency: Agency, form, ticket: str, *, status: int = 200):
    context = {"agency": agency, "form": form, "ticket": ticket, "target": target_days()}
    return render(request, "consultations/public/consult.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def consult(request, code: str):
    agency = _public_agency(code)
    if request.method != "POST":
        return _form_page(request, agency, OnlineConsultationForm(), new_ticket(agency))
    form = OnlineConsultationForm(request.POST)
    ticket = read_ticket(request.POST.get("ticket", ""), agency)
    if ticket is None:
        form.is_valid()
        form.add_error(None, "本页面已失效（打开时间过长或内容不完整）。请核对填写的内容后重新提交。")
        return _form_page(request, agency, form, new_ticket(agency), status=400)
    earlier = Consultation.objects.filter(submission_key=ticket.key, agency=agency).first()
    if earlier is not None:  # the same form sent twice: the answer to the first
        return _receipt(request, earlier)
    valid = form.is_valid()
    if request.POST.get("website"):
        form.add_error(None, "提交未能完成：请不要填写标有“请勿填写此项”的栏目，核对后重新提交。")
        return _form_page(request, agency, form, new_ticket(agency), status=400)
    if time.time() - ticket.started < int(getattr(settings, "GONGKAI_CONSULT_MIN_SECONDS", 5)):
        form.add_error(None, "提交过快。为防止自动程序批量提交，请核对填写的内容后再提交一次。")
        return _form_page(request, agency, form, new_ticket(agency), status=400)
    if not valid:
        return _form_page(request, agency, form, ticket.token, status=400)
    verdict = ratelimit.take(request, "consult")
    if not verdict.allowed:
        form.add_error(
            None,
            f"提交过于频繁：同一网络地址每 {_minutes(verdict.window)} 分钟最多在线提交 {verdict.limit} 件。"
            f"请 {_minutes(verdict.retry_after)} 分钟后再试，或拨打咨询电话。",
        )
        response = _form_page(request, agency, form, ticket.token, status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
    try:
        row = act.SubmitOnline(agency, form.data_for_action(), submission_key=ticket.key).execute()
    except REFUSALS as exc:
        add_refusal(form, exc)
        return _form_page(request, agency, form, ticket.token, status=400)
    return _receipt(request, row)


def _receipt(request, row: Consultation):
    context = {"agency": row.agency, "item": row, "target": target_days()}
    return render(request, "consultations/public/receipt.html", context)


# --- the public query -----------------------------------------------------------------------------
NOT_FOUND = "没有找到与该查询码和联系电话后四位相符的咨询。请核对查询码（提交后页面上显示的 12 位字母和数字）和联系电话后再试。"
PUBLIC_STATE = {
    State.NEW: "已收到，待办理",
    State.HANDLING: "办理中",
    State.ANSWERED: "已答复",
    State.PUBLISHED: "已答复",
    State.CLOSED: "已答复",
}
DECOY_PHONE = "00000000000"


def find_consultation(code: str, tail: str) -> Consultation | None:
    """The consultation with this code whose phone ends in ``tail``, else None — the same work
    either way: an unknown code still decrypts a phone and compares in constant time."""
    row = Consultation.objects.select_related("agency").filter(tracking_code=code).first()
    stored = phone_tail(row.phone if row is not None else decrypt(encrypt(DECOY_PHONE)))
    # A consultation logged without a phone has no tail: it never matches (nor does "0000").
    matches = hmac.compare_digest((stored or "-").encode(), tail.encode())
    return row if (row is not None and matches and stored) else None


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    context: dict[str, Any] = {}
    if request.method != "POST":
        context["form"] = LookupForm()
        return render(request, "consultations/public/track.html", context)
    verdict = ratelimit.take(request, "track")
    form = context["form"] = LookupForm(request.POST)
    if not verdict.allowed:
        context["error"] = (
            f"查询过于频繁：同一网络地址每 {_minutes(verdict.window)} 分钟最多查询 {verdict.limit} 次。"
            f"请 {_minutes(verdict.retry_after)} 分钟后再试。"
        )
        response = render(request, "consultations/public/track.html", context, status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
    if not form.is_valid():
        return render(request, "consultations/public/track.html", context, status=400)
    row = find_consultation(form.cleaned_data["code"], form.cleaned_data["tail"])
    if row is None:
        context["error"] = NOT_FOUND
        context["form"] = LookupForm(initial={"code": form.cleaned_data["code"]})
    else:
        context["item"] = row
        context["state"] = PUBLIC_STATE.get(row.state, row.get_state_display())
        context["form"] = LookupForm()
    return render(request, "consultations/public/track.html", context)


# --- the published Q&A ----------------------------------------------------------------------------
PUBLIC_PAGE_SIZE = 20


def answers(request, code: str):
    agency = _public_agency(code)
    queryset = (
        Consultation.objects.filter(agency=agency, published=True)
        .order_by("-published_at", "-id")
        .only(
            "kind",
            "published_subject",
            "published_question",
            "published_answer",
            "published_at",
            "answered_on",
        )
    )
    page = Paginator(queryset, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "consultations/public/answers.html", {"agency": agency, "page": page})


# --- staff: the list ------------------------------------------------------------------------------
PAGE_SIZE = 50


@login_required
def consultation_list(request):
    user, today = request.user, _today()
    queryset = restrict(user, Consultation.objects.select_related("agency", "assigned_to"))
    agencies = visible_agencies(user).order_by("name")
    form = ListFilterForm(request.GET or None, agencies=agencies)
    if form.is_bound and form.is_valid():
        f = form.cleaned_data
        if f["q"]:
            code = "".join(f["q"].split()).upper()
            queryset = queryset.filter(Q(tracking_code=code) | Q(subject__icontains=f["q"].strip()))
        for name in ("state", "kind", "channel"):
            if f[name]:
                queryset = queryset.filter(**{name: f[name]})
        if f["agency"]:
            queryset = queryset.filter(agency=f["agency"])
        if f["overdue"]:
            queryset = queryset.filter(overdue_q(today))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"item": c, "overdue": c.is_open and c.answer_due is not None and c.answer_due < today} for c in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "several_agencies": agencies.count() > 1,
        "may_log": visible_agencies(user, Action.EDIT).exists(),
        "target": target_days(),
    }
    return render(request, "consultations/staff/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def log_call(request):
    agencies = visible_agencies(request.user, Action.EDIT).order_by("name")
    if not agencies.exists():
        raise PermissionDenied("您无权登记政策咨询。")
    form = LogCallForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            row = form.build(request.user).execute()
        except REFUSALS as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, f"已登记，查询码 {row.tracking_code}。")
            return redirect("consultations:item", pk=row.pk)
    status = 400 if form.is_bound else 200
    return render(request, "consultations/staff/new.html", {"form": form, "may_log": True}, status=status)


# --- staff: the item page -------------------------------------------------------------------------
def _item(user, pk: int) -> Consultation:
    """A consultation the person may see; any other is "not found"."""
    queryset = restrict(user, Consultation.objects.select_related("agency", "assigned_to", "answered_by"))
    return get_object_or_404(queryset, pk=pk)


def _render_item(request, row: Consultation, *, failed=None, revealed: str = "", status: int = 200):
    user = request.user
    forms = []
    for name, form_class in STEP_FORMS.items():
        if failed is not None and failed.name == name:
            forms.append(failed)
        elif form_class.applies(row, user):
            forms.append(form_class(consultation=row, user=user))
    today = _today()
    context = {
        "item": row,
        "forms": forms,
        "failed": failed,
        "can_edit": can(user, Action.EDIT, row),
        "may_log": visible_agencies(user, Action.EDIT).exists(),
        "overdue": row.is_open and row.answer_due is not None and row.answer_due < today,
        "history": row.history.select_related("history_user")[:100],
        "accesses": row.contact_accesses.select_related("user")[:20],
        "reveal_form": RevealForm(),
        "revealed": revealed,
        "target": target_days(),
    }
    return render(request, "consultations/staff/item.html", context, status=status)


@login_required
def item(request, pk: int):
    return _render_item(request, _item(request.user, pk))


@login_required
@require_POST
def item_action(request, pk: int, name: str):
    row = _item(request.user, pk)
    form_class = STEP_FORMS.get(name)
    if form_class is None:
        raise Http404("没有这项操作。")
    form = form_class(request.POST, consultation=row, user=request.user)
    return run_step(
        request,
        form,
        page=lambda **kw: _render_item(request, row, **kw),
        reread_page=lambda **kw: _render_item(request, _item(request.user, pk), **kw),
        done=reverse("consultations:item", args=[row.pk]),
    )


@login_required
@require_POST
def reveal(request, pk: int):
    """The full phone number, shown once in this answer, after the look is recorded."""
    row = _item(request.user, pk)
    form = RevealForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        act.RevealContact(request.user, row, reason=reason).execute()
    except REFUSALS as exc:
        messages.error(request, refusal_text(exc))
        return redirect("consultations:item", pk=row.pk)
    response = _render_item(request, row, revealed=row.phone or "（未留电话）")
    response["Cache-Control"] = "no-store"
    return response


# --- staff: response-time figures -----------------------------------------------------------------
@login_required
def figures(request):
    agencies = visible_agencies(request.user).order_by("name")
    if not agencies.exists():
        raise PermissionDenied("您的账号尚未分配到任何机关。")
    today = _today()
    initial = {"agency": agencies.first(), "start": today.replace(month=1, day=1), "end": today}
    form = FiguresForm(request.GET or None, agencies=agencies, target=target_days(), initial=initial)
    result, status = None, 200
    if form.is_bound:
        if form.is_valid():
            d = form.cleaned_data
            result = response_figures(d["agency"], d["start"], d["end"], target=d.get("target"))
        else:
            status = 400
    else:
        result = response_figures(initial["agency"], initial["start"], initial["end"])
    context = {
        "form": form,
        "result": result,
        "may_log": visible_agencies(request.user, Action.EDIT).exists(),
        "several_agencies": agencies.count() > 1,
    }
    return render(request, "consultations/staff/figures.html", context, status=status)
