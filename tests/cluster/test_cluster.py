"""The production shape on one machine (gongkai.cluster): PostgreSQL, two app servers, two task
workers. A small load on every kind of page, then submissions while one app server and one
worker are killed and restarted: every accepted submission is filed once and acknowledged once,
and two daily scans at once mail each reminder once. Skipped without a PostgreSQL server."""

from __future__ import annotations

import asyncio
import os
import socket

import pytest
from psycopg.types.json import Jsonb

from gongkai.cluster import TASK_TABLE, Cluster, _group_alive, drop_database, loadgen, postgres_reason
from gongkai.cluster import faults as fault
from tests.legs import postgres_leg

URL = os.environ.get("GONGKAI_CLUSTER_TEST_URL", "postgres://postgres@127.0.0.1:5432/gongkai_cluster_test")
REASON = postgres_reason(URL)
pytestmark = [postgres_leg, pytest.mark.skipif(bool(REASON), reason=REASON or "")]

MIN_SECONDS = 5  # the form's default GONGKAI_APPLY_MIN_SECONDS: tickets are opened, then wait


def free_ports(n: int) -> tuple[int, ...]:
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = tuple(s.getsockname()[1] for s in sockets)
    for s in sockets:
        s.close()
    return ports


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, request):
    running = Cluster(
        database_url=URL,
        var_dir=tmp_path_factory.mktemp("cluster"),
        ports=free_ports(2),
        web_workers=2,
        env={"GONGKAI_TRUSTED_PROXY_HEADER": "HTTP_X_REAL_IP", "GONGKAI_CHECK_RATE_LIMIT": "0"},
    )

    def finish() -> None:
        running.stop()
        drop_database(URL)

    request.addfinalizer(finish)
    running.seed = running.prepare(fresh=True, demo=False, seed=True)
    running.start()
    return running


def test_a_small_load_on_public_pages_forms_and_staff_lists_answers_without_server_errors(cluster) -> None:
    agency, urls = cluster.seed["agency"], cluster.urls

    async def go():
        staff = [await loadgen.staff_login(u, cluster.seed["username"], cluster.seed["password"]) for u in urls]
        paths = ["/", "/static/gongkai/site.css", f"/{agency}/apply/online/", "/search/?q=公开", "/check/"]

        async def job(i: int):
            if i % 6 == 5:
                return await staff[i % 2].request("GET", "/staff/applications/")
            return await loadgen.Client(urls[i % 2]).request("GET", paths[i % 5])

        return await loadgen.run(job, clients=16, total=200, seconds=60)

    stats = asyncio.run(go())
    assert stats.errors == 0 and stats.done == 200
    assert set(stats.statuses) == {200}, stats.statuses


def test_submissions_survive_a_killed_app_server_and_worker_exactly_once(cluster) -> None:
    before = {name: proc.pid for name, proc in cluster.procs.items()}
    run = asyncio.run(
        fault.submit_under_faults(cluster, cluster.seed["agency"], count=20, clients=6, min_seconds=MIN_SECONDS)
    )
    assert set(run.killed) == {"app-1", "worker-1"}
    assert all(not _group_alive(pid) for pid in run.killed.values())  # killed, with gunicorn's workers
    assert cluster.procs["app-1"].pid != before["app-1"] and cluster.procs["app-1"].alive
    assert cluster.procs["worker-1"].pid != before["worker-1"] and cluster.procs["worker-1"].alive
    assert not run.refused, [(s.n, s.statuses) for s in run.refused]
    assert len(run.accepted) == 20
    books = fault.check_submissions(cluster, run)
    assert books.ok, (books.lost, books.duplicated)
    assert books.unanswered_filings == 0


def test_a_task_claimed_by_a_worker_killed_mid_task_is_run_after_its_restart(cluster) -> None:
    """The worker dies between claiming a task and finishing it (here: the claim is written for it,
    as django-tasks-db's worker does, then the worker is killed); its restart hands the task back."""
    import psycopg

    worker = cluster.procs["worker-2"]
    with psycopg.connect(cluster.database_url, autocommit=True) as conn:
        pk = conn.execute(
            "SELECT a.id FROM applications_application a LEFT JOIN applications_acknowledgement k "
            "ON k.application_id = a.id WHERE k.id IS NULL ORDER BY a.id LIMIT 1"
        ).fetchone()[0]  # one the seed registered over the counter: never acknowledged
        task_id = conn.execute(
            f"INSERT INTO {TASK_TABLE} (id, status, enqueued_at, started_at, args_kwargs, priority, task_path, "
            "worker_ids, queue_name, backend_name, run_after, exception_class_path, traceback) VALUES "
            "(gen_random_uuid(), 'RUNNING', now(), now(), %s, 0, %s, %s, 'default', 'default', now(), '', '') "
            "RETURNING id",
            [Jsonb({"args": [pk], "kwargs": {}}), fault.ACK_TASK, Jsonb([worker.worker_id])],
        ).fetchone()[0]
    before = cluster.requeued
    cluster.kill("worker-2")
    cluster.restart("worker-2")
    assert cluster.requeued == before + 1
    assert fault.wait_for_tasks(cluster, fault.ACK_TASK)
    with psycopg.connect(cluster.database_url, autocommit=True) as conn:
        status, value = conn.execute(
            f"SELECT status, return_value FROM {TASK_TABLE} WHERE id = %s", [task_id]
        ).fetchone()
        acks = conn.execute(
            "SELECT count(*) FROM applications_acknowledgement WHERE application_id = %s", [pk]
        ).fetchone()[0]
    assert (status, value, acks) == ("SUCCESSFUL", "recorded", 1)


def test_two_daily_scans_at_once_on_both_workers_mail_each_reminder_once(cluster) -> None:
    books = fault.Books()
    fault.scan_twice_at_once(cluster, books)
    assert books.ok, (books.lost, books.duplicated)
    assert books.reminders_sent == 1  # the seed's clerk, for its overdue cases


def test_stopping_leaves_no_process_behind(cluster) -> None:
    pids = [proc.pid for proc in cluster.procs.values()]
    cluster.stop()
    assert not any(_group_alive(pid) for pid in pids)
    assert not cluster.state_file.exists()
