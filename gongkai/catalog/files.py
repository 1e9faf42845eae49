"""Attachments: which files are accepted (judged by their content, never by name or browser type)
and the text search reads from them."""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape

from django.core.exceptions import ValidationError

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# A DOCX's document.xml larger than this is not read for search (a zip bomb would be).
MAX_XML_BYTES = 50 * 1024 * 1024


def sniff(data: bytes) -> str | None:
    """The kind of a file (a key of ``models.ATTACHMENT_KINDS``) from its bytes; None if not accepted."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data.startswith(b"PK\x03\x04"):
        # DOCX and OFD (GB/T 33190) are both ZIP packages: their entries tell them apart.
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "OFD.xml" in names:
            return "ofd"
    return None


def check_upload(name: str, data: bytes) -> str:
    """The accepted kind of an upload, or a Chinese ValidationError."""
    if not data:
        raise ValidationError(f"附件“{name}”是空文件。")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"附件“{name}”超过 20 MB，请压缩或拆分后再上传。")
    kind = sniff(data)
    if kind is None:
        raise ValidationError(f"附件“{name}”不是 PDF、DOCX、OFD 或图片（PNG、JPG、GIF）文件。")
    return kind


def extract_text(kind: str, data: bytes) -> str:
    """Plain text for search: PDF through pdfium, DOCX from its XML; OFD and images give none. A
    file that cannot be read gives no text rather than refusing the upload (it is still published)."""
    try:
        if kind == "pdf":
            return _pdf_text(data)
        if kind == "docx":
            return _docx_text(data)
    except Exception:  # noqa: BLE001 — a damaged file is published as it is, only unsearchable
        return ""
    return ""


def _pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(p.strip() for p in pages).strip()
    finally:
        pdf.close()


_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_RUN_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if package.getinfo("word/document.xml").file_size > MAX_XML_BYTES:
            return ""
        xml = package.read("word/document.xml").decode("utf-8", "replace")
    paragraphs = ("".join(_RUN_TEXT.findall(p)) for p in _PARAGRAPH.findall(xml))
    return "\n".join(unescape(p) for p in paragraphs if p.strip())
