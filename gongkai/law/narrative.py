"""The numbers an annual report's text states, for comparing them with its tables (N-01, N-02).

Real phrasings (fixtures): 「本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理」,
「全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度
答复）」, 「政府信息公开行政复议 351 件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结
37 件」, 「未收到信息公开申请」, 「没有因政府信息公开…申请行政复议或行政诉讼的事项」,
「主动公开政务信息9条」, 「制发行政规范性文件62件」.

Whitespace is removed first: PDF text layers break lines and put spaces around numbers
(「3119 件」, 「答\\n复」). Every pattern is compiled once at import.

A number is read only when it is plausible as a count: a digit run longer than ``MAX_DIGITS``
(crawler debris, or a hostile file beyond Python's 4300-digit int/str limit) or a percentage
longer than ``MAX_PERCENT_CHARS`` is treated as not stated — the statement is skipped, never an
exception.

:func:`fee_statement` reads what §六 says about 信息处理费 (spec §3: real reports write
「全年收取政府信息公开信息处理费 3940 元」, 「无收取信息处理费情况」) for N-05 and T3-07.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from gongkai.law.formats import SECTIONS, TABLE3_COLUMN_GROUPS, TABLE3_COLUMNS

_NUM = r"(?<![第零〇一二两三四五六七八九十百千\d])(\d+|[零〇一二两三四五六七八九十百千]+)"
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# A count in a report (applications, cases, documents, 元) never needs more than 12 digits; a
# longer run is not a count the text states (and past 4300 digits int() refuses it).
MAX_DIGITS = 12
MAX_PERCENT_CHARS = 8  # 「100.0000」: longer is not a percentage anyone wrote

# Kinds of statement.
RECEIVED = "received"  # 收到/受理/新收 … 申请 N 件 → 一 (or 一+二)
PROCESSED = "processed"  # 办结/答复/办理 N 件 → （七）总计 (办理: or 一+二)
FORWARD = "forward"  # 结转下年度 N 件 → 四
CARRIED = "carried"  # 上年度结转 N 件 → 二
RECONSIDERATION = "reconsideration"  # 行政复议 N 件 → 表四 复议 总计
LITIGATION = "litigation"  # 行政诉讼 N 件 → 表四 诉讼 总计 (两组之和)
PROACTIVE = "proactive"  # 主动公开 N 条
OUTCOME = "outcome"  # 予以公开/部分公开/不予公开/无法提供/不予处理/其他处理 N 件 (detail "A+B": 「A及B N件」)
APPLICANT = "applicant"  # 自然人/法人或其他组织 … N 件
REGULATIONS = "regulations"  # 制发规章 N 件 → 表二
NORMATIVE_DOCS = "normative_docs"  # 制发行政规范性文件 N 件 → 表二
ALL_MAINTAINED = "all_maintained"  # 「均获维持」
NONE_CORRECTED = "none_corrected"  # 「无被纠错」


@dataclass(frozen=True)
class Stated:
    kind: str
    value: int | None  # None for claims without a number (ALL_MAINTAINED …)
    snippet: str  # the matched text, for messages
    section: str = ""  # section number the text came from
    detail: str = ""  # which outcome/applicant/subject (OUTCOME, APPLICANT, claims: 复议/诉讼/"")
    percent: float | None = None  # a percentage stated right after the number
    approximate: bool = False  # 「余」「多」「近」「约」: not an exact count
    includes_carried: bool = False  # 「含上年度结转」 stated inside the same clause
    sub: tuple[tuple[str, int], ...] = field(default=())  # 其中 结果维持 72 件 …
    position: int = -1  # offset in the normalized text of all sections joined (reading order)


def cn_number(text: str) -> int | None:
    """'70' → 70; '十二' → 12; '二十' → 20; '一百零五' → 105; None for a digit run longer than
    ``MAX_DIGITS`` (not a count the text states)."""
    if text.isdigit():
        return int(text) if len(text) <= MAX_DIGITS else None
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
    return total + current


def normalize(text: str) -> str:
    # str.split() drops every Unicode space (including U+3000) and is ~10× faster than re.sub
    return "".join(text.split()).replace("(", "（").replace(")", "）")


_INCLUDES = re.compile(r"[，,]?[（(]?(?:其中)?(?:含|包括|包含)上(?:一)?年度?结转")
_APPROX_BEFORE = re.compile(r"(?:近|约|逾|超过|大约)$")
_GAP = r"[^\d，。；：,;:！？]{0,16}?"
_AFTER = r"(余|多)?(?:件|个)"

_RECEIVED = re.compile(
    r"(?:收到|受理|新收|接收|接到)"
    + _GAP
    + r"申请"
    + r"[^\d，。；：]{0,6}?"
    + _NUM
    + _AFTER
    + r"|(?:收到|受理|新收|接收|接到)(?:各类)?"
    + _NUM
    + r"(余|多)?件"
    + r"[^\d，。；]{0,12}?申请"
)
_RECEIVED_NONE = re.compile(
    r"(?:未|没有|无)(?:收到|受理|接到)" + r"[^\d，。；：]{0,16}?申请(?:件)?(?=[，。；,;]|$)"
)
_PROCESSED = re.compile(
    r"(办结|答复|办理完毕|办理|处理)(?:了)?(?:政府信息公开申请|依申请公开(?:申请)?|申请|各类申请)?"
    r"(?:共|总计|合计)?" + _NUM + _AFTER
)
# 「1件结转下年度」: found from 「件…结转」 and the number read backwards — a pattern that starts
# with the number would be tried at every position of the text (measured 6× slower).
_FORWARD_BEFORE = re.compile(r"件(?:申请)?(?:因[^，。；]{0,12})?(?:结转|顺延|转入)(?:至|到)?下(?:一)?年度?")
_FORWARD_AFTER = re.compile(
    r"(?:结转|顺延|转入)(?:至|到)?下(?:一)?年度?(?:继续)?(?:办理|答复|处理)?(?:的)?(?:申请)?(?:共)?"
    + _NUM
    + r"(余|多)?件"
)
_NUM_AT_END = re.compile(_NUM + r"(余|多)?$")
_CARRIED = re.compile(r"上(?:一)?年度?结转(?:的)?(?:政府信息公开)?(?:申请)?(?:共)?" + _NUM + r"(余|多)?件")
_RECON = re.compile(r"行政复议(?:案件|申请)?(?:共|合计|总计)?" + _NUM + r"(余|多)?(?:件|起)")
_LITIG = re.compile(r"行政诉讼(?:案件)?(?:共|合计|总计)?" + _NUM + r"(余|多)?(?:件|起)")
# 「没有因政府信息公开…申请行政复议或行政诉讼的事项」: found from the subject, then the negation
# looked for before it (patterns starting with 「无」 would be tried all over the text).
_APPEAL_WORDS = re.compile(r"行政复议(?:[或和、及与](?:提起)?行政诉讼)?|行政诉讼")
_APPEAL_NEGATION = re.compile(r"(?:没有|未发生|未出现|未有|无)[^。；，\d]{0,25}$")
_APPEAL_CLOSE = re.compile(r"(?:的)?(?:案件|情况|事项|情形)?(?:[。；，,;]|$)")
_SUB = re.compile(r"(结果维持|维持|结果纠正|纠正|其他结果|尚未审结)" + _NUM + r"(?:件|起)")
_PROACTIVE = re.compile(r"主动(?:公开|发布)[^\d，。；：]{0,20}?" + _NUM + r"(余|多)?条")
_OUTCOME = re.compile(
    r"(予以公开|部分公开|不予公开|无法提供|不予处理|其他处理)(?:的|类)?(?:申请)?(?:共)?"
    + _NUM
    + r"件(?:[，,（(]?(?:占|比例为|占比)[^\d，。；]{0,6}?(\d+(?:\.\d+)?)[%％])?"
)
_OUTCOME_WORD = re.compile(r"予以公开|部分公开|不予公开|无法提供|不予处理|其他处理")
_JOINED_OUTCOMES = re.compile(
    r"(?<!不)(?:(?:予以公开|部分公开|不予公开|无法提供|不予处理|其他处理)(?:以及|及|和|与|、|或))+$"
)
# the applicant columns (without 「其他」, too common a word to read as the column) and the
# 「法人或其他组织」 group (the groups smaller than the whole table)
_APPLICANT_WORDS = (
    *TABLE3_COLUMNS[:5],
    *(g for g, cols in TABLE3_COLUMN_GROUPS.items() if len(cols) < len(TABLE3_COLUMNS)),
)
_APPLICANT = re.compile(
    "("
    + "|".join(sorted(_APPLICANT_WORDS, key=len, reverse=True))
    + r")(?:提出的?)?(?:申请)?(?:共)?"
    + _NUM
    + r"件"
)
_REGS = re.compile(r"(?:制发|出台|新增公开|制定|公布)(?:[^\d，。；]{0,8}?)规章" + _NUM + r"(?:件|部)")
_NORMATIVE = re.compile(r"(?:制发|出台|制定|印发)(?:[^\d，。；]{0,8}?)行政规范性文件" + _NUM + r"(?:件|份)")
_MAINTAINED = re.compile(r"(?:均|全部|皆|都)(?:获|被|予以|得到)?(?:了)?维持")
_CORRECTION_WORDS = re.compile(r"纠错|纠正|败诉")
_NEGATED_BEFORE = re.compile(r"(?:(?:无|没有|未)(?:一起|一件)?(?:被)?|零)$")
_ZERO_RATE_AFTER = re.compile(r"率为0(?![.\d])")
_SUBJECT = re.compile(r"行政复议|复议|行政诉讼|诉讼|应诉")
_EXCLUDE_RECEIVED = re.compile(r"复议|诉讼|咨询|投诉|信访|举报|来信|建议|提案")
_CLAUSE_HEAD = re.compile(r"[^，,；;。：:]{0,16}$")
_QUALIFIED_REPLY = re.compile(r"同意公开|予以公开|部分公开|区分处理|不予|无法|其他处理|告知|不属于|非本机关")
_EXCLUDE_PROCESSED = re.compile(r"复议|诉讼|咨询|投诉|信访|举报|来信|建议|提案|事项|业务|审批|许可|政务服务")


# Key words: a pattern runs only over a text that contains one of them (one scan for literals is
# far cheaper than the pattern's own scan, and most sections mention few of the subjects).
_T_RECEIVED = re.compile("收到|受理|新收|接收|接到")
_T_RECEIVED_NONE = re.compile("收到|受理|接到")
_T_PROCESSED = re.compile("办结|答复|办理|处理")
_T_FORWARD = re.compile("结转|顺延|转入")
_T_CARRIED = re.compile("结转")
_T_PROACTIVE = re.compile("主动")
_T_OUTCOME = re.compile("予以公开|部分公开|不予公开|无法提供|不予处理|其他处理")
_T_APPLICANT = re.compile("|".join(_APPLICANT_WORDS))
_T_REGS = re.compile("规章")
_T_NORMATIVE = re.compile("规范性文件")
_T_MAINTAINED = re.compile("维持")
_T_RECON = re.compile("行政复议")
_T_LITIG = re.compile("行政诉讼")


def _find(pattern: re.Pattern[str], text: str, trigger: re.Pattern[str]) -> Iterable[re.Match[str]]:
    return pattern.finditer(text) if trigger.search(text) else ()


def _match_at(pattern: re.Pattern[str], text: str, trigger: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches of a pattern that begins with its key word, tried only where the key word occurs
    (4× faster than the pattern's own scan); non-overlapping, like finditer."""
    end = 0
    for k in trigger.finditer(text):
        if k.start() < end:
            continue
        m = pattern.match(text, k.start())
        if m:
            end = m.end()
            yield m


