"""Oversize or malformed requests get Chinese pages, not Django's English ones."""

from __future__ import annotations

import pytest
from django.test import Client


def test_an_oversize_form_body_gets_the_chinese_400_page(settings):
    body = "text=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = Client().post("/check/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    page = response.content.decode()
    assert "请求无法处理" in page and "表单内容过多、过大" in page
    assert "Bad Request" not in page
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY


def test_too_many_fields_get_the_chinese_400_page(settings):
    body = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = Client().post("/check/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "请求无法处理" in response.content.decode()


@pytest.mark.django_db
def test_a_failed_csrf_check_is_explained_in_chinese():
    response = Client(enforce_csrf_checks=True).post("/staff/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "表单已失效" in page and "CSRF" in page and "Forbidden" not in page
