"""Tables flattened into running text → readings.

A crawler's text rendering of a web page keeps the table's words and digits but not its cells:
"…（三）不予公开1.属于国家秘密40000042.其他法律行政法规禁止公开0000000…". The scanner cuts the
text into label text and runs of numbers. A row's label is the text just before its numbers;
the enumerator of the next label ("2.") is split off the digits it is glued to. Whitespace
between digits is kept as a cell boundary. The same scanner reads PDF text lines for rows that
the ruling-line table detection missed.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from gongkai.law.formats import (
    FORMAT_2021,
    SECTIONS,
    TABLE2_2019,
    TABLE2_2021,
    TABLE2_ITEM_HEADER,
    TABLE2_RENAMED_ROWS,
)
from gongkai.reportio.labels import (
    TABLE2_COLUMNS_2019,
    TABLE2_COLUMNS_2021,
    TABLE2_ROWS,
    TABLE3_CORES,
    core,
    match_table3,
    squash,
)
from gongkai.reportio.readings import Reading, Readings

_ENUM_RE = re.compile(r"(\d)\s*[.．、]\s*(?=[\u4e00-\u9fff])")
_TOKEN_RE = re.compile(
    r"(?P<num>\d[\d,]*(?:\.\d+)?)|(?P<neg>[-−](?=\d))|(?P<ws>[ \t\u3000\xa0]+)|(?P<nl>\n)"
    r"|(?P<txt>[^\d \t\u3000\xa0\n\-−]+|[-−])"
)
# A unit printed after a number in a table cell (2019 format: 「2笔」「984361元」): a cell boundary.
_UNIT_RE = re.compile(r"^(?:万元|元|笔|宗|个|项)")
_MARK = "\x01"
_SIGNS = {"减": "-", "增": "+", "+": "+"}
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_CORES_2021_JOINED = "|".join(TABLE2_COLUMNS_2021)
_T2_BY_LENGTH = sorted(TABLE2_ROWS.items(), key=lambda kv: -len(kv[0]))
_T3_BY_LENGTH = sorted(TABLE3_CORES.items(), key=lambda kv: -len(kv[0]))
# Where one printed 表三 label may end and the next begin: an enumerator marked by _tokens, a group
# enumerator 「(七)」 or a section number 「四、」.
_T3_LABEL_START_RE = re.compile(rf"(?={_MARK})|(?=[(（][一二三四五六七][)）])|(?=[一二三四][、.．])")
_T3_ORDER = {row.key: i for i, row in enumerate(FORMAT_2021.table3_rows)}


class Numbers(list):
    """A run of number chunks and the whitespace around them, for placing blank cells
    (gongkai.reportio.splitting.place_blanks): ``runs[0]`` is the run between the label and the
    first chunk, ``runs[i]`` the run before chunk i, ``runs[-1]`` the run after the last chunk —
    each as its weight (line breaks, else spaces; 0: glued), None where a boundary had no
    whitespace (a sign, a unit) or is unknown."""

    def __init__(self, first: str, lead: int) -> None:
        super().__init__([first])
        self.runs: list[int | None] = [lead]
        self.closed = False

    def add(self, chunk: str, run: int | None) -> None:
        self.append(chunk)
        self.runs.append(run)

    def close(self, run: int | None) -> None:
        if not self.closed:
            self.runs.append(run)
            self.closed = True


def _weight(run: str) -> int:
    return run.count("\n") if "\n" in run else len(run)


def _tokens(text: str) -> list[tuple[str, object]]:
    """[("text", str) | ("nums", Numbers)] with adjacent texts joined."""
    text = _ENUM_RE.sub(lambda m: f"{_MARK}{m.group(1)}.", unicodedata.normalize("NFKC", text))
    out: list[tuple[str, object]] = []
    pending_ws = False
    run = ""  # the whitespace since the last token
    sign = ""  # the sign of the next cell, a cell boundary the crawler kept
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        value = m.group()
        if kind in ("ws", "nl"):
            pending_ws = True
            run += value
            continue
        if kind == "neg":
            if out and out[-1][0] == "nums":
                sign = "-"  # 「2648-18538」: a negative cell (2019 「本年增/减」) starts here
                continue
            kind = "txt"
        if kind == "num":
            # an enumerator "2." right after the marker is text, not a number
            if out and out[-1][0] == "text" and str(out[-1][1]).endswith(_MARK):
                out[-1] = ("text", str(out[-1][1]) + value)
                pending_ws = False
                run = ""
                continue
            if out and out[-1][0] == "nums":
                if pending_ws or sign:
                    out[-1][1].add(sign + value, None if sign or not run else _weight(run))
                else:
                    out[-1][1][-1] += value
            else:
                out.append(("nums", Numbers(value, _weight(run))))
        else:
            if (
                value in _SIGNS
                and out
                and out[-1][0] == "nums"
                and m.end() < len(text)
                and text[m.end()].isdigit()
            ):
                # 2019 「本年增/减」 printed 「16减12」「97+82179」: the sign opens a new cell
                sign = _SIGNS[value]
                continue
            if sign:
                out.append(("text", sign))
            if out and out[-1][0] == "nums" and value.startswith("年"):
                # 「行政事业性收费02025年，我局…」「…0 2025 年，…」: the table's last cell runs into
                # the text after it, which opens with a year; the year is text, not a cell
                chunks = out[-1][1]
                last = chunks[-1]
                if not pending_ws and len(last) > 4 and last.isdigit() and _YEAR_RE.fullmatch(last[-4:]):
                    chunks[-1] = last[:-4]
                    chunks.close(0)
                    value = last[-4:] + value
                    pending_ws = True
                elif len(chunks) > 1 and _YEAR_RE.fullmatch(last):
                    chunks.pop()
                    chunks.close(chunks.runs.pop())
                    value = last + value
                    pending_ws = True
                elif len(chunks) == 1 and _YEAR_RE.fullmatch(last):
                    # 「四、…行政诉讼情况2022年，未有…」: a year alone opening a sentence is text,
                    # never the cells of the table whose heading precedes it
                    out.pop()
                    value = last + value
            if out and out[-1][0] == "nums" and not pending_ws:
                unit = _UNIT_RE.match(value)
                if unit:
                    value = value[unit.end() :]
                    pending_ws = True
                    if not value:
                        continue
            if out and out[-1][0] == "nums":
                out[-1][1].close(_weight(run) if not sign else None)
            if out and out[-1][0] == "text":
                out[-1] = ("text", str(out[-1][1]) + (" " if pending_ws else "") + value)
            else:
                out.append(("text", value))
        pending_ws = False
        run = ""
        sign = ""
    if out and out[-1][0] == "nums" and run and not sign:
        out[-1][1].close(_weight(run))  # the text ends after the whitespace that follows the row
    return out


def _table3_key(label: str):
    # the last label of a run of labels (rows with blank cells before it, see _blank_table3_rows)
    tail = [p for p in _T3_LABEL_START_RE.split(label) if p.strip(_MARK + " ")]
    if len(tail) > 1:
        m = match_table3(tail[-1].replace(_MARK, "").strip())
        if m and m.exact:
            return m
    pieces = label.split(_MARK)
    last = pieces[-1].strip()
    m = match_table3(last) if last else None
    if m:
        return m
    m = match_table3(label.replace(_MARK, ""))
    if m:
        return m
    c = core(label.replace(_MARK, ""))
    for known, key in _T3_BY_LENGTH:
        if c.endswith(known) and len(known) >= 2:
            from gongkai.reportio.labels import Table3Match

            return Table3Match(key, True, known)
    return None


def _blank_table3_rows(label: str, last_key: str | None) -> list[tuple[str, str]]:
    """(key, printed label) of the 表三 rows named in a label run before the row that has numbers.

    A row whose cells were all blank leaves no digits in a crawler's text, so its label runs into
    the next one: 「…2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请3.其他
    (七)总计5000005」 names （六）2 and （六）3 with blank cells before （七）总计. Only labels that
    equal a template label exactly and come before ``last_key`` in template order are taken;
    group headings (「(三)不予公开」) and the 2019 single 「(六)其他处理」 row name no cells here.
    ``last_key`` None: the label runs into what follows the table (表四's heading).
    """
    last = len(_T3_ORDER) if last_key is None else _T3_ORDER.get(last_key)
    if last is None:
        return []
    pieces = [p for p in _T3_LABEL_START_RE.split(label) if p.strip(_MARK + " ")]
    out: list[tuple[str, str]] = []
    previous = -1
    for piece in pieces[:-1]:
        m = match_table3(piece.replace(_MARK, ""))
        if not m or not m.exact or m.key not in _T3_ORDER:
            continue
        order = _T3_ORDER[m.key]
        if previous < order < last:
            out.append((m.key, piece.replace(_MARK, "").strip()))
            previous = order
    return out


# 「政府集中采购（元）6675809」: a unit printed after the row label
_LABEL_UNIT_RE = re.compile(r"[(（](?:万元|元|个|项|件|笔)[)）]\s*$")


def _table2_row(label: str):
    c = core(_LABEL_UNIT_RE.sub("", label.replace(_MARK, "").rstrip()))
    for known, row in _T2_BY_LENGTH:
        if c.endswith(known):
            return row
    return None


_T2_LABELS = "|".join(re.escape(r.label) for _, r in _T2_BY_LENGTH)
# a 表二 row printed with blank cells: its label runs straight into the next row's label, the next
# item's heading or 表三's heading (「规章行政规范性文件8028」「行政事业性收费三、收到和处理…」)
_BLANK_T2_RE = re.compile(
    rf"({_T2_LABELS})(?=(?:{_T2_LABELS})|第二十条|三、收到和处理|收到和处理政府信息公开申请)"
)
_CLAUSE_END_RE = re.compile(r"[。，,；;：:！？]")


# 表二's rows in printed order, both formats (the 2019 「规范性文件」 where 2021 has 「行政规范性文件」)
_T2_ORDER = {r: i for i, r in enumerate(r for item in TABLE2_2019 for r in item.rows)}
_T2_ORDER |= {new: _T2_ORDER[old] for new, old in TABLE2_RENAMED_ROWS.items()}
_TABLE3_HEADING = core(SECTIONS[2].title).removesuffix("情况")  # 收到和处理政府信息公开申请


def _blank_table2_rows(label: str, read: dict, before: str | None) -> list[str]:
    """The 表二 rows printed with blank cells inside the label text before the numbers of row
    ``before`` (of 表三's first row when None): rows after every row read so far and before that
    one, looked for only after the label's last punctuation, so running prose (「…公开行政许可、
    行政处罚」) is never read as table rows."""
    text = squash(label.replace(_MARK, ""))
    if before is None:
        at = text.find(_TABLE3_HEADING)
        if at < 0:
            return []
        text = text[: at + len(_TABLE3_HEADING)]
    tail = _CLAUSE_END_RE.split(text)[-1]
    low = max((_T2_ORDER.get(r, -1) for r in read), default=-1)
    high = _T2_ORDER[before] if before is not None else len(_T2_ORDER)
    return [
        m.group(1)
        for m in _BLANK_T2_RE.finditer(tail)
        if low < _T2_ORDER[m.group(1)] < high and m.group(1) not in read
    ]


def read_flat(text: str, tables: str = "234") -> Readings:
    """Readings of the statutory rows found in running text (only of the tables named)."""
    out = Readings()
    tokens = _tokens(text)
    label = ""
    for kind, value in tokens:
        if kind == "text":
            label = str(value)
            _headers(label, out)
            continue
        chunks = list(value)  # type: ignore[arg-type]
        runs = tuple(value.runs) if value.closed else None  # type: ignore[attr-defined]
        c = core(label.replace(_MARK, ""))
        # the table's own column headers, not the section heading: a sentence under the heading
        # may carry numbers (「…情况2022年，行政复议1件。行政复议行政诉讼结果维持…」)
        if ("行政复议" in c and any(h in c for h in ("总计", "审结", "结果维持"))) or (
            out.table4_seen and c.endswith(("总计", "审结"))
        ):
            out.table4_seen = True
            if "3" in tables and out.table3_seen:
                # 表三's last rows printed blank run into 表四's heading
                for key, printed in _blank_table3_rows(label, None):
                    if key not in out.table3:
                        out.add(Reading("3", key, [""] * 7, printed=printed, origin="flat"))
            if "4" in tables and out.table4 is None:
                out.add(Reading("4", "", chunks, printed="", origin="flat", runs=runs))
            label = ""
            continue
        m = _table3_key(label) if label else None
        if m and m.key not in out.table3:
            if "2" in tables and out.table2 and not out.table3_seen:
                for blank in _blank_table2_rows(label, out.table2, None):
                    out.add(Reading("2", blank, ["", "", ""], printed=blank, origin="flat"))
            out.table3_seen = True
            if "3" in tables:
                for key, printed in _blank_table3_rows(label, m.key):
                    if key not in out.table3:
                        out.add(Reading("3", key, [""] * 7, printed=printed, origin="flat"))
                out.add(
                    Reading(
                        "3",
                        m.key,
                        chunks,
                        printed=label.replace(_MARK, "").strip()[-40:],
                        exact=m.exact,
                        origin="flat",
                        runs=runs,
                    )
                )
            label = ""
            continue
        row = _table2_row(label) if label else None
        if row and row.label not in out.table2:
            if "2" in tables:
                for blank in _blank_table2_rows(label, out.table2, row.label):
                    out.add(Reading("2", blank, ["", "", ""], printed=blank, origin="flat"))
                out.add(Reading("2", row.label, chunks, printed=row.label, origin="flat", runs=runs))
        label = ""
    return out


def _gap_misprints(c: str) -> list[tuple[str, str]]:
    """Misprinted 2021 column headers of a 表二 item run together with the right ones: the text
    between the neighbouring headers (or 「信息内容」 / the first row label) where a template column is
    missing, when it resembles that column (「本年废止件」 printed for 「本年废止件数」)."""
    out: list[tuple[str, str]] = []
    start = c.find(TABLE2_ITEM_HEADER)
    if start < 0:
        return out
    start += len(TABLE2_ITEM_HEADER)
    row_at = [i for i in (c.find(r, start) for r in TABLE2_ROWS) if i >= 0]
    stop = min(row_at, default=len(c))
    for item in TABLE2_2021:
        cols = [core(col) for col in item.columns]
        found = {i: c.find(col, start, stop) for i, col in enumerate(cols)}
        if len(cols) < 2 or all(pos < 0 for pos in found.values()):
            continue
        for i, col in enumerate(cols):
            if found[i] >= 0:
                continue
            left = [found[j] + len(cols[j]) for j in range(i) if found[j] >= 0]
            right = [found[j] for j in range(i + 1, len(cols)) if found[j] >= 0]
            lo, hi = (left[-1] if left else start), (right[0] if right else stop)
            gap = c[lo:hi]
            if gap and SequenceMatcher(None, gap, col, autojunk=False).ratio() >= 0.75:
                out.append((gap, item.columns[i]))
    return out


def _headers(label: str, out: Readings) -> None:
    c = core(label.replace(_MARK, ""))
    if TABLE2_ITEM_HEADER not in c:
        return
    for col_core, template in TABLE2_COLUMNS_2021.items():
        if col_core in c:
            out.table2_headers.append((template, template, "2021", True))
    for printed, template in _gap_misprints(c):
        out.table2_headers.append((printed, template, "2021", False))
    for col_core, template in TABLE2_COLUMNS_2019.items():
        if col_core in c and col_core not in _CORES_2021_JOINED:
            out.table2_headers.append((template, template, "2019", True))
