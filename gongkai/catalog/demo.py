"""Demo data for the catalog (政府信息公开目录), loaded by ``gongkai demo`` after the applications
(``gongkai.agencies.demo.load_demo`` calls every app's ``load`` in INSTALLED_APPS order).

The seed agency (晋江市行政服务中心管理委员会) gets its 2022 as records: the 9 items its 2022
annual report counts in section 一(二) — 机构职能 1, 财政资金 2, 人大建议和政协提案办理 2, 工作动态 3,
年度工作报告 1, all 全文电子化 — and no 规章/规范性文件 and no statistics entry, so that
``table2_for`` and ``proactive_figures`` for 2022 give that report's table 二 and section 一(二).
Each item takes the real path the report describes (「经科室负责人、分管领导、主要领导严格审核把关后
再予以公开」): drafted and submitted by the demo 经办人, approved at the three levels by the demo
科室负责人, 分管领导 and 主要领导, then published by the 经办人 on its 2022 date (``Publish`` accepts
a past day; the review steps themselves carry the time the demo was loaded).

The sibling agencies (市政府办, 财政局, 教育局, 安海镇) get a larger catalog: the real items crawled
from the 平潭 portal (``demo_data/items.jsonl``), imported through the real importer and
re-attributed by publisher (财政 to the 财政局, the other publishers dealt out in turn) with the
demo agency as 发布机构. Rows the importer refuses (the crawl's one column page without a 发布日期)
are left out.

Idempotent: an item of the seed year is found by its agency and title, an imported one by the
importer's own re-import rule (索引号, else 名称/发布日期/文号); nothing already there is saved again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gongkai.agencies.demo import REASON, DemoContext
from gongkai.applications.demo import SEED, SIBLINGS

from . import actions as act
from . import importer
from .models import CatalogItem, State

SEED_YEAR = 2022
DEMO_ITEMS = Path(__file__).resolve().parent / "demo_data" / "items.jsonl"
CLEAR = {"secret": False, "trade_secret": False, "privacy": False, "disclosure_confirmed": True}
# Which sibling publishes a crawled item: by a word of its publisher, else in turn.
PUBLISHER_HOMES = (("财政", "jinjiang-czj"),)


@dataclass(frozen=True)
class SeedItem:
    category: str
    title: str
    formed: date
    published: date
    body: str
    document_number: str = ""


SEED_ITEMS: tuple[SeedItem, ...] = (
    SeedItem(
        "年度工作报告",
        "晋江市行政服务中心管理委员会2021年政府信息公开工作年度报告",
        date(2022, 1, 10),
        date(2022, 1, 14),
        "本报告根据《中华人民共和国政府信息公开条例》和《福建省政府信息公开办法》的要求编制，"
        "包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、"
        "行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六个部分。"
        "本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。",
    ),
    SeedItem(
        "财政资金",
        "晋江市行政服务中心管理委员会2022年部门预算",
        date(2022, 2, 18),
        date(2022, 2, 25),
        "根据晋江市财政局关于做好2022年部门预算公开工作的要求，现将晋江市行政服务中心管理委员会"
        "2022年部门预算公开如下：一、部门主要职责；二、部门预算单位构成；三、2022年部门收支预算情况；"
        "四、“三公”经费预算情况；五、政府采购预算情况；六、名词解释。",
    ),
    SeedItem(
        "机构职能",
        "晋江市行政服务中心管理委员会机构职能",
        date(2022, 3, 7),
        date(2022, 3, 11),
        "晋江市行政服务中心管理委员会负责全市政务服务中心的管理和协调，组织、指导、协调和监督"
        "进驻部门的行政审批和公共服务事项办理，推进审批服务标准化、规范化、便利化。"
        "内设综合科等科室。办公地址：福建省晋江市世纪大道333号晋兴成发大厦；联系电话：85659620；"
        "办公时间：法定工作日上午8:00-12:00，下午14:30-17:30（夏令时15:00-18:00）。",
    ),
    SeedItem(
        "工作动态",
        "市政务服务中心设立政务公开服务专区",
        date(2022, 4, 18),
        date(2022, 4, 20),
        "为务实推进政务公开专区建设，晋江市政务服务中心在办事大厅一楼24小时自助服务区设立政务公开"
        "服务专区，配备政务服务自助一体机，为群众提供政府信息网上查询、政策咨询等服务，"
        "并主动公开行政审批事项的审批依据、所需材料、办理程序、办结时限等内容，方便群众查阅。",
    ),
    SeedItem(
        "人大建议和政协提案办理",
        "关于市十八届人大一次会议第1036号建议办理情况的答复",
        date(2022, 6, 1),
        date(2022, 6, 8),
        "您提出的关于进一步优化政务服务、推行“一窗受理”的建议收悉。我委高度重视，现将办理情况答复如下："
        "一是持续推进综合窗口改革，优化窗口设置；二是在高频事项业务窗口前的等候区安排导办人员，"
        "帮助群众解答业务问题；三是通过“晋江行政服务”公众号提供线上咨询投诉渠道。感谢您对政务服务工作的关心和支持。",
        "晋行服函〔2022〕12号",
    ),
    SeedItem(
        "人大建议和政协提案办理",
        "关于市政协十四届一次会议第20220087号提案办理情况的答复",
        date(2022, 6, 13),
        date(2022, 6, 17),
        "您提出的关于提升政务服务便利度的提案收悉。经认真研究，现将办理情况答复如下："
        "我委在市政务服务中心一楼、三楼办事大厅均设置导询台，配备导办人员引导群众、接听咨询热线；"
        "依托政务服务自助一体机延伸服务时间，下一步将继续拓展线上办理渠道。",
        "晋行服函〔2022〕15号",
    ),
    SeedItem(
        "财政资金",
        "晋江市行政服务中心管理委员会2021年部门决算",
        date(2022, 8, 22),
        date(2022, 8, 26),
        "根据晋江市财政局关于做好2021年部门决算公开工作的要求，现将晋江市行政服务中心管理委员会"
        "2021年部门决算公开如下：一、部门概况；二、2021年度部门决算表；三、2021年度部门决算情况说明；"
        "四、名词解释。",
    ),
    SeedItem(
        "工作动态",
        "“晋江行政服务”公众号“微服务”提供线上咨询投诉",
        date(2022, 9, 5),
        date(2022, 9, 9),
        "为优化政策咨询服务，群众除拨打晋江市行政服务中心管委会热线电话85659702咨询外，"
        "还可通过“晋江行政服务”微信公众号中的“微服务”栏目进行咨询投诉，工作人员将及时答复。",
    ),
    SeedItem(
        "工作动态",
        "市政务服务中心高频事项窗口配备导办人员",
        date(2022, 11, 14),
        date(2022, 11, 18),
        "市政务服务中心在部分高频事项所属业务窗口前的等候叫号区安排导办人员，帮助群众解答相关业务"
        "问题、指导填写申请材料，减少群众等候时间和往返次数。",
    ),
)


def _seed_year(context: DemoContext) -> int:
    agency = context.agencies[SEED]
    users = context.users
    clerk, reviewers = users["clerk"], {1: users["section"], 2: users["deputy"], 3: users["head"]}
    categories = {c.name: c for c in act.categories_of(agency)}
    made = 0
    for spec in SEED_ITEMS:
        if CatalogItem.objects.filter(agency=agency, title=spec.title).exists():
            continue
        fields = {
            "title": spec.title,
            "body": spec.body,
            "category": categories[spec.category],
            "formed_on": spec.formed,
            "written_on": spec.formed,
            "document_number": spec.document_number,
            "full_text_electronic": True,
        }
        item = act.SaveDraft(clerk, agency, fields, reason=REASON).execute()
        item = act.SubmitForReview(clerk, item, reason=REASON).execute()
        while item.state == State.REVIEW:
            reviewer = reviewers[min(item.review_level, 3)]
            item = act.ReviewItem(
                reviewer, item, approve=True, opinion="同意公开", reason=REASON, **CLEAR
            ).execute()
        act.Publish(clerk, item, on=spec.published, reason=REASON).execute()
        made += 1
    return made


def _homes(rows: list) -> dict[str, list]:
    """The crawled rows by the sibling that publishes them in the demo."""
    homes: dict[str, list] = {code: [] for code in SIBLINGS}
    turn: dict[str, str] = {}
    others = [code for code in SIBLINGS if code not in {home for _, home in PUBLISHER_HOMES}]
    for row in rows:
        publisher = "" if isinstance(row, importer.RowError) else str(row.get("publisher") or "")
        home = next((code for word, code in PUBLISHER_HOMES if word in publisher), None)
        if home is None:
            home = turn.setdefault(publisher, others[len(turn) % len(others)])
        homes[home].append(row)
    return homes


def _sibling_catalogs(context: DemoContext) -> None:
    if not DEMO_ITEMS.is_file():
        return
    rows = importer.read_rows(DEMO_ITEMS.read_bytes(), DEMO_ITEMS.name)
    for code, mine in _homes(rows).items():
        agency = context.agencies[code]
        records, _refused = importer.parse_rows(mine, agency)
        for record in records:
            record.fields["publisher"] = agency.name
        report = importer.import_records(context.actor, agency, records)
        for error in report.errors:
            context.note(f"政府信息（导入）：{agency.display_name} 未导入——{error.text()}")
        if report.created:
            context.note(f"政府信息（导入）：{agency.display_name} {len(report.created)} 条")


def load(context: DemoContext) -> None:
    made = _seed_year(context)
    if made:
        context.note(
            f"政府信息：{context.agencies[SEED].display_name} {SEED_YEAR} 年 {made} 条（三级审查后发布）"
        )
    _sibling_catalogs(context)
