"""Hazards of real department pages, in synthetic HTML written by the tests.

Met in a district department's page (2021 format): headings whose number Word's list export wraps in
conditional comments — `<!--[if !supportLists]-->二、<!--[endif]-->主动公开政府信息情况` — which a
browser shows as the plain heading.
"""

from __future__ import annotations

import pytest

from gongkai.reportio import read_report
from gongkai.reportio.checking import check_bytes
from gongkai.reportio.html import read_html
from tests.reportio import builders as b
from tests.reportio.test_formats import FORMATS, assert_tables


def _page(spec: b.Spec) -> str:
    return b.to_html(spec).decode("utf-8")


def _errors(page: str) -> list:
    result = check_bytes(page.encode(), "page.html")
    assert result.error is None
    return result.errors


@pytest.mark.parametrize(("fmt", "year"), FORMATS)
def test_heading_numbers_between_word_list_comments(fmt, year) -> None:
    spec = b.make_spec(41, fmt=fmt, year=year)
    page = _page(spec)
    for number in "一二三四五六":
        heading = b._heading(number)
        assert f"<p>{heading}</p>" in page
        wrapped = (
            f"<!--[if !supportLists]-->{heading[:2]}<!--[endif]--><?xml:namespace prefix=o?>{heading[2:]}"
        )
        page = page.replace(f"<p>{heading}</p>", f"<p>{wrapped}</p>", 1)
    assert not _errors(page)
    assert_tables(spec, read_report(page.encode(), "r.html"))


def test_comment_text_itself_stays_hidden() -> None:
    spec = b.make_spec(42)
    page = _page(spec).replace(
        "<body>", "<body><!--[if gte mso 9]><p>二〇一九年度 一、总体情况</p><![endif]-->", 1
    )
    doc = read_html(page.encode())
    assert not any("二〇一九年度" in getattr(block, "text", "") for block in doc.blocks)
    assert not _errors(page)