def _n(m: re.Match[str], group: int) -> int | None:
    return cn_number(m.group(group))


def _percent(text: str | None) -> float | None:
    return float(text) if text and len(text) <= MAX_PERCENT_CHARS else None


def _clause_end(text: str, start: int) -> int:
    m = re.compile(r"[。；;]").search(text, start)
    return m.end() if m else len(text)


def _approx(text: str, start: int, suffix: str | None) -> bool:
    return bool(suffix) or bool(_APPROX_BEFORE.search(text[max(0, start - 2) : start]))


def stated_numbers(sections: Mapping[str, str | None] | Iterable[tuple[str, str]]) -> list[Stated]:
    """Every statement found in the sections' text ({number: text}), in reading order."""
    items = sections.items() if isinstance(sections, Mapping) else sections
    # one scan over all sections joined by a sentence end (no statement spans two sections):
    # ~16 pattern runs per report instead of ~16 per section
    numbers: list[str] = []
    starts: list[int] = []
    texts: list[str] = []
    offset = 0
    for number, raw in items:
        if raw:
            text = normalize(raw)
            numbers.append(number)
            starts.append(offset)
            texts.append(text)
            offset += len(text) + 1

    def sec(position: int) -> str:
        return numbers[bisect_right(starts, position) - 1]

    out = [_readable(s) for s in _scan("。".join(texts), sec)]
    out = [s for s in out if s.value is not None or s.kind in _CLAIMS]
    out.sort(key=lambda s: s.position)
    return out


