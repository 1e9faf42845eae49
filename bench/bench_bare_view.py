"""BENCH bare_view_rps: requests per second of a bare Django view under gunicorn on loopback.

The baseline, measured in the same run with the same gunicorn settings as ``gongkai serve``
(sync workers), is a raw WSGI callable returning the same two bytes; ratio = Django / raw, i.e.
the share of the server's capacity left after Django's request/response cycle with our
middleware. Later page benchmarks divide by bare_view_rps.

Each server runs on a free port for a fixed time and is stopped (its whole process group) at
the end, also when the measurement fails.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from _common import emit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))  # as `gongkai serve`
CLIENT_THREADS = int(os.environ.get("BENCH_CLIENTS", "4"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
WARMUP_SECONDS = 0.5
READY_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(app: str, port: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(BENCH), str(ROOT)]))
    argv = [
        sys.executable, "-m", "gunicorn", app,
        "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--worker-class", "sync",
        "--log-level", "warning", "--graceful-timeout", "5",
    ]  # fmt: skip
    return subprocess.Popen(argv, env=env, cwd=ROOT, process_group=0, stdout=subprocess.DEVNULL)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def get(port: int) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/")
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {body[:200]!r}")
        return body
    finally:
        conn.close()


def wait_ready(proc: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn 意外退出（状态 {proc.returncode}）")
        try:
            if get(port) == b"ok":
                return
        except (OSError, RuntimeError, http.client.HTTPException):
            time.sleep(0.1)
    raise RuntimeError("gunicorn 未能在规定时间内就绪")


def drive(port: int, seconds: float) -> tuple[int, float]:
    """Requests completed by CLIENT_THREADS loops for ``seconds``; every answer must be "ok"."""
    counts = [0] * CLIENT_THREADS
    errors: list[BaseException] = []
    stop_at = time.perf_counter() + seconds

    def loop(i: int) -> None:
        try:
            while time.perf_counter() < stop_at:
                if get(port) != b"ok":
                    raise RuntimeError("unexpected body")
                counts[i] += 1
        except BaseException as exc:  # reported after the threads join
            errors.append(exc)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=loop, args=(i,)) for i in range(CLIENT_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    if errors:
        raise RuntimeError(f"请求失败：{errors[0]!r}")
    return sum(counts), elapsed


def measure(app: str) -> float:
    port = free_port()
    proc = start_gunicorn(app, port)
    try:
        wait_ready(proc, port)
        drive(port, WARMUP_SECONDS)
        done, elapsed = drive(port, SECONDS)
        return done / elapsed
    finally:
        stop(proc)


def main() -> int:
    raw = measure("bare_wsgi:raw_application")
    django = measure("bare_wsgi:application")
    emit(
        "bare_view_rps",
        django,
        "req/s",
        ratio=django / raw,
        baseline="raw_wsgi_hello_same_gunicorn",
        raw_wsgi_rps=raw,
        workers=WORKERS,
        clients=CLIENT_THREADS,
        seconds=SECONDS,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
