"""DOCX → blocks, paragraphs and tables in document order, merged cells expanded.

A DOCX is a zip archive, so a hostile one can be a zip bomb: a few kilobytes that expand to
gigabytes. The zip directory states every member's uncompressed size; it is checked before
anything inflates a byte. The two parts the checker needs (word/document.xml, and the title in
docProps/core.xml) are read straight from the zip with a parser that resolves no entities:
python-docx's package model would refuse a whole report over a part it does not need (core
properties with a wrong content type) and raises many kinds of exceptions.

Grid attributes are numbers an attacker writes: only ASCII digits count (「①」「²」 are no
numbers), each span and gridBefore is capped, and so is a table's expanded size.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import lxml.etree

from gongkai.reportio.blocks import MAX_GRID_CELLS, Document, Grid, Paragraph
from gongkai.reportio.errors import UnreadableReport

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
MAX_UNCOMPRESSED = 80 * 1024 * 1024  # all members together
MAX_MEMBER = 40 * 1024 * 1024
MAX_RATIO = 200  # uncompressed ÷ compressed, for members large enough to matter
MAX_MEMBERS = 5000
MAX_TAGS = 1_000_000  # in document.xml; a report's has some 10,000 to 50,000
MAX_PARTS = 50_000  # paragraphs and table cells; a report has a few hundred of each
MAX_TEXT_PIECES = 100_000  # text runs and breaks; a report has a few thousand
MAX_SPAN = 64  # gridSpan / gridBefore: a report's widest table has 9 columns
# what a damaged or unsupported zip raises while opening or inflating a member
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    KeyError,
)


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except NotImplementedError as e:  # "zip file version 9.9", unknown compression
        raise UnreadableReport("DOCX 文件使用了不支持的 zip 格式版本或压缩方式，无法读取。") from e
    except (zipfile.BadZipFile, ValueError, EOFError) as e:
        raise UnreadableReport("DOCX 文件已损坏或不是 DOCX（无法作为 zip 打开）。") from e


def _check_members(zf: zipfile.ZipFile) -> None:
    """Refuse archives whose directory promises more than a report could need."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UnreadableReport("DOCX 文件包含的部件过多，疑似恶意文件，已拒绝。")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER or total > MAX_UNCOMPRESSED:
            raise UnreadableReport("DOCX 解压后体积过大（疑似“压缩炸弹”），已拒绝。")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise UnreadableReport("DOCX 压缩比异常（疑似“压缩炸弹”），已拒绝。")
    if "word/document.xml" not in zf.namelist():
        raise UnreadableReport("这不是 Word 文档（DOCX 中没有 word/document.xml）。")


def _text(el) -> str:
    parts: list[str] = []
    for node in el.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}p"):
        tag = node.tag
        if tag == f"{W}t":
            if node.text:
                parts.append(node.text)
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag == f"{W}p":
            if parts:
                parts.append("\n")
        else:
            parts.append("\n")
    return "".join(parts).strip()


def _val(el, path: str) -> str | None:
    node = el.find(path)
    if node is None:
        return None
    return node.get(f"{W}val", "")


