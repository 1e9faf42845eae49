"""The report check as a JSON endpoint (mounted by gongkai.api at /api/check)."""

from __future__ import annotations

from typing import Any

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from gongkai.reportio.checking import CheckResult, check_bytes

from .forms import MAX_PASTE, MAX_UPLOAD

router = Router(tags=["年度报告核查"])


class FindingOut(Schema):
    rule: str
    severity: str
    message: str
    where: str


class CheckOut(Schema):
    file: str
    agency: str | None
    year: int | None
    format: str | None
    table2: dict[str, dict[str, float | int | None]] | None
    table3: dict[str, Any] | None
    table4: list[int | None] | None
    findings: list[FindingOut]


class ErrorOut(Schema):
    error: str


@router.post(
    "",
    response={200: CheckOut, 400: ErrorOut, 413: ErrorOut, 422: ErrorOut},
    summary="核查一份年度报告",
    description=(
        "上传年度报告文件（TXT、HTML、DOCX、PDF，字段 file）或提交全文（字段 text），返回与 "
        "`gongkai check --json` 相同的对象：机关、年度、格式、表二、表三、表四和 findings（rule、severity、"
        "message、where；rule 编号见 spec §5，PARSE 为读取说明）。无法读取的文件返回 422 和中文说明。"
        "文件不保存。"
    ),
)
def check(request, file: UploadedFile | None = File(None), text: str | None = Form(None)):
    if file is not None:
        if file.size and file.size > MAX_UPLOAD:
            return Status(413, {"error": f"文件过大（{file.size / 1024 / 1024:.1f} MB），上限为 20 MB。"})
        result = _safe(lambda: check_bytes(file.read(), file.name or "upload"), file.name or "upload")
    elif text and text.strip():
        if len(text) > MAX_PASTE:
            return Status(413, {"error": f"文字过长（{len(text)} 字），上限为 {MAX_PASTE} 字。"})
        result = _safe(lambda: check_bytes(text.encode("utf-8"), "text.txt", kind="txt"), "text.txt")
    else:
        return Status(400, {"error": "请上传报告文件（file）或提交报告全文（text）。"})
    if result.error:
        return Status(422, {"error": result.error})
    return Status(200, result.to_json())


def _safe(fn, name: str) -> CheckResult:
    try:
        return fn()
    except Exception:  # never a 500 for a visitor's file
        import logging

        logging.getLogger(__name__).exception("api check failed")
        return CheckResult(name, error="读取该文件时出现意外问题，无法核查。")
