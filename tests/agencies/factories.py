"""Small builders for agency trees and people, shared by the agencies and staff tests."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency, Membership, Role

PASSWORD = "correct-horse-42"


def make_agency(code: str, name: str, parent: Agency | None = None, **extra) -> Agency:
    level = extra.pop("level", Agency.Level.COUNTY)
    return Agency.objects.create(code=code, name=name, parent=parent, level=level, **extra)


def make_user(username: str, *roles: tuple[Agency, str], **extra):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    for agency, role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


@dataclass
class Tree:
    """县政府 (root) with departments A and B; A has a subordinate A1."""

    root: Agency
    a: Agency
    a1: Agency
    b: Agency


def make_tree() -> Tree:
    root = make_agency("county", "某县人民政府", kind=Agency.Kind.GOVERNMENT)
    a = make_agency("dept-a", "某县甲局", root)
    a1 = make_agency("dept-a1", "某县甲局下属中心", a)
    b = make_agency("dept-b", "某县乙局", root)
    return Tree(root, a, a1, b)


ALL_ROLES = tuple(Role)
