"""Filing an application: online by the applicant (第二十九条), or registered by staff by channel
(第三十一条 decides the date of receipt)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action
from gongkai.annual.locks import ensure_open
from gongkai.law.clock import Channel, ClockResult

from ..clock import clock_of
from ..models import (
    Application,
    Attachment,
    CaseEvent,
    EventKind,
)
from ..personal import digest, normalise
from . import base
from .base import (
    TRACKING_LENGTH,
    cache_clock,
    check_date,
    new_tracking_code,
    rules_of,
)

APPLICANT_FIELDS = (
    "applicant_type",
    "category",
    "name",
    "contact_person",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "document_number",
    "medium",
    "delivery",
)


@dataclass(frozen=True)
class Upload:
    """A document the applicant gave (身份证明、营业执照…), already checked by its first bytes."""

    name: str  # as the applicant named it, for the staff's list only
    content_type: str
    extension: str
    data: bytes


class _NewApplication(BaseAction[Application]):
    """Shared by the public form and staff registration: one row, its receipt event and its
    documents, one transaction. A second POST of the same form (the same ``submission_key``) finds
    the first row and adds nothing to it."""

    channel: Channel
    arrived_on: date
    confirmed_on: date | None

    def __init__(
        self,
        actor: Any,
        agency: Agency,
        data: dict[str, Any],
        *,
        submission_key: str = "",
        uploads: Sequence[Upload] = (),
        reason: str = "",
    ):
        super().__init__(actor, reason=reason)
        self.uploads = list(uploads)
        self.clock: ClockResult | None = None
        self.agency = agency
        self.data = {
            k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in APPLICANT_FIELDS
        }
        self.submission_key = submission_key or None

    def target(self) -> Agency:
        return self.agency

    def build(self) -> Application:
        app = Application(
            agency=self.agency,
            channel=self.channel.name,
            arrived_on=self.arrived_on,
            confirmed_on=self.confirmed_on,
            submission_key=self.submission_key,
            **self.data,
        )
        app.id_digest = digest(app.id_number)
        app.description_digest = digest(app.description)
        return app

    def validate(self) -> None:
        if self.submission_key and Application.objects.filter(submission_key=self.submission_key).exists():
            return  # a double submit: apply() returns the first one
        app = self.build()
        app.tracking_code = "X" * TRACKING_LENGTH  # checked for shape only; the real one is drawn in apply()
        app.full_clean(exclude=["tracking_code", "submission_key"])
        if app.applicant_type == "natural" and app.category != "NATURAL_PERSON":
            raise ValidationError("自然人申请人的年报类别应为“自然人”。")
        if app.applicant_type == "organisation" and app.category == "NATURAL_PERSON":
            raise ValidationError(
                "法人或其他组织申请人请选择其类别（商业企业、科研机构、社会公益组织、法律服务机构或其他）。"
            )
        if not normalise(app.phone):
            raise ValidationError("请填写联系电话。")
        ensure_open(self.agency, app.confirmed_on or app.arrived_on)  # annual report's period lock

    def apply(self) -> Application:
        if self.submission_key:
            existing = Application.objects.filter(submission_key=self.submission_key).first()
            if existing is not None:
                return existing
        app = self.build()
        app.tracking_code = new_tracking_code()
        receipt = CaseEvent(kind=EventKind.RECEIVED)
        result = clock_of(app, [receipt], fee_pauses_clock=rules_of(self.agency).fee_pauses_clock)
        self.clock = result  # the answer page shows it without computing it again
        cache_clock(app, result)
        self.stamp(app).save()
        receipt.application = app
        receipt.recorded_by = self.history_user
        receipt.save()
        for upload in self.uploads:
            row = Attachment(
                application=app, name=upload.name, content_type=upload.content_type, size=len(upload.data)
            )
            # A name of our own: the applicant's file name never reaches the file system.
            row.file.save(f"{secrets.token_hex(16)}{upload.extension}", ContentFile(upload.data), save=False)
            row.save()
        return app


class SubmitOnline(_NewApplication):
    """第二十九条 through the public form. 第三十一条（三）: an application over the internet is received
    on the day both sides confirm it; the system confirms it on submission by showing and sending the
    tracking code, so that day is the date of receipt."""

    permission = Action.VIEW  # not asked: anyone may apply (check() below)
    default_reason = "申请人网上提交申请"
    channel = Channel.INTERNET

    def __init__(
        self,
        agency: Agency,
        data: dict[str, Any],
        *,
        submission_key: str = "",
        uploads: Sequence[Upload] = (),
        actor: Any = None,
    ):
        super().__init__(actor, agency, data, submission_key=submission_key, uploads=uploads)
        self.arrived_on = self.confirmed_on = base.today()  # base.today: the one clock tests move

    def check(self) -> None:
        """第二十七条: anyone may apply; there is no permission to ask."""

    def apply(self) -> Application:
        app = super().apply()
        if self.clock is not None:  # newly filed (not the first filing of a form sent twice)
            from ..tasks import acknowledge_application

            # In this transaction (the task queue is a table): filed ⇔ its acknowledgement queued.
            acknowledge_application.enqueue(app.pk)
        return app

    @property
    def history_user(self) -> Any:
        return None  # the applicant is not a user of the system


class RegisterApplication(_NewApplication):
    """Staff record an application that came in person, by post, by fax or orally (第二十九条
    「口头提出…代为填写」). The date of receipt follows from the channel (第三十一条)."""

    permission = Action.EDIT
    default_reason = "登记申请"

    def __init__(
        self,
        actor: Any,
        agency: Agency,
        data: dict[str, Any],
        *,
        channel: Channel,
        arrived_on: date,
        confirmed_on: date | None = None,
        submission_key: str = "",
        uploads: Sequence[Upload] = (),
        reason: str = "",
    ):
        super().__init__(actor, agency, data, submission_key=submission_key, uploads=uploads, reason=reason)
        self.channel, self.arrived_on, self.confirmed_on = channel, arrived_on, confirmed_on

    def validate(self) -> None:
        check_date(self.arrived_on, "提交（签收）日期")
        if self.channel.needs_confirmation:
            check_date(self.confirmed_on, "与申请人确认的日期", not_before=self.arrived_on)
        elif self.confirmed_on is not None:
            raise ValidationError(
                f"以“{self.channel.value}”方式提交的申请无需确认，收到申请之日即提交（签收）日期。"
            )
        super().validate()
