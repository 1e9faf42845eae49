"""The report check as a JSON endpoint (mounted by gongkai.api at /api/check).

Its 200 and 422 bodies are the contract object of ``gongkai check --json``
(:class:`gongkai.reportio.contract.CheckedReport`), built by the same code.
"""

from __future__ import annotations

from django.http import HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from gongkai.reportio.checking import check_bytes
from gongkai.reportio.contract import CheckedReport, checked_report

from . import ratelimit
from .forms import MAX_PASTE, MAX_UPLOAD

router = Router(tags=["年度报告核查"])
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


class ErrorOut(Schema):
    error: str


@router.post(
    "",
    response={
        200: CheckedReport,
        400: ErrorOut,
        413: ErrorOut,
        415: ErrorOut,
        422: CheckedReport,
        429: ErrorOut,
    },
    summary="核查一份年度报告",
    description=(
        "以 multipart/form-data 上传年度报告文件（TXT、HTML、DOCX、PDF，字段 file），或提交全文（字段 text，"
        "也可用 application/x-www-form-urlencoded）；JSON 请求体不受理（415）。返回与 `gongkai check --json` "
        "相同的对象：file、agency、year、format、table2_format、period、publication_date、表二（金额为十进制"
        "字符串）、表三、表四、raw（非数字单元格的原文，如「/」「无」）、unreadable（无法识别的单元格）和 findings"
        "（rule、severity E/W、message、where；rule 编号见 spec §5，PARSE 为读取说明）。无法读取的文件返回 422，"
        "同一对象的 error 为中文说明。每个地址每分钟核查次数有限，超过返回 429。文件不保存。"
    ),
)
def check(
    request, response: HttpResponse, file: UploadedFile | None = File(None), text: str | None = Form(None)
):
    content_type = (request.content_type or "").lower()
    if content_type not in FORM_TYPES:
        return Status(
            415,
            {
                "error": f"不支持的请求类型 {content_type or '（未说明）'}：请以 multipart/form-data 上传报告文件"
                "（字段 file），或提交报告全文（字段 text）。"
            },
        )
    verdict = ratelimit.take(request)
    if not verdict.allowed:
        response["Retry-After"] = str(verdict.retry_after)
        return Status(429, {"error": verdict.message})
    if file is not None:
        if file.size and file.size > MAX_UPLOAD:
            return Status(413, {"error": f"文件过大（{file.size / 1024 / 1024:.1f} MB），上限为 20 MB。"})
        result = check_bytes(file.read(), file.name or "upload")
    elif text and text.strip():
        if len(text) > MAX_PASTE:
            return Status(413, {"error": f"文字过长（{len(text)} 字），上限为 {MAX_PASTE} 字。"})
        result = check_bytes(text.encode("utf-8"), "text.txt", kind="txt")
    else:
        return Status(400, {"error": "请上传报告文件（file）或提交报告全文（text）。"})
    return Status(422 if result.error else 200, checked_report(result))
