from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def duration_zh(value: timedelta | None) -> str:
    """A length of time in Chinese: 30 分钟, 2 小时, 1 小时 30 分钟."""
    if not isinstance(value, timedelta):
        return ""
    minutes = max(1, round(value.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} 小时")
    if minutes:
        parts.append(f"{minutes} 分钟")
    return " ".join(parts)
