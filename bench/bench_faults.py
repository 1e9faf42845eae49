"""Faults under load (issue 11 "Faults"): gongkai.cluster on its own PostgreSQL database
(gongkai_cluster_faults, from the migrated template plus gongkai.cluster.seed: one agency, its clerk,
three overdue applications; dropped afterwards), two app servers, two task workers.

BENCH_FAULT_SUBMISSIONS (200) online applications are opened (GET the form) and, once the form's
5 s have passed, sent by BENCH_FAULT_CLIENTS (32) concurrent visitors, each with an address of its
own in X-Real-IP (GONGKAI_TRUSTED_PROXY_HEADER=HTTP_X_REAL_IP). When a third have been answered,
app server 1 (its gunicorn master's process group) and task worker 1 are killed with SIGKILL by
process id, and restarted half a second later — the worker's claimed-but-unfinished tasks put
back in the queue first. A visitor left without an answer sends the same form again to the other
server (the form's one-time key makes that safe). Then two ``gongkai scan`` run at the same moment.

BENCH fault_lost        accepted submissions (an answer carrying a tracking code) missing, without
                        their acknowledgement task run to success, their Acknowledgement row or
                        their acknowledgement e-mail; reminders recorded but not mailed; tasks left
                        unfinished
BENCH fault_duplicated  submissions filed twice, acknowledgement tasks queued twice, e-mails
                        (acknowledgements, reminders) sent twice
BENCH fault_submit_rps  answered submissions per second over the fault run (extras: accepted,
                        refused = never answered with a code, retried, requeued = tasks handed back
                        from the killed worker, unanswered_filings = filed but no visitor told)
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import emit  # noqa: E402

from gongkai.cluster import Cluster, drop_database, faults, postgres_reason  # noqa: E402

URL = os.environ.get("BENCH_FAULT_URL", "postgres://postgres@127.0.0.1:5432/gongkai_cluster_faults")
PORT = int(os.environ.get("BENCH_FAULT_PORT", "8131"))
SUBMISSIONS = int(os.environ.get("BENCH_FAULT_SUBMISSIONS", "200"))
CLIENTS = int(os.environ.get("BENCH_FAULT_CLIENTS", "32"))
MIN_SECONDS = float(os.environ.get("GONGKAI_APPLY_MIN_SECONDS", "5"))


def main() -> int:
    if reason := postgres_reason(URL):
        print(f"# bench_faults: skipped — {reason}", flush=True)
        return 0
    with tempfile.TemporaryDirectory(prefix="gongkai-cluster-faults-") as var:
        cluster = Cluster(
            database_url=URL,
            var_dir=Path(var),
            ports=(PORT, PORT + 1),
            web_workers=2,
            env={"GONGKAI_TRUSTED_PROXY_HEADER": "HTTP_X_REAL_IP"},
        )
        try:
            seed = cluster.prepare(fresh=True, demo=False, seed=True)
            cluster.start()
            run = asyncio.run(
                faults.submit_under_faults(
                    cluster, seed["agency"], count=SUBMISSIONS, clients=CLIENTS, min_seconds=MIN_SECONDS
                )
            )
            books = faults.check_submissions(cluster, run)
            faults.scan_twice_at_once(cluster, books)
        finally:
            cluster.stop()
            drop_database(URL)
    for line in books.lost + books.duplicated:
        print(f"# {line}", flush=True)
    killed = ",".join(f"{name}:{pid}" for name, pid in run.killed.items())
    emit("fault_lost", len(books.lost), "count", killed=killed)
    emit("fault_duplicated", len(books.duplicated), "count", reminders=books.reminders_sent)
    emit(
        "fault_submit_rps",
        (len(run.accepted) + len(run.refused)) / run.seconds,
        "req/s",
        clients=CLIENTS,
        accepted=len(run.accepted),
        refused=len(run.refused),
        retried=run.retried,
        requeued=cluster.requeued,
        unanswered_filings=books.unanswered_filings,
    )
    return 0 if books.ok else 1


if __name__ == "__main__":
    sys.exit(main())
