import pytest
from django.core.exceptions import ValidationError

from gongkai.agencies.models import validate_agency_code, validate_credit_code


@pytest.mark.parametrize("code", ["admin", "staff", "check", "api", "static"])
def test_codes_that_collide_with_site_paths_are_refused(code):
    with pytest.raises(ValidationError, match="与系统网址冲突"):
        validate_agency_code(code)


def test_an_ordinary_code_is_accepted():
    validate_agency_code("jinjiang-xzfwzx")


def test_credit_code_check_character():
    validate_credit_code("91350100M000100Y43")
    with pytest.raises(ValidationError, match="校验位错误"):
        validate_credit_code("91350100M000100Y44")


@pytest.mark.django_db
def test_an_agency_cannot_be_placed_under_itself_or_its_descendants():
    from gongkai.agencies.models import Agency

    top = Agency.objects.create(code="t-top", name="某市人民政府", level="prefecture", kind="government")
    mid = Agency.objects.create(code="t-mid", name="某县人民政府", level="county", kind="government", parent=top)
    low = Agency.objects.create(code="t-low", name="某县某局", level="county", parent=mid)
    assert Agency.ancestor_ids(low.pk) == [mid.pk, top.pk]
    for parent in (top, low):
        top.parent = parent
        with pytest.raises(ValidationError, match="上级机关不能是本机关或其下级机关"):
            top.clean()
    low.parent = top
    low.clean()
