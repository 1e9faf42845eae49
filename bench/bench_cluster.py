"""Load on the production shape (issue 11 "Load"): gongkai.cluster — PostgreSQL (127.0.0.1:5432,
its own database gongkai_cluster_bench, created from the migrated template, the demo loaded, dropped
afterwards), two gunicorn app servers (2 processes each) on two ports, two db_workers — driven by
gongkai.cluster.loadgen over loopback, requests spread over both servers.

BENCH cluster_rps     requests per second of one page at clients=32 and clients=128 (concurrent
                      loops, one connection per request), page= static (a WhiteNoise file: the
                      baseline, ratio = page / static at the same clients), catalog (an agency's
                      public catalog), search (/search/?q=… in turn), apply_get (the online form),
                      apply_post (the form sent back with its ticket and CSRF token; the forms
                      are opened first and sent once GONGKAI_APPLY_MIN_SECONDS (5 s) have passed,
                      as a person would), check (the report checker: the seed report uploaded),
                      staff (a logged-in clerk's case list). ok= answers with status < 400.
BENCH cluster_p50_ms  median latency of the same requests
BENCH cluster_p99_ms  99th percentile latency

A warm-up of 80 requests over the pages goes first. Each page run is bounded: BENCH_CLUSTER_REQUESTS requests (checks: a quarter) or
BENCH_CLUSTER_SECONDS seconds, whichever ends first. The load run's settings, from the environment
as production reads them: GONGKAI_TRUSTED_PROXY_HEADER=HTTP_X_REAL_IP, each simulated visitor
sending its own X-Real-IP, so the per-address limits of the form (10 an hour) count people apart;
GONGKAI_CHECK_RATE_LIMIT=0 (one address checks 30 a minute otherwise).
Skipped, with the reason, when PostgreSQL cannot be reached.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import emit  # noqa: E402

from gongkai.cluster import Cluster, drop_database, faults, loadgen, postgres_reason  # noqa: E402

URL = os.environ.get("BENCH_CLUSTER_URL", "postgres://postgres@127.0.0.1:5432/gongkai_cluster_bench")
PORTS = (int(os.environ.get("BENCH_CLUSTER_PORT", "8121")), int(os.environ.get("BENCH_CLUSTER_PORT", "8121")) + 1)
REQUESTS = int(os.environ.get("BENCH_CLUSTER_REQUESTS", "600"))
SECONDS = float(os.environ.get("BENCH_CLUSTER_SECONDS", "20"))
CLIENTS = (32, 128)
AGENCY = "jinjiang-xzfwzx"  # the demo's agency with a catalog and applications
SEED_REPORT = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "seed" / "jinjiang-xzfwzx-2022.txt"
SEARCHES = ("政府信息", "公开", "年度报告", "行政许可", "财政预算")
MIN_SECONDS = float(os.environ.get("GONGKAI_APPLY_MIN_SECONDS", "5"))


async def page_runs(cluster: Cluster, clients: int):
    """(page, Stats) of every page at this concurrency."""
    urls = cluster.urls
    from gongkai.agencies.demo import DEMO_PASSWORD  # Django is set up for the cluster (main)

    staff = [await loadgen.staff_login(u, "clerk", DEMO_PASSWORD) for u in urls]

    def get(path_of):
        return lambda i: loadgen.Client(urls[i % 2]).request("GET", path_of(i))

    pages = {
        "static": get(lambda i: "/static/gongkai/site.css"),
        "catalog": get(lambda i: f"/{AGENCY}/catalog/"),
        "search": get(lambda i: f"/search/?q={SEARCHES[i % len(SEARCHES)]}"),
        "apply_get": get(lambda i: f"/{AGENCY}/apply/online/"),
        "staff": lambda i: staff[i % 2].request("GET", "/staff/applications/"),
    }
    for page, job in pages.items():
        yield page, await loadgen.run(job, clients=clients, total=REQUESTS, seconds=SECONDS)

    # The form sent back: opened first (not measured), sent once the ticket is old enough.
    subs = await faults._prepare(urls, AGENCY, REQUESTS // 2, clients)
    await asyncio.sleep(MIN_SECONDS + 0.3)

    async def post(i: int):
        sub = subs[i]
        return await sub.client.request("POST", f"/{AGENCY}/apply/online/", data=sub.data)

    yield "apply_post", await loadgen.run(post, clients=clients, total=len(subs), seconds=SECONDS)

    if SEED_REPORT.exists():
        report = SEED_REPORT.read_bytes()

        async def check(i: int):
            client = loadgen.Client(urls[i % 2], loadgen.fresh_address())
            page = await client.request("GET", "/check/")
            token = loadgen.hidden(page.text, "csrfmiddlewaretoken")
            return await client.request(
                "POST",
                "/check/",
                data={"csrfmiddlewaretoken": token, "output": "page"},
                files={"file": (SEED_REPORT.name, report)},
            )

        yield "check", await loadgen.run(check, clients=clients, total=max(8, REQUESTS // 4), seconds=SECONDS)
    else:
        print(f"# check: skipped, {SEED_REPORT} missing", flush=True)


async def warm_up(cluster: Cluster) -> None:
    """Every process of both servers past its first requests (imports, template and query caches)."""
    urls = cluster.urls
    paths = ["/static/gongkai/site.css", f"/{AGENCY}/catalog/", "/search/?q=公开", f"/{AGENCY}/apply/online/", "/check/"]
    await loadgen.run(
        lambda i: loadgen.Client(urls[i % 2]).request("GET", paths[(i // 2) % len(paths)]),
        clients=8,
        total=80,
        seconds=60,
    )


async def measure(cluster: Cluster) -> None:
    await warm_up(cluster)
    for clients in CLIENTS:
        baseline = None
        async for page, stats in page_runs(cluster, clients):
            ok = sum(n for status, n in stats.statuses.items() if status < 400)
            if page == "static":
                baseline = stats.rps
            extra = {"clients": clients, "page": page, "n": stats.done, "ok": ok, "errors": stats.errors}
            ratio = stats.rps / baseline if baseline else None
            emit("cluster_rps", stats.rps, "req/s", ratio=ratio, baseline="static" if ratio else None, **extra)
            emit("cluster_p50_ms", stats.percentile_ms(0.50), "ms", **extra)
            emit("cluster_p99_ms", stats.percentile_ms(0.99), "ms", **extra)


def main() -> int:
    if reason := postgres_reason(URL):
        print(f"# bench_cluster: skipped — {reason}", flush=True)
        return 0
    with tempfile.TemporaryDirectory(prefix="gongkai-cluster-bench-") as var:
        cluster = Cluster(
            database_url=URL,
            var_dir=Path(var),
            ports=PORTS,
            web_workers=2,
            env={"GONGKAI_TRUSTED_PROXY_HEADER": "HTTP_X_REAL_IP", "GONGKAI_CHECK_RATE_LIMIT": "0"},
        )
        os.environ.update(cluster.child_env())  # this process reads the demo's password only
        import django

        django.setup()
        try:
            cluster.prepare(fresh=True, demo=True)
            cluster.start()
            asyncio.run(measure(cluster))
        finally:
            cluster.stop()
            drop_database(URL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
