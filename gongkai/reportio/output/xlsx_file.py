"""The three tables as an Excel workbook: a sheet each (表二, 表三, 表四) with the template's merged
header cells, numbers stored as numbers (a blank or 「/」 cell as printed), and the report's title
above each table."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.law.report import Report
from gongkai.reportio.output.html_page import CAPTIONS
from gongkai.reportio.output.layout import Grid, layout

FONT = "仿宋_GB2312"
_THIN = Side(style="thin", color="333333")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TOP = 3  # the grid starts on this row, under the title and the table's caption
SHEET_WIDTH = 120  # characters across all columns of a sheet


def _value(text: str, numeric: bool) -> int | Decimal | str:
    if not numeric or not text:
        return text
    if text.isdigit():
        return int(text)
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


def _sheet(wb: Workbook, grid: Grid, title: str) -> None:
    ws = wb.create_sheet(CAPTIONS[grid.number])
    ws["A1"] = title
    ws["A1"].font = Font(name=FONT, size=14, bold=True)
    ws["A2"] = f"{CAPTIONS[grid.number]}　{grid.caption}"
    ws["A2"].font = Font(name=FONT, size=12)
    for c in grid.cells:
        row, col = TOP + c.row, 1 + c.col
        cell = ws.cell(row=row, column=col, value=_value(c.text, c.numeric))
        cell.font = Font(name=FONT, size=10)
        cell.alignment = Alignment(
            horizontal="left" if c.scope == "row" else "center", vertical="center", wrap_text=True
        )
        for r in range(row, row + c.rowspan):  # borders on every position, merged ones too
            for k in range(col, col + c.colspan):
                ws.cell(row=r, column=k).border = _BORDER
        if c.rowspan > 1 or c.colspan > 1:
            ws.merge_cells(
                start_row=row, start_column=col, end_row=row + c.rowspan - 1, end_column=col + c.colspan - 1
            )
    widths = grid.widths or (1 / grid.n_cols,) * grid.n_cols
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(6, round(SHEET_WIDTH * w))
    ws.freeze_panes = ws.cell(row=TOP + grid.header_rows, column=1)


def render_xlsx(report: Report) -> bytes:
    lay = layout(report)
    wb = Workbook()
    wb.remove(wb.active)
    for number in ("二", "三", "四"):
        _sheet(wb, lay.grids[number], lay.title)
    wb.properties.title = lay.title
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
