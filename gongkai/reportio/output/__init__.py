"""Render an annual report (gongkai.law.report.Report) for publication: DOCX in the official
layout, PDF, HTML (portal fragment and standalone page), JSON (the check contract), XLSX of the
three tables, TXT, and the 图解 page. Pure Python, no Django.

``render(report, fmt, previous=None) -> bytes``; ``previous`` is last year's report, which the
图解 page compares with and the JSON's validation checks against (T3-05). Every format draws the
same :mod:`layout` (title, parts, the tables' grids with their merged headers).
"""

from __future__ import annotations

from collections.abc import Callable

from gongkai.law.report import Report

FORMATS = ("docx", "pdf", "html", "json", "xlsx", "txt", "graphic")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
    "graphic": "text/html; charset=utf-8",
}
EXTENSIONS = {
    "docx": "docx",
    "pdf": "pdf",
    "html": "html",
    "json": "json",
    "xlsx": "xlsx",
    "txt": "txt",
    "graphic": "html",
}


class RenderError(ValueError):
    """A report that cannot be rendered in a format (message in Chinese)."""


def _renderer(fmt: str) -> Callable[[Report, Report | None], bytes]:
    # imported on demand: WeasyPrint and python-docx take a while to import
    if fmt == "html":
        from gongkai.reportio.output.html_page import render_html

        return lambda r, _p: render_html(r)
    if fmt == "txt":
        from gongkai.reportio.output.text import render_txt

        return lambda r, _p: render_txt(r)
    if fmt == "json":
        from gongkai.reportio.output.json_contract import render_json

        return render_json
    if fmt == "docx":
        from gongkai.reportio.output.docx_file import render_docx

        return lambda r, _p: render_docx(r)
    if fmt == "pdf":
        from gongkai.reportio.output.pdf_file import render_pdf

        return lambda r, _p: render_pdf(r)
    if fmt == "xlsx":
        from gongkai.reportio.output.xlsx_file import render_xlsx

        return lambda r, _p: render_xlsx(r)
    if fmt == "graphic":
        from gongkai.reportio.output.graphic import render_graphic

        return render_graphic
    raise RenderError(f"不支持的格式：{fmt!r}（可选：{'、'.join(FORMATS)}）")


def render(report: Report, fmt: str, previous: Report | None = None) -> bytes:
    """The report as a file of format ``fmt`` (one of :data:`FORMATS`)."""
    return _renderer(fmt)(report, previous)


def filename(report: Report, fmt: str) -> str:
    from gongkai.reportio.output.layout import title

    suffix = "图解" if fmt == "graphic" else ""
    return f"{title(report)}{suffix}.{EXTENSIONS[fmt]}"


__all__ = ["EXTENSIONS", "FORMATS", "MEDIA_TYPES", "RenderError", "filename", "render"]
