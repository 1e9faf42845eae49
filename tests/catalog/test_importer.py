"""``gongkai import-catalog``: JSONL, CSV and XLSX of records already published elsewhere, imported
as published items through ImportPublished — all rows or none, bad rows by line and column, no
duplicates on a second import, the crawled page's chrome removed from the body."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from gongkai.catalog.actions import ImportPublished
from gongkai.catalog.actions.importing import IMPORT_REASON
from gongkai.catalog.importer import clean_body, parse_date, read_rows
from gongkai.catalog.models import CatalogItem, DocumentKind, State, Topic, Validity
from gongkai.cli import main
from gongkai.search import search

pytestmark = pytest.mark.django_db

CHROME = ("微信 微博 QQ空间", "当前位置", "附件下载", "【打印本页】", "全真版", "-->")


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(["import-catalog", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def agency(people):
    return people.tree.a


@pytest.fixture
def real_items(fixtures_dir, tmp_path):
    """The 94 crawled items; the 94th (a column's landing page, no 发布日期) is left out."""
    lines = (fixtures_dir / "catalog" / "items.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 94
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(lines[:93]) + "\n", encoding="utf-8")
    return path, [json.loads(line) for line in lines[:93]]


# --- the real file ----------------------------------------------------------------------------------
def test_the_real_file_as_crawled_is_refused_whole_for_its_one_item_without_a_date(
    capsys, agency, fixtures_dir
):
    code, out = run(capsys, str(fixtures_dir / "catalog" / "items.jsonl"), "--agency", agency.code)
    assert code == 1
    assert "第 94 行“published”列：缺少发布日期" in out
    assert "整个文件都没有导入" in out
    assert CatalogItem.objects.count() == 0


def test_real_items_imported_published_with_their_metadata_and_clean_bodies(capsys, agency, real_items):
    path, source = real_items
    code, out = run(capsys, str(path), "--agency", agency.code)
    assert code == 0, out
    assert "已导入 93 条政府信息到“某县甲局”" in out
    assert CatalogItem.objects.filter(agency=agency, state=State.PUBLISHED).count() == 93
    by_key = {(i.title, i.published_on): i for i in CatalogItem.objects.filter(agency=agency)}
    items = {i.title: i for i in by_key.values()}

    for row in source:
        item = by_key[(row["title"], date.fromisoformat(row["published"][:10]))]
        assert item.index_number  # kept, or numbered as Publish does
        assert item.source_url == row["other_meta"]["原文链接"]  # whole, however long
        if row["index_number"]:
            assert item.index_number == row["index_number"]
        for chrome in CHROME:
            assert chrome not in item.body, (row["title"], chrome)
        if item.body.startswith(item.title):  # only an attachment named after it
            assert item.body[len(item.title)] == "."

    # 文号 from doc_number with the official 〔〕 (the page printed ﹝﹞); 成文日期, 有效性
    first = items["平潭综合实验区管委会口岸工作办公室关于建立几项口岸工作制度的通知"]
    assert first.document_number == "岚综实管口岸〔2012〕6号"
    assert first.written_on == date(2012, 4, 10) and first.validity == Validity.VALID
    assert first.publisher == "平潭综合实验区经济发展局综合处"
    # ordinary text survives the chrome removal
    assert first.body.startswith("各口岸查验部门驻岚单位")
    assert "一、口岸协调会议制度" in first.body and first.body.endswith("二0一二年四月一日")
    archive = items["平潭综合实验区行政审批局档案行政处罚措施的条件及流程"]
    assert archive.body.startswith(
        "一、行政处罚措施的条件 （一）职权依据：《中华人民共和国档案法》第四十八条。"
    )
    plain = items["2024年平潭综合实验区公安局“双随机、一公开”抽查工作计划"]
    assert plain.body == "（详见附件）"  # a leading repeat of the title removed, nothing else
    # an attachment named after the title keeps its name
    chart = items["平潭综合实验区海洋与渔业执法支队行政处罚一般程序流程图"]
    assert chart.body == "平潭综合实验区海洋与渔业执法支队行政处罚一般程序流程图.xls"

    # 信息类别 from the column; 行政规范性文件 → 法规文件 counted as normative (table 二)
    kinds = {(i.category.name, i.document_kind) for i in items.values() if "规范性文件" in _column(source, i)}
    assert kinds == {("法规文件", DocumentKind.NORMATIVE)}
    assert items["平潭综合实验区财政金融局2024年度政府信息公开工作年度报告"].category.name == "年度工作报告"
    assert {i.category.name for i in items.values() if _column(source, i) == "工作动态"} == {"工作动态"}
    budget = [i for i in items.values() if _column(source, i) == "财政预算、决算报告"]
    assert budget and {i.category.name for i in budget} == {"财政资金"}
    assert items["平潭综合实验区管委会办公室关于学习贯彻《平潭综合实验区国土空间总体规划（2018-2035年）》的通知"].category.name == "规划计划"  # fmt: skip

    # the history says why, and where from; search finds the imported text
    record = first.history.order_by("history_id").last()
    assert record.history_change_reason.startswith(IMPORT_REASON + "（原文：pingtan.gov.cn/")
    assert len(record.history_change_reason) <= 100
    page = search("口岸协调会议制度")
    assert [(hit.document.kind, hit.document.key) for hit in page.results] == [("catalog", str(first.pk))]


def _column(source: list[dict], item: CatalogItem) -> str:
    return next(r["other_meta"]["栏目"] for r in source if r["title"] == item.title)


def test_importing_the_same_file_again_duplicates_nothing(capsys, agency, real_items):
    path, _ = real_items
    assert run(capsys, str(path), "--agency", agency.code)[0] == 0
    history = CatalogItem.history.count()
    code, out = run(capsys, str(path), "--agency", agency.code, "--json")
    assert code == 0
    result = json.loads(out)
    assert result["ok"] and result["imported"] == 0
    assert len(result["skipped"]) == 93 and result["created"] == []
    assert CatalogItem.objects.count() == 93 and CatalogItem.history.count() == history


def test_dry_run_checks_every_row_and_imports_nothing(capsys, agency, real_items):
    path, _ = real_items
    code, out = run(capsys, str(path), "--agency", agency.code, "--dry-run")
    assert code == 0 and "检查通过：93 条可以导入（未导入）" in out
    assert CatalogItem.objects.count() == 0 and Topic.objects.count() == 0


# --- CSV and XLSX with Chinese headers --------------------------------------------------------------
CSV_HEADER = "标题,发布日期,文号,发布机构,成文日期,主题分类,栏目,有效性,索引号,内容概述,正文\n"


def test_csv_with_chinese_headers_every_date_form_topics_and_generated_index_numbers(
    capsys, agency, tmp_path
):
    path = tmp_path / "目录.csv"
    path.write_text(
        CSV_HEADER
        + "关于2022年市容整治的通知,2022年11月4日,某政[2022]3号,,2022/11/1,综合政务\\政务公开,通知公告,有效,,整治安排,"
        '"当前位置：首页>政务公开>通知公告 关于2022年市容整治的通知\n各单位：现将有关事项通知如下。\n【打印本页】【关闭窗口】"\n'
        "某局2022年工作动态,20221105,,,,,工作动态,,,,全局召开会议。\n"
        "某局行政规范性文件,2022/11/6,某政规〔2022〕1号,,2022-11-02,,行政规范性文件,废止,X-1,,第一条 为了……\n"
        "某局其他信息,2022-11-07 09:30,无,,,无,不知道的栏目,,,,正文\n",
        encoding="utf-8",
    )
    code, out = run(capsys, str(path), "--agency", agency.code)
    assert code == 0, out
    items = {i.title: i for i in CatalogItem.objects.all()}
    notice = items["关于2022年市容整治的通知"]
    assert notice.published_on == date(2022, 11, 4) and notice.written_on == date(2022, 11, 1)
    assert notice.document_number == "某政〔2022〕3号" and notice.publisher == "某县甲局"
    assert notice.body == "各单位：现将有关事项通知如下。" and notice.summary == "整治安排"
    assert notice.category.name == "通知公告" and notice.topic.name == "综合政务\\政务公开"
    assert notice.topic.history.first().history_change_reason == "新增主题分类"
    assert notice.index_number == "000014349/2022-00001"  # none given: numbered as Publish does
    assert items["某局2022年工作动态"].published_on == date(2022, 11, 5)
    assert items["某局2022年工作动态"].index_number == "000014349/2022-00002"
    normative = items["某局行政规范性文件"]
    assert (normative.category.name, normative.document_kind) == ("法规文件", DocumentKind.NORMATIVE)
    assert normative.issued_on == date(2022, 11, 2) and normative.validity == Validity.REPEALED
    assert normative.index_number == "X-1"
    other = items["某局其他信息"]
    assert (other.category.name, other.document_number, other.topic) == ("其他", "", None)
    assert other.published_on == date(2022, 11, 7)
    assert notice.history.last().history_change_reason == IMPORT_REASON


def test_a_bad_row_is_reported_by_line_and_column_and_nothing_is_imported(capsys, agency, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        CSV_HEADER
        + "好的一条,2022-11-04,,,,,工作动态,,,,正文\n"
        + '"正文跨行的一条",2022-11-05,,,,,工作动态,,,,"第一行\n第二行"\n'
        + "日期不存在,2022-02-30,,,,,工作动态,,,,正文\n"
        + ",2022-11-04,,,,,工作动态,,,,没有名称\n"
        + "有效性不对,2022-11-04,,,2022-11-09,,工作动态,作废,,,正文\n",
        encoding="utf-8",
    )
    code, out = run(capsys, str(path), "--agency", agency.code)
    assert code == 1
    assert "第 5 行“发布日期”列：发布日期“2022-02-30”不是存在的日期" in out
    assert "第 6 行“标题”列：缺少信息名称" in out
    assert "第 7 行“成文日期”列：成文日期（2022-11-09）晚于发布日期（2022-11-04）" in out
    assert "第 7 行“有效性”列：有效性“作废”应为有效、失效或废止" in out
    assert "第 2 行" not in out and "第 3 行" not in out
    assert CatalogItem.objects.count() == 0


def test_index_number_clashes_in_the_file_and_with_the_catalog_are_bad_rows(capsys, agency, people, tmp_path):
    people.publish(title="已发布的一条")
    taken = CatalogItem.objects.get().index_number
    path = tmp_path / "clash.csv"
    path.write_text(
        CSV_HEADER
        + "甲,2022-11-04,,,,,,,A-1,,正文\n"
        + "乙,2022-11-04,,,,,,,A-1,,正文\n"
        + f"丙,2022-11-04,,,,,,,{taken},,正文\n",
        encoding="utf-8",
    )
    code, out = run(capsys, str(path), "--agency", agency.code)
    assert code == 1
    assert "第 3 行“索引号”列：索引号与第 2 行相同（索引号须唯一）" in out
    assert f"第 4 行“索引号”列：索引号“{taken}”已被“已发布的一条”（某县甲局）使用" in out
    assert CatalogItem.objects.count() == 1


def test_xlsx_and_gb18030_csv_are_read_by_content(capsys, agency, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["信息公开目录"])  # a title row above the header
    sheet.append(["名称", "发布日期", "文号", "信息类别", "正文"])
    sheet.append(["表格里的一条", datetime(2022, 3, 1, 9, 0), "某政〔2022〕9号", "政策解读", "解读内容"])
    sheet.append(["表格里的第二条", "2022.3.2", None, "财政资金", "预算说明"])
    data = io.BytesIO()
    book.save(data)
    path = tmp_path / "目录.data"  # no telling extension: the content decides
    path.write_bytes(data.getvalue())
    code, out = run(capsys, str(path), "--agency", agency.code)
    assert code == 0, out
    first = CatalogItem.objects.get(title="表格里的一条")
    assert first.published_on == date(2022, 3, 1) and first.category.name == "政策解读"
    assert CatalogItem.objects.get(title="表格里的第二条").category.name == "财政资金"

    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("名称,发布日期,正文\nGBK编码的一条,2022-03-03,内容\n".encode("gb18030"))
    assert run(capsys, str(gbk), "--agency", agency.code)[0] == 0
    assert CatalogItem.objects.filter(title="GBK编码的一条").exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.xlsx", b"not a workbook", "内容不是 Excel 工作簿"),
        ("a.csv", "甲,乙\n1,2\n".encode(), "没有找到表头"),
        ("a.jsonl", b"", "文件是空的"),
        ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 Excel"),
    ],
)
def test_unreadable_files_exit_2_with_a_chinese_reason(capsys, agency, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    code, out = run(capsys, str(path), "--agency", agency.code)
    assert code == 2 and message in out and "Traceback" not in out


def test_bad_json_lines_and_unknown_agency(capsys, agency, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"title": "一条", "published": "2022-01-01"}\n{not json\n[1]\n', encoding="utf-8")
    code, out = run(capsys, str(path), "--agency", agency.code)
    assert code == 1
    assert "第 2 行：这一行不是有效的 JSON 对象" in out and "第 3 行：这一行不是 JSON 对象" in out
    assert run(capsys, str(path), "--agency", "nope")[0] == 2
    assert run(capsys, str(tmp_path / "missing.csv"), "--agency", agency.code)[0] == 2


# --- the pieces ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2022-11-04 14:01", date(2022, 11, 4)),
        ("2022-11-04", date(2022, 11, 4)),
        ("2022年11月4日", date(2022, 11, 4)),
        ("2022/11/4", date(2022, 11, 4)),
        ("20221104", date(2022, 11, 4)),
        ("", None),
    ],
)
def test_date_forms(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["2022-02-30", "2022-13-01", "明天", "20221340"])
def test_impossible_or_unreadable_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_chrome_rules_keep_text_that_only_looks_like_chrome():
    body = (
        "当前位置： 首页政务公开通知公告 关于开标的通知 时间：2022-10-10 09:00 微信 微博 QQ空间 "
        "开标时间：2022-10-20 09:00。资金来源：财政拨款。受理时间：工作日。 来源：某局 附件下载 字号 大 中 小"
    )
    cleaned = clean_body(body, "关于开标的通知", date(2022, 10, 10))
    assert cleaned == "开标时间：2022-10-20 09:00。资金来源：财政拨款。受理时间：工作日。"


