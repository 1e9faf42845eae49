"""The facts a 政府信息公开指南 states (条例第十二条), drawn from the agency record.

A missing fact is shown as 「未公布」, never guessed: the guide must be truthful, and the office
sees at a glance what it still has to fill in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from gongkai.agencies.models import Agency

UNPUBLISHED = "未公布"


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    kind: str = "text"  # text | email | url | tel

    @property
    def missing(self) -> bool:
        return not self.value

    @property
    def shown(self) -> str:
        return self.value or UNPUBLISHED


def online_channel(agency: Agency) -> str:
    """Where to apply online: the platform the agency names, else this system's own form."""
    return agency.online_channel or reverse("applications:apply", args=[agency.code])


def office_facts(agency: Agency) -> list[Fact]:
    """工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式 (第十二条), in that order."""
    return [
        Fact("工作机构", agency.office_name),
        Fact("办公地址", agency.office_address),
        Fact("邮政编码", agency.office_postcode),
        Fact("办公时间", agency.office_hours),
        Fact("联系电话", agency.office_phone, "tel"),
        Fact("传真号码", agency.office_fax),
        Fact("电子邮箱", agency.office_email, "email"),
        Fact("互联网联系方式", online_channel(agency), "url"),
    ]


def acceptance_facts(agency: Agency) -> list[Fact]:
    """依申请公开的受理机构、地址、邮编、电话、传真、邮箱、受理时间."""
    return [
        Fact("受理机构", agency.office_name),
        Fact("地址", agency.office_address),
        Fact("邮政编码", agency.office_postcode),
        Fact("联系电话", agency.office_phone, "tel"),
        Fact("传真号码", agency.office_fax),
        Fact("电子邮箱", agency.office_email, "email"),
        Fact("受理时间", agency.office_hours),
        Fact("在线申请", online_channel(agency), "url"),
    ]


def local_scope(agency: Agency) -> str | None:
    """Whether 第二十一条 adds items for this agency: 设区的市级、县级人民政府及其部门, or 乡（镇）人民政府."""
    if agency.level in (Agency.Level.PREFECTURE, Agency.Level.COUNTY) and agency.kind in (
        Agency.Kind.GOVERNMENT,
        Agency.Kind.DEPARTMENT,
    ):
        return "county"
    if agency.level == Agency.Level.TOWNSHIP and agency.kind == Agency.Kind.GOVERNMENT:
        return "township"
    return None


def index_prefix(agency: Agency) -> str:
    """The front part of this agency's 索引号: its 组织机构代码 without the hyphen (spec §4.2)."""
    return agency.org_code.replace("-", "") if agency.org_code else ""


@dataclass(frozen=True)
class Channel:
    name: str
    how: str
    received: str  # which item of 第三十一条 fixes the date of receipt


def application_channels(agency: Agency) -> list[Channel]:
    """The ways this agency can receive an application, each with its 第三十一条 receipt rule."""
    where = agency.office_address or ""
    channels = []
    if online := online_channel(agency):
        channels.append(
            Channel(
                "互联网",
                f"通过在线申请平台 {online} 填写提交。",
                "以双方确认之日为收到申请之日",
            )
        )
    if agency.office_email:
        channels.append(
            Channel("电子邮件", f"发送至 {agency.office_email}。", "以双方确认之日为收到申请之日")
        )
    if where:
        channels.append(
            Channel(
                "当面提交",
                f"在受理时间内到 {where} 提交书面申请。",
                "以提交之日为收到申请之日",
            )
        )
        letters = mail_address(agency)
        post = f"{letters}（邮政编码 {agency.office_postcode}）" if agency.office_postcode else letters
        channels.append(
            Channel(
                "邮寄",
                f"寄至 {post}，收件人为{agency.office_name or '政府信息公开工作机构'}，请在信封上注明“政府信息公开申请”。",
                "以行政机关签收之日为收到申请之日；平常信函等无需签收的，以确认之日为收到申请之日",
            )
        )
    if agency.office_fax:
        channels.append(Channel("传真", f"传真至 {agency.office_fax}。", "以双方确认之日为收到申请之日"))
    return channels


def sample_deadline(today: date) -> dict | None:
    """The reply due date (and the latest extended one) for an application received today.

    Only what the maintained calendar can compute is shown; nothing is guessed for a year
    whose holiday schedule has not been loaded.
    """
    from gongkai.law.calendar import CalendarNotMaintained
    from gongkai.workcalendar.service import get_calendar

    calendar = get_calendar()
    try:
        due = calendar.add_working_days(today, 20)
    except CalendarNotMaintained:
        return None
    try:
        extended = calendar.add_working_days(due, 20)
    except CalendarNotMaintained:
        extended = None
    return {"received": today, "due": due, "extended": extended}


