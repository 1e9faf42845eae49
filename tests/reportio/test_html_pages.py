"""Hazards of real government web pages, reproduced in synthetic HTML written by the tests.

Met in the pages of a county-level site's annual reports (main and department reports, 2019 试行
and 2021 formats): Word-exported cells with hidden runs, a merged label cell restarted where Word
split the table across pages, labels wrapped in one-cell tables, sloppy span attributes, and the
site's page chrome (hidden login and search boxes, breadcrumbs, a 「来源：」 line filled in by
script, footer links naming other agencies and years) around the article.
"""

from __future__ import annotations

import re

import pytest

from gongkai.law.formats import RowKind
from gongkai.reportio import read_report
from gongkai.reportio.blocks import Grid
from gongkai.reportio.checking import check_bytes
from gongkai.reportio.html import read_html
from tests.reportio import builders as b
from tests.reportio.test_formats import FORMATS, assert_tables

_CELL_OPEN = "<td><p class=MsoNormal><span>"


def _page(spec: b.Spec) -> str:
    return b.to_html(spec).decode("utf-8")


def _grid_of(html: str) -> Grid:
    grids = read_html(html.encode()).grids()
    assert len(grids) == 1
    return grids[0]


@pytest.mark.parametrize(("fmt", "year"), FORMATS)
@pytest.mark.parametrize("style", ["display:none", "mso-hide:all", "visibility: hidden"])
def test_hidden_runs_inside_cells_are_not_read(fmt, year, style) -> None:
    spec = b.make_spec(21, fmt=fmt, year=year)
    # every cell, label or number, starts with a run the browser does not show
    page = _page(spec).replace(_CELL_OPEN, f'<td><span style="{style}">8</span><p class=MsoNormal><span>')
    assert_tables(spec, read_report(page.encode(), "r.html"))


def test_text_after_a_hidden_run_or_script_in_a_cell_is_kept() -> None:
    grid = _grid_of(
        "<table><tr><td>行政处罚</td>"
        '<td><span>1</span><span style="display:none">0</span><span>2</span></td>'
        "<td>3<script>var x = 9;</script>4</td>"
        "<td><noscript><p>7</p></noscript>5<span hidden>6</span></td></tr></table>"
    )
    assert grid.cells == [["行政处罚", "12", "34", "5"]]


@pytest.mark.parametrize(("fmt", "year"), FORMATS)
def test_hidden_rows_and_cells_of_a_table_are_left_out(fmt, year) -> None:
    spec = b.make_spec(22, fmt=fmt, year=year)
    page = _page(spec)
    label = "（一）予以公开"
    hidden_row = '<tr style="display: none"><td colspan=3>' + label + "</td>" + "<td>99</td>" * 7 + "</tr>"
    # a hidden row right after the header rows, and a hidden spare cell at the end of a data row
    at = page.rindex("<tr>", 0, page.index("一、本年新收政府信息公开申请数量"))
    page = page[:at] + hidden_row + page[at:]
    total_one = str(spec.table3["一"][6])
    page = re.sub(
        rf"(一、本年新收政府信息公开申请数量.*?<span>{total_one}</span></p></td>)",
        r'\1<td style="DISPLAY:NONE">77</td>',
        page,
        count=1,
        flags=re.S,
    )
    assert page.count("display: none") == 1 and "DISPLAY:NONE" in page
    assert_tables(spec, read_report(page.encode(), "r.html"))


@pytest.mark.parametrize(("fmt", "year"), FORMATS)
def test_labels_wrapped_in_one_cell_tables_keep_the_report_tables_grids(fmt, year) -> None:
    spec = b.make_spec(23, fmt=fmt, year=year)
    page = _page(spec)
    labels = [r.label for r in fmt.table3_rows] + [r for item in fmt.table2 for r in item.rows]
    for label in labels:
        cell = f"<p class=MsoNormal><span>{label}</span></p>"
        page = page.replace(cell, f"<table width=100%><tr><td>{cell}</td></tr></table>")
    assert page.count("<table width=100%><tr><td><p class=MsoNormal>") >= len(labels)
    assert_tables(spec, read_report(page.encode(), "r.html"))


def test_a_layout_table_around_report_tables_stays_a_container() -> None:
    spec = b.make_spec(24)
    body = _page(spec)
    # two layout columns: a side menu and the article (which holds the three report tables)
    page = body.replace(
        "<table width=100%><tr><td><div class=content>",
        "<table width=100%><tr><td>栏目导航<br>政府信息公开年报</td><td><div class=content>",
    )
    report = read_report(page.encode(), "r.html")
    assert_tables(spec, report)


@pytest.mark.parametrize(("fmt", "year"), FORMATS)
def test_sloppy_rowspan_and_colspan_values_read_as_the_browser_reads_them(fmt, year) -> None:
    spec = b.make_spec(25, fmt=fmt, year=year)
    page = _page(spec)
    page = re.sub(r'rowspan="(\d+)"', r'rowspan=" \1;"', page)
    page = re.sub(r'colspan="(\d+)"', r'colspan="\1px"', page)
    assert 'rowspan=" ' in page and 'px"' in page
    assert_tables(spec, read_report(page.encode(), "r.html"))
    grid = _grid_of(
        '<table><tr><td rowspan=" 2;">甲</td><td colspan="2px">乙</td></tr><tr><td>1</td><td>2</td></tr></table>'
    )
    assert grid.cells == [["甲", "乙", "乙"], ["甲", "1", "2"]]


