"""第二十条第（五）（六）（八）项 figures (行政许可、行政处罚、行政强制 处理决定数量, 行政事业性收费
金额) of many agencies and years from one Excel sheet, through :class:`SaveStatistics`.

The sheet's header row (in the first 10 lines) names the columns, in any order: 机关代码 and/or
机关名称, 年度, 行政许可, 行政处罚, 行政强制, 行政事业性收费（万元）. Every bad row is reported with
its Excel line number in Chinese, and nothing is saved unless every row is good (one transaction).
A row may only concern an agency the uploader may edit (``Action.EDIT``).

:func:`parse` reads the workbook into :class:`StatRow` values without touching the database;
:func:`import_statistics` resolves the agencies, checks the permissions and saves.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from gongkai.actions import REFUSALS, refusal_text
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action, can

from .actions import SaveStatistics

CODE, NAME, YEAR = "机关代码", "机关名称", "年度"
COUNTS = {"licensing": "行政许可", "penalties": "行政处罚", "enforcement": "行政强制"}
FEES = "行政事业性收费（万元）"
COLUMNS = (CODE, NAME, YEAR, *COUNTS.values(), FEES)
# Headers people actually type for the money column.
FEE_ALIASES = {"行政事业性收费(万元)", "行政事业性收费", "行政事业性收费金额", "行政事业性收费金额（万元）"}
HEADER_SEARCH_LINES = 10
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024


class StatisticsFileError(Exception):
    """The file as a whole cannot be used (not a workbook, no header, a column missing)."""


@dataclass
class StatRow:
    line: int
    code: str
    name: str
    year: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    fees: Decimal | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.name or self.code


@dataclass
class ImportResult:
    rows: list[StatRow]
    errors: list[tuple[int, str]]
    saved: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        return [f"第 {line} 行：{text}" if line else text for line, text in self.errors]


def _header_key(value: Any) -> str:
    text = re.sub(r"\s+", "", str(value or ""))
    if text in FEE_ALIASES:
        return FEES
    return text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _count(value: Any, label: str) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"{label}未填写（没有的请填 0）")
    if isinstance(value, bool):
        raise ValueError(f"{label}应为不小于 0 的整数")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{label}“{value:g}”应为整数")
        value = int(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        if not re.fullmatch(r"\d+", text):
            raise ValueError(f"{label}“{value.strip()}”应为不小于 0 的整数")
        value = int(text)
    if not isinstance(value, int) or value < 0:
        raise ValueError(f"{label}应为不小于 0 的整数")
    return value


def _fees(value: Any) -> Decimal:
    label = "行政事业性收费金额"
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"{label}未填写（没有的请填 0）")
    if isinstance(value, bool):
        raise ValueError(f"{label}应为数字（单位：万元）")
    text = repr(value) if isinstance(value, float) else str(value).strip().replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{label}“{_text(value)}”应为数字（单位：万元）") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{label}应为不小于 0 的数字（单位：万元）")
    if amount.as_tuple().exponent < -6:
        raise ValueError(f"{label}“{_text(value)}”最多保留 6 位小数（单位：万元）")
    return amount


def _year(value: Any) -> int:
    text = _text(value).removesuffix("年")
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"年度“{_text(value)}”应为 4 位数字的年份，如 2025" if text else "年度未填写")
    return int(text)


def parse(data: bytes) -> list[StatRow]:
    """The sheet's rows (blank rows skipped), each with its own errors; the file's own problems
    raise :class:`StatisticsFileError`."""
    if len(data) > MAX_BYTES:
        raise StatisticsFileError("文件超过 5 MB，请删除多余的工作表或内容后再上传。")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise StatisticsFileError("无法读取该文件：请上传 Excel 工作簿（.xlsx），可先下载模板。") from exc
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header_line, index = 0, {}
        for line, row in enumerate(rows, start=1):
            keys = [_header_key(v) for v in row]
            if YEAR in keys and (CODE in keys or NAME in keys):
                header_line, index = line, {k: i for i, k in enumerate(keys) if k}
                break
            if line >= HEADER_SEARCH_LINES:
                break
        if not header_line:
            raise StatisticsFileError(
                f"前 {HEADER_SEARCH_LINES} 行中没有找到表头（应含“机关代码”或“机关名称”，以及“年度”等列，"
                "与模板相同）。"
            )
        missing = [name for name in (YEAR, *COUNTS.values(), FEES) if name not in index]
        if missing:
            raise StatisticsFileError(f"表头缺少以下列：{'、'.join(missing)}。")
        found: list[StatRow] = []
        for line, row in enumerate(rows, start=header_line + 1):
            values = {key: (row[i] if i < len(row) else None) for key, i in index.items()}
            if all(_text(values.get(k)) == "" for k in COLUMNS):
                continue
            if len(found) >= MAX_ROWS:
                raise StatisticsFileError(f"一次最多导入 {MAX_ROWS} 行。")
            found.append(_parse_row(line, values))
        return found
    finally:
        wb.close()


def _parse_row(line: int, values: dict[str, Any]) -> StatRow:
    row = StatRow(line, _text(values.get(CODE)), _text(values.get(NAME)))
    if not (row.code or row.name):
        row.errors.append("未填写机关代码或机关名称")
    try:
        row.year = _year(values.get(YEAR))
    except ValueError as exc:
        row.errors.append(str(exc))
    for key, label in COUNTS.items():
        try:
            row.counts[key] = _count(values.get(label), f"{label}处理决定数量")
        except ValueError as exc:
            row.errors.append(str(exc))
    try:
        row.fees = _fees(values.get(FEES))
    except ValueError as exc:
        row.errors.append(str(exc))
    return row


def _agency_of(row: StatRow) -> tuple[Agency | None, str]:
    """The agency a row names (by code, else by full or short name) or why none."""
    if row.code:
        agency = Agency.objects.filter(code=row.code).first()
        if agency is None:
            return None, f"没有机关代码为“{row.code}”的机关"
        if row.name and row.name not in (agency.name, agency.short_name):
            return None, f"机关代码“{row.code}”是{agency.name}，与机关名称“{row.name}”不符"
        return agency, ""
    matches = list(Agency.objects.filter(name=row.name)) or list(Agency.objects.filter(short_name=row.name))
    if not matches:
        return None, f"没有名称为“{row.name}”的机关"
    if len(matches) > 1:
        return None, f"名称为“{row.name}”的机关不止一个，请填写机关代码"
    return matches[0], ""


def import_statistics(actor: Any, data: bytes) -> ImportResult:
    """Save every row, or none: the rows' errors (line, text) when any row is bad. Raises
    :class:`StatisticsFileError` for a file that cannot be read at all."""
    rows = parse(data)
    result = ImportResult(rows, [])
    if not rows:
        result.errors.append((0, "表中没有数据行。"))
        return result
    seen: dict[tuple[int, int], int] = {}
    resolved: list[tuple[StatRow, Agency]] = []
    for row in rows:
        errors = list(row.errors)
        agency = None
        if row.code or row.name:
            agency, why = _agency_of(row)
            if why:
                errors.append(why)
            elif not can(actor, Action.EDIT, agency):
                errors.append(f"您无权填报{agency.name}的统计数据")
        if agency is not None and row.year is not None:
            key = (agency.pk, row.year)
            if key in seen:
                errors.append(f"与第 {seen[key]} 行重复（同一机关同一年度）")
            else:
                seen[key] = row.line
        if errors:
            result.errors.append((row.line, "；".join(errors) + "。"))
        elif agency is not None:
            resolved.append((row, agency))
    if result.errors:
        return result

    class _Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            for row, agency in resolved:
                try:
                    SaveStatistics(
                        actor, agency, row.year, fees=row.fees, reason="导入主动公开统计数据", **row.counts
                    ).execute()
                except REFUSALS as exc:
                    result.errors.append((row.line, refusal_text(exc)))
            if result.errors:
                raise _Rollback
    except _Rollback:
        return result
    result.saved = len(resolved)
    return result


def template_workbook() -> bytes:
    """An empty sheet with the columns, and a second sheet saying how to fill it in."""
    wb = Workbook()
    ws = wb.active
    ws.title = "主动公开统计数据"
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    widths = (14, 28, 8, 12, 12, 12, 22)
    for letter, width in zip("ABCDEFG", widths, strict=True):
        ws.column_dimensions[letter].width = width
    notes = wb.create_sheet("填写说明")
    for text in (
        "每行填写一个机关一个年度的数据；“机关代码”（系统中的机关代号）和“机关名称”至少填一项。",
        "行政许可、行政处罚、行政强制：本年度作出的处理决定数量（包括已公开和依法未公开的全部处理决定），填整数。",
        "行政事业性收费（万元）：本年度收费金额，单位万元，最多 6 位小数。",
        "导入时任何一行有误则全部不导入，请按提示更正后重新上传。",
    ):
        notes.append([text])
    notes.column_dimensions["A"].width = 100
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
