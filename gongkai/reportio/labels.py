"""Statutory labels as printed in real reports → the rows and columns of gongkai.law.formats.

Printed labels differ from the template in ways that do not change their meaning: full- or
half-width brackets and digits, line breaks and spaces inside a cell, numbering styles
("1." "1、" "（1）"), quotes, and known misprints. A label is reduced to its *core* — the
characters that carry its meaning, numbering removed — and compared with the cores of the
template labels. Rows are found by these cores, never by their position in the table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from gongkai.law.formats import (
    FORMAT_2019,
    FORMAT_2021,
    TABLE2_2019,
    TABLE2_2021,
    TABLE3_COLUMN_GROUPS,
    TABLE3_COLUMNS,
    TABLE3_GROUPS,
    TABLE3_RESULTS_HEADING,
    TABLE4_OUTCOMES,
    Table3Row,
)

_SPACE_RE = re.compile(r"[\s\u3000\xa0\u200b\ufeff]+")
_NUMBERING_RE = re.compile(
    r"^(?:[(（\[【]?[一二三四五六七八九十]{1,3}[)）\]】]|[一二三四五六七八九十]{1,3}[、.．,，]"
    r"|[(（]?\d{1,2}[)）]|\d{1,2}[.．、,，](?!\d))"
)
_NOT_CORE_RE = re.compile(r"[^\u4e00-\u9fffA-Za-z/]")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")

# Printed texts that mean "nothing written here"; kept distinguishable from 0 (gongkai.law.report).
BLANK_TEXTS = frozenset({"", "/", "-", "—", "——", "–", "无", "空", "\\", "－", "／", "一"})
_NUMBER_RE = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def squash(text: str | None) -> str:
    """NFKC (full-width → half-width), all whitespace removed."""
    if not text:
        return ""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text))


def strip_numbering(text: str) -> str:
    """Remove leading enumerators: "三、", "（一）", "1.", "1、", "(1)" (repeatedly)."""
    s = squash(text)
    while True:
        m = _NUMBERING_RE.match(s)
        if not m or m.end() == len(s):
            return s
        s = s[m.end() :]


_INNER_ENUM_RE = re.compile(
    r"[(（][一二三四五六七八九十\d]{1,3}[)）]|(?<![一二三四五六七八九十])[一二三四五六七八九十][、.．]"
)


def core(text: str | None) -> str:
    """The meaning-bearing characters of a label: numbering (also inside a label run together with
    its group, 「三、本年度办理结果（一）予以公开」), punctuation, digits and quotes gone."""
    return _NOT_CORE_RE.sub("", _INNER_ENUM_RE.sub("", strip_numbering(text or "")))


def has_cjk(text: str | None) -> bool:
    return bool(text) and bool(_CJK_RE.search(text))


# Units some tables print inside the cell, after the number (「135个」「75394432.52元」).
_UNIT_SUFFIX_RE = re.compile(r"(?<=\d)(万元|元|笔|宗|个|项|件|条)$")


def split_unit(text: str | None) -> tuple[str, str]:
    """A cell's text without a unit printed after its number, and that unit ("" if none)."""
    s = squash(text)
    m = _UNIT_SUFFIX_RE.search(s)
    if m and _NUMBER_RE.match(s[: m.start()]):
        return s[: m.start()], m.group(1)
    return (text or "").strip(), ""


def cell_kind(text: str | None) -> str:
    """ "number" (a unit after it allowed), "blank" (empty or a blank marker such as "/", "无") or "text"."""
    s = squash(text)
    if s in BLANK_TEXTS:
        return "blank"
    if _NUMBER_RE.match(s) or _NUMBER_RE.match(split_unit(s)[0]):
        return "number"
    return "text"


def leading_number(text: str) -> str | None:
    """The enumerator digit of a sub-row label ("1." "1、" "（1）"), if any."""
    m = re.match(r"^[(（]?(\d{1,2})[)）.．、,，]", squash(text))
    return m.group(1) if m else None


# --- table 三 ---------------------------------------------------------------------------------
# Misprinted labels (「其他法律法规禁止公开」, 「本年度止件数」) are found by the similarity matchers
# below, not by a table of the misprints seen so far (tests/reportio/test_labels.py keeps them).


@dataclass(frozen=True)
class Table3Match:
    key: str  # row key, "三(六)" for the 2019 single row
    exact: bool  # the printed core equals the template core
    printed: str


def _table3_cores() -> dict[str, str]:
    cores: dict[str, str] = {}
    for row in FORMAT_2021.table3_rows + FORMAT_2019.table3_rows:
        cores.setdefault(core(row.label), row.key)
    return cores


