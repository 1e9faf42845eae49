"""``gongkai report``: the seed agency's 2022 report from the demo records reproduces the seed
report's tables and section 一(二) figures, states the fee situation in section 六, and flags
nothing the records do not imply; bad input is a Chinese error with exit status 2."""

from __future__ import annotations

import json
import re

import pytest

from gongkai.agencies.demo import load_demo
from gongkai.cli import main
from gongkai.law.narrative import fee_statement
from gongkai.reportio import read_report
from gongkai.reportio.checking import check_bytes
from tests.catalog.test_demo_catalog import seed_section_1_2

pytestmark = pytest.mark.django_db
SEED_NAME = "晋江市行政服务中心管理委员会"


@pytest.fixture
def demo(db):
    return load_demo()


def run_json(capsysbinary, *args) -> dict:
    assert main(["report", *args, "--format", "json"]) == 0
    return json.loads(capsysbinary.readouterr().out.decode("utf-8"))


def test_seed_report_from_records(demo, fixtures_dir, capsysbinary):
    path = fixtures_dir / "seed" / "jinjiang-xzfwzx-2022.txt"
    seed = read_report(path.read_bytes(), path.name)
    out = run_json(capsysbinary, "--agency", SEED_NAME, "--year", "2022")
    assert out["agency"] == SEED_NAME and out["year"] == 2022 and out["format"] == "2021"
    # the tables exactly, under the official 2021 header 本年废止件数 (the seed misprints it)
    assert "本年废止件数" in out["table2"]["规章"]
    checked = check_bytes(
        path.read_bytes(), path.name
    ).to_json()  # the seed as `gongkai check --json` reads it
    for table in ("table2", "table3", "table4"):
        assert out[table] == checked[table]
    assert out["table3"]["rows"] == seed.table3.rows
    # nothing flagged: the records are consistent and section 六 states the fee situation
    assert out["findings"] == []
    by_code = run_json(capsysbinary, "--agency", "jinjiang-xzfwzx", "--year", "2022")
    assert by_code["table3"] == out["table3"]


def test_seed_report_text(demo, fixtures_dir, capsysbinary):
    path = fixtures_dir / "seed" / "jinjiang-xzfwzx-2022.txt"
    seed = read_report(path.read_bytes(), path.name)
    assert main(["report", "--agency", "jinjiang-xzfwzx", "--year", "2022", "--format", "txt"]) == 0
    text = capsysbinary.readouterr().out.decode("utf-8")
    mine = read_report(text.encode("utf-8"), "mine.txt")
    section_1 = re.sub(r"\s+", "", mine.section_text("一"))
    assert seed_section_1_2(section_1) == seed_section_1_2(re.sub(r"\s+", "", seed.section_text("一")))
    statement = fee_statement(mine.section_text("六"))
    assert statement is not None and statement.amount == 0
    assert fee_statement(seed.section_text("六")) is None  # the seed's 「无」 said nothing on fees


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agency", "不存在的机关", "--year", "2022", "--format", "json"], "没有找到机关"),
        (["--agency", "jinjiang-xzfwzx", "--year", "22", "--format", "json"], "四位年份"),
        (["--agency", "jinjiang-xzfwzx", "--year", "2022", "--format", "docx"], "-o"),
    ],
)
def test_bad_input_exits_2_in_chinese(demo, capsys, args, message):
    assert main(["report", *args]) == 2
    assert message in capsys.readouterr().err


def test_binary_formats_to_a_file(demo, tmp_path, capsys):
    target = tmp_path / "年报.docx"
    assert (
        main(
            ["report", "--agency", "jinjiang-xzfwzx", "--year", "2022", "--format", "docx", "-o", str(target)]
        )
        == 0
    )
    assert target.read_bytes()[:2] == b"PK"
