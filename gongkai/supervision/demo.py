"""Demo data for the supervising office: 晋江市人民政府's 主管部门 account (``supervisor``, a demo
account of the agencies app) sees its five subordinates' reports for the applications demo's year
(``demo_year``: the last complete year, whose records the siblings hold) in different states, and
a government-wide report summed from the approved ones.

- 晋江市财政局: its report drafted by its 经办人 (``clerk2``) from its records, warnings acknowledged,
  submitted and approved by its own leaders — three demo accounts added here (czj-section,
  czj-deputy, czj-head) — so it is published and counts in the aggregate;
- 晋江市教育局: a draft (started by the demo's 系统管理员), not counted, shown as missing;
- 政府办, 安海镇 and the 管委会 have not started that year (the 管委会's 2022 draft is the annual
  app's demo, for the year of the seed report);
- 晋江市人民政府's 汇总 report of that year, built by the ``supervisor`` through ``BuildAggregate``.

Everything goes through the actions, as the people named; idempotent (what exists is left).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from gongkai.agencies.actions import GrantRole, SavePerson
from gongkai.agencies.demo import DEMO_GROUP, DEMO_PASSWORD, REASON, DemoContext
from gongkai.agencies.models import Membership, Role
from gongkai.agencies.permissions import REVIEW_LEVELS
from gongkai.annual import actions as annual_actions
from gongkai.annual.findings import blocking, checked
from gongkai.annual.models import AnnualReport
from gongkai.applications.demo import demo_year

from .actions import BuildAggregate

GOVERNMENT = "jinjiang"
FINANCE = "jinjiang-czj"
EDUCATION = "jinjiang-jyj"
FINANCE_CLERK = "clerk2"
FINANCE_REVIEWERS = {
    Role.SECTION_HEAD: ("czj-section", "演示科室负责人（财政局）"),
    Role.DEPUTY_HEAD: ("czj-deputy", "演示分管领导（财政局）"),
    Role.HEAD: ("czj-head", "演示主要领导（财政局）"),
}
SECTION_5 = (
    "（一）存在问题。一是政策解读形式较为单一。二是依申请公开答复文书的规范化程度有待提高。\n"
    "（二）改进措施。一是丰富图解、视频等解读形式。二是组织答复文书专题培训，统一文书格式。"
)


def _reviewer(context: DemoContext, role: Role, agency) -> object:
    username, display = FINANCE_REVIEWERS[role]
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=display, is_active=True)
        user.set_password(DEMO_PASSWORD)
        SavePerson(context.actor, user, reason=REASON).execute()
        user.groups.add(Group.objects.get_or_create(name=DEMO_GROUP)[0])
        context.note(f"演示账号：{username}（{agency.display_name} {role.label}）")
    if not Membership.objects.filter(user=user, agency=agency, role=role).exists():
        GrantRole(context.actor, user, agency, role, reason=REASON).execute()
    return user


def _approved_finance_report(context: DemoContext, agency, year: int) -> None:
    if AnnualReport.objects.filter(agency=agency, year=year, kind=AnnualReport.Kind.AGENCY).exists():
        return
    clerk = context.users.get(FINANCE_CLERK, context.actor)
    reviewers = {role: _reviewer(context, role, agency) for role in FINANCE_REVIEWERS}
    annual = annual_actions.StartReport(clerk, agency, year, reason=REASON).execute()
    section_1 = annual.sections.get("一", "").replace("（请填写）", "已按要求落实。")
    annual_actions.EditSection(clerk, annual, "一", section_1, reason=REASON).execute()
    annual_actions.EditSection(clerk, annual, "五", SECTION_5, reason=REASON).execute()
    for item in blocking(checked(annual)):
        if not item.is_error:
            annual_actions.AcknowledgeFinding(clerk, annual, item.key, reason=REASON).execute()
    annual_actions.SubmitReport(clerk, annual, reason=REASON).execute()
    for level in range(annual_actions.review_levels(annual)):
        role = REVIEW_LEVELS[min(level, len(REVIEW_LEVELS) - 1)][1]
        annual.refresh_from_db()
        annual_actions.ReviewReport(reviewers[role], annual, approve=True, reason=REASON).execute()
    context.note(f"年度报告：{agency.display_name} {year} 年（已审定公开）")


def load(context: DemoContext) -> None:
    government = context.agencies.get(GOVERNMENT)
    finance = context.agencies.get(FINANCE)
    education = context.agencies.get(EDUCATION)
    supervisor = context.users.get("supervisor")
    if None in (government, finance, education, supervisor):
        return
    year = demo_year(context.today)
    _approved_finance_report(context, finance, year)
    if not AnnualReport.objects.filter(agency=education, year=year, kind=AnnualReport.Kind.AGENCY).exists():
        annual_actions.StartReport(context.actor, education, year, reason=REASON).execute()
        context.note(f"年度报告：{education.display_name} {year} 年（草稿）")
    if not AnnualReport.objects.filter(
        agency=government, year=year, kind=AnnualReport.Kind.AGGREGATE
    ).exists():
        BuildAggregate(supervisor, government, year, reason=REASON).execute()
        context.note(f"汇总年度报告：{government.display_name} {year} 年（草稿）")
