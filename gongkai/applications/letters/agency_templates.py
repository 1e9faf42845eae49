"""An agency's own Word templates (one per kind of letter): upload after a trial rendering, and
removal (the system's template is used again). Both are actions (gongkai/actions.py): the office
head (``Action.EDIT_AGENCY``) of the agency, or a sysadmin, one transaction, history."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action

from .render import LetterTemplateError, fill_docx


def sample_letter(agency: Agency, kind: str):
    """An unsaved letter with every field filled, to try a template on."""
    from gongkai.applications.models import Application, Letter

    app = Application(
        agency=agency,
        tracking_code="ABCDEFGH2345",
        channel="IN_PERSON",
        arrived_on=date(2025, 9, 25),
        received_on=date(2025, 9, 25),
        applicant_type="natural",
        category="NATURAL_PERSON",
        name="张三",
        id_type="resident_id",
        description="2024年本机关关于某某道路改造工程的立项批复",
        document_number="某发改〔2024〕12号",
        medium="electronic",
        delivery="email",
    )
    context = {
        "correction": {"matters": "请写明所需信息的名称或文号。", "deadline": "2025-10-17"},
        "extension": {"days": 20, "grounds": "需要调取档案", "reply_due": "2025-11-26"},
        "consultation": {
            "party": "某某有限公司",
            "party_kind": "第三方",
            "article": "第三十二条",
            "matters": "所涉信息含有贵单位的经营信息。",
            "reply_due": "2025-10-27",
        },
        "fee": {
            "method": "按件计收",
            "quantity": 3,
            "amount": "300.00",
            "explanation": "按件计收，本件 3 件；合计 300.00 元。",
            "payment_due": "2025-10-27",
        },
        "reply": {"outcome": "GRANT", "reasons": "现将该批复的电子文本随本答复书发送给您。"},
    }[kind]
    letter = Letter(
        application=app, kind=kind, number="某依复〔2025〕1号", issued_on=date(2025, 10, 9), context=context
    )
    return letter


class SaveLetterTemplate(BaseAction[Any]):
    permission = Action.EDIT_AGENCY
    default_reason = "上传文书模板"

    def __init__(
        self, actor: Any, agency: Agency, kind: str, data: bytes, name: str = "", *, reason: str = ""
    ):
        super().__init__(actor, reason=reason)
        self.agency, self.kind, self.data, self.name = agency, kind, data, name

    def target(self) -> Agency:
        return self.agency

    def validate(self) -> None:
        from gongkai.applications.letters.content import build
        from gongkai.applications.models import Letter

        if self.kind not in Letter.Kind.values:
            raise ValidationError("文书种类无效。")
        try:
            fill_docx(self.data, build(sample_letter(self.agency, self.kind)))
        except LetterTemplateError as exc:
            raise ValidationError(f"模板试填失败，未保存：{exc}") from exc

    def apply(self):
        from gongkai.applications.models import LetterTemplate

        row = LetterTemplate.objects.filter(agency=self.agency, kind=self.kind).first()
        old = row.file.name if row and row.file else ""
        row = row or LetterTemplate(agency=self.agency, kind=self.kind)
        if old:  # the file the row pointed to goes once the new one is committed
            storage = row.file.storage
            transaction.on_commit(lambda: storage.delete(old))
        row.name = self.name[:200]
        row.uploaded_by = self.history_user
        row.file.save(f"{self.kind}.docx", ContentFile(self.data), save=False)
        self.stamp(row).save()
        return row


class DeleteLetterTemplate(BaseAction[None]):
    permission = Action.EDIT_AGENCY
    default_reason = "删除文书模板，恢复使用系统模板"

    def __init__(self, actor: Any, agency: Agency, kind: str, *, reason: str = ""):
        super().__init__(actor, reason=reason)
        self.agency, self.kind = agency, kind

    def target(self) -> Agency:
        return self.agency

    def apply(self) -> None:
        from gongkai.applications.models import LetterTemplate

        row = LetterTemplate.objects.filter(agency=self.agency, kind=self.kind).first()
        if row is None:
            return None
        if row.file:
            storage, name = row.file.storage, row.file.name
            transaction.on_commit(lambda: storage.delete(name))
        self.stamp(row).delete()
        return None
