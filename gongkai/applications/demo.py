"""Demo data for disclosure applications (issue 8 item 12), loaded by ``gongkai demo`` after the
agencies (``gongkai.agencies.demo.load_demo`` calls every app's ``load``).

The seed agency (晋江市行政服务中心管理委员会) received no applications in 2022 — its report says
so — and gets none in any past year; it only has a few cases received in the last weeks, so the
demo accounts (who work there) see a queue. Its siblings (市政府办, 财政局, 教育局, 安海镇) get a year of
records in the last complete year (``demo_year``): every outcome code across them, with 补正,
consultations of third parties and other agencies, extensions approved by each agency's demo
office head, fees paid and lapsed, a case carried over from the year before and one carried into
the next, two reconsiderations and one lawsuit; plus open cases received in the last weeks, some
overdue, so queues and ``gongkai scan`` have something to show.

Every case goes through the actions, with the agency's own demo staff as actors (a reply's
sign-off and an extension need the real role). A case is marked by its submission key
``demo-<agency>-<n>``: one already there is left as it is, so loading twice creates nothing new.
A step dated after today is not taken (the actions refuse future dates): the case stays open.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from gongkai.agencies.actions import GrantRole
from gongkai.agencies.demo import REASON, DemoContext, DemoUser, _account
from gongkai.agencies.models import _CREDIT_ALPHABET, _CREDIT_WEIGHTS, Membership, Role
from gongkai.law.clock import Channel, ConsultationKind
from gongkai.law.fees import FeeMethod
from gongkai.law.outcomes import OUTCOME_BASIS, ApplicantCategory, Outcome
from gongkai.workcalendar.service import get_calendar

from . import actions as act
from .models import Appeal, Application

SEED = "jinjiang-xzfwzx"
SIBLINGS = ("jinjiang-zfb", "jinjiang-czj", "jinjiang-jyj", "jinjiang-anhai")
KEY_PREFIX = "demo-"

# Each agency's demo staff: (username prefix, agency short name). The 管委会 uses the demo
# accounts of gongkai.agencies.demo (clerk, section, office).
STAFF_PREFIX = {
    "jinjiang-zfb": "zfb",
    "jinjiang-czj": "czj",
    "jinjiang-jyj": "jyj",
    "jinjiang-anhai": "anhai",
}
STAFF_ROLES = (("clerk", "经办人", Role.CLERK), ("section", "科室负责人", Role.SECTION_HEAD), ("office", "公开工作机构负责人", Role.OFFICE_HEAD))  # fmt: skip

# Outcomes every sibling has; the rest of the codes are dealt out among them.
COMMON = (Outcome.GRANT, Outcome.GRANT, Outcome.GRANT_ALREADY_PUBLIC, Outcome.PARTIAL, Outcome.NOT_EXIST)

SUBJECTS = (
    "{year}年度部门预算和决算说明",
    "关于某某路段道路改造工程的立项批复",
    "{year}年本机关收到的人大代表建议办理答复",
    "某某小区周边学校规划建设情况",
    "{year}年度政府采购项目合同",
    "关于某某村集体土地征收补偿标准的文件",
    "本机关{year}年行政处罚决定书",
    "某某企业享受财政补助资金的明细",
    "城区学位供给和招生划片方案",
    "某某镇农房建设审批情况",
    "{year}年重点项目资金拨付情况",
    "本机关内设机构及人员编制情况",
)
SURNAMES = "王李张刘陈杨黄吴林郑蔡许洪施"
GIVEN = ("伟", "芳", "强", "敏", "静", "磊", "婷", "杰", "丽", "勇", "娜", "鹏")
ORGANISATIONS = {
    ApplicantCategory.COMMERCIAL: "晋江市某某鞋业有限公司",
    ApplicantCategory.RESEARCH: "某某大学公共管理学院",
    ApplicantCategory.PUBLIC_INTEREST: "晋江市某某公益服务中心",
    ApplicantCategory.LEGAL_SERVICE: "福建某某律师事务所",
    ApplicantCategory.OTHER: "晋江市某某村民委员会",
}


@dataclass
class Staff:
    clerk: Any
    section: Any
    office: Any


def demo_year(today: date) -> int:
    """The last complete year whose working-day calendar is maintained."""
    calendar = get_calendar()
    year = today.year - 1
    while year > today.year - 5 and not calendar.covers(date(year, 12, 31)):
        year -= 1
    return year


def wd(day: date, n: int) -> date:
    """``n`` working days after (before, if negative) ``day``."""
    calendar = get_calendar()
    if n >= 0:
        return calendar.add_working_days(day, n)
    while n < 0:
        day -= timedelta(days=1)
        if calendar.is_workday(day):
            n += 1
    return day


def _staff(context: DemoContext, code: str) -> Staff:
    if code == SEED:
        users = context.users
        return Staff(users["clerk"], users["section"], users["office"])
    agency = context.agencies[code]
    people = []
    for suffix, title, role in STAFF_ROLES:
        username = f"{STAFF_PREFIX[code]}-{suffix}"
        if code == "jinjiang-czj" and role == Role.CLERK:
            username = "clerk2"  # 财政局's demo clerk already exists
        user = context.users.get(username)
        if user is None:
            spec = DemoUser(username, f"演示{title}（{agency.display_name}）", code, role)
            user, created = _account(spec, context.actor)
            if created:
                context.note(f"演示账号：{username}（{agency.display_name} {role.label}）")
            context.users[username] = user
        if not Membership.objects.filter(user=user, agency=agency, role=role).exists():
            GrantRole(context.actor, user, agency, role, reason=REASON).execute()
        people.append(user)
    return Staff(*people)


def _applicant(rng: random.Random, n: int, category: ApplicantCategory, year: int) -> dict[str, Any]:
    phone = f"13{rng.randrange(5, 10)}{rng.randrange(10**8):08d}"
    subject = SUBJECTS[n % len(SUBJECTS)].format(year=year)
    data = {
        "category": category.name,
        "phone": phone,
        "description": f"申请公开{subject}。",
        "medium": rng.choice(("paper", "electronic")),
        "delivery": rng.choice(("post", "email", "pickup", "online")),
        "address": f"福建省晋江市青阳街道某某路{rng.randrange(1, 300)}号",
        "postcode": "362200",
    }
    if category is ApplicantCategory.NATURAL_PERSON:
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(15000))
        return data | {
            "applicant_type": "natural",
            "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", *GIVEN)),
            "id_type": "resident_id",
            "id_number": with_check_digit(f"350582{born:%Y%m%d}{rng.randrange(1000):03d}"),
        }
    return data | {
        "applicant_type": "organisation",
        "name": ORGANISATIONS[category],
        "contact_person": rng.choice(SURNAMES) + rng.choice(GIVEN),
        "id_type": "credit_code",
        "id_number": with_credit_check(f"91350582{rng.randrange(10**9):09d}"),
    }


def with_check_digit(body: str) -> str:
    """A 居民身份证号码 whose GB 11643 check digit is right (the public form checks it)."""
    total = sum(
        int(c) * w for c, w in zip(body, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), strict=True)
    )
    return body + "10X98765432"[total % 11]


def with_credit_check(body: str) -> str:
    """A 统一社会信用代码 whose GB 32100 check character is right."""
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return body + _CREDIT_ALPHABET[(31 - total % 31) % 31]


@dataclass
class Story:
    """One case: how it arrives, what happens to it and where it stops."""

    key: str
    received: date
    outcome: Outcome | None  # None: still open (stops at ``stop``)
    category: ApplicantCategory = ApplicantCategory.NATURAL_PERSON
    channel: Channel = Channel.INTERNET
    correction: bool = False
    consult: ConsultationKind | None = None
    extension: bool = False
    fee: str = ""  # "paid" or "lapsed"
    stop: str = ""  # for open cases: "registered", "handling", "review"


class Teller:
    """Runs stories through the actions for one agency."""

    def __init__(self, context: DemoContext, code: str, year: int):
        self.context, self.agency, self.staff = context, context.agencies[code], _staff(context, code)
        self.today = act.today()
        self.year = year
        self.rng = random.Random(code)

    def tell(self, story: Story, n: int) -> Application | None:
        existing = Application.objects.filter(submission_key=story.key).first()
        if existing is not None:
            return None
        if story.received > self.today:
            return None
        confirmed = story.received if story.channel.needs_confirmation else None
        app = act.RegisterApplication(
            self.staff.clerk,
            self.agency,
            _applicant(self.rng, n, story.category, story.received.year),
            channel=story.channel,
            arrived_on=story.received,
            confirmed_on=confirmed,
            submission_key=story.key,
            reason=REASON,
        ).execute()
        self._handle(app, story)
        return app

    def _on(self, day: date) -> bool:
        return day <= self.today

    def _handle(self, app: Application, story: Story) -> None:
        clerk, outcome = self.staff.clerk, story.outcome
        if story.stop == "registered":
            return
        cursor = app.received_on
        if outcome is Outcome.GRANT_ALREADY_PUBLIC and story.channel is Channel.IN_PERSON:
            act.AnswerOnSpot(clerk, app, outcome=outcome, reasons=reply_reasons(outcome)).execute()
            return
        if story.correction or outcome in (
            Outcome.OTHER_NO_CORRECTION,
            Outcome.STILL_UNCLEAR_AFTER_CORRECTION,
        ):
            asked, deadline = wd(cursor, 2), wd(cursor, 12)
            if not self._on(asked):
                return
            act.RequestCorrection(
                clerk,
                app,
                on=asked,
                deadline=deadline,
                matters="请写明所需信息的名称、文号或者其他特征性描述。",
            ).execute()
            if outcome is Outcome.OTHER_NO_CORRECTION:
                if self._on(wd(deadline, 1)):
                    act.CloseWithoutCorrection(clerk, app, on=wd(deadline, 1)).execute()
                return
            cursor = wd(asked, 5)
            if not self._on(cursor):
                return
            act.ReceiveCorrection(clerk, app, on=cursor, description="补充了文件的大致形成时间。").execute()
        else:
            act.AcceptApplication(clerk, app).execute()
        if outcome is Outcome.OTHER:
            on = wd(cursor, 4)
            if self._on(on):
                act.WithdrawApplication(
                    clerk, app, on=on, reason="申请人书面申请撤回（已获得所需信息）"
                ).execute()
            return
        if story.consult is not None:
            sent = wd(cursor, 3)
            party = (
                "晋江市某某建设有限公司"
                if story.consult is ConsultationKind.THIRD_PARTY
                else "晋江市自然资源局"
            )
            if not self._on(wd(sent, 8)):
                return
            act.StartConsultation(
                clerk,
                app,
                on=sent,
                party=party,
                kind=story.consult,
                served=wd(sent, 1),
                matters="是否同意公开",
            ).execute()
            cursor = wd(sent, 8)
            act.AnswerConsultation(clerk, app, on=cursor, party=party, kind=story.consult, opinion="不同意公开涉及本单位商业秘密的部分").execute()  # fmt: skip
        if story.fee:
            notice, served = wd(cursor, 2), wd(cursor, 3)
            end = wd(served, 5) if story.fee == "paid" else wd(served, 21)
            if not self._on(end):
                return
            act.IssueFeeNotice(
                clerk, app, on=notice, method=FeeMethod.PAGES, quantity=150, served=served
            ).execute()
            if story.fee == "lapsed":
                act.RecordFeeLapsed(clerk, app, on=end).execute()
                return
            act.RecordFeePaid(clerk, app, on=end).execute()
            cursor = end
        if story.extension:
            app.refresh_from_db()
            on = max(cursor, wd(app.reply_due, -3))
            if not self._on(on):
                return
            act.ApproveExtension(
                self.staff.office,
                app,
                on=on,
                days=15,
                notified_on=on,
                grounds="所需信息数量较多，需要调取档案逐页审查。",
            ).execute()
            cursor = on
        if story.stop == "handling" or outcome is None:
            return
        act.DraftReply(clerk, app, outcome=outcome, reasons=reply_reasons(outcome)).execute()
        if story.stop == "review":
            return
        act.SignOffReply(self.staff.section, app, approve=True, opinion="同意").execute()
        app.refresh_from_db()
        on = min(wd(cursor, self.rng.randrange(3, 9)), app.reply_due or cursor)
        if self._on(max(on, cursor)):
            act.IssueReply(clerk, app, on=max(on, cursor)).execute()


def reply_reasons(outcome: Outcome) -> str:
    basis = OUTCOME_BASIS[outcome]
    text = f"经审查，本机关决定：{outcome.label}。"
    return text + (f"依据《中华人民共和国政府信息公开条例》{basis}。" if basis else "")


def year_stories(code: str, index: int, year: int) -> list[Story]:
    """A year of a sibling's cases, every outcome dealt to one sibling or another."""
    outcomes = [*COMMON, *list(Outcome)[index :: len(SIBLINGS)]]
    categories = list(ApplicantCategory)
    channels = (
        Channel.INTERNET,
        Channel.IN_PERSON,
        Channel.POST_SIGNED,
        Channel.INTERNET,
        Channel.ORDINARY_LETTER,
    )
    stories = []
    step = 220 // len(outcomes)
    for n, outcome in enumerate(outcomes):
        stories.append(
            Story(
                key=f"{KEY_PREFIX}{code}-{year}-{n:02d}",
                received=wd(date(year, 1, 6), 5 + n * step),
                outcome=outcome,
                category=categories[0] if n % 3 else categories[(n // 3 + index) % len(categories)],
                channel=Channel.IN_PERSON
                if outcome is Outcome.GRANT_ALREADY_PUBLIC
                else channels[n % len(channels)],
                correction=n % 4 == 3,
                consult=(
                    ConsultationKind.THIRD_PARTY
                    if outcome in (Outcome.DENY_THIRD_PARTY, Outcome.PARTIAL)
                    else ConsultationKind.OTHER_AGENCY
                    if outcome is Outcome.NOT_OUR_DUTY
                    else None
                ),
                extension=outcome in (Outcome.NEEDS_COMPILATION, Outcome.DENY_PROCESS) or n == 6,
                fee="lapsed" if outcome is Outcome.OTHER_FEE_UNPAID else "paid" if n == 1 else "",
            )
        )
    # carried over from the year before, and into the next
    stories.append(Story(f"{KEY_PREFIX}{code}-{year}-from", wd(date(year, 1, 1), -1), Outcome.GRANT))
    stories.append(
        Story(f"{KEY_PREFIX}{code}-{year}-into", date(year, 12, 22), Outcome.NOT_EXIST, extension=True)
    )
    return stories


def recent_stories(code: str, today: date) -> list[Story]:
    """Open cases received in the last weeks: to review, in handling (one due soon, one overdue),
    to sign off."""
    tag = f"{KEY_PREFIX}{code}-{today:%Y%m}"
    return [
        Story(f"{tag}-r1", wd(today, -2), None, stop="registered"),
        Story(f"{tag}-r2", wd(today, -17), None, stop="handling"),
        Story(f"{tag}-r3", wd(today, -14), Outcome.GRANT, stop="review"),
        Story(f"{tag}-r4", wd(today, -26), None, stop="handling"),
    ]


# (agency, story key suffix, appeal): two reconsiderations and one lawsuit over replies of the year.
APPEALS = (
    ("jinjiang-zfb", "07", Appeal.Kind.RECONSIDERATION, "晋江市人民政府", (60, Appeal.Result.UPHELD)),
    ("jinjiang-jyj", "06", Appeal.Kind.RECONSIDERATION, "晋江市人民政府", (None, None)),
    ("jinjiang-anhai", "03", Appeal.Kind.LITIGATION_DIRECT, "晋江市人民法院", (None, None)),
)


def _appeals(context: DemoContext, tellers: dict[str, Teller], year: int) -> None:
    for number, (code, suffix, kind, body, (days, result)) in enumerate(APPEALS, start=1):
        app = Application.objects.filter(submission_key=f"{KEY_PREFIX}{code}-{year}-{suffix}").first()
        case_number = f"演示〔{year}〕{number}号"
        if app is None or app.closed_on is None or Appeal.objects.filter(case_number=case_number).exists():
            continue
        filed = wd(app.closed_on, 20)
        decided = filed + timedelta(days=days) if days else None
        if decided and decided > act.today():
            decided = result = None
        data = {
            "application": app,
            "kind": kind,
            "body": body,
            "case_number": case_number,
            "filed_on": filed,
            "decided_on": decided,
            "result": result or "",
            "note": "演示数据",
        }
        act.SaveAppeal(tellers[code].staff.clerk, app.agency, data, reason=REASON).execute()


def load(context: DemoContext) -> None:
    year = demo_year(context.today)
    tellers: dict[str, Teller] = {}
    for index, code in enumerate((SEED, *SIBLINGS)):
        teller = tellers[code] = Teller(context, code, year)
        stories = recent_stories(code, teller.today)
        if code != SEED:  # the 管委会 had no applications in the seed year, nor any past year here
            stories = year_stories(code, index - 1, year) + stories
        made = sum(teller.tell(story, n) is not None for n, story in enumerate(stories))
        if made:
            context.note(f"依申请公开：{teller.agency.display_name} {made} 件")
    _appeals(context, tellers, year)
