"""What a report's own text says about a 表二 cell, to choose among the splits of run-together digits.

Crawled pages lose the table's cell boundaries: 「行政规范性文件8855698」 has many readings, but the
report's text often states the same figures — 「现行有效行政规范性文件698件，本年制发88件、废止55件」,
「全年共发布采购信息197批次涉及金额3601627.4元」. A figure counts as stated for a cell when a sentence
of the text (not the tables) names the row's subject and the figure follows the column's key word
closely, with a unit. The tables themselves are left out: a sentence holding a table heading
(「第二十条第…项」, 「信息内容」) is table text, never narrative.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

_SENTENCE = re.compile(r"[^。；;！？\n]+")
_TABLE_TEXT = re.compile(r"第二十条第|信息内容|本列数据的勾稽关系")
_GAP = r"[^\d，,。；;：:、（）()]{0,12}?"
_COUNT = r"(?<![\d.])(\d+)(?:件|条|个|项|批次|批|份|部|起)"
_MONEY = r"(?<![\d.])(\d+(?:\.\d+)?)(?:万元|元)"

# the subject a sentence must name for its figures to speak of the row
_ROW_WORDS = {
    "规章": "规章",
    "规范性文件": "规范性文件",
    "行政规范性文件": "规范性文件",
    "行政许可": "许可",
    "行政处罚": "处罚",
    "行政强制": "强制",
    "政府集中采购": "采购",
}
# the key words that introduce a column's figure
_COLUMN_WORDS = {
    "本年制发件数": "制发|出台|制定|印发|新制定|发布",
    "本年新制作数量": "制发|出台|制定|印发|制作",
    "本年废止件数": "废止|失效",
    "现行有效件数": "现行有效|有效",
    "本年新公开数量": "新公开|公开",
    "对外公开总数量": "累计公开|公开总数|总数",
    "本年处理决定数量": "决定|办理|办结|作出|实施|许可|处罚|强制",
    "处理决定数量": "决定|办理|办结|作出|实施|许可|处罚|强制",
    "采购项目数量": "采购|项目",
    "采购总金额": "金额|总额|资金",
}
_PATTERNS: dict[str, re.Pattern[str]] = {
    column: re.compile(f"(?:{words}){_GAP}{_MONEY if column == '采购总金额' else _COUNT}")
    for column, words in _COLUMN_WORDS.items()
}


def narrative_sentences(text: str) -> list[str]:
    """The sentences of ``text`` outside the tables, whitespace removed."""
    flat = "".join(text.split())
    return [s for s in _SENTENCE.findall(flat) if not _TABLE_TEXT.search(s)]


def stated_values(sentences: Sequence[str], row: str, column: str) -> set[int | Decimal]:
    """The figures the text states for 表二 ``row`` / ``column`` (empty when it says nothing)."""
    subject = _ROW_WORDS.get(row)
    pattern = _PATTERNS.get(column)
    if subject is None or pattern is None:
        return set()
    found: set[int | Decimal] = set()
    for sentence in sentences:
        at = sentence.find(subject)
        if at < 0:
            continue
        # figures before the subject's first mention speak of something else
        for m in pattern.finditer(sentence, max(0, at - 12)):
            figure = m.group(1)
            found.add(Decimal(figure) if "." in figure or column == "采购总金额" else int(figure))
    return found


def choose_by_text(
    options: Sequence[Sequence[int | Decimal]], columns: Sequence[str], row: str, sentences: Sequence[str]
) -> tuple[list[int | Decimal | None], list[str]] | None:
    """The one split whose cells the text confirms most, with the confirmed columns — or None.

    Only cells on which the splits disagree are weighed; a split is chosen when it alone has the
    most confirmations and the text confirms at least one of its disputed cells. When several tie,
    the cells they agree on are returned and the others are None."""
    if len(options) < 2:
        return None
    disputed = [i for i in range(len(columns)) if len({o[i] for o in options}) > 1]
    stated = {i: stated_values(sentences, row, columns[i]) for i in disputed}
    if not any(stated.values()):
        return None
    scores = [[i for i in disputed if o[i] in stated[i]] for o in options]
    best = max(len(s) for s in scores)
    winners = [k for k, s in enumerate(scores) if len(s) == best]
    if best == 0:
        return None
    if len(winners) != 1:
        # 「作出行政处罚决定784起」 singles out the last cell of 「1121784784」, not the split: the
        # cells on which the confirmed splits agree are known, the rest stay unknown
        kept = [options[k] for k in winners]
        agreed = [col[0] if all(v == col[0] for v in col) else None for col in zip(*kept, strict=True)]
        confirmed = sorted({i for k in winners for i in scores[k]})
        return agreed, [columns[i] for i in confirmed if agreed[i] is not None]
    k = winners[0]
    return list(options[k]), [columns[i] for i in scores[k]]
