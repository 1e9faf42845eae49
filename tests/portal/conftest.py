import pytest

from gongkai.agencies.models import Agency
from tests.agencies.factories import make_agency


@pytest.fixture
def government(db):
    return make_agency(
        "jinjiang",
        "晋江市人民政府",
        level=Agency.Level.COUNTY,
        kind=Agency.Kind.GOVERNMENT,
    )


@pytest.fixture
def full_agency(government):
    """A department with every contact fact of 条例第十二条 filled in."""
    return make_agency(
        "xzfwzx",
        "晋江市行政服务中心管理委员会",
        government,
        short_name="市行政服务中心",
        kind=Agency.Kind.DEPARTMENT,
        org_code="00365803-2",
        office_name="晋江市行政服务中心管委会办公室",
        office_address="福建省晋江市世纪大道行政服务中心大楼3楼",
        office_postcode="362200",
        office_phone="0595-85601234",
        office_fax="0595-85605678",
        office_email="gongkai@example.gov.cn",
        office_hours="工作日上午8:00—12:00，下午15:00—18:00",
        online_channel="https://zwgk.example.gov.cn/apply/",
        website="https://www.example.gov.cn/",
    )


@pytest.fixture
def bare_agency(db):
    """A province-level agency that has published no contact facts yet."""
    return make_agency("bare", "某省某厅", level=Agency.Level.PROVINCE)
