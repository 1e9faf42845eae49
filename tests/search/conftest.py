import pytest

from gongkai.agencies.models import Agency
from tests.agencies.factories import make_agency


@pytest.fixture
def agencies(db):
    root = make_agency("county", "某县人民政府", kind=Agency.Kind.GOVERNMENT)
    return root, make_agency("dept-a", "某县城市管理局", root), make_agency("dept-b", "某县财政局", root)
