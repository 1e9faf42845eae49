"""Benchmarks of rendering one annual report (issue 10 "Performance").

BENCH render_docx_s   render(report, "docx") of one full 2021 report (six parts of realistic
                      text, the three tables): best of several runs.
                      ratio = that / python-docx saving an empty document, same run
BENCH render_pdf_s    render(report, "pdf") of the same report through WeasyPrint (4–5 A4 pages,
                      CJK font subset embedded).
                      ratio = that / WeasyPrint printing an empty page, same run
Also: render_html_ms, render_xlsx_ms, render_txt_ms (no baseline: the same layout the others
draw), and pages= on the PDF line.

The report is bench_report's make_report (records-like figures, text cut from the seed report).
"""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import best_of, emit  # noqa: E402
from bench_report import make_report  # noqa: E402

from gongkai.reportio.output import render  # noqa: E402


def empty_docx() -> bytes:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


def empty_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<!DOCTYPE html><html><body></body></html>").write_pdf()


def main() -> None:
    report = make_report(random.Random(20241231), "某市某某局")
    for fmt in ("docx", "pdf", "html", "xlsx", "txt"):  # imports and font loading out of the timing
        render(report, fmt)
    empty_docx()
    empty_pdf()

    d = best_of(lambda: render(report, "docx"), 5)
    d0 = best_of(empty_docx, 5)
    emit(
        "render_docx_s", d, "s", ratio=d / d0, baseline="python_docx_empty_document", baseline_s=round(d0, 4)
    )

    pdf = render(report, "pdf")
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(pdf))
    p = best_of(lambda: render(report, "pdf"), 3)
    p0 = best_of(empty_pdf, 3)
    emit(
        "render_pdf_s",
        p,
        "s",
        ratio=p / p0,
        baseline="weasyprint_empty_page",
        baseline_s=round(p0, 4),
        pages=pages,
        s_per_page=round(p / pages, 4),
    )
    for fmt in ("html", "xlsx", "txt"):
        emit(f"render_{fmt}_ms", best_of(lambda fmt=fmt: render(report, fmt), 5) * 1000, "ms")


if __name__ == "__main__":
    main()
