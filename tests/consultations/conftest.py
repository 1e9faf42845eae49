import uuid

import pytest

from gongkai.agencies.models import Role
from tests.agencies.factories import make_tree, make_user


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def own_counters(settings):
    """Each test counts submissions and queries in a cache of its own, and fills forms at once."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }
    settings.GONGKAI_CONSULT_MIN_SECONDS = 0


class People:
    def __init__(self):
        self.tree = make_tree()
        a, b = self.tree.a, self.tree.b
        self.clerk = make_user("clerk-a", (a, Role.CLERK), first_name="甲经办")
        self.clerk2 = make_user("clerk-a2", (a, Role.CLERK), first_name="甲经办二")
        self.head = make_user("head-a", (a, Role.HEAD))
        self.office = make_user("office-a", (a, Role.OFFICE_HEAD))
        self.other_clerk = make_user("clerk-b", (b, Role.CLERK))


@pytest.fixture
def people(db):
    return People()


ASKER = {
    "kind": "consultation",
    "subject": "企业开办需要哪些材料",
    "question": "我叫张三，电话 13800001234，想开办一家贸易公司，需要哪些材料？",
    "asker_name": "张三",
    "phone": "138-0000-1234",
    "email": "zhang@example.com",
}
