"""Disclosure applications as JSON (mounted by gongkai.api; issue 8 item 10).

Public: ``POST /api/applications/{agency_code}`` files an application (the form's action,
:class:`SubmitOnline`, with its double-submit key) and ``POST /api/applications/track`` answers
a tracking code plus the phone's last four digits — a wrong code and a wrong factor get the same
404, and each address may ask only so often (429), so codes cannot be enumerated.

Staff (session login + CSRF, ``django_auth``): ``GET /api/staff/applications`` and
``GET /api/staff/applications/{id}``, restricted by the permission layer (another agency's case
is 404, as if it did not exist), and one ``POST …/{id}/actions/{name}`` per action, each with its
own typed body, which constructs the action and lets it decide: refusals come back as Chinese
``{"error": …}`` with 400 (the rules), 403 (the permission layer) or 409 (the case is not in a
state that allows it). Every answer masks ID numbers and phones.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import SessionAuth

from gongkai.actions import REFUSALS, refusal_text
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import restrict
from gongkai.checker import ratelimit
from gongkai.law.clock import ConsultationKind
from gongkai.law.fees import FeeMethod
from gongkai.law.outcomes import Outcome

from . import actions as act
from .clock import clock_of
from .models import OPEN_STATES, Application, Letter, State
from .personal import normalise, phone_tail

PREFIXES = ("/api/applications", "/api/staff/applications")

NOT_FOUND = "没有找到该申请，或您无权查看。"
TRACK_NOT_FOUND = "查询码或手机号码后四位不正确。请核对后重试。"


class ApiRefusal(Exception):
    """An answer other than 200 with a Chinese ``{"error": …}`` body."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class StaffAuth(SessionAuth):
    """django_auth with Chinese answers: 401 for no login, 403 for a missing CSRF token."""

    def _get_key(self, request: HttpRequest) -> str | None:
        try:
            return super()._get_key(request)
        except Exception as exc:  # ninja's HttpError(403, "CSRF check Failed")
            raise ApiRefusal(
                403, "CSRF 校验失败：请先获取 csrftoken Cookie，并在 X-CSRFToken 请求头中附上。"
            ) from exc

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated and request.user.is_active:
            return request.user
        raise ApiRefusal(401, "请先登录。")


staff_auth = StaffAuth()


public = Router(tags=["依申请公开（申请人）"])
staff = Router(tags=["依申请公开（工作人员）"], auth=staff_auth)


class ErrorOut(Schema):
    error: str


# --- public: submit and track ---------------------------------------------------------------------
class ApplicationIn(Schema):
    """第二十九条 的申请内容。选项取值见各字段说明；校验失败返回 400 和中文说明。"""

    applicant_type: str = Field(
        "natural", description="申请人类型：natural 自然人；organisation 法人或其他组织"
    )
    category: str = Field(
        "NATURAL_PERSON",
        description="年报类别：NATURAL_PERSON、COMMERCIAL、RESEARCH、PUBLIC_INTEREST、LEGAL_SERVICE、OTHER",
    )
    name: str = Field("", description="姓名或名称")
    contact_person: str = Field("", description="联系人（法人或其他组织）")
    id_type: str = Field(
        "resident_id", description="证件类型，如 resident_id 居民身份证、credit_code 统一社会信用代码"
    )
    id_number: str = Field("", description="证件号码（加密保存，答复中只显示后四位）")
    phone: str = Field("", description="联系电话（查询进度时需提供后四位）")
    email: str = Field("", description="电子邮箱")
    address: str = Field("", description="通信地址")
    postcode: str = Field("", description="邮政编码")
    description: str = Field("", description="所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述")
    document_number: str = Field("", description="文号")
    medium: str = Field("electronic", description="信息的形式要求：paper 纸质；electronic 电子数据")
    delivery: str = Field(
        "email", description="获取方式：post 邮寄；email 电子邮件；pickup 自行领取；online 网上获取"
    )
    submission_key: str = Field(
        "", max_length=64, description="防重复提交标识：同一标识再次提交返回第一次的结果，不重复登记"
    )


