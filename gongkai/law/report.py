"""The annual report (政府信息公开工作年度报告) as data.

One model for both directions — records → report → validate → render, and published file →
parse → report → validate → findings (DESIGN.md). Labels and row keys come from
:mod:`gongkai.law.formats`; nothing here repeats a statutory label.

The pieces
----------
``Report``
    agency, year, publication date (optional), the six sections' text (``sections``: number
    "一" … "六" → :class:`SectionText`; a missing section has no entry, ``section_text()`` gives
    ``None``), :class:`Table2`, :class:`Table3`, :class:`Table4`, and ``notes``: findings a
    parser made while reading (a misprinted header, a missing row, an ambiguous cell). The
    validator copies ``notes`` into its output, so a parser hands its findings on by appending
    :class:`Finding` objects there.
``Table3``
    ``rows``: row key ("一", "三(三)1" …, the keys of its format) → list of 7 cells in the
    column order of ``formats.TABLE3_COLUMNS`` (自然人 … 其他, 总计). A cell is ``int`` or ``None``
    (blank). ``raw``: (row key, column index) → the printed text of a cell that was not a number
    ("/", "-", "—", "无", "" …), so T3-04 can say what was there. Each table carries its own
    format (real reports mix a 2021 表二 with a 2019 表三).
``Table2``
    ``values``: row label → column label → cell, labels of its format; counts are ``int``,
    amounts of a ``money`` item (万元) are ``Decimal``. ``raw`` as in Table3, keyed by
    (row label, column label).
``Table4``
    ``cells``: 15 cells in the order 行政复议, 未经复议直接起诉, 复议后起诉 × 结果维持, 结果纠正,
    其他结果, 尚未审结, 总计; ``raw`` keyed by index.
``Finding``
    ``Finding(rule, severity "E"|"W", message (Chinese), where)``; rule ids as in
    spec/domain.md §5 (T3-01 …), plus ``PARSE`` for reading problems that belong to no rule.

JSON
----
``Report.to_json()`` / ``Report.from_json()`` use the shape of ``gongkai check --json`` and
``fixtures/reports/*/truth.json``: ``{"agency", "year", "format", "table2", "table3":
{"columns", "rows"}, "table4"}``. Optional keys are written only when they carry something:
``publication_date`` (ISO), ``table2_format`` (when it differs from ``format``), ``sections``
({number: text} or {number: {"text", "heading"}}), ``parse_notes`` (findings), ``raw`` inside
each table, ``compiled_from`` (agencies of an aggregated report). Unknown keys (truth.json's
``anomalies``, ``notes`` …) are ignored on reading. Money is written as a JSON number (an int
when whole); read back through ``str`` into ``Decimal``.

Helpers for parsers: :func:`parse_count`, :func:`parse_signed` and :func:`parse_amount` turn a
printed cell into (value, raw) following the same conventions; ``Table3.set(key, column, value,
raw)`` / ``Table2.set`` / ``Table4.set`` store a cell with its printed text; ``Report.note(rule,
severity, message, where)`` records a reading finding; ``Report.empty(agency, year)`` is an
all-zero report of the prescribed format (builders fill it, e.g. outcomes.table3_from_outcomes).
Other optional JSON keys: ``period`` ([start, end] ISO), ``agency_level``, ``table4_raw``, ``source``,
``unreadable`` (below).

Unreadable cells
----------------
``Report.unreadable`` holds the places (:data:`Place`: table "2"/"3"/"4", row, column) of cells a
parser saw printed but could not read — digits run together with no unique split. They are
``None`` like blank cells, but they are *unknown*, not blank: the validation rules report no
"blank cell" error for them and assert no sum that involves them. ``mark_unreadable(table, row,
column=None)`` records a place (a whole row without ``column``), ``is_unreadable`` asks. Rows
are 表三 keys, 表二 row labels and "" for 表四; columns are 表三 column indexes (0–6), 表二 column
labels and 表四 indexes (0–14). JSON: ``"unreadable": [[table, row, column], …]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.law.formats import (
    FORMAT_2019,
    FORMAT_2021,
    FORMATS,
    SECTIONS,
    TABLE3_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_OUTCOMES,
    TABLE4_WIDTH,
    FormatId,
    ReportFormat,
    RowKind,
    format_for_year,
)

Cell = int | None
Amount = int | Decimal | None
Place = tuple[str, str, int | str]  # (table "2" | "3" | "4", row, column) of one cell

N_COLUMNS = len(TABLE3_COLUMNS)  # 7: six applicant columns and 总计
TOTAL_COLUMN = N_COLUMNS - 1
SECTION_BY_NUMBER = {s.number: s for s in SECTIONS}

# 2019 format: 「本年增/减」 may be negative; 「采购总金额」 is an amount.
SIGNED_TABLE2_COLUMNS = frozenset(c for item in FORMAT_2019.table2 for c in item.columns if "增/减" in c)
MONEY_TABLE2_COLUMNS = frozenset(c for item in FORMAT_2019.table2 for c in item.columns if "金额" in c)

# Printed texts that mean "nothing written here" in real reports. They are kept as raw text.
BLANK_MARKERS = frozenset({"", "/", "／", "-", "－", "—", "——", "–", "无", "空", "\\"})

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
# No count or amount (万元) of an annual report comes near 10**15. A longer digit run is a misprint
# or a hostile file; reading it would overrun int/str limits and float range in the rules.
MAX_CELL_DIGITS = 15
MAX_FRACTION_DIGITS = 8
OVERLONG_MARK = "（超长数字）"  # stands in the text for a digit run too long to read at all
_DIGIT_RUN_RE = re.compile(r"[\d,，.．\s+\-−]+")
_COUNT_RE = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_AMOUNT_RE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


class ReportDataError(ValueError):
    """Data that does not fit the report model (message in Chinese)."""


# --- findings ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    rule: str  # "T3-01" … "S-05", or "PARSE"
    severity: str  # "E" (error) | "W" (warning)
    message: str  # Chinese, for people
    where: str = ""  # e.g. "表三 「四、结转下年度继续办理」 行 自然人 列"

    def __post_init__(self) -> None:
        if self.severity not in ("E", "W"):
            raise ValueError(f"严重程度只能是 E 或 W，收到 {self.severity!r}")

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message, "where": self.where}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Finding:
        return cls(str(data["rule"]), str(data["severity"]), str(data["message"]), str(data.get("where", "")))


# --- cell parsing -----------------------------------------------------------------------------
def parse_count(text: str | int | None) -> tuple[Cell, str | None]:
    """A printed table cell → (non-negative integer or None, raw text if it was not a number).

    Full-width digits and thousands separators are accepted. A blank marker ("/", "-", "无" …)
    or anything unreadable gives ``None`` with the original text kept as raw.
    """
    if text is None:
        return None, None
    if isinstance(text, int) and not isinstance(text, bool):
        return (text, None) if 0 <= text < 10**MAX_CELL_DIGITS else (None, str(text))
    s = str(text).strip().translate(_FULLWIDTH)
    if _COUNT_RE.match(s) and len(s) <= MAX_CELL_DIGITS * 4 // 3:
        digits = s.replace(",", "")
        if len(digits) <= MAX_CELL_DIGITS:
            return int(digits), None
    return None, str(text).strip()


def parse_signed(text: str | int | None) -> tuple[Cell, str | None]:
    """Like :func:`parse_count` but a leading minus sign is allowed (2019 「本年增/减」)."""
    if isinstance(text, int) and not isinstance(text, bool):
        return (text, None) if in_range(text) else (None, str(text))
    if text is None:
        return None, None
    s = str(text).strip().translate(_FULLWIDTH).replace("−", "-").lstrip("+")
    sign = -1 if s.startswith("-") and len(s) > 1 else 1
    value, raw = parse_count(s[1:] if sign < 0 else s)
    return (sign * value, None) if value is not None else (None, str(text).strip())


def parse_amount(text: str | int | float | Decimal | None) -> tuple[Amount, str | None]:
    """A printed amount (万元) → (Decimal or None, raw text if it was not a number)."""
    if text is None:
        return None, None
    if isinstance(text, Decimal):
        return (text, None) if in_range(text) else (None, str(text))
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = Decimal(str(text))
        return (value, None) if in_range(value) else (None, str(text))
    s = str(text).strip().translate(_FULLWIDTH)
    if len(s) <= 2 * (MAX_CELL_DIGITS + MAX_FRACTION_DIGITS) and _AMOUNT_RE.match(s):
        try:
            value = Decimal(s.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex admits only decimals
            value = None
        if value is not None and in_range(value):
            return value, None
    return None, str(text).strip()


def in_range(value: Amount) -> bool:
    """A number a table cell can hold: finite, under 10**MAX_CELL_DIGITS, at most
    MAX_FRACTION_DIGITS decimals. Blank (None) is in range."""
    if value is None:
        return True
    if isinstance(value, Decimal):
        if not value.is_finite():
            return False
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MAX_FRACTION_DIGITS:
            return False
    return abs(value) < 10**MAX_CELL_DIGITS


def _digit_count(value: Amount | str) -> int:
    """Digits of a number or printed text, without str() of a huge int (Python limits that)."""
    if isinstance(value, int):
        return max(1, int(abs(value).bit_length() * 0.30103) + 1)
    if isinstance(value, Decimal):
        return len(value.as_tuple().digits) if value.is_finite() else 0
    return sum(ch.isdigit() for ch in value or "")


def overlong_number(text: str | None) -> bool:
    """Printed text that is a number with more digits than any cell can hold (or the reader's
    :data:`OVERLONG_MARK` put in place of a digit run too long to keep)."""
    if text == OVERLONG_MARK:
        return True
    if not text or not _DIGIT_RUN_RE.fullmatch(text):
        return False
    return sum(ch.isdigit() for ch in text) > MAX_CELL_DIGITS


def _json_number(v: Amount) -> int | float | str | None:
    """Money as a JSON number (truth.json's shape); a value beyond float range as its decimal
    string, so the JSON never holds Infinity."""
    if v is None or isinstance(v, int):
        return v
    if not in_range(v):
        return format(v, "f")
    return int(v) if v == v.to_integral_value() else float(v)


# --- table 三 ---------------------------------------------------------------------------------
@dataclass
class Table3:
    format: ReportFormat = FORMAT_2021
    rows: dict[str, list[Cell]] = field(default_factory=dict)
    raw: dict[tuple[str, int], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        keys = self.format.table3_keys
        unknown = [k for k in self.rows if k not in keys]
        if unknown:
            raise ReportDataError(f"表三（{self.format.id.title}）没有这些行：{'、'.join(unknown)}")
        for key in keys:
            row = self.rows.get(key)
            if row is None:
                self.rows[key] = [None] * N_COLUMNS
            elif len(row) != N_COLUMNS:
                raise ReportDataError(f"表三 {key} 行应有 {N_COLUMNS} 个数，收到 {len(row)} 个")
        # rows in format order, whatever order they were given in
        self.rows = {k: self.rows[k] for k in keys}

    @classmethod
    def blank(cls, fmt: ReportFormat = FORMAT_2021) -> Table3:
        return cls(fmt)

    @classmethod
    def zeros(cls, fmt: ReportFormat = FORMAT_2021) -> Table3:
        return cls(fmt, {k: [0] * N_COLUMNS for k in fmt.table3_keys})

    @property
    def keys(self) -> tuple[str, ...]:
        return self.format.table3_keys

    def row(self, key: str) -> list[Cell]:
        return self.rows[key]

    def cell(self, key: str, column: int) -> Cell:
        return self.rows[key][column]

    def set(self, key: str, column: int, value: Cell, raw: str | None = None) -> None:
        if key not in self.rows:
            raise ReportDataError(f"表三（{self.format.id.title}）没有 {key} 行")
        self.rows[key][column] = value
        if raw is None or value is not None:
            self.raw.pop((key, column), None)
        else:
            self.raw[(key, column)] = raw

    def keys_of(self, kind: RowKind) -> tuple[str, ...]:
        return tuple(r.key for r in self.format.table3_rows if r.kind is kind)

    def to_format(self, fmt: ReportFormat) -> Table3:
        """The same numbers in another format. 2021 → 2019 sums （六）1–3 into （六）其他处理;
        2019 → 2021 is impossible (the single row cannot be split) and raises."""
        if fmt.id is self.format.id:
            return self.copy()
        if fmt.id is FormatId.F2021:
            raise ReportDataError("2019年试行格式的「（六）其他处理」不能拆分为2021年格式的三个子项")
        rows = {k: list(v) for k, v in self.rows.items() if k in fmt.table3_keys}
        other = [self.rows[k] for k in ("三(六)1", "三(六)2", "三(六)3")]
        rows["三(六)"] = [_sum_cells(col) for col in zip(*other, strict=True)]
        raw = {(k, c): t for (k, c), t in self.raw.items() if k in rows}
        return Table3(fmt, rows, raw)

    def copy(self) -> Table3:
        return Table3(self.format, {k: list(v) for k, v in self.rows.items()}, dict(self.raw))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "columns": list(TABLE3_COLUMNS),
            "rows": {k: list(v) for k, v in self.rows.items()},
        }
        if self.raw:
            raw: dict[str, dict[str, str]] = {}
            for (k, c), t in self.raw.items():
                raw.setdefault(k, {})[str(c)] = t
            out["raw"] = raw
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any], fmt: ReportFormat | None = None) -> Table3:
        columns = data.get("columns")
        if columns is not None and list(columns) != list(TABLE3_COLUMNS):
            raise ReportDataError(f"表三列顺序应为 {'、'.join(TABLE3_COLUMNS)}")
        rows_in = data.get("rows") or {}
        fmt = fmt or detect_table3_format(rows_in.keys())
        rows: dict[str, list[Cell]] = {}
        raw: dict[tuple[str, int], str] = {}
        for key, values in rows_in.items():
            if not isinstance(values, list):
                raise ReportDataError(f"表三 {key} 行应为 {N_COLUMNS} 个数的列表")
            cells: list[Cell] = []
            for c, v in enumerate(values):
                value, text = parse_count(v)
                cells.append(value)
                if text is not None:
                    raw[(key, c)] = text
            rows[key] = cells
        for key, by_col in (data.get("raw") or {}).items():
            for c, text in by_col.items():
                raw[(key, int(c))] = text
        return cls(fmt, rows, raw)


def detect_table3_format(keys: Iterable[str]) -> ReportFormat:
    """2019 when the single row "三(六)" is there, otherwise 2021."""
    return FORMAT_2019 if "三(六)" in set(keys) else FORMAT_2021


def _sum_cells(cells: Iterable[Cell]) -> Cell:
    values = [c for c in cells if c is not None]
    return sum(values) if values else None


# --- table 二 ---------------------------------------------------------------------------------
@dataclass
class Table2:
    format: ReportFormat = FORMAT_2021
    values: dict[str, dict[str, Amount]] = field(default_factory=dict)
    raw: dict[tuple[str, str], str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown "_…" keys of the JSON, kept verbatim

    def __post_init__(self) -> None:
        expected: dict[str, tuple[str, ...]] = {}
        for item in self.format.table2:
            for row in item.rows:
                expected[row] = item.columns
        for row, cols in self.values.items():
            if row not in expected:
                raise ReportDataError(f"表二（{self.format.id.title}）没有「{row}」行")
            bad = [c for c in cols if c not in expected[row]]
            if bad:
                raise ReportDataError(f"表二「{row}」行没有这些列：{'、'.join(bad)}")
        self.values = {
            row: {c: self.values.get(row, {}).get(c) for c in cols} for row, cols in expected.items()
        }

    @classmethod
    def blank(cls, fmt: ReportFormat = FORMAT_2021) -> Table2:
        return cls(fmt)

    @classmethod
    def zeros(cls, fmt: ReportFormat = FORMAT_2021) -> Table2:
        values = {
            row: {c: (Decimal(0) if item.money or c in MONEY_TABLE2_COLUMNS else 0) for c in item.columns}
            for item in fmt.table2
            for row in item.rows
        }
        return cls(fmt, values)

    def is_money(self, row: str, column: str | None = None) -> bool:
        """Amounts (Decimal): the 万元 item, and the 2019 format's 采购总金额 column."""
        return row in _money_rows(self.format) or (column is not None and column in MONEY_TABLE2_COLUMNS)

    @staticmethod
    def is_signed(column: str) -> bool:
        """The 2019 format's 「本年增/减」 may be negative."""
        return column in SIGNED_TABLE2_COLUMNS

    def get(self, row: str, column: str) -> Amount:
        return self.values[row][column]

    def set(self, row: str, column: str, value: Amount, raw: str | None = None) -> None:
        if row not in self.values or column not in self.values[row]:
            raise ReportDataError(f"表二（{self.format.id.title}）没有「{row}」行「{column}」列")
        self.values[row][column] = value
        if raw is None or value is not None:
            self.raw.pop((row, column), None)
        else:
            self.raw[(row, column)] = raw

    def cells(self) -> Iterable[tuple[str, str, Amount]]:
        for row, cols in self.values.items():
            for col, v in cols.items():
                yield row, col, v

    def copy(self) -> Table2:
        return Table2(
            self.format, {r: dict(c) for r, c in self.values.items()}, dict(self.raw), dict(self.extra)
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            r: {c: _json_number(v) for c, v in cols.items()} for r, cols in self.values.items()
        }
        if self.raw:
            raw: dict[str, dict[str, str]] = {}
            for (r, c), t in self.raw.items():
                raw.setdefault(r, {})[c] = t
            out["_raw"] = raw
        out.update(self.extra)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any], fmt: ReportFormat | None = None) -> Table2:
        fmt = fmt or detect_table2_format(k for k in data if not k.startswith("_"))
        money_rows = {row for item in fmt.table2 if item.money for row in item.rows}
        values: dict[str, dict[str, Amount]] = {}
        raw: dict[tuple[str, str], str] = {}
        extra: dict[str, Any] = {}
        for row, cols in data.items():
            if row == "_raw":
                for r, by_col in cols.items():
                    for c, t in by_col.items():
                        raw[(r, c)] = t
                continue
            if row.startswith("_"):
                extra[row] = cols
                continue
            if not isinstance(cols, Mapping):
                raise ReportDataError(f"表二「{row}」行应为 {{列名: 数}}")
            values[row] = {}
            for col, v in cols.items():
                if row in money_rows or col in MONEY_TABLE2_COLUMNS:
                    value, text = parse_amount(v)
                elif col in SIGNED_TABLE2_COLUMNS:
                    value, text = parse_signed(v)
                else:
                    value, text = parse_count(v)
                values[row][col] = value
                if text is not None:
                    raw[(row, col)] = text
        return cls(fmt, values, raw, extra)


