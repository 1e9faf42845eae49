"""/staff/imports/: upload, batches with progress, file findings with tables, province table and
XLSX; only 主管部门 people, each office seeing its own imports."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.imported_reports.models import ImportBatch, ImportedFile
from tests.reportio import builders as b

from .conftest import report_txt, zip_of


def login(client, user):
    client.force_login(user)
    return client


def upload(client, people, *named, office=None):
    payload = {
        "office": (office or people.tree.root).pk,
        "files": [SimpleUploadedFile(name, data) for name, data in named],
        "label": "第一批",
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("imported_reports:index"), payload)


@pytest.fixture
def two_years(client, people):
    login(client, people.supervisor)
    y1, y2 = b.make_spec(1, year=2022), b.make_spec(2, year=2023)
    response = upload(
        client,
        people,
        ("2022.txt", b.to_tab_text(y1).encode()),
        ("reports.zip", zip_of({"2023.html": b.to_html(y2), "bad.pdf": b"%PDF-1.4 garbage"})),
    )
    assert response.status_code == 302 and response["Location"] == reverse("imported_reports:index")
    return ImportBatch.objects.get()


def test_upload_list_batch_and_status(client, people, two_years) -> None:
    page = client.get(reverse("imported_reports:index"))
    assert (
        page.status_code == 200 and "<progress" in page.content.decode() and "第一批" in page.content.decode()
    )
    detail = client.get(reverse("imported_reports:batch", args=[two_years.pk])).content.decode()
    assert (
        "2023.html" in detail
        and "无法读取" in detail
        and "T3-05×" in detail
        and 'http-equiv="refresh"' not in detail
    )
    status = client.get(reverse("imported_reports:batch_status", args=[two_years.pk])).json()
    assert status == {"total": 3, "done": 3, "finished": True}
    scripts = re.findall(r"<script[^>]*>", page.content.decode() + detail)
    assert scripts and all(" src=" in s for s in scripts)  # a static poll, no inline script


def test_a_queued_batch_refreshes_its_progress(client, people, two_years) -> None:
    ImportedFile.objects.filter(name="2023.html").update(state=ImportedFile.State.QUEUED)
    detail = client.get(reverse("imported_reports:batch", args=[two_years.pk])).content.decode()
    assert 'http-equiv="refresh"' in detail and 'value="2" max="3"' in detail and "progress.js" in detail
    assert client.get("/static/imported_reports/progress.js").status_code == 200
    assert (
        client.get(reverse("imported_reports:batch_status", args=[two_years.pk])).json()["finished"] is False
    )


def test_file_page_shows_findings_tables_and_years(client, people, two_years) -> None:
    later = ImportedFile.objects.get(year=2023)
    html = client.get(reverse("imported_reports:file", args=[later.pk])).content.decode()
    assert "T3-05" in html and "表三 收到和处理政府信息公开申请情况" in html
    assert "表三逐年对比" in html and "2022" in html and html.count("四、结转下年度继续办理") >= 2
    earlier = ImportedFile.objects.get(year=2022)
    carried_2022 = earlier.result["table3"]["rows"]["四"][6]
    assert f"<td>{carried_2022}</td>" in html
    bad = ImportedFile.objects.get(name="bad.pdf")
    assert "PDF" in client.get(reverse("imported_reports:file", args=[bad.pk])).content.decode()


def test_province_table_and_xlsx(client, people, two_years) -> None:
    html = client.get(reverse("imported_reports:province", args=[2023])).content.decode()
    assert "某某市某某局" in html and "2023.html" in html and "T3-05" in html
    response = client.get(reverse("imported_reports:province_xlsx", args=[2023]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "机关（报告所载）" and rows[1][0] == "某某市某某局" and rows[1][1] == "2023.html"
    later = ImportedFile.objects.get(year=2023)
    assert rows[1][3] == later.error_count and rows[1][-2] is not None  # last year's new requests
    assert client.get(reverse("imported_reports:province", args=[1900])).status_code == 404


def test_plain_clerk_gets_403(client, people) -> None:
    login(client, people.clerk)
    assert client.get(reverse("imported_reports:index")).status_code == 403
    assert client.get(reverse("imported_reports:province", args=[2023])).status_code == 403


def test_other_offices_cannot_see_the_imports(client, people, two_years) -> None:
    f = ImportedFile.objects.get(year=2023)
    client.logout()
    login(client, people.other_supervisor)
    assert client.get(reverse("imported_reports:batch", args=[two_years.pk])).status_code == 404
    assert client.get(reverse("imported_reports:file", args=[f.pk])).status_code == 404
    assert client.get(reverse("imported_reports:batch_status", args=[two_years.pk])).status_code == 404
    listing = client.get(reverse("imported_reports:index")).content.decode()
    assert "第一批" not in listing
    assert (
        "某某市某某局" not in client.get(reverse("imported_reports:province", args=[2023])).content.decode()
    )
    # nor import into an office that is not theirs
    response = upload(client, people, ("a.txt", report_txt(1, 2022)))
    assert response.status_code == 400 and ImportBatch.objects.count() == 1


def test_bad_uploads_get_chinese_errors(client, people, settings) -> None:
    login(client, people.supervisor)
    response = upload(client, people, ("a.xlsx", b"x"))
    assert response.status_code == 409 and "没有可导入的年度报告文件" in response.content.decode()
    response = client.post(reverse("imported_reports:index"), {"office": people.tree.root.pk})
    assert response.status_code == 400 and "请选择要导入" in response.content.decode()


def test_names_in_reports_are_escaped(client, people) -> None:
    login(client, people.supervisor)
    upload(client, people, ("<b>x</b>.txt", report_txt(1, 2022, agency="<script>某局</script>")))
    f = ImportedFile.objects.get()
    for url in (
        reverse("imported_reports:file", args=[f.pk]),
        reverse("imported_reports:batch", args=[f.batch_id]),
        reverse("imported_reports:province", args=[2022]),
    ):
        html = client.get(url).content.decode()
        assert "<script>某局" not in html and "<b>x</b>" not in html


def test_a_folder_upload_takes_its_reports_and_limits_are_checked_before_reading(
    client, people, monkeypatch
) -> None:
    from gongkai.imported_reports import files

    login(client, people.supervisor)
    form = client.get(reverse("imported_reports:index")).content.decode()
    assert "webkitdirectory" in form and "multiple" in form
    payload = {
        "office": people.tree.root.pk,
        "folder": [
            SimpleUploadedFile("甲局2022.txt", report_txt(1, 2022)),
            SimpleUploadedFile("Thumbs.db", b"x"),
        ],
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(reverse("imported_reports:index"), payload).status_code == 302
    assert list(ImportedFile.objects.values_list("name", flat=True)) == ["甲局2022.txt"]
    monkeypatch.setattr(files, "MAX_FILES", 1)
    response = upload(client, people, ("a.txt", b"a"), ("b.txt", b"b"))
    assert response.status_code == 400 and "一次最多选择 1 个文件" in response.content.decode()


def test_not_even_the_office_above_sees_another_offices_imports(client, people) -> None:
    login(client, people.other_supervisor)
    upload(client, people, ("b.txt", report_txt(3, 2022)), office=people.tree.b)
    f = ImportedFile.objects.get()
    assert client.get(reverse("imported_reports:file", args=[f.pk])).status_code == 200
    client.logout()
    login(client, people.supervisor)  # the county's 主管部门, above department B
    assert client.get(reverse("imported_reports:file", args=[f.pk])).status_code == 404
    assert client.get(reverse("imported_reports:batch", args=[f.batch_id])).status_code == 404


def test_the_admin_lists_imports_read_only(client, people, two_years, django_user_model) -> None:
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    listing = client.get("/admin/imported_reports/importedfile/")
    assert listing.status_code == 200 and "2023.html" in listing.content.decode()
    f = ImportedFile.objects.get(year=2023)
    assert client.post(f"/admin/imported_reports/importedfile/{f.pk}/delete/").status_code == 403
