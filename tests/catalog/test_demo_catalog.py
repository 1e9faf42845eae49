"""The catalog's demo data: the seed agency's 2022 as records that give its annual report's table 二
and section 一(二) back, each reviewed at the three levels; the siblings' catalog imported from the
real crawled items; ``gongkai demo`` twice changes nothing the second time."""

from __future__ import annotations

import re
from datetime import date

import pytest

from gongkai.agencies.demo import load_demo
from gongkai.applications.demo import SEED, SIBLINGS
from gongkai.catalog import demo
from gongkai.catalog.figures import proactive_figures, table2_for
from gongkai.catalog.models import CatalogItem, DocumentKind, ReviewStep, State, StatisticsEntry, Topic
from gongkai.cli import main
from gongkai.reportio import read_report
from gongkai.search.models import SearchDocument

pytestmark = pytest.mark.django_db

SEED_FIGURES = {"机构职能": 1, "财政资金": 2, "人大建议和政协提案办理": 2, "工作动态": 3, "年度工作报告": 1}


@pytest.fixture(autouse=True)
def fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


def seed_section_1_2(text: str) -> tuple[int, int, dict[str, int]]:
    """Section 一(二) of the seed report: (total, 全文电子化, {信息类别: count})."""
    m = re.search(r"主动公开政务信息(\d+)条，其中全文电子化达(\d+)条。在主动公开的信息中，([^。]+)。", text)
    assert m, "section 一(二) not found"
    parts = {}
    for part in m.group(3).split("；"):
        name, n = re.fullmatch(r"(.+?)(?:类信息)?(\d+)条", part.strip()).groups()
        parts[name] = int(n)
    return int(m.group(1)), int(m.group(2)), parts


def test_seed_year_figures_equal_the_seed_report(fixtures_dir):
    path = fixtures_dir / "seed" / "jinjiang-xzfwzx-2022.txt"
    report = read_report(path.read_bytes(), path.name)
    total, electronic, by_category = seed_section_1_2(re.sub(r"\s+", "", report.section_text("一")))
    context = load_demo()
    agency = context.agencies[SEED]

    figures = proactive_figures(agency.pk, 2022)
    assert (figures.total, figures.full_text_electronic, figures.by_category) == (
        total,
        electronic,
        by_category,
    )
    assert table2_for(agency.pk, 2022).values == report.table2.values
    # …and the literal figures, should the parsing above ever read something else
    assert (figures.total, figures.full_text_electronic, figures.by_category) == (9, 9, SEED_FIGURES)
    assert by_category == SEED_FIGURES


def test_seed_year_items_took_the_three_level_review():
    context = load_demo()
    agency = context.agencies[SEED]
    items = CatalogItem.objects.filter(agency=agency, published_on__year=2022)
    assert items.count() == 9
    assert not items.exclude(document_kind=DocumentKind.OTHER).exists()  # no 规章/规范性文件
    assert not StatisticsEntry.objects.filter(agency=agency, year=2022).exists()
    for item in items:
        assert item.state == State.PUBLISHED and item.full_text_electronic
        assert item.created_by == context.users["clerk"]
        assert item.index_number.endswith(f"/2022-{item.index_serial:05d}")
        steps = list(
            ReviewStep.objects.filter(item=item).values_list("level", "reviewer__username", "decision")
        )
        assert steps == [(1, "section", "approved"), (2, "deputy", "approved"), (3, "head", "approved")]
        history = item.history.order_by("history_id")
        assert history.last().history_user == context.users["clerk"]
        assert {h.history_change_reason for h in history} == {"载入演示数据"}
    assert sorted(items.values_list("published_on", flat=True))[0] == date(2022, 1, 14)


def test_siblings_get_the_real_crawled_catalog_through_the_importer(fixtures_dir):
    vendored = demo.DEMO_ITEMS.read_bytes()
    assert vendored == (fixtures_dir / "catalog" / "items.jsonl").read_bytes()
    context = load_demo()
    imported = CatalogItem.objects.filter(agency__code__in=SIBLINGS)
    assert imported.count() == 93  # the 94th, a column page without a 发布日期, is refused
    for code in SIBLINGS:
        mine = imported.filter(agency__code=code)
        assert mine.exists()
        assert set(mine.values_list("publisher", flat=True)) == {context.agencies[code].name}
    assert imported.filter(agency__code="jinjiang-czj").count() == 21  # every 财政 publisher's
    assert not imported.exclude(state=State.PUBLISHED).exists()
    for body in imported.values_list("body", flat=True):
        assert "微信 微博 QQ空间" not in body and "当前位置" not in body
    first = imported.get(index_number="PZ00103-0200-2012-00001")
    assert first.history.last().history_change_reason.startswith("导入已在原网站发布的政府信息（原文：")
    assert SearchDocument.objects.filter(kind="catalog", key=str(first.pk)).exists()


def test_gongkai_demo_twice_changes_nothing_the_second_time(capsys):
    assert main(["demo"]) == 0
    capsys.readouterr()

    def counts():
        return (
            CatalogItem.objects.count(),
            CatalogItem.history.count(),
            ReviewStep.objects.count(),
            Topic.objects.count(),
            SearchDocument.objects.count(),
            sorted(CatalogItem.objects.values_list("index_number", flat=True)),
        )

    before = counts()
    assert before[0] == 9 + 93
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "政府信息" not in out
    assert counts() == before