_CLAIMS = (ALL_MAINTAINED, NONE_CORRECTED)  # statements without a number


def _readable(s: Stated) -> Stated:
    """The statement without the sub-counts whose number could not be read."""
    if any(n is None for _, n in s.sub):
        return replace(s, sub=tuple((label, n) for label, n in s.sub if n is not None))
    return s


def _scan(t: str, sec: Callable[[int], str]) -> list[Stated]:  # noqa: C901 - one pass per pattern, flat
    out: list[Stated] = []
    for m in _match_at(_RECEIVED, t, _T_RECEIVED):
        if _EXCLUDE_RECEIVED.search(m.group(0)):
            continue
        if m.group(1) is not None:
            value, suffix = _n(m, 1), m.group(2)
        else:
            value, suffix = _n(m, 3), m.group(4)
        includes = bool(_INCLUDES.match(t, m.end()))
        out.append(
            Stated(
                RECEIVED,
                value,
                m.group(0),
                sec(m.start()),
                position=m.start(),
                approximate=_approx(t, m.start(), suffix),
                includes_carried=includes,
            )
        )
    for m in _find(_RECEIVED_NONE, t, _T_RECEIVED_NONE):
        if not _EXCLUDE_RECEIVED.search(m.group(0)):
            out.append(Stated(RECEIVED, 0, m.group(0), sec(m.start()), position=m.start()))
    for m in _match_at(_PROCESSED, t, _T_PROCESSED):
        head = t[max(0, m.start() - 12) : m.start()]
        if _EXCLUDE_PROCESSED.search(head + m.group(0)):
            continue
        # 「办理」 alone is ambiguous (办理结果 …): require an application word nearby
        if m.group(1) in ("办理", "处理") and "申请" not in head + m.group(0):
            continue
        # 「给予同意公开答复1件，不予公开答复3件」: a reply of one kind is a part, not the total
        if _QUALIFIED_REPLY.search(_CLAUSE_HEAD.search(t, 0, m.start()).group()):
            continue
        includes = bool(_INCLUDES.match(t, m.end()))
        out.append(
            Stated(
                PROCESSED,
                _n(m, 2),
                m.group(0),
                sec(m.start()),
                position=m.start(),
                detail=m.group(1),
                approximate=_approx(t, m.start(), m.group(3)),
                includes_carried=includes,
            )
        )
    for m in _find(_FORWARD_BEFORE, t, _T_FORWARD):
        head = t[max(0, m.start() - 12) : m.start()]
        n = _NUM_AT_END.search(head)
        if n:
            start = m.start() - len(head) + n.start()
            out.append(
                Stated(
                    FORWARD,
                    cn_number(n.group(1)),
                    t[start : m.end()],
                    sec(m.start()),
                    position=m.start(),
                    approximate=_approx(t, start, n.group(2)),
                )
            )
    for m in _match_at(_FORWARD_AFTER, t, _T_FORWARD):
        out.append(
            Stated(
                FORWARD,
                _n(m, 1),
                m.group(0),
                sec(m.start()),
                position=m.start(),
                approximate=_approx(t, m.start(), m.group(2)),
            )
        )
    for m in _find(_CARRIED, t, _T_CARRIED):
        out.append(
            Stated(
                CARRIED,
                _n(m, 1),
                m.group(0),
                sec(m.start()),
                position=m.start(),
                approximate=bool(m.group(2)),
            )
        )
    for kind, pattern, trigger in ((RECONSIDERATION, _RECON, _T_RECON), (LITIGATION, _LITIG, _T_LITIG)):
        for m in _find(pattern, t, trigger):
            end = _clause_end(t, m.end())
            # a sub-count clause stops at the next subject (「…；行政诉讼 46 件，其中…」)
            nxt = _SUBJECT.search(t, m.end(), end)
            stop = nxt.start() if nxt else end
            sub = tuple((s.group(1).removeprefix("结果"), _n(s, 2)) for s in _SUB.finditer(t, m.end(), stop))
            out.append(
                Stated(
                    kind,
                    _n(m, 1),
                    m.group(0),
                    sec(m.start()),
                    position=m.start(),
                    approximate=bool(m.group(2)),
                    sub=sub,
                )
            )
    for m in _APPEAL_WORDS.finditer(t):
        start = t.rfind("。", 0, m.start()) + 1
        neg = _APPEAL_NEGATION.search(t, max(start, m.start() - 30), m.start())
        if not neg or not _APPEAL_CLOSE.match(t, m.end()):
            continue
        snippet = t[neg.start() : m.end()]
        if "行政复议" in m.group(0):
            out.append(Stated(RECONSIDERATION, 0, snippet, sec(m.start()), position=m.start()))
        if "行政诉讼" in m.group(0):
            out.append(Stated(LITIGATION, 0, snippet, sec(m.start()), position=m.start()))
    for m in _find(_PROACTIVE, t, _T_PROACTIVE):
        out.append(
            Stated(
                PROACTIVE,
                _n(m, 1),
                m.group(0),
                sec(m.start()),
                position=m.start(),
                approximate=_approx(t, m.start(), m.group(2)),
            )
        )
    for m in _match_at(_OUTCOME, t, _T_OUTCOME):
        if m.group(1) == "予以公开" and t[m.start() - 1 : m.start()] == "不":
            continue
        pct = _percent(m.group(3))
        # 「予以公开及部分公开42件」: the number counts the outcomes joined before it too
        joined = _JOINED_OUTCOMES.search(t, max(0, m.start() - 30), m.start())
        detail = "+".join([*_OUTCOME_WORD.findall(joined.group(0)), m.group(1)]) if joined else m.group(1)
        out.append(
            Stated(
                OUTCOME,
                _n(m, 2),
                m.group(0),
                sec(m.start()),
                position=m.start(),
                detail=detail,
                percent=pct,
            )
        )
    for m in _match_at(_APPLICANT, t, _T_APPLICANT):
        out.append(
            Stated(APPLICANT, _n(m, 2), m.group(0), sec(m.start()), position=m.start(), detail=m.group(1))
        )
    for m in _find(_REGS, t, _T_REGS):
        out.append(Stated(REGULATIONS, _n(m, 1), m.group(0), sec(m.start()), position=m.start()))
    for m in _find(_NORMATIVE, t, _T_NORMATIVE):
        out.append(Stated(NORMATIVE_DOCS, _n(m, 1), m.group(0), sec(m.start()), position=m.start()))
    claims = [(ALL_MAINTAINED, m) for m in _find(_MAINTAINED, t, _T_MAINTAINED)]
    for m in _CORRECTION_WORDS.finditer(t):
        if _NEGATED_BEFORE.search(t, max(0, m.start() - 5), m.start()) or _ZERO_RATE_AFTER.match(t, m.end()):
            claims.append((NONE_CORRECTED, m))
    for kind, m in claims:
        start = t.rfind("。", 0, m.start()) + 1
        before = t[max(start, m.start() - 40) : m.start()]
        subjects = _SUBJECT.findall(before)
        subject = ""
        if subjects:
            subject = "复议" if "复议" in subjects[-1] else "诉讼"
        out.append(
            Stated(
                kind,
                None,
                t[max(start, m.start() - 20) : m.end()],
                sec(m.start()),
                position=m.start(),
                detail=subject,
            )
        )
    return out


