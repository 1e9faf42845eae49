"""The one way a record's page runs a step form (依申请公开 cases, 主动公开 items, 政策咨询): each
step is a form on the record's page that POSTs here through the app's view, builds its action and
executes it.

A form error shows the page again with the form open (400); the action's refusal shows its own
Chinese message on the record as re-read after the failed transaction (403 when the person may not,
409 when the record does not allow it now); success redirects to the record (POST/redirect/GET).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect

from gongkai.actions import REFUSALS, refusal_text

Page = Callable[..., HttpResponse]  # page(failed=form, status=…) renders the record's page


def run_step(request, form, *, page: Page, reread_page: Page, done: str) -> HttpResponse:
    if not form.is_valid():
        messages.error(request, f"“{form.heading}”未能提交：请按提示更正后重试。")
        return page(failed=form, status=400)
    try:
        form.build().execute()
    except REFUSALS as exc:
        messages.error(request, f"“{form.heading}”未能完成：{refusal_text(exc)}")
        status = 403 if isinstance(exc, PermissionDenied) else 409
        return reread_page(failed=form, status=status)
    messages.success(request, f"已完成：{form.heading}。")
    return redirect(done)
