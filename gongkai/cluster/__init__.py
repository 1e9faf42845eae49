"""The production shape on one machine (README "部署到 PostgreSQL"): PostgreSQL, two app servers
(gunicorn, each on its own port, static files served by WhiteNoise), two task workers
(``db_worker``, sharing the task table through SKIP LOCKED).

``make cluster`` / ``make cluster-stop`` run ``python -m gongkai.cluster start|stop``; the load
and fault benchmarks and ``tests/cluster`` drive a :class:`Cluster` directly, killing and
restarting its processes by id. Every process runs in a process group of its own, so stopping
one stops its children (gunicorn's workers) too, and nothing is left behind.

This module is the supervisor, not the application: it talks to its own database with psycopg and
SQL (the calling process may have Django set up for another database, as pytest does).
"""

from __future__ import annotations

import ctypes
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gongkai_cluster"
DEFAULT_PORTS = (8101, 8102)
READY_SECONDS = 90
STOP_GRACE_SECONDS = 15
TASK_TABLE = "django_tasks_database_dbtaskresult"


class ClusterError(RuntimeError):
    pass


def postgres_reason(url: str) -> str:
    """'' when the PostgreSQL server of ``url`` answers, else why not (one line, for a skip)."""
    try:
        import psycopg
    except ImportError:
        return "psycopg 未安装"
    admin = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, connect_timeout=3):
            return ""
    except psycopg.Error as exc:
        return f"PostgreSQL 无法连接（{url}）：{str(exc).strip().splitlines()[0]}"


def create_database(url: str, *, fresh: bool) -> None:
    """Create the cluster's own database (dropped first when ``fresh``)."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1", "test"}:
        raise ClusterError(f"集群不使用数据库“{name}”：请在 DATABASE_URL 中给它一个自己的库名。")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def _migrations_key() -> str:
    """Changes whenever a migration file of ours or of an installed app does."""
    import hashlib

    import django

    digest = hashlib.sha1(django.get_version().encode())
    site = Path(django.__file__).resolve().parents[1]
    for base in (ROOT / "gongkai", site):
        pattern = "*/migrations/*.py" if base == site else "**/migrations/*.py"
        for path in sorted(base.glob(pattern)):
            digest.update(str(path.relative_to(base)).encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def _die_with_parent() -> None:
    """In an attached child: SIGTERM when the supervising process dies, so none is orphaned."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


