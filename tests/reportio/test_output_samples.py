"""Reports the output tests render: a clean 2021-format report with every part, and helpers to
turn a PDF page into pixels and text with poppler's tools (skipped where they are missing)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from gongkai.law.formats import FORMAT_2021, SECTIONS
from gongkai.law.outcomes import ApplicantCategory, Outcome
from gongkai.law.report import Report, SectionText, Table2, Table4
from tests.law.test_validation import _table3


def sample_report(agency: str = "某某市某某局", year: int = 2023) -> Report:
    apps = [(ApplicantCategory.NATURAL_PERSON, False, Outcome.GRANT)] * 3 + [
        (ApplicantCategory.COMMERCIAL, True, Outcome.PARTIAL),
        (ApplicantCategory.LEGAL_SERVICE, False, None),
    ]
    table2 = Table2.zeros(FORMAT_2021)
    table2.set("规章", "本年制发件数", 2)
    report = Report(agency, year, table2, _table3(apps), Table4([1, 0, 0, 1, 2] + [0] * 10))
    for s in SECTIONS:
        if s.number in ("一", "五", "六"):
            report.sections[s.number] = SectionText(
                s.number, f"本机关{year}年依法做好{s.title}工作，未收取信息处理费。"
            )
    return report


def need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.skip(f"没有 {tool}（CI 安装 poppler-utils、libreoffice-writer-nogui）")
    return path


def page_pixels(pdf: Path, page: int = 1) -> bytes:
    """Page ``page`` as a grey bitmap (PGM bytes), at a resolution where glyphs differ."""
    return subprocess.run(
        [need("pdftoppm"), "-r", "40", "-gray", "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        [need("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, timeout=120
    ).stdout.decode("utf-8")
