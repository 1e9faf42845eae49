"""The six sections, the title (agency and year), the statistics period and the publication date.

Section headings are found by their number and a keyword of their template title, in order
一 → 六, so the table rows that also begin with 一、 二、 三、 四、 (「一、本年新收…」,
「四、结转下年度继续办理」) are not taken for headings, and headings printed with typos
(「行政法复议」) are still found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gongkai.law.formats import SECTIONS
from gongkai.reportio.labels import TABLE3_CORES, core

# the number and its 、; or the number alone when the whole template title follows (「一总体情况」)
_HEADING_RE = re.compile(r"([一二三四五六七八])\s*(?:[、.．]\s*|(?=[\u4e00-\u9fff]))")
_NUMBERS = "一二三四五六七八"
_APPENDIX_RE = re.compile(r"[与及和]附表")
_SUB_HEADING_RE = re.compile(r"[（(][一二三四五六七八九十][）)]|[一二三四五六七八九十]是")
# how many sections a report may insert before the template's (「二、政务公开工作主要任务落实情况」
# pushes 「主动公开政府信息情况」 to 三 and the rest on)
_MAX_SHIFT = 2
# 表三 row labels that begin like a section heading (「一、本年新收…」「四、结转下年度继续办理」)
_ROW_CORES = tuple(c for c in TABLE3_CORES if len(c) >= 4)
_KEYWORDS = {
    "一": ("总体情况", "总体", "概述", "概况", "基本情况"),
    "二": ("主动公开",),
    "三": ("收到和处理", "依申请", "申请情况", "申请公开情况"),
    "四": ("复议", "诉讼"),
    "五": ("问题", "改进"),
    "六": ("其他需要报告", "其他事项", "其他"),
}
_TITLE_RE = re.compile(
    r"(?P<agency>[^\d\s，。；]{0,40}?)\s*(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:的)?\s*(?:政府信息公开|政务公开|信息公开)"
)
_PERIOD_RE = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:起)?\s*(?:至|到|—|－|-|~)\s*"
    r"((?:19|20)\d{2}\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
)
_DATE_RE = re.compile(
    r"^((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*[日号]?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_ORG_END = (
    "会",
    "局",
    "府",
    "委",
    "室",
    "办",
    "中心",
    "院",
    "厅",
    "部",
    "处",
    "所",
    "站",
    "队",
    "区",
    "县",
    "市",
    "镇",
    "乡",
    "街道",
)


@dataclass
class FoundSection:
    number: str
    heading: str
    start: int  # offset of the heading in the text
    body_start: int
    printed_number: str = ""  # the number printed before the heading when it is not the template's

    @property
    def renumbered(self) -> bool:
        return bool(self.printed_number) and self.printed_number != self.number


def find_sections(text: str) -> list[FoundSection]:
    """The template's sections in order. A heading is looked for under its own number first; only
    when a report has inserted sections of its own is it looked for under a later number (the
    numbering shifted by the inserted ones, never back)."""
    found: list[FoundSection] = []
    pos = 0
    shift = 0
    for index, section in enumerate(SECTIONS):
        for extra in range(shift, _MAX_SHIFT + 1):
            if index + extra >= len(_NUMBERS):
                break
            hit = _find_heading(text, pos, section, _NUMBERS[index + extra])
            if hit is not None:
                found.append(hit)
                pos = hit.body_start
                shift = extra
                break
    return found


def _find_heading(text: str, pos: int, section, number: str) -> FoundSection | None:
    for m in _HEADING_RE.finditer(text, pos):
        if m.group(1) != number:
            continue
        window = _window(text, m.end())
        title_core = core(section.title)
        full_title = core(window).startswith(title_core)
        if not full_title and core(window).startswith(_ROW_CORES):
            # 「四、结转下年度继续办理四、政府信息公开…」: a 表三 row label (printed blank, glued to
            # the heading in flat text) is not the heading; the heading is found after it
            continue
        after_break = m.start() == 0 or (
            text[m.start() - 1] in '\n 。；;：:！!？?）)”"\u3000\t>' or text[m.start() - 1].isdigit()
        )
        # after a sentence, a line or a table cell; or anywhere when the whole template title
        # follows (a crawler runs 「…政府集中采购2笔984361元三、收到和处理…」 together)
        if not full_title and not after_break:
            continue
        # a number without its 、 heads a section only before the whole title, after a break
        if m.end() == m.start() + 1 and not (full_title and after_break):
            continue
        if not any(k in window for k in _KEYWORDS[section.number]):
            continue
        printed = window
        if full_title:
            # the printed heading runs to the end of the template title
            n, seen = 0, ""
            for ch in window:
                n += 1
                seen += ch
                if core(seen) == title_core:
                    break
            printed = window[:n]
        else:
            printed = _cut_heading(window, section.title)
        body_start = m.end() + len(printed)
        return FoundSection(
            section.number, f"{section.number}、{printed.strip()}", m.start(), body_start, number
        )
    return None


def _cut_heading(window: str, title: str) -> str:
    """A heading printed unlike the template (「政府信息公开行政法复议、行政诉讼情况」) ends where
    the template's does — at its last word 「情况」/「事项」 — not at the table text run into it."""
    end_word = title[-2:]
    i = window.find(end_word)
    if i >= 0:
        end = i + len(end_word)
        # the heading of the older reports 「六、需要说明的其他事项与附表」 names the tables too
        tail = _APPENDIX_RE.match(window, end)
        return window[: tail.end() if tail else end]
    # 「存在的主要问题及改进措施（一）存在问题」: the body's first sub-heading is not the heading's
    sub = _SUB_HEADING_RE.search(window)
    return window[: sub.start()] if sub and sub.start() > 0 else window