class SubmittedOut(Schema):
    tracking_code: str = Field(description="查询码")
    agency: str
    received_on: date = Field(description="收到申请之日（第三十一条）")
    reply_due: date | None = Field(description="答复期限（第三十三条）")
    reply_due_provisional: bool = Field(description="答复期限所在年度的工作日历尚未公布，期限为估算")
    statement: str = Field(description="收到申请之日的说明")


def receipt_statement(app: Application) -> str:
    """第三十一条（三）: an online application is received on the day both sides confirm it."""
    text = (
        f"您的申请已于 {app.arrived_on:%Y年%m月%d日} 通过互联网提交，本系统当即显示并向您确认查询码 "
        f"{app.tracking_code}。依照《中华人民共和国政府信息公开条例》第三十一条第（三）项，"
        f"以双方确认之日即 {app.received_on:%Y年%m月%d日} 为收到申请之日。"
    )
    if app.reply_due:
        text += (
            f"行政机关应当于 {app.reply_due:%Y年%m月%d日} 前答复（第三十三条：自收到申请之日起20个工作日内）"
        )
        text += "，该日期按尚未公布的工作日历估算。" if "估算" in app.clock_status else "。"
    return text


class TrackIn(Schema):
    tracking_code: str = Field(max_length=32, description="提交申请时获得的查询码")
    phone_last4: str = Field(max_length=8, description="申请时填写的联系电话的后四位")


class LetterOut(Schema):
    kind: str
    kind_label: str
    number: str
    issued_on: date


class TrackOut(Schema):
    tracking_code: str
    agency: str
    state: str
    state_label: str
    arrived_on: date
    received_on: date | None
    reply_due: date | None
    clock_status: str
    closed_on: date | None
    outcome: str
    letters: list[LetterOut]


@public.post(
    "/track",
    response={200: TrackOut, 404: ErrorOut, 429: ErrorOut},
    summary="查询申请办理进度",
    description="凭查询码和联系电话后四位查询办理状态、期限和已出具的文书。查询码或后四位不对时返回相同的 404；"
    "每个地址每分钟查询次数有限，超过返回 429。",
)
def track(request, body: TrackIn):
    _take_track_slot(request)
    app = (
        Application.objects.select_related("agency")
        .filter(tracking_code=normalise(body.tracking_code))
        .first()
    )
    factor = normalise(body.phone_last4)
    # The same answer, and the same work, for a wrong code and a wrong factor.
    expected = phone_tail(app.phone) if app else "0000"
    if app is None or len(factor) != 4 or not hmac.compare_digest(expected, factor):
        return Status(404, {"error": TRACK_NOT_FOUND})
    return {
        "tracking_code": app.tracking_code,
        "agency": app.agency.name,
        "state": app.state,
        "state_label": app.get_state_display(),
        "arrived_on": app.arrived_on,
        "received_on": app.received_on,
        "reply_due": app.reply_due if app.is_open else None,
        "clock_status": app.clock_status,
        "closed_on": app.closed_on,
        "outcome": app.get_outcome_display() if app.outcome else "",
        "letters": [_letter(letter) for letter in app.letters.all()],
    }


def _letter(letter: Letter) -> dict[str, Any]:
    return {
        "kind": letter.kind,
        "kind_label": letter.get_kind_display(),
        "number": letter.number,
        "issued_on": letter.issued_on,
    }


def _take_track_slot(request) -> None:
    """The progress query's per-address limit (shared with its web page); over it → 429."""
    verdict = ratelimit.take(request, "track")
    if not verdict.allowed:
        raise ApiRefusal(
            429,
            f"查询过于频繁：每个地址每 {verdict.window} 秒最多查询 {verdict.limit} 次。"
            f"请 {verdict.retry_after} 秒后再试。",
            {"Retry-After": str(verdict.retry_after)},
        )


