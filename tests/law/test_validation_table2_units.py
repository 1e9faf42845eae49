"""T2-01 names the unit of the item it is about: 万元 only for the 2021 表二's 收费 item; the 2019
试行 format's 采购总金额 has no unit in the template (reports print it in 元)."""

from __future__ import annotations

from gongkai.law.formats import FORMAT_2019, FORMAT_2021
from gongkai.law.report import Report, Table2
from gongkai.law.validation import validate


def _t2_01(report: Report) -> list[str]:
    return [f.message for f in validate(report) if f.rule == "T2-01"]


def test_2019_purchase_amount_is_not_said_to_be_in_wanyuan() -> None:
    report = Report(agency="某机关", year=2019, table2=Table2.zeros(FORMAT_2019))
    report.table2.set("政府集中采购", "采购总金额", None, "/")
    (message,) = _t2_01(report)
    assert "「/」" in message and "万元" not in message and "金额" in message


def test_2021_fee_amount_is_in_wanyuan() -> None:
    report = Report(agency="某机关", year=2023, table2=Table2.zeros(FORMAT_2021))
    report.table2.set("行政事业性收费", "本年收费金额（单位：万元）", None, "/")
    (message,) = _t2_01(report)
    assert "万元" in message


def test_count_cells_say_whole_numbers() -> None:
    report = Report(agency="某机关", year=2023, table2=Table2.zeros(FORMAT_2021))
    report.table2.set("行政许可", "本年处理决定数量", -3)
    (message,) = _t2_01(report)
    assert "负数" in message and "非负整数" in message and "万元" not in message
