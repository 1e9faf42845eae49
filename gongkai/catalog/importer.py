"""Import records already published elsewhere (a portal's 政府信息公开目录) into an agency's catalog.

Three steps, each a function callers may use on its own:

1. :func:`read_rows` — JSONL, CSV or XLSX (by extension and by content: ``PK`` is a workbook, a
   first character ``{`` is JSONL, anything else is CSV in UTF-8 or GB18030) into
   :class:`SourceRow` — the line number and the values under our field names, whichever header
   or key the file used (Chinese headers such as 名称/标题, 发布日期, 文号…, or the crawler's JSONL
   keys with their ``other_meta``);
2. :func:`parse_rows` — each row into an :class:`ImportRecord` (dates, 文号〔〕, 有效性, 信息类别
   mapped onto the agency's categories, the body without the page's chrome), every problem kept
   as a :class:`RowError` with its line and column;
3. :func:`import_records` — through :class:`~gongkai.catalog.actions.ImportPublished`, in one
   transaction: any bad row and nothing is imported. A record already there (same 索引号, or same
   名称, 发布日期 and 文号) is skipped, so importing a file again duplicates nothing.

:func:`import_catalog` runs the three (the ``gongkai import-catalog`` command).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.actions import REFUSALS, refusal_text
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action, require

from .actions.base import categories_of, normalise_document_number, plain_text, today
from .actions.importing import ImportPublished
from .actions.vocabulary import CreateTopic
from .models import CatalogItem, DocumentKind, Topic, Validity

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 20000


class CatalogFileError(Exception):
    """The file as a whole cannot be read (not JSONL/CSV/XLSX, no header row, empty…)."""


# --- step 1: reading -----------------------------------------------------------------------------
# Our field → the headers/keys that may carry it, in order of preference (the first non-empty wins).
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "名称", "标题", "信息名称", "文件名称"),
    "published": ("published", "发布日期", "发布时间", "发布日期(页内)"),
    "doc_number": ("doc_number", "文号", "发文字号", "发文字号(页内)"),
    "publisher": ("publisher", "发布机构", "发文机关", "来源"),
    "written_on": ("written_on", "成文日期", "生成日期"),
    "topic": ("topic", "主题分类"),
    "category": ("category", "信息类别", "体裁分类", "体裁"),
    "column": ("栏目",),
    "category_path": ("category_path",),
    "validity": ("validity", "有效性"),
    "index_number": ("index_number", "索引号"),
    "summary": ("summary", "内容概述"),
    "body": ("body", "正文", "内容"),
    "source_url": ("source_url", "原文链接", "原文地址", "url"),
}
LABELS = {
    "title": "名称",
    "published": "发布日期",
    "doc_number": "文号",
    "publisher": "发布机构",
    "written_on": "成文日期",
    "topic": "主题分类",
    "category": "信息类别",
    "column": "栏目",
    "category_path": "栏目路径",
    "validity": "有效性",
    "index_number": "索引号",
    "summary": "内容概述",
    "body": "正文",
    "source_url": "原文链接",
}


def header_key(name: Any) -> str:
    """A header as we compare it: no spaces, half-width brackets, lower case (「发文字号（页内）」)."""
    text = re.sub(r"[\s\u3000]+", "", str(name or ""))
    return text.replace("（", "(").replace("）", ")").lower()


_ALIAS_OF = {header_key(alias): name for name, aliases in ALIASES.items() for alias in aliases}


@dataclass
class SourceRow:
    line: int
    # our field name → (value as read, the header/key it came from)
    values: dict[str, tuple[Any, str]]

    def get(self, name: str) -> Any:
        found = self.values.get(name)
        return found[0] if found else None

    def column(self, name: str) -> str:
        found = self.values.get(name)
        return found[1] if found else LABELS[name]


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _row(line: int, pairs: list[tuple[str, Any]]) -> SourceRow:
    """Pick, for each field, the first alias (in :data:`ALIASES` order) that has a value."""
    by_key: dict[str, tuple[Any, str]] = {}
    for header, value in pairs:
        key = header_key(header)
        if key in _ALIAS_OF and (key not in by_key or _empty(by_key[key][0])):
            by_key[key] = (value, str(header).strip())
    values: dict[str, tuple[Any, str]] = {}
    for name, aliases in ALIASES.items():
        candidates = [by_key[header_key(a)] for a in aliases if header_key(a) in by_key]
        filled = [c for c in candidates if not _empty(c[0]) and not _is_none_word(name, c[0])]
        if filled or candidates:
            values[name] = (filled or candidates)[0]
    return SourceRow(line, values)


def _is_none_word(name: str, value: Any) -> bool:
    """「无」 printed in an empty 文号 or 主题分类 cell means nothing, so another alias may serve."""
    return name in ("doc_number", "topic") and isinstance(value, str) and value.strip() == "无"


def detect_format(data: bytes, name: str = "") -> str:
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise CatalogFileError("这是旧版 Excel（.xls）或其他 OLE 文件，请另存为 .xlsx 或 CSV 后再导入。")
    if suffix == "xlsx":
        raise CatalogFileError("文件扩展名是 .xlsx，但内容不是 Excel 工作簿。")
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{") or suffix in ("jsonl", "ndjson"):
        return "jsonl"
    if suffix == "json" and head.startswith(b"["):
        raise CatalogFileError("JSON 文件请每行一条记录（JSONL），不要写成一个数组。")
    return "csv"


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogFileError("无法识别文件的文字编码，请保存为 UTF-8 后再导入。")


def _read_jsonl(data: bytes) -> list[SourceRow | RowError]:
    rows: list[SourceRow | RowError] = []
    for line, text in enumerate(_decode(data).splitlines(), start=1):
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except ValueError:
            rows.append(RowError(line, "", "这一行不是有效的 JSON 对象"))
            continue
        if not isinstance(obj, dict):
            rows.append(RowError(line, "", "这一行不是 JSON 对象（应为 {…}）"))
            continue
        pairs = [(k, v) for k, v in obj.items() if k != "other_meta"]
        meta = obj.get("other_meta")
        if isinstance(meta, dict):
            pairs += [(k, v) for k, v in meta.items()]
        rows.append(_row(line, pairs))
    return rows


def _header_index(cells: list[Any]) -> dict[int, str] | None:
    keys = {i: str(c).strip() for i, c in enumerate(cells) if not _empty(c)}
    found = {_ALIAS_OF.get(header_key(c)) for c in keys.values()}
    return keys if "title" in found and "published" in found else None


def _missing_header() -> CatalogFileError:
    return CatalogFileError(
        "没有找到表头：表头应有“名称”（或“标题”）和“发布日期”两列，可选“文号”“发布机构”“成文日期”"
        "“主题分类”“信息类别”“有效性”“索引号”“内容概述”“正文”等。"
    )


def _read_csv(data: bytes) -> list[SourceRow | RowError]:
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header: dict[int, str] | None = None
    rows: list[SourceRow | RowError] = []
    last = 0
    try:
        for cells in reader:
            start, last = last + 1, reader.line_num
            if header is None:
                header = _header_index(cells)
                if header is None and start >= 10:
                    raise _missing_header()
                continue
            if all(_empty(c) for c in cells):
                continue
            rows.append(_row(start, [(h, cells[i] if i < len(cells) else None) for i, h in header.items()]))
    except csv.Error as exc:
        raise CatalogFileError(f"第 {last + 1} 行附近的 CSV 格式有误（{exc}）。") from None
    if header is None:
        raise _missing_header()
    return rows


def _read_xlsx(data: bytes) -> list[SourceRow | RowError]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise CatalogFileError("无法读取该 Excel 文件，请确认是 .xlsx 工作簿。") from exc
    try:
        header: dict[int, str] | None = None
        rows: list[SourceRow | RowError] = []
        for line, cells in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            cells = list(cells)
            if header is None:
                header = _header_index(cells)
                if header is None and line >= 10:
                    raise _missing_header()
                continue
            if all(_empty(c) for c in cells):
                continue
            rows.append(_row(line, [(h, cells[i] if i < len(cells) else None) for i, h in header.items()]))
            if len(rows) > MAX_ROWS:
                break
        if header is None:
            raise _missing_header()
        return rows
    finally:
        workbook.close()


def read_rows(data: bytes, name: str = "") -> list[SourceRow | RowError]:
    """The file's records (or, for a line that is not one, its error) in file order."""
    if not data or not data.strip():
        raise CatalogFileError("文件是空的。")
    if len(data) > MAX_BYTES:
        raise CatalogFileError(f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB），请分成几个文件导入。")
    kind = detect_format(data, name)
    rows = {"jsonl": _read_jsonl, "csv": _read_csv, "xlsx": _read_xlsx}[kind](data)
    if not rows:
        raise CatalogFileError("文件中没有数据行。")
    if len(rows) > MAX_ROWS:
        raise CatalogFileError(f"一次最多导入 {MAX_ROWS} 条。")
    return rows


# --- step 2: the fields --------------------------------------------------------------------------
@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def text(self) -> str:
        where = f"第 {self.line} 行" if self.line else "文件"
        if self.column:
            where += f"“{self.column}”列"
        return f"{where}：{self.message}"


@dataclass
class ImportRecord:
    line: int
    fields: dict[str, Any]  # CatalogItem fields (category and topic as names)
    published_on: date
    index_number: str = ""
    source_url: str = ""
    category_name: str = "其他"
    topic_name: str = ""


_DATE_RE = (
    re.compile(
        r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
    ),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def parse_date(value: Any) -> date | None:
    """2022-11-04 14:01, 2022-11-04, 2022年11月4日, 2022/11/4, 20221104, or a workbook's date;
    None when empty. ValueError (Chinese) for anything else, impossible dates included."""
    if _empty(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    for pattern in _DATE_RE:
        m = pattern.fullmatch(text)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise ValueError(f"“{text}”不是存在的日期") from None
    raise ValueError(f"“{text}”不是有效日期（应为 2022-11-04、2022年11月4日、2022/11/4 或 20221104）")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


VALIDITY = {
    "有效": Validity.VALID,
    "现行有效": Validity.VALID,
    "失效": Validity.EXPIRED,
    "已失效": Validity.EXPIRED,
    "废止": Validity.REPEALED,
    "已废止": Validity.REPEALED,
}

# 栏目/信息类别 text → (the agency's category, 文件类型), first match wins.
CATEGORY_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), category, kind)
    for pattern, category, kind in (
        (r"^其他|^其它", "其他", DocumentKind.OTHER),
        (r"规章", "法规文件", DocumentKind.RULE),
        (r"规范性文件", "法规文件", DocumentKind.NORMATIVE),
        (r"解读", "政策解读", DocumentKind.OTHER),
        (r"人大|政协|建议|提案", "人大建议和政协提案办理", DocumentKind.OTHER),
        (r"财政|预算|决算|预决算|资金|采购|收费", "财政资金", DocumentKind.OTHER),
        (r"动态|工作进展|要闻|新闻", "工作动态", DocumentKind.OTHER),
        (r"年报|年度报告|工作报告", "年度工作报告", DocumentKind.OTHER),
        (r"通知公告|公告|公示|通知", "通知公告", DocumentKind.OTHER),
        (r"机构|职能|职责|权责清单|领导", "机构职能", DocumentKind.OTHER),
        (r"规划|计划", "规划计划", DocumentKind.OTHER),
        (r"人事|任免|招考|招聘|录用", "人事信息", DocumentKind.OTHER),
        (r"法规|政策文件", "法规文件", DocumentKind.OTHER),
    )
)
# A portal's column path (…/fdzdgknr/gzdt) when no column name was given: its last segment.
PATH_WORDS = {
    "gzdt": "工作动态",
    "tzgg": "通知公告",
    "zcjd": "政策解读",
    "gfxwj": "规范性文件",
    "hzgfxwj": "行政规范性文件",
    "czysjsbg": "财政预算、决算",
    "czzj": "财政资金",
    "zfxxgknb": "年报",
    "jgzn": "机构职能",
    "rsxx": "人事信息",
    "ghjh": "规划计划",
}
OTHER_CATEGORY = "其他"


