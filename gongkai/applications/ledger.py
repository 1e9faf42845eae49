"""The 台账 (ledger) of disclosure applications as an Excel workbook, out and in.

Export: one row per application of one agency, the columns agencies keep in Excel
(:data:`COLUMNS`), ID number and phone masked; only for people the permission layer lets see the
agency (``Action.VIEW``).

Import: the same columns (the ID number and phone in full — a masked value is refused, it could
not be used to count an applicant's requests), each row registered through
:class:`~gongkai.applications.actions.RegisterApplication` and, when it has an outcome and a reply
date, closed by :class:`RecordLedgerOutcome` — so every row passes the same rules and the statute
clock as a case entered by hand. All rows are one transaction: any bad row (reported with its
Excel line number and the reason in Chinese) and nothing is imported.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from gongkai.actions import REFUSALS, refusal_text
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action, can, require
from gongkai.law.clock import Channel, ClockError
from gongkai.law.outcomes import OUTCOME_ROWS, ApplicantCategory, Outcome
from gongkai.workcalendar.service import get_calendar

from . import actions as act
from .models import OUTCOME_CHOICES, Application, CaseEvent, EventKind, State
from .personal import digest, normalise

COLUMNS = (
    "序号",
    "查询码",
    "申请人",
    "申请人类别",
    "证件号码（遮盖）",
    "联系电话（遮盖）",
    "提交方式",
    "收到申请之日",
    "申请内容",
    "文号",
    "办理状态",
    "答复期限",
    "答复日期",
    "处理结果（表三行）",
    "是否延期",
    "是否收费",
    "收费金额",
    "经办人",
)
WIDTHS = (6, 16, 16, 12, 22, 16, 12, 13, 48, 24, 16, 13, 13, 40, 9, 9, 11, 12)
DATE_COLUMNS = {"收到申请之日", "答复期限", "答复日期"}
REQUIRED = ("申请人", "申请人类别", "证件号码", "联系电话", "提交方式", "收到申请之日", "申请内容")
OUTCOME_TEXT = dict(OUTCOME_CHOICES)
# Closing outcomes that are not a reply: the case ends without an 「作出答复」 event.
NOT_ANSWERED = {Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID, Outcome.OTHER}
MAX_ROWS = 20000


def _column_key(header: Any) -> str:
    """「证件号码（遮盖）」 and 「证件号码」 are the same column, as are 「处理结果（表三行）」 and
    「处理结果」; spaces and line breaks do not matter."""
    text = re.sub(r"\s+", "", str(header or ""))
    return re.sub(r"[（(][^（）()]*[）)]$", "", text)


# --- export ---------------------------------------------------------------------------------------
def ledger_rows(agency: Agency, year: int | None = None):
    qs = Application.objects.filter(agency=agency).select_related("assigned_to")
    if year:
        qs = qs.filter(Q(received_on__year=year) | Q(received_on__isnull=True, arrived_on__year=year))
    extended = CaseEvent.objects.filter(application=OuterRef("pk"), kind=EventKind.EXTENSION)
    return qs.annotate(extended=Exists(extended)).order_by("received_on", "arrived_on", "pk")


def person_name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def export_ledger(user: Any, agency: Agency, year: int | None = None) -> bytes:
    """The agency's ledger as XLSX (ID number and phone masked). PermissionDenied unless the
    user may see the agency's records."""
    require(user, Action.VIEW, agency)
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年台账" if year else "依申请公开台账"
    heading = f"{agency.name}政府信息公开申请办理台账" + (f"（{year}年）" if year else "")
    ws.append([heading])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(list(COLUMNS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, app in enumerate(ledger_rows(agency, year).iterator(chunk_size=500), start=1):
        ws.append(
            [
                i,
                app.tracking_code,
                app.name,
                app.applicant_category.value,
                app.masked_id_number,
                app.masked_phone,
                Channel[app.channel].value,
                app.received_on,
                app.description,
                app.reply_number,
                app.get_state_display(),
                app.reply_due,
                app.closed_on,
                OUTCOME_TEXT.get(app.outcome, "") if app.outcome else "",
                "是" if app.extended else "否",
                "是" if app.fee_amount else "否",
                app.fee_amount if app.fee_amount else None,
                person_name(app.assigned_to),
            ]
        )
    for c, (name, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = width
        if name in DATE_COLUMNS:
            for (cell,) in ws.iter_rows(min_row=3, min_col=c, max_col=c):
                cell.number_format = "yyyy-mm-dd"
        if name == "收费金额":
            for (cell,) in ws.iter_rows(min_row=3, min_col=c, max_col=c):
                cell.number_format = "0.00"
    ws.freeze_panes = "C3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{ws.max_row}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- import: reading the workbook ------------------------------------------------------------------
@dataclass
class LedgerRow:
    line: int
    values: dict[str, Any]


@dataclass
class ImportReport:
    created: list[tuple[int, str, str]] = field(default_factory=list)  # (line, tracking code, applicant)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, reason); line 0: the file
    warnings: list[tuple[int, str]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def imported(self) -> int:
        return 0 if (self.errors or self.dry_run) else len(self.created)

    def lines(self) -> list[str]:
        def where(line: int) -> str:
            return f"第 {line} 行：" if line else ""

        return [f"{where(line)}{text}" for line, text in self.errors] + [
            f"{where(line)}（提示）{text}" for line, text in self.warnings
        ]


class LedgerFileError(Exception):
    """The file as a whole cannot be read (not XLSX, no header row…)."""


def read_rows(data: bytes) -> list[LedgerRow]:
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise LedgerFileError("无法读取该文件：请上传 Excel 工作簿（.xlsx）。") from exc
    try:
        ws = wb.worksheets[0]
        header_line, index = None, {}
        rows = ws.iter_rows(values_only=True)
        line = 0
        for line, row in enumerate(rows, start=1):
            keys = [_column_key(v) for v in row]
            if "申请人" in keys and "收到申请之日" in keys:
                header_line = line
                index = {k: i for i, k in enumerate(keys) if k}
                break
            if line >= 10:
                break
        if header_line is None:
            raise LedgerFileError(
                "前 10 行中没有找到表头（应含“申请人”“收到申请之日”等列，与导出的台账相同）。"
            )
        missing = [name for name in REQUIRED if name not in index]
        if missing:
            raise LedgerFileError(f"表头缺少以下列：{'、'.join(missing)}。")
        found: list[LedgerRow] = []
        for line, row in enumerate(rows, start=header_line + 1):
            values = {key: (row[i] if i < len(row) else None) for key, i in index.items()}
            if all(v is None or str(v).strip() == "" for k, v in values.items() if k != "序号"):
                continue
            found.append(LedgerRow(line, values))
            if len(found) > MAX_ROWS:
                raise LedgerFileError(f"一次最多导入 {MAX_ROWS} 行。")
        return found
    finally:
        wb.close()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def parse_date(value: Any, what: str) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 20000 < value < 80000:  # an Excel serial date
        return from_excel(value).date()
    text = _text(value)
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise ValueError(f"{what}“{text}”不是有效日期（应为 2025-09-25 或 2025年9月25日）")


def parse_outcome(text: str) -> Outcome:
    """The exported text 「（一）予以公开（第三十六条第（二）项）」, a code (GRANT), a row key
    (三(一)) or the bare row label (the first code of the row)."""
    key = re.sub(r"\s+", "", text)
    for outcome in Outcome:
        if key in (outcome.name, re.sub(r"\s+", "", OUTCOME_TEXT[outcome.name])):
            return outcome
    for outcome in Outcome:
        if key in (OUTCOME_ROWS[outcome], re.sub(r"\s+", "", outcome.label)):
            return outcome
    raise ValueError(f"处理结果“{text}”无法识别，应为年报表三的行，如“（一）予以公开”")


def parse_category(text: str) -> ApplicantCategory:
    for category in ApplicantCategory:
        if text in (category.value, category.name):
            return category
    names = "、".join(c.value for c in ApplicantCategory)
    raise ValueError(f"申请人类别“{text}”无法识别，应为：{names}")


RESIDENT_ID = re.compile(r"\d{17}[\dX]")
CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")


def _yes(value: Any) -> bool:
    return _text(value) in {"是", "有", "Y", "y", "yes", "Yes", "1", "√", "True", "TRUE"}


@dataclass
class ParsedRow:
    line: int
    data: dict[str, Any]
    channel: Channel
    received: date
    outcome: Outcome | None
    replied: date | None
    reply_number: str
    handling: bool
    extended: bool
    fee_amount: Decimal | None
    clerk: str


def parse_row(row: LedgerRow) -> ParsedRow:
    v = row.values
    missing = [name for name in REQUIRED if not _text(v.get(name))]
    if missing:
        raise ValueError(f"缺少{'、'.join(missing)}")
    raw_id = v.get("证件号码")
    if isinstance(raw_id, int | float) and len(_text(raw_id)) >= 16:
        raise ValueError(
            "证件号码被 Excel 存成了数字（超过 15 位的数字会被改写），请将该列设为文本格式后重新填写"
        )
    id_number, phone = _text(raw_id), _text(v.get("联系电话"))
    if "*" in id_number or "*" in phone:
        raise ValueError("证件号码或联系电话是遮盖后的（含 *），导入需要完整的号码")
    category = parse_category(_text(v.get("申请人类别")))
    natural = category is ApplicantCategory.NATURAL_PERSON
    number = normalise(id_number)
    if natural:
        id_type = "resident_id" if RESIDENT_ID.fullmatch(number) else "other"
    else:
        id_type = "credit_code" if CREDIT_CODE.fullmatch(number) else "other"
    try:
        channel = Channel.parse(_text(v.get("提交方式")))
    except ClockError as exc:
        raise ValueError(str(exc)) from None
    received = parse_date(v.get("收到申请之日"), "收到申请之日")
    replied = parse_date(v.get("答复日期"), "答复日期")
    outcome_text = _text(v.get("处理结果"))
    outcome = parse_outcome(outcome_text) if outcome_text else None
    if outcome and not replied:
        raise ValueError("填写了处理结果，请同时填写答复日期")
    if replied and not outcome:
        raise ValueError("填写了答复日期，请同时填写处理结果")
    fee_amount = None
    if _text(v.get("收费金额")):
        try:
            fee_amount = Decimal(_text(v.get("收费金额")).replace(",", "").removesuffix("元"))
        except InvalidOperation:
            raise ValueError(f"收费金额“{_text(v.get('收费金额'))}”不是数字") from None
        if fee_amount < 0:
            raise ValueError("收费金额不能为负数")
    if _yes(v.get("是否收费")) and not fee_amount:
        raise ValueError("是否收费为“是”，请填写收费金额")
    online = channel is Channel.INTERNET
    data = {
        "applicant_type": "natural" if natural else "organisation",
        "category": category.name,
        "name": _text(v.get("申请人")),
        "id_type": id_type,
        "id_number": id_number,
        "phone": phone,
        "description": _text(v.get("申请内容")),
        # Not kept in the ledger: the form the applicant asked for, assumed from the channel.
        "medium": "electronic" if online else "paper",
        "delivery": "online" if online else "post",
    }
    return ParsedRow(
        line=row.line,
        data=data,
        channel=channel,
        received=received,
        outcome=outcome,
        replied=replied,
        reply_number=_text(v.get("文号")),
        handling=_text(v.get("办理状态")) == State.HANDLING.label,
        extended=_yes(v.get("是否延期")),
        fee_amount=fee_amount if fee_amount else None,
        clerk=_text(v.get("经办人")),
    )


# --- import: the closing action ----------------------------------------------------------------------
class RecordLedgerOutcome(act.CaseAction):
    """A case finished on paper, recorded from the ledger: its outcome, reply date and 文号 (the
    letter itself exists on paper), an extension when the ledger says there was one, the fee."""

    default_reason = "导入台账：办理结果"
    states = (State.REGISTERED, State.HANDLING)
    verb = "记录办理结果"

    def __init__(
        self,
        actor,
        application,
        *,
        outcome: Outcome,
        on: date,
        reply_number: str = "",
        extended: bool = False,
        fee_amount: Decimal | None = None,
        reason: str = "",
    ):
        super().__init__(actor, application, reason=reason)
        self.outcome, self.on, self.reply_number = outcome, on, reply_number
        self.extended, self.fee_amount = extended, fee_amount

    def validate(self) -> None:
        super().validate()
        act.check_date(self.on, "答复日期", not_before=self.application.received_on)

    def apply(self) -> Application:
        rows: list[CaseEvent] = []
        if self.extended:
            # The ledger says 「延期」 but not by how much: the working days the reply needed beyond
            # the statutory date, else the most 第三十三条第二款 allows.
            due = self.application.reply_due
            days = 20
            if due and self.on > due:
                days = max(1, min(20, get_calendar().working_days_between(due, self.on)))
            rows.append(
                CaseEvent(
                    kind=EventKind.EXTENSION,
                    days=days,
                    note=f"导入台账：延长{days}个工作日（按答复日期推算）",
                )
            )
        answered = self.outcome not in NOT_ANSWERED
        if answered:
            rows.append(CaseEvent(kind=EventKind.ANSWERED, on=self.on))
        changes: dict[str, Any] = {
            "state": State.REPLIED if answered else State.CLOSED,
            "outcome": self.outcome.name,
            "closed_on": self.on,
            "reply_number": self.reply_number,
        }
        if rows:
            result = self.add_events(*rows)
            changes["clock_status"] = result.status
        if self.fee_amount:
            changes["fee_amount"] = self.fee_amount
        return self.save(**changes)


# --- import ------------------------------------------------------------------------------------------
def import_ledger(user: Any, agency: Agency, data: bytes, *, dry_run: bool = False) -> ImportReport:
    """Register every row of the workbook, or none. ``dry_run`` runs every row and rolls back: the
    report then says what an import would do."""
    require(user, Action.EDIT, agency)
    report = ImportReport(dry_run=dry_run)
    try:
        rows = read_rows(data)
    except LedgerFileError as exc:
        report.errors.append((0, str(exc)))
        return report
    if not rows:
        report.errors.append((0, "表格中没有数据行。"))
        return report
    parsed: list[ParsedRow] = []
    for row in rows:
        try:
            parsed.append(parse_row(row))
        except ValueError as exc:
            report.errors.append((row.line, f"{exc}。"))
    if report.errors:
        return report
    clerks = _clerks(agency)
    with transaction.atomic():
        for row in parsed:
            try:
                with transaction.atomic():
                    app = _import_one(user, agency, row, clerks, report)
                report.created.append((row.line, app.tracking_code, app.name))
            except REFUSALS as exc:
                report.errors.append((row.line, refusal_text(exc)))
        if report.errors or dry_run:
            transaction.set_rollback(True)
    if report.errors:
        report.created.clear()
    return report


def _import_one(user: Any, agency: Agency, row: ParsedRow, clerks: dict[str, Any], report: ImportReport):
    same = Application.objects.filter(
        agency=agency,
        id_digest=digest(row.data["id_number"]),
        description_digest=digest(row.data["description"]),
        received_on=row.received,
    ).first()
    if same is not None:
        raise ValidationError(
            f"本机关已有同一申请人于 {row.received:%Y-%m-%d} 提交的相同申请（查询码 {same.tracking_code}），可能是重复导入。"
        )
    confirmed = row.received if row.channel.needs_confirmation else None
    app = act.RegisterApplication(
        user,
        agency,
        row.data,
        channel=row.channel,
        arrived_on=row.received,
        confirmed_on=confirmed,
        reason="导入台账",
    ).execute()
    if row.clerk:
        clerk = clerks.get(row.clerk)
        if clerk is None:
            report.warnings.append((row.line, f"经办人“{row.clerk}”不是本机关的办理人员，未分配经办人。"))
        else:
            app = act.AssignApplication(user, app, clerk, reason="导入台账").execute()
    if row.outcome:
        app = RecordLedgerOutcome(
            user,
            app,
            outcome=row.outcome,
            on=row.replied,
            reply_number=row.reply_number,
            extended=row.extended,
            fee_amount=row.fee_amount,
        ).execute()
    elif row.handling:
        app = act.AcceptApplication(user, app, reason="导入台账").execute()
    return app


def _clerks(agency: Agency) -> dict[str, Any]:
    """The agency's people who may handle cases, by user name and by full name."""
    found: dict[str, Any] = {}
    for person in get_user_model().objects.filter(memberships__agency=agency, is_active=True).distinct():
        if can(person, Action.EDIT, agency):
            found.setdefault(person.get_username(), person)
            if person.get_full_name():
                found.setdefault(person.get_full_name(), person)
    return found
