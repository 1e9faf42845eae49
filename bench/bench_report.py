"""Benchmarks of the report model: validation of one full report, aggregation of 1,000.

BENCH validate_report_ms   validate() of one full 2021 report (175 表三 cells, six sections of
                           realistic text, previous year given): best of many runs.
                           ratio = validate / (to_json + from_json round trip of the same report)
BENCH aggregate_1000_s     aggregate() of 1,000 agencies' reports + validate() of the sum
                           against its parts + validate() of every part.
                           ratio = that / (bare Python loop summing the same 1,000 × 190 cells)
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import best_of, emit  # noqa: E402

from gongkai.law.aggregate import aggregate  # noqa: E402
from gongkai.law.formats import SECTIONS  # noqa: E402
from gongkai.law.outcomes import ApplicantCategory, Outcome, table3_from_outcomes  # noqa: E402
from gongkai.law.report import Report, SectionText, Table4  # noqa: E402
from gongkai.law.validation import validate  # noqa: E402

SEED = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "fixtures"
    / "seed"
    / "jinjiang-xzfwzx-2022.txt"
)
SENTENCES = (
    "本年度全区共收到{n}件申请，及时依法依规办结{d}件，{f}件结转下年度继续办理。"
    "政府信息公开行政复议{r}件，其中结果维持{r}件；行政诉讼0件。全年主动公开政府信息2645条。"
)


def make_report(rng: random.Random, agency: str, year: int = 2024) -> Report:
    apps = [
        (
            rng.choice(list(ApplicantCategory)),
            rng.random() < 0.05,
            rng.choice([None, *Outcome]) if rng.random() < 0.3 else Outcome.GRANT,
        )
        for _ in range(rng.randint(0, 300))
    ]
    finished = [(o, c) for c, _, o in apps if o is not None]
    report = Report.empty(agency, year)
    report.table3 = table3_from_outcomes(
        finished, [c for c, old, _ in apps if old], [c for c, _, o in apps if o is None]
    )
    r = rng.randint(0, 5)
    report.table4 = Table4([r, 0, 0, 0, r] + [0] * 10)
    seed_text = SEED.read_text(encoding="utf-8") if SEED.exists() else "政府信息公开工作稳步推进。" * 80
    n, d, f = report.table3.rows["一"][6], report.table3.rows["三(七)"][6], report.table3.rows["四"][6]
    for i, s in enumerate(SECTIONS):
        report.sections[s.number] = SectionText(s.number, seed_text[i * 700 : i * 700 + 700], s.heading, i)
    report.sections["一"].text += SENTENCES.format(n=n, d=d, f=f, r=r)
    report.sections["六"].text = "本年度未收取信息处理费。"
    return report


def main() -> None:
    rng = random.Random(20241231)
    report = make_report(rng, "某局")
    previous = make_report(rng, "某局", 2023)
    n = 200

    def run_validate():
        for _ in range(n):
            validate(report, previous=previous, own_report=True)

    def run_json():
        for _ in range(n):
            Report.from_json(report.to_json())

    v = best_of(run_validate, 5) / n
    j = best_of(run_json, 5) / n
    emit(
        "validate_report_ms",
        v * 1000,
        "ms",
        ratio=v / j,
        baseline="json_round_trip_same_report",
        findings=len(validate(report, previous=previous, own_report=True)),
        baseline_ms=round(j * 1000, 4),
    )

    parts = [make_report(rng, f"单位{i}") for i in range(1000)]

    def run_aggregate():
        result = aggregate(parts, "某市人民政府")
        validate(result.report, parts=parts)
        for p in parts:
            validate(p)

    def run_bare_sum():
        totals3 = [[0] * 7 for _ in range(25)]
        totals4 = [0] * 15
        for p in parts:
            for acc, row in zip(totals3, p.table3.rows.values(), strict=True):
                for c in range(7):
                    acc[c] += row[c] or 0
            for i, x in enumerate(p.table4.cells):
                totals4[i] += x or 0

    def run_sum_only():
        result = aggregate(parts, "某市人民政府")
        validate(result.report, parts=parts)

    a = best_of(run_aggregate, 3)
    b = best_of(run_bare_sum, 3)
    s = best_of(run_sum_only, 3)
    emit(
        "aggregate_1000_s",
        a,
        "s",
        ratio=a / b,
        baseline="bare_loop_summing_same_cells",
        baseline_s=round(b, 4),
        sum_and_s05_only_s=round(s, 4),  # aggregate + S-05 check, without validating each part
    )


if __name__ == "__main__":
    main()
