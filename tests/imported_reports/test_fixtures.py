"""The real published reports, imported together, get exactly the findings `gongkai check` gives
the same files checked together (consecutive years of 洪泽 compared in both)."""

from __future__ import annotations

from django.test import TestCase

from gongkai.imported_reports.actions import ImportReports
from gongkai.imported_reports.models import ImportedFile
from gongkai.reportio.checking import check_paths
from tests.conftest import FIXTURES, needs_fixtures

REPORTS = FIXTURES / "reports"
ORIGINALS = ("report.pdf", "report.docx", "page.html", "report.txt")


@needs_fixtures
def test_real_reports_imported_match_gongkai_check(people) -> None:
    paths = sorted(p for d in REPORTS.iterdir() if d.is_dir() for p in d.iterdir() if p.name in ORIGINALS)
    expected = {
        f"{p.parent.name}_{p.name}": r.to_json() for p, r in zip(paths, check_paths(paths), strict=True)
    }
    uploads = [(f"{p.parent.name}_{p.name}", p.read_bytes()) for p in paths]
    with TestCase.captureOnCommitCallbacks(execute=True):
        ImportReports(people.supervisor, people.tree.root, uploads).execute()
    kept = {f.name: f for f in ImportedFile.objects.all()}
    assert set(kept) == set(expected)
    for name, want in expected.items():
        got = kept[name].result
        assert {**got, "file": ""} == {**want, "file": ""}, name
        assert kept[name].error_count == sum(1 for f in want["findings"] if f["severity"] == "E")
    assert {f.kind for f in kept.values()} == {"pdf", "docx", "html", "txt"}