_MONEY_ROWS: dict[FormatId, frozenset[str]] = {}


def _money_rows(fmt: ReportFormat) -> frozenset[str]:
    rows = _MONEY_ROWS.get(fmt.id)
    if rows is None:
        rows = _MONEY_ROWS[fmt.id] = frozenset(r for item in fmt.table2 if item.money for r in item.rows)
    return rows


def detect_table2_format(row_labels: Iterable[str]) -> ReportFormat:
    """The format whose 表二 row labels match; 2021 when both or none do (e.g. an empty table)."""
    labels = set(row_labels)
    only_2019 = {r for i in FORMAT_2019.table2 for r in i.rows} - {
        r for i in FORMAT_2021.table2 for r in i.rows
    }
    return FORMAT_2019 if labels & only_2019 else FORMAT_2021


# --- table 四 ---------------------------------------------------------------------------------
@dataclass
class Table4:
    cells: list[Cell] = field(default_factory=lambda: [None] * TABLE4_WIDTH)
    raw: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.cells) != TABLE4_WIDTH:
            raise ReportDataError(f"表四应有 {TABLE4_WIDTH} 个数，收到 {len(self.cells)} 个")

    @classmethod
    def zeros(cls) -> Table4:
        return cls([0] * TABLE4_WIDTH)

    @staticmethod
    def index(group: str, outcome: str) -> int:
        """Position of (group key, outcome label) — e.g. ("reconsideration", "总计") → 4."""
        g = [x.key for x in TABLE4_GROUPS].index(group)
        return g * len(TABLE4_OUTCOMES) + TABLE4_OUTCOMES.index(outcome)

    def group(self, group: str) -> list[Cell]:
        start = self.index(group, TABLE4_OUTCOMES[0])
        return self.cells[start : start + len(TABLE4_OUTCOMES)]

    def get(self, group: str, outcome: str) -> Cell:
        return self.cells[self.index(group, outcome)]

    def set(self, i: int, value: Cell, raw: str | None = None) -> None:
        self.cells[i] = value
        if raw is None or value is not None:
            self.raw.pop(i, None)
        else:
            self.raw[i] = raw

    def copy(self) -> Table4:
        return Table4(list(self.cells), dict(self.raw))

    def to_json(self) -> list[Cell]:
        return list(self.cells)

    @classmethod
    def from_json(cls, data: Iterable[Any], raw: Mapping[str, str] | None = None) -> Table4:
        cells: list[Cell] = []
        found: dict[int, str] = {}
        for i, v in enumerate(data):
            value, text = parse_count(v)
            cells.append(value)
            if text is not None:
                found[i] = text
        for i, t in (raw or {}).items():
            found[int(i)] = t
        return cls(cells, found)


