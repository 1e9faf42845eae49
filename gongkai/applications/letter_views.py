"""Letters as files (staff, and applicants with their tracking code), the agencies' own letter
templates, and the ledger's Excel export and import.

Staff views ask the permission layer (``gongkai.agencies.permissions``) and change records only
through actions. The applicant's download needs the letter's tracking code (in the address) and
the last four digits of the phone given in the application (asked once per session, attempts
limited per tracking code); letters to a consulted third party are never shown to the applicant.
"""

from __future__ import annotations

import io
import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.actions import REFUSALS, refusal_text
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action, can, require, visible_agencies
from gongkai.checker.ratelimit import hit

from . import ledger
from .letters import MissingCJKFont, filename, render_docx, render_pdf
from .letters.agency_templates import DeleteLetterTemplate, SaveLetterTemplate
from .letters.render import MAX_TEMPLATE_BYTES, package_template
from .models import Letter, LetterTemplate
from .personal import phone_tail

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SESSION_KEY = "gongkai_verified_tracking_codes"
VERIFY_ATTEMPTS = 5  # wrong phone digits per tracking code …
VERIFY_WINDOW = 15 * 60  # … per quarter of an hour
PUBLIC_KINDS = (Letter.Kind.CORRECTION, Letter.Kind.EXTENSION, Letter.Kind.FEE, Letter.Kind.REPLY)


def _file(data: bytes, name: str, fmt: str, *, inline: bool = False) -> FileResponse:
    response = FileResponse(
        io.BytesIO(data), as_attachment=not inline, filename=name, content_type=CONTENT_TYPES[fmt]
    )
    response["Cache-Control"] = "private, no-store"
    return response


def letter_file(letter: Letter, fmt: str) -> FileResponse:
    if fmt == "docx":
        return _file(render_docx(letter), filename(letter, "docx"), "docx")
    try:
        data = render_pdf(letter)
    except MissingCJKFont as exc:
        logger.error("%s", exc)
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    return _file(data, filename(letter, "pdf"), "pdf", inline=True)


# --- staff --------------------------------------------------------------------------------------------
@login_required
@require_safe
def staff_letter(request, pk: int, fmt: str):
    letter = get_object_or_404(Letter.objects.select_related("application__agency"), pk=pk)
    require(request.user, Action.VIEW, letter.application)
    return letter_file(letter, fmt)


# --- applicants ---------------------------------------------------------------------------------------
def mark_verified(request, tracking_code: str) -> None:
    """Remember for this browser session that its holder proved the application's phone digits
    (the progress page may call this after its own check)."""
    codes = set(request.session.get(SESSION_KEY, []))
    codes.add(tracking_code)
    request.session[SESSION_KEY] = sorted(codes)


def is_verified(request, tracking_code: str) -> bool:
    return tracking_code in request.session.get(SESSION_KEY, [])


