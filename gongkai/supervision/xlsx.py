"""The dashboard table as an XLSX workbook (openpyxl), for the office's own records and meetings."""

from __future__ import annotations

from io import BytesIO

from .external import ExternalRow
from .status import StatusRow

HEADERS = ("机关", "来源", "状态", "报送日期", "提交期限", "是否逾期", "错误数", "警告数")


def dashboard_workbook(title: str, rows: list[StatusRow], external: list[ExternalRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "报送情况"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in rows:
        sheet.append(
            [
                r.agency.name,
                "系统内",
                r.state_label,
                r.submitted_on,
                r.due,
                r.overdue_text or "否",
                r.errors,
                r.warnings,
            ]
        )
    for e in external:
        sheet.append([e.agency, e.source, "已发布", None, None, None, e.errors, e.warnings])
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if cell.data_type == "f":  # a name read from an imported file is text, never a formula
                cell.data_type = "s"
        for cell in row[3:5]:
            cell.number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEFGH", (36, 10, 10, 12, 12, 12, 8, 8), strict=True):
        sheet.column_dimensions[column].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()
