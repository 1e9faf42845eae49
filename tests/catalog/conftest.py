from __future__ import annotations

from datetime import date

import pytest

from gongkai.agencies.models import Role
from gongkai.catalog import actions as act
from gongkai.catalog.models import CatalogItem
from tests.agencies.factories import make_tree, make_user

CLEAR = {"secret": False, "trade_secret": False, "privacy": False, "disclosure_confirmed": True}


@pytest.fixture(autouse=True)
def fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


class People:
    def __init__(self):
        self.tree = make_tree()
        a, b = self.tree.a, self.tree.b
        a.org_code = "00001434-9"
        a.save()
        self.clerk = make_user("clerk-a", (a, Role.CLERK))
        self.section = make_user("section-a", (a, Role.SECTION_HEAD))
        self.deputy = make_user("deputy-a", (a, Role.DEPUTY_HEAD))
        self.head = make_user("head-a", (a, Role.HEAD))
        self.other_clerk = make_user("clerk-b", (b, Role.CLERK))
        self.other_section = make_user("section-b", (b, Role.SECTION_HEAD))
        self.reviewers = (self.section, self.deputy, self.head)

    def category(self, name: str, agency=None):
        return act.categories_of(agency or self.tree.a).get(name=name)

    def draft(self, agency=None, clerk=None, **fields) -> CatalogItem:
        agency = agency or self.tree.a
        fields = {
            "title": "关于做好2025年市容环境整治工作的通知",
            "body": "各单位：现将有关事项通知如下。",
            "formed_on": date(2025, 3, 3),
            "written_on": date(2025, 3, 3),
            "category": self.category("工作动态", agency),
            **fields,
        }
        return act.SaveDraft(clerk or self.clerk, agency, fields).execute()

    def approve(self, item: CatalogItem) -> CatalogItem:
        for reviewer in self.reviewers:
            item = act.ReviewItem(reviewer, item, approve=True, **CLEAR).execute()
        return item

    def publish(self, on: date | None = None, **fields) -> CatalogItem:
        item = self.draft(**fields)
        item = act.SubmitForReview(self.clerk, item).execute()
        item = self.approve(item)
        return act.Publish(self.clerk, item, on=on or fields.get("written_on") or date(2025, 3, 4)).execute()


@pytest.fixture
def people(db):
    return People()
