"""The statutory annual-report formats, with every label verbatim.

Two formats exist: the 2021 format of 国办公开办函〔2021〕30号 (report years ≥ 2021) and the 2019
trial format of 国办公开办函〔2019〕60号 (2019 and 2020). Labels are quoted exactly as in the
templates (spec/domain.md §2) — including the full-width curly quotes in 危及“三安全一稳定” — and
every other module (report model, validation, parsers, renderers, the records that compute a
report) refers to these definitions instead of repeating them.

Row keys are those of the ``gongkai check --json`` contract (DESIGN.md): "一", "二", "三(一)",
"三(三)1" … "三(七)", "四".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FormatId(StrEnum):
    F2021 = "2021"
    F2019 = "2019"

    @property
    def title(self) -> str:
        return {"2021": "2021年格式（国办公开办函〔2021〕30号）", "2019": "2019年试行格式（国办公开办函〔2019〕60号）"}[
            self.value
        ]


# --- sections -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Section:
    number: str  # 一 … 六
    title: str  # heading without number, as in the template
    note: str = ""  # the template's parenthesised instruction

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


SECTIONS: tuple[Section, ...] = (
    Section("一", "总体情况", "（文字描述）"),
    Section("二", "主动公开政府信息情况"),
    Section("三", "收到和处理政府信息公开申请情况"),
    Section("四", "政府信息公开行政复议、行政诉讼情况"),
    Section("五", "存在的主要问题及改进情况", "（文字描述）"),
    Section("六", "其他需要报告的事项", "（文字描述，收取信息处理费情况在此处报告。）"),
)
SECTION_NUMBERS: tuple[str, ...] = tuple(s.number for s in SECTIONS)


# --- table 二 ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Table2Item:
    """One 第二十条 item of table 二: its heading, its value columns and its rows."""

    article_item: str  # e.g. "第二十条第（一）项"
    columns: tuple[str, ...]
    rows: tuple[str, ...]
    money: bool = False  # amounts in 万元 (Decimal), otherwise integer counts


TABLE2_2021: tuple[Table2Item, ...] = (
    Table2Item("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "行政规范性文件")),
    Table2Item("第二十条第（五）项", ("本年处理决定数量",), ("行政许可",)),
    Table2Item("第二十条第（六）项", ("本年处理决定数量",), ("行政处罚", "行政强制")),
    Table2Item("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("行政事业性收费",), money=True),
)

TABLE2_2019: tuple[Table2Item, ...] = (
    Table2Item("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"), ("规章", "规范性文件")),
    Table2Item(
        "第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政许可", "其他对外管理服务事项")
    ),
    Table2Item("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政处罚", "行政强制")),
    Table2Item("第二十条第（八）项", ("上一年项目数量", "本年增/减"), ("行政事业性收费",)),
    Table2Item("第二十条第（九）项", ("采购项目数量", "采购总金额"), ("政府集中采购",)),
)
TABLE2_ITEM_HEADER = "信息内容"
# 2021 row label → the 2019 trial format's label for the same row (same item, same place), which
# some 2021-format tables keep: {"行政规范性文件": "规范性文件"}
TABLE2_RENAMED_ROWS: dict[str, str] = {
    new: old
    for item21 in TABLE2_2021
    for item19 in TABLE2_2019
    if item21.article_item == item19.article_item
    for new, old in zip(item21.rows, item19.rows, strict=False)
    if new != old
}


# --- table 三 ---------------------------------------------------------------------------------
TABLE3_COLUMNS: tuple[str, ...] = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
TABLE3_COLUMN_GROUPS = {"申请人情况": TABLE3_COLUMNS, "法人或其他组织": TABLE3_COLUMNS[1:6]}
TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE3_RESULTS_HEADING = "三、本年度办理结果"


class RowKind(StrEnum):
    NEW = "new"  # 一、本年新收
    CARRIED = "carried"  # 二、上年结转
    RESULT = "result"  # a leaf of 三、本年度办理结果
    TOTAL = "total"  # （七）总计
    FORWARD = "forward"  # 四、结转下年度继续办理


@dataclass(frozen=True)
class Table3Row:
    key: str  # JSON key: "一", "三(三)1" …
    label: str  # verbatim leaf label, e.g. "1.属于国家秘密" or "（一）予以公开"
    kind: RowKind
    group: str = ""  # verbatim group label for sub-rows, e.g. "（三）不予公开"

    @property
    def full_label(self) -> str:
        return f"{self.group}{self.label}" if self.group else self.label


_G3 = "（三）不予公开"
_G4 = "（四）无法提供"
_G5 = "（五）不予处理"
_G6 = "（六）其他处理"

_HEAD_ROWS = (
    Table3Row("一", "一、本年新收政府信息公开申请数量", RowKind.NEW),
    Table3Row("二", "二、上年结转政府信息公开申请数量", RowKind.CARRIED),
)
_RESULT_ROWS_COMMON = (
    Table3Row("三(一)", "（一）予以公开", RowKind.RESULT),
    Table3Row("三(二)", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", RowKind.RESULT),
    Table3Row("三(三)1", "1.属于国家秘密", RowKind.RESULT, _G3),
    Table3Row("三(三)2", "2.其他法律行政法规禁止公开", RowKind.RESULT, _G3),
    Table3Row("三(三)3", "3.危及“三安全一稳定”", RowKind.RESULT, _G3),
    Table3Row("三(三)4", "4.保护第三方合法权益", RowKind.RESULT, _G3),
    Table3Row("三(三)5", "5.属于三类内部事务信息", RowKind.RESULT, _G3),
    Table3Row("三(三)6", "6.属于四类过程性信息", RowKind.RESULT, _G3),
    Table3Row("三(三)7", "7.属于行政执法案卷", RowKind.RESULT, _G3),
    Table3Row("三(三)8", "8.属于行政查询事项", RowKind.RESULT, _G3),
    Table3Row("三(四)1", "1.本机关不掌握相关政府信息", RowKind.RESULT, _G4),
    Table3Row("三(四)2", "2.没有现成信息需要另行制作", RowKind.RESULT, _G4),
    Table3Row("三(四)3", "3.补正后申请内容仍不明确", RowKind.RESULT, _G4),
    Table3Row("三(五)1", "1.信访举报投诉类申请", RowKind.RESULT, _G5),
    Table3Row("三(五)2", "2.重复申请", RowKind.RESULT, _G5),
    Table3Row("三(五)3", "3.要求提供公开出版物", RowKind.RESULT, _G5),
    Table3Row("三(五)4", "4.无正当理由大量反复申请", RowKind.RESULT, _G5),
    Table3Row("三(五)5", "5.要求行政机关确认或重新出具已获取信息", RowKind.RESULT, _G5),
)
_RESULT_ROWS_2021_OTHER = (
    Table3Row(
        "三(六)1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", RowKind.RESULT, _G6
    ),
    Table3Row(
        "三(六)2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", RowKind.RESULT, _G6
    ),
    Table3Row("三(六)3", "3.其他", RowKind.RESULT, _G6),
)
_RESULT_ROWS_2019_OTHER = (Table3Row("三(六)", _G6, RowKind.RESULT),)
_TAIL_ROWS = (
    Table3Row("三(七)", "（七）总计", RowKind.TOTAL),
    Table3Row("四", "四、结转下年度继续办理", RowKind.FORWARD),
)

TABLE3_ROWS_2021: tuple[Table3Row, ...] = _HEAD_ROWS + _RESULT_ROWS_COMMON + _RESULT_ROWS_2021_OTHER + _TAIL_ROWS
TABLE3_ROWS_2019: tuple[Table3Row, ...] = _HEAD_ROWS + _RESULT_ROWS_COMMON + _RESULT_ROWS_2019_OTHER + _TAIL_ROWS
TABLE3_GROUPS: tuple[str, ...] = (_G3, _G4, _G5, _G6)


# --- table 四 ---------------------------------------------------------------------------------
TABLE4_OUTCOMES: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


@dataclass(frozen=True)
class Table4Group:
    key: str  # "reconsideration" | "litigation_direct" | "litigation_after_reconsideration"
    label: str
    parent: str = ""

    @property
    def full_label(self) -> str:
        return f"{self.parent}（{self.label}）" if self.parent else self.label


TABLE4_GROUPS: tuple[Table4Group, ...] = (
    Table4Group("reconsideration", "行政复议"),
    Table4Group("litigation_direct", "未经复议直接起诉", "行政诉讼"),
    Table4Group("litigation_after_reconsideration", "复议后起诉", "行政诉讼"),
)
TABLE4_WIDTH = len(TABLE4_GROUPS) * len(TABLE4_OUTCOMES)  # 15 numbers, in this order


# --- a format ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportFormat:
    id: FormatId
    table2: tuple[Table2Item, ...]
    table3_rows: tuple[Table3Row, ...]

    @property
    def table3_keys(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.table3_rows)

    @property
    def result_rows(self) -> tuple[Table3Row, ...]:
        return tuple(r for r in self.table3_rows if r.kind is RowKind.RESULT)

    def table3_row(self, key: str) -> Table3Row:
        for row in self.table3_rows:
            if row.key == key:
                return row
        raise KeyError(key)

    def table2_cells(self) -> tuple[tuple[str, str], ...]:
        """(row label, column label) for every cell of table 二, in reading order."""
        return tuple((row, col) for item in self.table2 for row in item.rows for col in item.columns)


FORMAT_2021 = ReportFormat(FormatId.F2021, TABLE2_2021, TABLE3_ROWS_2021)
FORMAT_2019 = ReportFormat(FormatId.F2019, TABLE2_2019, TABLE3_ROWS_2019)
FORMATS: dict[FormatId, ReportFormat] = {FormatId.F2021: FORMAT_2021, FormatId.F2019: FORMAT_2019}


def format_for_year(year: int) -> ReportFormat:
    """The format the rules prescribe for a report year (2019 trial format for 2019 and 2020)."""
    return FORMAT_2019 if year <= 2020 else FORMAT_2021
