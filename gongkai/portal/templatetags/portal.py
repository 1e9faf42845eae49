"""``{% portal_modes as modes %}``: the reader's display modes (长者模式, 自助终端) for the templates;
``{% portal_links agency as links %}``: the addresses of the portal's header."""

from __future__ import annotations

import functools

from django import template
from django.urls import get_script_prefix, reverse

from gongkai.portal.cache import Modes, modes_of

register = template.Library()

_AGENCY_COLUMNS = ("agency", "guide", "catalog", "statutory", "apply", "reports", "agency_search")


@register.simple_tag(takes_context=True)
def portal_modes(context) -> Modes:
    request = context.get("request")
    return modes_of(request) if request is not None else Modes()


@functools.lru_cache(maxsize=4096)
def _links(prefix: str, code: str | None) -> dict[str, str]:
    # ``prefix`` keys the cache only: reverse() reads the same script prefix.
    links = {
        "home": reverse("portal:home"),
        "search": reverse("portal:search"),
        "check": reverse("checker:check"),
        "staff_login": reverse("staff:login"),
        "mode_large": reverse("portal:mode", args=["large"]),
    }
    if code is not None:
        links.update((name, reverse(f"portal:{name}", args=[code])) for name in _AGENCY_COLUMNS)
    return links


@register.simple_tag
def portal_links(agency=None) -> dict[str, str]:
    """What ``{% url %}`` gives for the header's links (the site's, and ``agency``'s columns), each
    reversed once per process and agency."""
    return _links(get_script_prefix(), agency.code if agency else None)