def table4_label(i: int) -> str:
    """Human label of the i-th 表四 cell, e.g. "行政诉讼（复议后起诉）·结果维持"."""
    g, o = divmod(i, len(TABLE4_OUTCOMES))
    return f"{TABLE4_GROUPS[g].full_label}·{TABLE4_OUTCOMES[o]}"


# --- sections ---------------------------------------------------------------------------------
@dataclass
class SectionText:
    number: str  # "一" … "六"
    text: str  # body without the heading
    heading: str | None = None  # the heading as printed, when a parser saw it (S-01 compares it)
    position: int | None = None  # order of appearance in the document (S-01 checks the order)

    @property
    def template_heading(self) -> str:
        return SECTION_BY_NUMBER[self.number].heading


# --- the report -------------------------------------------------------------------------------
@dataclass
class Report:
    agency: str = ""
    year: int | None = None
    table2: Table2 = field(default_factory=Table2)
    table3: Table3 = field(default_factory=Table3)
    table4: Table4 = field(default_factory=Table4)
    sections: dict[str, SectionText] = field(default_factory=dict)
    publication_date: date | None = None
    period: tuple[date, date] | None = None  # statistics period as stated (S-02), if a parser found it
    agency_level: str | None = None  # "department" | "county" | "prefecture" | "province" (S-03)
    compiled_from: tuple[str, ...] = ()  # agencies summed into this report (aggregated reports)
    notes: list[Finding] = field(default_factory=list)  # parse findings, passed on by the validator
    source: str | None = None  # file the report was read from
    unreadable: set[Place] = field(default_factory=set)  # printed cells a parser could not read

    def __post_init__(self) -> None:
        self.unreadable = {_place(p) for p in self.unreadable}
        bad = [n for n in self.sections if n not in SECTION_BY_NUMBER]
        if bad:
            raise ReportDataError(f"没有这些部分：{'、'.join(bad)}（年报只有一至六部分）")

    @classmethod
    def empty(cls, agency: str, year: int, fmt: ReportFormat | None = None) -> Report:
        """A report of the format prescribed for the year, every cell zero, no sections."""
        fmt = fmt or format_for_year(year)
        return cls(agency, year, Table2.zeros(fmt), Table3.zeros(fmt), Table4.zeros())

    @property
    def format(self) -> ReportFormat:
        """The report's format: that of its 表三 (the table the JSON contract's "format" names)."""
        return self.table3.format

    def section_text(self, number: str) -> str | None:
        s = self.sections.get(number)
        return None if s is None else s.text

    def set_section(self, number: str, text: str, heading: str | None = None) -> None:
        if number not in SECTION_BY_NUMBER:
            raise ReportDataError(f"没有第{number}部分（年报只有一至六部分）")
        position = self.sections[number].position if number in self.sections else None
        self.sections[number] = SectionText(number, text, heading, position)

    def note(self, rule: str, severity: str, message: str, where: str = "") -> Finding:
        f = Finding(rule, severity, message, where)
        self.notes.append(f)
        return f

    def mark_unreadable(self, table: str, row: str, column: int | str | None = None) -> None:
        """Record that a printed cell (every cell of ``row`` without ``column``) could not be read."""
        if column is not None:
            self.unreadable.add(_place((table, row, column)))
            return
        if table == "3":
            columns: Iterable[int | str] = range(N_COLUMNS)
        elif table == "2":
            columns = self.table2.values.get(row, {}).keys()
        else:
            columns = range(TABLE4_WIDTH)
        for c in columns:
            self.unreadable.add(_place((table, row, c)))

    def drop_out_of_range(self) -> list[Finding]:
        """Cells holding (or printing) a number beyond :func:`in_range` become unreadable, each
        with a PARSE error: whatever parser read them, no rule then meets an overlong number."""
        found: list[Finding] = []

        def check(table: str, row: str, column: int | str, value: Amount, raw: str | None, label: str):
            if in_range(value) and not overlong_number(raw):
                return False
            digits = _digit_count(value if value is not None else raw)
            self.unreadable.add(_place((table, row, column)))
            found.append(
                self.note(
                    "PARSE",
                    "E",
                    f"{label} 印有{f'一个 {digits} 位的数' if digits else '过长的数字'}，超出统计数字的合理范围"
                    f"（最多 {MAX_CELL_DIGITS} 位整数），无法作为数字读取。",
                    label,
                )
            )
            return True

        for key, cells in self.table3.rows.items():
            for c, v in enumerate(cells):
                if check("3", key, c, v, self.table3.raw.get((key, c)), f"表三 {key}·{TABLE3_COLUMNS[c]}"):
                    self.table3.set(key, c, None)
        for row, col, v in list(self.table2.cells()):
            if check("2", row, col, v, self.table2.raw.get((row, col)), f"表二「{row}」·{col}"):
                self.table2.set(row, col, None)
        for i, v in enumerate(self.table4.cells):
            if check("4", "", i, v, self.table4.raw.get(i), f"表四 {table4_label(i)}"):
                self.table4.set(i, None)
        return found

    def is_unreadable(self, table: str, row: str, column: int | str) -> bool:
        return bool(self.unreadable) and _place((table, row, column)) in self.unreadable

    @property
    def full_text(self) -> str:
        return "\n".join(s.text for s in self.sections.values())

    # --- JSON ---------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "agency": self.agency,
            "year": self.year,
            "format": self.table3.format.id.value,
            "table2": self.table2.to_json(),
            "table3": self.table3.to_json(),
            "table4": self.table4.to_json(),
        }
        if self.table2.format.id is not self.table3.format.id:
            out["table2_format"] = self.table2.format.id.value
        if self.table4.raw:
            out["table4_raw"] = {str(i): t for i, t in self.table4.raw.items()}
        if self.publication_date:
            out["publication_date"] = self.publication_date.isoformat()
        if self.period:
            out["period"] = [self.period[0].isoformat(), self.period[1].isoformat()]
        if self.agency_level:
            out["agency_level"] = self.agency_level
        if self.compiled_from:
            out["compiled_from"] = list(self.compiled_from)
        if self.sections:
            out["sections"] = {
                n: (
                    s.text
                    if s.heading is None and s.position is None
                    else {"text": s.text, "heading": s.heading, "position": s.position}
                )
                for n, s in self.sections.items()
            }
        if self.notes:
            out["parse_notes"] = [f.to_json() for f in self.notes]
        if self.source:
            out["source"] = self.source
        if self.unreadable:
            out["unreadable"] = [list(p) for p in sorted(self.unreadable, key=lambda p: tuple(map(str, p)))]
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Report:
        """Read the JSON of ``to_json`` or a fixture's truth.json (extra keys are ignored)."""
        try:
            fmt3 = FORMATS[FormatId(str(data["format"]))] if data.get("format") else None
        except ValueError as e:
            raise ReportDataError(f"未知的年报格式：{data.get('format')!r}（应为 2021 或 2019）") from e
        table3 = Table3.from_json(data.get("table3") or {"rows": {}}, None)
        if fmt3 is not None and table3.format.id is not fmt3.id:
            raise ReportDataError(f"表三的行与声明的格式 {fmt3.id.value} 不符")
        fmt2 = FORMATS[FormatId(str(data["table2_format"]))] if data.get("table2_format") else None
        table2 = Table2.from_json(data.get("table2") or {}, fmt2)
        table4 = Table4.from_json(data.get("table4") or [None] * TABLE4_WIDTH, data.get("table4_raw"))
        sections: dict[str, SectionText] = {}
        for n, s in (data.get("sections") or {}).items():
            if isinstance(s, str):
                sections[n] = SectionText(n, s)
            elif s is not None:
                sections[n] = SectionText(n, s.get("text", ""), s.get("heading"), s.get("position"))
        period = data.get("period")
        pub = data.get("publication_date")
        return cls(
            agency=data.get("agency") or "",
            year=data.get("year"),
            table2=table2,
            table3=table3,
            table4=table4,
            sections=sections,
            publication_date=date.fromisoformat(pub) if pub else None,
            period=(date.fromisoformat(period[0]), date.fromisoformat(period[1])) if period else None,
            agency_level=data.get("agency_level"),
            compiled_from=tuple(data.get("compiled_from") or ()),
            notes=[Finding.from_json(f) for f in data.get("parse_notes") or ()],
            source=data.get("source"),
            unreadable={_place(tuple(p)) for p in data.get("unreadable") or ()},  # type: ignore[arg-type]
        )


def _place(p: tuple[Any, ...]) -> Place:
    """A place as stored: 表三/表四 columns are indexes, 表二 columns labels."""
    if len(p) != 3 or str(p[0]) not in ("2", "3", "4"):
        raise ReportDataError(f"无法识别的单元格位置：{p!r}（应为 [表, 行, 列]）")
    table, row, column = str(p[0]), str(p[1]), p[2]
    if table in ("3", "4"):
        try:
            column = int(column)
        except (TypeError, ValueError) as e:
            raise ReportDataError(f"表{table}的列应为序号，收到 {column!r}") from e
    else:
        column = str(column)
    return table, row, column
