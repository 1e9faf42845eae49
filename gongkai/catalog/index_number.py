"""索引号: the identifier every catalog item gets when it is published, unique and never changed.

The default is the national format of 《政府信息公开目录系统实施指引（试行）》(国务院办公厅秘书局,
2008; spec/domain.md §4.2): 「索引号（Identifier，20位字符串，必选项）…是每条信息唯一不变的标识，
一经生成不因发布机构变更而更改。索引号采用"前段码/后段码"的格式…前段码为信息发布单位的组织机构代码…
（在使用中应略去"-"）。…后段码为"4位年份数字"加上"5位数字流水号"中间用"-"链接。」 — that is
``000014349/2018-00222``: 9 characters, "/", the year, "-", a 5-digit serial; 20 characters.

The format is pluggable (local variants exist, e.g. 年月 instead of the year,
``11341702486344515H/202110-00013``): a formatter is a function ``(prefix, published_on, serial) ->
str`` registered in :data:`FORMATTERS` under the key an agency chooses in
``CatalogRules.index_format``. The serial counts per agency and year of publication.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Max

from gongkai.agencies.models import Agency

Formatter = Callable[[str, date, int], str]


def national(prefix: str, published_on: date, serial: int) -> str:
    """前段码/YYYY-NNNNN (the 实施指引's 20 characters with a 9-character 组织机构代码)."""
    if serial > 99999:
        raise ValidationError("本年度索引号流水号已超过 5 位（99999），请联系系统管理员调整索引号格式。")
    return f"{prefix}/{published_on.year:04d}-{serial:05d}"


def year_month(prefix: str, published_on: date, serial: int) -> str:
    """前段码/YYYYMM-NNNNN, a local variant seen on real pages."""
    if serial > 99999:
        raise ValidationError("本年度索引号流水号已超过 5 位（99999），请联系系统管理员调整索引号格式。")
    return f"{prefix}/{published_on:%Y%m}-{serial:05d}"


FORMATTERS: dict[str, Formatter] = {"national": national, "year_month": year_month}
FORMAT_LABELS = {"national": "全国通用（前段码/年份-5位流水号）", "year_month": "前段码/年月-5位流水号"}


def prefix_of(agency: Agency, override: str = "") -> str:
    """前段码: the configured prefix, else the 组织机构代码 without "-", else characters 9–17 of the
    统一社会信用代码 (which are the 组织机构代码, GB 32100), else the agency's own code."""
    if override.strip():
        return override.strip()
    if agency.org_code:
        return agency.org_code.replace("-", "").upper()
    if agency.credit_code:
        return agency.credit_code[8:17]
    return agency.code.upper()


def next_serial(agency_id: int, year: int) -> int:
    """The next serial of the agency's year. Callers hold the agency's CatalogRules row locked."""
    from .models import CatalogItem

    found = CatalogItem.objects.filter(agency_id=agency_id, index_year=year).aggregate(n=Max("index_serial"))
    return (found["n"] or 0) + 1


def format_index(format_key: str, prefix: str, published_on: date, serial: int) -> str:
    try:
        formatter = FORMATTERS[format_key]
    except KeyError:
        raise ValidationError(f"未知的索引号格式“{format_key}”，请在主动公开设置中重新选择。") from None
    return formatter(prefix, published_on, serial)