# --- the rest of what the real guides state ------------------------------------------------------
# The guide's own wording changes with this date: the 更新日期 is never older than it. Bump it when
# guide.html or a _guide_*.html partial says something new.
GUIDE_VERSION = date(2026, 12, 5)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def ancestors(agency: Agency) -> list[Agency]:
    """The agencies above ``agency``, nearest first (one query per level; trees are shallow)."""
    chain, seen, current = [], {agency.pk}, agency.parent
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.parent
    return chain


def mail_address(agency: Agency) -> str:
    """Where letters go: the 邮寄地址 if the agency gives one, else its 办公地址."""
    return agency.mail_address or agency.office_address


def new_media(agency: Agency) -> list[str]:
    """The agency's 政务新媒体 (one a line)."""
    return _lines(agency.new_media)


def reading_rooms(agency: Agency) -> tuple[list[str], Agency | None]:
    """The 政府信息查阅场所 (档案馆、公共图书馆、政务服务中心查阅点): the agency's own, else those of the
    nearest agency above it that lists some (a department's public rooms are its government's)."""
    for source in [agency, *ancestors(agency)]:
        if rooms := _lines(source.reading_rooms):
            return rooms, (None if source.pk == agency.pk else source)
    return [], None


def own_government(agency: Agency) -> Agency | None:
    """本级人民政府: the agency itself if it is a government, else the nearest government above it."""
    for candidate in [agency, *ancestors(agency)]:
        if candidate.kind == Agency.Kind.GOVERNMENT:
            return candidate
    return None


@dataclass(frozen=True)
class Supervisor:
    """The 政府信息公开工作主管部门 of the agency's own government (本级), as the tree names it."""

    government: Agency
    office: Agency | None  # the government's 办公室（厅）, when the tree has it

    @property
    def name(self) -> str:
        return self.office.name if self.office else f"{self.government.name}政府信息公开工作主管部门"


def supervisor(agency: Agency) -> Supervisor | None:
    """The 本级人民政府 and its 办公室（厅）: the agency named 「<政府名称>办公室」 or 「…办公厅」 below it."""
    government = own_government(agency)
    if government is None:
        return None
    names = [government.name + "办公室", government.name + "办公厅"]
    office = Agency.objects.filter(parent=government, name__in=names, is_active=True).first()
    return Supervisor(government, office)


def reconsideration(agency: Agency) -> str:
    """The 行政复议机关 the agency tree names — the one definition the reply letters use too."""
    from gongkai.applications.letters.content import reconsideration_body

    return reconsideration_body(agency)


def remedy_laws() -> tuple[str, str]:
    from gongkai.applications.letters.content import LITIGATION_LAW, RECONSIDERATION_LAW

    return RECONSIDERATION_LAW, LITIGATION_LAW


def organisation(agency: Agency) -> list[Fact]:
    """机构设置和职能 (第二十条第（二）项): where the agency sits in the tree, and what it does."""
    children = list(agency.children.filter(is_active=True).order_by("name").values_list("name", flat=True))
    return [
        Fact("机关名称", agency.name),
        Fact("机关类别", f"{agency.get_level_display()}{agency.get_kind_display()}"),
        Fact("上级机关", agency.parent.name if agency.parent else ""),
        Fact("所属机构", "、".join(children) if children else "无"),
        Fact("主要职能", agency.functions or "见政府信息公开目录中“机构职能”类信息。"),
    ]


def categories(agency: Agency) -> list[str]:
    """The agency's 信息类别 in the catalog; before it has set any, those it will start with."""
    from gongkai.catalog.models import DEFAULT_CATEGORIES, Category

    names = list(
        Category.objects.filter(agency=agency, active=True)
        .order_by("position", "name")
        .values_list("name", flat=True)
    )
    return names or list(DEFAULT_CATEGORIES)


@dataclass(frozen=True)
class IndexScheme:
    prefix: str
    format_label: str
    example: str


def index_scheme(agency: Agency, today: date) -> IndexScheme:
    """How this agency's 索引号 are made — the catalog's own rules (CatalogRules, index_number)."""
    from gongkai.catalog.index_number import FORMAT_LABELS, format_index, prefix_of
    from gongkai.catalog.models import CatalogRules

    rules = CatalogRules.objects.filter(agency=agency).first()
    key = rules.index_format if rules else "national"
    prefix = prefix_of(agency, rules.index_prefix if rules else "")
    try:
        example = format_index(key, prefix, today, 1)
    except Exception:  # an unknown format key: the catalog reports it where it is set
        example = ""
    return IndexScheme(prefix, FORMAT_LABELS.get(key, key), example)


