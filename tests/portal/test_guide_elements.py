"""The generated 政府信息公开指南 states every element the three real guides state (issue 9 item 10).

ELEMENTS lists each element once: the words each real guide uses for it (checked against the guide
texts in ``shared/fixtures/catalog``) and what the generated guide of the demo 管委会 must say. A
phrase may be a function of the agency, so facts are read from the record, never copied here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.agencies.actions import SaveAgency, UpdateAgencyContact
from gongkai.agencies.demo import DEMO_AGENCIES
from gongkai.agencies.models import Agency
from gongkai.law import fees, statute
from gongkai.portal import guide

pytestmark = pytest.mark.django_db

GUIDES = {
    1: "guide_01_pingtan_zhsyq.txt",  # 平潭综合实验区 (2024)
    2: "guide_02_czj.txt",  # 区财政金融局 (2024)
    3: "guide_03_gaj.txt",  # 区公安局 (2021)
}

Phrase = str | Callable[[Agency], str]


@dataclass(frozen=True)
class Element:
    name: str
    real: dict[int, tuple[str, ...]]  # guide number → phrases that guide uses
    generated: tuple[Phrase, ...]  # what the generated guide must contain


def _fee(n: int, pages: bool = False) -> str:
    return f"合计 {(fees.page_fee(n) if pages else fees.item_fee(n)).amount} 元"


ELEMENTS: tuple[Element, ...] = (
    # --- preamble ---------------------------------------------------------------------------------
    Element(
        "编制依据",
        {
            1: ("根据《中华人民共和国政府信息公开条例》",),
            2: ("根据《中华人民共和国政府信息公开条例》",),
            3: ("根据《中华人民共和国政府信息公开条例》",),
        },
        (f"根据{statute.STATUTE_NAME}",),
    ),
    Element(
        "政府信息的定义",
        {3: ("所称的政府信息，是指本单位在履行职责过程中制作或获取的，以一定形式记录、保存的信息",)},
        (statute.ART_2,),
    ),
    Element(
        "分为主动公开和依申请公开",
        {
            1: ("政府信息公开分为主动公开和依申请公开",),
            2: ("政府信息公开分为主动公开和依申请公开",),
            3: ("政府信息公开分为主动公开和依申请公开",),
        },
        ("政府信息公开分为主动公开和依申请公开",),
    ),
    Element(
        "指南实时更新及更新日期",
        {1: ("本《指南》实时更新",), 2: ("《指南》实时更新",), 3: ("将根据政府信息公开情况及时更新",)},
        ("本指南实时更新", lambda a: "更新日期：" + _cn(guide.updated_on(a))),
    ),
    Element(
        "指南的查阅途径（门户网站、查阅场所）",
        {
            1: ("上查阅本《指南》",),
            2: ("在档案馆、图书馆等公共查阅场所查阅《指南》的纸质文本",),
            3: ("上查阅本《指南》",),
        },
        (lambda a: f"并可通过本机关门户网站 {a.website} 查阅", "在本指南所列的政府信息查阅场所查阅"),
    ),
    Element(
        "工作机构及其职责、主管部门",
        {
            1: ("是全区政府信息公开工作的主管部门，负责推进、指导、协调、监督",),
            2: ("作为全局政府信息公开工作的牵头处室",),
            3: ("是本单位政府信息公开工作的主管部门",),
        },
        (
            lambda a: f"本机关政府信息公开工作机构为{a.office_name}",
            "政府信息公开工作主管部门晋江市人民政府办公室推进、指导、协调、监督",
        ),
    ),
    Element(
        "机构设置和职能",
        {1: ("平潭综合实验区管委会、平潭县人民政府的政府信息公开工作由区办公室负责",)},
        ("机构设置和职能", "上级机关", "所属机构", "主要职能"),
    ),
    # --- 主动公开 -----------------------------------------------------------------------------------
    Element(
        "主动公开工作机构的电话、地址、邮编",
        {1: ("咨询电话：0591-23165385", "通信地址：", "邮政编码：350400")},
        (lambda a: a.office_phone, lambda a: a.office_address, lambda a: a.office_postcode),
    ),
    Element(
        "公开范围及具体目录",
        {
            1: ("（二）公开范围", "具体目录请点此"),
            2: ("（一）公开范围", "具体目录请点此"),
            3: ("（一）公开范围", "具体目录可查阅此链接"),
        },
        ("（二）公开范围", *statute.ART_20_ITEMS, "具体目录见本平台政府信息公开目录"),
    ),
    Element(
        "信息分类",
        {1: ("信息类别",)},
        ("本机关主动公开的政府信息分为以下信息类别：机构职能、",),
    ),
    Element(
        "编排体系：索引号、信息名称、发布机构、生成日期、文号及其说明",
        {
            1: (
                "（三）编排体系",
                "索引号：政府公开信息的唯一识别代码",
                "信息名称：政府信息的标题",
                "发布机构：政府信息发布主体",
                "生成日期",
                "文号：政府信息的发文字号，由发文机关代字、发文年份和文件顺序号",
            ),
            3: ("（四）编排体系", "索引号：政府公开信息的唯一识别代码"),
        },
        (
            "（三）编排体系",
            "索引号",
            "政府信息的唯一识别代码",
            "名称",
            "政府信息的标题",
            "发布机构",
            "成文日期",
            "文号",
            "政府信息的发文字号，由发文机关代字、年份和发文顺序号组成",
            "内容概述",
            lambda a: f"本机关前段码为 {guide.index_scheme(a, date.today()).prefix}",
        ),
    ),
    Element(
        "公开渠道：政府网站",
        {
            1: ("政府门户网站http://www.pingtan.gov.cn/",),
            2: ("通过政府门户网站",),
            3: ("通过平潭综合实验区政府门户网站（www.pingtan.gov.cn）",),
        },
        ("政府网站：本平台", lambda a: f"本机关门户网站：{a.website}"),
    ),
    Element(
        "获取方法：栏目浏览、检索",
        {
            2: ("浏览“中国平潭”政府门户网站首页的“政府信息公开”栏目，或者使用网络搜索工具进行查找",),
            3: ("或使用搜索工具查找",),
        },
        ("可按名称、索引号、生成日期检索、查阅和下载",),
    ),
    Element(
        "公开渠道：政务新媒体",
        {1: ("官方微信公众号：平潭发布",), 3: ("官方微信公众号：平潭警方在线", "官方微博公众号：平潭公安局")},
        (lambda a: "政务新媒体：" + "；".join(guide.new_media(a)),),
    ),
    Element(
        "公开渠道：政府公报、新闻发布会、报刊广播电视",
        {
            1: ("平潭新闻发布会", "电视、报刊等其他形式"),
            2: ("新闻发布会及报刊、广播、电视等媒体",),
            3: ("新闻发布会、报刊、广播、电视等媒体",),
        },
        (statute.ART_23, "政府公报、新闻发布会以及报刊、广播、电视等途径"),
    ),
    Element(
        "公开渠道：档案馆、图书馆、政务服务中心等查阅场所",
        {
            1: ("区档案馆地址：", "区图书馆地址："),
            2: ("在档案馆、公共图书馆设置查阅场所",),
            3: ("在档案馆、公共图书馆设置的公共查阅室、资料索取点获得政府公开信息",),
        },
        (statute.ART_25_3, "政府信息查阅场所", lambda a: guide.reading_rooms(a)[0][0]),
    ),
    Element(
        "公开时限 20 个工作日",
        {
            1: ("自该信息形成或者变更之日起20个工作日内予以公开",),
            2: ("自该信息形成或者变更之日起20个工作日内予以公开",),
            3: ("自该信息形成或者变更之日起20个工作日内予以公开",),
        },
        ("自该政府信息形成或者变更之日起20个工作日内予以公开", statute.ART_26),
    ),
    # --- 依申请公开 ---------------------------------------------------------------------------------
    Element(
        "受理机构：名称、地址、邮编、电话、传真、邮箱",
        {
            1: ("受理机构：", "地址：", "邮政编码：", "咨询电话：", "电子邮箱："),
            2: ("受理机构：", "地址：", "邮政编码：", "电话：", "传真："),
            3: ("（一）受理申请机构", "地址：", "邮政编码：", "联系电话：", "电子邮箱："),
        },
        (
            "受理机构",
            lambda a: a.office_name,
            lambda a: a.office_address,
            lambda a: a.office_postcode,
            lambda a: a.office_phone,
            lambda a: a.office_fax,
            lambda a: a.office_email,
        ),
    ),
    Element(
        "受理（办公）时间",
        {
            1: ("咨询时间：周一至周五（法定节假日除外）",),
            2: ("受理时间为正常上班时间，法定节假日除外",),
            3: ("受理时间：法定工作日",),
        },
        ("受理时间", "办公时间", lambda a: a.office_hours or guide.UNPUBLISHED),
    ),
    Element(
        "邮寄地址",
        {3: ("邮寄地址为：福建省平潭综合实验区天山北路1号",)},
        (lambda a: f"邮寄地址{guide.mail_address(a)}",),
    ),
    Element(
        "申请内容要求（第二十九条）",
        {
            1: (
                "申请人的姓名或者名称、身份证明、联系方式",
                "申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述",
                "申请公开的政府信息的形式要求，包括获取信息的方式、途径",
            ),
            2: ("申请公开的政府信息的形式要求，包括获取信息的方式、途径",),
            3: ("申请公开的政府信息的形式要求，包括获取信息的方式、途径",),
        },
        statute.ART_29_2_ITEMS,
    ),
    Element(
        "信访、投诉、举报不作为申请处理",
        {
            1: ("不作为政府信息公开申请处理，请通过相应渠道提出",),
            2: ("不作为政府信息公开申请处理，请通过相应渠道提出",),
            3: ("不作为政府信息公开申请处理，请通过相应渠道提出",),
        },
        (statute.ART_39,),
    ),
    Element(
        "申请方式：网络在线申请，以确认之日为收到申请之日",
        {1: ("在线申请", "以确认之日为收到申请之日"), 2: ("通过互联网直接申请",), 3: ("通过互联网在线申请",)},
        ("互联网", "以双方确认之日为收到申请之日", "在线填写政府信息公开申请"),
    ),
    Element(
        "申请方式：书面（信函、邮寄），信封注明“政府信息公开申请”",
        {
            1: ("书面申请", "在信封左下角注明“政府信息公开申请”"),
            2: ("书面申请",),
            3: ("书面申请", "应在信封件上方注明“政府信息公开申请”字样"),
        },
        ("邮寄", "以行政机关签收之日为收到申请之日", "请在信封上注明“政府信息公开申请”"),
    ),
    Element(
        "申请方式：传真、当面提交",
        {2: ("传真：0591-23100206",)},
        ("传真", "当面提交", "以提交之日为收到申请之日", *statute.ART_31_ITEMS),
    ),
    Element(
        "申请方式：口头申请、代为填写",
        {1: ("口头申请", "由受理机构代为填写《申请表》"), 2: ("口头申请",), 3: ("口头申请",)},
        (statute.ART_29_1, "口头提出"),
    ),
    Element(
        "出具回执",
        {1: ("受理机构收到《申请表》后向申请人出具回执",), 2: ("受理机构收到《申请表》后向申请人出具回执",)},
        ("作为本机关收到申请的回执",),
    ),
    Element(
        "答复时限：当场答复、20 个工作日、延长不超过 20 个工作日",
        {
            1: ("能够当场答复的当场答复", "自收到申请之日起20个工作日内", "延长答复期限最长不超过20个工作日"),
            2: ("能够当场答复的当场答复", "延长答复期限最长不超过15个工作日"),
            3: ("自收到申请之日起20个工作日内予以答复", "延长的期限最长将不超过20个工作日"),
        },
        (statute.ART_33[0], statute.ART_33[1]),
    ),
    Element(
        "第三方意见所需时间不计算在期限内",
        {
            1: ("征求第三方意见所需时间不计算在期限内",),
            2: ("征求第三方意见所需时间不计算在期限内",),
            3: ("征求第三方意见所需时间不计算在上述期限内",),
        },
        (statute.ART_33[2],),
    ),
    Element(
        "申请内容不明确的补正",
        {
            1: ("申请内容不明确的，将告知申请人作出更改、补充",),
            2: ("申请内容不明确的，受理机构告知申请人作出更改、补充",),
        },
        (statute.ART_30,),
    ),
    Element(
        "答复的各种情形",
        {
            1: (
                "属于主动公开范围的，将告知申请人获取该政府信息的方式和途径",
                "属于不予公开范围的，将告知申请人并说明理由",
                "依法不属于本机关公开范围的",
                "申请公开的政府信息不存在的，将告知申请人",
            ),
            2: ("属于不予公开范围的，由受理机构告知申请人并说明理由",),
        },
        (
            "（一）予以公开",
            "（三）不予公开",
            "（四）无法提供1.本机关不掌握相关政府信息",
            "第三十六条第（五）项",
        ),
    ),
    Element(
        "不予公开的范围",
        {1: ("属于不予公开范围的",), 2: ("属于不予公开范围的",)},
        ("不予公开的范围", "属于依法确定为国家秘密的政府信息", "属于行政执法案卷信息"),
    ),
    Element(
        "收费：原则不收费，超过合理范围依国办函〔2020〕109号收取信息处理费",
        {
            1: ("不收取费用", "（国办函〔2020〕109号）收取信息处理费"),
            2: ("不收取费用", "（国办函〔2020〕109号）收取信息处理费"),
            3: ("不收取费用", "（国办函〔2020〕109号）收取信息处理费"),
        },
        (
            "本机关依申请提供政府信息，不收取费用",
            statute.FEE_RULES_NAME,
            *statute.FEE_ART_4_ITEMS,
            *statute.FEE_ART_5_ITEMS,
            _fee(45),
            _fee(250, pages=True),
        ),
    ),
    # --- 监督和救济 ---------------------------------------------------------------------------------
    Element(
        "投诉、举报（上一级行政机关、主管部门）",
        {
            2: ("可以向上级行政机关或政府信息公开工作主管部门（平潭综合实验区管委会）举报",),
            3: ("可以向政府信息公开工作主管部门（平潭综合实验区管委会办公室）投诉",),
        },
        (statute.ART_51, "上一级行政机关晋江市人民政府", "政府信息公开工作主管部门晋江市人民政府办公室"),
    ),
    Element(
        "行政复议（机关、期限、复议前置）",
        {1: ("可以依法申请行政复议",), 2: ("可以依法申请行政复议",), 3: ("可以依法申请行政复议",)},
        ("行政复议机关晋江市人民政府", statute.RECONSIDERATION_ART_20, statute.RECONSIDERATION_ART_23),
    ),
    Element(
        "行政诉讼（期限）",
        {1: ("或者提起行政诉讼",), 2: ("或者提起行政诉讼",), 3: ("或者提起行政诉讼",)},
        ("六个月内直接向人民法院提起行政诉讼", "十五日内向人民法院提起行政诉讼"),
    ),
    # --- not in the three guides, but required of the generated one by issue 9 ----------------------
    Element(
        "政府信息公开工作年度报告的公布时间",
        {},
        (statute.ART_49[0], "于每年1月31日前向社会公布本机关上一年度政府信息公开工作年度报告"),
    ),
    Element("阅读困难或者视听障碍的帮助", {}, (statute.ART_43,)),
)


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def text_of(response) -> str:
    """The page as a reader sees it: tags removed, entities decoded, whitespace between lines kept."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


