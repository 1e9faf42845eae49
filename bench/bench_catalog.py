"""BENCH catalog_rps_ratio: requests per second of the public catalog pages under gunicorn, divided
by bare_view_rps (bench_bare_view.py's Django view returning "ok") measured in the same run with
the same gunicorn settings and client load.

The catalog pages are one agency's 政府信息公开目录 (/<code>/catalog/) and a document page
(/<code>/catalog/<索引号>/), requested alternately by the client threads, anonymous, as the public
asks for them (so the whole-response cache of gongkai/portal/cache.py answers repeats). The
database is a temporary SQLite file with BENCH_CATALOG_ROWS (3,000) published items over four
agencies, written by a bulk path used only here (the review actions would take minutes); the
cache's generation and the pages are those of the running servers. Target ratio ≥ 0.5.

Also printed: catalog_uncached_rps (GONGKAI_PAGE_CACHE_SECONDS=0), what the pages cost when every
request is drawn from the database.
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(BENCH), str(ROOT)]

import bench_bare_view as bare  # noqa: E402
from _common import emit  # noqa: E402

ROWS = int(os.environ.get("BENCH_CATALOG_ROWS", "3000"))
AGENCIES = 4


def settings_env(var_dir: Path, **extra: str) -> dict[str, str]:
    (var_dir / "bench_catalog_settings.py").write_text(
        "from gongkai.settings import *  # noqa\nDEBUG = False\n"
        "import warnings\nwarnings.filterwarnings('ignore', message='No directory at', category=UserWarning)\n"
    )
    env = dict(
        os.environ, GONGKAI_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="bench_catalog_settings", **extra
    )
    env["PYTHONPATH"] = os.pathsep.join([str(var_dir), str(BENCH), str(ROOT)])
    env.pop("DATABASE_URL", None)
    return env


def fill() -> list[str]:
    """Migrate and write ROWS published items (phase run in a child process); print the paths."""
    import django

    django.setup()
    from datetime import date, timedelta

    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0, interactive=False)
    from gongkai.agencies.models import Agency
    from gongkai.catalog.actions import categories_of
    from gongkai.catalog.models import CatalogItem, Disclosure, State, Topic

    topics = [Topic.objects.create(name=f"主题{n}", position=n) for n in range(8)]
    paths = []
    with transaction.atomic():
        for a in range(AGENCIES):
            agency = Agency.objects.create(
                code=f"bench-{a}", name=f"基准测试局{a}", level=Agency.Level.COUNTY
            )
            categories = list(categories_of(agency))
            items = []
            for n in range(ROWS // AGENCIES):
                day = date(2020, 1, 1) + timedelta(days=n % 2000)
                items.append(
                    CatalogItem(
                        agency=agency,
                        title=f"关于做好第{n}项市容环境整治工作的通知",
                        index_number=f"BENCH{a:04d}/{day.year}-{n:05d}",
                        index_year=day.year,
                        index_serial=n,
                        summary="市容环境整治的安排和要求。",
                        publisher=agency.name,
                        written_on=day,
                        published_on=day,
                        document_number=f"基测〔{day.year}〕{n}号",
                        topic=topics[n % len(topics)],
                        category=categories[n % len(categories)],
                        article20_item=1 + n % 15,
                        disclosure=Disclosure.PROACTIVE,
                        body="各单位：\n\n为进一步改善市容环境，现将有关事项通知如下。\n\n" * 20,
                        formed_on=day,
                        state=State.PUBLISHED,
                    )
                )
            CatalogItem.objects.bulk_create(items, batch_size=500)
            paths.append(f"/bench-{a}/catalog/")
            paths.append(f"/bench-{a}/catalog/{items[len(items) // 2].index_number}/")
    print("\n".join(paths))
    return paths


def drive(port: int, paths: list[str], seconds: float) -> tuple[int, float]:
    """Like bench_bare_view.drive, alternating the catalog paths; every answer must be 200."""
    counts = [0] * bare.CLIENT_THREADS
    errors: list[BaseException] = []
    stop_at = time.perf_counter() + seconds

    def loop(i: int) -> None:
        n = i
        try:
            while time.perf_counter() < stop_at:
                path = paths[n % len(paths)]
                n += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    body = response.read()
                    if response.status != 200:
                        raise RuntimeError(f"{path}: HTTP {response.status}: {body[:200]!r}")
                finally:
                    conn.close()
                counts[i] += 1
        except BaseException as exc:  # reported after the threads join
            errors.append(exc)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=loop, args=(i,)) for i in range(bare.CLIENT_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    if errors:
        raise RuntimeError(f"请求失败：{errors[0]!r}")
    return sum(counts), elapsed


def measure_catalog(env: dict[str, str], paths: list[str]) -> float:
    port = bare.free_port()
    argv = [
        sys.executable, "-m", "gunicorn", "gongkai.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(bare.WORKERS), "--worker-class", "sync",
        "--log-level", "warning", "--graceful-timeout", "5",
    ]  # fmt: skip
    proc = subprocess.Popen(argv, env=env, cwd=ROOT, process_group=0, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + bare.READY_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn 意外退出（状态 {proc.returncode}）")
            try:
                drive(port, paths[:1], 0.01)
                break
            except (OSError, RuntimeError, http.client.HTTPException):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        drive(port, paths, bare.WARMUP_SECONDS)
        done, elapsed = drive(port, paths, bare.SECONDS)
        return done / elapsed
    finally:
        bare.stop(proc)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--fill"]:
        fill()
        return 0
    var_dir = Path(tempfile.mkdtemp(prefix="gongkai-bench-catalog-"))
    try:
        env = settings_env(var_dir)
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, "--fill"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        fill_s = time.perf_counter() - t0
        paths = [line for line in out.splitlines() if line.startswith("/bench-")]
        bare_rps = bare.measure("bare_wsgi:application")
        catalog_rps = measure_catalog(env, paths)
        uncached_rps = measure_catalog({**env, "GONGKAI_PAGE_CACHE_SECONDS": "0"}, paths)
        emit(
            "catalog_rps_ratio",
            catalog_rps / bare_rps,
            "ratio",
            ratio=catalog_rps / bare_rps,
            baseline="bare_view_rps_same_gunicorn",
            catalog_rps=catalog_rps,
            bare_view_rps=bare_rps,
            rows=ROWS,
            workers=bare.WORKERS,
            clients=bare.CLIENT_THREADS,
            seconds=bare.SECONDS,
            fill_s=fill_s,
        )
        emit(
            "catalog_uncached_rps",
            uncached_rps,
            "req/s",
            ratio=uncached_rps / bare_rps,
            baseline="bare_view_rps_same_gunicorn",
            rows=ROWS,
        )
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
