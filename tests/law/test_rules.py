import re
from pathlib import Path

import gongkai.law
import gongkai.reportio
from gongkai.law.rules import RULES, rules_for

RULE_ID = re.compile(r'"((?:T[234]|N|S)-\d\d|PARSE)"')


def _ids_used_in(package) -> set[str]:
    root = Path(package.__file__).parent
    return {m for path in root.rglob("*.py") if path.name != "rules.py" for m in RULE_ID.findall(path.read_text())}


def test_every_rule_the_code_reports_is_in_the_catalogue():
    used = _ids_used_in(gongkai.law) | _ids_used_in(gongkai.reportio)
    assert used, "no rule ids found in the source"
    assert used <= set(RULES)


def test_catalogue_covers_every_rule_of_spec_section_5():
    expected = {f"T3-0{i}" for i in range(1, 9)} | {f"T4-0{i}" for i in range(1, 5)}
    expected |= {f"T2-0{i}" for i in range(1, 4)} | {f"N-0{i}" for i in range(1, 6)} | {f"S-0{i}" for i in range(1, 6)}
    assert expected <= set(RULES)
    assert all(rule.statement and rule.severity in {"E", "W", "E/W"} for rule in RULES.values())


def test_rules_for_keeps_catalogue_order_and_skips_unknown_ids():
    assert [r.id for r in rules_for(["T4-01", "T3-01", "X-99"])] == ["T3-01", "T4-01"]
