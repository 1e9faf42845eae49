"""The outcome taxonomy (spec/domain.md §1.3.1) and the 表三 builder."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.formats import FORMAT_2019, FORMAT_2021, TABLE3_COLUMNS, RowKind
from gongkai.law.outcomes import (
    OUTCOME_BASIS,
    OUTCOME_ROWS,
    ApplicantCategory,
    Outcome,
    outcomes_for_row,
    table3_from_counts,
    table3_from_outcomes,
)
from gongkai.law.report import TOTAL_COLUMN, Report, ReportDataError
from gongkai.law.validation.table3 import t3_01, t3_02, t3_03, t3_04


def test_every_outcome_is_counted_in_one_leaf_row_and_every_leaf_row_has_an_outcome():
    leaves = {r.key for r in FORMAT_2021.table3_rows if r.kind is RowKind.RESULT}
    assert set(OUTCOME_ROWS) == set(Outcome) == set(OUTCOME_BASIS)
    assert set(OUTCOME_ROWS.values()) == leaves
    for key in leaves:
        assert outcomes_for_row(key)


def test_outcomes_map_to_the_2019_single_other_row():
    leaves_2019 = {r.key for r in FORMAT_2019.table3_rows if r.kind is RowKind.RESULT}
    assert {o.row_key_in(FORMAT_2019) for o in Outcome} == leaves_2019
    assert Outcome.OTHER_FEE_UNPAID.row_key_in(FORMAT_2019) == "三(六)"
    assert set(outcomes_for_row("三(六)")) == {
        Outcome.OTHER_NO_CORRECTION,
        Outcome.OTHER_FEE_UNPAID,
        Outcome.OTHER,
    }


def test_spec_mapping_examples_and_verbatim_labels():
    assert Outcome.GRANT_ALREADY_PUBLIC.row_key == Outcome.GRANT.row_key == "三(一)"
    assert Outcome.NOT_OUR_DUTY.row_key == Outcome.NOT_EXIST.row_key == "三(四)1"
    assert Outcome.DENY_3S1S.label == FORMAT_2021.table3_row("三(三)3").full_label
    assert "“三安全一稳定”" in Outcome.DENY_3S1S.label


def test_applicant_categories_are_the_six_applicant_columns():
    assert [c.value for c in ApplicantCategory] == list(TABLE3_COLUMNS[:TOTAL_COLUMN])
    assert [c.column for c in ApplicantCategory] == list(range(TOTAL_COLUMN))


applications = st.lists(
    st.tuples(
        st.sampled_from(list(ApplicantCategory)), st.booleans(), st.none() | st.sampled_from(list(Outcome))
    ),
    max_size=60,
)


@given(applications, st.sampled_from([FORMAT_2021, FORMAT_2019]))
def test_table3_from_any_outcomes_satisfies_t3_01_to_t3_04(apps, fmt):
    # each application: (category, received in an earlier year?, final outcome or None = still open)
    finished = [(o, c) for c, _, o in apps if o is not None]
    carried = [c for c, old, _ in apps if old]
    forward = [c for c, _, o in apps if o is None]
    table = table3_from_outcomes(finished, carried, forward, fmt)
    report = Report(table3=table)
    assert t3_01(report) == t3_02(report) == t3_03(report) == t3_04(report) == []
    assert table.rows["三(七)"][TOTAL_COLUMN] == len(finished)
    assert table.rows["四"][TOTAL_COLUMN] == len(forward)
    assert table.rows["一"][TOTAL_COLUMN] == sum(1 for _, old, _ in apps if not old)
    for outcome, category in finished:
        assert table.rows[outcome.row_key_in(fmt)][category.column] >= 1


def test_contradictory_counts_are_refused_in_chinese():
    with pytest.raises(ReportDataError, match="上年结转"):
        table3_from_counts({}, carried={ApplicantCategory.NATURAL_PERSON: 2})
    with pytest.raises(ReportDataError, match="负"):
        table3_from_counts({(Outcome.GRANT, ApplicantCategory.OTHER): -1})
