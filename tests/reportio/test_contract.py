"""The check contract (gongkai.reportio.contract): one typed object per checked file."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from gongkai.law.report import Finding, Report
from gongkai.reportio.checking import CheckResult
from gongkai.reportio.contract import CheckedReport, Severity, dumps, to_json


def _result() -> CheckResult:
    report = Report.empty("某某局", 2023)
    report.table2.set("行政事业性收费", "本年收费金额（单位：万元）", Decimal("24252.311082"))
    report.table2.set("规章", "本年制发件数", None, "/")
    report.table3.set("三(七)", 6, None, "—")
    report.table4.set(3, None, "无")
    report.table4.set(4, None)
    report.mark_unreadable("4", "", 4)
    report.period = (date(2023, 1, 1), date(2023, 12, 31))
    return CheckResult("r.txt", report, [Finding("T3-04", "E", "空白", "表三 三(七)·总计")])


def test_money_is_a_decimal_string_and_counts_are_numbers() -> None:
    data = to_json(_result())
    assert data["table2"]["行政事业性收费"]["本年收费金额（单位：万元）"] == "24252.311082"
    assert data["table2"]["规章"]["本年废止件数"] == 0
    assert data["table3"]["rows"]["一"] == [0] * 7


def test_raw_text_and_unreadable_cells_have_their_place() -> None:
    data = json.loads(dumps(to_json(_result())))
    assert data["table2"]["规章"]["本年制发件数"] is None
    assert data["raw"] == {
        "table2": {"规章": {"本年制发件数": "/"}},
        "table3": {"三(七)": {"6": "—"}},
        "table4": {"3": "无"},
    }
    assert data["unreadable"] == [{"table": "4", "row": "", "column": 4}]


def test_period_publication_date_and_table2_format_are_always_there() -> None:
    data = to_json(_result())
    assert data["period"] == ["2023-01-01", "2023-12-31"]
    assert data["publication_date"] is None and data["table2_format"] == "2021" and data["error"] is None
    unreadable = to_json(CheckResult("x.pdf", error="无法读取"))
    assert set(unreadable) == set(data) and unreadable["error"] == "无法读取" and unreadable["table2"] is None


def test_severity_is_an_enum_and_the_object_validates_back() -> None:
    data = to_json(_result())
    assert data["findings"] == [
        {"rule": "T3-04", "severity": "E", "message": "空白", "where": "表三 三(七)·总计"}
    ]
    assert CheckedReport.model_validate(data).findings[0].severity is Severity.E
    with pytest.raises(ValueError):
        CheckedReport.model_validate({**data, "findings": [{**data["findings"][0], "severity": "X"}]})


def test_json_never_holds_infinity() -> None:
    with pytest.raises(ValueError):
        dumps({"x": float("inf")})
