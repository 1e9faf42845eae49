"""The monthly 两馆 hand-over package (第二十五条 「行政机关应当及时向国家档案馆、公共图书馆提供主动公开
的政府信息」): one agency's items published in one month, as one ZIP.

Layout (every name safe on Windows: no path separators, no reserved characters or device names,
no trailing dots or spaces, short enough for the 260-character path limit)::

    <机关代号>-<YYYY>-<MM>-两馆移交清单.xlsx
    <机关代号>-<YYYY>-<MM>-两馆移交清单.csv      UTF-8 with BOM, CRLF (Excel opens it as is)
    001-<索引号>/信息.txt                        metadata and 正文, UTF-8 with BOM, CRLF
    001-<索引号>/附件01-<file name>             the attachments as published
    002-…

Items are those the public may see (``public.visible_to_public``: published, 主动公开, not
withdrawn) with a 发布日期 in the month, in the order 发布日期, 索引号 — the same order in the
清单, the folders and their numbers. The package is reproducible: built twice from the same
records it has the same bytes (fixed timestamps in the ZIP and the XLSX), so its SHA-256 changes
only when its content does.
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import io
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency

from .models import CatalogItem
from .public import visible_to_public

COLUMNS = (
    "序号",
    "索引号",
    "名称",
    "文号",
    "发布机构",
    "成文日期",
    "发布日期",
    "信息类别",
    "主题分类",
    "有效性",
    "全文电子化",
    "附件",
    "包内位置",
)
MISSING = "（文件缺失）"
# Windows: <>:"/\|?* and control characters are not allowed; these names are devices.
_RESERVED_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_DEVICE_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)
MAX_NAME = 60  # characters of one path component (a folder and a file stay far below 260)


def safe_name(name: str, *, default: str = "文件", limit: int = MAX_NAME) -> str:
    """One path component safe on Windows, macOS and Linux: 「../a:b?.pdf」 → 「.._a_b_.pdf」 is not
    enough (".." must never survive), so separators become 「_」, leading dots and trailing dots or
    spaces go, device names get a 「_」 prefix, and a long name is cut keeping its extension."""
    name = unicodedata.normalize("NFC", name or "")
    name = _RESERVED_CHARS.sub("_", name).strip()
    name = name.lstrip(".").rstrip(". ")
    if not name:
        name = default
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 10:
        stem, ext = name, ""
    if stem.split(".")[0].upper() in _DEVICE_NAMES:
        stem = "_" + stem
    keep = limit - (len(ext) + 1 if ext else 0)
    stem = stem[: max(keep, 1)].rstrip(". ") or default
    return f"{stem}.{ext}" if ext else stem


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def month_items(agency: Agency | int, year: int, month: int, today: date | None = None) -> QuerySet:
    """The items of the package, in its order."""
    first, last = month_range(year, month)
    agency_id = agency.pk if isinstance(agency, Agency) else agency
    queryset = CatalogItem.objects.filter(agency_id=agency_id, published_on__range=(first, last))
    return (
        visible_to_public(queryset, today or timezone.localdate())
        .select_related("agency", "category", "topic")
        .prefetch_related("attachments")
        .order_by("published_on", "index_number", "pk")
    )


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _folder(n: int, item: CatalogItem) -> str:
    return f"{n:03d}-{safe_name(item.index_number or str(item.pk), limit=40)}"


def _attachments(item: CatalogItem) -> list[tuple[object, str, bool]]:
    """(attachment, its unique safe file name 附件01-…, whether its file is there), in order."""
    found = []
    for i, a in enumerate(item.attachments.all(), start=1):
        name = f"附件{i:02d}-{safe_name(a.name, default=f'附件.{a.kind}', limit=50)}"
        found.append((a, name, bool(a.file.name) and a.file.storage.exists(a.file.name)))
    return found


def _labels(files: list[tuple[object, str, bool]]) -> list[str]:
    return [name if present else f"{name}{MISSING}" for _, name, present in files]


def metadata(item: CatalogItem) -> list[tuple[str, str]]:
    return [
        ("索引号", item.index_number or ""),
        ("名称", item.title),
        ("文号", item.document_number),
        ("发布机构", item.publisher or item.agency.name),
        ("成文日期", _day(item.written_on)),
        ("发布日期", _day(item.published_on)),
        ("信息类别", item.category.name if item.category_id else ""),
        ("主题分类", item.topic.name if item.topic_id else ""),
        ("有效性", item.get_validity_display()),
        ("全文电子化", "是" if item.full_text_electronic else "否"),
    ]


def item_text(item: CatalogItem, files: list[str]) -> str:
    """信息.txt: the metadata, 内容概述 and 正文 (CRLF, for Windows' Notepad)."""
    lines = [f"{label}：{value}" for label, value in metadata(item)]
    lines.append("附件：" + ("；".join(files) if files else "无"))
    if item.summary:
        lines += ["", "【内容概述】", item.summary]
    lines += ["", "【正文】", item.body or "（正文见附件）"]
    return "\r\n".join(line.replace("\r\n", "\n").replace("\n", "\r\n") for line in lines) + "\r\n"


def _cell(value: str) -> str:
    """A text that a spreadsheet would take for a formula (=, +, -, @) is kept as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def manifest_rows(entries: list[tuple[CatalogItem, str, list]]) -> list[list[str]]:
    rows = []
    for n, (item, folder, files) in enumerate(entries, start=1):
        values = [value for _, value in metadata(item)]
        rows.append([str(n), *values, "；".join(_labels(files)), folder])
    return rows


def manifest_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return out.getvalue().encode("utf-8-sig")


def manifest_xlsx(rows: list[list[str]], title: str, stamp: tuple[int, ...]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "移交清单"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([int(row[0]), *row[1:]])
        for cell in sheet[sheet.max_row][1:]:
            cell.data_type = "s"  # never a formula, whatever a title starts with
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = (6, 24, 48, 22, 20, 12, 12, 14, 18, 8, 10, 40, 30)
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A3"
    moment = datetime(*stamp)
    book.properties.creator = "gongkai"
    book.properties.created = moment
    buffer = io.BytesIO()
    book.save(buffer)
    return _reproducible_xlsx(buffer.getvalue(), moment, stamp)


def _reproducible_xlsx(data: bytes, moment, stamp: tuple[int, ...]) -> bytes:
    """openpyxl writes the time of saving into docProps/core.xml and each ZIP entry; pin both."""
    stamp_text = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rf"\g<1>{stamp_text}\g<2>", text
                )
                content = text.encode("utf-8")
            target.writestr(_entry(info.filename, stamp), content)
    return out.getvalue()


def _entry(name: str, stamp: tuple[int, ...]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def signature(agency: Agency | int, year: int, month: int) -> list[tuple]:
    """What the package was built from: each item and when it last changed (attachments change
    only on drafts, so an item's ``updated_at`` covers them)."""
    return [tuple(row) for row in month_items(agency, year, month).values_list("pk", "updated_at")]


@dataclass
class Built:
    file: IO[bytes]  # a temporary file, at position 0; the caller closes it
    item_count: int
    size: int
    sha256: str
    names: list[str]  # the ZIP's entries, in order
    signature: list[tuple]  # see signature()


def build_package(agency: Agency, year: int, month: int, today: date | None = None) -> Built:
    """Write the month's package to a temporary file (attachments may be large: never all in memory)."""
    items = list(month_items(agency, year, month, today))
    packed = [(item.pk, item.updated_at) for item in items]
    _, last = month_range(year, month)
    stamp = (last.year, last.month, last.day, 0, 0, 0)  # every entry dated the month's last day
    entries = []
    for n, item in enumerate(items, start=1):
        entries.append((item, _folder(n, item), _attachments(item)))
    rows = manifest_rows(entries)
    base = f"{safe_name(agency.code, limit=40)}-{year:04d}-{month:02d}-两馆移交清单"
    title = f"{agency.name}{year}年{month}月主动公开政府信息移交清单（共{len(items)}条）"

    target = tempfile.TemporaryFile()
    names: list[str] = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:

        def put(name: str, data: bytes) -> None:
            package.writestr(_entry(name, stamp), data)
            names.append(name)

        put(f"{base}.xlsx", manifest_xlsx(rows, title, stamp))
        put(f"{base}.csv", manifest_csv(rows))
        for item, folder, files in entries:
            for attachment, file_name, present in files:
                data = _read(attachment) if present else None
                if data is not None:
                    put(f"{folder}/{file_name}", data)
            put(f"{folder}/信息.txt", item_text(item, _labels(files)).encode("utf-8-sig"))
    digest = hashlib.sha256()
    target.seek(0)
    for chunk in iter(lambda: target.read(1 << 20), b""):
        digest.update(chunk)
    size = target.tell()
    target.seek(0)
    return Built(target, len(items), size, digest.hexdigest(), names, packed)


def _read(attachment) -> bytes | None:
    try:
        with attachment.file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return None