# --- 信息处理费 (spec §3; §六 「收取信息处理费情况在此处报告」) ------------------------------------------
# Any clause on 信息处理费, fee notices, or collecting/paying a fee — but not the agency's
# general 行政事业性收费 (表二 第（八）项, spec §3: 「Do not confuse」) unless it names 信息处理费.
_FEE_TOPIC = re.compile(r"信息处理费|处理费|收费通知|收取[^，。；]{0,8}?费|收费|缴纳[^，。；]{0,8}?费|缴费")
_GENERAL_FEES = re.compile(r"行政事业性收费")
# 「未收取」「没有发出收费通知」「无收取…情况」「不收取」「免收」「零」
_FEE_NONE = re.compile(r"未|没有|无|不|零|免")
_FEE_NOTICES = re.compile(r"收费通知(?:书|单)?[^\d，。；]{0,6}?" + _NUM + r"(?:份|件|次|个)")
_FEE_NOTICES_BEFORE = re.compile(r"(?:发出|送达|出具|下发)" + _NUM + r"(?:份|件|次|个)收费通知")
_FEE_AMOUNT = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)(万)?元")
# 「逾期未缴纳费用」「未按收费通知要求缴纳」: applications dropped for non-payment (表三（六）2)
_FEE_UNPAID = re.compile(r"(?:逾期|未按)[^，。；]{0,10}?(?:缴纳|缴费|交费|付费)|未(?:缴纳|缴费|交费|付费)")
_CLAUSES = re.compile(r"[，。；;！？!?：:]|,(?!\d{3})")
_SECTION6_NOTES = (SECTIONS[5].note, SECTIONS[5].note.strip("（）"))


