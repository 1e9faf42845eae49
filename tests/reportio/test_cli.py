"""`gongkai check` per the DESIGN.md contract: human output, --json, exit status 0 / 1 / 2."""

from __future__ import annotations

import json

from gongkai.cli import main
from tests.conftest import FIXTURES, needs_fixtures
from tests.reportio import builders as b

REPORTS = FIXTURES / "reports"


def run(capsys, *args):
    status = main(["check", *map(str, args)])
    out = capsys.readouterr()
    return status, out.out, out.err


@needs_fixtures
def test_clean_report_exits_0_and_lists_what_was_read(capsys) -> None:
    status, out, _ = run(capsys, REPORTS / "001_huaian_2024" / "report.pdf")
    assert status == 0
    assert "淮安市人民政府" in out and "2024" in out and "2021年格式" in out
    assert "表三" in out and "3119" in out and "表四" in out


@needs_fixtures
def test_errors_exit_1_with_rule_severity_message_where(capsys) -> None:
    status, out, _ = run(capsys, REPORTS / "009_jinjiang_xzfwzx_2022" / "report.txt")
    assert status == 1
    assert "[错误] T2-01" in out and "本年度止件数" in out and "位置：" in out


@needs_fixtures
def test_json_contract(capsys) -> None:
    status, out, _ = run(
        capsys,
        "--json",
        REPORTS / "002_hongze_2023" / "report.pdf",
        REPORTS / "010_pingtan_2024" / "page.html",
    )
    data = json.loads(out)
    assert status == 1 and len(data) == 2
    first = data[0]
    assert set(first) >= {"file", "agency", "year", "format", "table2", "table3", "table4", "findings"}
    assert first["format"] == "2019" and len(first["table3"]["rows"]) == 23 and len(first["table4"]) == 15
    assert first["table3"]["columns"][-1] == "总计"
    assert {"rule", "severity", "message", "where"} <= set(first["findings"][0])
    assert (
        data[1]["table2"]["行政事业性收费"]["本年收费金额（单位：万元）"] == "18651.06"
    )  # money: a decimal string


@needs_fixtures
def test_unreadable_input_exits_2(capsys, tmp_path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    status, out, _ = run(capsys, bad, REPORTS / "001_huaian_2024" / "report.pdf")
    assert status == 2 and "无法读取" in out


def test_missing_file_is_a_usage_error(capsys, tmp_path) -> None:
    status, _, err = run(capsys, tmp_path / "nope.txt")
    assert status == 2 and "找不到文件" in err


def test_directory_and_cross_year_t3_05(capsys, tmp_path) -> None:
    y1 = b.make_spec(1, year=2022)
    y2 = b.make_spec(2, year=2023)
    (tmp_path / "a.txt").write_text(b.to_tab_text(y1), encoding="utf-8")
    (tmp_path / "b.txt").write_text(b.to_tab_text(y2), encoding="utf-8")
    status, out, _ = run(capsys, "--json", tmp_path)
    data = {d["year"]: d for d in json.loads(out)}
    assert set(data) == {2022, 2023}
    mismatch = y1.table3["四"] != y2.table3["二"]
    assert mismatch and any(f["rule"] == "T3-05" for f in data[2023]["findings"])
    assert status == 1


def test_a_directory_with_unreadable_and_crashing_files_reports_every_other_file(
    capsys, tmp_path, monkeypatch, caplog
) -> None:
    """One file unreadable, one meeting a bug of ours: both are reported (the bug logged with its
    traceback), the good file is still checked, and the exit status is 2."""
    import gongkai.reportio.checking as checking

    (tmp_path / "a.txt").write_text(b.to_tab_text(b.make_spec(1, year=2022)), encoding="utf-8")
    (tmp_path / "b.docx").write_bytes(b"PK\x03\x04 not a zip")
    (tmp_path / "c.txt").write_text("会引发程序错误的文件", encoding="utf-8")
    real = checking.read_path

    def read_path(p):
        if p.name == "c.txt":
            raise RuntimeError("a bug")
        return real(p)

    monkeypatch.setattr(checking, "read_path", read_path)
    status, out, _ = run(capsys, "--json", tmp_path)
    data = {d["file"].rsplit("/", 1)[-1]: d for d in json.loads(out)}
    assert status == 2 and "Traceback" not in out  # the bug's traceback goes to the log only
    assert data["a.txt"]["year"] == 2022 and data["a.txt"]["error"] is None
    assert "DOCX" in data["b.docx"]["error"]
    assert "意外问题" in data["c.txt"]["error"] and data["c.txt"]["table3"] is None
    assert any(r.exc_info and "a bug" in str(r.exc_info[1]) for r in caplog.records)


def test_json_keys_are_always_present(capsys, tmp_path) -> None:
    (tmp_path / "a.txt").write_text(b.to_tab_text(b.make_spec(1, year=2022)), encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 garbage")
    _, out, _ = run(capsys, "--json", tmp_path)
    keys = {
        "file", "agency", "year", "format", "table2_format", "period", "publication_date", "table2", "table3",
        "table4", "raw", "unreadable", "findings", "error",
    }  # fmt: skip
    assert all(set(d) == keys for d in json.loads(out))