class PhoneTailForm(forms.Form):
    phone_tail = forms.RegexField(
        label="联系电话后四位",
        regex=r"^\d{4}$",
        error_messages={"invalid": "请输入 4 位数字。"},
        max_length=4,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def public_letter(request, code: str, pk: int, fmt: str):
    letter = (
        Letter.objects.select_related("application__agency")
        .filter(pk=pk, application__tracking_code=code.upper(), kind__in=PUBLIC_KINDS)
        .first()
    )
    if letter is None:
        raise Http404("没有找到该文书。")
    app = letter.application
    if is_verified(request, app.tracking_code):
        return letter_file(letter, fmt)
    form = PhoneTailForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        key = f"gongkai:letter-verify:{app.tracking_code}:{int(timezone.now().timestamp()) // VERIFY_WINDOW}"
        if hit(key, VERIFY_WINDOW) > VERIFY_ATTEMPTS:
            form.add_error(None, "尝试次数过多，请 15 分钟后再试。")
            status = 429
        elif form.cleaned_data["phone_tail"] == phone_tail(app.phone):
            mark_verified(request, app.tracking_code)
            return redirect(request.path)
        else:
            form.add_error("phone_tail", "与申请时填写的联系电话不符。")
    title = dict(Letter.Kind.choices)[letter.kind]
    return render(
        request,
        "applications/letters/verify.html",
        {"form": form, "letter": letter, "title": title, "agency": app.agency, "fmt": fmt},
        status=status,
    )


# --- an agency's letter templates ----------------------------------------------------------------------
class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label="文书", choices=Letter.Kind.choices)
    file = forms.FileField(label="Word 模板（.docx）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TEMPLATE_BYTES:
            raise ValidationError(f"模板文件不能超过 {MAX_TEMPLATE_BYTES // 1024 // 1024} MB。")
        if not upload.name.lower().endswith(".docx"):
            raise ValidationError("请上传 .docx 格式的 Word 文件（.doc 请先另存为 .docx）。")
        return upload


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def letter_templates(request, code: str):
    agency = get_object_or_404(Agency, code=code)
    require(request.user, Action.VIEW, agency)
    may_edit = can(request.user, Action.EDIT_AGENCY, agency)
    form = TemplateUploadForm()
    if request.method == "POST":
        require(request.user, Action.EDIT_AGENCY, agency)
        if "delete" in request.POST:
            DeleteLetterTemplate(request.user, agency, request.POST["delete"]).execute()
            messages.success(request, "已删除本机关模板，今后使用系统模板。")
            return redirect(request.path)
        form = TemplateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                SaveLetterTemplate(
                    request.user, agency, form.cleaned_data["kind"], upload.read(), upload.name
                ).execute()
            except REFUSALS as exc:
                form.add_error("file", refusal_text(exc))
            else:
                messages.success(request, "模板已试填通过并保存，今后出具该类文书时使用。")
                return redirect(request.path)
    own = {t.kind: t for t in LetterTemplate.objects.filter(agency=agency).select_related("uploaded_by")}
    kinds = [(value, label, own.get(value)) for value, label in Letter.Kind.choices]
    return render(
        request,
        "applications/letters/templates.html",
        {"agency": agency, "kinds": kinds, "form": form, "may_edit": may_edit},
    )


@login_required
@require_safe
def letter_template_file(request, code: str, kind: str):
    """The template in use for a kind (the agency's, else the system's), to edit in Word."""
    agency = get_object_or_404(Agency, code=code)
    require(request.user, Action.VIEW, agency)
    if kind not in Letter.Kind.values:
        raise Http404("文书种类无效。")
    own = LetterTemplate.objects.filter(agency=agency, kind=kind).first()
    if own and own.file:
        with own.file.open("rb") as fh:
            data = fh.read()
    else:
        data = package_template(kind).read_bytes()
    label = dict(Letter.Kind.choices)[kind]
    return _file(data, f"{agency.display_name}-{label}模板.docx", "docx")


# --- the ledger -----------------------------------------------------------------------------------------
@login_required
@require_safe
def ledger_export(request, code: str):
    agency = get_object_or_404(Agency, code=code)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    data = ledger.export_ledger(request.user, agency, year)  # asks the permission layer
    name = f"{agency.display_name}政府信息公开申请台账{f'-{year}' if year else ''}.xlsx"
    return _file(data, name, "xlsx")


class LedgerImportForm(forms.Form):
    agency = forms.ModelChoiceField(label="导入到机关", queryset=Agency.objects.none())
    file = forms.FileField(label="台账文件（.xlsx）")
    dry_run = forms.BooleanField(label="只检查，不导入", required=False, initial=True)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = visible_agencies(user, Action.EDIT).order_by("name")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ledger_import(request):
    if not visible_agencies(request.user, Action.EDIT).exists():
        raise PermissionDenied("您无权办理任何机关的政府信息公开申请，不能导入台账。")
    form = LedgerImportForm(request.user, request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = ledger.import_ledger(
            request.user, form.cleaned_data["agency"], upload.read(), dry_run=form.cleaned_data["dry_run"]
        )
    exportable = visible_agencies(request.user, Action.VIEW).order_by("name")
    return render(
        request,
        "applications/letters/ledger_import.html",
        {"form": form, "report": report, "exportable": exportable, "columns": ledger.COLUMNS},
    )
