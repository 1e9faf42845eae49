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
        post = f"{where}（邮政编码 {agency.office_postcode}）" if agency.office_postcode else where
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
