"""`gongkai check --jobs N`: the same bytes on stdout and the same exit status as one process,
files in the same order, and consecutive years still compared (T3-05) across worker processes."""

from __future__ import annotations

import json
import shutil

import pytest

from gongkai.cli import main
from gongkai.reportio.checking import check_paths, default_jobs
from tests.conftest import FIXTURES
from tests.reportio import builders as b

REPORTS = FIXTURES / "reports"


def run(capsys, *args):
    status = main(["check", *map(str, args)])
    out = capsys.readouterr()
    return status, out.out, out.err


@pytest.fixture
def folder(tmp_path):
    """Generated reports of two consecutive years of one agency (T3-05 fires), an unreadable
    file, and — when the shared fixtures are here — the real reports in every format."""
    (tmp_path / "a_2022.txt").write_text(b.to_tab_text(b.make_spec(1, year=2022)), encoding="utf-8")
    (tmp_path / "z_2023.html").write_bytes(b.to_html(b.make_spec(2, year=2023)))
    (tmp_path / "m_broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    for i in range(3):
        (tmp_path / f"gen{i}.docx").write_bytes(b.to_docx(b.make_spec(10 + i, year=2020 + i)))
    if REPORTS.is_dir():
        for d in sorted(REPORTS.iterdir()):
            for f in d.glob("*"):
                if f.name in ("report.pdf", "report.docx", "page.html", "report.txt"):
                    shutil.copy(f, tmp_path / f"{d.name}_{f.name}")
    return tmp_path


@pytest.mark.parametrize("fmt", [(), ("--json",)], ids=["text", "json"])
def test_jobs_output_is_byte_identical_to_one_process(capsys, folder, fmt) -> None:
    one = run(capsys, *fmt, "--jobs", "1", folder)
    two = run(capsys, *fmt, "--jobs", "2", folder)
    three = run(capsys, *fmt, "-j", "3", folder)
    assert one[0] == two[0] == three[0] == 2  # the broken file
    assert one[1] == two[1] == three[1]


def test_parallel_keeps_order_and_pairs_previous_years(capsys, folder) -> None:
    status, out, _ = run(capsys, "--json", "--jobs", "2", folder)
    data = json.loads(out)
    assert [d["file"] for d in data] == sorted(d["file"] for d in data)
    by_name = {d["file"].rsplit("/", 1)[-1]: d for d in data}
    assert any(f["rule"] == "T3-05" for f in by_name["z_2023.html"]["findings"])
    assert by_name["m_broken.docx"]["error"]


def test_default_is_every_core_and_bad_counts_are_refused(capsys, folder) -> None:
    assert default_jobs() >= 1
    status, out, _ = run(capsys, "--json", folder)  # default jobs: same as --jobs 1
    assert out == run(capsys, "--json", "--jobs", "1", folder)[1]
    for bad in ("0", "-1"):
        status, _, err = run(capsys, "--jobs", bad, folder)
        assert status == 2 and "进程数（--jobs）应为正整数" in err
    status, _, err = run_exit(capsys, "--jobs", "many", folder)
    assert status == 2 and "不是整数" in err


def run_exit(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        main(["check", *map(str, args)])
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def test_check_paths_with_jobs_equals_serial(folder) -> None:
    paths = sorted(folder.iterdir())
    serial = check_paths(paths)
    parallel = check_paths(paths, jobs=2)
    assert [r.to_json() for r in parallel] == [r.to_json() for r in serial]


def test_a_bug_in_a_worker_is_logged_by_the_parent_with_its_traceback(monkeypatch, caplog, folder) -> None:
    import gongkai.reportio.checking as checking

    real = checking.read_path

    def read_path(p):
        if p.name == "a_2022.txt":
            raise RuntimeError("a bug")
        return real(p)

    monkeypatch.setattr(checking, "read_path", read_path)
    results = {r.file.rsplit("/", 1)[-1]: r for r in check_paths(sorted(folder.iterdir()), jobs=2)}
    assert "意外问题" in results["a_2022.txt"].error and results["z_2023.html"].error is None
    logged = [r for r in caplog.records if r.exc_info and "a bug" in str(r.exc_info[1])]
    assert logged and "read_path" in caplog.text  # the worker's frames, in the parent's log


def test_a_worker_that_dies_costs_only_its_file(monkeypatch, folder) -> None:
    """A native crash (here: the process exits) breaks the pool; the rest are read one by one and
    only the file that kills its process again is reported, in Chinese."""
    import os

    import gongkai.reportio.checking as checking

    real = checking.read_path

    def read_path(p):
        if p.name == "a_2022.txt":
            os._exit(1)
        return real(p)

    monkeypatch.setattr(checking, "read_path", read_path)
    paths = sorted(folder.iterdir())
    results = {r.file.rsplit("/", 1)[-1]: r for r in check_paths(paths, jobs=2)}
    assert len(results) == len(paths)
    assert "进程意外退出" in results["a_2022.txt"].error
    assert results["z_2023.html"].error is None and results["z_2023.html"].report is not None
