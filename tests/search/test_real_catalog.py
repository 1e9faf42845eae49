"""The 94 real catalog items of ../shared/fixtures/catalog, indexed and searched with known answers."""

import json
import unicodedata
from datetime import datetime

import pytest

from gongkai.search import index_document, search
from tests.agencies.factories import make_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(fixtures_dir, agencies):
    root = agencies[0]
    by_publisher = {}
    items = [json.loads(line) for line in (fixtures_dir / "catalog" / "items.jsonl").open(encoding="utf-8")]
    for n, item in enumerate(items):
        publisher = item["publisher"] or "平潭综合实验区"
        if publisher not in by_publisher:
            by_publisher[publisher] = make_agency(f"p{len(by_publisher)}", publisher, root)
        index_document(
            "fixture", n, agency=by_publisher[publisher], title=item["title"],
            document_number=item["doc_number"] or "", index_number=item["index_number"] or "",
            body=item["body"], category=item["category_path"].rsplit("/", 1)[-1],
            published_on=_date(item["published"]),
        )  # fmt: skip
    return items


def _date(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M").date() if text else None


def _plain(text):
    return unicodedata.normalize("NFKC", text or "").lower()


def _expected(items, word):
    """Which items contain the word, by plain substring search over the same fields (三、公 is not 三公)."""
    needle = _plain(word)
    fields = ("title", "doc_number", "index_number", "body")
    return {str(n) for n, item in enumerate(items) if any(needle in _plain(item[f]) for f in fields)}


def _found(query, **filters):
    page = search(query, per_page=100, **filters)
    assert page.total == len(page.results)
    return {hit.document.key for hit in page.results}


def test_all_items_are_indexed(catalog):
    assert len(catalog) >= 90
    assert search("平潭", per_page=100).total == len(_expected(catalog, "平潭"))


@pytest.mark.parametrize(
    "word", ["年报", "市容", "易制毒", "管理办法", "政府信息公开工作年度报告", "行政许可决定书", "三公"]
)
def test_words_find_exactly_the_items_containing_them(catalog, word):
    assert _found(word) == _expected(catalog, word)


def test_known_answers(catalog):
    titles = lambda query: {catalog[int(k)]["title"] for k in _found(query)}  # noqa: E731
    assert titles("易制毒") == {
        "区公安局2023年第四季度易制毒化学品企事业“双随机”抽查情况",
        "区公安局2024年第一季度易制毒化学品企事业抽查工作情况",
        "区公安局2025年第一季度易制毒化学品企事业抽查工作情况",
    }
    assert titles("报年") == set()
    # A 文号 printed with ﹝﹞ (small brackets), typed with 〔〕 or ASCII brackets.
    for typed in ("岚综实管口岸〔2012〕6号", "岚综实管口岸[2012]6号", "岚综实管口岸﹝2012﹞6号"):
        assert titles(typed) == {"平潭综合实验区管委会口岸工作办公室关于建立几项口岸工作制度的通知"}
    assert titles("PZ00108-3000-2018-00078") == {"关于印发2018年政务公开工作任务实施方案的通知"}
    assert titles("pz00108/3000/2018/00078") == titles("PZ00108-3000-2018-00078")


def test_ranking_and_filters_on_real_text(catalog):
    hits = search("政府信息公开工作年度报告").results
    assert hits[0].document.title == "平潭综合实验区财政金融局2024年度政府信息公开工作年度报告"
    assert "<mark>" in hits[0].title_html
    by_year = _found("易制毒", year=2024)
    assert by_year and {catalog[int(k)]["published"][:4] for k in by_year} == {"2024"}
