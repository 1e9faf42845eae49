"""DOCX → blocks, paragraphs and tables in document order, merged cells expanded.

A DOCX is a zip archive, so a hostile one can be a zip bomb: a few kilobytes that expand to
gigabytes. The zip directory states every member's uncompressed size; it is checked before
python-docx (or anything else) inflates a byte.
"""

from __future__ import annotations

import io
import zipfile

from gongkai.reportio.blocks import Document, Grid, Paragraph
from gongkai.reportio.errors import UnreadableReport

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_UNCOMPRESSED = 80 * 1024 * 1024  # all members together
MAX_MEMBER = 40 * 1024 * 1024
MAX_RATIO = 200  # uncompressed ÷ compressed, for members large enough to matter
MAX_MEMBERS = 5000


def check_zip(data: bytes) -> None:
    """Refuse archives whose directory promises more than a report could need."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as e:
        raise UnreadableReport("DOCX 文件已损坏或不是 DOCX（无法作为 zip 打开）。") from e
    with zf:
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


def _grid(tbl) -> Grid:
    cells: list[list[str]] = []
    copy: list[list[bool]] = []
    for tr in tbl.iterchildren(f"{W}tr"):
        row: list[str] = []
        rcopy: list[bool] = []
        before = _val(tr, f"{W}trPr/{W}gridBefore")
        if before and before.isdigit():
            row.extend([""] * int(before))
            rcopy.extend([False] * int(before))
        for tc in tr.iterchildren(f"{W}tc", f"{W}sdt"):
            tcs = [tc] if tc.tag == f"{W}tc" else list(tc.iter(f"{W}tc"))
            for cell in tcs:
                span_s = _val(cell, f"{W}tcPr/{W}gridSpan")
                span = int(span_s) if span_s and span_s.isdigit() else 1
                span = max(1, min(span, 64))
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


def read_docx(data: bytes) -> Document:
    check_zip(data)
    import docx  # python-docx; imported here so text and HTML checks do not pay for it

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises many kinds (KeyError, XMLSyntaxError, ValueError …)
        raise UnreadableReport("DOCX 文件已损坏，无法读取。") from e
    blocks: list = []
    _walk(document.element.body, blocks)
    title = (document.core_properties.title or "").strip() or None
    return Document(blocks, "docx", title=title)
