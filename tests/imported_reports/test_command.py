"""`gongkai import-reports PATH... --office CODE`: folders, files and ZIPs imported for an office;
the checks queued for the workers (a `db_worker` runs them) or run at once with --now."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import TestCase

from gongkai.cli import main
from gongkai.imported_reports.models import ImportBatch, ImportedFile

from .conftest import report_txt, zip_of


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "reports"
    (d / "sub").mkdir(parents=True)
    (d / "甲局2022.txt").write_bytes(report_txt(1, 2022))
    (d / "sub" / "more.zip").write_bytes(zip_of({"乙局2023.txt": report_txt(2, 2023, agency="某县乙局")}))
    (d / "notes.xlsx").write_bytes(b"x")  # not a report: left out
    return d


def test_import_now_checks_in_process_and_again_imports_nothing(people, folder, capsys) -> None:
    assert main(["import-reports", str(folder), "--office", "county", "--now"]) == 0
    out = capsys.readouterr().out
    assert "新导入 2 份" in out and "已核查" in out
    assert set(ImportedFile.objects.values_list("state", flat=True)) == {ImportedFile.State.CHECKED}
    assert ImportedFile.objects.count() == 2 and ImportBatch.objects.count() == 1
    assert ImportBatch.objects.first().history.first().history_change_reason == "命令行导入外部发布的年度报告"
    assert main(["import-reports", str(folder), "--office", "county"]) == 1
    assert "已导入过 2 份" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)  # the worker closes its connections, as a real one does
def test_queued_checks_are_run_by_db_worker(people, folder, settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert main(["import-reports", str(folder), "--office", "county"]) == 0
    assert ImportedFile.objects.filter(state=ImportedFile.State.QUEUED).count() == 2
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
    assert ImportedFile.objects.filter(state=ImportedFile.State.CHECKED).count() == 2


def test_a_big_folder_becomes_several_batches(people, tmp_path, monkeypatch) -> None:
    from gongkai.imported_reports import files

    monkeypatch.setattr(files, "MAX_FILES", 2)
    for i in range(5):
        (tmp_path / f"{i}.txt").write_bytes(report_txt(i + 1, 2022, agency=f"某县{i}局"))
    assert main(["import-reports", str(tmp_path), "--office", "county", "--now"]) == 0
    assert ImportBatch.objects.count() == 3 and ImportedFile.objects.count() == 5


def test_bad_arguments(people, tmp_path, capsys) -> None:
    assert main(["import-reports", str(tmp_path / "nope"), "--office", "county"]) == 2
    assert "找不到文件或目录" in capsys.readouterr().err
    (tmp_path / "a.txt").write_bytes(report_txt(1, 2022))
    assert main(["import-reports", str(tmp_path / "a.txt"), "--office", "nobody"]) == 2
    assert "没有代号为" in capsys.readouterr().err
