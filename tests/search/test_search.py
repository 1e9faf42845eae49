"""index_document / search / remove_document on whichever database the suite runs on."""

from datetime import date

import pytest

from gongkai.search import index_document, rebuild_index, remove_document, search
from gongkai.search.models import SearchDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(agencies):
    root, city, finance = agencies
    index_document(
        "demo", 1, agency=city, title="关于加强城市市容管理的通知", document_number="某城管〔2024〕3号",
        body="为进一步改善市容环境，现就有关事项通知如下。", category="通知公告",
        published_on=date(2024, 3, 1), validity="有效",
    )  # fmt: skip
    index_document(
        "demo", 2, agency=root, title="某县人民政府2023年政府信息公开工作年度报告",
        summary="本机关2023年度报告。", body="全年主动公开政府信息。年报按时发布。",
        category="年度工作报告", published_on=date(2024, 1, 20), validity="有效",
    )  # fmt: skip
    index_document(
        "demo", 3, agency=root, title="某县行政规范性文件管理办法", document_number="闽政办〔2024〕12号",
        index_number="003534402/2024-01234", body="第一条 为规范行政规范性文件管理，制定本办法。",
        category="规章和规范性文件", published_on=date(2024, 5, 8), validity="有效",
    )  # fmt: skip
    index_document(
        "demo", 4, agency=finance, title="某县财政资金管理暂行规定",
        body="原《某县财政资金管理办法》同时废止。", category="财政资金",
        published_on=date(2019, 6, 1), validity="废止",
    )  # fmt: skip
    index_document(
        "demo", 5, agency=city, title="城区面貌标准说明", body="市区容貌整洁有序，城市美观。",
        category="政策解读", published_on=date(2023, 9, 9), validity="失效",
    )  # fmt: skip


def keys(query, **filters):
    return [hit.document.key for hit in search(query, **filters).results]


def test_two_character_words_find_those_documents_only(docs):
    assert keys("市容") == ["1"]  # not 5, which has 市 and 容 but not side by side
    assert keys("年报") == ["2"]
    assert search("年报").total == 1


def test_non_word_across_a_word_boundary_finds_nothing(docs):
    assert keys("报年") == []
    assert keys("报告年度") == []


def test_four_character_phrase(docs):
    assert sorted(keys("管理办法")) == ["3", "4"]
    assert keys("办法管理") == []


def test_document_number_as_printed_and_with_ascii_brackets(docs):
    for typed in (
        "闽政办〔2024〕12号",
        "闽政办[2024]12号",
        "闽政办(2024)12号",
        "闽政办2024 12号",
        "闽政办〔２０２４〕１２号",
    ):
        assert keys(typed) == ["3"], typed
    assert keys("闽政办〔2024〕13号") == []
    assert keys("某城管〔2024〕3号") == ["1"]


def test_index_number_as_printed_and_otherwise_separated(docs):
    for typed in ("003534402/2024-01234", "003534402-2024-01234", "００３５３４４０２／２０２４－０１２３４"):
        assert keys(typed) == ["3"], typed
    assert keys("003534402/2024-01235") == []


def test_whitespace_separated_terms_must_all_match(docs):
    assert keys("管理办法 废止") == ["4"]
    assert keys("市容 年报") == []


def test_filters(docs, agencies):
    root, city, finance = agencies
    assert sorted(keys("管理", agency_ids=[city.pk])) == ["1"]
    assert sorted(keys("管理", agency_ids=[root.pk, finance.pk])) == ["3", "4"]
    assert keys("管理", agency_ids=[]) == []
    assert keys("管理", category="财政资金") == ["4"]
    assert keys("管理", year=2019) == ["4"]
    assert sorted(keys("管理", year="2024")) == ["1", "3"]
    assert keys("管理", validity="废止") == ["4"]
    assert keys("管理", kinds=["consultation"]) == []
    assert search("城市", validity="失效").total == 1


def test_title_match_ranks_above_body_only_match(docs):
    # 3 has 管理办法 in its title; 4 and 6 only in their bodies, and 6 is the newest: rank beats date.
    index_document("demo", 6, agency=docs_agency(), title="另一份通知", body="参照管理办法执行。",
                   published_on=date(2025, 1, 1))  # fmt: skip
    results = keys("管理办法")
    assert results[0] == "3"
    assert set(results) == {"3", "4", "6"}


