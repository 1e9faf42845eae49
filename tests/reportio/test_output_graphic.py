"""The 图解 page: chart data in a JSON block (no inline script), changes from last year, tables
for screen readers and browsers without JavaScript, and charts drawn by the vendored ECharts."""

from __future__ import annotations

import json
import os
from pathlib import Path

import lxml.html
import pytest

from gongkai.reportio.output import render
from gongkai.reportio.output.graphic import page
from tests.reportio.test_output_samples import sample_report

STATIC = Path(__file__).resolve().parents[2] / "gongkai" / "static"
CHROMIUM = Path(os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium"))


def _pair():
    this, last = sample_report(), sample_report(year=2022)
    last.table3.rows["一"] = [1, 0, 0, 0, 1, 0, 2]
    return this, last


def test_chart_data_is_a_json_block_and_no_script_is_inline():
    this, last = _pair()
    doc = lxml.html.fromstring(render(this, "graphic", previous=last))
    scripts = doc.findall(".//script")
    assert all(s.get("src") or s.get("type") == "application/json" for s in scripts)
    assert {s.get("src") for s in scripts if s.get("src")} == {
        "/static/gongkai/vendor/echarts.min.js",
        "/static/gongkai/report-graphic.js",
    }
    data = json.loads(doc.get_element_by_id("gk-graphic-data").text)
    flow = next(c for c in data["charts"] if c["id"] == "flow")
    assert [s["name"] for s in flow["series"]] == ["2022年", "2023年"]
    assert flow["series"][0]["values"][0] == 2 and flow["series"][1]["values"][0] == 4
    charts = {c["id"] for c in data["charts"]}
    assert charts == {d.get("data-chart") for d in doc.find_class("gk-chart")}


def test_every_chart_has_a_table_saying_the_change_from_last_year():
    this, last = _pair()
    doc = lxml.html.fromstring(render(this, "graphic", previous=last))
    tables = doc.find_class("gk-chart-table")
    assert len(tables) == len(doc.find_class("gk-chart"))
    flow = tables[0].text_content()
    assert "比上年增加2，100%" in flow and "与上年持平" in flow
    assert all(d.get("aria-hidden") == "true" for d in doc.find_class("gk-chart"))


def test_without_last_year_there_is_one_series_and_no_change_column():
    doc = lxml.html.fromstring(render(sample_report(), "graphic"))
    data = json.loads(doc.get_element_by_id("gk-graphic-data").text)
    assert all(len(c["series"]) == 1 for c in data["charts"])
    assert "变化" not in doc.text_content()


def test_a_closing_script_tag_in_a_name_cannot_end_the_data_block():
    report = sample_report("</script><script>alert(1)</script>局")
    text = render(report, "graphic").decode()
    assert "</script><script>alert(1)" not in text
    data = json.loads(lxml.html.fromstring(text).get_element_by_id("gk-graphic-data").text)
    assert data["title"].startswith("</script>")


def test_static_url_is_the_sites():
    assert 'src="/assets/gongkai/report-graphic.js"' in page(sample_report(), static_url="/assets")


def test_the_browser_draws_every_chart(tmp_path):
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"未找到 {CHROMIUM}")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    this, last = _pair()
    path = tmp_path / "graphic.html"
    path.write_text(page(this, last, static_url=STATIC.as_uri() + "/"), encoding="utf-8")
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless=new", "--no-sandbox"])
        try:
            tab = browser.new_page()
            tab.on("pageerror", lambda e: errors.append(str(e)))
            tab.goto(path.as_uri())
            tab.wait_for_function("document.querySelectorAll('.gk-chart svg').length === 5", timeout=15000)
            assert "自然人" in tab.inner_text(".gk-chart[data-chart=applicants]")
        finally:
            browser.close()
    assert errors == []