@dataclass(frozen=True)
class FeeStatement:
    """What a text says about 信息处理费: the clauses on it, and the figures they state."""

    clauses: tuple[str, ...]
    notices: int | None = None  # 收费通知 sent, as stated (0: 「没有发出收费通知」); None: not stated
    amount: Decimal | None = None  # 元 collected, as stated (0: 「未收取」); None: not stated
    unpaid: bool = False  # speaks of applications not paid for (逾期未缴纳费用)

    @property
    def snippet(self) -> str:
        text = "，".join(self.clauses)
        return text if len(text) <= 30 else text[:30] + "…"

    @property
    def reports_notices(self) -> bool:
        """Fee notices were sent: counted, implied by an amount collected, or by unpaid notices."""
        return bool(self.notices) or bool(self.amount) or self.unpaid


def fee_statement(text: str | None) -> FeeStatement | None:
    """The statement a text makes on fee notices or amounts (N-05, T3-07), None without one.

    A clause counts when it names the fee (信息处理费, 收费通知, 收取…费, 缴费) and states a figure
    or its absence: 「本年度共发出收费通知2份，收取费用300元」, 「收取信息处理费0元」, 「未收取信息处理费」,
    「没有发出收费通知」, 「无收取信息处理费情况」. The template's own instruction 「收取信息处理费情况在此
    处报告」 is no statement. A figure that cannot be read (too many digits) is not stated.
    """
    if not text:
        return None
    body = normalize(text)
    for note in _SECTION6_NOTES:
        body = body.replace(note, "")
    clauses: list[str] = []
    notices: int | None = None
    amount: Decimal | None = None
    unpaid = False
    for clause in _CLAUSES.split(body):
        if not _FEE_TOPIC.search(clause) or (_GENERAL_FEES.search(clause) and "处理费" not in clause):
            continue
        owed = _FEE_UNPAID.search(clause)
        n = _FEE_NOTICES.search(clause) or _FEE_NOTICES_BEFORE.search(clause)
        count = cn_number(n.group(1)) if n else None
        a = _FEE_AMOUNT.search(clause)
        collected = _amount(a.group(1), a.group(2)) if a else None
        # 「未收取」 denies a fee; the 未 of 「逾期未缴纳」 does not
        negated = bool(_FEE_NONE.search(_FEE_UNPAID.sub("", clause)))
        if negated and count is None and collected is None:
            if "收费通知" in clause:
                count = 0
            else:
                collected = Decimal(0)
        if count is None and collected is None and not negated and not owed:
            continue  # names the fee but states nothing (「按规定收取信息处理费」), or an unreadable figure
        clauses.append(clause)
        unpaid = unpaid or bool(owed)
        notices = count if notices is None else notices
        amount = collected if amount is None else amount
    if not clauses:
        return None
    return FeeStatement(tuple(clauses), notices, amount, unpaid)


def _amount(number: str, wan: str | None) -> Decimal | None:
    digits = number.replace(",", "")
    if digits.isdigit() or "." in digits:
        if len(digits) > MAX_DIGITS:
            return None
        value = Decimal(digits)
    else:
        value = Decimal(cn_number(digits) or 0)
    return value * 10000 if wan else value
