"""Importing reports published outside the system: files and ZIPs kept once per office, each
checked in the background as `gongkai check` checks it, consecutive years compared (T3-05)."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from gongkai.agencies.permissions import SYSTEM
from gongkai.imported_reports import files
from gongkai.imported_reports.actions import ImportReports
from gongkai.imported_reports.models import ImportBatch, ImportedFile
from gongkai.imported_reports.summary import rows_for
from gongkai.reportio.checking import check_bytes, check_paths
from tests.reportio import builders as b

from .conftest import Utf8NoFlagName, report_txt, zip_of


def imported(people, uploads, actor=None, office=None):
    with TestCase.captureOnCommitCallbacks(execute=True):  # the queued checks run (immediate backend)
        return ImportReports(actor or people.supervisor, office or people.tree.root, uploads).execute()


def test_each_file_is_checked_kept_0600_and_matches_gongkai_check(people, tmp_path) -> None:
    data = report_txt(1, 2022)
    batch = imported(people, [("甲局2022.txt", data)])
    f = batch.files.get()
    assert f.state == ImportedFile.State.CHECKED and f.year == 2022 and f.agency_name == "某某市某某局"
    assert f.kind == "txt" and f.format == "2021"
    assert f.result == check_bytes(data, "甲局2022.txt").to_json()  # the `gongkai check --json` object
    kept = Path(settings.MEDIA_ROOT) / f.stored
    assert kept.read_bytes() == data and stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert batch.history.get().history_user == people.supervisor
    assert f.history.count() == 2  # imported, then checked


def test_reimporting_the_same_file_does_not_duplicate_it(people) -> None:
    data = report_txt(1, 2022)
    imported(people, [("a.txt", data)])
    again = imported(people, [("renamed.txt", data), ("copy.txt", data)])
    assert ImportedFile.objects.count() == 1
    assert again.files.count() == 0 and again.duplicates == ["renamed.txt", "copy.txt"]
    # another office keeps its own copy
    imported(people, [("a.txt", data)], actor=people.other_supervisor, office=people.tree.b)
    assert ImportedFile.objects.count() == 2


def test_two_years_of_one_agency_are_compared_t3_05(people) -> None:
    y1, y2 = b.make_spec(1, year=2022), b.make_spec(2, year=2023)
    assert y1.table3["四"] != y2.table3["二"]
    texts = {"2023.txt": b.to_tab_text(y2).encode(), "2022.txt": b.to_tab_text(y1).encode()}
    expected = {r.file: r.to_json()["findings"] for r in _check_paths_named(texts)}
    # imported one by one, the later year first: the earlier one arriving re-checks the later
    for name, data in texts.items():
        imported(people, [(name, data)])
    later = ImportedFile.objects.get(year=2023)
    assert any(f["rule"] == "T3-05" for f in later.findings)
    assert later.findings == expected["2023.txt"]
    assert ImportedFile.objects.get(year=2022).findings == expected["2022.txt"]


def _check_paths_named(texts):
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, data in texts.items():
            (Path(tmp) / name).write_bytes(data)
            paths.append(Path(tmp) / name)
        results = check_paths(paths)
    for r in results:
        r.file = Path(r.file).name
    return results


def test_unreadable_files_get_a_chinese_finding_and_the_batch_goes_on(people) -> None:
    batch = imported(
        people,
        [
            ("坏.pdf", b"%PDF-1.4 garbage"),
            ("坏.docx", b"PK\x03\x04 not a zip"),
            ("好.txt", report_txt(1, 2022)),
        ],
    )
    states = {f.name: f for f in batch.files.all()}
    assert states["坏.pdf"].state == states["坏.docx"].state == ImportedFile.State.UNREADABLE
    assert "PDF" in states["坏.pdf"].error_text and states["好.txt"].state == ImportedFile.State.CHECKED


def test_a_bug_while_checking_is_recorded_not_raised(people, monkeypatch) -> None:
    import gongkai.imported_reports.checking as checking

    monkeypatch.setattr(checking, "check_bytes", lambda *a, **k: 1 / 0)
    f = imported(people, [("a.txt", report_txt(1, 2022))]).files.get()
    assert f.state == ImportedFile.State.UNREADABLE and "意外问题" in f.error_text


def test_zip_members_are_taken_with_gbk_names_and_others_skipped(people) -> None:
    data = zip_of(
        {
            "报告/甲局2022年报.txt": report_txt(1, 2022),
            "说明.xlsx": b"x",
            "乙局.html": b.to_html(b.make_spec(3)),
        },
        utf8_names=False,
    )
    batch = imported(people, [("全省.zip", data)])
    assert sorted(batch.files.values_list("name", flat=True)) == ["乙局.html", "甲局2022年报.txt"]
    assert batch.skipped == ["全省.zip/说明.xlsx：不是 TXT、HTML、DOCX 或 PDF 文件"]
    utf8 = imported(people, [("u.zip", zip_of({"丙局.txt": report_txt(4, 2021)}))])
    assert utf8.files.get().name == "丙局.txt"
    unflagged = zip_of({"丁局年报.txt": report_txt(7, 2021)}, utf8_names=False, name_class=Utf8NoFlagName)
    assert imported(people, [("linux.zip", unflagged)]).files.get().name == "丁局年报.txt"


def test_zip_bombs_and_limits_are_refused_in_chinese(people, monkeypatch) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.txt", b"0" * (5 * 2**20))
    with pytest.raises(ValidationError, match="压缩炸弹"):
        imported(people, [("bomb.zip", bomb.getvalue())])
    monkeypatch.setattr(files, "MAX_ZIP_MEMBERS", 2)
    with pytest.raises(ValidationError, match="文件过多"):
        imported(people, [("many.zip", zip_of({f"{i}.txt": b"x" for i in range(3)}))])
    monkeypatch.setattr(files, "MAX_FILES", 1)
    with pytest.raises(ValidationError, match="一次最多导入 1 份"):
        imported(people, [("a.txt", b"a"), ("b.txt", b"b")])
    monkeypatch.setattr(files, "MAX_TOTAL_BYTES", 10)
    with pytest.raises(ValidationError, match="合计不能超过"):
        imported(people, [("a.txt", b"a" * 11)])
    with pytest.raises(ValidationError, match="没有可导入"):
        imported(people, [("a.xlsx", b"x")])
    with pytest.raises(ValidationError, match="ZIP"):
        imported(people, [("broken.zip", b"PK\x03\x04 nope")])
    assert not ImportBatch.objects.exists() and not ImportedFile.objects.exists()


def test_only_supervisors_import(people) -> None:
    with pytest.raises(PermissionDenied):
        imported(people, [("a.txt", report_txt(1, 2022))], actor=people.clerk, office=people.tree.a)
    with pytest.raises(PermissionDenied):  # office B's person cannot import for the county
        imported(people, [("a.txt", report_txt(1, 2022))], actor=people.other_supervisor)
    assert imported(people, [("a.txt", report_txt(1, 2022))], actor=SYSTEM).created_by is None


def test_rows_for_the_supervision_dashboard(people) -> None:
    imported(people, [("a.txt", report_txt(1, 2022)), ("x.txt", report_txt(5, 2022, agency="某县丁局"))])
    imported(people, [("mine.txt", report_txt(6, 2022))], actor=people.other_supervisor, office=people.tree.b)
    rows = rows_for(people.tree.root, 2022)
    assert [r.agency for r in rows] == ["某县丁局", "某某市某某局"]
    row = rows[1]
    assert row.source == "外部发布" and row.year == 2022 and row.file_name == "a.txt"
    assert row.errors == sum(row.errors_by_rule.values()) and row.warnings == sum(
        row.warnings_by_rule.values()
    )
    assert set(row.table3["rows"]) >= {"一", "二", "四"} and row.url.startswith("/staff/imports/files/")
    assert rows_for(people.tree.root, 2021) == []


def test_the_database_backend_queues_one_task_per_file(people, settings) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    imported(people, [("a.txt", report_txt(1, 2022)), ("b.txt", report_txt(2, 2023))])
    queued = DBTaskResult.objects.all()
    assert queued.count() == 2
    assert {q.task_path for q in queued} == {"gongkai.imported_reports.tasks.check_imported_file"}
    assert ImportedFile.objects.filter(state=ImportedFile.State.QUEUED).count() == 2
