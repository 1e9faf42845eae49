"""``gongkai serve``: the whole system on one machine — gunicorn for the web and the task worker.

Both run as child processes of this one, in their own process groups so that this process alone
decides how they stop: SIGINT/SIGTERM here become SIGTERM to both (gunicorn finishes the
requests in flight, the worker its current task), and if either dies on its own the other is
stopped too and ``serve`` exits non-zero, so a supervisor (systemd, make) sees the failure.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from gongkai.cli import UsageError, setup_django

STOP_GRACE_SECONDS = 15
READY_TIMEOUT_SECONDS = 60


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="启动网站和后台任务进程（默认 http://127.0.0.1:8000）",
        description="需要时先迁移数据库，然后启动网站（gunicorn）和后台任务进程（db_worker）。"
        "按 Ctrl+C 或发送 SIGTERM 同时停止两者；任一进程意外退出时停止另一个并以非零状态退出。",
    )
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    parser.add_argument("--port", default="8000", help="端口（默认 8000）")
    parser.add_argument("--workers", default="2", help="网站工作进程数（默认 2）")
    parser.set_defaults(func=run)


def _positive_int(text: str, what: str, upper: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"{what}应为整数，收到“{text}”。") from None
    if not 1 <= value <= upper:
        raise UsageError(f"{what}应在 1 到 {upper} 之间，收到 {value}。")
    return value


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UsageError(
                f"无法在 {host}:{port} 上监听（{exc.strerror}）：端口可能已被占用，请用 --port 换一个。"
            ) from None


def _die_with_parent() -> None:
    """In the child: get SIGTERM if ``serve`` itself is killed, so nothing is left orphaned (Linux)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _start(argv: list[str]) -> subprocess.Popen:
    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    )
    return subprocess.Popen(
        argv,
        env=env,
        process_group=0,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )


def _wait_listening(host: str, port: int, children: dict[str, subprocess.Popen], stop: list[int]) -> bool:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline and not stop:
        if any(p.poll() is not None for p in children.values()):
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def _stop_all(children: dict[str, subprocess.Popen]) -> None:
    for proc in children.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for name, proc in children.items():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"{name}在 {STOP_GRACE_SECONDS} 秒内没有退出，强制结束。", file=sys.stderr)
            proc.kill()
            proc.wait()


def run(args) -> int:
    port = _positive_int(args.port, "端口", 65535)
    workers = _positive_int(args.workers, "网站工作进程数", 64)
    host = args.host
    _check_port_free(host, port)

    # Web and task processes (children inherit it) write only the system's own data: keep every
    # file they create private to this user (0600/0700) whatever the caller's umask.
    os.umask(0o077)
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from gongkai.agencies.demo import demo_logins
    from gongkai.commands.demo import migrate_if_needed

    migrate_if_needed()
    if getattr(settings, "WHITENOISE_USE_FINDERS", False):
        # WhiteNoise finds the files through the finders; it only warns if STATIC_ROOT is missing.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    else:
        print("正在收集静态文件……", flush=True)
        call_command("collectstatic", interactive=False, verbosity=0)
    logins = demo_logins()
    connections.close_all()

    stop: list[int] = []

    def on_signal(signum, _frame):
        stop.append(signum)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    children: dict[str, subprocess.Popen] = {}
    try:
        children["网站进程"] = _start(
            [
                sys.executable, "-m", "gunicorn", "gongkai.wsgi:application",
                "--bind", bind, "--workers", str(workers), "--graceful-timeout", "10",
                "--no-control-socket",
            ]
        )  # fmt: skip
        children["任务进程"] = _start([sys.executable, "-m", "django", "db_worker", "--no-reload"])
        pids = "，".join(f"{name} PID {proc.pid}" for name, proc in children.items())
        print(f"已启动：{pids}", flush=True)

        if _wait_listening(host, port, children, stop):
            base = f"http://{bind}"
            print(f"\n网站已就绪：{base}/", flush=True)
            print(f"  工作台：{base}/staff/")
            print(f"  系统管理：{base}/admin/")
            if host not in ("127.0.0.1", "localhost", "::1"):
                print("  （从其他计算机访问时，请在环境变量 ALLOWED_HOSTS 中加入本机的域名或地址。）")
            for line in logins:
                print(line)
            if not logins:
                print(
                    "尚无演示账号：运行 gongkai demo 载入演示数据，或 gongkai manage createsuperuser 创建管理员。"
                )
            print("按 Ctrl+C 停止。", flush=True)

        failed = None
        while not stop:
            for name, proc in children.items():
                if proc.poll() is not None:
                    failed = (name, proc.returncode)
                    break
            if failed:
                break
            time.sleep(0.2)
    finally:
        if stop:
            print("\n正在停止网站和任务进程……", flush=True)
        _stop_all(children)
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    if failed:
        name, code = failed
        print(f"{name}意外退出（退出码 {code}），已停止其余进程。", file=sys.stderr)
        return 1
    print("已停止。", flush=True)
    return 0
