"""Benchmark of the supervising office's government-wide report (issue 10 "Performance").

BENCH aggregate_500_s   build + validate + render (JSON and HTML) of the aggregate report of a
                        supervising agency with BENCH_AGGREGATE_AGENCIES (500) subordinates, each
                        holding a year of records and an approved report; best of 3 after a warm
                        run. Build is ``gongkai.annual.building.build_report`` of the kind=aggregate
                        AnnualReport (its tables from ``supervision.aggregation.aggregate_tables``),
                        or ``aggregate_tables`` itself while that is not available (key via=);
                        validate is ``law.validation.validate`` with the 500 parts (S-05).
                        ratio = that / reading the 500 approved snapshots from the database
                        (baseline=read_500_snapshots), same run.
BENCH dashboard_500_s   the supervising office's dashboard rows over the same 500 (status, due
                        dates, each approved report validated against last year's): best of 3.

Setup (not measured), on a temporary SQLite database in a child process: the agencies by
bulk_create; BENCH_AGGREGATE_APPS (100,000) applications of the report year spread over them and a
tenth as many of the year before (INSERT … SELECT of bench_applications.fill_sql), 10 规章/规范性文件
catalog items and 2 复议/诉讼 cases each (bulk_create). Each agency's report is then computed from
those records by the same aggregate queries as a real one (table2_for / table3_for / table4_for)
and stored approved, with the snapshot approval keeps (``AnnualReport.figures``) — the aggregate
sums those 500 snapshots, it never reads the records.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(BENCH), str(ROOT)]

from _common import best_of, emit  # noqa: E402

AGENCIES = int(os.environ.get("BENCH_AGGREGATE_AGENCIES", "500"))
APPS = int(os.environ.get("BENCH_AGGREGATE_APPS", "100000"))
YEAR = 2025


def fill() -> tuple[object, list[int]]:
    from bench_applications import fill_sql
    from django.db import connection, transaction

    from gongkai.agencies.models import Agency
    from gongkai.applications.models import Appeal
    from gongkai.catalog.models import CatalogItem, DocumentKind, State

    with connection.cursor() as cursor:  # a scratch database: no journal while filling
        cursor.execute("PRAGMA journal_mode=OFF")
        cursor.execute("PRAGMA synchronous=OFF")
    with transaction.atomic():
        office = Agency.objects.create(
            code="bench-city",
            name="基准市人民政府",
            level=Agency.Level.PREFECTURE,
            kind=Agency.Kind.GOVERNMENT,
        )
        Agency.objects.bulk_create(
            Agency(
                code=f"bench-{i:04d}", name=f"基准市第{i:04d}局", level=Agency.Level.PREFECTURE, parent=office
            )
            for i in range(AGENCIES)
        )
        ids = list(Agency.objects.filter(parent=office).order_by("pk").values_list("pk", flat=True))
        first = ids[0]
        assert ids == list(range(first, first + AGENCIES)), "agency ids must be contiguous for the fill"
        with connection.cursor() as cursor:
            cursor.execute(
                fill_sql("sqlite", count=APPS, agency=f"{first} + n % {AGENCIES}", year=str(YEAR), prefix="A")
            )
            cursor.execute(
                fill_sql(
                    "sqlite",
                    count=APPS // 10,
                    agency=f"{first} + n % {AGENCIES}",
                    year=str(YEAR - 1),
                    prefix="B",
                )
            )
        kinds = (DocumentKind.RULE, DocumentKind.NORMATIVE)
        CatalogItem.objects.bulk_create(
            (
                CatalogItem(
                    agency_id=agency_id,
                    title=f"关于第{n}项工作的规定",
                    document_kind=kinds[n % 2],
                    issued_on=date(YEAR - n % 3, 1 + n % 12, 1),
                    published_on=date(YEAR - n % 3, 1 + n % 12, 1),
                    repealed_on=date(YEAR, 12, 1) if n == 9 else None,
                    state=State.PUBLISHED,
                )
                for agency_id in ids
                for n in range(10)
            ),
            batch_size=1000,
        )
        Appeal.objects.bulk_create(
            (
                Appeal(agency_id=agency_id, kind=kind, body="某某", filed_on=date(YEAR, 3, 1))
                for agency_id in ids
                for kind in list(Appeal.Kind)[:2]
            ),
            batch_size=1000,
        )
    return office, ids


def approve_all(ids: list[int]) -> None:
    """Each agency's report from its records, stored approved with its snapshot."""
    from django.db import transaction

    from gongkai.agencies.models import Agency
    from gongkai.annual.models import AnnualReport
    from gongkai.applications.figures import table3_for, table4_for
    from gongkai.catalog.figures import table2_for
    from gongkai.law.report import Report

    names = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name"))
    approved = datetime(YEAR + 1, 1, 20, 2, tzinfo=UTC)
    reports = []
    for agency_id in ids:
        report = Report(
            agency=names[agency_id],
            year=YEAR,
            table2=table2_for(agency_id, YEAR),
            table3=table3_for(agency_id, YEAR),
            table4=table4_for(agency_id, YEAR),
            period=(date(YEAR, 1, 1), date(YEAR, 12, 31)),
            agency_level="department",
        )
        for number in "一二三四五六":
            report.set_section(number, f"{names[agency_id]}{YEAR}年度政府信息公开工作稳步推进。" * 5)
        report.set_section("六", "本年度未收取信息处理费。")
        reports.append(
            AnnualReport(
                agency_id=agency_id,
                year=YEAR,
                state=AnnualReport.State.APPROVED,
                figures=report.to_json(),
                approved_at=approved,
                submitted_at=approved,
            )
        )
    with transaction.atomic():
        AnnualReport.objects.bulk_create(reports, batch_size=200)


