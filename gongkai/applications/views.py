"""Pages of 依申请公开: the public form and progress query, and the staff's register and case pages.

Public side. The online form (第二十九条) carries one signed hidden ``ticket``: a one-time
submission key (a second POST of the same form answers with the application the first one filed),
the agency, and the time the form was shown (a form sent back faster than a person can fill it in
is refused, as is one whose hidden trap field ``website`` was filled). Filing and querying are
counted per client address in the Django cache. The progress query answers a wrong code and a
wrong phone tail with the very same page, and compares the tail in constant time.

Staff side. Every page asks the permission layer; a case outside the person's agencies is a 404.
Every step of the procedure is a form on the case page that POSTs to :func:`case_action`, which
builds the step's action (``forms.CASE_FORMS``) and executes it: a refusal is shown with the
action's own Chinese message, never as a server error.
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
from django.db import IntegrityError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.actions import REFUSALS, RULE_ERRORS, refusal_text
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action, can, require, restrict, visible_agencies
from gongkai.checker import ratelimit
from gongkai.law import statute
from gongkai.law.clock import ClockResult
from gongkai.step_views import run_step

from . import actions as act
from .clock import clock_of
from .forms import (
    CASE_FORMS,
    MAGIC,
    AppealForm,
    CaseFacts,
    ListFilterForm,
    LookupForm,
    OnlineApplicationForm,
    RegistrationForm,
    RevealForm,
    add_refusal,
)
from .letter_views import PUBLIC_KINDS, mark_verified
from .models import Appeal, Application, EventKind, HandlingRules, State
from .personal import decrypt, encrypt, phone_tail
from .todo import awaiting_signoff, due_soon_q, overdue_q, soon_until


def _today() -> date:
    return timezone.localdate()


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# --- limits per client address --------------------------------------------------------------------
def _minutes(seconds: int) -> int:
    return max(1, -(-seconds // 60))


# --- the public online form -----------------------------------------------------------------------
TICKET_SALT = "gongkai.applications.ticket"
TICKET_MAX_AGE = 24 * 3600  # a form left open longer is shown again with a fresh ticket


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
    except signing.BadSignature:  # tampered with, or expired (SignatureExpired is one)
        return None
    if not isinstance(data, dict) or data.get("a") != agency.pk:
        return None
    return Ticket(token, str(data["k"]), float(data["t"]))


def _public_agency(code: str) -> Agency:
    return get_object_or_404(Agency.objects.select_related("parent"), code=code, is_active=True)


# The blank form's fields are the same for every visitor (the ticket and CSRF token are outside
# them): rendered once per process, which is most of the cost of showing the form.
_BLANK_FIELDS: dict[str, str] = {}


def _apply_page(request, agency: Agency, form, ticket: str, *, status: int = 200):
    context = {"agency": agency, "section": "apply", "statute": statute, "form": form, "ticket": ticket}
    if not form.is_bound:
        if agency.code not in _BLANK_FIELDS:
            _BLANK_FIELDS[agency.code] = render_to_string(
                "applications/public/_apply_fields.html", {"form": form}
            )
        context["blank_fields"] = mark_safe(_BLANK_FIELDS[agency.code])  # our own template's output
    return render(request, "applications/public/apply.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def apply_online(request, code: str):
    agency = _public_agency(code)
    if request.method != "POST":
        return _apply_page(request, agency, OnlineApplicationForm(), new_ticket(agency))
    form = OnlineApplicationForm(request.POST, request.FILES)
    ticket = read_ticket(request.POST.get("ticket", ""), agency)
    if ticket is None:
        form.is_valid()
        form.add_error(None, "本页面已失效（打开时间过长或内容不完整）。请核对填写的内容后重新提交。")
        return _apply_page(request, agency, form, new_ticket(agency), status=400)
    earlier = Application.objects.filter(submission_key=ticket.key, agency=agency).first()
    if earlier is not None:  # the same form sent twice: the answer to the first
        return _receipt(request, earlier)
    valid = form.is_valid()
    if request.POST.get("website"):
        form.add_error(None, "提交未能完成：请不要填写标有“请勿填写此项”的栏目，核对后重新提交。")
        return _apply_page(request, agency, form, new_ticket(agency), status=400)
    if time.time() - ticket.started < _setting("GONGKAI_APPLY_MIN_SECONDS", 5):
        form.add_error(None, "提交过快。为防止自动程序批量提交，请核对填写的内容后再提交一次。")
        return _apply_page(request, agency, form, new_ticket(agency), status=400)
    if not valid:
        return _apply_page(request, agency, form, ticket.token, status=400)
    verdict = ratelimit.take(request, "apply")
    if not verdict.allowed:
        form.add_error(
            None,
            f"提交过于频繁：同一网络地址每 {_minutes(verdict.window)} 分钟最多在线提交 {verdict.limit} 件申请。"
            f"请 {_minutes(verdict.retry_after)} 分钟后再试，或通过当面、邮寄等方式提交。",
        )
        response = _apply_page(request, agency, form, ticket.token, status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
    action = act.SubmitOnline(
        agency, form.applicant_data(), uploads=form.cleaned_data["attachments"], submission_key=ticket.key
    )
    try:
        app = action.execute()
    except REFUSALS as exc:
        add_refusal(form, exc)
        return _apply_page(request, agency, form, ticket.token, status=400)
    except IntegrityError:
        # The same form sent twice at the same moment: the other request filed it between our
        # look above and our save; answer with that application.
        earlier = Application.objects.filter(submission_key=ticket.key, agency=agency).first()
        if earlier is None:
            raise
        return _receipt(request, earlier)
    return _receipt(request, app, action.clock)


def _fee_rule(app: Application) -> bool:
    found = HandlingRules.objects.filter(agency_id=app.agency_id).values_list("fee_pauses_clock", flat=True)
    return next(iter(found), True)


def _clock(app: Application):
    """The case's clock, or (None, the refusal's text) if the events no longer add up."""
    try:
        return clock_of(app, fee_pauses_clock=_fee_rule(app)), ""
    except RULE_ERRORS as exc:
        return None, refusal_text(exc)


def _receipt(request, app: Application, clock: ClockResult | None = None):
    clock, error = (clock, "") if clock is not None else _clock(app)
    context = {
        "agency": app.agency,
        "section": "apply",
        "statute": statute,
        "app": app,
        "clock": clock,
        "clock_error": error,
        "explanations": clock.explanations if clock else {},
    }
    return render(request, "applications/public/receipt.html", context)


# --- the public progress query --------------------------------------------------------------------
NOT_FOUND = "没有找到与该查询码和联系电话后四位相符的申请。请核对查询码（提交申请后页面上显示的 12 位字母和数字）和联系电话后再试。"
PUBLIC_STATE = {
    State.REGISTERED: "已收到，待审核",
    State.CORRECTION: "待申请人补正",
    State.HANDLING: "办理中",
    State.REVIEW: "办理中",
    State.SIGNED: "办理中",
    State.REPLIED: "已答复",
    State.CLOSED: "已终结",
    State.ARCHIVED: "已办结",
}
DECOY_PHONE = "00000000000"


def find_application(code: str, tail: str) -> Application | None:
    """The application with this tracking code whose phone ends in ``tail``, else None — the same
    work either way: an unknown code still decrypts a phone and compares in constant time."""
    app = Application.objects.select_related("agency").filter(tracking_code=code).first()
    stored = phone_tail(app.phone if app is not None else decrypt(encrypt(DECOY_PHONE)))
    matches = hmac.compare_digest(stored.encode(), tail.encode())
    return app if (app is not None and matches) else None


def _public_event(row) -> str:
    kind = row.kind
    if kind == EventKind.CORRECTION_REQUESTED and row.until:
        return f"告知补正，补正期限至 {row.until:%Y年%-m月%-d日}"
    if kind == EventKind.CONSULTATION_STARTED:
        return "书面征求意见（所需时间不计算在答复期限内）"
    if kind == EventKind.CONSULTATION_ANSWERED:
        return "收到征求意见的答复"
    if kind == EventKind.EXTENSION and row.days:
        return f"经政府信息公开工作机构负责人同意，延长答复期限 {row.days} 个工作日"
    if kind == EventKind.DELAY and row.until:
        return f"确定延迟答复的期限至 {row.until:%Y年%-m月%-d日}（第三十五条）"
    return row.get_kind_display()


LETTER_FORMATS = (("pdf", "PDF"), ("docx", "Word"))


def letter_links(name: str, **kwargs: Any) -> list[tuple[str, str]]:
    """(label, address) of a letter's files, from the letters' pages (``applications_letters``)."""
    return [(label, reverse(name, kwargs={**kwargs, "fmt": fmt})) for fmt, label in LETTER_FORMATS]


def _progress(app: Application) -> dict[str, Any]:
    events = [(row.on or app.received_on, _public_event(row)) for row in app.events.all()]
    letters = [
        {
            "letter": letter,
            "links": letter_links("applications_letters:public_letter", code=app.tracking_code, pk=letter.pk),
        }
        for letter in app.letters.filter(kind__in=PUBLIC_KINDS)
    ]
    state = PUBLIC_STATE.get(app.state, app.get_state_display())
    if app.state == State.CLOSED and app.clock_status:  # why: 逾期不补正, 撤回, 逾期未缴费
        state += f"（{app.clock_status}）"
    return {
        "app": app,
        "state": state,
        "events": events,
        "letters": letters,
        "open": app.is_open,
        "provisional": "估算" in app.clock_status,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    context: dict[str, Any] = {"statute": statute}
    if request.method != "POST":
        context["form"] = LookupForm()
        return render(request, "applications/public/track.html", context)
    verdict = ratelimit.take(request, "track")
    form = context["form"] = LookupForm(request.POST)
    if not verdict.allowed:
        context["error"] = (
            f"查询过于频繁：同一网络地址每 {_minutes(verdict.window)} 分钟最多查询 {verdict.limit} 次。"
            f"请 {_minutes(verdict.retry_after)} 分钟后再试。"
        )
        response = render(request, "applications/public/track.html", context, status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
    if not form.is_valid():
        return render(request, "applications/public/track.html", context, status=400)
    app = find_application(form.cleaned_data["code"], form.cleaned_data["tail"])
    if app is None:  # the code is kept in its box, the phone's digits are not sent back
        context["error"] = NOT_FOUND
        context["form"] = LookupForm(initial={"code": form.cleaned_data["code"]})
    else:
        mark_verified(request, app.tracking_code)  # the letters' download need not ask the digits again
        context["progress"] = _progress(app)
        context["form"] = LookupForm()
    return render(request, "applications/public/track.html", context)


# --- staff: the register --------------------------------------------------------------------------
PAGE_SIZE = 50


@login_required
def register_list(request):
    user, today = request.user, _today()
    queryset = restrict(user, Application.objects.select_related("agency", "assigned_to"))
    agencies = visible_agencies(user).order_by("name")
    years = [d.year for d in queryset.dates("received_on", "year", order="DESC")]
    form = ListFilterForm(request.GET or None, agencies=agencies, years=years)
    until = soon_until(today)
    if form.is_bound and form.is_valid():
        f = form.cleaned_data
        if f["q"]:
            code = "".join(f["q"].split()).upper()
            queryset = queryset.filter(Q(tracking_code=code) | Q(name__icontains=f["q"].strip()))
        if f["state"]:
            queryset = queryset.filter(state=f["state"])
        if f["year"]:
            queryset = queryset.filter(received_on__year=f["year"])
        if f["due"] == "overdue":
            queryset = queryset.filter(overdue_q(today))
        elif f["due"] == "soon":
            queryset = queryset.filter(due_soon_q(today, until))
        if f["agency"]:
            queryset = queryset.filter(agency=f["agency"])
        if f["mine"]:
            queryset = queryset.filter(assigned_to=user)
        if f["signable"]:
            queryset = awaiting_signoff(user, queryset)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "app": app,
            "overdue": app.is_open and app.reply_due is not None and app.reply_due < today,
            "soon": app.is_open and app.reply_due is not None and today <= app.reply_due <= until,
        }
        for app in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "several_agencies": agencies.count() > 1,
        "may_register": visible_agencies(user, Action.EDIT).exists(),
        "today": today,
        "until": until,
    }
    return render(request, "applications/staff/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def register_new(request):
    agencies = visible_agencies(request.user, Action.EDIT).order_by("name")
    if not agencies.exists():
        raise PermissionDenied("您无权登记政府信息公开申请。")
    form = RegistrationForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            app = form.build(request.user).execute()
        except REFUSALS as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, f"已登记申请，查询码 {app.tracking_code}。")
            return redirect("applications:case", pk=app.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "may_register": True}
    return render(request, "applications/staff/register.html", context, status=status)


# --- staff: the case page -------------------------------------------------------------------------
def _case(user, pk: int) -> Application:
    """A case the person may see; any other is "not found" (its existence is not confirmed)."""
    queryset = restrict(user, Application.objects.select_related("agency", "assigned_to"))
    return get_object_or_404(queryset, pk=pk)


def _facts(app: Application) -> tuple[CaseFacts, str]:
    clock, error = _clock(app)
    level = act.SignOffReply.next_level(app) if app.state == State.REVIEW else 1
    return CaseFacts(app, clock, level), error


DUE_LABELS = (
    ("received", "收到申请之日"),
    ("correction_notice_due", "补正告知期限"),
    ("reply_due", "答复期限"),
    ("third_party_reply_due", "第三方提出意见期限"),
    ("other_agency_reply_due", "其他机关提出意见期限"),
    ("fee_payment_due", "缴费期限"),
    ("warnings", "注意"),
    ("provisional", "暂定"),
)


def _render_case(request, app: Application, *, failed=None, revealed=None, status: int = 200):
    user = request.user
    facts, clock_error = _facts(app)
    forms = []
    for name, form_class in CASE_FORMS.items():
        if failed is not None and failed.name == name:
            forms.append(failed)
        elif form_class.applies(facts, user):
            forms.append(form_class(facts=facts, user=user))
    explanations = facts.clock.explanations if facts.clock else {}
    letters = [
        {"letter": letter, "links": letter_links("applications_letters:staff_letter", pk=letter.pk)}
        for letter in app.letters.all()
    ]
    context = {
        "app": app,
        "facts": facts,
        "clock_error": clock_error,
        "dues": [(label, explanations[key]) for key, label in DUE_LABELS if key in explanations],
        "events": app.events.select_related("recorded_by"),
        "signoffs": app.signoffs.select_related("reviewer"),
        "letters": letters,
        "attachments": app.attachments.all(),
        "appeals": app.appeals.all(),
        "history": app.history.select_related("history_user")[:100],
        "accesses": app.personal_data_accesses.select_related("user")[:20],
        "forms": forms,
        "failed": failed,
        "can_edit": can(user, Action.EDIT, app),
        "may_register": visible_agencies(user, Action.EDIT).exists(),
        "reveal_form": RevealForm(),
        "revealed": revealed,
        "today": _today(),
    }
    return render(request, "applications/staff/case.html", context, status=status)


@login_required
def case(request, pk: int):
    return _render_case(request, _case(request.user, pk))


@login_required
@require_POST
def case_action(request, pk: int, name: str):
    app = _case(request.user, pk)
    form_class = CASE_FORMS.get(name)
    if form_class is None:
        raise Http404("没有这项操作。")
    facts, _error = _facts(app)
    form = form_class(request.POST, facts=facts, user=request.user)
    return run_step(
        request,
        form,
        page=lambda **kw: _render_case(request, app, **kw),
        reread_page=lambda **kw: _render_case(request, _case(request.user, pk), **kw),
        done=reverse("applications:case", args=[app.pk]),
    )


@login_required
@require_POST
def reveal(request, pk: int):
    """The full ID number and phone, shown once in this answer, after the look is recorded."""
    app = _case(request.user, pk)
    form = RevealForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        act.RevealPersonalData(request.user, app, reason=reason).execute()
    except REFUSALS as exc:
        messages.error(request, refusal_text(exc))
        return redirect("applications:case", pk=app.pk)
    response = _render_case(request, app, revealed={"id_number": app.id_number, "phone": app.phone})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def attachment(request, pk: int, attachment_pk: int):
    """An applicant's document, to staff who may handle the case; each download is recorded."""
    app = _case(request.user, pk)
    row = get_object_or_404(app.attachments, pk=attachment_pk)
    try:
        act.RevealPersonalData(request.user, app, reason=f"查看申请附件“{row.name}”").execute()
    except REFUSALS as exc:
        messages.error(request, refusal_text(exc))
        return redirect("applications:case", pk=app.pk)
    extension = next((ext for _magic, kind, ext, _label in MAGIC if kind == row.content_type), "")
    filename = row.name if row.name.lower().endswith(extension) else f"{row.name}{extension}"
    response = FileResponse(
        row.file.open("rb"), as_attachment=True, filename=filename, content_type=row.content_type
    )
    response["Cache-Control"] = "no-store"
    return response