def map_category(text: str, names: set[str]) -> tuple[str, str]:
    """(category name, document kind) for a 信息类别/栏目 text, onto the agency's ``names``."""
    text = (text or "").strip()
    if text in names:
        kind = next((k for p, _, k in CATEGORY_RULES if p.search(text)), DocumentKind.OTHER)
        return text, kind
    for pattern, category, kind in CATEGORY_RULES:
        if pattern.search(text):
            return (category if category in names else OTHER_CATEGORY), kind
    return OTHER_CATEGORY, DocumentKind.OTHER


def _category_text(row: SourceRow) -> str:
    for name in ("category", "column"):
        value = _text(row.get(name))
        if value:
            return value
    path = _text(row.get("category_path")).rstrip("/")
    if path:
        segment = re.sub(r"^\d+", "", path.rsplit("/", 1)[-1])
        return PATH_WORDS.get(segment, segment)
    return ""


# --- the body: a crawled page's chrome removed by general rules ---------------------------------
_CJK = r"\u4e00-\u9fff"
# The page head ends with the share bar: breadcrumbs, the metadata table, the title again, 来源,
# 时间, then 「微信 微博 QQ空间」 and the reader's tool links.
_SHARE_BAR = re.compile(r"(?:分享到[:：]?\s*)?微信\s*微博\s*QQ空间")
_TOOLBAR = re.compile(r"^(?:\s*(?:-->|全真版|文字版|文件下载|相关链接[:：]?|【?打印本页】?|【?关闭窗口】?))+")
_BREADCRUMB = re.compile(r"^\s*(?:您的|您现在的|当前)?位置[:：]")
CHROME_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"(?:分享到[:：]?\s*)?微信\s*微博\s*QQ空间",
        r"【\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|我要纠错|收藏)\s*】",
        r"【?\s*字号[:：]?\s*[【\[]?大[】\]]?\s*[【\[]?中[】\]]?\s*[【\[]?小[】\]]?\s*】?",
        r"分享到[:：]",
        r"扫一扫在手机(?:上)?打开当前页",
        r"(?<![" + _CJK + r"])附件下载[:：]?",
        r"(?<![" + _CJK + r"])相关链接[:：]",
        r"-->",
        r"(?<![" + _CJK + r"])(?:全真版|文字版)(?![" + _CJK + r"])",
    )
)
# 「来源：…」 and 「时间：…」 of the page head, wherever they are left (not 「资金来源：」 or 「受理时间：」).
_SOURCE = re.compile(r"(?<![" + _CJK + r"])来源[:：][ \t]*(?:(?!时间[:：]|附件)[^\s]+)?")
_TIME = re.compile(
    r"(?<![" + _CJK + r"])(?:发布)?时间[:：]\s*(\d{4}-\d{2}-\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)


_FILE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{2,5}\b")


def _squash(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def _drop_leading(body: str, phrase: str) -> str:
    """``body`` without ``phrase`` at its start (spaces inside either ignored), repeatedly."""
    target = _squash(phrase)
    while target:
        squashed, i, n = "", 0, len(body)
        while i < n and len(squashed) < len(target):
            if not body[i].isspace() and body[i] != "\u3000":
                squashed += body[i]
            i += 1
        if squashed != target or _FILE_SUFFIX.match(body, i):
            return body  # not the title, or the title is the start of an attachment's file name
        body = body[i:].lstrip()
    return body


def clean_body(body: str, title: str = "", published: date | None = None) -> str:
    """A crawled page's text without its chrome: the head up to the share bar (or the breadcrumbs
    up to the title), the share and print links, 「附件下载」, and the 来源/时间 the head repeats."""
    text = plain_text(body or "")
    head = _SHARE_BAR.search(text[:3000])
    if head and (_BREADCRUMB.match(text) or _TIME.search(text, 0, head.start())):
        text = _TOOLBAR.sub("", text[head.end() :])
    elif _BREADCRUMB.match(text):
        at = text.find(title) if title else -1
        text = text[at + len(title) :] if at >= 0 else re.sub(r"^[^\s]*\s*", "", _BREADCRUMB.sub("", text))
    for pattern in CHROME_PATTERNS:
        text = pattern.sub(" ", text)
    text = _SOURCE.sub(" ", text)
    day = f"{published:%Y-%m-%d}" if published else None
    text = _TIME.sub(lambda m: " " if m.group(1) == day else m.group(0), text)
    text = re.sub(r"[ \t\u3000]+", " ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if title:
        text = _drop_leading(text, title)
    return text.strip()


def _number(value: Any) -> str:
    text = _text(value)
    if text in ("无", "-", "—"):
        return ""
    return normalise_document_number(text.replace("﹝", "〔").replace("﹞", "〕"))


def parse_row(row: SourceRow, category_names: set[str]) -> tuple[ImportRecord | None, list[RowError]]:
    errors: list[RowError] = []

    def bad(name: str, message: str) -> None:
        errors.append(RowError(row.line, row.column(name), message))

    def day(name: str) -> date | None:
        try:
            return parse_date(row.get(name))
        except ValueError as exc:
            bad(name, f"{LABELS[name]}{exc}")
            return None

    title = re.sub(r"\s+", " ", _text(row.get("title")))
    if not title:
        bad("title", "缺少信息名称")
    elif len(title) > 300:
        bad("title", "信息名称超过 300 字")
    published = day("published")
    if published is None and _empty(row.get("published")):
        bad("published", "缺少发布日期（导入的是已发布的信息，须有原发布日期）")
    elif published is not None and published > today():
        bad("published", f"发布日期（{published:%Y-%m-%d}）晚于今天")
    written = day("written_on")
    if written and published and written > published:
        bad("written_on", f"成文日期（{written:%Y-%m-%d}）晚于发布日期（{published:%Y-%m-%d}）")
    validity_text = _text(row.get("validity"))
    validity = VALIDITY.get(validity_text.replace(" ", ""), None) if validity_text else Validity.VALID
    if validity is None:
        bad("validity", f"有效性“{validity_text}”应为有效、失效或废止")
    number = _number(row.get("doc_number"))
    if len(number) > 100:
        bad("doc_number", "文号超过 100 字")
    index_number = re.sub(r"\s+", "", _text(row.get("index_number")))
    if len(index_number) > 60:
        bad("index_number", "索引号超过 60 字")
    topic = _text(row.get("topic"))
    topic = "" if topic == "无" else topic
    if len(topic) > 60:
        bad("topic", "主题分类超过 60 字")
    if errors:
        return None, errors
    assert published is not None
    category, kind = map_category(_category_text(row), category_names)
    publisher = _text(row.get("publisher"))[:200]
    fields = {
        "title": title,
        "summary": plain_text(_text(row.get("summary"))),
        "publisher": publisher,
        "written_on": written,
        "document_number": number,
        "validity": validity,
        "document_kind": kind,
        "body": clean_body(_text(row.get("body")), title, published),
        "full_text_electronic": True,
    }
    return (
        ImportRecord(
            line=row.line,
            fields=fields,
            published_on=published,
            index_number=index_number,
            source_url=_text(row.get("source_url")),
            category_name=category,
            topic_name=topic,
        ),
        [],
    )


def parse_rows(rows: list[SourceRow | RowError], agency: Agency) -> tuple[list[ImportRecord], list[RowError]]:
    """Every row's record, or its errors; duplicates inside the file are errors too."""
    names = set(categories_of(agency).filter(active=True).values_list("name", flat=True))
    records: list[ImportRecord] = []
    errors: list[RowError] = []
    seen_index: dict[str, int] = {}
    seen_key: dict[tuple[str, date, str], int] = {}
    columns: dict[int, str] = {}
    for row in rows:
        if isinstance(row, RowError):
            errors.append(row)
            continue
        record, problems = parse_row(row, names)
        errors += problems
        if record is None:
            continue
        if record.index_number:
            first = seen_index.setdefault(record.index_number, record.line)
            if first != record.line:
                errors.append(
                    RowError(
                        record.line, row.column("index_number"), f"索引号与第 {first} 行相同（索引号须唯一）"
                    )
                )
                continue
        key = (record.fields["title"], record.published_on, record.fields["document_number"])
        first = seen_key.setdefault(key, record.line)
        if first != record.line:
            errors.append(
                RowError(record.line, "", f"与第 {first} 行是同一条信息（名称、发布日期和文号都相同）")
            )
            continue
        records.append(record)
        columns[record.line] = row.column("index_number")
    known = Known(agency, records)
    kept = []
    for record in records:
        try:
            known.existing(record)
        except ValidationError as exc:
            errors.append(RowError(record.line, columns[record.line], refusal_text(exc).rstrip("。")))
            continue
        kept.append(record)
    return kept, sorted(errors, key=lambda e: e.line)


# --- step 3: importing ---------------------------------------------------------------------------
@dataclass
class CatalogImportReport:
    created: list[tuple[int, str, str]] = field(default_factory=list)  # (line, title, 索引号)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # already imported
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    unreadable: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        return [e.text() for e in self.errors]

    def summary(self, agency: Agency) -> str:
        if self.errors:
            return f"未导入：发现 {len(self.errors)} 处错误，整个文件都没有导入。"
        skipped = f"，{len(self.skipped)} 条此前已导入（跳过）" if self.skipped else ""
        if self.dry_run:
            return f"检查通过：{len(self.created)} 条可以导入{skipped}（未导入）。"
        return f"已导入 {len(self.created)} 条政府信息到“{agency.name}”{skipped}。"

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "imported": 0 if (self.errors or self.dry_run) else len(self.created),
            "created": [{"line": n, "title": t, "index_number": i} for n, t, i in self.created],
            "skipped": [{"line": n, "title": t, "index_number": i} for n, t, i in self.skipped],
            "errors": [{"line": e.line, "column": e.column, "message": e.message} for e in self.errors],
        }


CHUNK = 500  # values per IN (…) query, well under every backend's limit


class Known:
    """What the catalog already holds of a batch of records, read in a few queries: the holders of
    their 索引号 (anywhere) and the agency's items with their titles."""

    def __init__(self, agency: Agency, records: list[ImportRecord]):
        self.agency = agency
        numbers = sorted({r.index_number for r in records if r.index_number})
        titles = sorted({r.fields["title"] for r in records})
        self.holders: dict[str, tuple[int, str, str]] = {}
        for i in range(0, len(numbers), CHUNK):
            found = CatalogItem.objects.filter(index_number__in=numbers[i : i + CHUNK])
            for number, agency_id, title, name in found.values_list(
                "index_number", "agency_id", "title", "agency__name"
            ):
                self.holders[number] = (agency_id, title, name)
        self.keys: dict[tuple[str, date, str], str] = {}
        for i in range(0, len(titles), CHUNK):
            found = CatalogItem.objects.filter(agency=agency, title__in=titles[i : i + CHUNK])
            for title, day, number, index in found.values_list(
                "title", "published_on", "document_number", "index_number"
            ):
                self.keys.setdefault((title, day, number), index or "")

    def existing(self, record: ImportRecord) -> str | None:
        """The 索引号 of the item this record was imported as before (same 索引号, else same
        名称/发布日期/文号), or None; a 索引号 another item holds is a clash (ValidationError)."""
        title = record.fields["title"]
        if record.index_number:
            holder = self.holders.get(record.index_number)
            if holder is None:
                return None
            agency_id, held_title, agency_name = holder
            if agency_id == self.agency.pk and held_title == title:
                return record.index_number
            raise ValidationError(
                f"索引号“{record.index_number}”已被“{held_title}”（{agency_name}）使用，索引号须唯一。"
            )
        return self.keys.get((title, record.published_on, record.fields["document_number"]))


def import_records(
    user: Any, agency: Agency, records: list[ImportRecord], *, dry_run: bool = False
) -> CatalogImportReport:
    """Import every record or none (one transaction); ``dry_run`` rolls back and reports."""
    require(user, Action.EDIT, agency)
    report = CatalogImportReport(dry_run=dry_run)
    categories = {c.name: c for c in categories_of(agency)}
    topics: dict[str, Topic] = {}
    with transaction.atomic():
        known = Known(agency, records)
        for record in records:
            try:
                with transaction.atomic():
                    same = known.existing(record)
                    if same is not None:
                        report.skipped.append((record.line, record.fields["title"], same))
                        continue
                    fields = dict(record.fields)
                    fields["category"] = categories.get(record.category_name) or categories.get(
                        OTHER_CATEGORY
                    )
                    if record.topic_name:
                        topic = (
                            topics.get(record.topic_name)
                            or Topic.objects.filter(name=record.topic_name).first()
                        )
                        if topic is None:
                            topic = CreateTopic(user, record.topic_name).execute()
                        fields["topic"] = topics[record.topic_name] = topic
                    item = ImportPublished(
                        user,
                        agency,
                        fields,
                        published_on=record.published_on,
                        index_number=record.index_number,
                        source_url=record.source_url,
                    ).execute()
                report.created.append((record.line, item.title, item.index_number or ""))
            except REFUSALS as exc:
                report.errors.append(RowError(record.line, "", refusal_text(exc)))
        if report.errors or dry_run:
            transaction.set_rollback(True)
    if report.errors:
        report.created.clear()
        report.skipped.clear()
    return report


def import_catalog(
    user: Any, agency: Agency, data: bytes, name: str = "", *, dry_run: bool = False
) -> CatalogImportReport:
    """Read, check and import a file: all of it, or (any bad row) nothing."""
    require(user, Action.EDIT, agency)
    try:
        rows = read_rows(data, name)
    except CatalogFileError as exc:
        return CatalogImportReport(errors=[RowError(0, "", str(exc))], dry_run=dry_run, unreadable=True)
    records, errors = parse_rows(rows, agency)
    if errors:
        return CatalogImportReport(errors=errors, dry_run=dry_run)
    return import_records(user, agency, records, dry_run=dry_run)
