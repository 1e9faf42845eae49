"""The audit trail (django-simple-history's Historical* rows) only grows and is kept ≥ 180 days."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from gongkai.agencies.demo import load_demo
from gongkai.api import api
from gongkai.security.audit import is_history_model
from gongkai.security.management.commands.clean_old_history import RETENTION_DAYS

GONGKAI = Path(__file__).resolve().parents[2] / "gongkai"
HISTORY_MODELS = [m for m in apps.get_models() if is_history_model(m)]


def test_every_history_model_is_known():
    names = {m.__name__ for m in HISTORY_MODELS}
    assert {
        "HistoricalUser",
        "HistoricalApplication",
        "HistoricalCatalogItem",
        "HistoricalAnnualReport",
    } <= names
    assert len(HISTORY_MODELS) >= 20


def test_no_history_model_has_an_admin_of_its_own():
    registered = [m.__name__ for m in admin.site._registry if is_history_model(m)]
    assert registered == []


def all_routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def test_the_only_history_pages_are_the_admins_read_views():
    history_routes = {route for route, _ in all_routes() if "history" in route.lower() or "历史" in route}
    expected = set()
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        expected.add(prefix + "<path:object_id>/history/")
        if hasattr(model_admin, "history_form_view"):
            expected.add(prefix + "^([^/]+)/history/([^/]+)/$")
    assert history_routes <= expected, history_routes - expected
    # The API has no history operation at all.
    api_paths = [path for path in api.get_openapi_schema()["paths"]]
    assert not [p for p in api_paths if "history" in p.lower()]


def test_application_code_never_updates_or_deletes_history_rows():
    pattern = re.compile(
        r"(history\b[^\n]*\.(update|delete|bulk_update|raw)\(|Historical\w*\.objects[^\n]*\.(update|delete|bulk_update)\()"
    )
    offenders = []
    for path in GONGKAI.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(GONGKAI.parent)}:{number}: {line.strip()}")
    assert offenders == []


def existing_or_unsaved(model):
    row = model.objects.first()
    if row is None:  # no row of this kind yet: an object the database would treat as existing
        row = model(history_id=10**9, history_date=timezone.now(), history_type="~")
        row._state.adding = False
    return row


@pytest.mark.django_db
@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda m: m.__name__)
def test_a_history_row_cannot_be_changed_or_deleted(model):
    row = existing_or_unsaved(model)
    before = model.objects.count()
    with pytest.raises(PermissionDenied, match="只能追加"), transaction.atomic():
        row.save()
    with pytest.raises(PermissionDenied, match="只能追加"), transaction.atomic():
        row.delete()
    assert model.objects.count() == before


@pytest.mark.django_db
def test_history_rows_cannot_be_deleted_in_bulk():
    load_demo()
    filled = [m for m in HISTORY_MODELS if m.objects.exists()]
    assert len(filled) >= 5
    for model in filled:
        before = model.objects.count()
        with pytest.raises(PermissionDenied, match="只能追加"), transaction.atomic():
            model.objects.all().delete()
        assert model.objects.count() == before, model


@pytest.mark.django_db
def test_history_rows_outlive_their_record_and_the_admin_history_is_read_only(client):
    context = load_demo()
    client.force_login(context.users["admin"])
    agency = context.agencies["jinjiang-czj"]
    rows = list(agency.history.values_list("history_id", "short_name", "history_change_reason"))
    version = rows[0][0]
    page = client.get(f"/admin/agencies/agency/{agency.pk}/history/{version}/")
    assert page.status_code == 200
    assert (
        client.post(f"/admin/agencies/agency/{agency.pk}/history/{version}/", {"name": "改名"}).status_code
        == 403
    )
    assert list(agency.history.values_list("history_id", "short_name", "history_change_reason")) == rows
    # Deleting a person keeps every row of their account's history.
    User = get_user_model()
    clerk2 = User.objects.get(username="clerk2")
    count = User.history.filter(id=clerk2.pk).count()
    response = client.post(f"/admin/auth/user/{clerk2.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not User.objects.filter(pk=clerk2.pk).exists()
    assert User.history.filter(id=clerk2.pk).count() == count + 1  # …plus the deletion itself


@pytest.mark.django_db
def test_clean_old_history_keeps_at_least_180_days():
    load_demo()
    Agency = apps.get_model("agencies", "Agency")
    rows = list(Agency.history.order_by("history_id"))
    assert len(rows) >= 3
    now = timezone.now()
    ages = {rows[0].pk: RETENTION_DAYS + 5, rows[1].pk: RETENTION_DAYS - 1}
    for pk, days in ages.items():  # the test ages rows directly; the application cannot
        Agency.history.filter(pk=pk).update(history_date=now - timedelta(days=days))
    with pytest.raises(CommandError, match="至少保留 180 天"):
        call_command("clean_old_history", "agencies.Agency", days=30)
    call_command("clean_old_history", "agencies.Agency", verbosity=0)
    remaining = set(Agency.history.values_list("pk", flat=True))
    assert rows[0].pk not in remaining and rows[1].pk in remaining
    assert remaining == {r.pk for r in rows[1:]}


def test_clean_duplicate_history_is_switched_off():
    with pytest.raises(CommandError, match="只能追加"):
        call_command("clean_duplicate_history", "--auto")
