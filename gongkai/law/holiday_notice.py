"""Read a year's holiday schedule from the State Council notice text or from a CSV file.

The State Council (国务院办公厅) publishes 《关于 YYYY 年部分节假日安排的通知》 each autumn. Its items
read, for example (2026, 国办发明电〔2025〕7号)::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    2月14日（周六）、2月28日（周六）上班。

Every day of a 放假 range is a day off (weekend days inside it too); every date before 上班 is a
make-up working day (调休上班日). The text carries its own checks, which are enforced so that a
notice pasted under the wrong year, or mistyped, is refused instead of silently loaded: the
weekday in brackets must be that date's weekday in the year, 「共N天」 must equal the length of
the range, a make-up working day must fall on a weekend.

Pure Python; errors are :class:`ScheduleError` with a Chinese message naming the offending text.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"
KIND_LABELS = {HOLIDAY: "放假", MAKEUP_WORKDAY: "调休上班"}
_WEEKDAY_CHARS = "一二三四五六日"


class ScheduleError(ValueError):
    """Input that cannot be turned into a holiday schedule; the message is for the user."""


@dataclass(frozen=True)
class ScheduleDay:
    day: date
    kind: str  # HOLIDAY or MAKEUP_WORKDAY
    name: str
    # True when the text wrote the year out (「2022年12月31日」), which is how a notice
    # legitimately names a day of the neighbouring year.
    explicit_year: bool = False


@dataclass(frozen=True)
class ParsedNotice:
    year: int
    days: tuple[ScheduleDay, ...]
    document_number: str = ""  # e.g. 国办发明电〔2025〕7号, when the pasted text contains it
    title: str = ""


# 一、 … 十二、 opens an item and the festival name runs to the colon; a numeral after 初/月/another
# numeral is a lunar date inside brackets (「农历正月初七、周一」), not an item.
_ITEM = re.compile(
    r"(?<![一二三四五六七八九十初月廿])([一二三四五六七八九十]{1,3})、\s*([^：:\n。]{1,30})[：:]"
)
_DATE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日"
    r"(?:\s*[（(](?P<paren>[^）)]*)[）)])?"
)
_RANGE_JOINERS = {"至", "到", "-", "—", "–", "~", "～"}
_KEYWORD = re.compile(r"放假|上班")
_TOTAL = re.compile(r"共\s*(\d+)\s*天")
_WEEKDAY_IN_PAREN = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_TITLE_YEAR = re.compile(r"关于\s*(\d{4})\s*年[^。\n]{0,20}?节假日安排")
_DOC_NUMBER = re.compile(r"国办发明电\s*[〔\[(（]\s*\d{4}\s*[〕\])）]\s*\d+\s*号")


def parse_notice(text: str, year: int) -> ParsedNotice:
    """The holidays and make-up working days announced for ``year`` by a notice's text."""
    text = (text or "").replace("\u3000", " ").replace("\r\n", "\n")
    if not text.strip():
        raise ScheduleError("没有粘贴通知内容。")
    title_year = _TITLE_YEAR.search(text)
    if title_year and int(title_year.group(1)) != year:
        raise ScheduleError(
            f"粘贴的是《关于{title_year.group(1)}年部分节假日安排的通知》，与所选年份 {year} 年不符。"
        )
    items = list(_ITEM.finditer(text))
    if not items:
        raise ScheduleError("没有找到通知的条目。请粘贴通知正文中“一、元旦：1月1日……放假……”这样的各条内容。")
    days: list[ScheduleDay] = []
    for i, item in enumerate(items):
        end = items[i + 1].start() if i + 1 < len(items) else len(text)
        body = text[item.end() : end]
        if i + 1 == len(items):
            # The last item ends with its paragraph: what follows is the notice's closing text.
            body = body.split("\n\n")[0]
        name = item.group(2).strip()
        days += _parse_item(f"{item.group(1)}、{name}", name, body, year)
    result = _check(days, year, allow_explicit_other_year=True)
    number = _DOC_NUMBER.search(text)
    return ParsedNotice(
        year=year,
        days=tuple(result),
        document_number=re.sub(r"\s+", "", number.group(0)) if number else "",
        title=f"国务院办公厅关于{year}年部分节假日安排的通知" if title_year else "",
    )


