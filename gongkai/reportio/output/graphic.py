"""The 图解 page: the year's figures in charts, with their change from last year.

The charts are drawn in the browser by ECharts (vendored in gongkai/static/gongkai/vendor, no
CDN) and gongkai/static/gongkai/report-graphic.js, which reads the data from a
``<script type="application/json">`` block: no inline script, so a Content-Security-Policy
without 'unsafe-inline' allows the page. Every chart has a table with the same figures beside it,
which is what a screen reader reads and what a browser without JavaScript shows.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from gongkai.law.formats import (
    SECTIONS,
    TABLE3_COLUMNS,
    TABLE3_RESULTS_HEADING,
    TABLE4_GROUPS,
    TABLE4_OUTCOMES,
    RowKind,
)
from gongkai.law.report import Report
from gongkai.reportio.output.html_page import stylesheet
from gongkai.reportio.output.layout import printed, title

GRAPHIC_SUFFIX = "图解"
ECHARTS = "gongkai/vendor/echarts.min.js"
SCRIPT = "gongkai/report-graphic.js"
_TOTAL = len(TABLE3_COLUMNS) - 1


@dataclass(frozen=True)
class Chart:
    id: str
    kind: str  # "pie" | "bar"
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | int | None, ...]], ...]  # (name, a value per category)
    unit: str = "件"

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "unit": self.unit,
            "categories": list(self.categories),
            "series": [{"name": n, "values": list(v)} for n, v in self.series],
        }


def _year_name(report: Report) -> str:
    return f"{report.year}年" if report.year is not None else "本年"


def _result_groups(report: Report) -> dict[str, int | None]:
    """总计 column of 表三's results, the sub-rows of a group summed (（三）不予公开 …)."""
    out: dict[str, int | None] = {}
    for row in report.table3.format.table3_rows:
        if row.kind is not RowKind.RESULT:
            continue
        name = row.group or row.label
        value = report.table3.rows[row.key][_TOTAL]
        current = out.get(name, 0)
        out[name] = None if value is None or current is None else current + value
    return out


def _table2_counts(report: Report) -> dict[str, int | float | None]:
    """The first column of every 表二 row (本年制发件数, 本年处理决定数量, 本年收费金额 …)."""
    out: dict[str, int | float | None] = {}
    for item in report.table2.format.table2:
        for row in item.rows:
            value = report.table2.values[row][item.columns[0]]
            out[f"{row}（{item.columns[0]}）"] = (
                None if value is None else float(value) if not isinstance(value, int) else value
            )
    return out


def _series(report: Report, previous: Report | None, values) -> tuple:
    out = [(_year_name(report), tuple(values(report).values()))]
    if previous is not None:
        mine = values(report)
        theirs = values(previous)
        out.insert(0, (_year_name(previous), tuple(theirs.get(k) for k in mine)))
    return tuple(out)


def charts(report: Report, previous: Report | None = None) -> list[Chart]:
    t3 = report.table3

    def applicants(r: Report) -> dict[str, int | None]:
        return dict(zip(TABLE3_COLUMNS[:_TOTAL], r.table3.rows["一"][:_TOTAL], strict=True))

    def flow(r: Report) -> dict[str, int | None]:
        keys = ("一", "二", "三(七)", "四")
        return {r.table3.format.table3_row(k).label: r.table3.rows[k][_TOTAL] for k in keys}

    def appeals(r: Report) -> dict[str, int | None]:
        return {g.full_label: r.table4.get(g.key, TABLE4_OUTCOMES[-1]) for g in TABLE4_GROUPS}

    new_row = t3.format.table3_row("一").label
    return [
        Chart("flow", "bar", SECTIONS[2].title, tuple(flow(report)), _series(report, previous, flow)),
        Chart(
            "applicants",
            "pie",
            f"{new_row}（按申请人）",
            tuple(applicants(report)),
            _series(report, None, applicants),
        ),
        Chart(
            "results",
            "bar",
            TABLE3_RESULTS_HEADING.split("、", 1)[-1],
            tuple(_result_groups(report)),
            _series(report, previous, _result_groups),
        ),
        Chart(
            "proactive",
            "bar",
            SECTIONS[1].title,
            tuple(_table2_counts(report)),
            _series(
                report,
                previous if previous and previous.table2.format is report.table2.format else None,
                _table2_counts,
            ),
            unit="",
        ),
        Chart(
            "appeals",
            "bar",
            f"{SECTIONS[3].title}（{TABLE4_OUTCOMES[-1]}）",
            tuple(appeals(report)),
            _series(report, previous, appeals),
        ),
    ]


