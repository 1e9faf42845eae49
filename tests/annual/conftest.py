from __future__ import annotations

import pytest

from gongkai.agencies.models import Role
from tests.agencies.factories import make_tree, make_user


@pytest.fixture(autouse=True)
def fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


class People:
    def __init__(self):
        self.tree = make_tree()
        a, b = self.tree.a, self.tree.b
        self.clerk = make_user("clerk-a", (a, Role.CLERK))
        self.section = make_user("section-a", (a, Role.SECTION_HEAD))
        self.deputy = make_user("deputy-a", (a, Role.DEPUTY_HEAD))
        self.head = make_user("head-a", (a, Role.HEAD))
        self.office = make_user("office-a", (a, Role.OFFICE_HEAD))
        self.other_clerk = make_user("clerk-b", (b, Role.CLERK))
        self.reviewers = (self.section, self.deputy, self.head)


@pytest.fixture
def people(db):
    return People()


def approve_all(people, annual):
    from gongkai.annual import actions as act

    for reviewer in people.reviewers:
        annual = act.ReviewReport(reviewer, annual, approve=True).execute()
    return annual


def acknowledge_all(user, annual):
    from gongkai.annual import actions as act
    from gongkai.annual.findings import checked

    for c in checked(annual):
        if not c.is_error and c.acknowledgement is None:
            act.AcknowledgeFinding(user, annual, c.key).execute()
