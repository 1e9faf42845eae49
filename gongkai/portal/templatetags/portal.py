"""``{% portal_modes as modes %}``: the reader's display modes (长者模式, 自助终端) for the templates."""

from __future__ import annotations

from django import template

from gongkai.portal.cache import Modes, modes_of

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_modes(context) -> Modes:
    request = context.get("request")
    return modes_of(request) if request is not None else Modes()
