import pytest

from gongkai.agencies.models import Role
from tests.agencies.factories import make_tree, make_user


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


@pytest.fixture
def people(db):
    return People()


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