def _parse_item(label: str, name: str, body: str, year: int) -> list[ScheduleDay]:
    found: list[ScheduleDay] = []
    for clause in re.split(r"[。；;\n]", body):
        if not clause.strip():
            continue
        tokens = list(_DATE.finditer(clause))
        if not tokens:
            if found and not _KEYWORD.search(clause):
                break  # the notice's closing text (值班安排, signature) follows the last item
            continue
        # Group the dates into ranges and single days, each carrying its month forward.
        groups: list[list[tuple[date, bool]]] = []
        month: int | None = None
        for k, tok in enumerate(tokens):
            day, explicit = _token_date(tok, month, year, label)
            month = day.month
            _check_weekday(tok, day, label)
            joined = k > 0 and clause[tokens[k - 1].end() : tok.start()].strip() in _RANGE_JOINERS
            if joined:
                groups[-1].append((day, explicit))
            else:
                groups.append([(day, explicit)])
        keywords = list(_KEYWORD.finditer(clause))
        total = _TOTAL.search(clause)
        off_days = 0
        for group, tok in zip(groups, _group_heads(tokens, groups), strict=True):
            keyword = next((kw for kw in keywords if kw.start() >= tok.end()), None)
            if keyword is None:
                raise ScheduleError(f"{label}：无法判断“{clause.strip()}”中的日期是放假还是上班。")
            kind = HOLIDAY if keyword.group(0) == "放假" else MAKEUP_WORKDAY
            if len(group) > 2:
                raise ScheduleError(f"{label}：“{clause.strip()}”中的日期范围无法识别。")
            first, last = group[0][0], group[-1][0]
            if last < first:
                raise ScheduleError(f"{label}：日期范围 {first:%m月%d日} 至 {last:%m月%d日} 的结束早于开始。")
            if kind == MAKEUP_WORKDAY and len(group) > 1:
                raise ScheduleError(f"{label}：上班日应逐日列出，不能写成范围。")
            explicit = group[0][1]
            day = first
            while day <= last:
                found.append(ScheduleDay(day, kind, name, explicit))
                if kind == HOLIDAY:
                    off_days += 1
                day += timedelta(days=1)
        if total and off_days and int(total.group(1)) != off_days:
            raise ScheduleError(
                f"{label}：通知写“共{total.group(1)}天”，但所列放假日期共 {off_days} 天，请核对。"
            )
    if not found:
        raise ScheduleError(f"{label}：没有找到放假或上班日期。")
    return found


def _group_heads(tokens, groups):
    """The last date token of each group: the keyword after it decides the group's kind."""
    heads, i = [], 0
    for group in groups:
        i += len(group)
        heads.append(tokens[i - 1])
    return heads


def _token_date(tok: re.Match, month: int | None, year: int, label: str) -> tuple[date, bool]:
    explicit = tok.group("y") is not None
    y = int(tok.group("y")) if explicit else year
    m = int(tok.group("m")) if tok.group("m") else month
    d = int(tok.group("d"))
    if m is None:
        raise ScheduleError(f"{label}：“{tok.group(0)}”没有写月份。")
    try:
        return date(y, m, d), explicit
    except ValueError:
        raise ScheduleError(f"{label}：{y}年{m}月{d}日不是有效的日期。") from None


def _check_weekday(tok: re.Match, day: date, label: str) -> None:
    paren = tok.group("paren") or ""
    stated = _WEEKDAY_IN_PAREN.search(paren)
    if not stated:
        return
    wanted = _WEEKDAY_CHARS.index("日" if stated.group(1) == "天" else stated.group(1))
    if wanted != day.weekday():
        raise ScheduleError(
            f"{label}：通知写 {day.month}月{day.day}日是“{stated.group(0)}”，但 {day.year} 年的这一天是"
            f"周{_WEEKDAY_CHARS[day.weekday()]}。请确认所选年份是否正确。"
        )


