"""Demo data: the loader registry (``load_demo``) and this app's part (``load``).

Every installed gongkai app may have a ``demo.py`` with ``load(context)``; ``load_demo`` calls
them in INSTALLED_APPS order (agencies first, so later apps find the agencies and people in the
context) inside one transaction. Each loader must be idempotent: running ``gongkai demo`` again
brings the data back to the demo state without duplicating anything.

The demo accounts are members of the group 「演示账号」 so they are easy to find and delete
before real use; ``gongkai demo`` resets their password to ``DEMO_PASSWORD``.

Loaders change records through actions, like everyone else: the actor is the demo's 系统管理员
account (``context.actor``, created first, by itself) and the reason is 「载入演示数据」, so the
history says who and why. A record already in its demo state is not saved again.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .actions import GrantRole, SaveAgency, SavePerson
from .models import Agency, Membership, Role

DEMO_PASSWORD = "gongkai-demo-2022"
DEMO_GROUP = "演示账号"
REASON = "载入演示数据"

# 晋江市 and its departments. The 管委会's contact facts are those its 2022 annual report states
# (fixtures/seed/jinjiang-xzfwzx-2022.txt, preamble); a test compares them with the fixture.
DEMO_AGENCIES: tuple[dict[str, Any], ...] = (
    {
        "code": "jinjiang",
        "name": "晋江市人民政府",
        "short_name": "晋江市政府",
        "level": Agency.Level.COUNTY,
        "kind": Agency.Kind.GOVERNMENT,
        "parent": None,
        "website": "http://www.jinjiang.gov.cn/",
    },
    {
        "code": "jinjiang-xzfwzx",
        "name": "晋江市行政服务中心管理委员会",
        "short_name": "晋江市行政服务中心管委会",
        "level": Agency.Level.COUNTY,
        "kind": Agency.Kind.DEPARTMENT,
        "parent": "jinjiang",
        "office_name": "晋江市行政服务中心管委会综合科",
        "office_address": "福建省晋江市世纪大道333号晋兴成发大厦四楼综合科",
        "office_postcode": "362200",
        "office_phone": "85659620",
        "office_fax": "85659706",
        "office_email": "spzxwork@126.com",
        "website": "http://www.jinjiang.gov.cn/",
        # as the seed report names them (its 一(五) and 六(一)2)
        "new_media": "微信公众号：晋江行政服务",
        "reading_rooms": "晋江市政务服务中心政务公开服务专区：办事大厅一楼24小时自助服务区",
    },
    {
        "code": "jinjiang-zfb",
        "name": "晋江市人民政府办公室",
        "short_name": "晋江市政府办",
        "level": Agency.Level.COUNTY,
        "kind": Agency.Kind.DEPARTMENT,
        "parent": "jinjiang",
    },
    {
        "code": "jinjiang-czj",
        "name": "晋江市财政局",
        "short_name": "",
        "level": Agency.Level.COUNTY,
        "kind": Agency.Kind.DEPARTMENT,
        "parent": "jinjiang",
    },
    {
        "code": "jinjiang-jyj",
        "name": "晋江市教育局",
        "short_name": "",
        "level": Agency.Level.COUNTY,
        "kind": Agency.Kind.DEPARTMENT,
        "parent": "jinjiang",
    },
    {
        "code": "jinjiang-anhai",
        "name": "晋江市安海镇人民政府",
        "short_name": "安海镇政府",
        "level": Agency.Level.TOWNSHIP,
        "kind": Agency.Kind.GOVERNMENT,
        "parent": "jinjiang",
    },
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    agency: str
    role: Role
    superuser: bool = False


# One account for every role, most of them in the 管委会 whose report the demo reproduces.
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("clerk", "演示经办人", "jinjiang-xzfwzx", Role.CLERK),
    DemoUser("section", "演示科室负责人", "jinjiang-xzfwzx", Role.SECTION_HEAD),
    DemoUser("deputy", "演示分管领导", "jinjiang-xzfwzx", Role.DEPUTY_HEAD),
    DemoUser("head", "演示主要领导", "jinjiang-xzfwzx", Role.HEAD),
    DemoUser("office", "演示公开工作机构负责人", "jinjiang-xzfwzx", Role.OFFICE_HEAD),
    DemoUser("supervisor", "演示主管部门（政务公开办）", "jinjiang", Role.SUPERVISOR),
    DemoUser("admin", "演示系统管理员", "jinjiang", Role.SYSADMIN, superuser=True),
    DemoUser("clerk2", "演示经办人（财政局）", "jinjiang-czj", Role.CLERK),
)


@dataclass
class DemoContext:
    """What loaders share: the demo agencies and people by code/username, and a log of changes."""

    today: date
    actor: Any = None  # the demo's 系统管理员, once ``agencies`` has loaded
    agencies: dict[str, Agency] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def note(self, message: str) -> None:
        self.log.append(message)


def loaders() -> list[tuple[str, Any]]:
    """(app label, load function) for every installed app with a ``demo.py``, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise  # the module exists but something it imports is missing: a real error
            continue
        if callable(getattr(module, "load", None)):
            found.append((config.label, module.load))
    return found


