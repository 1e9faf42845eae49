import pytest

from gongkai.agencies.models import Agency, Role
from tests.agencies.factories import make_agency, make_user


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agency(db):
    return make_agency("county", "某县人民政府", kind=Agency.Kind.GOVERNMENT)


@pytest.fixture
def sysadmin(agency):
    return make_user("admin1", (agency, Role.SYSADMIN))


@pytest.fixture
def clerk(agency):
    return make_user("clerk1", (agency, Role.CLERK))
