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
