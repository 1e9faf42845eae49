"""HTML pages → blocks.

Government sites publish the report as a page: UTF-8 or GBK/GB2312 (declared in a <meta>, or not
at all), often exported from Word (MsoNormal paragraphs, conditional comments), inside layout
tables. Leaf tables (those without a table inside) become grids with rowspan/colspan expanded;
layout tables are walked as containers; scripts, styles and hidden elements are skipped.
"""

from __future__ import annotations

import codecs
import re

import lxml.etree
import lxml.html

from gongkai.reportio.blocks import Document, Paragraph, expand_spans
from gongkai.reportio.errors import UnreadableReport

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
_HIDDEN_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
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
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise UnreadableReport("无法识别网页编码（既不是 UTF-8，也不是 GBK/GB18030）。") from e


def _cell_text(td) -> str:
    parts: list[str] = []
    for node in td.iter():
        if not isinstance(node.tag, str):
            if node.tail:
                parts.append(node.tail)
            continue
        if node.tag in ("br", "p", "div") and parts:
            parts.append("\n")
        if node is not td and node.tag in _SKIP:
            continue
        if node.text:
            parts.append(node.text)
        if node is not td and node.tail:
            parts.append(node.tail)
    return "".join(parts).strip()


def _grid(table):
    rows = []
    for tr in table.iter("tr"):
        row = []
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            try:
                rowspan = int(td.get("rowspan") or 1)
                colspan = int(td.get("colspan") or 1)
            except ValueError:
                rowspan = colspan = 1
            row.append((_cell_text(td), rowspan, colspan))
        rows.append(row)
    return expand_spans(rows)


def read_html(data: bytes) -> Document:
    text = decode_html(data)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as e:
        raise UnreadableReport("网页无法解析。") from e
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

    # element proxies are kept alive by the set, so membership is by node (id() of a proxy is not)
    leaf_tables = {t for t in root.iter("table") if t.find(".//table") is None}
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
            style = el.get("style")
            if tag in _SKIP or (style and _HIDDEN_RE.search(style)) or el.get("hidden") is not None:
                skip_until = el
                continue
            if el in leaf_tables:
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
