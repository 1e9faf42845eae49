"""The outcome taxonomy of disclosure applications and its mapping onto report table 三.

Each final outcome of an application (答复类型 of 第三十六–三十九条 and each way an application
ends without a reply) is an :class:`Outcome` code, mapped onto exactly one leaf row of 表三
(spec/domain.md §1.3.1). Several codes may share a row — 36(一) and 36(二) are both 「（一）予以公开」,
36(四) and 36(五) both 「（四）1.本机关不掌握相关政府信息」 — but every code has one row and every
leaf row has at least one code. Applicant categories are the six applicant columns of 表三.

:func:`table3_from_outcomes` / :func:`table3_from_counts` build 表三 from outcomes, the single
definition used by the web app and the tests: by construction it satisfies T3-01 … T3-03.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from enum import StrEnum

from gongkai.law.formats import FORMAT_2021, TABLE3_COLUMNS, FormatId, ReportFormat, RowKind
from gongkai.law.report import TOTAL_COLUMN, ReportDataError, Table3


class ApplicantCategory(StrEnum):
    """The six applicant columns of 表三 (values are the column labels of formats.py)."""

    NATURAL_PERSON = TABLE3_COLUMNS[0]  # 自然人
    COMMERCIAL = TABLE3_COLUMNS[1]  # 商业企业
    RESEARCH = TABLE3_COLUMNS[2]  # 科研机构
    PUBLIC_INTEREST = TABLE3_COLUMNS[3]  # 社会公益组织
    LEGAL_SERVICE = TABLE3_COLUMNS[4]  # 法律服务机构
    OTHER = TABLE3_COLUMNS[5]  # 其他

    @property
    def column(self) -> int:
        return TABLE3_COLUMNS.index(self.value)


class Outcome(StrEnum):
    """Final outcome of one application (one outcome per application: 「最终处理结果」)."""

    GRANT_ALREADY_PUBLIC = "GRANT_ALREADY_PUBLIC"  # 36(一) 已主动公开，告知获取方式、途径
    GRANT = "GRANT"  # 36(二) 提供信息或告知获取方式、途径和时间
    PARTIAL = "PARTIAL"  # 37 区分处理
    DENY_STATE_SECRET = "DENY_STATE_SECRET"  # 14 国家秘密
    DENY_LAW_FORBIDS = "DENY_LAW_FORBIDS"  # 14 法律、行政法规禁止公开
    DENY_3S1S = "DENY_3S1S"  # 14 国家安全、公共安全、经济安全、社会稳定
    DENY_THIRD_PARTY = "DENY_THIRD_PARTY"  # 15, 32 第三方合法权益
    DENY_INTERNAL = "DENY_INTERNAL"  # 16① 内部事务信息
    DENY_PROCESS = "DENY_PROCESS"  # 16② 过程性信息
    DENY_ENFORCEMENT_FILE = "DENY_ENFORCEMENT_FILE"  # 16② 行政执法案卷
    DENY_QUERY_MATTER = "DENY_QUERY_MATTER"  # 36(七) 工商、不动产登记资料等
    NOT_EXIST = "NOT_EXIST"  # 36(四) 经检索没有
    NOT_OUR_DUTY = "NOT_OUR_DUTY"  # 36(五) 不属于本机关负责公开
    NEEDS_COMPILATION = "NEEDS_COMPILATION"  # 38 需要加工、分析
    STILL_UNCLEAR_AFTER_CORRECTION = "STILL_UNCLEAR_AFTER_CORRECTION"  # 30 补正后仍不明确
    NOT_PROCESSED_PETITION = "NOT_PROCESSED_PETITION"  # 39① 信访、投诉、举报
    NOT_PROCESSED_REPEAT = "NOT_PROCESSED_REPEAT"  # 36(六) 重复申请
    NOT_PROCESSED_PUBLICATION = "NOT_PROCESSED_PUBLICATION"  # 39② 公开出版物
    NOT_PROCESSED_UNREASONABLE_VOLUME = "NOT_PROCESSED_UNREASONABLE_VOLUME"  # 35 数量、频次明显超过合理范围
    NOT_PROCESSED_CONFIRM_REISSUE = "NOT_PROCESSED_CONFIRM_REISSUE"  # 要求确认或重新出具已获取信息
    OTHER_NO_CORRECTION = "OTHER_NO_CORRECTION"  # 30 逾期不补正，视为放弃申请
    OTHER_FEE_UNPAID = "OTHER_FEE_UNPAID"  # 42 + 办法 逾期未缴纳信息处理费
    OTHER = "OTHER"  # 其他，例如撤回申请（按「其他」计为通行做法，未经核实）

    @property
    def row_key(self) -> str:
        """The 表三 leaf row (2021 format) this outcome is counted in."""
        return OUTCOME_ROWS[self]

    def row_key_in(self, fmt: ReportFormat) -> str:
        """The leaf row in a given format: in the 2019 trial format （六）1–3 are one row."""
        key = OUTCOME_ROWS[self]
        if fmt.id is FormatId.F2019 and key.startswith("三(六)"):
            return "三(六)"
        return key

    @property
    def label(self) -> str:
        """Verbatim label of its row, with the group, e.g. 「（三）不予公开3.危及“三安全一稳定”」."""
        return FORMAT_2021.table3_row(self.row_key).full_label


OUTCOME_ROWS: dict[Outcome, str] = {
    Outcome.GRANT_ALREADY_PUBLIC: "三(一)",
    Outcome.GRANT: "三(一)",
    Outcome.PARTIAL: "三(二)",
    Outcome.DENY_STATE_SECRET: "三(三)1",
    Outcome.DENY_LAW_FORBIDS: "三(三)2",
    Outcome.DENY_3S1S: "三(三)3",
    Outcome.DENY_THIRD_PARTY: "三(三)4",
    Outcome.DENY_INTERNAL: "三(三)5",
    Outcome.DENY_PROCESS: "三(三)6",
    Outcome.DENY_ENFORCEMENT_FILE: "三(三)7",
    Outcome.DENY_QUERY_MATTER: "三(三)8",
    Outcome.NOT_EXIST: "三(四)1",
    Outcome.NOT_OUR_DUTY: "三(四)1",
    Outcome.NEEDS_COMPILATION: "三(四)2",
    Outcome.STILL_UNCLEAR_AFTER_CORRECTION: "三(四)3",
    Outcome.NOT_PROCESSED_PETITION: "三(五)1",
    Outcome.NOT_PROCESSED_REPEAT: "三(五)2",
    Outcome.NOT_PROCESSED_PUBLICATION: "三(五)3",
    Outcome.NOT_PROCESSED_UNREASONABLE_VOLUME: "三(五)4",
    Outcome.NOT_PROCESSED_CONFIRM_REISSUE: "三(五)5",
    Outcome.OTHER_NO_CORRECTION: "三(六)1",
    Outcome.OTHER_FEE_UNPAID: "三(六)2",
    Outcome.OTHER: "三(六)3",
}

# Legal basis of each code, for explanations and reply letters.
OUTCOME_BASIS: dict[Outcome, str] = {
    Outcome.GRANT_ALREADY_PUBLIC: "第三十六条第（一）项",
    Outcome.GRANT: "第三十六条第（二）项",
    Outcome.PARTIAL: "第三十七条",
    Outcome.DENY_STATE_SECRET: "第十四条",
    Outcome.DENY_LAW_FORBIDS: "第十四条",
    Outcome.DENY_3S1S: "第十四条",
    Outcome.DENY_THIRD_PARTY: "第十五条、第三十二条",
    Outcome.DENY_INTERNAL: "第十六条第一款",
    Outcome.DENY_PROCESS: "第十六条第二款",
    Outcome.DENY_ENFORCEMENT_FILE: "第十六条第二款",
    Outcome.DENY_QUERY_MATTER: "第三十六条第（七）项",
    Outcome.NOT_EXIST: "第三十六条第（四）项",
    Outcome.NOT_OUR_DUTY: "第三十六条第（五）项",
    Outcome.NEEDS_COMPILATION: "第三十八条",
    Outcome.STILL_UNCLEAR_AFTER_CORRECTION: "第三十条",
    Outcome.NOT_PROCESSED_PETITION: "第三十九条第一款",
    Outcome.NOT_PROCESSED_REPEAT: "第三十六条第（六）项",
    Outcome.NOT_PROCESSED_PUBLICATION: "第三十九条第二款",
    Outcome.NOT_PROCESSED_UNREASONABLE_VOLUME: "第三十五条",
    Outcome.NOT_PROCESSED_CONFIRM_REISSUE: "",
    Outcome.OTHER_NO_CORRECTION: "第三十条",
    Outcome.OTHER_FEE_UNPAID: "第四十二条",
    Outcome.OTHER: "",
}


def outcomes_for_row(key: str) -> tuple[Outcome, ...]:
    """The codes counted in a 表三 leaf row (2021 key, or the 2019 "三(六)")."""
    if key == "三(六)":
        return tuple(o for o in Outcome if OUTCOME_ROWS[o].startswith("三(六)"))
    return tuple(o for o in Outcome if OUTCOME_ROWS[o] == key)


def table3_from_counts(
    outcome_counts: Mapping[tuple[Outcome, ApplicantCategory], int],
    carried: Mapping[ApplicantCategory, int] | None = None,
    forward: Mapping[ApplicantCategory, int] | None = None,
    fmt: ReportFormat = FORMAT_2021,
) -> Table3:
    """表三 from counts — what database aggregate queries give.

    ``outcome_counts``: applications finished in the year, by (outcome, applicant category);
    ``carried``: applications received in earlier years and still open on 1 January (二、上年结转);
    ``forward``: applications still open on 31 December (四、结转下年度继续办理).
    「一、本年新收」 is derived as （七）总计 + 四 − 二, which makes T3-01 hold by construction; a
    negative result means the counts contradict each other and raises :class:`ReportDataError`.
    """
    carried = carried or {}
    forward = forward or {}
    table = Table3.zeros(fmt)
    for (outcome, category), n in outcome_counts.items():
        if n < 0:
            raise ReportDataError(f"件数不能为负：{outcome.label}，{category.value}：{n}")
        table.rows[outcome.row_key_in(fmt)][ApplicantCategory(category).column] += n
    for key, counts in (("二", carried), ("四", forward)):
        for category, n in counts.items():
            if n < 0:
                raise ReportDataError(f"件数不能为负：{key}行，{category.value}：{n}")
            table.rows[key][ApplicantCategory(category).column] += n
    results = table.keys_of(RowKind.RESULT)
    for c in range(TOTAL_COLUMN):
        table.rows["三(七)"][c] = sum(table.rows[k][c] for k in results)  # type: ignore[misc]
        new = table.rows["三(七)"][c] + table.rows["四"][c] - table.rows["二"][c]  # type: ignore[operator]
        if new < 0:
            raise ReportDataError(
                f"「{TABLE3_COLUMNS[c]}」列的上年结转（{table.rows['二'][c]}）多于本年办结与结转下年度之和，数据矛盾"
            )
        table.rows["一"][c] = new
    for row in table.rows.values():
        row[TOTAL_COLUMN] = sum(row[:TOTAL_COLUMN])  # type: ignore[arg-type]
    return table


def table3_from_outcomes(
    outcomes: Iterable[tuple[Outcome, ApplicantCategory]],
    carried: Iterable[ApplicantCategory] = (),
    forward: Iterable[ApplicantCategory] = (),
    fmt: ReportFormat = FORMAT_2021,
) -> Table3:
    """表三 from one (outcome, applicant category) pair per application finished in the year, the
    categories of the applications carried over from last year (finished or not) and those still
    open at year end. See :func:`table3_from_counts`."""
    return table3_from_counts(Counter(outcomes), Counter(carried), Counter(forward), fmt)
