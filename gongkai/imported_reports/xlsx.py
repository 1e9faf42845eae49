"""The province-wide table as an Excel workbook (openpyxl)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from .summary import TABLE3_TOTALS, ProvinceLine

HEADERS = [
    "机关（报告所载）",
    "文件",
    "格式",
    "错误",
    "警告",
    *[f"表三 {label}（总计）" for _, label in TABLE3_TOTALS],
    "上年新收申请（总计）",
    "问题（按规则）",
]


def province_workbook(year: int, lines: list[ProvinceLine]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年度"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for line in lines:
        f = line.file
        ws.append(
            [
                _text(f.agency_name),
                _text(f.name),
                f"{f.format}年格式" if f.format else "",
                f.error_count,
                f.warning_count,
                *line.figures,
                line.previous_new,
                line.by_rule,
            ]
        )
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 30
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(value: str) -> str:
    """A name beginning with = + - @ would be a formula in Excel: keep it text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
