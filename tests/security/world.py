"""One world for the security sweeps: agencies A and B under a county government, a person for
every role of each, the public, and one record of every kind the URLs take — all in agency A, so
B's people are checked against A's records.

Built once per test module inside an outer transaction (``world_fixture``) and rolled back after,
so the sweeps stay fast and leave nothing behind for the other tests.
"""

from __future__ import annotations

import struct
import tempfile
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.test import Client, override_settings

from gongkai.agencies.models import Role
from tests.agencies.factories import make_tree, make_user

YEAR = 2025
STAFF_ROLES = (Role.CLERK, Role.SECTION_HEAD, Role.DEPUTY_HEAD, Role.HEAD, Role.OFFICE_HEAD)

# The columns of the matrix, in order: who asks.
SUBJECTS = (
    "anonymous",
    *(f"A-{role}" for role in STAFF_ROLES),
    *(f"B-{role}" for role in STAFF_ROLES),
    "county-supervisor",  # 主管部门 on the county government, the parent of A and B
    "B-supervisor",  # 主管部门 in B: reaches nothing of A
    "sysadmin",  # 系统管理员 (held in B: the role is system-wide), an is_staff account
)

APPLICANT = {
    "applicant_type": "natural",
    "category": "NATURAL_PERSON",
    "name": "张三",
    "id_type": "resident_id",
    "id_number": "350582199001011234",
    "phone": "13800001234",
    "email": "zhang@example.com",
    "address": "福建省晋江市青阳街道1号",
    "description": "2024年本机关关于某某道路改造工程的立项批复",
    "document_number": "晋发改〔2024〕12号",
    "medium": "electronic",
    "delivery": "email",
}
ASKER = {
    "kind": "consultation",
    "subject": "企业开办需要哪些材料",
    "question": "想开办一家贸易公司，需要哪些材料？",
    "asker_name": "张三",
    "phone": "138-0000-1234",
    "email": "zhang@example.com",
}
CLEAR = {"secret": False, "trade_secret": False, "privacy": False, "disclosure_confirmed": True}


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\0"))
        + chunk(b"IEND", b"")
    )


@dataclass
class World:
    tree: Any
    people: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)  # the names the matrix's kwargs refer to
    clients: dict[str, Client] = field(default_factory=dict)
    private: dict[str, str] = field(default_factory=dict)  # A's facts no one outside A may see

    def client(self, subject: str, *, csrf: bool = False) -> Client:
        if csrf:
            c = Client(enforce_csrf_checks=True, raise_request_exception=False)
            if subject != "anonymous":
                c.force_login(self.people[subject])
            return c
        if subject not in self.clients:
            c = Client(raise_request_exception=False)  # a broken page is a 500 in the report
            if subject != "anonymous":
                c.force_login(self.people[subject])
            self.clients[subject] = c
        return self.clients[subject]


def _people(tree) -> dict[str, Any]:
    people = {}
    for letter, agency in (("A", tree.a), ("B", tree.b)):
        for role in STAFF_ROLES:
            people[f"{letter}-{role}"] = make_user(f"{letter.lower()}-{role}", (agency, role))
    people["county-supervisor"] = make_user("sup-county", (tree.root, Role.SUPERVISOR))
    people["B-supervisor"] = make_user("sup-b", (tree.b, Role.SUPERVISOR))
    people["sysadmin"] = make_user("sysadmin", (tree.b, Role.SYSADMIN), is_staff=True)
    return people


def _catalog(w: World) -> None:
    from gongkai.catalog import actions as cat

    a, p = w.tree.a, w.people
    category = cat.categories_of(a).get(name="工作动态")
    fields = {
        "title": "关于做好2025年市容环境整治工作的通知",
        "body": "各单位：现将有关事项通知如下。",
        "formed_on": date(YEAR, 3, 3),
        "written_on": date(YEAR, 3, 3),
        "category": category,
    }
    item = cat.SaveDraft(p["A-clerk"], a, fields).execute()
    cat.AddAttachment(p["A-clerk"], item, name="附件.png", data=tiny_png()).execute()
    item = cat.SubmitForReview(p["A-clerk"], item).execute()
    for role in (Role.SECTION_HEAD, Role.DEPUTY_HEAD, Role.HEAD):
        item = cat.ReviewItem(p[f"A-{role}"], item, approve=True, **CLEAR).execute()
    item = cat.Publish(p["A-clerk"], item, on=date(YEAR, 3, 4)).execute()
    draft = cat.SaveDraft(p["A-clerk"], a, {**fields, "title": "一份草稿"}).execute()
    topic = cat.CreateTopic(p["sysadmin"], "安全测试主题").execute()
    package = cat.BuildHandover(p["A-clerk"], a, YEAR, 3).execute()
    w.objects.update(
        item=item.pk,
        draft=draft.pk,
        item_ref=item.index_number or str(item.pk),
        item_attachment=item.attachments.first().pk,
        category=category.pk,
        topic=topic.pk,
        handover=package.pk,
    )


