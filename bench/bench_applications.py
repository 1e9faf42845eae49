"""Benchmarks of disclosure applications (issue 8 "Performance").

BENCH tables_1m_sqlite_s    表三 + 表四 (figures.table3_for + table4_for) of one agency-year holding
                            BENCH_TABLE_ROWS (1,000,000) applications among BENCH_OTHER_ROWS
                            (5,000,000) of other agencies and of the same agency's other years, on
                            a temporary SQLite database; best of 3 after a warm run.
                            ratio = that / one raw ``GROUP BY outcome, category`` over the same
                            agency-year rows (baseline=raw_group_by), same run, best of 3.
BENCH tables_1m_postgres_s  the same on PostgreSQL (127.0.0.1:5432, user postgres, its own database
                            gongkai_bench, created and dropped); skipped with the reason when the
                            server cannot be reached.
BENCH submit_per_s          online submissions per second through the public form (GET the page
                            for its ticket and CSRF token, POST it) under gunicorn on a temporary
                            SQLite database, BENCH_CLIENTS concurrent clients for BENCH_SUBMIT_SECONDS;
                            every 10th submission is POSTed twice (the double submit). lost and
                            duplicated are counted from the database afterwards, by the unique marker
                            each submission carries in its description. Without the form, the public
                            API (POST /api/applications/{code}, one submission_key each) — via=api.

The tables are filled by INSERT … SELECT over a generated series (a recursive CTE on SQLite,
generate_series on PostgreSQL), not row by row; the encrypted columns hold one constant ciphertext.
Each phase runs in a subprocess of its own with its own settings and database.
"""

from __future__ import annotations

import html.parser
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(BENCH), str(ROOT)]

from _common import best_of, emit, postgres_database  # noqa: E402

