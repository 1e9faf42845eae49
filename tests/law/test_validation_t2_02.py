"""T2-02: 现行有效 (Y) ≈ 现行有效 (Y−1) + 本年制发 − 本年废止, within the stated tolerance."""

import pytest

from gongkai.law.report import Report
from gongkai.law.rules import RULES
from gongkai.law.validation import validate
from gongkai.law.validation.table2 import T2_02_TOLERANCE_PERCENT

ROWS = ("规章", "行政规范性文件")


def _pair(before, issued, repealed, valid, row="行政规范性文件"):
    last, this = Report.empty("某机关", 2023), Report.empty("某机关", 2024)
    for r in ROWS:  # the other row adds up exactly
        last.table2.set(r, "现行有效件数", 0)
        for col in ("本年制发件数", "本年废止件数", "现行有效件数"):
            this.table2.set(r, col, 0)
    last.table2.set(row, "现行有效件数", before)
    this.table2.set(row, "本年制发件数", issued)
    this.table2.set(row, "本年废止件数", repealed)
    this.table2.set(row, "现行有效件数", valid)
    return [f for f in validate(this, previous=last) if f.rule == "T2-02"]


@pytest.mark.parametrize("row", ROWS)
@pytest.mark.parametrize(
    "before, valid, flagged",
    [
        (200, 205, False),  # exact: 200 + 10 − 5
        (200, 215, False),  # +10 = 5% of 200
        (200, 195, False),  # −10: the same margin below
        (200, 216, True),
        (200, 194, True),
        (19, 25, True),  # 5% of 19 < 1: small stocks add up exactly
        (19, 24, False),
    ],
)
def test_gap_up_to_the_tolerance_is_drift_beyond_it_a_warning(row, before, valid, flagged):
    found = _pair(before, 10, 5, valid, row)
    assert bool(found) is flagged
    assert all(f.severity == "W" and f"「{row}」" in f.where for f in found)


def test_message_states_the_margin_it_exceeded():
    (finding,) = _pair(200, 10, 5, 216)
    assert "205" in finding.message and "216" in finding.message
    assert f"{T2_02_TOLERANCE_PERCENT}%即10件" in finding.message
    (exact,) = _pair(10, 3, 1, 15)
    assert "%" not in exact.message


def test_catalogue_states_the_same_tolerance():
    assert f"{T2_02_TOLERANCE_PERCENT}%" in RULES["T2-02"].statement
