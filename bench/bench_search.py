"""Benchmarks of the Chinese full-text search (issue 9 "Performance").

BENCH search_p95_ms_sqlite    p95 wall time of search() — first page of 20 with total count,
                              ranking and highlighted snippets — over BENCH_SEARCH_ROWS (1,000,000)
                              documents on a temporary SQLite database, for a mix of 2-, 4- and
                              8-character queries and 文号 (each query once warm, then timed
                              BENCH_SEARCH_ROUNDS times). Target ≤ 50 ms.
BENCH search_p95_ms_postgres  the same on PostgreSQL (127.0.0.1:5432, user postgres, its own database
                              gongkai_bench_search, created and dropped); skipped with the reason
                              when the server cannot be reached.

Documents are sentences of the real catalog items (../shared/fixtures/catalog; a built-in handful
without them) drawn at random, with generated 文号 and 索引号. The fill writes the rows and their
token text directly with executemany, the token text of each sentence computed once.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(BENCH), str(ROOT)]

from _common import emit, postgres_database  # noqa: E402

ROWS = int(os.environ.get("BENCH_SEARCH_ROWS", "1000000"))
ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "5"))
PG_URL = os.environ.get("BENCH_SEARCH_PG_URL", "postgres://postgres@127.0.0.1:5432/gongkai_bench_search")
ITEMS = ROOT.parent / "shared" / "fixtures" / "catalog" / "items.jsonl"
AGENCIES = 20
BATCH = 5000
SENTENCES_PER_DOC = 8
PREFIXES = ("岚财金", "岚交建基建", "岚综管办", "岚国资委", "闽政办", "岚综公综", "岚审批", "岚经发")
CATEGORIES = (
    "机构职能",
    "财政资金",
    "人大建议和政协提案办理",
    "工作动态",
    "年度工作报告",
    "规划计划",
    "政策解读",
)
QUERIES_FIXED = (
    ["管理", "年报", "市容", "财政", "许可", "公安"]  # 2 characters
    + ["管理办法", "行政许可", "财政资金", "安全生产"]  # 4
    + ["政府信息公开工作", "易制毒化学品企事", "综合实验区财政金", "建议办理情况的答"]  # 8
)


def phase_env(var_dir: Path, **extra: str) -> dict[str, str]:
    (var_dir / "bench_settings.py").write_text("from gongkai.settings import *  # noqa\nDEBUG = False\n")
    env = dict(os.environ, GONGKAI_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="bench_settings", **extra)
    env["PYTHONPATH"] = os.pathsep.join([str(var_dir), str(BENCH), str(ROOT)])
    if "DATABASE_URL" not in extra:
        env.pop("DATABASE_URL", None)
    return env


def corpus() -> tuple[list[str], list[str]]:
    """Real sentences and titles to draw documents from."""
    if ITEMS.exists():
        items = [json.loads(line) for line in ITEMS.open(encoding="utf-8")]
        sentences = [s + "。" for i in items for s in re.split(r"[。；]", i["body"]) if len(s) >= 6]
        return sentences, [i["title"] for i in items]
    sentences = [
        "为进一步加强城市市容管理，改善人居环境，现将有关事项通知如下。",
        "各单位要按照管理办法的规定，做好财政资金的使用和监督工作。",
        "本机关2024年度政府信息公开工作年报已按时发布。",
        "对易制毒化学品企事业单位开展双随机抽查，未发现违法违规行为。",
        "依法办理人大代表建议和政协委员提案，按时答复率达到百分之百。",
    ]
    return sentences, ["关于加强安全生产管理的通知", "行政许可决定书", "政府信息公开工作年度报告"]


def fill(vendor: str) -> list[str]:
    """Insert ROWS documents and their index entries; return some of their 文号 for the queries."""
    from django.db import connection, transaction

    from gongkai.agencies.models import Agency
    from gongkai.search.backends import FIELDS, _pg_quote
    from gongkai.search.tokens import tokens

    rng = random.Random(9)
    sentences, titles = corpus()
    sentence_tokens = [tuple(t.text for t in tokens(s)) for s in sentences]
    agency_ids = [
        Agency.objects.create(code=f"bench-{i}", name=f"基准测试局{i}", level=Agency.Level.COUNTY).pk
        for i in range(AGENCIES)
    ]
    columns = (
        "kind, key, agency_id, title, document_number, index_number, summary, body, attachment_text, "
        "category, year, validity, published_on, url"
    )
    numbers = []
    weights = dict(zip(FIELDS, ("A", "B", "B", "C", "D", "D"), strict=True))
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, ROWS, BATCH):
            rows, fts, vectors = [], [], []
            for n in range(start, min(ROWS, start + BATCH)):
                picks = [rng.randrange(len(sentences)) for _ in range(SENTENCES_PER_DOC)]
                year = 2012 + n % 14
                docno = f"{PREFIXES[n % len(PREFIXES)]}〔{year}〕{n // 97 + 1}号"
                index_no = f"PZ{n % AGENCIES:05d}-{n % 37:04d}-{year}-{n:07d}"
                title = f"{titles[n % len(titles)]}（{n}）"
                fields = {
                    "title": (title, tuple(t.text for t in tokens(title))),
                    "document_number": (docno, tuple(t.text for t in tokens(docno))),
                    "index_number": (index_no, tuple(t.text for t in tokens(index_no))),
                    "summary": ("", ()),
                    "body": (
                        "".join(sentences[p] for p in picks),
                        sum((sentence_tokens[p] for p in picks), ()),
                    ),
                    "attachment_text": ("", ()),
                }
                if n % 9973 == 0:
                    numbers.append(docno)
                published = date(year, 1, 1) + timedelta(days=n % 365)
                rows.append(
                    ("catalog", str(n), agency_ids[n % AGENCIES], title, docno, index_no, "", fields["body"][0],
                     "", CATEGORIES[n % len(CATEGORIES)], year, "有效", published, "")
                )  # fmt: skip
                if vendor == "sqlite":
                    fts.append([" ".join(toks) for _, toks in fields.values()])
                else:
                    vectors.append(_vector(fields, weights, _pg_quote))
            if vendor == "sqlite":
                cursor.executemany(
                    f"INSERT INTO search_searchdocument ({columns}) VALUES ({', '.join(['%s'] * 14)})", rows
                )
                cursor.execute("SELECT max(id) FROM search_searchdocument")
                last = cursor.fetchone()[0]
                first = last - len(rows) + 1
                cursor.executemany(
                    f"INSERT INTO search_fts (rowid, {', '.join(FIELDS)}) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    [(first + i, *f) for i, f in enumerate(fts)],
                )
            else:
                cursor.executemany(
                    f"INSERT INTO search_searchdocument ({columns}, search_vector) "
                    f"VALUES ({', '.join(['%s'] * 14)}, %s::tsvector)",
                    [(*r, v) for r, v in zip(rows, vectors, strict=True)],
                )
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument")
    return numbers


def _vector(fields, weights, quote) -> str:
    positions: dict[str, list[str]] = {}
    pos = 0
    for name, (_, toks) in fields.items():
        pos += 1
        for tok in toks:
            pos += 1
            slots = positions.setdefault(tok, [])
            if len(slots) < 256:
                slots.append(f"{min(pos, 16383)}{weights[name]}")
    return " ".join(f"{quote(lex)}:{','.join(slots)}" for lex, slots in positions.items())


def measure(vendor: str, name: str) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from gongkai.search import search

    t0 = time.perf_counter()
    numbers = fill(vendor)
    fill_s = time.perf_counter() - t0
    queries = list(QUERIES_FIXED) + numbers[:8]
    for q in queries:
        search(q)  # warm
    times, totals = [], {}
    for _ in range(ROUNDS):
        for q in queries:
            t = time.perf_counter()
            page = search(q)
            times.append((time.perf_counter() - t) * 1000)
            totals[q] = page.total
    p95 = statistics.quantiles(times, n=20)[-1]
    emit(name, p95, "ms", rows=ROWS, p50_ms=statistics.median(times), max_ms=max(times), fill_s=fill_s)
    slow = sorted(((t, q) for t, q in zip(times, queries * ROUNDS, strict=True)), reverse=True)[:3]
    print("# slowest:", ", ".join(f"{q} {t:.1f} ms ({totals[q]} hits)" for t, q in slow), flush=True)


PHASES = {
    "sqlite": lambda: measure("sqlite", "search_p95_ms_sqlite"),
    "postgres": lambda: measure("postgresql", "search_p95_ms_postgres"),
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
        var_dir = Path(tempfile.mkdtemp(prefix=f"gongkai-bench-search-{name}-"))
        try:
            if name == "postgres":
                why = postgres_database(PG_URL, "create")
                if why:
                    print(f"# BENCH search_p95_ms_postgres 跳过：{why}", flush=True)
                    continue
                env = phase_env(var_dir, DATABASE_URL=PG_URL)
            else:
                env = phase_env(var_dir)
            status |= subprocess.call([sys.executable, __file__, "--phase", name], env=env, cwd=ROOT)
            if name == "postgres":
                postgres_database(PG_URL, "drop")
        finally:
            shutil.rmtree(var_dir, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
