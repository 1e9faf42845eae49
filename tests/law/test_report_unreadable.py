"""``Report.unreadable``: cells printed but not readable are unknown, not blank.

The validation rules report no "blank cell" error for them and assert no sum that involves one;
the places survive the JSON round trip. Property: blanking any set of cells of a clean report
and marking them unreadable never produces an error.
"""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.formats import FORMAT_2019, FORMAT_2021, TABLE4_WIDTH
from gongkai.law.outcomes import ApplicantCategory, Outcome, table3_from_outcomes
from gongkai.law.report import N_COLUMNS, Report, ReportDataError
from gongkai.law.validation import errors, validate


def _clean(fmt=FORMAT_2021, year=2023) -> Report:
    finished = [(o, ApplicantCategory.NATURAL_PERSON) for o in list(Outcome)[:6]]
    report = Report.empty("某某市某某局", year, fmt)
    report.table3 = table3_from_outcomes(finished, [], [ApplicantCategory.NATURAL_PERSON], fmt)
    texts = {
        "一": "本年度依法做好政府信息公开工作。",
        "二": "",
        "三": "",
        "四": "",
        "五": "存在的主要问题是政策解读形式单一，改进措施是丰富解读形式。",
        "六": "本年度未收取信息处理费。",
    }
    for number, text in texts.items():
        report.set_section(number, text)
    return report


def _places(report: Report):
    t2 = [("2", row, col) for row, cols in report.table2.values.items() for col in cols]
    t3 = [("3", key, c) for key in report.table3.keys for c in range(N_COLUMNS)]
    t4 = [("4", "", i) for i in range(TABLE4_WIDTH)]
    return t2 + t3 + t4


def _blank(report: Report, places) -> None:
    for table, row, column in places:
        if table == "2":
            report.table2.set(row, column, None)
        elif table == "3":
            report.table3.set(row, column, None)
        else:
            report.table4.set(column, None)
        report.mark_unreadable(table, row, column)


@pytest.mark.parametrize("fmt", [FORMAT_2021, FORMAT_2019])
def test_clean_report_has_no_errors(fmt) -> None:
    assert errors(validate(_clean(fmt, 2023 if fmt is FORMAT_2021 else 2020))) == []


@given(st.data())
def test_unknown_cells_never_make_errors(data) -> None:
    report = _clean()
    places = data.draw(st.lists(st.sampled_from(_places(report)), max_size=25, unique=True))
    _blank(report, places)
    assert errors(validate(report)) == []


def test_the_same_cells_blank_but_readable_are_errors() -> None:
    report = _clean()
    report.table3.set("一", 0, None)
    report.table2.set("规章", "本年制发件数", None)
    report.table4.set(3, None)
    rules = {f.rule for f in errors(validate(report))}
    assert {"T3-04", "T2-01", "T4-04"} <= rules
    report.mark_unreadable("3", "一", 0)
    report.mark_unreadable("2", "规章", "本年制发件数")
    report.mark_unreadable("4", "", 3)
    assert errors(validate(report)) == []


def test_a_sum_is_not_asserted_over_an_unknown_cell_even_with_a_value() -> None:
    report = _clean()
    report.table3.set("三(一)", 0, 999)  # a guessed number must not be checked either
    assert {f.rule for f in errors(validate(report))} >= {"T3-02", "T3-03"}
    report.mark_unreadable("3", "三(一)", 0)
    assert errors(validate(report)) == []


def test_whole_row_marking_and_json_round_trip() -> None:
    report = _clean()
    report.mark_unreadable("3", "四")
    report.mark_unreadable("2", "行政规范性文件")
    report.mark_unreadable("4", "", 14)
    assert all(report.is_unreadable("3", "四", c) for c in range(N_COLUMNS))
    assert report.is_unreadable("2", "行政规范性文件", "现行有效件数")
    data = json.loads(json.dumps(report.to_json(), ensure_ascii=False))
    assert ["4", "", 14] in data["unreadable"]
    back = Report.from_json(data)
    assert back.unreadable == report.unreadable
    assert "unreadable" not in _clean().to_json()  # written only when there is something


def test_bad_places_get_chinese_errors() -> None:
    with pytest.raises(ReportDataError, match="单元格位置"):
        Report.from_json({"unreadable": [["5", "一", 0]]})
    with pytest.raises(ReportDataError, match="序号"):
        Report.from_json({"unreadable": [["3", "一", "自然人"]]})
