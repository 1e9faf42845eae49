"""The report as HTML: a fragment for the portal's page and a standalone document (also what
WeasyPrint prints). Accessible tables: a <caption>, <th> with ``scope``, and for the multi-level
headers of 表三 and 表四 every data cell names its headers (``headers``/``id``). Everything
printed is escaped; ids are prefixed so two reports can share a page.
"""

from __future__ import annotations

import html
from importlib.resources import files

from gongkai.law.report import Report
from gongkai.reportio.output.layout import Grid, Layout, layout, title, title_lines

CAPTIONS = {"二": "表二", "三": "表三", "四": "表四"}
CLASSES = {"二": "t2", "三": "t3", "四": "t4"}


def stylesheet(name: str = "report.css") -> str:
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def _attrs(**values: object) -> str:
    return "".join(
        f' {k.rstrip("_").replace("_", "-")}="{html.escape(str(v))}"'
        for k, v in values.items()
        if v not in (None, "", 1)
    )


def table(grid: Grid, prefix: str = "") -> str:
    def ref(i: str | None) -> str | None:
        return f"{prefix}{i}" if i else None

    out = [f'<div class="gk-table-wrap"><table class="gk-table gk-{CLASSES[grid.number]}">']
    caption = grid.caption.split("、", 1)[-1]
    out.append(f"<caption>{CAPTIONS[grid.number]}　{html.escape(caption)}</caption>")
    out.append(
        f"<colgroup>{'<col>' * grid.n_cols}</colgroup>"
    )  # widths in report.css (no style attributes: CSP)
    rows = grid.rows()
    for r, cells in enumerate(rows):
        if r == 0 and grid.header_rows:
            out.append("<thead>")
        if r == grid.header_rows:
            out.append("<tbody>")
        out.append("<tr>")
        for c in cells:
            tag = "th" if c.header else "td"
            attrs = _attrs(
                id=ref(c.id) if c.header else None,
                scope=c.scope,
                rowspan=c.rowspan,
                colspan=c.colspan,
                headers=" ".join(ref(h) for h in c.headers) if c.headers else None,
                class_="gk-num" if c.numeric else None,
            )
            out.append(f"<{tag}{attrs}>{html.escape(c.text)}</{tag}>")
        out.append("</tr>")
        if r == grid.header_rows - 1:
            out.append("</thead>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _title_class(line: str) -> str:
    """A long agency name is printed smaller so that it stays on one line of the page: a reader of
    the PDF finds the agency on the line above the year (print.css sizes these classes)."""
    return "gk-title-longer" if len(line) > 28 else "gk-title-long" if len(line) > 22 else "gk-title"


def fragment(report: Report, prefix: str = "gk-") -> str:
    """The report as an <article> for a page that brings its own <head> (and report.css)."""
    lay: Layout = layout(report)
    lines = title_lines(report)
    heading = "<br>".join(
        [
            f'<span class="{_title_class(lines[0])}">{html.escape(lines[0])}</span>',
            *map(html.escape, lines[1:]),
        ]
    )
    out = [f'<article class="gk-report" lang="zh-CN"><h1>{heading}</h1>']
    for part in lay.parts:
        heading_id = f"{prefix}part-{part.section.number}"
        out.append(f'<section aria-labelledby="{heading_id}"><h2 id="{heading_id}">')
        out.append(f"{html.escape(part.section.heading)}</h2>")
        out += [f"<p>{html.escape(p)}</p>" for p in part.paragraphs]
        if part.grid is not None:
            out.append(table(part.grid, prefix))
        out.append("</section>")
    if lay.agency or lay.date_line:
        out.append('<footer class="gk-signature">')
        out += [f'<p class="gk-signature">{html.escape(t)}</p>' for t in (lay.agency, lay.date_line) if t]
        out.append("</footer>")
    out.append("</article>")
    return "\n".join(out)


def document(report: Report, extra_css: str = "", head: str = "") -> str:
    """A standalone page: the fragment with its stylesheet (inline: the file travels alone)."""
    lay_title = html.escape(title(report))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{lay_title}</title><style>{stylesheet()}{extra_css}</style>{head}</head>\n"
        f"<body>\n{fragment(report)}\n</body></html>\n"
    )


def render_html(report: Report) -> bytes:
    return document(report).encode("utf-8")
