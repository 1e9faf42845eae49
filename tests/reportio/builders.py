"""Write test reports in each format from known numbers, with each format's hazards.

The numbers are generated so that every identity holds (a clean report); tests break them on
purpose where they need an error. Labels come from gongkai.law.formats, so a builder never
invents wording.
"""

from __future__ import annotations

import html as html_lib
import io
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.law.formats import (
    FORMAT_2019,
    FORMAT_2021,
    SECTIONS,
    TABLE3_COLUMNS,
    TABLE3_NOTE,
    TABLE4_GROUPS,
    TABLE4_OUTCOMES,
    ReportFormat,
    RowKind,
)


@dataclass
class Spec:
    agency: str = "某某市某某局"
    year: int = 2023
    fmt: ReportFormat = FORMAT_2021
    table2: dict[str, list[object]] = field(default_factory=dict)  # row → values
    table3: dict[str, list[int]] = field(default_factory=dict)
    table4: list[int] = field(default_factory=list)
    section6: str = "本年度未收取信息处理费。"


def make_spec(seed: int = 1, fmt: ReportFormat = FORMAT_2021, year: int = 2023, big: bool = False) -> Spec:
    """A clean report: every row's 总计 is its sum, results add to （七）, 一+二 = （七）+四."""
    rnd = random.Random(seed)
    hi = 900 if big else 30
    results = [r.key for r in fmt.table3_rows if r.kind is RowKind.RESULT]
    rows: dict[str, list[int]] = {}
    for key in results:
        cells = [rnd.randint(0, hi) if rnd.random() < 0.6 else 0 for _ in range(6)]
        rows[key] = [*cells, sum(cells)]
    total = [sum(rows[k][c] for k in results) for c in range(7)]
    fwd6 = [rnd.randint(0, 5) for _ in range(6)]
    carried6 = [rnd.randint(0, min(5, total[c] + fwd6[c])) for c in range(6)]
    new6 = [total[c] + fwd6[c] - carried6[c] for c in range(6)]
    rows["一"] = [*new6, sum(new6)]
    rows["二"] = [*carried6, sum(carried6)]
    rows["三(七)"] = total
    rows["四"] = [*fwd6, sum(fwd6)]
    t4: list[int] = []
    for _ in TABLE4_GROUPS:
        four = [rnd.randint(0, 12) for _ in range(4)]
        t4 += [*four, sum(four)]
    t2 = {}
    for item in fmt.table2:
        for row in item.rows:
            t2[row] = [
                (f"{rnd.randint(0, 99999)}.{rnd.randint(0, 99):02d}" if item.money else rnd.randint(0, 500))
                for _ in item.columns
            ]
    return Spec(fmt=fmt, year=year, table2=t2, table3={k: rows[k] for k in fmt.table3_keys}, table4=t4)


def _heading(number: str) -> str:
    return next(s.heading for s in SECTIONS if s.number == number)


def narrative(spec: Spec) -> dict[str, str]:
    new = spec.table3["一"][6]
    return {
        "一": f"{spec.year}年，本机关认真贯彻《中华人民共和国政府信息公开条例》，全年新收政府信息公开申请{new}件。",
        "五": "存在的主要问题是政策解读形式单一。改进措施：一是丰富解读形式；二是加强培训。",
        "六": spec.section6,
    }


