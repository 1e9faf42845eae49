"""Two supervising offices (the county government and department B, each with a 主管部门 person),
a plain clerk, and reports written by tests/reportio/builders.py."""

from __future__ import annotations

import io
import zipfile

import pytest

from gongkai.agencies.models import Role
from tests.agencies.factories import make_tree, make_user
from tests.reportio import builders as b


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # tasks run at once, in the request (the DB backend only queues: tested on its own)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class People:
    def __init__(self):
        self.tree = make_tree()
        self.supervisor = make_user("sup-county", (self.tree.root, Role.SUPERVISOR))
        self.other_supervisor = make_user("sup-b", (self.tree.b, Role.SUPERVISOR))
        self.clerk = make_user("clerk-a", (self.tree.a, Role.CLERK))


@pytest.fixture
def people(db):
    return People()


def report_txt(seed: int, year: int, agency: str = "某某市某某局") -> bytes:
    spec = b.make_spec(seed, year=year)
    spec.agency = agency
    return b.to_tab_text(spec).encode("utf-8")


class GbkName(zipfile.ZipInfo):
    """A member name as Chinese Windows writes it: GBK bytes, no UTF-8 flag."""

    encoding = "gbk"

    def _encodeFilenameFlags(self):  # noqa: N802 — zipfile's hook
        return self.filename.encode(self.encoding), self.flag_bits & ~0x800


class Utf8NoFlagName(GbkName):
    """As Info-ZIP on Linux writes it: UTF-8 bytes, no UTF-8 flag."""

    encoding = "utf-8"


def zip_of(members: dict[str, bytes], *, utf8_names: bool = True, name_class=None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            if utf8_names:
                z.writestr(name, data)
            else:
                info = (name_class or GbkName)(name)
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data)
    return out.getvalue()
