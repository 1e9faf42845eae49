"""More hazards of real government web pages, in synthetic HTML written by the tests.

Met in a municipal-level site's main and department report pages (2021 format): Word/WPS exports
whose every cell wraps its text in nested runs followed by a non-breaking-space run and an empty
run; 表四 header words broken by <br/>; body headings split over several runs; an absolutely
positioned run holding a line image as a paragraph of its own between the preface and 一、.
"""

from __future__ import annotations

import re

import pytest

from gongkai.law.formats import TABLE4_OUTCOMES
from gongkai.reportio import read_report
from gongkai.reportio.checking import check_bytes
from tests.reportio import builders as b
from tests.reportio.test_formats import FORMATS, assert_tables

_CELL_RE = re.compile(r"<p class=MsoNormal><span>(.*?)</span></p>")


def _page(spec: b.Spec) -> str:
    return b.to_html(spec).decode("utf-8")


def _errors(page: str) -> list:
    result = check_bytes(page.encode(), "page.html")
    assert result.error is None
    return result.errors


@pytest.mark.parametrize(("fmt", "year"), FORMATS)
def test_word_runs_with_trailing_nbsp_run_and_empty_run_in_every_cell(fmt, year) -> None:
    spec = b.make_spec(31, fmt=fmt, year=year)
    page, count = _CELL_RE.subn(
        r'<p class="p" style="margin: 0pt; line-height: 20pt;"><span style="font-size: 14pt;">'
        r'<span style="font-family:仿宋_GB2312">\1</span><span style="font-family:仿宋_GB2312">&nbsp;</span>'
        r'</span><span style="font-size: 14pt;"></span></p>',
        _page(spec),
    )
    assert count > 100
    assert_tables(spec, read_report(page.encode(), "r.html"))


@pytest.mark.parametrize(("fmt", "year"), FORMATS)
def test_table4_header_words_broken_by_br(fmt, year) -> None:
    spec = b.make_spec(32, fmt=fmt, year=year)
    page = _page(spec)
    for outcome in TABLE4_OUTCOMES:
        if len(outcome) == 4:  # 结果维持 → 结果<br/>维持, as the page prints it
            page = page.replace(f"<span>{outcome}</span>", f"<span>{outcome[:2]}<br/>{outcome[2:]}</span>")
    assert page.count("<br/>") >= 6
    assert_tables(spec, read_report(page.encode(), "r.html"))


@pytest.mark.parametrize(("fmt", "year"), FORMATS)
def test_headings_split_over_runs_and_a_positioned_image_paragraph(fmt, year) -> None:
    spec = b.make_spec(33, fmt=fmt, year=year)
    page = _page(spec)
    assert not _errors(page)
    image = (
        '<p style="text-indent:43px"><span style="position:absolute;z-index:1;left:0px;width:649px;'
        'height:6px"><img src="spacer.gif" width="6" height="1" /></span></p>'
    )
    for number in "一二三四五六":
        heading = b._heading(number)
        split = (
            f'<span style="font-family:黑体"><span>{heading[:1]}</span></span>'
            f'<span style="font-family:黑体"><span>{heading[1:2]}</span></span>'
            f'<span style="font-family:黑体"><span>{heading[2:]}</span></span>'
        )
        assert f"<p>{heading}</p>" in page
        page = page.replace(f"<p>{heading}</p>", (image if number == "一" else "") + f"<p>{split}</p>", 1)
    assert_tables(spec, read_report(page.encode(), "r.html"))
    assert not _errors(page)
