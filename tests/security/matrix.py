"""Reading tests/security/authz_matrix.csv: its rows, the row of a route, and the concrete request
of every route — shared by the authorization, CSRF and XSS sweeps."""

from __future__ import annotations

import csv
import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .routes import Route, all_routes, build_url, resolve_kwargs

MATRIX = Path(__file__).with_name("authz_matrix.csv")
FIXED_COLUMNS = ("route", "method", "kwargs")


def read_matrix() -> list[dict[str, str]]:
    with MATRIX.open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["route"] and not r["route"].startswith("#")]


def row_for(route: Route, rows: list[dict[str, str]]) -> dict[str, str] | None:
    """The exact row, else the first glob row that matches."""
    for row in rows:
        if row["route"] == route.key:
            return row
    for row in rows:
        if any(c in row["route"] for c in "*?[") and fnmatch.fnmatchcase(route.key, row["route"]):
            return row
    return None


@dataclass
class Target:
    route: Route
    row: dict[str, str]
    url: str
    given: dict[str, str]  # the row's kwargs resolved, query.* and form.* included

    @property
    def method(self) -> str:
        return self.row["method"] or "GET"

    def expected(self, subject: str) -> set[str]:
        return set(filter(None, self.row.get(subject, "").split("|")))

    @property
    def query(self) -> dict[str, str]:
        return {k[6:]: v for k, v in self.given.items() if k.startswith("query.")}

    @property
    def form(self) -> dict[str, str]:
        return {k[5:]: v for k, v in self.given.items() if k.startswith("form.")}


def targets(objects: dict[str, Any], *, globs: bool = True) -> Iterator[Target]:
    """Every route that has a row and whose URL can be built from the world."""
    rows = read_matrix()
    for route in all_routes():
        row = row_for(route, rows)
        if row is None or (not globs and row["route"] != route.key):
            continue
        url = build_url(route, row["kwargs"], objects)
        if url is not None:
            yield Target(route, row, url, resolve_kwargs(row["kwargs"], objects))