@pytest.fixture
def admin(db):
    return get_user_model().objects.create(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def demo(admin) -> Agency:
    """The demo agencies (晋江市人民政府 and the 管委会 of the seed report) with their DEMO_AGENCIES
    facts, saved through SaveAgency as `gongkai demo` saves them (without the demo's accounts)."""
    saved: dict[str, Agency] = {}
    for spec in DEMO_AGENCIES:
        values = dict(spec)
        parent = values.pop("parent")
        saved[values["code"]] = SaveAgency(
            admin, Agency(parent=saved[parent] if parent else None, **values), reason="演示数据"
        ).execute()
    return saved["jinjiang-xzfwzx"]


def guide_text(client, agency: Agency) -> str:
    page = client.get(reverse("portal:guide", args=[agency.code]))
    assert page.status_code == 200
    return text_of(page)


def _phrase(p: Phrase, agency: Agency) -> str:
    return p(agency) if callable(p) else p


def test_every_element_of_the_real_guides_is_in_the_generated_guide(client, demo):
    compact = re.sub(r"\s+", "", guide_text(client, demo))
    missing = []
    for element in ELEMENTS:
        for p in element.generated:
            phrase = _phrase(p, demo)
            if not phrase or re.sub(r"\s+", "", phrase) not in compact:
                missing.append(f"{element.name}: 「{phrase}」")
    assert not missing, "the generated guide lacks:\n" + "\n".join(missing)


def test_the_element_list_quotes_the_real_guides(fixtures_dir):
    """Each real phrase is in the guide it is attributed to, and every guide contributes."""
    texts = {n: (fixtures_dir / "catalog" / name).read_text(encoding="utf-8") for n, name in GUIDES.items()}
    for element in ELEMENTS:
        for number, phrases in element.real.items():
            for phrase in phrases:
                assert phrase in texts[number], f"{element.name}: 「{phrase}」 not in {GUIDES[number]}"
    for number in GUIDES:
        assert sum(number in e.real for e in ELEMENTS) >= 20


def test_changing_the_phone_through_save_agency_changes_the_guide_at_once(client, demo, admin):
    old = demo.office_phone
    before = guide_text(client, demo)
    assert old in before
    demo.office_phone = "0595-85650000"
    SaveAgency(admin, demo, reason="更换联系电话").execute()
    after = guide_text(client, demo)
    assert "0595-85650000" in after and f"联系电话{old}" not in re.sub(r"\s+", "", after)
    assert "更新日期：" + _cn(guide.updated_on(demo)) in after


def test_new_facts_are_edited_with_the_contact_facts_and_shown(client, demo, admin):
    changes = {
        "mail_address": "福建省晋江市世纪大道333号收发室",
        "office_hours": "工作日上午8:00—12:00，下午15:00—18:00（法定节假日除外）",
        "functions": "负责全市行政审批服务的组织协调和监督管理。",
        "new_media": "微信公众号：晋江行政服务\n微博：晋江行政服务中心",
    }
    assert set(UpdateAgencyContact(admin, demo, changes, reason="补充指南信息").execute()) == set(changes)
    text = guide_text(client, demo)
    for value in ("邮寄地址福建省晋江市世纪大道333号收发室", changes["office_hours"], changes["functions"]):
        assert value in re.sub(r"\s+", "", text) or value in text
    assert "政务新媒体：微信公众号：晋江行政服务；微博：晋江行政服务中心" in text
    assert "寄至 福建省晋江市世纪大道333号收发室" in text  # the 邮寄 channel uses the 邮寄地址


def test_reading_rooms_come_from_the_government_when_a_department_lists_none(client, demo, admin):
    government = demo.parent
    government.reading_rooms = "晋江市档案馆：晋江市某路1号，电话 0595-00000001\n晋江市图书馆：晋江市某路2号"
    SaveAgency(admin, government, reason="登记查阅场所").execute()
    czj = Agency.objects.get(code="jinjiang-czj")
    text = guide_text(client, czj)
    assert "晋江市档案馆：晋江市某路1号" in text and "晋江市图书馆：晋江市某路2号" in text
    assert "（晋江市人民政府设置）" in text


@pytest.mark.parametrize(
    ("code", "body"),
    [
        ("jinjiang-xzfwzx", "晋江市人民政府"),  # a department: 本级人民政府
        ("jinjiang-anhai", "晋江市人民政府"),  # a 乡镇人民政府: 上一级人民政府
        ("jinjiang", ""),  # a county government whose 上一级人民政府 is not in the tree
    ],
)
def test_the_reconsideration_body_follows_the_tree(client, demo, code, body):
    text = re.sub(r"\s+", "", guide_text(client, Agency.objects.get(code=code)))
    if body:
        assert f"行政复议机关{body}" in text
    else:
        assert "行政复议机关未公布（依法确定）" in text


def test_a_county_government_is_reviewed_by_the_government_above_it(client, demo, admin):
    city = Agency(
        code="quanzhou", name="泉州市人民政府", level=Agency.Level.PREFECTURE, kind=Agency.Kind.GOVERNMENT
    )
    SaveAgency(admin, city, reason="上级政府").execute()
    county = Agency.objects.get(code="jinjiang")
    county.parent = city
    SaveAgency(admin, county, reason="挂到上级政府").execute()
    text = re.sub(r"\s+", "", guide_text(client, county))
    assert "行政复议机关泉州市人民政府" in text
    # a government's report is published by its 主管部门 (the 办公室 in the tree) by 2月20日 (30号文)
    assert "晋江市人民政府办公室于每年2月20日前向社会公布本级政府上一年度政府信息公开工作年度报告" in text


def test_the_guide_is_accessible_and_printable(client, demo):
    page = client.get(reverse("portal:guide", args=[demo.code]))
    body = page.content.decode()
    main = body[body.index("<h1") :]
    levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", main)]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
    tables = re.findall(r"<table.*?</table>", body, flags=re.S)
    assert tables
    for table in tables:
        assert "<caption>" in table and '<th scope="col">' in table
    assert '<style media="print">' in body and "<script" not in main
    for section in ("active", "request", "remedy", "annual", "about"):
        assert f'<section id="{section}" aria-labelledby="{section}-h">' in body


def test_guide_update_date_is_the_latest_record_change_or_the_template_version(demo):
    from datetime import timedelta

    from django.utils import timezone

    history = demo.history.latest()
    assert guide.updated_on(demo) == max(guide.GUIDE_VERSION, timezone.localdate(history.history_date))
    later = timezone.now() + timedelta(days=400)
    type(history).objects.filter(pk=history.pk).update(history_date=later)
    assert guide.updated_on(demo) == timezone.localdate(later)
