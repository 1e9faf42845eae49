"""The annual report as data and its JSON (DESIGN.md `gongkai check --json` contract)."""

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.formats import FORMAT_2019, FORMAT_2021, SECTIONS, TABLE3_COLUMNS, TABLE4_WIDTH
from gongkai.law.report import (
    Finding,
    Report,
    ReportDataError,
    SectionText,
    Table2,
    Table3,
    Table4,
    parse_amount,
    parse_count,
    parse_signed,
)

cells = st.none() | st.integers(min_value=0, max_value=10**7)
raw_marks = st.sampled_from(["/", "-", "—", "无", ""])
amounts = st.none() | st.decimals(
    min_value=0, max_value=10**8, places=4, allow_nan=False, allow_infinity=False
)


@st.composite
def table3s(draw):
    fmt = draw(st.sampled_from([FORMAT_2021, FORMAT_2019]))
    rows = {k: draw(st.lists(cells, min_size=7, max_size=7)) for k in fmt.table3_keys}
    table = Table3(fmt, rows)
    for k, c in draw(st.lists(st.tuples(st.sampled_from(fmt.table3_keys), st.integers(0, 6)), max_size=3)):
        table.set(k, c, None, draw(raw_marks))
    return table


@st.composite
def table2s(draw):
    fmt = draw(st.sampled_from([FORMAT_2021, FORMAT_2019]))
    table = Table2.zeros(fmt)
    for row, col, _ in list(table.cells()):
        if table.is_money(row, col):
            table.set(row, col, draw(amounts))
        elif table.is_signed(col):
            table.set(row, col, draw(st.none() | st.integers(-1000, 1000)))
        else:
            table.set(row, col, draw(cells))
    return table


@st.composite
def reports(draw):
    sections = {}
    for s in draw(st.lists(st.sampled_from(SECTIONS), unique=True)):
        heading = draw(st.none() | st.just(s.heading))
        sections[s.number] = SectionText(
            s.number, draw(st.text(max_size=30)), heading, None if heading is None else 1
        )
    return Report(
        agency=draw(st.text(max_size=20)),
        year=draw(st.none() | st.integers(2019, 2030)),
        table2=draw(table2s()),
        table3=draw(table3s()),
        table4=Table4(draw(st.lists(cells, min_size=TABLE4_WIDTH, max_size=TABLE4_WIDTH))),
        sections=sections,
        publication_date=draw(st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31))),
        agency_level=draw(st.none() | st.sampled_from(["department", "county"])),
        compiled_from=tuple(draw(st.lists(st.text(min_size=1, max_size=5), max_size=3))),
        notes=[Finding("T2-01", "E", "表头「本年度止件数」应为「本年废止件数」", "表二")]
        if draw(st.booleans())
        else [],
    )


@given(reports())
def test_json_round_trip_through_text(report):
    data = json.loads(json.dumps(report.to_json(), ensure_ascii=False))
    again = Report.from_json(data)
    assert again == report
    assert again.to_json() == report.to_json()


def test_json_shape_is_the_check_contract():
    report = Report.empty("某机关", 2022)
    data = report.to_json()
    assert {"agency", "year", "format", "table2", "table3", "table4"} <= set(data)
    assert data["format"] == "2021"
    assert data["table3"]["columns"] == list(TABLE3_COLUMNS)
    assert list(data["table3"]["rows"]) == list(FORMAT_2021.table3_keys)
    assert all(len(v) == 7 for v in data["table3"]["rows"].values())
    assert len(data["table4"]) == 15
    assert set(data["table2"]) == {
        "规章",
        "行政规范性文件",
        "行政许可",
        "行政处罚",
        "行政强制",
        "行政事业性收费",
    }


def test_every_fixture_truth_reads_and_writes_back_the_same_tables(fixtures_dir):
    for path in sorted((fixtures_dir / "reports").glob("*/truth.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        data = Report.from_json(truth).to_json()
        assert data["format"] == truth["format"], path
        assert data["table3"]["rows"] == truth["table3"]["rows"], path
        assert data["table4"] == truth["table4"], path
        assert data["table2"] == truth["table2"], path


def test_mixed_formats_of_real_reports_are_kept_apart(fixtures_dir):
    truth = json.loads((fixtures_dir / "reports/002_hongze_2023/truth.json").read_text(encoding="utf-8"))
    report = Report.from_json(truth)
    assert report.table3.format is FORMAT_2019 and report.table2.format is FORMAT_2021
    assert report.to_json().get("table2_format") == "2021"


def test_money_is_decimal_and_exact():
    truth = {"format": "2021", "table2": {"行政事业性收费": {"本年收费金额（单位：万元）": 24252.311082}}}
    report = Report.from_json(truth)
    assert report.table2.get("行政事业性收费", "本年收费金额（单位：万元）") == Decimal("24252.311082")


def test_cell_parsing_keeps_what_was_printed():
    assert parse_count("１２") == (12, None)
    assert parse_count("3,119") == (3119, None)
    for mark in ("/", "-", "—", "无", ""):
        assert parse_count(mark) == (None, mark)
    assert parse_signed("-3") == (-3, None)
    assert parse_amount("9116.36") == (Decimal("9116.36"), None)
    assert parse_amount("约5") == (None, "约5")


def test_raw_cell_text_survives_json():
    table = Table3.zeros()
    table.set("三(七)", 6, None, "/")
    report = Report(table3=table)
    again = Report.from_json(json.loads(json.dumps(report.to_json())))
    assert again.table3.raw == {("三(七)", 6): "/"}


def test_2021_table3_converts_to_2019_and_not_back():
    table = Table3.zeros()
    table.set("三(六)1", 0, 2)
    table.set("三(六)3", 0, 3)
    old = table.to_format(FORMAT_2019)
    assert old.rows["三(六)"][0] == 5
    with pytest.raises(ReportDataError):
        old.to_format(FORMAT_2021)


def test_bad_data_gets_chinese_errors():
    with pytest.raises(ReportDataError, match="表三"):
        Table3(FORMAT_2021, {"三(六)": [0] * 7})
    with pytest.raises(ReportDataError, match="7"):
        Table3(FORMAT_2021, {"一": [0] * 6})
    with pytest.raises(ReportDataError, match="表二"):
        Table2(FORMAT_2021, {"规范性文件": {}})
    with pytest.raises(ReportDataError, match="年报格式"):
        Report.from_json({"format": "2018"})
    with pytest.raises(ValueError, match="E 或 W"):
        Finding("T3-01", "X", "")
