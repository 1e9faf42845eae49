"""An agency's public pages live at /<代号>/…: every fixed first part of the system's own addresses
is refused as a code, so that no agency is shadowed by a route added later."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import get_resolver
from django.urls.resolvers import URLResolver

from gongkai.agencies.models import validate_agency_code


def _routes(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        else:
            yield route


def test_every_fixed_first_part_of_an_address_is_a_reserved_code():
    firsts = {route.split("/")[0] for route in _routes(get_resolver())}
    fixed = {f for f in firsts if f and "<" not in f and "." not in f}
    assert {"staff", "catalog", "search", "feed"} <= fixed
    for first in sorted(fixed):
        with pytest.raises(ValidationError, match="与系统网址冲突"):
            validate_agency_code(first)
        with pytest.raises(ValidationError):
            validate_agency_code(first.upper())
    validate_agency_code("jinjiang-xzfwzx")  # an ordinary code passes