def metadata() -> list[Fact]:
    """编排体系: the elements every catalog entry lists, named as the catalog model names them."""
    from gongkai.catalog.models import CatalogItem

    def label(field: str) -> str:
        return str(CatalogItem._meta.get_field(field).verbose_name)

    return [
        Fact(label("index_number"), "政府信息的唯一识别代码，一经生成不因发布机构变更而更改。", "index"),
        Fact(label("title"), "政府信息的标题。"),
        Fact(label("summary"), "政府信息主要内容的简要说明。"),
        Fact(label("publisher"), "政府信息的发布主体。"),
        Fact(label("written_on"), "政府信息生成（成文）的日期。"),
        Fact(label("published_on"), "政府信息在本平台公开的日期。"),
        Fact(
            label("document_number"),
            "政府信息的发文字号，由发文机关代字、年份和发文顺序号组成，如“国办函〔2020〕109号”。",
        ),
        Fact(label("topic"), "按政府信息内容所属领域的分类。"),
        Fact(label("category"), "按政府信息体裁的分类（见本节信息类别）。"),
        Fact(label("validity"), "规章、规范性文件是否现行有效（有效、失效、废止）。"),
    ]


@dataclass(frozen=True)
class ReplyKind:
    label: str
    basis: str


def reply_kinds() -> list[ReplyKind]:
    """The 办理结果 an application can have (表三's rows, verbatim), each with its articles."""
    from gongkai.law.outcomes import OUTCOME_BASIS, Outcome

    rows: dict[str, list[str]] = {}
    for outcome in Outcome:
        bases = rows.setdefault(outcome.label, [])
        if OUTCOME_BASIS[outcome] and OUTCOME_BASIS[outcome] not in bases:
            bases.append(OUTCOME_BASIS[outcome])
    return [ReplyKind(label, "、".join(bases)) for label, bases in rows.items()]


def withheld_grounds() -> list[ReplyKind]:
    """不予公开的范围 (第十四条至第十六条), in the words the reply letters use."""
    from gongkai.applications.letters.content import DENY_GROUNDS
    from gongkai.law.outcomes import OUTCOME_BASIS

    return [ReplyKind(text, OUTCOME_BASIS[outcome]) for outcome, text in DENY_GROUNDS.items()]


def fee_examples() -> list[str]:
    """Worked examples from gongkai.law.fees, so the guide's figures are the system's own."""
    from gongkai.law.fees import item_fee, page_fee

    return [item_fee(45).explanation(), page_fee(250).explanation()]


@dataclass(frozen=True)
class AnnualReport:
    deadline: str  # 「每年1月31日前」
    publisher: str  # who publishes it


def annual_report(agency: Agency) -> AnnualReport:
    """When this agency's 年度报告 is published: a department by 1月31日 (第四十九条第一款); a
    government's report is published by its 主管部门 by the date 30号文 sets for its level, within
    第四十九条第二款's 3月31日."""
    from gongkai.law.validation.structure import PUBLICATION_DEADLINES, deadline_class

    key = deadline_class(agency.kind == Agency.Kind.GOVERNMENT, agency.level)
    month, day = PUBLICATION_DEADLINES[key]
    publisher = agency.name
    if key != "department" and (sup := supervisor(agency)) is not None:
        publisher = sup.name
    return AnnualReport(f"每年{month}月{day}日前", publisher)


def updated_on(agency: Agency) -> date:
    """The guide's 更新日期: its wording's version, or the latest change of a record it is drawn from
    (this agency and those above it, its catalog categories and 索引号 rules) — whichever is later."""
    from django.db.models import Max
    from django.utils import timezone

    from gongkai.catalog.models import CatalogRules, Category

    ids = [agency.pk, *(a.pk for a in ancestors(agency))]
    stamps = [
        Agency.history.filter(id__in=ids).aggregate(m=Max("history_date"))["m"],
        Category.history.filter(agency_id=agency.pk).aggregate(m=Max("history_date"))["m"],
        CatalogRules.history.filter(agency_id=agency.pk).aggregate(m=Max("history_date"))["m"],
    ]
    days = [timezone.localdate(s) for s in stamps if s is not None]
    return max([GUIDE_VERSION, *days])
