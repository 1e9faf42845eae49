"""In a browser: a supervisor uploads a report, the list shows it queued, a `db_worker` checks it,
and the progress bar fills without a reload (the static poll of status.json)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from gongkai.imported_reports.models import ImportedFile
from tests.agencies.factories import PASSWORD
from tests.browser.conftest import chromium  # noqa: F401 — the browser fixture, shared

from .conftest import report_txt

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_progress_fills_when_the_worker_is_done(chromium, live_server, people, settings) -> None:  # noqa: F811
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    context = chromium.new_context(locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/imports/")
    page.get_by_label("用户名").fill(people.supervisor.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/staff/imports/")
    page.locator("input[name=files]").set_input_files(
        [{"name": "甲局2022.txt", "mimeType": "text/plain", "buffer": report_txt(1, 2022)}]
    )
    page.get_by_role("button", name="导入并核查").click()
    page.wait_for_load_state()
    bar = page.locator("progress").first
    assert bar.get_attribute("value") == "0" and bar.get_attribute("max") == "1"
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
    assert ImportedFile.objects.get().state == ImportedFile.State.CHECKED
    expect(page.locator("progress + span").first).to_have_text("1/1", timeout=10_000)  # no reload
    assert bar.get_attribute("value") == "1"
    context.close()
