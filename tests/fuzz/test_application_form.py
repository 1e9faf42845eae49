"""Fuzzing the public online application form (issue 11, item 6): generated posts — random,
unicode and overlong strings, control characters, huge numbers, invalid dates, wrong choices,
fields left out or sent twice, uploads of random bytes, forged tickets, malformed bodies. Never a
500, only 200/302/400 with Chinese errors, and nothing half-saved (tests/fuzz/form.py)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.applications.models import Application, Attachment
from tests.agencies.factories import make_tree
from tests.fuzz.form import NASTY, VALID, bodies, check_answer, post

FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def agency(db, settings, tmp_path):
    """An agency whose form takes posts at once, without the per-address limit, files in tmp."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }
    settings.GONGKAI_APPLY_MIN_SECONDS = 0
    settings.GONGKAI_APPLY_RATE_LIMIT = 0
    settings.GONGKAI_TRACK_RATE_LIMIT = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    return make_tree().a


def test_the_valid_body_is_filed(client, agency) -> None:
    """The generator's starting point is a real application: mutations start from success."""
    response, created, uploads = post(client, agency, {**VALID, "ticket": "fresh"})
    assert response.status_code == 200 and created == (1, 0)


@FUZZ
@given(body=bodies())
def test_generated_posts_keep_the_contract(client, agency, body) -> None:
    response, created, uploads = post(client, agency, body)
    broken = check_answer(response, created, uploads)
    assert not broken, broken


RAW = [
    ("application/x-www-form-urlencoded", b"name=%ZZ%&&&=&applicant=%E4%B8"),
    ("application/x-www-form-urlencoded", b"\xff\xfe\x00" * 100),
    ("application/x-www-form-urlencoded", b"a=" + b"x" * 3_000_000),
    ("application/x-www-form-urlencoded", b"&".join(b"f%d=1" % i for i in range(5000))),
    ("multipart/form-data; boundary=XX", b'--XX\r\nContent-Disposition: form-data; name="name"\r\n\r\n'),
    ("multipart/form-data", b"--XX\r\n\r\n--XX--"),
    ("multipart/form-data; boundary=" + "b" * 300, b"garbage"),
    ("application/json", '{"name": "张三"}'.encode()),
    ("text/plain", b"\x00\x01\x02"),
]


@pytest.mark.parametrize("content_type,body", RAW, ids=range(len(RAW)))
def test_malformed_bodies_get_a_chinese_400(client, agency, content_type, body) -> None:
    before = (Application.objects.count(), Attachment.objects.count())
    response = client.generic("POST", reverse("applications:apply", args=[agency.code]), body, content_type)
    assert response.status_code == 400
    assert (Application.objects.count(), Attachment.objects.count()) == before
    assert "请" in response.content.decode("utf-8", "replace")


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.binary(max_size=2000),
    st.sampled_from(["application/x-www-form-urlencoded", "multipart/form-data; boundary=b"]),
)
def test_random_raw_bodies(client, agency, body, content_type) -> None:
    before = (Application.objects.count(), Attachment.objects.count())
    response = client.generic("POST", reverse("applications:apply", args=[agency.code]), body, content_type)
    assert response.status_code == 400
    assert (Application.objects.count(), Attachment.objects.count()) == before


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.one_of(st.sampled_from(NASTY), st.text(st.characters(exclude_categories=("Cs",)), max_size=60)),
    st.one_of(st.sampled_from(NASTY), st.text(st.characters(exclude_categories=("Cs",)), max_size=10)),
)
def test_the_progress_query_beside_the_form(client, agency, code, tail) -> None:
    """The form's receipt sends people to the progress query: the same hostile values there."""
    response = client.post(reverse("applications:track"), {"code": code, "tail": tail})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        errors = [str(m) for ms in response.context["form"].errors.values() for m in ms]
        assert errors and all(re.search(r"[\u4e00-\u9fff]", e) for e in errors), errors