# --- text -------------------------------------------------------------------------------------
def to_tab_text(
    spec: Spec,
    *,
    shift_leaves: bool = True,
    drop_rows: tuple[str, ...] = (),
    drop_table4: bool = False,
    header_misprint: bool = False,
) -> str:
    """Tab-separated text as Word exports it: merged cells as empty cells, leaf rows shifted."""
    text = narrative(spec)
    out = [
        f"{spec.agency} {spec.year} 年政府信息公开工作年度报告",
        "",
        _heading("一"),
        text["一"],
        "",
        _heading("二"),
        "",
    ]
    for item in spec.fmt.table2:
        out.append(item.article_item + "\t\t\t")
        cols = list(item.columns)
        if header_misprint and "本年废止件数" in cols:
            cols[cols.index("本年废止件数")] = "本年度止件数"
        out.append("信息内容\t" + "\t".join(cols))
        for row in item.rows:
            out.append(row + "\t" + "\t".join(str(v) for v in spec.table2[row]) + "\t" * (3 - len(cols)))
    out += ["", _heading("三"), ""]
    out.append(TABLE3_NOTE + "\t\t申请人情况\t\t\t\t\t\t总计\t")
    out.append("\t\t自然人\t法人或其他组织\t\t\t\t\t\t")
    out.append("\t\t\t" + "\t".join(TABLE3_COLUMNS[1:6]) + "\t\t")
    last_group = None
    for row in spec.fmt.table3_rows:
        if row.key in drop_rows:
            continue
        cells = "\t".join(str(v) for v in spec.table3[row.key])
        if row.kind is not RowKind.RESULT:
            out.append(f"{row.label}\t\t{cells}\t")
        elif row.group:
            group = row.group if row.group != last_group else ""
            last_group = row.group
            lead = f"\t{group}\t{row.label}" if shift_leaves else f"{group}{row.label}\t"
            out.append(f"{lead}\t{cells}")
        else:
            out.append(f"\t{row.label}\t{cells}\t")
    out += ["", _heading("四"), ""]
    if drop_table4:  # the section says it in a sentence, as reports without a case do
        out.append("本年度未发生政府信息公开行政复议、行政诉讼案件。")
    else:
        out.append("行政复议\t\t\t\t\t行政诉讼" + "\t" * 9)
        out.append("\t".join(TABLE4_OUTCOMES) + "\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t")
        out.append("\t" * 5 + "\t".join(TABLE4_OUTCOMES * 2))
        out.append("\t".join(str(v) for v in spec.table4))
    out += [
        "",
        _heading("五"),
        text["五"],
        "",
        _heading("六"),
        text["六"],
        "",
        spec.agency,
        f"{spec.year + 1}年1月20日",
    ]
    return "\n".join(out) + "\n"


def to_flat_text(spec: Spec) -> str:
    """A crawler's rendering: one line, cells run together (the hazard of fixtures 010/013/041)."""
    text = narrative(spec)
    parts = [
        f"标题: {spec.agency}{spec.year}年政府信息公开工作年度报告",
        "==================== 正文 ====================",
        "",
    ]
    body = [f"{_heading('一')}{text['一']}", _heading("二")]
    for item in spec.fmt.table2:
        body.append(item.article_item + "信息内容" + "".join(item.columns))
        for row in item.rows:
            body.append(row + "".join(str(v) for v in spec.table2[row]))
    body.append(
        _heading("三") + TABLE3_NOTE + "申请人情况自然人法人或其他组织总计" + "".join(TABLE3_COLUMNS[1:6])
    )
    last_group = None
    for row in spec.fmt.table3_rows:
        group = row.group if row.group and row.group != last_group else ""
        last_group = row.group or last_group
        body.append(group + row.label + "".join(str(v) for v in spec.table3[row.key]))
    body.append(
        _heading("四")
        + "行政复议行政诉讼"
        + "".join(TABLE4_OUTCOMES)
        + "未经复议直接起诉复议后起诉"
        + "".join(TABLE4_OUTCOMES * 2)
    )
    body.append("".join(str(v) for v in spec.table4))
    body.append(_heading("五") + text["五"] + _heading("六") + text["六"])
    return "\n".join(parts) + "".join(body) + "\n"


def to_cell_lines(spec: Spec, sep: str = "\n") -> str:
    """Another crawler's rendering: every label and every cell on its own line (``sep`` between
    them), a blank cell an empty line — the cell boundaries survive as line-break runs."""
    text = narrative(spec)
    lines = [
        f"标题：{spec.agency}{spec.year}年政府信息公开工作年度报告",
        "",
        _heading("一"),
        text["一"],
        _heading("二"),
    ]

    def row(label: str, cells: list) -> None:
        lines.append(label + sep + sep.join(str(v) for v in cells))

    for item in spec.fmt.table2:
        lines += [item.article_item, "信息内容", *item.columns]
        for r in item.rows:
            row(r, spec.table2[r])
    lines += [
        _heading("三"),
        TABLE3_NOTE,
        "申请人情况",
        "自然人",
        "法人或其他组织",
        *TABLE3_COLUMNS[1:6],
        "总计",
    ]
    last_group = None
    for r in spec.fmt.table3_rows:
        group = r.group if r.group and r.group != last_group else ""
        last_group = r.group or last_group
        if group:
            lines.append(group)
        row(r.label, spec.table3[r.key])
    lines += [_heading("四"), "行政复议", "行政诉讼", *TABLE4_OUTCOMES, "未经复议直接起诉", "复议后起诉"]
    lines += [*(TABLE4_OUTCOMES * 2), sep.join(str(v) for v in spec.table4)]
    lines += [_heading("五"), text["五"], _heading("六"), text["六"]]
    return "\n".join(lines) + "\n"


# --- HTML ---------------------------------------------------------------------------------------
def _td(text: object, rowspan: int = 1, colspan: int = 1) -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
        f' colspan="{colspan}"' if colspan > 1 else ""
    )
    return f"<td{attrs}><p class=MsoNormal><span>{html_lib.escape(str(text))}</span></p></td>"


