"""The report as JSON in the ``gongkai check --json`` contract (gongkai.reportio.contract), with
the findings of its own validation — what a checker would say of the published file."""

from __future__ import annotations

from gongkai.law.report import Report
from gongkai.law.validation import validate
from gongkai.reportio.contract import dumps, report_to_json
from gongkai.reportio.output.layout import as_printed, title


def render_json(report: Report, previous: Report | None = None) -> bytes:
    findings = validate(as_printed(report), previous=previous, own_report=True)
    return (dumps(report_to_json(report, findings, file=title(report))) + "\n").encode("utf-8")
