from gongkai.law.report import Report
from gongkai.supervision.outliers import Subject, other_share, outliers


def report(agency="甲局", year=2025, *, new=10, other=0, carried=0, fwd=0) -> Report:
    r = Report.empty(agency, year)
    rows = r.table3.rows
    for key, n in (
        ("一", new),
        ("二", carried),
        ("三(一)", new + carried - other - fwd),
        ("三(六)3", other),
        ("三(七)", new + carried - fwd),
        ("四", fwd),
    ):
        rows[key][0] = rows[key][6] = n
    return r


def test_overdue_high_other_share_and_carry_over_breaks() -> None:
    found = outliers(
        [
            Subject("甲局", overdue=True),
            Subject("乙局", report=report("乙局", other=5)),
            Subject("丙局", report=report("丙局", carried=3), previous=report("丙局", 2024, fwd=1)),
            Subject("丁局", report=report("丁局", carried=1), previous=report("丁局", 2024, fwd=1)),
        ]
    )
    by = {(o.agency, o.rule) for o in found}
    assert ("甲局", "逾期") in by
    assert ("乙局", "T3-06") in by
    assert ("丙局", "T3-05") in by
    assert not [o for o in found if o.agency == "丁局"]
    assert other_share(report(other=5)) == 0.5
    assert other_share(report(new=0)) is None
