"""第二十条第（五）（六）（八）项 statistics: the entry form, and the Excel import (header by name, every
bad row reported by line, all or nothing, only agencies the uploader may edit)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gongkai.catalog.models import StatisticsEntry
from gongkai.catalog.statistics_import import (
    COLUMNS,
    StatisticsFileError,
    import_statistics,
    parse,
    template_workbook,
)


def workbook(*rows, header=COLUMNS, title_rows=()) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in title_rows:
        ws.append(row)
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "统计.xlsx", data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_parse_matches_header_by_name_in_any_order() -> None:
    header = ("年度", "行政事业性收费(万元)", "机关名称", "行政强制", "行政处罚", "行政许可")
    data = workbook(
        (2024, 12.5, "某县甲局", 1, 2, 3),
        ("", None, None, None, None, None),
        header=header,
        title_rows=[("某县主动公开统计表",)],
    )
    (row,) = parse(data)
    assert row.line == 3 and row.name == "某县甲局" and row.year == 2024
    assert row.counts == {"licensing": 3, "penalties": 2, "enforcement": 1} and row.fees == Decimal("12.5")
    assert row.errors == []


def test_bad_file_and_missing_columns() -> None:
    with pytest.raises(StatisticsFileError, match="xlsx"):
        parse(b"not a workbook")
    with pytest.raises(StatisticsFileError, match="表头缺少以下列：行政强制"):
        parse(workbook(header=("机关代码", "年度", "行政许可", "行政处罚", "行政事业性收费（万元）")))
    with pytest.raises(StatisticsFileError, match="没有找到表头"):
        parse(workbook(header=("名称", "数量")))


def test_import_saves_every_row_in_one_go(people) -> None:
    a, b = people.tree.a, people.tree.b
    data = workbook(
        (a.code, "", 2024, 10, 2, 0, "1.234567"),
        ("", b.name, "2024年", 3.0, 0, 1, 0),
    )
    admin_like = people.clerk
    # The clerk of A may not enter B's figures: the row says so and nothing is saved.
    result = import_statistics(admin_like, data)
    assert not result.ok and result.lines() == [f"第 3 行：您无权填报{b.name}的统计数据。"]
    assert StatisticsEntry.objects.count() == 0

    from gongkai.agencies.models import Role
    from tests.agencies.factories import make_user

    both = make_user("both", (a, Role.CLERK), (b, Role.CLERK))
    result = import_statistics(both, data)
    assert result.ok and result.saved == 2
    entry = StatisticsEntry.objects.get(agency=a, year=2024)
    assert (entry.licensing, entry.penalties, entry.enforcement, entry.fees) == (
        10,
        2,
        0,
        Decimal("1.234567"),
    )
    assert entry.entered_by == both
    assert entry.history.first().history_change_reason == "导入主动公开统计数据"


def test_every_bad_row_is_reported_by_line_and_nothing_is_saved(people) -> None:
    a = people.tree.a
    data = workbook(
        (a.code, "", 2024, 1, 1, 1, 1),  # good
        ("nobody", "", 2024, 1, 1, 1, 1),
        (a.code, "", "去年", -1, 1.5, "三", "1.1234567"),
        ("", "", 2024, 1, 1, 1, 1),
        (a.code, "某县乙局", 2024, 1, 1, 1, 1),
        (a.code, "", 2024, 1, 1, 1, None),
        (a.code, "", 2023, 1, 1, 1, 1),
        (a.code, "", 2023, 2, 2, 2, 2),
    )
    result = import_statistics(people.clerk, data)
    assert not result.ok and result.saved == 0
    lines = result.lines()
    assert [line.split("：", 1)[0] for line in lines] == [f"第 {n} 行" for n in (3, 4, 5, 6, 7, 9)]
    text = "\n".join(lines)
    assert "没有机关代码为“nobody”的机关" in text
    assert "年度“去年”应为 4 位数字的年份" in text
    assert "行政许可处理决定数量应为不小于 0 的整数" in text
    assert "行政处罚处理决定数量“1.5”应为整数" in text and "行政强制处理决定数量“三”" in text
    assert "最多保留 6 位小数" in text
    assert "未填写机关代码或机关名称" in text
    assert "与机关名称“某县乙局”不符" in text
    assert "行政事业性收费金额未填写" in text
    assert "与第 8 行重复" in text
    assert StatisticsEntry.objects.count() == 0


def test_template_has_the_columns_and_reads_back_empty() -> None:
    data = template_workbook()
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert tuple(c.value for c in ws[1]) == COLUMNS
    assert parse(data) == []


def test_import_page(client, people) -> None:
    client.force_login(people.clerk)
    template = client.get(reverse("catalog:statistics_template"))
    assert template.status_code == 200 and template.content.startswith(b"PK")
    assert "attachment" in template["Content-Disposition"]

    url = reverse("catalog:statistics_import")
    assert client.get(url).status_code == 200
    bad = workbook((people.tree.a.code, "", 2024, 1, 1, 1, "x"), (people.tree.b.code, "", 2024, 1, 1, 1, 1))
    response = client.post(url, {"file": xlsx_upload(bad)})
    text = response.content.decode()
    assert response.status_code == 400 and "没有导入任何数据" in text
    assert (
        "第 2 行：行政事业性收费金额“x”应为数字" in text and "第 3 行：您无权填报某县乙局的统计数据" in text
    )
    not_xlsx = client.post(url, {"file": SimpleUploadedFile("a.xlsx", b"plain text")})
    assert not_xlsx.status_code == 400 and "无法读取该文件" in not_xlsx.content.decode()

    good = workbook((people.tree.a.code, "", 2024, 7, 8, 9, "0.5"))
    response = client.post(url, {"file": xlsx_upload(good)})
    assert response.status_code == 302
    listing = client.get(reverse("catalog:statistics")).content.decode()
    assert "某县甲局" in listing and "0.5" in listing and "clerk-a" in listing

    client.force_login(people.head)  # may look, may not enter
    assert client.get(url).status_code == 403


def test_entry_form_shows_who_entered_and_refuses_others(client, people) -> None:
    a = people.tree.a
    url = reverse("catalog:statistics_edit", args=[a.code, 2024])
    client.force_login(people.clerk)
    assert "该年度尚未填报" in client.get(url).content.decode()
    pick = client.get(reverse("catalog:statistics"), {"agency": a.pk, "year": 2024})
    assert pick.status_code == 302 and pick["Location"] == url
    bad = client.post(url, {"licensing": "-1", "penalties": "0", "enforcement": "0", "fees": "1.1234567"})
    assert bad.status_code == 400 and StatisticsEntry.objects.count() == 0
    data = {"licensing": "12", "penalties": "3", "enforcement": "1", "fees": "45.000001"}
    assert client.post(url, data).status_code == 302
    entry = StatisticsEntry.objects.get(agency=a, year=2024)
    assert entry.fees == Decimal("45.000001") and entry.entered_by == people.clerk
    page = client.get(url).content.decode()
    assert "最近填报：clerk-a" in page and "填报主动公开统计数据" in page
    assert "（五）办理行政许可" in page

    client.force_login(people.head)
    page = client.get(url)
    assert page.status_code == 200 and '<form method="post" class="stacked"' not in page.content.decode()
    assert client.post(url, data).status_code == 403
    client.force_login(people.other_clerk)
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert client.get(reverse("catalog:statistics_edit", args=[a.code, 1999])).status_code in (403, 404)
