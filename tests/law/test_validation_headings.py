"""S-01 on section headings: a reworded second half of 「五、存在的主要问题及改进情况」 is a warning, a
misprinted subject stays an error."""

from __future__ import annotations

import pytest

from gongkai.law.formats import SECTIONS
from gongkai.law.report import Report, SectionText
from gongkai.law.validation import validate


def _report(number: str, heading: str) -> Report:
    report = Report.empty("某机关", 2023)
    for i, s in enumerate(SECTIONS):
        report.sections[s.number] = SectionText(s.number, "本机关全年未收取信息处理费。" * 2, s.heading, i)
    report.sections[number].heading = heading
    return report


def _s01(report: Report) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in validate(report) if f.rule == "S-01"]


@pytest.mark.parametrize(
    "heading", ["五、存在的主要问题及明年工作计划", "五、存在的主要问题及下一步工作打算"]
)
def test_reworded_plan_half_of_section_five_is_a_warning(heading: str) -> None:
    ((severity, message),) = _s01(_report("五", heading))
    assert severity == "W" and heading in message


@pytest.mark.parametrize(
    ("number", "heading"),
    [
        ("五", "五、存在的问题及改进情况"),  # the subject itself changed
        ("五", "五、存在的主要问题及"),  # nothing after 「及」: cut off, not reworded
        ("四", "四、政府信息公开行政法复议、行政诉讼情况"),
    ],
)
def test_misprinted_subject_stays_an_error(number: str, heading: str) -> None:
    assert [s for s, _ in _s01(_report(number, heading))] == ["E"]


def test_template_headings_are_clean() -> None:
    assert _s01(_report("五", "五、存在的主要问题及改进情况")) == []
