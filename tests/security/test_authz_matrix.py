"""The authorization matrix (issue 11 item 4): every address of the system, asked by every subject
— the public, each role of agency A and of agency B, a supervising office above both, one in B, and
a system administrator — answers as ``authz_matrix.csv`` says.

A row is one URL name (``namespace:name``, ``path:<route>`` for an unnamed pattern) or one API
operation (``api:<operationId>``); a row's name may be a glob (``admin:*``) covering many. Its
``kwargs`` name the world's records (``pk=@item``), all of them agency A's, so B's people are
checked against A's records. A cell is the expected outcome: a status (200, 403, 404, 405…),
``login`` for a redirect to a login page, alternatives as ``200|302``, ``-`` for not asked.

The test fails listing every route without a row and every cell that differs, all at once. For a
row whose cell denies a GET, the same subject's empty POST must be refused too (403/404/405/login).
Every request runs in a savepoint rolled back after it, so no answer depends on an earlier one.

To see what the system answers now: ``AUTHZ_MATRIX_RECORD=path.csv pytest …`` writes the
observed matrix (missing routes included, with a ``?`` where their kwargs are unknown).
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from .matrix import FIXED_COLUMNS, read_matrix, row_for, targets
from .routes import Route, all_routes, build_url, example_body, outcome, resolve_kwargs
from .world import SUBJECTS, world_fixture

DENIED = {"login", "401", "403", "404"}
POST_REFUSED = DENIED | {"405"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from world_fixture(django_db_blocker)


def ask(client, method: str, url: str, route: Route, given: dict[str, str]):
    """One request, its database effects rolled back and the cache (rate limits) emptied first. The
    row's ``query.x=…`` go in the query string, ``form.x=…`` in a POST's form; an API operation
    gets a body it accepts, so the answer is the permission check's, not the body validation's."""
    query = {k[6:]: v for k, v in given.items() if k.startswith("query.")}
    form = {k[5:]: v for k, v in given.items() if k.startswith("form.")}
    cache.clear()
    with transaction.atomic():
        if method == "GET":
            response = client.get(url, query)
        elif route.is_api_operation:
            body = json.dumps(example_body(route) or {})
            response = client.generic(method, url, data=body, content_type="application/json")
        else:
            response = client.post(url + (f"?{urlencode(query)}" if query else ""), form)
        transaction.set_rollback(True)
    return response


def test_every_route_has_a_row() -> None:
    rows = read_matrix()
    missing = [r.key for r in all_routes() if row_for(r, rows) is None]
    assert not missing, "这些网址在 authz_matrix.csv 中没有对应的行：\n" + "\n".join(missing)
    unknown = set(rows[0]) - {*FIXED_COLUMNS, *SUBJECTS, "note"}
    assert not unknown and set(SUBJECTS) <= set(rows[0]), f"列名不对：多出 {unknown}"


def test_every_subject_gets_what_the_matrix_says(world, db) -> None:
    rows = read_matrix()
    record = os.environ.get("AUTHZ_MATRIX_RECORD")
    observed: list[dict[str, str]] = []
    mismatches: list[str] = []
    unbuilt: list[str] = []
    for route in all_routes():
        row = row_for(route, rows)
        is_glob = row is not None and row["route"] != route.key
        if row is None:
            if not record:
                continue  # reported by test_every_route_has_a_row
            row = {"route": route.key, "method": route.methods[0] if route.methods else "GET", "kwargs": ""}
        url = build_url(route, row["kwargs"], world.objects)
        if url is None:
            if not is_glob:
                unbuilt.append(f"{route.key}（{route.route}）")
                if record:
                    observed.append({**row, **dict.fromkeys(SUBJECTS, "?")})
            continue
        method = row["method"] or "GET"
        given = resolve_kwargs(row["kwargs"], world.objects)
        seen = {}
        for subject in SUBJECTS:
            expected = row.get(subject, "")
            if expected == "-" and not record:
                continue
            client = world.client(subject)
            got = outcome(ask(client, method, url, route, given))
            seen[subject] = got
            if not record and got not in expected.split("|"):
                mismatches.append(
                    f"{route.key} {method} {url} · {subject}: 期望 {expected or '（空）'}，实际 {got}"
                )
            if method == "GET" and set(expected.split("|")) <= DENIED and expected:
                posted = outcome(ask(client, "POST", url, route, given))
                if posted not in POST_REFUSED:
                    mismatches.append(f"{route.key} POST {url} · {subject}: 无权查看却可以提交（{posted}）")
        if record and not is_glob:
            observed.append({**row, **seen})
    if record:
        _write(Path(record), observed)
    problems = [*(f"无法构造网址：{u}" for u in unbuilt), *mismatches]
    assert not problems, f"{len(problems)} 处与权限矩阵不符：\n" + "\n".join(problems)


def _write(path: Path, observed: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, [*FIXED_COLUMNS, *SUBJECTS, "note"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(observed)


OUTSIDERS = ("anonymous", "B-clerk", "B-office_head", "B-supervisor", "county-supervisor")


def test_no_page_shows_outsiders_as_private_records(world, db) -> None:
    """A page that answers 200 to someone outside A (a list, a dashboard, a search) must not show
    A's cases: the matrix checks the doors, this checks what the open ones show."""
    leaks = []
    for target in targets(world.objects, globs=False):
        if target.method != "GET":
            continue
        for subject in OUTSIDERS:
            if "200" not in target.expected(subject):
                continue
            # as linked, and asking for A by name (?agency=…, the lists' filter)
            for query in (target.query, {**target.query, "agency": world.objects["A"]}):
                response = world.client(subject).get(target.url, query)
                text = "" if response.streaming else response.content.decode(errors="replace")
                leaks += [
                    f"{target.url}?{urlencode(query)}（{subject}）：{name}"
                    for name, value in world.private.items()
                    if value in text
                ]
    assert not leaks, "这些页面向甲局以外的人显示了甲局的记录：\n" + "\n".join(leaks)
    # the same pages do show them to A's clerk: the markers are what the pages show
    own = world.client("A-clerk")
    shown = (
        own.get(reverse("applications:list")).content.decode()
        + own.get(reverse("consultations:list")).content.decode()
    )
    assert world.private["application_tracking"] in shown and world.private["consultation_tracking"] in shown
