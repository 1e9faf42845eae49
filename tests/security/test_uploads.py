"""Every upload is judged by its content, never by its name: a file named like an accepted one
that holds a web page or a program is refused with a Chinese message.

Files the system keeps and serves again (attachments, letter templates) must be what their kind
says; files it only reads (reports, tables, CSV) are read by their content and refused when that
is not the format — the readers never trust the extension.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.agencies.models import Role
from tests.agencies.factories import make_tree, make_user

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(range(256)) * 8
DISGUISED = {"html": HTML, "exe": EXE}
disguised = pytest.mark.parametrize("content", DISGUISED.values(), ids=DISGUISED.keys())


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@disguised
def test_catalog_attachment(content):
    from gongkai.catalog import files

    with pytest.raises(ValidationError) as refused:
        files.check_upload("通知.pdf", content)
    assert "不是 PDF、DOCX、OFD 或图片" in refused.value.messages[0]


@disguised
def test_application_attachment_online_and_registered(content):
    from gongkai.applications.forms import AttachmentsField

    with pytest.raises(ValidationError) as refused:
        AttachmentsField().clean([SimpleUploadedFile("身份证.pdf", content, "application/pdf")])
    assert "按文件内容判断" in refused.value.messages[0]


@pytest.fixture
def sysadmin(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tree = make_tree()
    return tree, make_user("sysadmin", (tree.root, Role.SYSADMIN), is_superuser=True, is_staff=True)


@disguised
def test_letter_template(sysadmin, content, settings, tmp_path):
    from gongkai.applications.letters.agency_templates import SaveLetterTemplate
    from gongkai.applications.models import Letter, LetterTemplate

    settings.MEDIA_ROOT = tmp_path
    tree, user = sysadmin
    with pytest.raises(ValidationError) as refused:
        SaveLetterTemplate(user, tree.a, Letter.Kind.values[0], content, "模板.docx").execute()
    assert "模板试填失败，未保存" in refused.value.messages[0]
    assert not LetterTemplate.objects.exists() and not any(tmp_path.rglob("*.docx"))


@disguised
def test_ledger_import(sysadmin, content):
    from gongkai.applications import ledger

    tree, user = sysadmin
    report = ledger.import_ledger(user, tree.a, content, dry_run=False)
    assert report.errors == [(0, "无法读取该文件：请上传 Excel 工作簿（.xlsx）。")]


@disguised
def test_statistics_import(content):
    from gongkai.catalog.statistics_import import StatisticsFileError, parse

    with pytest.raises(StatisticsFileError, match="无法读取该文件"):
        parse(content)


@disguised
@pytest.mark.parametrize("name", ["年报.pdf", "年报.docx"])
def test_report_readers_checker_annual_and_imports(content, name):
    """The public checker (page and API), the previous year's report of an annual report and the
    supervising office's imports all read through gongkai.reportio."""
    from gongkai.reportio import UnreadableReport, read_report

    with pytest.raises(UnreadableReport) as refused:
        read_report(content, name)
    assert chinese(str(refused.value))


@disguised
def test_checker_page_and_api(content, settings):
    settings.GONGKAI_CHECK_RATE_LIMIT = 0
    page = Client().post("/check/", {"file": SimpleUploadedFile("年报.pdf", content), "output": "page"})
    assert page.status_code in (400, 422) and "内容不是 PDF 格式" in page.content.decode()
    api = Client().post("/api/check", {"file": SimpleUploadedFile("年报.pdf", content)})
    assert api.status_code in (400, 422) and "内容不是 PDF 格式" in str(api.json())


@disguised
def test_previous_year_report_form(content):
    from gongkai.annual.forms import PreviousReportForm

    field_clean = PreviousReportForm.clean_file
    holder = type("Holder", (), {"cleaned_data": {"file": SimpleUploadedFile("2024年报.pdf", content)}})()
    with pytest.raises(ValidationError) as refused:
        field_clean(holder)
    assert "无法读取该文件" in refused.value.messages[0] and "不是 PDF" in refused.value.messages[0]


def test_work_calendar_csv_holding_a_program_is_refused():
    from gongkai.workcalendar.forms import ImportForm

    form = ImportForm(
        {"year": 2027, "input_format": "csv", "source": "x"},
        {"csv_file": SimpleUploadedFile("2027.csv", b"\xff\xfe\x00\xd8" + EXE)},
    )
    assert not form.is_valid()
    assert "无法识别 CSV 文件的编码" in str(form.errors)


def test_work_calendar_csv_holding_a_web_page_is_refused():
    from gongkai.law.holiday_notice import ScheduleError, parse_csv
    from gongkai.workcalendar.forms import ImportForm

    form = ImportForm(
        {"year": 2027, "input_format": "csv", "source": "x"},
        {"csv_file": SimpleUploadedFile("2027.csv", HTML)},
    )
    assert form.is_valid()  # text, so it is read — and then refused line by line
    with pytest.raises(ScheduleError, match="第 1 行应为"):
        parse_csv(form.cleaned_data["text"], 2027)


def test_a_kept_upload_is_private_to_the_system(sysadmin, settings, tmp_path):
    """What passes is stored 0600 in 0700 directories (FILE_UPLOAD_PERMISSIONS and friends)."""
    import stat

    from gongkai.applications.letters.agency_templates import SaveLetterTemplate
    from gongkai.applications.letters.render import package_template
    from gongkai.applications.models import Letter

    settings.MEDIA_ROOT = tmp_path / "media"
    tree, user = sysadmin
    kind = Letter.Kind.values[0]
    row = SaveLetterTemplate(user, tree.a, kind, package_template(kind).read_bytes(), "模板.docx").execute()
    path = Path(row.file.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for directory in path.relative_to(settings.MEDIA_ROOT).parents:
        assert stat.S_IMODE((settings.MEDIA_ROOT / directory).stat().st_mode) == 0o700, directory


@disguised
def test_imported_report_is_read_by_content_and_marked_unreadable(db, settings, tmp_path, content):
    """The supervising office's import keeps the file (0600) for the record, but it is read by its
    content: never taken for a PDF, and marked 无法读取 with the reader's Chinese reason."""
    from gongkai.imported_reports.actions import ImportReports
    from gongkai.imported_reports.models import ImportedFile
    from gongkai.imported_reports.tasks import check_imported_file

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tree = make_tree()
    office = make_user("sup", (tree.root, Role.SUPERVISOR))
    batch = ImportReports(office, tree.root, [("甲局2024年报.pdf", content)], queue=False).execute()
    imported = ImportedFile.objects.get(batch=batch)
    check_imported_file.func(imported.pk)
    imported.refresh_from_db()
    assert imported.state == ImportedFile.State.UNREADABLE
    assert "内容不是 PDF 格式" in str(imported.result) + str(imported.findings)
