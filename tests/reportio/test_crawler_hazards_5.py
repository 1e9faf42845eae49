"""Hazards of crawled department reports, fifth round (平潭 社会事业局, 农业农村局 …).

Every document here is written by the test from known numbers; none is a copy of a real page.
"""

from __future__ import annotations

from gongkai.law.formats import FORMAT_2021
from gongkai.reportio.checking import check_bytes
from tests.reportio import builders as b


def _small_spec(year: int = 2024) -> b.Spec:
    spec = b.make_spec(5, fmt=FORMAT_2021, year=year)
    zero = [0] * 7
    table = {k: list(zero) for k in FORMAT_2021.table3_keys}
    for key in ("一", "三(一)", "三(七)"):
        table[key] = [2, 1, 0, 0, 0, 0, 3]
    spec.table3 = table
    spec.table4 = [0] * 15
    spec.table2 = {
        "规章": [0, 0, 0],
        "行政规范性文件": [3, 1, 9],
        "行政许可": [412],
        "行政处罚": [38],
        "行政强制": [0],
        "行政事业性收费": [0],
    }
    return spec


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_a_truncated_header_run_together_with_the_others_is_a_misprint() -> None:
    """「本年制发件数本年废止件现行有效件数」: the middle header lost its last character (T2-01)."""
    spec = _small_spec()
    text = _replace_once(
        b.to_flat_text(spec), "本年制发件数本年废止件数现行有效件数", "本年制发件数本年废止件现行有效件数"
    )
    result = check_bytes(text.encode(), "page.txt")
    (header,) = [f for f in result.errors if f.rule == "T2-01"]
    assert "「本年废止件」" in header.message and "「本年废止件数」" in header.message
    assert list(result.report.table2.values["行政规范性文件"].values()) == [3, 1, 9]


def test_exact_headers_run_together_are_no_misprint() -> None:
    result = check_bytes(b.to_flat_text(_small_spec()).encode(), "page.txt")
    assert not [f for f in result.findings if f.rule == "T2-01"], result.findings


def test_a_sentence_opening_with_the_year_under_the_table4_heading_is_not_its_cells() -> None:
    """「四、政府信息公开行政复议、行政诉讼情况2024年，未有…行政复议行政诉讼结果维持…000…」."""
    spec = _small_spec()
    spec.table4 = [1, 0, 0, 0, 1] + [0] * 10
    text = b.to_flat_text(spec)
    heading = "四、政府信息公开行政复议、行政诉讼情况"
    text = _replace_once(text, heading, heading + "2024年，本局政府信息公开行政复议及行政诉讼情况如下。")
    result = check_bytes(text.encode(), "page.txt")
    assert result.report.table4.cells == [1, 0, 0, 0, 1] + [0] * 10
    assert not [f for f in result.findings if f.rule == "PARSE" and "表四留空" in f.message]


def test_numbers_in_a_sentence_under_the_table4_heading_are_not_its_cells() -> None:
    """「…行政诉讼情况2024年，收到行政复议1件。行政复议行政诉讼结果维持…」: the table starts after its headers."""
    spec = _small_spec()
    spec.table4 = [1, 0, 0, 0, 1] + [0] * 10
    heading = "四、政府信息公开行政复议、行政诉讼情况"
    text = _replace_once(b.to_flat_text(spec), heading, heading + "2024年，本局收到行政复议申请1件，已审结。")
    result = check_bytes(text.encode(), "page.txt")
    assert result.report.table4.cells == [1, 0, 0, 0, 1] + [0] * 10
