"""``gongkai serve`` for real (gunicorn + task worker as children), and ``gongkai manage``."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from gongkai.cli import main

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def alive(pid: int) -> bool:
    """Running (not gone and not a zombie waiting to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def start_serve(var_dir: Path, port: int) -> tuple[subprocess.Popen, dict[str, int], list[str]]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(GONGKAI_VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gongkai.cli", "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    pids: dict[str, int] = {}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if match := re.search(r"网站进程 PID (\d+)，任务进程 PID (\d+)", line):
            pids = {"web": int(match[1]), "worker": int(match[2])}
        if "按 Ctrl+C 停止" in line:
            return proc, pids, lines
    proc.kill()
    pytest.fail("gongkai serve did not become ready:\n" + "".join(lines))


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def finish(proc: subprocess.Popen, timeout: float = 20) -> str:
    out, _ = proc.communicate(timeout=timeout)
    return out


def test_serve_runs_web_and_worker_and_stops_both(tmp_path):
    port = free_port()
    # First start: migrates the empty database, serves, stops cleanly on SIGTERM.
    proc, pids, lines = start_serve(tmp_path, port)
    try:
        assert set(pids) == {"web", "worker"} and all(alive(p) for p in pids.values())
        assert f"http://127.0.0.1:{port}/" in "".join(lines) and "正在迁移数据库" in "".join(lines)
        assert get(f"http://127.0.0.1:{port}/staff/login/") == 200
        assert get(f"http://127.0.0.1:{port}/static/admin/css/base.css") == 200
        proc.send_signal(signal.SIGTERM)
        out = finish(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, out
    assert "已停止" in out
    assert not any(alive(p) for p in pids.values())

    # Second start on the same database: nothing to migrate; when the worker dies, serve stops
    # the web server too and exits non-zero.
    proc, pids, lines = start_serve(tmp_path, port)
    try:
        assert "正在迁移数据库" not in "".join(lines)
        assert get(f"http://127.0.0.1:{port}/staff/login/") == 200
        os.kill(pids["worker"], signal.SIGKILL)
        out = finish(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1
    assert "任务进程意外退出" in out
    assert not alive(pids["web"])


def test_serve_refuses_bad_arguments_in_chinese(capsys):
    assert main(["serve", "--port", "八千"]) == 2
    assert "端口应为整数" in capsys.readouterr().err
    assert main(["serve", "--workers", "0"]) == 2
    assert "网站工作进程数应在 1 到 64 之间" in capsys.readouterr().err
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        assert main(["serve", "--port", str(busy.getsockname()[1])]) == 2
    assert "端口可能已被占用" in capsys.readouterr().err


def test_manage_passes_through_to_django(capsys):
    assert main(["manage", "check"]) == 0
    assert "System check identified no issues" in capsys.readouterr().out
    assert main(["manage", "no_such_command"]) == 1
    assert "no_such_command" in capsys.readouterr().err
