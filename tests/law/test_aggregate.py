"""Aggregation of agencies' reports into one compiled report, and S-05 against its parts."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.aggregate import aggregate
from gongkai.law.formats import FORMAT_2019, FORMAT_2021
from gongkai.law.outcomes import ApplicantCategory, Outcome, table3_from_outcomes
from gongkai.law.report import Report, ReportDataError, SectionText, Table4
from gongkai.law.validation import validate

applications = st.lists(
    st.tuples(
        st.sampled_from(list(ApplicantCategory)), st.booleans(), st.none() | st.sampled_from(list(Outcome))
    ),
    max_size=20,
)


def _part(name, apps, fmt=FORMAT_2021, table4=None, year=2023):
    report = Report.empty(name, year, fmt)
    finished = [(o, c) for c, _, o in apps if o is not None]
    report.table3 = table3_from_outcomes(
        finished, [c for c, o_, _ in apps if o_], [c for c, _, o in apps if o is None], fmt
    )
    if table4 is not None:
        report.table4 = Table4(table4)
    report.sections["五"] = SectionText("五", f"{name}的问题与改进")
    return report


@given(st.lists(applications, min_size=1, max_size=5))
def test_sum_of_valid_parts_is_valid_and_matches_them(all_apps):
    parts = [_part(f"单位{i}", apps) for i, apps in enumerate(all_apps)]
    result = aggregate(parts, "某县人民政府")
    report = result.report
    for key in report.table3.keys:
        for c in range(7):
            assert report.table3.rows[key][c] == sum(p.table3.rows[key][c] for p in parts)
    found = validate(report, parts=parts)
    assert not [f for f in found if f.rule in ("T3-01", "T3-02", "T3-03", "T3-04", "T4-01", "S-05")]
    assert report.compiled_from == tuple(p.agency for p in parts)
    assert result.narratives["单位0"]["五"] == "单位0的问题与改进"


def test_s05_flags_a_compiled_cell_that_is_not_the_sum():
    parts = [
        _part(
            "甲局",
            [(ApplicantCategory.NATURAL_PERSON, False, Outcome.GRANT)],
            table4=[1, 0, 0, 0, 1] + [0] * 10,
        ),
        _part("乙局", [(ApplicantCategory.COMMERCIAL, False, Outcome.NOT_EXIST)]),
    ]
    report = aggregate(parts, "某县人民政府").report
    assert not [f for f in validate(report, parts=parts) if f.rule == "S-05"]
    report.table3.set("三(四)1", 1, 2)
    report.table4.cells[0] = 3
    found = [f for f in validate(report, parts=parts) if f.rule == "S-05"]
    assert {f.where for f in found} == {
        "表三 三(四)1「（四）无法提供1.本机关不掌握相关政府信息」·商业企业",
        "表四 行政复议·结果维持",
    }
    assert all(f.severity == "W" for f in found)


def test_mixed_formats_are_summed_in_the_2019_rows_with_a_note():
    parts = [
        _part("甲局", [(ApplicantCategory.NATURAL_PERSON, False, Outcome.OTHER_FEE_UNPAID)]),
        _part("乙局", [(ApplicantCategory.NATURAL_PERSON, False, Outcome.OTHER)], FORMAT_2019),
    ]
    result = aggregate(parts, "某县人民政府")
    assert result.report.table3.format is FORMAT_2019
    assert result.report.table3.rows["三(六)"][6] == 2
    assert any("2019年试行格式" in n.message for n in result.report.notes)
    s05 = [f for f in validate(result.report, parts=parts) if f.rule == "S-05"]
    assert [f.where for f in s05] == ["表二"]  # 乙局's 2019 表二 cannot be added label by label


def test_blank_cells_of_parts_are_counted_as_zero_and_noted():
    a = _part("甲局", [(ApplicantCategory.NATURAL_PERSON, False, Outcome.GRANT)])
    a.table3.set("三(五)1", 0, None, "/")
    report = aggregate([a, _part("乙局", [])], "某县人民政府").report
    assert report.table3.rows["三(五)1"][0] == 0
    assert any("空白" in n.message for n in report.notes)


def test_aggregate_refuses_nothing_or_mixed_years():
    with pytest.raises(ReportDataError):
        aggregate([], "某县")
    with pytest.raises(ReportDataError, match="年度"):
        aggregate([_part("甲", [], year=2022), _part("乙", [], year=2023)], "某县")