def field_errors(exc: Exception) -> str:
    """A refusal with the form field each message is about (「联系电话：此字段不能为空。」)."""
    if not isinstance(exc, DjangoValidationError) or not hasattr(exc, "error_dict"):
        return refusal_text(exc)
    parts = []
    for name, messages in exc.message_dict.items():
        try:
            label = str(Application._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            label = ""
        parts += [f"{label}：{message}" if label else message for message in messages]
    return "".join(parts)


@public.post(
    "/{agency_code}",
    response={200: SubmittedOut, 400: ErrorOut, 404: ErrorOut},
    summary="网上提交政府信息公开申请",
    description="向代码为 agency_code 的机关提交申请（第二十九条）。与网页表单相同的校验；同一 submission_key "
    "再次提交返回第一次登记的结果。返回查询码、收到申请之日、答复期限和第三十一条的说明。",
)
def submit(request, agency_code: str, body: ApplicationIn):
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        return Status(404, {"error": f"没有找到代码为“{agency_code}”的机关。"})
    data = body.dict()
    key = data.pop("submission_key")
    try:
        app = act.SubmitOnline(agency, data, submission_key=key).execute()
    except REFUSALS as exc:
        return Status(400, {"error": field_errors(exc)})
    if app.agency_id != agency.pk:  # a key already used for another agency's application
        return Status(400, {"error": "该防重复提交标识已用于其他申请，请重新填写表单。"})
    return {
        "tracking_code": app.tracking_code,
        "agency": agency.name,
        "received_on": app.received_on,
        "reply_due": app.reply_due,
        "reply_due_provisional": "估算" in app.clock_status,
        "statement": receipt_statement(app),
    }


# --- staff: read --------------------------------------------------------------------------------
class SummaryOut(Schema):
    id: int
    tracking_code: str
    agency_code: str
    agency: str
    name: str
    id_number: str = Field(description="证件号码（已遮蔽）")
    phone: str = Field(description="联系电话（已遮蔽）")
    channel: str
    state: str
    state_label: str
    received_on: date | None
    reply_due: date | None
    clock_status: str
    overdue: bool
    outcome: str
    outcome_label: str
    closed_on: date | None
    assigned_to: str


class ListOut(Schema):
    count: int
    items: list[SummaryOut]


class EventOut(Schema):
    kind: str
    kind_label: str
    on: date | None
    until: date | None
    served: date | None
    days: int | None
    party: str
    note: str


class SignOffOut(Schema):
    round: int
    level: int
    reviewer: str
    decision: str
    opinion: str


class DueDateOut(Schema):
    key: str
    date: date | None
    explanation: str


class DetailOut(SummaryOut):
    applicant_type: str
    category: str
    contact_person: str
    email: str
    address: str
    description: str
    document_number: str
    medium: str
    delivery: str
    reply_reasons: str
    reply_number: str
    due_dates: list[DueDateOut] = Field(description="各项期限及其计算说明（依事件由法定时钟计算）")
    events: list[EventOut]
    letters: list[LetterOut]
    signoffs: list[SignOffOut]


def _visible(request) -> Any:
    return restrict(request.auth, Application.objects.select_related("agency", "assigned_to"))


def _summary(app: Application, today: date) -> dict[str, Any]:
    return {
        "id": app.pk,
        "tracking_code": app.tracking_code,
        "agency_code": app.agency.code,
        "agency": app.agency.name,
        "name": app.name,
        "id_number": app.masked_id_number,
        "phone": app.masked_phone,
        "channel": app.get_channel_display(),
        "state": app.state,
        "state_label": app.get_state_display(),
        "received_on": app.received_on,
        "reply_due": app.reply_due,
        "clock_status": app.clock_status,
        "overdue": bool(app.is_open and app.reply_due and app.reply_due < today),
        "outcome": app.outcome,
        "outcome_label": app.get_outcome_display() if app.outcome else "",
        "closed_on": app.closed_on,
        "assigned_to": str(app.assigned_to.get_full_name() or app.assigned_to) if app.assigned_to else "",
    }


def _due_dates(app: Application) -> list[dict[str, Any]]:
    try:
        result = clock_of(app, fee_pauses_clock=act.rules_of(app.agency_id).fee_pauses_clock)
    except REFUSALS as exc:  # a calendar gap: say so instead of failing the page
        return [{"key": "error", "date": None, "explanation": refusal_text(exc)}]
    dates = result.to_dict()
    return [
        {"key": key, "date": dates.get(key) if isinstance(dates.get(key), str) else None, "explanation": text}
        for key, text in result.explanations.items()
    ]


def _detail(app: Application) -> dict[str, Any]:
    out = _summary(app, act.today())
    out.update(
        applicant_type=app.get_applicant_type_display(),
        category=app.get_category_display(),
        contact_person=app.contact_person,
        email=app.email,
        address=app.address,
        description=app.description,
        document_number=app.document_number,
        medium=app.get_medium_display(),
        delivery=app.get_delivery_display(),
        reply_reasons=app.reply_reasons,
        reply_number=app.reply_number,
        due_dates=_due_dates(app),
        events=[
            {
                "kind": e.kind,
                "kind_label": e.get_kind_display(),
                "on": e.on,
                "until": e.until,
                "served": e.served,
                "days": e.days,
                "party": e.party,
                "note": e.note,
            }
            for e in app.events.all()
        ],
        letters=[_letter(letter) for letter in app.letters.all()],
        signoffs=[
            {
                "round": s.round,
                "level": s.level,
                "reviewer": s.reviewer.get_full_name() or s.reviewer.get_username(),
                "decision": s.get_decision_display(),
                "opinion": s.opinion,
            }
            for s in app.signoffs.select_related("reviewer")
        ],
    )
    return out


@staff.get(
    "",
    response={200: ListOut, 400: ErrorOut, 401: ErrorOut},
    summary="申请台账",
    description="本人有权查看的机关的申请，按提交日期倒序。可按状态（state）、收到申请的年度（year）、"
    "是否逾期（overdue）和机关代码（agency）筛选；证件号码和电话已遮蔽。",
)
def list_applications(
    request,
    state: str = "",
    year: int | None = None,
    overdue: bool | None = None,
    agency: str = "",
    limit: int = 100,
    offset: int = 0,
):
    queryset = _visible(request)
    if state:
        if state not in State.values:
            return Status(400, {"error": f"没有“{state}”这种状态；可选：{'、'.join(State.values)}。"})
        queryset = queryset.filter(state=state)
    if year is not None:
        queryset = queryset.filter(received_on__year=year)
    today = act.today()
    late = {"state__in": OPEN_STATES, "reply_due__lt": today}
    if overdue is True:
        queryset = queryset.filter(**late)
    elif overdue is False:
        queryset = queryset.exclude(**late)
    if agency:
        queryset = queryset.filter(agency__code=agency)
    limit = min(max(limit, 1), 500)
    page = queryset[max(offset, 0) : max(offset, 0) + limit]
    return {"count": queryset.count(), "items": [_summary(app, today) for app in page]}


def _case(request, application_id: int) -> Application:
    app = _visible(request).filter(pk=application_id).first()
    if app is None:
        raise ApiRefusal(404, NOT_FOUND)
    return app


@staff.get(
    "/{int:application_id}",
    response={200: DetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="申请详情",
    description="一件申请的内容、办理事项、文书、审签和各项期限（附计算说明）。证件号码和电话已遮蔽；"
    "其他机关的申请返回 404。",
)
def detail(request, application_id: int):
    return _detail(_case(request, application_id))


# --- staff: write -------------------------------------------------------------------------------
class ReasonIn(Schema):
    reason: str = Field("", max_length=200, description="操作理由（记入历史）")


class CorrectionIn(ReasonIn):
    on: date = Field(description="告知补正日期")
    deadline: date = Field(description="补正期限")
    matters: str = Field(description="需要补正的事项")


class CorrectionReceivedIn(ReasonIn):
    on: date = Field(description="收到补正的日期")
    description: str = Field("", description="补正后的内容")


class OnIn(ReasonIn):
    on: date = Field(description="日期")


class ConsultationIn(ReasonIn):
    on: date = Field(description="发出（收到）日期")
    party: str = Field(description="被征求意见的第三方或机关")
    kind: Literal["THIRD_PARTY", "OTHER_AGENCY"] = Field(
        "THIRD_PARTY", description="THIRD_PARTY 第三方（第三十二条）；OTHER_AGENCY 其他机关（第三十四条）"
    )


class ConsultationStartIn(ConsultationIn):
    served: date | None = Field(None, description="征求意见书送达日期")
    matters: str = Field("", description="征求意见的事项")


class ConsultationAnswerIn(ConsultationIn):
    opinion: str = Field("", description="意见")


class ExtensionIn(ReasonIn):
    on: date = Field(description="批准日期")
    days: int = Field(description="延长的工作日数（最长20个）")
    notified_on: date | None = Field(None, description="告知申请人日期")
    grounds: str = Field(description="延长理由")


class DelayIn(ReasonIn):
    on: date = Field(description="告知日期")
    until: date = Field(description="延迟答复的期限（第三十五条）")


class FeeNoticeIn(ReasonIn):
    on: date = Field(description="收费通知日期")
    method: Literal["items", "pages"] = Field(description="计收方式：items 按件计收；pages 按量计收（页）")
    quantity: int = Field(ge=1, description="件数或页数")
    served: date | None = Field(None, description="送达日期")


class ReplyIn(ReasonIn):
    outcome: Outcome = Field(description="处理结果代码（gongkai.law.outcomes.Outcome）")
    reasons: str = Field(description="答复的内容和理由")


class SignOffIn(ReasonIn):
    approve: bool = Field(description="true 同意；false 退回修改")
    opinion: str = Field("", description="审签意见（退回时必填）")


class WithdrawIn(OnIn):
    reason: str = Field(max_length=200, description="申请人撤回的方式和理由")


class AssignIn(ReasonIn):
    assignee: str = Field(description="经办人的用户名")


def _assign(user, app, body: AssignIn):
    from django.contrib.auth import get_user_model

    assignee = get_user_model().objects.filter(username=body.assignee, is_active=True).first()
    if assignee is None:
        raise ApiRefusal(400, f"没有用户名为“{body.assignee}”的人员。")
    return act.AssignApplication(user, app, assignee, reason=body.reason)


def _kw(body: Schema, *names: str) -> dict[str, Any]:
    return {name: getattr(body, name) for name in names}


def _consult_kw(body: ConsultationIn, *names: str) -> dict[str, Any]:
    return {"kind": ConsultationKind[body.kind], **_kw(body, "on", "party", "reason", *names)}


# name → (body schema, action class (its states and verb), build the action, summary)
ACTIONS: dict[str, tuple[type[Schema], type[act.CaseAction], Callable[..., Any] | None, str]] = {
    "assign": (AssignIn, act.AssignApplication, _assign, "分配经办人"),
    "accept": (ReasonIn, act.AcceptApplication, None, "审核通过，开始办理"),
    "request_correction": (CorrectionIn, act.RequestCorrection, None, "告知补正（第三十条）"),
    "receive_correction": (CorrectionReceivedIn, act.ReceiveCorrection, None, "收到补正"),
    "close_without_correction": (OnIn, act.CloseWithoutCorrection, None, "逾期不补正，视为放弃申请"),
    "start_consultation": (
        ConsultationStartIn,
        act.StartConsultation,
        lambda u, a, b: act.StartConsultation(u, a, **_consult_kw(b, "served", "matters")),
        "征求意见（第三十二条、第三十四条）",
    ),
    "answer_consultation": (
        ConsultationAnswerIn,
        act.AnswerConsultation,
        lambda u, a, b: act.AnswerConsultation(u, a, **_consult_kw(b, "opinion")),
        "收到征求意见答复",
    ),
    "extension": (ExtensionIn, act.ApproveExtension, None, "批准延长答复期限（公开工作机构负责人）"),
    "delay": (DelayIn, act.NotifyDelay, None, "确定延迟答复期限（第三十五条）"),
    "fee_notice": (
        FeeNoticeIn,
        act.IssueFeeNotice,
        lambda u, a, b: act.IssueFeeNotice(
            u, a, method=FeeMethod(b.method), **_kw(b, "on", "quantity", "served", "reason")
        ),
        "发出收费通知",
    ),
    "fee_paid": (OnIn, act.RecordFeePaid, None, "登记缴费"),
    "fee_lapsed": (OnIn, act.RecordFeeLapsed, None, "逾期未缴费，视为放弃申请"),
    "draft_reply": (ReplyIn, act.DraftReply, None, "拟定答复，提交审签"),
    "sign_off": (SignOffIn, act.SignOffReply, None, "审签答复"),
    "issue_reply": (OnIn, act.IssueReply, None, "出具答复书"),
    "answer_on_spot": (ReplyIn, act.AnswerOnSpot, None, "当场答复"),
    "withdraw": (WithdrawIn, act.WithdrawApplication, None, "申请人撤回申请"),
    "archive": (ReasonIn, act.ArchiveApplication, None, "归档"),
}


def run_action(request, application_id: int, name: str, body: Schema) -> dict[str, Any]:
    """The one dispatcher: find the case the user may see, refuse a wrong state with 409, then let
    the action ask the permission layer (403) and the rules (400)."""
    _schema, action_class, build, _summary_text = ACTIONS[name]
    app = _case(request, application_id)
    if action_class.states and app.state not in action_class.states:
        verb = action_class.verb or action_class.default_reason
        raise ApiRefusal(409, f"该申请目前“{app.get_state_display()}”，不能{verb}。")
    if build is None:
        kwargs = body.dict()
        if "outcome" in kwargs:
            kwargs["outcome"] = Outcome(kwargs["outcome"])
        action = action_class(request.auth, app, **kwargs)
    else:
        action = build(request.auth, app, body)
    try:
        action.execute()
    except PermissionDenied as exc:
        raise ApiRefusal(403, refusal_text(exc)) from exc
    except REFUSALS as exc:
        raise ApiRefusal(400, refusal_text(exc)) from exc
    return _detail(_case(request, application_id))


def _register(name: str) -> None:
    schema, action_class, _build, summary = ACTIONS[name]

    def endpoint(request, application_id, body):
        return run_action(request, application_id, name, body)

    endpoint.__annotations__ = {"application_id": int, "body": schema}  # each action its own body
    endpoint.__name__ = f"action_{name}"
    staff.post(
        f"/{{int:application_id}}/actions/{name}",
        response={200: DetailOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
        summary=summary,
        description=f"{(action_class.__doc__ or summary).strip()}\n\n成功时返回办理后的申请详情。",
        operation_id=f"application_action_{name}",
    )(endpoint)


for _name in ACTIONS:
    _register(_name)


# --- mounting -----------------------------------------------------------------------------------
def install(api) -> None:
    """Mount both routers on the project's API and answer refusals and bad bodies in Chinese."""
    api.add_router("/applications", public)
    api.add_router("/staff/applications", staff)
    previous = api._exception_handlers.get(NinjaValidationError)

    def refusal(request, exc: ApiRefusal) -> HttpResponse:
        response = api.create_response(request, {"error": exc.message}, status=exc.status)
        for header, value in exc.headers.items():
            response[header] = value
        return response

    def bad_body(request, exc: NinjaValidationError) -> HttpResponse:
        if not request.path.startswith(PREFIXES) and previous is not None:
            return previous(request, exc)
        fields = "、".join(
            ".".join(str(p) for p in error.get("loc", ())[1:]) or "请求体" for error in exc.errors
        )
        return api.create_response(
            request,
            {"error": f"请求内容不符合要求：{fields} 缺失或格式不对（日期请用 YYYY-MM-DD）。"},
            status=400,
        )

    api.add_exception_handler(ApiRefusal, refusal)
    api.add_exception_handler(NinjaValidationError, bad_body)
