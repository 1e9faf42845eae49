"""The public upload page and the JSON API: same check, Chinese errors, never a 500."""

from __future__ import annotations

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import FIXTURES, needs_fixtures
from tests.reportio import builders as b
from tests.reportio.test_hostile import zip_bomb

REPORTS = FIXTURES / "reports"
pytestmark = pytest.mark.django_db


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_page_shows_form(client) -> None:
    r = client.get("/check/")
    assert r.status_code == 200 and "年度报告核查" in r.content.decode()


@needs_fixtures
def test_upload_shows_findings_tables_and_original_layout(client) -> None:
    data = (REPORTS / "002_hongze_2023" / "report.pdf").read_bytes()
    r = client.post("/check/", {"file": upload("hz.pdf", data), "output": "page"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "T4-01" in html and "淮安市洪泽区人民政府" in html
    assert "原文版面" in html and "识别出的统计表" in html and 'class="copy"' in html
    assert "data:application/json" in html and "data:text/html" in html


@needs_fixtures
def test_findings_come_with_the_statement_of_each_rule_that_fired(client) -> None:
    data = (REPORTS / "002_hongze_2023" / "report.pdf").read_bytes()
    html = client.post("/check/", {"file": upload("hz.pdf", data), "output": "page"}).content.decode()
    assert "规则说明" in html
    assert "结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计" in html  # T4-01 fired
    assert "本年新收 + 上年结转" not in html  # T3-01 did not


@needs_fixtures
def test_paste_text(client) -> None:
    text = (REPORTS / "009_jinjiang_xzfwzx_2022" / "report.txt").read_text(encoding="utf-8")
    r = client.post("/check/", {"text": text, "output": "page"})
    assert r.status_code == 200 and "本年度止件数" in r.content.decode()


@needs_fixtures
def test_downloads(client) -> None:
    data = (REPORTS / "010_pingtan_2024" / "page.html").read_bytes()
    r = client.post("/check/", {"file": upload("p.html", data), "output": "json"})
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    assert r.json()["table3"]["rows"]["三(七)"][-1] == 218
    r = client.post("/check/", {"file": upload("p.html", data), "output": "html"})
    assert (
        r.status_code == 200 and "核查结果" in r.content.decode() and "attachment" in r["Content-Disposition"]
    )


@pytest.mark.parametrize(
    ("name", "make", "status"),
    [
        ("bomb.docx", zip_bomb, 422),
        ("bad.pdf", lambda: b"%PDF-1.5\n" + b"\x00garbage" * 500, 422),
        ("x.txt", lambda: bytes(range(128, 256)) * 100, 422),
        ("notes.txt", lambda: "今天开会，讨论食堂菜单。".encode(), 422),
        ("virus.exe", lambda: b"MZ\x90\x00", 400),
    ],
)
def test_hostile_uploads_get_chinese_errors_fast(client, name, make, status) -> None:
    t0 = time.perf_counter()
    r = client.post("/check/", {"file": upload(name, make()), "output": "page"})
    assert time.perf_counter() - t0 < 5
    assert r.status_code == status
    assert "无法" in r.content.decode() or "不支持" in r.content.decode()


def test_oversized_upload_is_refused(client) -> None:
    big = io.BytesIO(b"a" * (21 * 1024 * 1024))
    r = client.post("/check/", {"file": SimpleUploadedFile("big.txt", big.getvalue()), "output": "page"})
    assert r.status_code == 400 and "过大" in r.content.decode()


def test_api_check_file_and_text(client) -> None:
    spec = b.make_spec(3)
    r = client.post("/api/check", {"file": upload("r.docx", b.to_docx(spec))})
    assert r.status_code == 200
    data = r.json()
    assert data["table3"]["rows"]["一"] == spec.table3["一"] and data["table4"] == spec.table4
    r = client.post("/api/check", {"text": b.to_tab_text(spec)})
    assert r.status_code == 200 and r.json()["year"] == spec.year


def test_api_errors(client) -> None:
    r = client.post("/api/check", {})
    assert r.status_code == 400 and "请上传" in r.json()["error"]
    r = client.post("/api/check", {"file": upload("bomb.docx", zip_bomb())})
    assert r.status_code == 422 and "压缩炸弹" in r.json()["error"]


def test_api_documented_in_openapi(client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "gongkai API"
    op = schema["paths"]["/api/check"]["post"]
    assert {"200", "400", "413", "422"} <= set(op["responses"])
