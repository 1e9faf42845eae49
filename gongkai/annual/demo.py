"""Demo data: the seed agency's 2022 annual report as a draft built from its records.

The figures (tables, section 一(二)(三), the fee statement of section 六) come from the records the
other apps' demo loaders made; the parts of the text no record holds — the two 2022 工作要点 the
agency tracked, how it managed information, its platforms, its supervision, and section 五 — are
the agency's own words from its published report (fixtures/seed/jinjiang-xzfwzx-2022.txt), typed
in as a clerk would. Idempotent: an existing report or list of 工作要点 is left as it is.
"""

from __future__ import annotations

from gongkai.agencies.demo import REASON, DemoContext
from gongkai.applications.demo import SEED

from . import actions as act
from .drafting import PLACEHOLDER
from .models import AnnualReport, WorkPoint

SEED_YEAR = 2022

WORK_POINTS = (
    (
        "优化政策咨询服务",
        "主要围绕线上、线下两方面开展：线上，通过拨打晋江市行政服务中心管委会热线电话85659702进行咨询，"
        "或通过“晋江行政服务”公众号中的“微服务”进行咨询投诉；线下，在晋江市政务服务中心一楼、三楼办事大厅"
        "均有设置导询台，配备数名导办人员，以导引群众、接听热线电话等。",
    ),
    (
        "务实推进政务公开专区建设",
        "在晋江市政务服务中心办事大厅一楼24小时自助服务区设立政务公开服务专区，为群众提供政府信息网上查询、"
        "政策咨询等服务。",
    ),
)

SECTION_1_PARTS = {
    "政府信息管理情况。": "一是指定专人负责政府信息管理工作，统筹协调做好我单位政府信息制作发布、依申请公开受理等工作。"
    "二是认真落实政府信息公开审批“三审”制度，对拟公开的政府信息，填写《晋江市行政服务中心政府信息公开发布保密审查表》，"
    "经科室负责人、分管领导、主要领导严格审核把关后再予以公开。",
    "政府信息公开平台建设情况。": "一是以晋江市人民政府门户网站为主要公开平台。二是充分运用“晋江行政服务”微信公众号发布"
    "群众关注度较高和需让群众知晓的信息。三是“两馆”平台，每月按要求积极主动报送政府信息公开信息文件至市档案馆和图书馆，"
    "供市民查阅。四是在政务大厅醒目位置设立政务公开专区、设置政务服务自助一体机。",
    "监督保障情况。": "成立政府信息公开工作领导小组，明确工作责任。完善了我单位政府信息公开工作制度、"
    "政府信息公开工作评议考核机制，积极参加市政务公开办组织的相关业务培训。",
}

SECTION_5 = (
    "（一）存在问题。一是主动公开的政府信息与公众需求还存在一些差距。二是政策解读、重点领域信息公开等方面公开形式单一、"
    "信息质量不高，还须进一步丰富。\n"
    "（二）改进措施。一是不断加大政府信息公开力度，以社会需求为导向，拓展公开的深度及形式，不断丰富信息公开内容，"
    "更高效地回应市民关切。二是创新解读形式，进一步将图片、视频解读等方式丰富运用到网站内容发布中，增加政策解读效果。"
    "三是进一步深化重点领域信息公开工作，优化和规范政府信息公开范围和内容，提升信息发布质量。"
)


def section_1(draft: str) -> str:
    """The drafted section 一 with the agency's words where the draft asks for them."""
    for heading, words in SECTION_1_PARTS.items():
        draft = draft.replace(f"{heading}{PLACEHOLDER}", f"{heading}{words}", 1)
        draft = draft.replace(f"{heading}本年度未发生", f"{heading}{words}本年度未发生", 1)
    return draft.replace(PLACEHOLDER, "")


def load(context: DemoContext) -> None:
    agency = context.agencies[SEED]
    clerk = context.users.get("clerk", context.actor)
    if not WorkPoint.objects.filter(agency=agency, year=SEED_YEAR).exists():
        for title, progress in WORK_POINTS:
            act.SaveWorkPoint(
                clerk, agency, SEED_YEAR, title=title, progress=progress, reason=REASON
            ).execute()
    if AnnualReport.objects.filter(agency=agency, year=SEED_YEAR, kind=AnnualReport.Kind.AGENCY).exists():
        return
    annual = act.StartReport(clerk, agency, SEED_YEAR, reason=REASON).execute()
    act.EditSection(clerk, annual, "一", section_1(annual.sections["一"]), reason=REASON).execute()
    act.EditSection(clerk, annual, "五", SECTION_5, reason=REASON).execute()
    context.note(f"年度报告：{agency.display_name} {SEED_YEAR} 年（草稿，数据取自记录）")