def load_demo(today: date | None = None) -> DemoContext:
    """Load (or bring back) every app's demo data in one transaction."""
    context = DemoContext(today=today or timezone.localdate())
    with transaction.atomic():
        for _label, load in loaders():
            load(context)
    return context


def _changed(instance: Any, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``instance``; whether that (or its being new) needs a save."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return instance.pk is None or bool(changed)


def _account(spec: DemoUser, actor: Any) -> tuple[Any, bool]:
    """The demo account of ``spec``, brought to its demo state by ``actor`` (itself if None)."""
    User = get_user_model()
    user = User.objects.filter(username=spec.username).first() or User(username=spec.username)
    created = user.pk is None
    dirty = _changed(
        user,
        {"first_name": spec.display_name, "is_active": True, "is_superuser": spec.superuser},
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        dirty = True
    if dirty:
        SavePerson(actor or user, user, reason=REASON).execute()
    return user, created


def load(context: DemoContext) -> None:
    """This app's part: the demo's 系统管理员 (the actor of the rest), the agencies, the accounts
    and their roles."""
    admin_spec = next(spec for spec in DEMO_USERS if spec.role == Role.SYSADMIN)
    context.actor, _ = _account(admin_spec, None)

    for spec in DEMO_AGENCIES:
        values = dict(spec)
        parent_code = values.pop("parent")
        values["parent"] = context.agencies[parent_code] if parent_code else None
        agency = Agency.objects.filter(code=values["code"]).first() or Agency()
        if _changed(agency, values):
            SaveAgency(context.actor, agency, reason=REASON).execute()
            context.note(f"机关：{agency.name}")
        context.agencies[agency.code] = agency

    group, _ = Group.objects.get_or_create(name=DEMO_GROUP)
    for spec in DEMO_USERS:
        user, created = _account(spec, context.actor)
        user.groups.add(group)
        agency = context.agencies[spec.agency]
        if not Membership.objects.filter(user=user, agency=agency, role=spec.role).exists():
            GrantRole(context.actor, user, agency, spec.role, reason=REASON).execute()
        if created:
            context.note(f"演示账号：{spec.username}（{agency.display_name} {spec.role.label}）")
        context.users[spec.username] = user


def demo_logins() -> list[str]:
    """Lines describing the demo accounts present in the database (for ``serve`` and ``demo``)."""
    User = get_user_model()
    present = set(User.objects.filter(groups__name=DEMO_GROUP).values_list("username", flat=True))
    lines = []
    for spec in DEMO_USERS:
        if spec.username in present:
            agency = next(a for a in DEMO_AGENCIES if a["code"] == spec.agency)
            lines.append(
                f"  {spec.username:<11} {spec.role.label}（{agency['short_name'] or agency['name']}）"
            )
    if lines:
        lines.insert(0, f"演示账号（仅供体验，正式使用前请在系统管理中删除）——密码均为 {DEMO_PASSWORD}：")
    return lines