def test_import_published_is_an_action_with_its_rules(people, agency):
    item = ImportPublished(
        people.clerk,
        agency,
        {"title": "一条"},
        published_on=date(2022, 1, 5),
        source_url="https://a.gov.cn/x.htm",
    ).execute()
    assert item.state == State.PUBLISHED and item.created_by == people.clerk
    assert item.history.last().history_change_reason == f"{IMPORT_REASON}（原文：a.gov.cn/x.htm）"
    with pytest.raises(Exception, match="不能晚于今天"):
        ImportPublished(people.clerk, agency, {"title": "未来"}, published_on=date(2999, 1, 1)).execute()
    with pytest.raises(Exception, match="索引号须唯一"):
        ImportPublished(
            people.clerk,
            agency,
            {"title": "另一条"},
            published_on=date(2022, 1, 5),
            index_number=item.index_number,
        ).execute()
    with pytest.raises(Exception, match="办理"):
        ImportPublished(
            people.other_clerk, agency, {"title": "别的机关"}, published_on=date(2022, 1, 5)
        ).execute()


def test_read_rows_takes_other_meta_as_fallbacks():
    line = {"title": "t", "published": "", "doc_number": "", "other_meta": {"发布日期(页内)": "2022-01-02", "发文字号(页内)": "某〔2022〕1号"}}  # fmt: skip
    (row,) = read_rows(json.dumps(line, ensure_ascii=False).encode(), "x.jsonl")
    assert row.get("published") == "2022-01-02" and row.get("doc_number") == "某〔2022〕1号"
