"""Records → the annual report (``gongkai.law.report.Report``): one function for every reader.

``build_report(annual)`` computes the tables from the records — 表二 from the catalog and the
statistics entries, 表三/表四 from the applications and appeals (``kind=agency``), or the cell sums
of the subordinates (``kind=aggregate``, ``gongkai.supervision.aggregation.aggregate_tables``) —
then applies the hand-set cells (``FigureOverride``) and the edited sections (the draft text where
a section was never edited). ``current_report(annual)`` is what a reader of a report sees: the
snapshot taken at approval once the report is approved, else ``build_report``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from gongkai.law.formats import SECTION_NUMBERS, TABLE3_COLUMNS, TABLE4_WIDTH, format_for_year
from gongkai.law.report import Report, ReportDataError, Table2, Table3, Table4, parse_amount, parse_count

from .models import AnnualReport, FigureOverride


def agency_level(annual: AnnualReport) -> str:
    """The S-03 deadline class of the report's agency (one rule: ``deadline_class``)."""
    from gongkai.law.validation.structure import deadline_class

    agency = annual.agency
    return deadline_class(agency.kind == agency.Kind.GOVERNMENT, agency.level)


def record_tables(agency_id: int, year: int) -> tuple[Table2, Table3, Table4]:
    """The three tables from one agency's records (aggregate queries)."""
    from gongkai.applications.figures import table3_for, table4_for
    from gongkai.catalog.figures import table2_for

    fmt = format_for_year(year)
    table2 = table2_for(agency_id, year)
    table3 = table3_for(agency_id, year)
    if table3.format.id is not fmt.id:
        table3 = table3.to_format(fmt)
    return table2, table3, table4_for(agency_id, year)


def computed_tables(annual: AnnualReport) -> Report:
    """The report's figures before overrides, as a Report without text: from the agency's records,
    or for a government-wide report the sum of its subordinates' (with the notes saying whose
    reports are not yet in it)."""
    if annual.kind == AnnualReport.Kind.AGGREGATE:
        from gongkai.supervision.aggregation import aggregate_tables

        return aggregate_tables(annual.agency, annual.year)
    table2, table3, table4 = record_tables(annual.agency_id, annual.year)
    return Report(annual.agency.name, annual.year, table2, table3, table4)


# --- overrides ----------------------------------------------------------------------------------
def parse_override(table: str, row: str, column: str, value: str, table2: Table2 | None = None):
    """A typed override → (row, column as stored in the table, value); ReportDataError (Chinese)
    when the cell does not exist or the value is not a number the cell can hold."""
    if table == "3":
        try:
            index = int(column)
        except ValueError as e:
            raise ReportDataError("表三的列应为序号。") from e
        if not 0 <= index < len(TABLE3_COLUMNS):
            raise ReportDataError("表三没有这一列。")
        number, raw = parse_count(value)
        if number is None:
            raise ReportDataError(f"「{value}」不是非负整数。")
        return row, index, number
    if table == "4":
        try:
            index = int(column)
        except ValueError as e:
            raise ReportDataError("表四的列应为序号。") from e
        if not 0 <= index < TABLE4_WIDTH:
            raise ReportDataError("表四没有这一列。")
        number, raw = parse_count(value)
        if number is None:
            raise ReportDataError(f"「{value}」不是非负整数。")
        return "", index, number
    if table == "2":
        if table2 is not None and (row not in table2.values or column not in table2.values[row]):
            raise ReportDataError("表二没有这一格。")
        if table2 is not None and table2.is_money(row, column):
            amount, raw = parse_amount(value)
            if amount is None or amount < 0:
                raise ReportDataError(f"「{value}」不是以万元计的金额。")
            return row, column, amount
        number, raw = parse_count(value)
        if number is None:
            raise ReportDataError(f"「{value}」不是非负整数。")
        return row, column, number
    raise ReportDataError("只有表二、表三、表四可以调整。")


def apply_overrides(
    tables: tuple[Table2, Table3, Table4], overrides: Iterable[FigureOverride]
) -> tuple[Table2, Table3, Table4]:
    table2, table3, table4 = (t.copy() for t in tables)
    for o in overrides:
        try:
            row, column, value = parse_override(o.table, o.row, o.column, o.value, table2)
        except ReportDataError:
            continue  # a cell the format no longer has (never stored by the action): leave it
        if o.table == "2":
            table2.set(row, column, value)
        elif o.table == "3":
            if row in table3.rows:
                table3.set(row, column, value)
        else:
            table4.set(column, value)
    return table2, table3, table4


# --- the report -----------------------------------------------------------------------------------
def build_report(annual: AnnualReport) -> Report:
    """The report from the records, the overrides and the sections (see the module docstring)."""
    from .drafting import draft_sections

    overrides = annual.overrides.all() if annual.pk else ()
    computed = computed_tables(annual)
    table2, table3, table4 = apply_overrides((computed.table2, computed.table3, computed.table4), overrides)
    year = annual.year
    report = Report(
        agency=annual.agency.name,
        year=year,
        table2=table2,
        table3=table3,
        table4=table4,
        period=(date(year, 1, 1), date(year, 12, 31)),
        agency_level=agency_level(annual),
        publication_date=annual.published_at.date() if annual.published_at else None,
        compiled_from=computed.compiled_from,
        notes=list(computed.notes),
    )
    edited = annual.sections or {}
    missing = [n for n in SECTION_NUMBERS if not (edited.get(n) or "").strip()]
    drafted = draft_sections(annual, report) if missing else {}
    for number in SECTION_NUMBERS:
        text = (edited.get(number) or "").strip() or drafted.get(number, "")
        report.set_section(number, text)
    return report


def current_report(annual: AnnualReport) -> Report:
    """The approved snapshot once there is one, else the report as the records now give it."""
    if annual.is_frozen:
        report = Report.from_json(annual.figures)
        if annual.published_at and report.publication_date is None:
            report.publication_date = annual.published_at.date()
        return report
    return build_report(annual)


def overridden_cells(annual: AnnualReport) -> dict[tuple[str, str, str], FigureOverride]:
    """(table, row, column) → the override, for marking cells 「已调整」."""
    return {(o.table, o.row, o.column): o for o in annual.overrides.select_related("by")}


def money(value) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)