def _count(value: str | None, default: int) -> int:
    """A grid attribute (gridSpan, gridBefore): ASCII digits only, capped at MAX_SPAN."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()):
        return default
    return MAX_SPAN if len(value) > 6 else min(int(value), MAX_SPAN)


def _grid(tbl) -> Grid:
    cells: list[list[str]] = []
    copy: list[list[bool]] = []
    size = 0
    for tr in tbl.iterchildren(f"{W}tr"):
        row: list[str] = []
        rcopy: list[bool] = []
        before = _count(_val(tr, f"{W}trPr/{W}gridBefore"), 0)
        row.extend([""] * before)
        rcopy.extend([False] * before)
        for tc in tr.iterchildren(f"{W}tc", f"{W}sdt"):
            tcs = [tc] if tc.tag == f"{W}tc" else list(tc.iter(f"{W}tc"))
            for cell in tcs:
                span = max(1, _count(_val(cell, f"{W}tcPr/{W}gridSpan"), 1))
                vmerge = _val(cell, f"{W}tcPr/{W}vMerge")
                col = len(row)
                if vmerge is not None and vmerge != "restart" and cells and col < len(cells[-1]):
                    text = cells[-1][col]  # continuation of a vertical merge: the cell above
                    for i in range(span):
                        row.append(cells[-1][col + i] if col + i < len(cells[-1]) else text)
                        rcopy.append(True)
                    continue
                text = _text(cell)
                for i in range(span):
                    row.append(text)
                    rcopy.append(i > 0)
        size += len(row)
        if size > MAX_GRID_CELLS or len(row) * (len(cells) + 1) > MAX_GRID_CELLS:
            raise UnreadableReport(
                f"Word 文档中的表格超过 {MAX_GRID_CELLS} 个单元格，不是年度报告的表格，已拒绝。"
            )
        cells.append(row)
        copy.append(rcopy)
    return Grid(cells, copy)


def _walk(container, blocks: list) -> None:
    for child in container.iterchildren():
        tag = child.tag
        if tag == f"{W}p":
            text = _text(child)
            if text.strip():
                for line in text.split("\n"):
                    if line.strip():
                        blocks.append(Paragraph(line.strip()))
        elif tag == f"{W}tbl":
            grid = _grid(child)
            if grid.cells:
                blocks.append(grid)
        elif tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                _walk(content, blocks)


def _read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    """At most the size the zip directory declares (which _check_members capped). zipfile's own
    ``read()`` inflates the whole deflate stream before cutting it to that size, so a member
    declared 100 bytes but holding gigabytes of zeros would fill the memory first."""
    info = zf.getinfo(name)
    with zf.open(info) as member:
        return member.read(info.file_size)


def _parse(xml: bytes):
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return lxml.etree.fromstring(xml, parser)


def _title(zf: zipfile.ZipFile) -> str | None:
    """dc:title of docProps/core.xml; a missing or damaged part only loses the title."""
    try:
        root = _parse(_read_member(zf, "docProps/core.xml"))
    except (*_ZIP_ERRORS, lxml.etree.XMLSyntaxError):
        return None
    node = root.find(DC_TITLE)
    return (node.text or "").strip() or None if node is not None else None


def _count_tags(root, tags: tuple[str, ...]) -> int:
    return sum(int(root.xpath(f"count(//w:{tag})", namespaces={"w": W[1:-1]})) for tag in tags)


def read_docx(data: bytes) -> Document:
    with _open_zip(data) as zf:
        _check_members(zf)
        try:
            xml = _read_member(zf, "word/document.xml")
            tags = xml.count(b"<")  # counted before parsing: lxml builds 3 million elements in seconds
            if tags > MAX_TAGS:
                raise UnreadableReport(
                    f"Word 文档正文有 {tags} 个标记，远超年度报告（不超过 {MAX_TAGS} 个），已拒绝。"
                )
            root = _parse(xml)
        except lxml.etree.XMLSyntaxError as e:
            raise UnreadableReport("DOCX 文件已损坏（正文 XML 无法解析），无法读取。") from e
        except _ZIP_ERRORS as e:
            raise UnreadableReport("DOCX 文件已损坏（正文无法解压），无法读取。") from e
        title = _title(zf)
    # counted in C, before the walk below spends seconds (separate counts: libxml2 merges the
    # node sets of a union in quadratic time)
    parts = _count_tags(root, ("p", "tc"))
    if parts > MAX_PARTS:
        raise UnreadableReport(
            f"Word 文档有 {parts} 个段落和单元格，远超年度报告（不超过 {MAX_PARTS} 个），已拒绝。"
        )
    pieces = _count_tags(root, ("t", "br", "cr", "tab"))
    if pieces > MAX_TEXT_PIECES:
        raise UnreadableReport(
            f"Word 文档有 {pieces} 段文字片段，远超年度报告（不超过 {MAX_TEXT_PIECES} 段），已拒绝。"
        )
    body = root.find(f"{W}body")
    if body is None:
        raise UnreadableReport("DOCX 文件已损坏（正文中没有 body），无法读取。")
    blocks: list = []
    _walk(body, blocks)
    return Document(blocks, "docx", title=title)
