"""HTML pages → blocks.

Government sites publish the report as a page: UTF-8 or GBK/GB2312 (declared in a <meta>, or not
at all), often exported from Word (MsoNormal paragraphs, conditional comments), inside layout
tables. Tables become grids with rowspan/colspan expanded: leaf tables, and tables whose inner tables
only wrap one cell's text; layout tables are walked as containers. Scripts, styles and hidden
elements (display:none, visibility:hidden, Word's mso-hide:all, the hidden attribute) are left out,
inside table cells too, and so are hidden rows and cells.
"""

from __future__ import annotations

import codecs
import re

import lxml.etree
import lxml.html

from gongkai.reportio.blocks import Document, Paragraph, expand_spans
from gongkai.reportio.errors import UnreadableReport
from gongkai.reportio.txt import decode_utf8_or_gb18030

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "head",
        "title",
        "select",
        "option",
        "button",
        "iframe",
        "svg",
        "template",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "dl",
        "center",
        "form",
        "hr",
        "address",
        "nav",
    }
)
_HIDDEN_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)
_SPAN_RE = re.compile(r"\s*([0-9]+)")  # browsers read ASCII digits only
_LINE_TAGS = frozenset({"br", "p", "div", "li", "tr"})
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80"}


def decode_html(data: bytes) -> str:
    """BOM, then the declared charset (GB2312/GBK read as GB18030), then UTF-8, then GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    m = _META_CHARSET_RE.search(data[:4096])
    declared = m.group(1).decode("ascii", "ignore").lower() if m else None
    if declared in _GB:
        declared = "gb18030"
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeError, ValueError):  # unknown ("undefined") or wrong codec
            pass
    return decode_utf8_or_gb18030(data, "网页")


def _hidden(el) -> bool:
    """An element the browser does not show: display:none, visibility:hidden, Word's mso-hide:all."""
    style = el.get("style")
    return el.get("hidden") is not None or bool(style and _HIDDEN_RE.search(style))


def _skipped(el) -> bool:
    return not isinstance(el.tag, str) or el.tag.lower() in _SKIP or _hidden(el)


def _cell_text(td) -> str:
    """The text a cell shows: line breaks at <br>/<p>/<div>, hidden and script-like parts left out
    together with everything inside them, and the text that follows them kept."""
    parts: list[str] = []

    def walk(el) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            if not _skipped(child):
                if child.tag.lower() in _LINE_TAGS and parts:
                    parts.append("\n")
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(td)
    return "".join(parts).strip()


def _span(value: str | None) -> int:
    """rowspan/colspan as the browser reads it: the leading digits ("2", " 3 ", "2;"), else 1."""
    m = _SPAN_RE.match(value or "")
    if not m:
        return 1
    digits = m.group(1)
    return int(digits) if len(digits) <= 5 else 65534  # the HTML maximum; expand_spans caps it


def _own_rows(table) -> list:
    """The rows of this table itself (directly or in thead/tbody/tfoot), not of tables inside it."""
    rows = []
    for child in table:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.lower()
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if isinstance(r.tag, str) and r.tag.lower() == "tr")
    return rows


def _cells(tr) -> list:
    return [td for td in tr if isinstance(td.tag, str) and td.tag.lower() in ("td", "th")]


def _is_grid(table) -> bool:
    """A table to read as a grid: a leaf table, or one whose inner tables only wrap a cell's text
    (one row or one column each) while its own rows carry several cells — a layout table holding
    the report has a single cell per row, or holds real tables."""
    inner = [t for t in table.iter("table") if t is not table]
    if not inner:
        return True
    for t in inner:
        rows = _own_rows(t)
        if len(rows) > 1 and max((len(_cells(r)) for r in rows), default=0) > 1:
            return False
    return sum(1 for r in _own_rows(table) if len(_cells(r)) > 1) >= 2


def _grid(table):
    rows = []
    for tr in _own_rows(table):
        if _hidden(tr):
            continue
        row = []
        for td in _cells(tr):
            if _hidden(td):
                continue
            row.append((_cell_text(td), _span(td.get("rowspan")), _span(td.get("colspan"))))
        rows.append(row)
    return expand_spans(rows)


MAX_ELEMENTS = 100_000  # a report's page, portal frame included, has a few thousand


def read_html(data: bytes) -> Document:
    text = decode_html(data)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as e:
        raise UnreadableReport("网页无法解析。") from e
    elements = int(root.xpath("count(//*)"))  # counted in C, before the walk below spends seconds
    if elements > MAX_ELEMENTS:
        raise UnreadableReport(
            f"网页有 {elements} 个元素，远超年度报告的网页（不超过 {MAX_ELEMENTS} 个），已拒绝。"
        )
    # the tree walk below does not visit comments, so the text after one would be lost: Word's
    # `<!--[if !supportLists]-->二、<!--[endif]-->主动公开…` shows its heading's number that way
    lxml.etree.strip_elements(root, lxml.etree.Comment, lxml.etree.ProcessingInstruction, with_tail=False)
    title = None
    published = None
    for meta in root.iter("meta"):
        name = (meta.get("name") or "").lower()
        if name == "articletitle" and meta.get("content"):
            title = meta.get("content").strip()
        elif name in ("pubdate", "publishdate", "firstpublishedtime") and meta.get("content"):
            published = meta.get("content").strip()
    if not title:
        t = root.find(".//title")
        if t is not None and t.text:
            title = re.split(r"[_|｜]| - ", t.text.strip())[0].strip() or None

    # element proxies are kept alive by the set, so membership is by node (id() of a proxy is not);
    # the outermost table that reads as a grid wins, tables inside it become its cells' text
    grid_tables = set()
    for t in root.iter("table"):
        if not any(a in grid_tables for a in t.iterancestors("table")) and _is_grid(t):
            grid_tables.add(t)
    blocks: list = []
    buf: list[str] = []

    def flush() -> None:
        for line in "".join(buf).split("\n"):
            line = line.strip()
            if line:
                blocks.append(Paragraph(line))
        buf.clear()

    body = root.find("body")
    start = body if body is not None else root
    skip_until = None
    for event, el in lxml.etree.iterwalk(start, events=("start", "end")):
        if skip_until is not None:
            if event == "end" and el is skip_until:
                skip_until = None
                if el.tail:
                    buf.append(el.tail)
            continue
        if not isinstance(el.tag, str):
            if event == "end" and el.tail:
                buf.append(el.tail)
            continue
        tag = el.tag.lower()
        if event == "start":
            if tag in _SKIP or _hidden(el):
                skip_until = el
                continue
            if el in grid_tables:
                flush()
                grid = _grid(el)
                if grid.cells:
                    blocks.append(grid)
                skip_until = el
                continue
            if tag in _BLOCK or tag in ("td", "th"):
                buf.append("\n")
            if el.text:
                buf.append(el.text)
        else:
            if tag in _BLOCK:
                buf.append("\n")
            elif tag in ("td", "th"):
                buf.append(" ")
            if el.tail:
                buf.append(el.tail)
    flush()
    return Document(blocks, "html", title=title, published=published)
