"""What people see for each kind of cell in the check output."""

from gongkai.law.report import Report
from gongkai.reportio.render import cell_text, table2_rows, table3_rows, table4_groups


def test_cell_text_tells_blank_printed_and_unreadable_apart():
    assert cell_text(0) == "0"
    assert cell_text(None) == "空"
    assert cell_text(None, "/") == "「/」"
    assert cell_text(None, None, unreadable=True) == "无法识别"


def test_unreadable_cells_are_shown_as_such_in_every_table():
    report = Report.empty("某某局", 2023)
    report.table3.rows["一"][0] = None
    report.mark_unreadable("3", "一", 0)
    report.table2.values["规章"]["本年制发件数"] = None
    report.mark_unreadable("2", "规章", "本年制发件数")
    report.table4.cells[0] = None
    report.mark_unreadable("4", "", 0)
    assert table3_rows(report)[0][2][0] == "无法识别"
    assert dict(table2_rows(report))["规章"][0] == ("本年制发件数", "无法识别")
    assert table4_groups(report)[0][1][0] == ("结果维持", "无法识别")