# --- CSV ----------------------------------------------------------------------------------------
_KIND_WORDS = {
    "holiday": HOLIDAY,
    "放假": HOLIDAY,
    "休": HOLIDAY,
    "假": HOLIDAY,
    "makeup_workday": MAKEUP_WORKDAY,
    "workday": MAKEUP_WORKDAY,
    "上班": MAKEUP_WORKDAY,
    "班": MAKEUP_WORKDAY,
    "调休上班": MAKEUP_WORKDAY,
}


def parse_csv(text: str, year: int) -> list[ScheduleDay]:
    """Rows ``date,kind,name`` (a header row is optional): kind is holiday/makeup_workday or 放假/上班."""
    text = (text or "").lstrip("\ufeff")
    if not text.strip():
        raise ScheduleError("CSV 内容为空。")
    days: list[ScheduleDay] = []
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        rows = list(reader)
    except csv.Error:
        raise ScheduleError(f"CSV 第 {reader.line_num} 行格式错误：引号不成对或分隔符不正确。") from None
    for lineno, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if lineno == 1 and cells[0].lower() in {"date", "日期"}:
            continue
        if len(cells) not in (2, 3):
            raise ScheduleError(f"CSV 第 {lineno} 行应为“日期,类型,名称”三列，实际为 {len(cells)} 列。")
        raw_date, raw_kind = cells[0], cells[1]
        name = cells[2] if len(cells) == 3 else ""
        match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", raw_date)
        if not match:
            raise ScheduleError(f"CSV 第 {lineno} 行：日期“{raw_date}”应写成 YYYY-MM-DD。")
        try:
            day = date(*(int(g) for g in match.groups()))
        except ValueError:
            raise ScheduleError(f"CSV 第 {lineno} 行：“{raw_date}”不是有效的日期。") from None
        kind = _KIND_WORDS.get(raw_kind.lower())
        if kind is None:
            raise ScheduleError(
                f"CSV 第 {lineno} 行：类型“{raw_kind}”无法识别，应为 holiday（放假）或 makeup_workday（上班）。"
            )
        days.append(ScheduleDay(day, kind, name, explicit_year=True))
    if not days:
        raise ScheduleError("CSV 中没有日期行。")
    return _check(days, year, allow_explicit_other_year=False)


# --- checks common to both inputs -----------------------------------------------------------------
def _check(days: list[ScheduleDay], year: int, *, allow_explicit_other_year: bool) -> list[ScheduleDay]:
    by_day: dict[date, ScheduleDay] = {}
    for entry in days:
        if entry.day.year != year and not (allow_explicit_other_year and entry.explicit_year):
            raise ScheduleError(f"{entry.day.isoformat()} 不在 {year} 年内，请只导入 {year} 年的日期。")
        seen = by_day.get(entry.day)
        if seen is None:
            by_day[entry.day] = entry
        elif seen.kind != entry.kind:
            raise ScheduleError(f"{entry.day.isoformat()} 同时被列为放假日和上班日，请核对。")
        elif entry.name and entry.name not in seen.name.split("、"):
            by_day[entry.day] = ScheduleDay(
                seen.day, seen.kind, "、".join(n for n in (seen.name, entry.name) if n), seen.explicit_year
            )
    for entry in by_day.values():
        if entry.kind == MAKEUP_WORKDAY and entry.day.weekday() < 5:
            raise ScheduleError(
                f"{entry.day.isoformat()} 是周{_WEEKDAY_CHARS[entry.day.weekday()]}，本来就是工作日，"
                f"不能列为调休上班日。"
            )
    if not any(d.day.year == year for d in by_day.values()):
        raise ScheduleError(f"没有 {year} 年的日期。")
    return sorted(by_day.values(), key=lambda d: d.day)