def table3_html(spec: Spec) -> str:
    rows = spec.fmt.table3_rows
    results = [r for r in rows if r.kind is RowKind.RESULT or r.kind is RowKind.TOTAL]
    out = ["<table border=1>"]
    out.append("<tr>" + _td(TABLE3_NOTE, 3, 3) + _td("申请人情况", 1, 7) + "</tr>")
    out.append("<tr>" + _td("自然人", 2) + _td("法人或其他组织", 1, 5) + _td("总计", 2) + "</tr>")
    out.append("<tr>" + "".join(_td(c.replace("组织", "<br>组织")) for c in TABLE3_COLUMNS[1:6]) + "</tr>")
    groups: dict[str, int] = {}
    for r in rows:
        if r.group:
            groups[r.group] = groups.get(r.group, 0) + 1
    seen_heading = False
    seen_groups: set[str] = set()
    for r in rows:
        cells = "".join(_td(v) for v in spec.table3[r.key])
        if r.kind in (RowKind.NEW, RowKind.CARRIED, RowKind.FORWARD):
            out.append("<tr>" + _td(r.label, 1, 3) + cells + "</tr>")
            continue
        lead = ""
        if not seen_heading:
            lead += _td("三、本年度办理结果", len(results))
            seen_heading = True
        if r.group:
            if r.group not in seen_groups:
                lead += _td(r.group, groups[r.group])
                seen_groups.add(r.group)
            lead += _td(r.label)
        else:
            lead += _td(r.label, 1, 2)
        out.append("<tr>" + lead + cells + "</tr>")
    out.append("</table>")
    return "".join(out).replace("&lt;br&gt;", "<br>")


def to_html(spec: Spec, charset: str = "utf-8", declare: bool = True) -> bytes:
    text = narrative(spec)
    t2 = ["<table border=1>"]
    for item in spec.fmt.table2:
        t2.append("<tr>" + _td(item.article_item, 1, 4) + "</tr>")
        span = 4 - len(item.columns)
        t2.append(
            "<tr>"
            + _td("信息内容")
            + "".join(
                _td(c, 1, 1 + (span if i == len(item.columns) - 1 else 0)) for i, c in enumerate(item.columns)
            )
            + "</tr>"
        )
        for row in item.rows:
            vals = spec.table2[row]
            t2.append(
                "<tr>"
                + _td(row)
                + "".join(_td(v, 1, 1 + (span if i == len(vals) - 1 else 0)) for i, v in enumerate(vals))
                + "</tr>"
            )
    t2.append("</table>")
    t4 = ["<table border=1><tr>", _td("行政复议", 1, 5), _td("行政诉讼", 1, 10), "</tr><tr>"]
    t4 += [_td(o, 2) for o in TABLE4_OUTCOMES] + [
        _td("未经复议直接起诉", 1, 5),
        _td("复议后起诉", 1, 5),
        "</tr><tr>",
    ]
    t4 += (
        [_td(o) for o in TABLE4_OUTCOMES * 2]
        + ["</tr><tr>"]
        + [_td(v) for v in spec.table4]
        + ["</tr></table>"]
    )
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if declare else ""
    page = (
        f"<html><head>{meta}<title>{spec.agency}{spec.year}年政府信息公开工作年度报告_政府信息公开年报</title>"
        "<script>var nav='一、总体情况';</script></head><body>"
        "<div class=nav>首页 &gt; 政务公开</div>"
        f"<table width=100%><tr><td><div class=content>"
        f"<p align=center>{spec.agency}{spec.year}年政府信息公开工作年度报告</p>"
        f"<p>{_heading('一')}</p><p>{text['一']}</p><p>{_heading('二')}</p>{''.join(t2)}"
        f"<p>{_heading('三')}</p>{table3_html(spec)}<p>{_heading('四')}</p>{''.join(t4)}"
        f"<p>{_heading('五')}</p><p>{text['五']}</p><p>{_heading('六')}</p><p>{text['六']}</p>"
        "</div></td></tr></table><div style='display:none'>二、主动公开政府信息情况 规章 9 9 9</div></body></html>"
    )
    return page.encode(charset)