def _window(text: str, start: int) -> str:
    """The heading's own text: up to a digit, a full stop, a line break, or 30 characters."""
    out = []
    for ch in text[start : start + 30]:
        if ch.isdigit() or ch in "。\n":
            break
        out.append(ch)
    return "".join(out).rstrip()


def section_bodies(text: str, found: list[FoundSection]) -> dict[str, tuple[str, str, int]]:
    """number → (body text, printed heading, position)."""
    out = {}
    for i, s in enumerate(found):
        end = found[i + 1].start if i + 1 < len(found) else len(text)
        out[s.number] = (text[s.body_start : end].strip(), s.heading, i)
    return out


def find_title(lines: list[str], container_title: str | None) -> tuple[str, int | None]:
    """(agency, year) from the title: 「XX 2022 年政府信息公开工作年度报告」, possibly on two lines."""
    candidates: list[tuple[str, str]] = []  # (line, previous line)
    if container_title:
        candidates.append((container_title, ""))
    prev = ""
    for line in lines[:40]:
        candidates.append((line, prev))
        prev = line
    for line, before in candidates:
        squashed = re.sub(r"\s+", " ", line).strip()
        if "报告" not in squashed or len(squashed) > 80:
            continue
        m = _TITLE_RE.search(squashed)
        if not m:
            continue
        agency = m.group("agency").strip(" ：:　")
        if not agency and before and len(before) <= 40:
            agency = before.strip()
        # 「…管理局关于报送2020年度…年度报告的函」: the agency ends before 「关于」 and its verb
        agency = re.sub(r"关于(?:报送|印发|公布|发布|公开|上报|提交)?$", "", agency)
        return agency, int(m.group("year"))
    return "", None


def expand_agency(agency: str, text: str) -> str:
    """「洪泽区人民政府」 → 「淮安市洪泽区人民政府」 when the report names itself so (e.g. 「本报告由
    淮安市洪泽区人民政府办公室…」): the place prefix is taken back to a function word."""
    if not agency or any(x in agency[:4] for x in ("省", "市", "州", "盟")):
        return agency
    i = text.find(agency, 0, 5000)
    while i >= 0:
        j = i
        while j > 0 and text[j - 1] not in "由与和及的在向、，,。（(《》)） \n\t：:请对为" and i - j < 8:
            j -= 1
        prefix = text[j:i]
        if 2 <= len(prefix) <= 8 and prefix[-1] in "省市州盟":
            return prefix + agency
        i = text.find(agency, i + len(agency), 5000)
    return agency


def find_period(text: str) -> tuple[date, date] | None:
    m = _PERIOD_RE.search(text[:6000])
    if not m:
        return None
    try:
        y1, m1, d1, y2, m2, d2 = m.groups()
        # 「2019年9月1日至12月31日」: the end's year is the start's
        end_year = int(y2.rstrip("年 \t")) if y2 else int(y1)
        return date(int(y1), int(m1), int(d1)), date(end_year, int(m2), int(d2))
    except ValueError:
        return None


def parse_date(text: str | None) -> date | None:
    if not text:
        return None
    m = _DATE_RE.match(text.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def split_signature(body: str) -> tuple[str, date | None]:
    """Take the signature (agency line and date) off the end of §六."""
    lines = body.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return body, None
    published = parse_date(lines[-1])
    if published is None:
        m = re.search(r"\s((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号])\s*$", lines[-1])
        if m and len(lines) == 1:
            body = lines[0][: m.start()].rstrip()
            # 「无 平潭综合实验区公安局 2020年1月17日」: the signing agency before the date
            head, _, last = body.rpartition(" ")
            if head.strip() and len(last) <= 30 and last.endswith(_ORG_END):
                body = head
            return body.strip(), parse_date(m.group(1))
        return body, None
    lines.pop()
    if lines and len(lines[-1].strip()) <= 30 and lines[-1].strip().endswith(_ORG_END) and len(lines) > 1:
        lines.pop()
    return "\n".join(lines).strip(), published
