"""In a real browser, the Content-Security-Policy blocks nothing the site itself needs: the 图解
page draws its charts, the API docs render, and no page reports a policy violation."""

from __future__ import annotations

import pytest

from gongkai.agencies.demo import DEMO_PASSWORD, load_demo
from tests.browser.conftest import chromium, fast_passwords, page  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIOLATION_HOOK = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def visit(browser_page, url):
    console = []
    browser_page.on("console", lambda message: console.append(message.text))
    browser_page.add_init_script(VIOLATION_HOOK)
    response = browser_page.goto(url)
    browser_page.wait_for_load_state("networkidle")
    violations = browser_page.evaluate("window.__cspViolations") + [
        t for t in console if "Content Security Policy" in t
    ]
    return response, violations


def test_graphic_page_api_docs_and_staff_pages_run_under_the_policy(page, live_server):  # noqa: F811
    from gongkai.annual.models import AnnualReport

    load_demo()
    report = AnnualReport.objects.filter(state=AnnualReport.State.PUBLISHED).select_related("agency").first()
    assert report is not None, "the demo has a published annual report"
    response, violations = visit(
        page, f"{live_server.url}/{report.agency.code}/reports/{report.year}/graphic/"
    )
    assert response.status == 200 and "script-src 'self'" in response.headers["content-security-policy"]
    assert violations == []
    page.wait_for_selector("canvas, svg")  # the charts were drawn by the site's own script

    response, violations = visit(page, f"{live_server.url}/api/docs")
    assert violations == []
    page.wait_for_selector("#swagger-ui .info")

    page.goto(f"{live_server.url}/staff/login/")
    page.fill("input[name=username]", "supervisor")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    for path in ("/staff/", "/staff/imports/", "/staff/annual/", "/staff/supervision/"):
        response, violations = visit(page, f"{live_server.url}{path}")
        assert response.status == 200, path
        assert violations == [], path
