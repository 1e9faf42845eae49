"""The catalogue of validation rules: one id, severity and Chinese statement per rule.

Ids and severities are those of spec/domain.md §5; the statements are what a reader of a
findings report needs to understand an id. The rule functions live in gongkai/law/validation;
this table is what pages, exports and the command line show beside a finding.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # "E" error, "W" warning; "E/W" where it depends on whose report is checked
    statement: str
    basis: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "T3-01",
            "E",
            "表三每一列：本年新收 + 上年结转 = 本年度办理结果总计 + 结转下年度继续办理",
            "表三表头「本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和」",
        ),
        Rule("T3-02", "E", "表三每一列：（七）总计 = 各项办理结果之和", "表三结构"),
        Rule("T3-03", "E", "表三每一行：总计 = 六类申请人之和", "表三结构"),
        Rule("T3-04", "E", "表三每个单元格应为非负整数，不得空白或填写“/”“-”（无数据填 0）", "表三结构"),
        Rule("T3-05", "E", "本年“上年结转”应等于上一年度报告的“结转下年度继续办理”", "跨年度衔接"),
        Rule("T3-06", "W", "“其他处理—其他”数量偏高，应了解情况并说明", "国办公开办函〔2019〕60号"),
        Rule(
            "T3-07",
            "W",
            "有“逾期未按收费通知要求缴纳费用”的申请时，第六部分应报告信息处理费情况",
            "国办公开办函〔2021〕30号",
        ),
        Rule(
            "T3-08",
            "W",
            "结转数量应与法定答复期限（20 个工作日，延长不超过 20 个工作日）相符",
            "《条例》第三十三条",
        ),
        Rule("T4-01", "E", "表四每一组：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计", "表四结构"),
        Rule(
            "T4-04",
            "E",
            "表四每个单元格应为非负整数，不得空白或填写“/”“-”（无数据填 0）；空白不按 T4-01 计算",
            "表四结构",
        ),
        Rule(
            "T4-02",
            "W",
            "复议机关作为共同被告的行政诉讼案件，只计算原行为主体的案件数量",
            "国办公开办函〔2021〕30号",
        ),
        Rule(
            "T4-03",
            "W",
            "2024 年起“申请政府信息公开，行政机关不予公开”的争议应先申请行政复议",
            "《行政复议法》（2023）第二十三条",
        ),
        Rule(
            "T2-01",
            "E",
            "表二的表头和行名应与模板一致（如「本年废止件数」），件数为整数，收费以万元计",
            "国办公开办函〔2021〕30号",
        ),
        Rule(
            "T2-02",
            "W",
            "现行有效件数 ≈ 上年现行有效件数 + 本年制发件数 − 本年废止件数（相差不超过上年现行有效件数的5%）",
            "跨年度衔接",
        ),
        Rule(
            "T2-03",
            "W",
            "行政许可、行政处罚、行政强制数量应包括依法未公开的决定，核定至 12 月 31 日",
            "国办公开办函〔2021〕30号",
        ),
        Rule(
            "N-01", "W", "正文中的数字（收到、办结、结转、复议、诉讼、主动公开等）应与统计表一致", "内容一致"
        ),
        Rule("N-02", "W", "正文关于复议、诉讼结果的表述（如“均获维持”）应与表四一致", "内容一致"),
        Rule("N-03", "W", "第一部分“总体情况”篇幅原则上不超过一千字", "国办公开办函〔2021〕30号"),
        Rule("N-04", "W", "第五部分应实事求是、明确具体，不得年年雷同", "国办公开办函〔2021〕30号"),
        Rule(
            "N-05",
            "E/W",
            "第六部分应专门报告收取信息处理费的情况（未收取也应说明）",
            "国办公开办函〔2021〕30号",
        ),
        Rule("S-01", "E", "报告应包括六个部分，顺序和标题符合年度报告格式", "国办公开办函〔2021〕30号"),
        Rule("S-02", "E", "统计期限应为报告年度 1 月 1 日至 12 月 31 日", "国办公开办函〔2021〕30号"),
        Rule(
            "S-03",
            "E",
            "应在规定期限前公布（部门 1 月 31 日前，本级政府 3 月 31 日前）",
            "《条例》第四十九条",
        ),
        Rule("S-04", "W", "2021 年度及以后的报告应使用 2021 年格式", "国办公开办函〔2021〕30号"),
        Rule("S-05", "W", "汇总报告的每个单元格应等于所汇总机关报告之和", "国办公开办函〔2021〕30号"),
        Rule("PARSE", "W", "读取文件时的说明：单元格拆分、无法识别或无法唯一确定的内容", "读取过程"),
    )
}


def rules_for(rule_ids) -> list[Rule]:
    """The catalogue entries of the given ids, in catalogue order (unknown ids are skipped)."""
    wanted = set(rule_ids)
    return [rule for rule_id, rule in RULES.items() if rule_id in wanted]
