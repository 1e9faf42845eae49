"""Label normalisation and the run-together splitter (hypothesis properties for the latter)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.formats import FORMAT_2019, FORMAT_2021
from gongkai.reportio.labels import cell_kind, match_table2_column, match_table3
from gongkai.reportio.splitting import table3_row_splits, table4_splits


@pytest.mark.parametrize("row", FORMAT_2021.table3_rows + FORMAT_2019.table3_rows, ids=lambda r: r.key)
def test_every_template_label_matches_its_row(row) -> None:
    m = match_table3(row.label)
    assert m is not None and m.key == row.key and m.exact


@pytest.mark.parametrize(
    ("printed", "key", "exact"),
    [
        ("(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)", "三(二)", True),  # half-width, spaces
        ("（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）", "三(二)", True),  # wrapped cell
        ("1、申请人无正当理由逾期不补\n正、行政机关不再处理其政府信\n息公开申请", "三(六)1", True),  # 1、
        ('３．危及"三安全一稳定"', "三(三)3", True),  # full-width digit, straight quotes
        ("（3）其他", "三(六)3", True),
        ("三、本年度办理结果（一）予以公开", "三(一)", True),  # run into its group heading
        ("2.其他法律行政止公开", "三(三)2", False),  # misprints seen in real reports
        ("2. 其他法律法规禁止公开", "三(三)2", False),
        ("（六）其他处理", "三(六)", True),  # the 2019 single row
    ],
)
def test_printed_variants(printed, key, exact) -> None:
    m = match_table3(printed)
    assert m is not None and (m.key, m.exact) == (key, exact)


def test_unrelated_labels_do_not_match() -> None:
    for text in ("行政许可", "规章", "信息内容", "申请人情况", "第二十条第（一）项"):
        assert match_table3(text) is None


@pytest.mark.parametrize(
    ("printed", "template", "exact"),
    [
        ("本年度止件数", "本年废止件数", False),
        ("本年废纸件数", "本年废止件数", False),
        ("本年收费金额(单位:万元)", "本年收费金额（单位：万元）", True),
    ],
)
def test_table2_headers(printed, template, exact) -> None:
    assert match_table2_column(printed)[0::2] == (template, exact)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("0", "number"),
        ("", "blank"),
        ("/", "blank"),
        ("—", "blank"),
        ("无", "blank"),
        ("１２", "number"),
        ("9116.36", "number"),
        ("合计", "text"),
    ],
)
def test_cell_kinds(text, kind) -> None:
    assert cell_kind(text) == kind


rows = st.lists(st.integers(0, 3000), min_size=6, max_size=6).map(lambda six: [*six, sum(six)])


@given(rows)
def test_true_split_of_a_run_together_row_is_always_found(row) -> None:
    digits = "".join(map(str, row))
    options = table3_row_splits([digits])
    assert row in options
    for o in options:  # every candidate satisfies the row identity and reprints the same digits
        assert o[-1] == sum(o[:-1]) and "".join(map(str, o)) == digits


@given(rows, st.integers(1, 6))
def test_whitespace_kept_in_the_text_is_a_cell_boundary(row, cut) -> None:
    digits = "".join(map(str, row[:cut])), "".join(map(str, row[cut:]))
    options = table3_row_splits(list(digits))
    assert row in options
    for o in options:  # some prefix of the cells prints exactly the text before the space
        assert any("".join(map(str, o[:k])) == digits[0] for k in range(1, 7))


@given(st.lists(st.lists(st.integers(0, 60), min_size=4, max_size=4), min_size=3, max_size=3))
def test_table4_split(groups) -> None:
    cells = [v for g in groups for v in (*g, sum(g))]
    assert cells in table4_splits(["".join(map(str, cells))])