TARGET_ROWS = int(os.environ.get("BENCH_TABLE_ROWS", "1000000"))
OTHER_ROWS = int(os.environ.get("BENCH_OTHER_ROWS", "5000000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
SUBMIT_SECONDS = float(os.environ.get("BENCH_SUBMIT_SECONDS", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/gongkai_bench")
YEAR = 2025
OTHER_AGENCIES = 50
OUTCOMES = (
    "GRANT_ALREADY_PUBLIC GRANT PARTIAL DENY_STATE_SECRET DENY_LAW_FORBIDS DENY_3S1S DENY_THIRD_PARTY "
    "DENY_INTERNAL DENY_PROCESS DENY_ENFORCEMENT_FILE DENY_QUERY_MATTER NOT_EXIST NOT_OUR_DUTY "
    "NEEDS_COMPILATION STILL_UNCLEAR_AFTER_CORRECTION NOT_PROCESSED_PETITION NOT_PROCESSED_REPEAT "
    "NOT_PROCESSED_PUBLICATION NOT_PROCESSED_UNREASONABLE_VOLUME NOT_PROCESSED_CONFIRM_REISSUE "
    "OTHER_NO_CORRECTION OTHER_FEE_UNPAID OTHER"
).split()
CATEGORIES = ("NATURAL_PERSON", "COMMERCIAL", "RESEARCH", "PUBLIC_INTEREST", "LEGAL_SERVICE", "OTHER")


# --- the phases' surroundings ---------------------------------------------------------------------
def phase_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """Settings for a phase: its own var/ (secret key, data key, cache, SQLite file), no limits."""
    (var_dir / "bench_settings.py").write_text(
        "from gongkai.settings import *  # noqa\n"
        "DEBUG = False\n"
        "GONGKAI_APPLY_MIN_SECONDS = 0\nGONGKAI_APPLY_RATE_LIMIT = 0\nGONGKAI_TRACK_RATE_LIMIT = 0\n"
        "import warnings\nwarnings.filterwarnings('ignore', message='No directory at', category=UserWarning)\n"
    )
    env = dict(os.environ, GONGKAI_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="bench_settings", **extra)
    env["PYTHONPATH"] = os.pathsep.join([str(var_dir), str(BENCH), str(ROOT)])
    if "DATABASE_URL" not in extra:
        env.pop("DATABASE_URL", None)  # the phase's SQLite file under var_dir
    return env


def run_phase(name: str, env: dict[str, str]) -> int:
    return subprocess.call([sys.executable, __file__, "--phase", name], env=env, cwd=ROOT)


def setup_django() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def make_agencies(n_other: int) -> tuple[int, list[int]]:
    from gongkai.agencies.actions import SaveAgency
    from gongkai.agencies.models import Agency
    from gongkai.agencies.permissions import SYSTEM

    def save(code: str, name: str) -> int:
        agency = Agency(code=code, name=name, level=Agency.Level.COUNTY)
        return SaveAgency(SYSTEM, agency, reason="基准测试").execute().pk

    target = save("bench", "基准测试局")
    return target, [save(f"bench-{i}", f"基准测试其他局{i}") for i in range(n_other)]


# --- tables 三 and 四 over a million rows -----------------------------------------------------------
def _case(expr: str, values: tuple[str, ...]) -> str:
    whens = " ".join(f"WHEN {i} THEN '{v}'" for i, v in enumerate(values))
    return f"CASE ({expr}) % {len(values)} {whens} END"


def fill_sql(vendor: str, *, count: int, agency: str, year: str, prefix: str, personal: bool = False) -> str:
    """INSERT … SELECT of ``count`` applications over a generated series ``n``; ``agency`` and
    ``year`` are SQL expressions of n. Received on day n % 365 of the year, closed 0–28 days
    later when that stays inside the year (else still open: carried forward), 1 in 37 never."""
    from gongkai.applications.models import Application
    from gongkai.applications.personal import digest, encrypt

    if vendor == "sqlite":
        day = lambda offset: f"date(({year}) || '-01-01', '+' || ({offset}) || ' days')"  # noqa: E731
        code = f"printf('{prefix}%011d', n)"
        series_head = f"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {count}) "
        series_from = "s"
        now = "'2025-01-01 00:00:00'"
    else:
        day = lambda offset: f"(make_date(({year})::int, 1, 1) + ({offset})::int)"  # noqa: E731
        code = f"'{prefix}' || lpad(n::text, 11, '0')"
        series_head = ""
        series_from = f"generate_series(1, {count}) AS s(n)"
        now = "now()"
    closed_if = "(n % 365) + (n % 29) <= 364 AND n % 37 <> 0"
    # Real ciphertext and digests in the measured rows (their size is what a scan reads); the
    # other millions keep them empty, or the file would grow by gigabytes the queries never touch.
    secret = encrypt("110101199001011237") if personal else ""
    id_digest = digest("110101199001011237") if personal else ""
    values = {
        "agency_id": agency,
        "tracking_code": code,
        "submission_key": "NULL",
        "channel": "'INTERNET'",
        "arrived_on": day("n % 365"),
        "confirmed_on": day("n % 365"),
        "received_on": day("n % 365"),
        "reply_due": day("n % 365 + 28"),
        "closed_on": f"CASE WHEN {closed_if} THEN {day('n % 365 + n % 29')} END",
        "outcome": f"CASE WHEN {closed_if} THEN {_case('n', tuple(OUTCOMES))} ELSE '' END",
        "state": f"CASE WHEN {closed_if} THEN 'replied' ELSE 'handling' END",
        "category": _case("n / 7", CATEGORIES),
        "applicant_type": "CASE WHEN (n / 7) % 6 = 0 THEN 'natural' ELSE 'organisation' END",
        "id_type": "'resident_id'",
        "id_number": f"'{secret}'",
        "phone": f"'{secret}'",
        "id_digest": f"'{digest('110101199001011234')}'",
        "description": "'某某信息'",
        "description_digest": f"'{id_digest and digest('某某信息')}'",
        "medium": "'electronic'",
        "delivery": "'email'",
        "name": "'申请人'",
        "created_at": now,
    }
    columns, exprs = [], []
    for field in Application._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        exprs.append(values.get(field.column) or _default_sql(field, now))
    table = Application._meta.db_table
    select = f"SELECT {', '.join(exprs)} FROM {series_from}"
    if vendor == "sqlite":
        return f"INSERT INTO {table} ({', '.join(columns)}) {series_head}{select}"
    return f"INSERT INTO {table} ({', '.join(columns)}) {select}"


def _default_sql(field, now: str) -> str:
    """A column this bench does not care about (fields added later included): its default."""
    from django.db import models

    if field.null:
        return "NULL"
    if isinstance(field, models.DateTimeField):
        return now
    if isinstance(field, models.DateField):
        return "'2025-01-01'"
    if isinstance(field, models.BooleanField):
        return "TRUE" if field.get_default() else "FALSE"
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return str(field.get_default() or 0)
    if isinstance(field, models.JSONField):
        return "'{}'"
    return "'" + str(field.get_default() or "").replace("'", "''") + "'"


def drop_indexes(cursor, vendor: str) -> list[str]:
    """Drop the table's plain indexes before the fill; return the statements that recreate those
    the report queries can use (on agency, received_on or closed_on) — built once over the filled
    table, which is much faster than keeping them up to date row by row. The rest (digests,
    reply_due, state, assignee) are not recreated: the report never reads through them. Unique
    indexes stay."""
    from gongkai.applications.models import Application

    table = Application._meta.db_table
    if vendor == "sqlite":
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [table])
        found = [(name, sql) for name, sql in cursor.fetchall() if sql and "UNIQUE" not in sql.upper()]
    else:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        found = [(name, sql) for name, sql in cursor.fetchall() if "UNIQUE" not in sql.upper()]
    for name, _sql in found:
        cursor.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found if any(c in sql for c in ("agency_id", "received_on", "closed_on"))]


def fill(vendor: str) -> int:
    """Target agency-year, the same agency's other years, other agencies; returns the agency id."""
    from django.db import connection, transaction

    from gongkai.applications.models import Appeal

    target, others = make_agencies(OTHER_AGENCIES)
    own_other = OTHER_ROWS // 10
    first, n_other = others[0], len(others)
    started = time.perf_counter()
    with connection.cursor() as cursor:  # a scratch database: no journal while filling
        if vendor == "sqlite":
            cursor.execute("PRAGMA journal_mode=OFF")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")
        else:
            cursor.execute("SET synchronous_commit = off")
            cursor.execute("SET maintenance_work_mem = '256MB'")
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor != "sqlite":  # Django's deferred foreign keys would forbid CREATE INDEX below
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        recreate = drop_indexes(cursor, vendor)
        cursor.execute(
            fill_sql(vendor, count=TARGET_ROWS, agency=str(target), year=str(YEAR), prefix="A", personal=True)
        )
        cursor.execute(
            fill_sql(vendor, count=own_other, agency=str(target), year=f"{YEAR - 2} + n % 2", prefix="B")
        )
        cursor.execute(
            fill_sql(
                vendor,
                count=OTHER_ROWS - own_other,
                agency=f"{first} + n % {n_other}",
                year=f"{YEAR - 2} + n % 4",
                prefix="C",
            )
        )
        for sql in recreate:
            cursor.execute(sql)
        Appeal.objects.bulk_create(
            Appeal(agency_id=target, kind=kind, body="某某", filed_on=date(YEAR, 1 + i % 12, 1))
            for i, kind in enumerate(list(Appeal.Kind) * 40)
        )
    with connection.cursor() as cursor:
        # What autovacuum would have done to a table that old: statistics and the visibility map
        # (without it PostgreSQL cannot answer from an index alone).
        cursor.execute("VACUUM ANALYZE" if vendor != "sqlite" else "ANALYZE")
    print(
        f"# {vendor}: {TARGET_ROWS + OTHER_ROWS:,} applications filled in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return target


def measure_tables(vendor: str, name: str) -> None:
    from django.db import connection

    from gongkai.applications.figures import table3_for, table4_for
    from gongkai.applications.models import Application
    from gongkai.law.report import Report
    from gongkai.law.validation.table3 import t3_01, t3_02, t3_03

    agency = fill(vendor)
    table = Application._meta.db_table
    raw = (
        f"SELECT outcome, category, COUNT(*) FROM {table} "
        "WHERE agency_id = %s AND closed_on >= %s AND closed_on <= %s GROUP BY outcome, category"
    )

    def ours() -> None:
        table3_for(agency, YEAR)
        table4_for(agency, YEAR)

    def baseline() -> None:
        with connection.cursor() as cursor:
            cursor.execute(raw, [agency, date(YEAR, 1, 1), date(YEAR, 12, 31)])
            cursor.fetchall()

    ours(), baseline()  # warm the caches
    seconds, base = best_of(ours, 3), best_of(baseline, 3)
    t3 = table3_for(agency, YEAR)
    report = Report("基准测试局", YEAR, table3=t3)
    assert not (t3_01(report) + t3_02(report) + t3_03(report))
    assert t3.rows["一"][6] == TARGET_ROWS, t3.rows["一"]
    emit(
        name,
        seconds,
        "s",
        ratio=seconds / base,
        baseline="raw_group_by",
        raw_group_by_s=base,
        rows=TARGET_ROWS,
        other_rows=OTHER_ROWS,
    )


def phase_tables_sqlite() -> None:
    setup_django()
    measure_tables("sqlite", "tables_1m_sqlite_s")


def phase_tables_postgres() -> None:
    setup_django()
    measure_tables("postgresql", "tables_1m_postgres_s")




# --- online submissions under gunicorn --------------------------------------------------------------
class FormFields(html.parser.HTMLParser):
    """The inputs of the page's form that posts (name → the value a person would send)."""

    SAMPLE = {
        "name": "张三",
        "contact_person": "张三",
        "id_number": "110101199001011237",
        "phone": "13800001234",
        "email": "bench@example.com",
        "address": "福建省晋江市青阳街道1号",
        "postcode": "362200",
        "document_number": "",
        "website": "",
    }

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("radio", "checkbox"):
                self.fields.setdefault(name, a.get("value", "on"))
            elif kind == "hidden":
                self.fields[name] = a.get("value", "")
            else:
                self.fields[name] = self.SAMPLE.get(name, a.get("value") or "某某")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and a.get("value"):
            self.fields.setdefault(self._select, a["value"])
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = "申请公开某某信息"

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


class Browser:
    """One client: its own connection and cookies."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, body: bytes | None = None, ctype: str = "") -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if ctype:
            headers["Content-Type"] = ctype
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            conn.close()


def form_submitter(port: int, code: str):
    """A function (browser, marker) → the statuses of submitting the public form; None if the
    form is not there or does not take a submission."""
    from gongkai.applications.models import Application

    path = f"/{code}/apply/online/"
    probe = Browser(port)
    status, page = probe.request("GET", path)
    if status != 200 or 'name="ticket"' not in page:
        return None, f"{path} 无在线申请表单（HTTP {status}）"

    def submit(browser: Browser, marker: str, twice: bool = False) -> list[int]:
        status, page = browser.request("GET", path)
        parser = FormFields()
        parser.feed(page)
        fields = dict(parser.fields)
        for name in ("description",):
            if name in fields:
                fields[name] = f"申请公开某某信息 {marker}"
        body = urllib.parse.urlencode(fields).encode()
        ctype = "application/x-www-form-urlencoded"
        statuses = [browser.request("POST", path, body, ctype)[0]]
        if twice:
            statuses.append(browser.request("POST", path, body, ctype)[0])
        return statuses

    before = Application.objects.count()
    statuses = submit(probe, "bench-probe")
    if statuses != [200] or Application.objects.count() != before + 1:
        return None, f"表单提交未被受理（HTTP {statuses}）"
    return submit, ""


def api_submitter(port: int, code: str):
    def submit(browser: Browser, marker: str, twice: bool = False) -> list[int]:
        body = json.dumps(
            {
                "name": "张三",
                "id_number": "110101199001011237",
                "phone": "13800001234",
                "description": f"申请公开某某信息 {marker}",
                "submission_key": marker,
            }
        ).encode()
        path = f"/api/applications/{code}"
        return [browser.request("POST", path, body, "application/json")[0] for _ in range(1 + twice)]

    return submit


def phase_submit() -> None:
    from bench_bare_view import free_port, stop

    setup_django()
    from django.db.models import Count

    from gongkai.applications.models import Application

    make_agencies(0)
    port = free_port()
    argv = [
        sys.executable, "-m", "gunicorn", "gongkai.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(WORKERS), "--worker-class", "sync", "--log-level", "warning",
    ]  # fmt: skip
    # as bench_bare_view.start_gunicorn, but with this phase's settings on the path (inherited)
    proc = subprocess.Popen(argv, cwd=ROOT, process_group=0, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                Browser(port).request("GET", "/")
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("gunicorn 未能启动") from None
                time.sleep(0.2)
        submit, why = form_submitter(port, "bench")
        via = "form"
        if submit is None:
            print(f"# 在线申请表单不可用（{why}），改经公开 API 提交", flush=True)
            submit, via = api_submitter(port, "bench"), "api"
        accepted: list[list[str]] = [[] for _ in range(CLIENTS)]
        failures: list[str] = []
        stop_at = time.perf_counter() + SUBMIT_SECONDS

        def loop(i: int) -> None:
            browser, n = Browser(port), 0
            while time.perf_counter() < stop_at:
                marker = f"bench-{i}-{n}"
                try:
                    statuses = submit(browser, marker, twice=n % 10 == 9)
                except OSError as exc:
                    failures.append(repr(exc))
                    statuses = []
                if statuses and all(s == 200 for s in statuses):
                    accepted[i].append(marker)
                elif statuses:
                    failures.append(f"{marker}: HTTP {statuses}")
                n += 1

        started = time.perf_counter()
        threads = [threading.Thread(target=loop, args=(i,)) for i in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        stop(proc)
    rows = Application.objects.filter(description__contains="bench-").exclude(
        description__contains="bench-probe"
    )
    per_marker: dict[str, int] = {}
    for description, n in rows.values_list("description").annotate(n=Count("id")).order_by():
        found = re.search(r"bench-\d+-\d+", description)
        if found:
            per_marker[found.group()] = per_marker.get(found.group(), 0) + n
    sent = [m for markers in accepted for m in markers]
    lost = sum(1 for m in sent if m not in per_marker)
    duplicated = sum(n - 1 for n in per_marker.values() if n > 1)
    if failures:
        print(f"# {len(failures)} 次提交失败，例如：{failures[0]}", flush=True)
    emit(
        "submit_per_s",
        len(sent) / elapsed,
        "/s",
        lost=lost,
        duplicated=duplicated,
        via=via,
        submitted=len(sent),
        failed=len(failures),
        clients=CLIENTS,
        workers=WORKERS,
        seconds=SUBMIT_SECONDS,
    )


PHASES = {
    "tables-sqlite": phase_tables_sqlite,
    "tables-postgres": phase_tables_postgres,
    "submit": phase_submit,
}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--phase"]:
        PHASES[argv[1]]()
        return 0
    only = argv[0] if argv else ""
    status = 0
    for name in PHASES:
        if only and only not in name:
            continue
        var_dir = Path(tempfile.mkdtemp(prefix=f"gongkai-bench-{name}-"))
        try:
            if name == "tables-postgres":
                why = postgres_database(PG_URL, "create")
                if why:
                    print(f"# BENCH tables_1m_postgres_s 跳过：{why}", flush=True)
                    continue
                status |= run_phase(name, phase_env(var_dir, DATABASE_URL=PG_URL))
                postgres_database(PG_URL, "drop")
            else:
                status |= run_phase(name, phase_env(var_dir))
        finally:
            shutil.rmtree(var_dir, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
