"""The public report checker: upload a report (or paste its text), see what was read and what is wrong.

Nothing is stored: the file is read from the request, checked, and forgotten. The findings can be
downloaded as a standalone HTML report or as the JSON of ``gongkai check --json`` (the same
contract object, gongkai.reportio.contract). POSTs are rate-limited per address (ratelimit).
"""

from __future__ import annotations

import base64

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from gongkai.law.rules import rules_for
from gongkai.reportio import contract
from gongkai.reportio.blocks import Grid, Paragraph
from gongkai.reportio.checking import CheckResult, check_bytes
from gongkai.reportio.render import table2_rows, table3_rows, table4_groups

from . import ratelimit
from .forms import CheckForm

MAX_LAYOUT_GRIDS = 12
MAX_LAYOUT_ROWS = 80


def _layout(result: CheckResult) -> list[dict]:
    """The document as read: its tables with merged cells marked, or the text the tables were in."""
    doc = result.document
    if doc is None:
        return []
    grids = [b for b in doc.blocks if isinstance(b, Grid) and b.width >= 2]
    if grids:
        return [
            {
                "kind": "grid",
                "rows": [
                    list(zip(g.cells[r], g.copy[r], strict=True))
                    for r in range(min(len(g.cells), MAX_LAYOUT_ROWS))
                ],
            }
            for g in grids[:MAX_LAYOUT_GRIDS]
        ]
    text = "\n".join(b.text for b in doc.blocks if isinstance(b, Paragraph))
    start = max(0, text.find("二、主动公开"))
    return [{"kind": "text", "text": text[start : start + 6000]}]


def _context(result: CheckResult) -> dict:
    ctx: dict = {"result": result, "rules": rules_for(f.rule for f in result.findings)}
    if result.report is not None:
        ctx.update(
            report=result.report,
            table2=table2_rows(result.report),
            table3=table3_rows(result.report),
            table4=table4_groups(result.report),
            table3_columns=list(result.report.table3.to_json()["columns"]),
        )
    return ctx


def _download_name(result: CheckResult, ext: str) -> str:
    rep = result.report
    base = f"{rep.agency or '年度报告'}{rep.year or ''}核查结果" if rep else "核查结果"
    return f"{base}.{ext}"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response["Content-Disposition"] = (
        f"attachment; filename=\"report.{filename.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def findings_html(result: CheckResult) -> str:
    return render_to_string("checker/report.html", _context(result))


def check_page(request):
    if request.method != "POST":
        return render(request, "checker/check.html", {"form": CheckForm()})
    verdict = ratelimit.take(request)
    if not verdict.allowed:
        response = render(
            request, "checker/check.html", {"form": CheckForm(), "error": verdict.message}, status=429
        )
        response["Retry-After"] = str(verdict.retry_after)
        return response
    form = CheckForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "checker/check.html", {"form": form}, status=400)
    upload = form.cleaned_data.get("file")
    # check_bytes answers every file (a bug of ours is logged there, the visitor gets Chinese)
    if upload:
        result = check_bytes(upload.read(), upload.name)
    else:
        result = check_bytes(form.cleaned_data["text"].encode("utf-8"), "粘贴的文本.txt", kind="txt")
    if result.error:
        return render(request, "checker/check.html", {"form": form, "error": result.error}, status=422)
    output = form.cleaned_data.get("output") or "page"
    json_text = contract.dumps(contract.to_json(result))
    if output == "json":
        response = HttpResponse(json_text, content_type="application/json; charset=utf-8")
        return _attachment(response, _download_name(result, "json"))
    html = findings_html(result)
    if output == "html":
        return _attachment(
            HttpResponse(html, content_type="text/html; charset=utf-8"), _download_name(result, "html")
        )
    ctx = _context(result)
    ctx.update(
        form=CheckForm(),
        layout=_layout(result),
        json_href="data:application/json;charset=utf-8;base64,"
        + base64.b64encode(json_text.encode()).decode(),
        html_href="data:text/html;charset=utf-8;base64," + base64.b64encode(html.encode()).decode(),
        json_name=_download_name(result, "json"),
        html_name=_download_name(result, "html"),
    )
    return render(request, "checker/result.html", ctx)
