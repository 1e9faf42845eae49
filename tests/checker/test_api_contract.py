"""POST /api/check, the web page and `gongkai check --json` give the same object for every fixture
report and every hostile file: the API never answers 500, each answer comes within the budget."""

from __future__ import annotations

import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.cli import main
from tests.reportio.test_fixtures import ORIGINALS
from tests.reportio.test_hostile import BUDGET_S, HOSTILE

pytestmark = pytest.mark.django_db
REPORT_DIRS = (
    "000_template_docx",
    "001_huaian_2024",
    "002_hongze_2023",
    "003_hongze_2024",
    "009_jinjiang_xzfwzx_2022",
    "010_pingtan_2024",
    "013_pingtan_2021",
    "041_pingtan_gaj_2021",
)


def _fixture_files(fixtures_dir):
    reports = [
        p
        for d in REPORT_DIRS
        for p in sorted((fixtures_dir / "reports" / d).iterdir())
        if p.name in ORIGINALS
    ]
    return reports + [fixtures_dir / "hostile" / n for n in HOSTILE]


def _cli_json(capsys, path) -> dict:
    main(["check", "--json", str(path)])
    (data,) = json.loads(capsys.readouterr().out)
    return data


def _without_file(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "file"}


def test_every_fixture_report_dir_is_posted(fixtures_dir) -> None:
    assert {d.name for d in (fixtures_dir / "reports").iterdir() if d.is_dir()} == set(REPORT_DIRS)


def test_api_answers_every_fixture_as_the_command_line_does(client, capsys, fixtures_dir) -> None:
    for path in _fixture_files(fixtures_dir):
        t0 = time.perf_counter()
        r = client.post("/api/check", {"file": SimpleUploadedFile(path.name, path.read_bytes())})
        elapsed = time.perf_counter() - t0
        assert r.status_code in (200, 422), (path, r.status_code)
        assert r["Content-Type"].startswith("application/json")
        data = r.json()
        assert data["file"] == path.name
        assert _without_file(data) == _without_file(_cli_json(capsys, path)), path
        assert (r.status_code == 422) == (data["error"] is not None)
        if path.parent.name == "hostile":
            assert elapsed < BUDGET_S, (path.name, elapsed)


def test_the_blank_template_and_a_slash_in_table2_answer_200(client, fixtures_dir) -> None:
    for path in (
        fixtures_dir / "reports/000_template_docx/report.docx",
        fixtures_dir / "hostile/min_api500_table2_cell_slash.txt",
    ):
        r = client.post("/api/check", {"file": SimpleUploadedFile(path.name, path.read_bytes())})
        assert r.status_code == 200
    assert r.json()["raw"]["table2"]["规章"]["本年制发件数"] == "/"


@pytest.mark.parametrize("name", HOSTILE)
def test_web_page_answers_each_hostile_file_in_chinese_fast(client, fixtures_dir, name) -> None:
    data = (fixtures_dir / "hostile" / name).read_bytes()
    t0 = time.perf_counter()
    r = client.post("/check/", {"file": SimpleUploadedFile(name, data), "output": "page"})
    assert time.perf_counter() - t0 < BUDGET_S
    html = r.content.decode()
    assert r.status_code in (200, 422)
    assert ("无法核查" in html) if r.status_code == 422 else ("发现的问题" in html)
    assert "Traceback" not in html


def test_web_json_download_is_the_command_line_object(client, capsys, fixtures_dir) -> None:
    path = fixtures_dir / "reports/010_pingtan_2024/page.html"
    r = client.post("/check/", {"file": SimpleUploadedFile(path.name, path.read_bytes()), "output": "json"})
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    assert _without_file(json.loads(r.content)) == _without_file(_cli_json(capsys, path))


def test_a_json_body_gets_a_chinese_415_naming_multipart(client) -> None:
    r = client.post("/api/check", {"text": "一、总体情况"}, content_type="application/json")
    assert r.status_code == 415
    assert "multipart/form-data" in r.json()["error"] and "请" in r.json()["error"]


def test_an_unexpected_error_is_json_not_an_html_page(client, monkeypatch, caplog) -> None:
    import gongkai.checker.api as api_module

    def broken(result):
        raise RuntimeError("a bug")

    monkeypatch.setattr(api_module, "checked_report", broken)
    r = client.post("/api/check", {"text": "一、总体情况"})
    assert r.status_code == 500 and r["Content-Type"].startswith("application/json")
    assert "服务器内部错误" in r.json()["error"]
    assert any(rec.exc_info and "a bug" in str(rec.exc_info[1]) for rec in caplog.records)


def test_a_reader_bug_is_logged_and_answered_in_chinese(client, monkeypatch, caplog) -> None:
    import gongkai.reportio.checking as checking

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a reader bug")

    monkeypatch.setattr(checking, "read_with_document", broken)
    r = client.post("/api/check", {"file": SimpleUploadedFile("r.txt", b"x")})
    assert r.status_code == 422 and "意外问题" in r.json()["error"]
    r = client.post("/check/", {"file": SimpleUploadedFile("r.txt", b"x"), "output": "page"})
    assert r.status_code == 422 and "意外问题" in r.content.decode()
    assert sum(1 for rec in caplog.records if rec.exc_info and "a reader bug" in str(rec.exc_info[1])) == 2


def test_openapi_describes_the_contract(client) -> None:
    schema = client.get("/api/openapi.json").json()
    op = schema["paths"]["/api/check"]["post"]
    assert {"200", "400", "413", "415", "422", "429"} <= set(op["responses"])
    assert "multipart/form-data" in op["description"]
    props = schema["components"]["schemas"]["CheckedReport"]["properties"]
    assert {"period", "publication_date", "table2_format", "raw", "unreadable", "error"} <= set(props)