# --- staff: reconsideration and litigation --------------------------------------------------------
@login_required
def appeals(request):
    user = request.user
    queryset = restrict(user, Appeal.objects.select_related("agency", "application"))
    agencies = visible_agencies(user).order_by("name")
    agency = None
    if request.GET.get("agency"):
        agency = get_object_or_404(agencies, code=request.GET["agency"])
        queryset = queryset.filter(agency=agency)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    editable = visible_agencies(user, Action.EDIT).order_by("name")
    context = {
        "page": page,
        "agency": agency,
        "agencies": agencies,
        "editable": editable,
        "may_register": editable.exists(),
    }
    return render(request, "applications/staff/appeals.html", context)


def _appeal_page(request, agency: Agency, form, appeal: Appeal | None, *, status: int = 200):
    context = {"agency": agency, "form": form, "appeal": appeal, "may_register": True}
    return render(request, "applications/staff/appeal_form.html", context, status=status)


def _save_appeal(request, agency: Agency, appeal: Appeal | None):
    form = AppealForm(request.POST, agency=agency)
    if form.is_valid():
        try:
            act.SaveAppeal(request.user, agency, form.appeal_data(), appeal).execute()
        except REFUSALS as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "已保存复议诉讼案件。")
            return redirect(f"{reverse('applications:appeals')}?agency={agency.code}")
    return _appeal_page(request, agency, form, appeal, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_new(request, code: str):
    agency = get_object_or_404(Agency, code=code)
    require(request.user, Action.EDIT, agency)
    if request.method == "POST":
        return _save_appeal(request, agency, None)
    initial = {}
    if request.GET.get("application", "").isdigit():
        app = restrict(request.user, Application.objects).filter(agency=agency, pk=request.GET["application"])
        initial["tracking_code"] = next(iter(app.values_list("tracking_code", flat=True)), "")
    return _appeal_page(request, agency, AppealForm(agency=agency, initial=initial), None)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_edit(request, pk: int):
    appeal = get_object_or_404(
        restrict(request.user, Appeal.objects.select_related("agency", "application")), pk=pk
    )
    require(request.user, Action.EDIT, appeal)
    if request.method == "POST":
        return _save_appeal(request, appeal.agency, appeal)
    form = AppealForm(agency=appeal.agency, initial=AppealForm.initial_from(appeal))
    return _appeal_page(request, appeal.agency, form, appeal)
