"""Hazards of crawled department reports, third round (平潭 市场监督管理局, 自然资源与生态环境局 …).

Every document here is written by the test from known numbers; none is a copy of a real page.
"""

from __future__ import annotations

import pytest

from gongkai.law.formats import FORMAT_2019, FORMAT_2021
from gongkai.reportio import read_report
from gongkai.reportio.checking import check_bytes
from tests.reportio import builders as b


def _blank_rows_spec(blank: list[str]) -> b.Spec:
    """A small department's table (single-digit cells, so every run-together row splits one way)
    with the rows ``blank`` printed with all seven cells empty."""
    spec = b.make_spec(7, fmt=FORMAT_2021, year=2021)
    zero = [0] * 7
    table = {k: list(zero) for k in FORMAT_2021.table3_keys}
    table["三(一)"] = [3, 0, 0, 1, 0, 0, 4]
    table["三(三)7"] = [2, 0, 0, 0, 0, 0, 2]
    table["三(七)"] = [5, 0, 0, 1, 0, 0, 6]
    table["一"] = [5, 0, 0, 1, 0, 0, 6]
    for key in blank:
        table[key] = [""] * 7  # type: ignore[list-item]
    spec.table3 = table
    return spec


@pytest.mark.parametrize(
    "blank",
    [["三(六)2", "三(六)3"], ["三(六)3"], ["三(五)5", "三(六)1"], ["三(三)8", "三(四)1", "三(四)2"]],
)
def test_rows_with_blank_cells_run_into_the_next_label_stay_blank(blank: list[str]) -> None:
    """「…申请2.申请人逾期未按收费通知…申请3.其他(七)总计5000005」: the two rows printed with
    blank cells leave no digits, so their labels run into （七）总计's; the numbers are （七）'s."""
    spec = _blank_rows_spec(blank)
    text = b.to_flat_text(spec)
    report = read_report(text.encode(), "page.txt")
    for key in blank:
        assert report.table3.rows[key] == [None] * 7, key
    for key in FORMAT_2021.table3_keys:
        if key not in blank:
            assert report.table3.rows[key] == spec.table3[key], key
    result = check_bytes(text.encode(), "page.txt")
    # the blank cells are the report's error (T3-04), reported on the right rows and nowhere else
    blank_errors = [f for f in result.errors if f.rule == "T3-04"]
    assert sorted(f.where.split("「")[0].split()[-1] for f in blank_errors) == sorted(blank)
    assert all("空白" in f.message and "缺少" not in f.message for f in blank_errors)
    assert not [f for f in result.findings if f.rule == "S-01"]
    assert [f.rule for f in result.errors] == ["T3-04"] * len(blank)


def test_a_group_heading_before_its_first_row_is_not_a_blank_row() -> None:
    """「(六)其他处理1.…」 in the 2021 format names the group, not the 2019 single row."""
    spec = b.make_spec(3, fmt=FORMAT_2021, year=2022)
    report = read_report(b.to_flat_text(spec).encode(), "page.txt")
    assert report.table3.format is FORMAT_2021
    assert report.table3.rows == spec.table3


def test_2019_single_other_row_still_read() -> None:
    spec = b.make_spec(4, fmt=FORMAT_2019, year=2019)
    report = read_report(b.to_flat_text(spec).encode(), "page.txt")
    assert report.table3.rows == spec.table3