def run() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.annual.models import AnnualReport
    from gongkai.law.report import Report
    from gongkai.law.validation import validate
    from gongkai.reportio.output import render
    from gongkai.supervision.actions import BuildAggregate
    from gongkai.supervision.aggregation import aggregate_tables, parts_for

    started = time.perf_counter()
    office, ids = fill()
    approve_all(ids)
    setup_s = time.perf_counter() - started
    annual = BuildAggregate(SYSTEM, office, YEAR, reason="基准测试").execute()

    build, via = _builder(annual, aggregate_tables)
    sizes = {}

    def whole():
        report = build()
        parts = parts_for(office, YEAR).reports()
        findings = validate(report, parts=parts)
        sizes["json"] = len(render(report, "json"))
        sizes["html"] = len(render(report, "html"))
        sizes["findings"] = len(findings)
        sizes["parts"] = len(parts)
        sizes["new"] = report.table3.rows["一"][6]

    def read_snapshots():
        rows = AnnualReport.objects.filter(agency_id__in=ids, year=YEAR).values_list("figures", flat=True)
        return [Report.from_json(f) for f in rows]

    from gongkai.supervision.status import status_rows

    whole()  # warm: imports, templates, the database's cache
    total = best_of(whole, 3)
    baseline = best_of(read_snapshots, 3)
    emit(
        "aggregate_500_s",
        total,
        "s",
        ratio=total / baseline,
        baseline="read_500_snapshots",
        baseline_s=round(baseline, 4),
        agencies=sizes["parts"],
        applications=sizes["new"],
        findings=sizes["findings"],
        json_bytes=sizes["json"],
        html_bytes=sizes["html"],
        via=via,
        setup_s=round(setup_s, 1),
    )
    rows = status_rows(office, YEAR, date(YEAR + 1, 2, 1))
    dashboard = best_of(lambda: status_rows(office, YEAR, date(YEAR + 1, 2, 1)), 3)
    emit("dashboard_500_s", dashboard, "s", agencies=len(rows), checked=sum(r.checked for r in rows))


def _builder(annual, aggregate_tables):
    """H1's build_report of the aggregate AnnualReport when it works, else aggregate_tables."""
    try:
        from gongkai.annual.building import build_report

        build_report(annual)
        return (lambda: build_report(annual)), "build_report"
    except Exception as exc:  # not there yet, or not wired to aggregate_tables' Report yet
        print(
            f"# build_report unavailable ({type(exc).__name__}: {exc}); measuring aggregate_tables",
            file=sys.stderr,
        )
        return (lambda: aggregate_tables(annual.agency, annual.year)), "aggregate_tables"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--phase"]:
        run()
        return 0
    from bench_applications import phase_env

    with tempfile.TemporaryDirectory(prefix="bench-aggregate-") as tmp:
        env = phase_env(Path(tmp))
        prof = os.environ.get("BENCH_PROFILE")
        extra = ["-m", "cProfile", "-o", prof] if prof else []
        return subprocess.call([sys.executable, *extra, __file__, "--phase", "run"], env=env, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