@pytest.mark.parametrize(("fmt", "year"), FORMATS)
def test_merged_label_cell_restarted_where_word_split_the_table(fmt, year) -> None:
    spec = b.make_spec(26, fmt=fmt, year=year)
    results = [r for r in fmt.table3_rows if r.kind in (RowKind.RESULT, RowKind.TOTAL)]
    page = _page(spec)
    head = f'<td rowspan="{len(results)}"><p class=MsoNormal><span>三、本年度办理结果</span></p></td>'
    assert head in page
    # the first part covers the first ten result rows; the page break restarts the merged cell,
    # this time with a rowspan that overruns the table (Word counts rows of the whole document)
    page = page.replace(head, head.replace(f'rowspan="{len(results)}"', 'rowspan="10"'))
    eleventh = results[10]
    group_cell = f"<p class=MsoNormal><span>{eleventh.group or eleventh.label}</span></p></td>"
    start = page.index(group_cell)
    tr = page.rindex("<tr>", 0, start)
    restart = '<td rowspan="40"><p class=MsoNormal><span>三、本年度办理结果</span></p></td>'
    page = page[: tr + 4] + restart + page[tr + 4 :]
    assert_tables(spec, read_report(page.encode(), "r.html"))


_CHROME = """<!DOCTYPE html><html><head><meta charset="utf-8" />
<meta name="SiteName" content="某某综合实验区党工委管委会"/>
<meta name="ColumnName" content="政府信息公开年报"/>
<meta name="ArticleTitle" content="{title}"/>
<meta name="PubDate" content="{pub} 09:30"/>
<title>{title}_政府信息公开年报_某某综合实验区党工委管委会</title></head><body>
<div class="header"><a href="https://www.gov.cn/">国务院</a><a>省政府</a>
<em style="display:none;"><a>你好，<font ms-text="loginInfo.showname"></font></a><a>注销</a></em>
<form style="display: none"><input placeholder="请输入您要搜索的内容"></form>
<div class="search_history" style="display: none"><span>历史搜索：</span></div>
<ul><li><a href="/">首页</a></li><li><a>政务公开</a></li></ul></div>
<div class="breadcrumb"><span>当前位置：</span><ul><li><a>政府信息公开</a></li><li><a>{agency}</a></li>
<li><a>政府信息公开年报</a></li></ul></div>
<div class="article_title">{title}</div>
<span class="article_source">来源：<font ms-text="ext3['orgname']"></font></span>
<span class="article_time">时间：{pub} 09:30</span>
<div class="tabs_hd"><ul><li>全真版</li><li>文字版</li></ul><a class="download">文件下载</a></div>
<div class="links_con"><span>相关链接：</span><p ms-repeat="list"><a ms-text="el.title"></a></p></div>
<div class="article_content"><div class=TRS_Editor>{article}</div></div>
<div class="article_qrcode"><p>扫一扫在手机上查看当前页面</p></div><button>关闭</button>
<div class="footer"><p>省市政府网站</p><ul><li><a>某某省人民政府</a></li><li><a>国家税务总局某某税务局</a></li>
<li><a>{other_title}</a></li></ul>
<p><span>网站标识码：3590000001</span><span>闽ICP备09032658号</span></p>
<p><span>版权所有：某某综合实验区党工委管委会网站</span></p>
<p><span>主办单位：某某省某某综合实验区管理委员会办公室</span></p></div>
<script>var SiteInfo = {{ itpMassage: '系统正在升级，预计于晚上20时恢复。' }};</script>
</body></html>"""


@pytest.mark.parametrize(("fmt", "year"), FORMATS)
def test_site_chrome_around_the_article(fmt, year) -> None:
    spec = b.make_spec(27, fmt=fmt, year=year)
    spec.agency = "某某综合实验区公安局"
    full = _page(spec)
    article = full[full.index("<div class=content>") : full.index("</div></td></tr></table>")]
    title = f"{spec.agency}{year}年政府信息公开工作年度报告"
    page = _CHROME.format(
        title=title,
        pub=f"{year + 1}-01-09",
        agency=spec.agency,
        article=article,
        other_title=f"某某综合实验区{year - 1}年度政府信息公开工作年度报告",
    )
    result = check_bytes(page.encode(), "page.html")
    assert result.error is None
    assert_tables(spec, result.report)
    assert not result.errors


def test_word_export_cell_text_as_shown() -> None:
    """Runs of one cell: a digit after a non-breaking space run, header words broken over
    paragraphs and <br>, a bare number straight in the cell."""
    grid = _grid_of(
        "<table><tr>"
        '<td><p><span style="FONT-FAMILY: Calibri">&nbsp;</span><span>0</span></p></td>'
        "<td><p>社会</p><p>公益 &nbsp; &nbsp;</p><p>组织 &nbsp;</p></td>"
        "<td><p><span>本年新</span><span><br/></span><span>制作数量</span></p></td>"
        "<td>89</td></tr></table>"
    )
    cells = grid.cells[0]
    assert cells[0].strip() == "0"
    assert [line.strip() for line in cells[1].split("\n")] == ["社会", "公益", "组织"]
    assert [line.strip() for line in cells[2].split("\n") if line.strip()] == ["本年新", "制作数量"]
    assert cells[3] == "89"


def test_inner_table_with_real_rows_keeps_the_outer_table_a_container() -> None:
    """An outer table whose cell holds a real table (several rows of several cells) is layout."""
    inner = "<table><tr><td>规章</td><td>1</td></tr><tr><td>行政许可</td><td>2</td></tr></table>"
    html = f"<table><tr><td>说明</td><td>{inner}</td></tr><tr><td>附注</td><td>无</td></tr></table>"
    grids = read_html(html.encode()).grids()
    assert [g.cells for g in grids] == [[["规章", "1"], ["行政许可", "2"]]]
