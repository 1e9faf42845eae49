"""The report as plain text, in the shape published text reports have: the title, the six parts,
the tables as tab-separated lines with a merged cell's text in its first position (what Word
writes when it saves a report as text), then the agency and the date. UTF-8 with a BOM, which
Windows' Notepad needs to show Chinese; the checker's TXT reader reads it back.
"""

from __future__ import annotations

from gongkai.law.report import Report
from gongkai.reportio.output.layout import Grid, layout


def grid_lines(grid: Grid) -> list[str]:
    return ["\t".join(row) for row in grid.text_rows()]


def text(report: Report) -> str:
    lay = layout(report)
    out = [lay.title, ""]
    for part in lay.parts:
        out.append(part.section.heading)
        out += part.paragraphs
        if part.grid is not None:
            out += grid_lines(part.grid)
        out.append("")
    out += [line for line in (lay.agency, lay.date_line) if line]
    return "\n".join(out) + "\n"


def render_txt(report: Report) -> bytes:
    return "\ufeff".encode() + text(report).encode("utf-8")