def _applications(w: World) -> None:
    from gongkai.applications import actions as act
    from gongkai.applications.actions.submission import Upload
    from gongkai.applications.models import Appeal
    from gongkai.law.clock import Channel
    from gongkai.law.outcomes import Outcome

    a, p = w.tree.a, w.people
    upload = Upload("身份证.png", "image/png", "png", tiny_png())
    app = act.RegisterApplication(
        p["A-clerk"], a, APPLICANT, channel=Channel.IN_PERSON, arrived_on=date(YEAR, 9, 25), uploads=[upload]
    ).execute()
    replied = act.RegisterApplication(
        p["A-clerk"], a, APPLICANT, channel=Channel.IN_PERSON, arrived_on=date(YEAR, 9, 25)
    ).execute()
    act.AcceptApplication(p["A-clerk"], replied).execute()
    act.DraftReply(p["A-clerk"], replied, outcome=Outcome.GRANT, reasons="予以公开。").execute()
    act.SignOffReply(p["A-section_head"], replied, approve=True).execute()
    act.IssueReply(p["A-clerk"], replied, on=date(YEAR, 10, 10)).execute()
    appeal = act.SaveAppeal(
        p["A-clerk"],
        a,
        {"kind": Appeal.Kind.RECONSIDERATION, "body": "某县人民政府", "filed_on": date(YEAR, 5, 6)},
    ).execute()
    w.private.update(application_tracking=app.tracking_code, applicant_address=APPLICANT["address"])
    w.objects.update(
        application=app.pk,
        application_attachment=app.attachments.first().pk,
        letter=replied.letters.first().pk,
        appeal=appeal.pk,
    )


def _consultations(w: World) -> None:
    from gongkai.consultations import actions as act
    from gongkai.consultations.forms import local_datetime
    from gongkai.consultations.models import Channel

    row = act.LogCall(
        w.people["A-clerk"],
        w.tree.a,
        dict(ASKER),
        channel=Channel.HOTLINE,
        received_at=local_datetime(date(YEAR, 6, 2), 9),
    ).execute()
    w.objects["consultation"] = row.pk
    w.private["consultation_tracking"] = row.tracking_code


def _reports(w: World) -> None:
    from gongkai.annual.actions import StartReport
    from gongkai.imported_reports.actions import ImportReports
    from tests.reportio import builders

    p = w.people
    annual = StartReport(p["A-clerk"], w.tree.a, YEAR).execute()
    spec = builders.make_spec(3, year=YEAR)
    spec.agency = "某县甲局"
    batch = ImportReports(
        p["county-supervisor"], w.tree.root, [("甲局.txt", builders.to_tab_text(spec).encode())], queue=False
    ).execute()
    w.objects.update(annual=annual.pk, batch=batch.pk, imported_file=batch.files.first().pk)


def build_world() -> World:
    tree = make_tree()
    w = World(tree=tree, people=_people(tree))
    w.objects.update(A=tree.a.code, A_pk=tree.a.pk, B=tree.b.code, county=tree.root.code, year=YEAR)
    _catalog(w)
    _applications(w)
    _consultations(w)
    _reports(w)
    return w


def world_settings(media_root: str):
    return override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=media_root,
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": uuid.uuid4().hex,
            }
        },
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        # the public forms refuse an answer faster than a person's: the sweeps are not people
        GONGKAI_APPLY_MIN_SECONDS=0,
        GONGKAI_CONSULT_MIN_SECONDS=0,
    )


def world_fixture(django_db_blocker):
    """The body of a module-scoped fixture: the world inside a transaction rolled back after."""
    with tempfile.TemporaryDirectory() as media, world_settings(media), django_db_blocker.unblock():
        with transaction.atomic():
            world = build_world()
            for subject in SUBJECTS:  # signed in here, so the sessions outlive each test's rollback
                world.client(subject)
            yield world
            transaction.set_rollback(True)