def _change(now, before) -> str:
    if now is None or before is None:
        return ""
    diff = now - before
    if diff == 0:
        return "与上年持平"
    sign = "增加" if diff > 0 else "减少"
    pct = f"，{abs(diff) / before:.0%}" if before else ""
    return f"比上年{sign}{printed(abs(diff))}{pct}"


def _fallback_table(chart: Chart) -> str:
    head = "".join(f'<th scope="col">{html.escape(name)}</th>' for name, _ in chart.series)
    changes = len(chart.series) == 2
    if changes:
        head += '<th scope="col">变化</th>'
    rows = []
    for i, category in enumerate(chart.categories):
        cells = "".join(f'<td class="gk-num">{html.escape(printed(v[i]))}</td>' for _, v in chart.series)
        if changes:
            cells += f"<td>{html.escape(_change(chart.series[1][1][i], chart.series[0][1][i]))}</td>"
        rows.append(f'<tr><th scope="row">{html.escape(category)}</th>{cells}</tr>')
    unit = f"（单位：{chart.unit}）" if chart.unit else ""
    return (
        f'<table class="gk-chart-table"><caption>{html.escape(chart.title + unit)}</caption>'
        f'<thead><tr><th scope="col">项目</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _data_block(report: Report, previous: Report | None, items: list[Chart]) -> str:
    data = {
        "title": title(report) + GRAPHIC_SUFFIX,
        "year": report.year,
        "previousYear": previous.year if previous else None,
        "charts": [c.to_json() for c in items],
    }
    # inside <script> only "</" could end the block early; \u003c keeps the JSON the same
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return f'<script type="application/json" id="gk-graphic-data">{text}</script>'


def fragment(report: Report, previous: Report | None = None) -> str:
    items = charts(report, previous)
    out = [
        f'<article class="gk-report gk-graphic" lang="zh-CN"><h1>{html.escape(title(report) + GRAPHIC_SUFFIX)}</h1>'
    ]
    if previous is not None:
        out.append(
            f"<p>图中对比{html.escape(_year_name(previous))}与{html.escape(_year_name(report))}的数据。</p>"
        )
    for c in items:
        out.append(f'<section class="gk-chart-block" aria-labelledby="gk-chart-{c.id}-h">')
        out.append(f'<h2 id="gk-chart-{c.id}-h">{html.escape(c.title)}</h2>')
        out.append(f'<div class="gk-chart" data-chart="{c.id}" aria-hidden="true"></div>')
        out.append(_fallback_table(c))
        out.append("</section>")
    out.append(_data_block(report, previous, items))
    out.append("</article>")
    return "\n".join(out)


GRAPHIC_CSS = """
.gk-graphic .gk-chart { width: 100%; height: 360px; }
.gk-graphic .gk-chart-table { margin-top: 0.5em; }
.gk-graphic .gk-chart-table td { text-align: center; }
"""


def page(report: Report, previous: Report | None = None, static_url: str = "/static/") -> str:
    """A standalone page; ``static_url`` is where gongkai/static is served (Django's STATIC_URL)."""
    base = static_url if static_url.endswith("/") else static_url + "/"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title(report) + GRAPHIC_SUFFIX)}</title>"
        f"<style>{stylesheet()}{GRAPHIC_CSS}</style>"
        f'<script src="{html.escape(base + ECHARTS)}" defer></script>'
        f'<script src="{html.escape(base + SCRIPT)}" defer></script>'
        f"</head>\n<body>\n{fragment(report, previous)}\n</body></html>\n"
    )


def render_graphic(report: Report, previous: Report | None = None) -> bytes:
    return page(report, previous).encode("utf-8")