# --- DOCX ---------------------------------------------------------------------------------------
def to_docx(spec: Spec) -> bytes:
    import docx

    d = docx.Document()
    text = narrative(spec)
    d.add_paragraph(f"{spec.agency}{spec.year}年政府信息公开工作年度报告")
    d.add_paragraph(_heading("一"))
    d.add_paragraph(text["一"])
    d.add_paragraph(_heading("二"))
    n2 = sum(2 + len(item.rows) for item in spec.fmt.table2)
    t = d.add_table(rows=n2, cols=4)
    r = 0
    for item in spec.fmt.table2:
        t.cell(r, 0).merge(t.cell(r, 3)).text = item.article_item
        r += 1
        t.cell(r, 0).text = "信息内容"
        for i, c in enumerate(item.columns):
            t.cell(r, 1 + i).text = c
        if len(item.columns) < 3:
            t.cell(r, len(item.columns)).merge(t.cell(r, 3))
        r += 1
        for row in item.rows:
            t.cell(r, 0).text = row
            for i, v in enumerate(spec.table2[row]):
                t.cell(r, 1 + i).text = str(v)
            if len(item.columns) < 3:
                t.cell(r, len(item.columns)).merge(t.cell(r, 3))
            r += 1
    d.add_paragraph(_heading("三"))
    rows = spec.fmt.table3_rows
    t = d.add_table(rows=3 + len(rows), cols=10)
    t.cell(0, 0).merge(t.cell(2, 2)).text = TABLE3_NOTE
    t.cell(0, 3).merge(t.cell(0, 9)).text = "申请人情况"
    t.cell(1, 3).merge(t.cell(2, 3)).text = "自然人"
    t.cell(1, 4).merge(t.cell(1, 8)).text = "法人或其他组织"
    t.cell(1, 9).merge(t.cell(2, 9)).text = "总计"
    for i, c in enumerate(TABLE3_COLUMNS[1:6]):
        t.cell(2, 4 + i).text = c
    first_result = None
    last_result = None
    group_start: dict[str, int] = {}
    group_end: dict[str, int] = {}
    for i, row in enumerate(rows):
        ri = 3 + i
        for c, v in enumerate(spec.table3[row.key]):
            t.cell(ri, 3 + c).text = str(v)
        if row.kind in (RowKind.NEW, RowKind.CARRIED, RowKind.FORWARD):
            t.cell(ri, 0).merge(t.cell(ri, 2)).text = row.label
            continue
        first_result = first_result if first_result is not None else ri
        last_result = ri
        if row.group:
            group_start.setdefault(row.group, ri)
            group_end[row.group] = ri
            t.cell(ri, 2).text = row.label
        else:
            t.cell(ri, 1).merge(t.cell(ri, 2)).text = row.label
    for g, s in group_start.items():
        t.cell(s, 1).merge(t.cell(group_end[g], 1)).text = g
    t.cell(first_result, 0).merge(t.cell(last_result, 0)).text = "三、本年度办理结果"
    d.add_paragraph(_heading("四"))
    t = d.add_table(rows=4, cols=15)
    t.cell(0, 0).merge(t.cell(0, 4)).text = "行政复议"
    t.cell(0, 5).merge(t.cell(0, 14)).text = "行政诉讼"
    for i, o in enumerate(TABLE4_OUTCOMES):
        t.cell(1, i).merge(t.cell(2, i)).text = o
        t.cell(2, 5 + i).text = o
        t.cell(2, 10 + i).text = o
    t.cell(1, 5).merge(t.cell(1, 9)).text = "未经复议直接起诉"
    t.cell(1, 10).merge(t.cell(1, 14)).text = "复议后起诉"
    for i, v in enumerate(spec.table4):
        t.cell(3, i).text = str(v)
    d.add_paragraph(_heading("五"))
    d.add_paragraph(text["五"])
    d.add_paragraph(_heading("六"))
    d.add_paragraph(text["六"])
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def html_for_pdf(spec: Spec) -> str:
    """A page for Chromium's print-to-PDF: a long table 三 that wraps labels and crosses a page."""
    body = to_html(spec).decode("utf-8")
    style = (
        "<style>body{font-family:'WenQuanYi Zen Hei','AR PL SungtiL GB',sans-serif;font-size:11pt}"
        "table{border-collapse:collapse;width:100%}td{border:1px solid #000;padding:2px}"
        "p{margin:4pt 0}</style>"
    )
    return body.replace("</head>", style + "</head>")


TRUTH_FORMATS = {"2021": FORMAT_2021, "2019": FORMAT_2019}


def print_pdf(spec: Spec, timeout: int = 120) -> bytes | None:
    """The spec's report printed to PDF by Debian's Chromium (wrapped cells, page breaks), or
    None when Chromium is not installed."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        return None
    with tempfile.TemporaryDirectory() as d:
        src, out = Path(d) / "r.html", Path(d) / "r.pdf"
        src.write_text(html_for_pdf(spec), encoding="utf-8")
        subprocess.run(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--no-pdf-header-footer",
                f"--user-data-dir={Path(d) / 'profile'}",
                f"--print-to-pdf={out}",
                src.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        return out.read_bytes()