def docs_agency():
    return SearchDocument.objects.get(kind="demo", key="3").agency


def test_snippets_are_highlighted_and_escaped(agencies):
    root = agencies[0]
    index_document(
        "demo", "x", agency=root, title="<b>市容</b>整治",
        body="前言。" * 30 + "页面里有<script>alert(1)</script>，市容整治&美化。" + "后记。" * 30,
    )  # fmt: skip
    (hit,) = search("市容").results
    assert hit.title_html == "&lt;b&gt;<mark>市容</mark>&lt;/b&gt;整治"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hit.snippet_html
    assert "<mark>市容</mark>整治&amp;美化" in hit.snippet_html
    assert "<script>" not in hit.snippet_html
    assert hit.snippet_html.startswith("…") and hit.snippet_html.endswith("…")


def test_snippet_highlights_a_document_number_typed_otherwise(docs):
    (hit,) = search("闽政办[2024]12号").results
    assert hit.snippet_html.startswith("第一条")  # no match in the text fields: their beginning
    doc = hit.document
    index_document("demo", doc.key, agency=doc.agency, title=doc.title, body="依据闽政办〔2024〕12号文件。")
    (hit,) = search("闽政办[2024]12号").results
    assert hit.snippet_html == "依据<mark>闽政办〔2024〕12号</mark>文件。"


def test_index_document_replaces(docs):
    doc = index_document("demo", 1, agency=docs_agency(), title="关于环境卫生的通知", body="无关内容。")
    assert SearchDocument.objects.filter(kind="demo", key="1").count() == 1
    assert keys("市容") == []
    assert keys("环境卫生") == [doc.key]


def test_remove_document(docs):
    assert remove_document("demo", 2) is True
    assert keys("年报") == []
    assert remove_document("demo", 2) is False
    assert search("年度").total == 0


def test_deleting_rows_takes_them_out_of_the_index(docs, agencies):
    # As an agency's cascade does: a bulk delete of rows, without remove_document.
    SearchDocument.objects.filter(agency=agencies[2]).delete()
    assert sorted(keys("管理办法")) == ["3"]


def test_paging_and_empty_queries(docs):
    page = search("管理", per_page=1, page=2)
    assert page.total == 3 and len(page.results) == 1 and page.num_pages == 3
    assert page.has_next and page.has_previous
    assert search("   ").total == 0
    assert search("〔〕/").results == []


def test_single_character_query_finds_bigrams_it_begins(docs):
    assert "1" in keys("市")


def test_rebuild_index(docs, monkeypatch):
    from gongkai.search import api

    monkeypatch.setattr(api, "_SOURCES", {})
    assert rebuild_index() == 5
    assert keys("市容") == ["1"]
    assert keys("闽政办[2024]12号") == ["3"]


def test_rebuild_index_rereads_registered_sources(docs, agencies, monkeypatch):
    from gongkai.search import api

    city = agencies[1]
    monkeypatch.setattr(api, "_SOURCES", {})
    api.register_source("demo", lambda: [(1, {"agency": city, "title": "市容巡查记录"})])
    assert rebuild_index() == 1  # the source no longer yields 2–5: they go
    assert [hit.title_html for hit in search("市容").results] == ["<mark>市容</mark>巡查记录"]
    assert keys("年报") == []


def test_document_number_inside_running_text(agencies):
    index_document(
        "demo", "t", agency=agencies[0], title="通知", body="根据岚财金〔2023〕5号文件精神，办理如下。"
    )
    assert keys("岚财金〔2023〕5号") == ["t"]
    assert keys("5号文件") == ["t"]
    assert keys("岚财金〔2023〕6号") == []
    assert keys("〔2023〕5号文") == ["t"]


def test_over_the_cap_only_the_newest_are_ranked_and_counted(docs, monkeypatch):
    from gongkai.search import backends

    monkeypatch.setattr(backends, "CAP", 2)
    page = search("管理", per_page=2)  # 1, 3, 4 match; the newest two indexed are 3 and 4
    assert (page.total, page.total_exact) == (2, False)
    assert sorted(hit.document.key for hit in page.results) == ["3", "4"]
    assert search("市容").total_exact is True
    assert search("管理", page=3, per_page=1).results  # a page past the cap still answers
