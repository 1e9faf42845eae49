"""Table cells that print a unit after the number (「135个」「75394432.52元」), as real 2019-format
pages do, are numbers — not row labels — and 元 in a 万元 column is converted with a warning."""

from __future__ import annotations

from decimal import Decimal

from gongkai.law.formats import FORMAT_2019, FORMAT_2021
from gongkai.reportio.checking import check_bytes
from gongkai.reportio.labels import cell_kind, split_unit
from tests.reportio import builders as b


def test_split_unit_and_cell_kind():
    assert split_unit("75394432.52元") == ("75394432.52", "元")
    assert split_unit("135 个") == ("135", "个")
    assert split_unit("行政许可") == ("行政许可", "")
    assert cell_kind("75394432.52元") == "number"
    assert cell_kind("政府集中采购") == "text"


def test_2019_purchase_row_with_units_is_read_in_html():
    spec = b.make_spec(seed=4, fmt=FORMAT_2019, year=2019)
    spec.table2["政府集中采购"] = ["135个", "75394432.52元"]
    result = check_bytes(b.to_html(spec), "p.html")
    table2 = result.to_json()["table2"]
    assert table2["政府集中采购"] == {"采购项目数量": 135, "采购总金额": "75394432.52"}
    assert not [f for f in result.findings if f.rule == "T2-01"]


def test_yuan_in_a_wanyuan_column_is_converted_and_said():
    spec = b.make_spec(seed=5, fmt=FORMAT_2021, year=2023)
    spec.table2["行政事业性收费"] = ["1234500元"]
    result = check_bytes(b.to_html(spec), "p.html")
    assert result.report.table2.get("行政事业性收费", "本年收费金额（单位：万元）") == Decimal("123.45")
    assert any(f.rule == "PARSE" and "折算" in f.message for f in result.findings)