@dataclass
class Proc:
    name: str  # app-1, app-2, worker-1, worker-2
    argv: list[str]
    port: int | None = None
    worker_id: str = ""
    pid: int = 0
    popen: subprocess.Popen | None = None

    @property
    def alive(self) -> bool:
        if self.popen is not None:
            return self.popen.poll() is None
        try:
            os.kill(self.pid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return _state_of(self.pid) not in {"Z", "X", ""}


def _state_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


@dataclass
class Cluster:
    """Two app servers and two task workers on one PostgreSQL database.

    ``attached``: the children die with this process (tests, benchmarks); else they outlive it and
    ``python -m gongkai.cluster stop`` ends them through the state file (``make cluster``)."""

    database_url: str = DEFAULT_URL
    var_dir: Path = ROOT / "var" / "cluster"
    ports: tuple[int, ...] = DEFAULT_PORTS
    workers: int = 2
    web_workers: int = 2  # gunicorn processes per app server
    host: str = "127.0.0.1"
    env: dict[str, str] = field(default_factory=dict)  # extra settings (e.g. the load run's)
    attached: bool = True
    procs: dict[str, Proc] = field(default_factory=dict)
    requeued: int = 0  # tasks a killed worker had claimed, handed back by restart()

    # --- set up -------------------------------------------------------------------------------
    @property
    def state_file(self) -> Path:
        return self.var_dir / "cluster.json"

    @property
    def log_dir(self) -> Path:
        return self.var_dir / "logs"

    def child_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="gongkai.settings",
            DATABASE_URL=self.database_url,
            GONGKAI_VAR_DIR=str(self.var_dir),  # one secret key, data key and cache for all
            PYTHONUNBUFFERED="1",
        )
        env.update(self.env)
        return env

    def prepare(self, *, fresh: bool = False, demo: bool = True, seed: bool = False) -> dict:
        """Create the database and migrate it, load the demo data and/or the
        small seed of :mod:`gongkai.cluster.seed` (whose JSON is returned).

        A fresh database is copied from a migrated template kept on the server (keyed by the
        migrations), since migrating PostgreSQL takes half a minute."""
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(exist_ok=True)
        if fresh:
            self._from_template()  # migrated already
        else:
            create_database(self.database_url, fresh=False)
            self._run(["-m", "gongkai.cli", "manage", "migrate", "--no-input", "-v", "0"])
        # No collectstatic: WhiteNoise serves the files through the finders (settings
        # WHITENOISE_USE_FINDERS), as under ``gongkai serve``; compressing them takes a minute.
        if demo:
            self._run(["-m", "gongkai.cli", "demo"])
        return json.loads(self._run(["-m", "gongkai.cluster.seed"])) if seed else {}

    def _run(self, argv: list[str], url: str | None = None) -> str:
        env = self.child_env()
        if url:
            env["DATABASE_URL"] = url
        done = subprocess.run([sys.executable, *argv], env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise ClusterError(f"{' '.join(argv)} 失败：\n{done.stdout}{done.stderr}")
        return done.stdout

    def _from_template(self) -> None:
        import psycopg

        parts = urllib.parse.urlsplit(self.database_url)
        name = parts.path.lstrip("/")
        template = f"gongkai_cluster_tpl_{_migrations_key()}"
        admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        if not found:
            url = urllib.parse.urlunsplit(parts._replace(path=f"/{template}"))
            create_database(url, fresh=True)
            try:
                self._run(["-m", "gongkai.cli", "manage", "migrate", "--no-input", "-v", "0"], url=url)
            except BaseException:
                drop_database(url)
                raise
        create_database(self.database_url, fresh=True)  # checks the name; then replaced by the copy
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            stale = conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE 'gongkai_cluster_tpl_%%' AND datname <> %s",
                [template],
            ).fetchall()
            for (old,) in stale:
                conn.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')

    # --- processes ----------------------------------------------------------------------------
    def _define(self) -> None:
        for i, port in enumerate(self.ports, start=1):
            argv = [
                sys.executable, "-m", "gunicorn", "gongkai.wsgi:application",
                "--bind", f"{self.host}:{port}", "--workers", str(self.web_workers),
                "--graceful-timeout", "10", "--timeout", "60", "--no-control-socket",
            ]  # fmt: skip
            self.procs[f"app-{i}"] = Proc(f"app-{i}", argv, port=port)
        for i in range(1, self.workers + 1):
            self.procs[f"worker-{i}"] = Proc(f"worker-{i}", [])

    def _spawn(self, proc: Proc) -> None:
        argv = proc.argv
        if proc.name.startswith("worker"):
            proc.worker_id = f"{proc.name}-{secrets.token_hex(6)}"  # a new id per life of the process
            argv = [
                sys.executable, "-m", "django", "db_worker", "--no-reload", "--interval", "0.2",
                "--no-startup-delay", "--worker-id", proc.worker_id,
            ]  # fmt: skip
        log = open(self.log_dir / f"{proc.name}.log", "ab")  # noqa: SIM115 — the child keeps it
        try:
            proc.popen = subprocess.Popen(
                argv,
                env=self.child_env(),
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                process_group=0,  # its own group: killpg reaches gunicorn's workers too
                preexec_fn=_die_with_parent if self.attached else None,
            )
        finally:
            log.close()
        proc.pid = proc.popen.pid

    def start(self) -> None:
        if self.state_file.exists():
            raise ClusterError(f"集群似乎已在运行（{self.state_file}）：先运行 make cluster-stop。")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._define()
        # Nothing runs yet, so a task left RUNNING was claimed by a worker of an earlier life.
        self.requeued += self._requeue("status = 'RUNNING'", [])
        try:
            for proc in self.procs.values():
                self._spawn(proc)
            for proc in self.procs.values():
                self._wait_ready(proc)
        except BaseException:
            self.stop()
            raise
        self._save_state()

    def _wait_ready(self, proc: Proc) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if not proc.alive:
                raise ClusterError(f"{proc.name} 启动失败，见 {self.log_dir / (proc.name + '.log')}")
            if proc.port is None:
                return  # a worker is ready once started; it polls the task table
            try:
                with urllib.request.urlopen(f"http://{self.host}:{proc.port}/", timeout=10) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise ClusterError(f"{proc.name} 在 {READY_SECONDS} 秒内没有就绪")

    @property
    def urls(self) -> list[str]:
        return [f"http://{self.host}:{p.port}" for p in self.procs.values() if p.port]

    def kill(self, name: str) -> int:
        """SIGKILL one process (and its group: a dead app server's workers with it); its pid."""
        proc = self.procs[name]
        pid = proc.pid
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._reap(proc, timeout=10)
        return pid

    def restart(self, name: str) -> None:
        self.respawn(name)
        self.wait_ready(name)

    def respawn(self, name: str) -> None:
        """Start a killed process again; a worker's claimed-but-unfinished tasks go back to the queue
        first (django-tasks-db leaves them RUNNING forever when their worker dies).

        Call it from the thread that lives as long as the cluster (the main one): an attached
        child gets SIGTERM when the *thread* that started it ends (PR_SET_PDEATHSIG)."""
        proc = self.procs[name]
        if proc.alive:
            raise ClusterError(f"{name} 仍在运行")
        if proc.worker_id:
            self.requeued += self._requeue("status = 'RUNNING' AND worker_ids ->> -1 = %s", [proc.worker_id])
        self._spawn(proc)
        self._save_state()

    def wait_ready(self, name: str) -> None:
        self._wait_ready(self.procs[name])

    def _requeue(self, where: str, params: list) -> int:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT to_regclass(%s)", [TASK_TABLE]).fetchone()[0]
            if exists is None:
                return 0
            done = conn.execute(
                f"UPDATE {TASK_TABLE} SET status = 'READY', started_at = NULL WHERE {where}", params
            )
            return done.rowcount

    def _reap(self, proc: Proc, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.popen is not None:
                try:
                    proc.popen.wait(timeout=0.1)
                except subprocess.TimeoutExpired:
                    continue
            if not proc.alive and not _group_alive(proc.pid):
                return True
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        """SIGTERM every group (requests and tasks in flight finish), SIGKILL what is left after the
        grace period; then forget the state file."""
        for proc in self.procs.values():
            if proc.pid:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for proc in self.procs.values():
            if proc.pid and not self._reap(proc, max(0.1, deadline - time.monotonic())):
                print(f"{proc.name} 在 {STOP_GRACE_SECONDS} 秒内没有退出，强制结束。", file=sys.stderr)
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self._reap(proc, 5)
        self.state_file.unlink(missing_ok=True)

    # --- state file for ``make cluster-stop`` -------------------------------------------------
    def _save_state(self) -> None:
        state = {
            "database_url": self.database_url,
            "procs": {n: {"pid": p.pid, "port": p.port, "worker_id": p.worker_id} for n, p in self.procs.items()},
        }
        self.state_file.write_text(json.dumps(state, ensure_ascii=False, indent=1))

    @classmethod
    def from_state(cls, var_dir: Path) -> Cluster | None:
        path = var_dir / "cluster.json"
        if not path.exists():
            return None
        state = json.loads(path.read_text())
        cluster = cls(database_url=state["database_url"], var_dir=var_dir, attached=False)
        for name, p in state["procs"].items():
            cluster.procs[name] = Proc(name, [], port=p["port"], worker_id=p["worker_id"], pid=p["pid"])
        return cluster


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # Zombies of the group still count for killpg; they are gone once their parent reaps them.
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                return True
    return False
