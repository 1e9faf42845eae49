"""Read published annual reports (TXT, HTML, DOCX, PDF) into the report model of gongkai.law.

``read_report(data, name)`` sniffs the format from the bytes (the name only breaks ties), turns
the file into document-ordered blocks, and builds a :class:`gongkai.law.report.Report` whose
``notes`` hold what reading it revealed. Anything that is not a readable report raises
:class:`UnreadableReport` with a Chinese message — never another exception.
"""

from __future__ import annotations

import re
from pathlib import Path

from gongkai.law.report import OVERLONG_MARK, Finding, Report
from gongkai.reportio.blocks import Document, Grid, Paragraph, check_size
from gongkai.reportio.errors import UnreadableReport

MAX_BYTES = 30 * 1024 * 1024
# A digit run longer than this is no figure of a report, not even a whole 表四 run together
# (15 cells); kept, it would overrun Python's int/str limit and float range further on.
MAX_DIGIT_RUN = 100
_OVERLONG_RE = re.compile(r"\d(?:[,，.．]?\d){%d,}" % MAX_DIGIT_RUN)
MAX_TEXT_BYTES = 5 * 1024 * 1024  # a text or HTML report is tens of kilobytes
KINDS = ("txt", "html", "docx", "pdf")
EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".htm": "html",
    ".html": "html",
    ".shtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}

__all__ = [
    "KINDS",
    "MAX_BYTES",
    "Report",
    "UnreadableReport",
    "detect_kind",
    "read_document",
    "read_path",
    "read_report",
]


def detect_kind(data: bytes, name: str = "") -> str:
    head = data[:1024].lstrip()
    suffix = Path(name).suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableReport("这是旧版 Word（.doc）或其他 OLE 文件，请另存为 DOCX 或 PDF 后再核查。")
    if data[:4] == b"PK\x03\x04":
        return "docx"
    if suffix in (".doc", ".xls", ".xlsx", ".wps", ".ofd", ".zip", ".rar", ".png", ".jpg", ".jpeg"):
        raise UnreadableReport(f"不支持 {suffix} 文件，请上传 TXT、HTML、DOCX 或 PDF 格式的年度报告。")
    if suffix in (".pdf", ".docx"):
        raise UnreadableReport(f"文件扩展名是 {suffix}，但内容不是 {suffix[1:].upper()} 格式。")
    lowered = head[:512].lower()
    if (
        suffix in (".htm", ".html", ".shtml")
        or lowered.startswith((b"<!doctype html", b"<html", b"<?xml"))
        or b"<table" in data[:200000].lower()
    ):
        return "html"
    return "txt"


def read_document(data: bytes, name: str = "", kind: str | None = None) -> Document:
    if not data:
        raise UnreadableReport("文件是空的。")
    if len(data) > MAX_BYTES:
        raise UnreadableReport(
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），年度报告一般不超过 {MAX_BYTES // 1024 // 1024} MB。"
        )
    kind = kind or detect_kind(data, name)
    if kind in ("txt", "html") and len(data) > MAX_TEXT_BYTES:
        raise UnreadableReport(
            f"文本过长（{len(data) / 1024 / 1024:.1f} MB），年度报告的文本一般只有几十 KB，不超过 {MAX_TEXT_BYTES // 1024 // 1024} MB。"
        )
    doc = _read_kind(data, kind)
    check_size(doc)
    return doc


def _read_kind(data: bytes, kind: str) -> Document:
    if kind == "pdf":
        from gongkai.reportio.pdf import read_pdf

        return read_pdf(data)
    if kind == "docx":
        from gongkai.reportio.docx import read_docx

        return read_docx(data)
    if kind == "html":
        from gongkai.reportio.html import read_html

        return read_html(data)
    from gongkai.reportio.txt import read_txt

    return read_txt(data)


def read_report(data: bytes, name: str = "", kind: str | None = None) -> Report:
    """The report in ``data`` (its findings of reading in ``report.notes``)."""
    return read_with_document(data, name, kind)[1]


def read_with_document(data: bytes, name: str = "", kind: str | None = None) -> tuple[Document, Report]:
    """The document as read (its blocks, for showing the original layout) and the report."""
    from gongkai.reportio.assemble import build_report

    doc = read_document(data, name, kind)
    overlong = replace_overlong_digit_runs(doc)
    try:
        report = build_report(doc, source=name or None)
    except UnreadableReport:
        raise
    except RecursionError as e:
        raise UnreadableReport("文件结构异常（嵌套过深），无法读取。") from e
    if overlong:
        report.notes.append(
            Finding(
                "PARSE",
                "E",
                f"文件中有 {len(overlong)} 串超过 {MAX_DIGIT_RUN} 位的数字（最长 {max(overlong)} 位），"
                "不是年度报告中的统计数字，已按无法识别处理。",
            )
        )
    report.drop_out_of_range()
    return doc, report


def replace_overlong_digit_runs(doc: Document) -> list[int]:
    """Put :data:`OVERLONG_MARK` in place of every digit run over MAX_DIGIT_RUN digits in the
    document's text; the lengths of the runs replaced."""
    lengths: list[int] = []

    def cut(m: re.Match) -> str:
        lengths.append(sum(ch.isdigit() for ch in m.group()))
        return OVERLONG_MARK

    def fix(text: str) -> str:
        return _OVERLONG_RE.sub(cut, text) if len(text) > MAX_DIGIT_RUN else text

    for block in doc.blocks:
        if isinstance(block, Paragraph):
            block.text = fix(block.text)
        elif isinstance(block, Grid):
            for row in block.cells:
                row[:] = [fix(c) for c in row]
    return lengths


def read_path(path: str | Path) -> Report:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableReport(
                f"文件过大（{size / 1024 / 1024:.1f} MB），年度报告一般不超过 {MAX_BYTES // 1024 // 1024} MB。"
            )
        data = p.read_bytes()
    except OSError as e:
        raise UnreadableReport(f"无法读取文件：{e.strerror or e}") from e
    return read_report(data, p.name)
