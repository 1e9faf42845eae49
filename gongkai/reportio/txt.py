"""Plain text → blocks.

Text reports come as exports of Word or of web pages: tables as tab-separated lines (merged
cells exported as empty cells, rows shifted against their header), as space-separated lines
(copied from PDF), as Markdown pipe tables (converted by tools), or not at all — a crawler's rendering runs the whole page, tables included,
into one line. Tab lines become grid rows; a line whose label is followed by numbers becomes a
one-row grid; everything else is a paragraph, and the flattened tables inside paragraphs are
found later by the flat scanner (gongkai.reportio.flat).
"""

from __future__ import annotations

import codecs
import re

from gongkai.reportio.blocks import MAX_TEXT_CHARS, Document, Grid, Paragraph
from gongkai.reportio.errors import UnreadableReport
from gongkai.reportio.labels import cell_kind, has_cjk
from gongkai.reportio.sections import parse_date

# A header line a crawler or converter writes before the text: a short key, a colon, a value
# (「标题: …」「发布日期：…」「Title: …」「url: …」). Which keys a crawler writes is its own; the
# title and the date are recognised by what the key says, not by one crawler's list.
_HEADER_LINE_RE = re.compile(r"^(?P<key>[\w\u4e00-\u9fff ]{1,12}?)\s*[:：]\s*(?P<value>.*)$")
_TITLE_KEY_RE = re.compile(r"标题|题目|名称|title|name", re.IGNORECASE)
_DATE_KEY_RE = re.compile(r"时间|日期|date|time|published", re.IGNORECASE)
_SEPARATOR_RE = re.compile(r"^[=\-_*#~—\s]{3,}.*[=\-_*#~—]{3,}$|^[=\-_*#~—]{3,}$")
_NUMBERS_TAIL_RE = re.compile(
    r"^(?P<label>.*?[\u4e00-\u9fff）)\]】])\s+(?P<nums>(?:[\d,.]+|/|-|—|无)(?:\s+(?:[\d,.]+|/|-|—|无))*)$"
)
_ALL_NUMBERS_RE = re.compile(r"^(?:[\d,.]+)(?:\s+[\d,.]+){2,}$")
# Markdown tables (documents converted to text by tools): 「| 规章 | 0 | 0 | 0 |」, 「|---|---|」
_PIPE_ROW_RE = re.compile(r"^\|.*\|$")
_PIPE_RULE_RE = re.compile(r"^:?-{3,}:?$")


def decode(data: bytes) -> str:
    """BOM → UTF-8 → GB18030 (a superset of GBK and GB2312), as DESIGN.md prescribes."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as e:
                raise UnreadableReport("文件开头标明了编码，但内容无法按该编码解码。") from e
    return decode_utf8_or_gb18030(data, "文本")


def decode_utf8_or_gb18030(data: bytes, what: str) -> str:
    """UTF-8, else GB18030 (a superset of GBK and GB2312), else a Chinese error naming ``what``."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise UnreadableReport(f"无法识别{what}编码（既不是 UTF-8，也不是 GBK/GB18030）。") from e


MAX_LINES = 20_000  # a report is a few hundred lines; a crawl of one cell per line, 2,000


def read_text(text: str) -> Document:
    if "\x00" in text[:4096]:
        raise UnreadableReport("这不是文本文件（含有二进制内容）。")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines_count = text.count("\n")
    if lines_count > MAX_LINES:  # before the per-line work below, which would take seconds
        raise UnreadableReport(
            f"文本有 {lines_count} 行，远超年度报告的篇幅（不超过 {MAX_LINES} 行），不是年度报告，已拒绝。"
        )
    visible = len(text) - sum(text.count(c) for c in " \t\n\u3000\xa0")
    if visible > MAX_TEXT_CHARS:  # one line of two million numbers took 5 s to split
        raise UnreadableReport(
            f"文本有 {visible} 个字，远超年度报告的篇幅（不超过 {MAX_TEXT_CHARS} 字），不是年度报告，已拒绝。"
        )
    blocks: list = []
    rows: list[list[str]] = []
    title = published = None

    def flush() -> None:
        if rows:
            blocks.append(Grid([list(r) for r in rows]))
            rows.clear()

    lines = text.split("\n")
    for i, raw in enumerate(lines):
        line = raw.rstrip()
        if not blocks and not rows and _header_line(line.strip()):
            key, value = _header_line(line.strip())  # type: ignore[misc]
            if _TITLE_KEY_RE.search(key) and value and title is None:
                title = value
            elif _DATE_KEY_RE.search(key) and parse_date(value) and published is None:
                published = value
            continue
        if not blocks and not rows and _SEPARATOR_RE.match(line.strip()):
            continue  # 「==== 正文 ====」 between a crawler's header and the text
        if not line.strip():
            # a crawler that prints one cell per line leaves an empty line for a blank cell: kept
            # beside a bare number, where it is a cell boundary (flat.Numbers), not layout
            if not rows and blocks and isinstance(blocks[-1], Paragraph):
                after = next((x.strip() for x in lines[i + 1 : i + 20] if x.strip()), "")
                if _bare_number(blocks[-1].text) or _bare_number(after):
                    blocks[-1].text += "\n"
            continue
        if "\t" in line:
            rows.append([c.strip() for c in line.split("\t")])
            continue
        stripped = line.strip()
        if _PIPE_ROW_RE.match(stripped) and stripped.count("|") >= 3:
            cells = [c.strip() for c in stripped[1:-1].split("|")]
            if all(_PIPE_RULE_RE.match(c) for c in cells):
                continue  # the rule under a header row
            rows.append(cells)
            continue
        m = _NUMBERS_TAIL_RE.match(stripped)
        if m and _blank_runs(stripped[len(m.group("label")) :]):
            # 「规章 5  12」: a longer whitespace run holds a blank cell; the flat scanner places
            # it by the row's width (splitting.place_blanks), so the line stays running text
            flush()
            blocks.append(Paragraph(stripped))
            continue
        if m and has_cjk(m.group("label")) and len(m.group("label")) <= 60:
            rows.append([m.group("label").strip(), *m.group("nums").split()])
            continue
        if _ALL_NUMBERS_RE.match(stripped) and all(cell_kind(t) == "number" for t in stripped.split()):
            rows.append(stripped.split())
            continue
        flush()
        blocks.append(Paragraph(stripped))
    flush()
    long_lines = sum(1 for b in blocks if isinstance(b, Paragraph) and len(b.text) > 1500)
    return Document(blocks, "txt", title=title, published=published, flat_text=long_lines > 0)


_WS_RUN_RE = re.compile(r"[ \u3000\xa0]+")


def _blank_runs(numbers: str) -> bool:
    """Whitespace runs between a row's label and numbers that are whole multiples of the shortest,
    some longer: the row's cell boundaries with blank cells among them."""
    runs = [len(r) for r in _WS_RUN_RE.findall(numbers)]
    unit = min(runs, default=0)
    return len(runs) > 1 and max(runs) > unit and all(r % unit == 0 for r in runs)


def _header_line(line: str) -> tuple[str, str] | None:
    """(key, value) of a header line before the text; a section heading or a sentence is none."""
    m = _HEADER_LINE_RE.match(line)
    if not m or not m.group("key").strip() or re.match(r"[一二三四五六七八九十]、", line):
        return None
    return m.group("key").strip(), m.group("value").strip()


def _bare_number(text: str) -> bool:
    return cell_kind(text) == "number" and not has_cjk(text)


def read_txt(data: bytes) -> Document:
    return read_text(decode(data))
