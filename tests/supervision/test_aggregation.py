"""aggregate_tables: the cell sums of the subordinates' approved reports (S-05), and who is missing."""

from gongkai.annual.models import AnnualReport
from gongkai.law.validation import validate
from gongkai.supervision.aggregation import aggregate_tables, parts_for

from .conftest import YEAR, annual


def test_sums_approved_reports_and_lists_the_missing(world) -> None:
    t = world.tree
    annual(t.b, new=5)
    annual(world.c, state=AnnualReport.State.PUBLISHED, new=7, fwd=2)
    annual(
        t.a, kind=AnnualReport.Kind.AGGREGATE, new=11
    )  # 甲局 supervises 甲局下属中心: its compiled report counts
    annual(t.a, new=1000)  # … and its own agency report is not added again
    annual(world.other_dept, new=99)  # another county's agency is not ours
    parts = parts_for(t.root, YEAR)
    assert [p.agency_name for p in parts.included] == ["某县丙局", "某县乙局", "某县甲局"]
    assert parts.missing == []

    report = aggregate_tables(t.root, YEAR)
    assert report.agency == t.root.name and report.year == YEAR
    assert report.table3.rows["一"] == [23, 0, 0, 0, 0, 0, 23]
    assert report.table3.rows["四"][6] == 2
    assert report.table4.cells[0] == 3
    assert set(report.compiled_from) == {"某县乙局", "某县丙局", "某县甲局"}
    assert report.agency_level == "county"
    # S-05 holds against the parts; the sum keeps the arithmetic of each part
    findings = validate(report, parts=parts.reports())
    assert not [f for f in findings if f.rule in ("S-05", "T3-01", "T3-02", "T3-03")]


def test_drafts_are_not_counted_and_are_named_missing(world) -> None:
    t = world.tree
    annual(t.b, new=5)
    annual(world.c, state=AnnualReport.State.IN_REVIEW)
    parts = parts_for(t.root, YEAR)
    assert [p.agency_name for p in parts.included] == ["某县乙局"]
    assert [name for _, name in parts.missing] == ["某县丙局", "某县甲局"]
    report = aggregate_tables(t.root, YEAR)
    assert report.table3.rows["一"][6] == 5
    note = [f for f in report.notes if "未计入汇总" in f.message]
    assert note and "某县丙局" in note[0].message and note[0].severity == "W"


def test_the_offices_own_report_counts_when_approved(world) -> None:
    t = world.tree
    annual(t.b, new=5)
    annual(t.root, new=2)
    assert aggregate_tables(t.root, YEAR).table3.rows["一"][6] == 7


def test_nothing_approved_gives_zeros_with_a_note(world) -> None:
    report = aggregate_tables(world.tree.root, YEAR)
    assert report.table3.rows["一"] == [0] * 7
    assert any("尚无下级机关的已审定年度报告" in f.message for f in report.notes)


def test_the_annual_reports_build_reads_the_sum(world) -> None:
    from gongkai.annual.building import build_report
    from gongkai.supervision.actions import BuildAggregate

    t = world.tree
    annual(t.b, new=5)
    annual(world.c, new=7)
    built = BuildAggregate(world.supervisor, t.root, YEAR).execute()
    assert built.kind == AnnualReport.Kind.AGGREGATE and built.sections  # drafted by StartReport
    report = build_report(built)
    assert report.table3.rows["一"][6] == 12 and report.table4.cells[0] == 2
    # the drafted text speaks of the summed figures
    assert "12" in report.section_text("一")

    annual(t.a, kind=AnnualReport.Kind.AGGREGATE, new=3)
    BuildAggregate(world.supervisor, t.root, YEAR, redraft=True).execute()
    built.refresh_from_db()
    assert build_report(built).table3.rows["一"][6] == 15
    assert "15" in built.sections["一"]
