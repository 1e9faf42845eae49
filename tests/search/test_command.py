import pytest

from gongkai.cli import main
from gongkai.search import api, index_document, search

pytestmark = pytest.mark.django_db


def test_gongkai_reindex(agencies, capsys, monkeypatch):
    monkeypatch.setattr(api, "_SOURCES", {})
    index_document("demo", 1, agency=agencies[0], title="2024年政府信息公开工作年度报告")
    assert main(["reindex"]) == 0
    assert "已重建全文检索索引：1 篇。" in capsys.readouterr().out
    assert search("年度报告").total == 1