TABLE3_CORES = _table3_cores()  # core → key ("其他处理" → "三(六)")
GROUP_CORES = {core(g): g for g in TABLE3_GROUPS}  # 不予公开, 无法提供, 不予处理, 其他处理
RESULTS_HEADING_CORE = core(TABLE3_RESULTS_HEADING)
TABLE3_HEADER_CORES = frozenset(
    {core(c) for c in TABLE3_COLUMNS[:5]} | set(TABLE3_COLUMN_GROUPS)
)  # 其他 and 总计 are also row labels, so they alone do not make a header row


@lru_cache(maxsize=4096)
def match_table3(text: str) -> Table3Match | None:
    """The 表三 row a printed label names (a leaf, 一/二/四, （七）总计 or the 2019 （六）其他处理)."""
    c = core(text)
    if len(c) < 2:
        return None
    if c in TABLE3_CORES:
        return Table3Match(TABLE3_CORES[c], True, text)
    # a label run into its group label or the results heading: "（三）不予公开1.属于国家秘密"
    for prefix in (RESULTS_HEADING_CORE, *GROUP_CORES):
        if c.startswith(prefix) and len(c) > len(prefix):
            inner = match_table3(c[len(prefix) :])
            if inner:
                return Table3Match(inner.key, inner.exact, text)
    best, best_ratio = None, 0.0
    for known, key in TABLE3_CORES.items():
        if len(known) < 4:
            continue
        if len(c) >= 4 and known.startswith(c) and len(c) * 2 >= len(known):
            return Table3Match(key, False, text)  # a label cut short by a page or cell break
        r = SequenceMatcher(None, c, known, autojunk=False).ratio()
        if r > best_ratio:
            best, best_ratio = key, r
    if best is not None and best_ratio >= 0.8:
        return Table3Match(best, False, text)
    return None


def is_table3_header(text: str) -> bool:
    c = core(text)
    return bool(c) and (c in TABLE3_HEADER_CORES or c.startswith("本列数据") or c.startswith("申请人情况"))


def table3_column(text: str) -> int | None:
    """Index in TABLE3_COLUMNS of a printed column header ("商业\\n企业" → 1)."""
    c = core(text)
    for i, col in enumerate(TABLE3_COLUMNS):
        if c == col:
            return i
    return None


# --- table 二 ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Table2Row:
    label: str  # verbatim template row label
    fmt: str  # "2021" | "2019" | "both"


def _table2_rows() -> dict[str, Table2Row]:
    rows21 = {r for item in TABLE2_2021 for r in item.rows}
    rows19 = {r for item in TABLE2_2019 for r in item.rows}
    out: dict[str, Table2Row] = {}
    for r in rows21 | rows19:
        fmt = "both" if (r in rows21 and r in rows19) else ("2021" if r in rows21 else "2019")
        out[core(r)] = Table2Row(r, fmt)
    return out


TABLE2_ROWS = _table2_rows()
TABLE2_COLUMNS_2021 = {core(c): c for item in TABLE2_2021 for c in item.columns}
TABLE2_COLUMNS_2019 = {core(c): c for item in TABLE2_2019 for c in item.columns}


def match_table2_row(text: str) -> Table2Row | None:
    c = core(text)
    return TABLE2_ROWS.get(c)


def match_table2_column(text: str) -> tuple[str, str, bool] | None:
    """(template column, format "2021"/"2019", printed exactly) of a printed 表二 column header."""
    c = core(text)
    if not c:
        return None
    if c in TABLE2_COLUMNS_2021:
        return TABLE2_COLUMNS_2021[c], "2021", True
    if c in TABLE2_COLUMNS_2019:
        return TABLE2_COLUMNS_2019[c], "2019", True
    best, best_ratio = None, 0.0
    for known, label in TABLE2_COLUMNS_2021.items():
        r = SequenceMatcher(None, c, known, autojunk=False).ratio()
        if r > best_ratio:
            best, best_ratio = label, r
    if best is not None and best_ratio >= 0.75:
        return best, "2021", False
    return None


def is_table2_item_heading(text: str) -> bool:
    """「第二十条第（一）项」 and the like."""
    return squash(text).startswith("第二十条")


# --- table 四 ---------------------------------------------------------------------------------
TABLE4_HEADER_CORES = frozenset(
    {"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"} | {core(o) for o in TABLE4_OUTCOMES}
)


def is_table4_header(text: str) -> bool:
    c = core(text)
    return c in TABLE4_HEADER_CORES or c.startswith("行政复议") or c.startswith("行政诉讼")


def row_label_for(key: str) -> Table3Row:
    fmt = FORMAT_2019 if key == "三(六)" else FORMAT_2021
    return fmt.table3_row(key)
