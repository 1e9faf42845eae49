"""``python -m gongkai.cluster start|stop|status`` — what ``make cluster`` / ``make cluster-stop`` run.

Settings (environment):
  GONGKAI_CLUSTER_DATABASE_URL  PostgreSQL database of the cluster
                                (default postgres://postgres@127.0.0.1:5432/gongkai_cluster)
  GONGKAI_CLUSTER_PORTS         the two app servers' ports (default 8101,8102)
  GONGKAI_CLUSTER_DIR           its var directory: keys, cache, logs, state (default var/cluster)
Everything else (SECRET_KEY, GONGKAI_DATA_KEY, EMAIL_*, GONGKAI_TRUSTED_PROXY_HEADER…) is passed
to the processes as it is.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import DEFAULT_PORTS, DEFAULT_URL, ROOT, Cluster, ClusterError, postgres_reason


def _configured() -> Cluster:
    ports = os.environ.get("GONGKAI_CLUSTER_PORTS", ",".join(map(str, DEFAULT_PORTS)))
    return Cluster(
        database_url=os.environ.get("GONGKAI_CLUSTER_DATABASE_URL", DEFAULT_URL),
        var_dir=Path(os.environ.get("GONGKAI_CLUSTER_DIR", ROOT / "var" / "cluster")).resolve(),
        ports=tuple(int(p) for p in ports.split(",") if p.strip()),
        attached=False,
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m gongkai.cluster", description="单机集群：PostgreSQL、两个网站进程、两个任务进程")
    parser.add_argument("command", choices=["start", "stop", "status"])
    parser.add_argument("--fresh", action="store_true", help="先删除并重建集群的数据库")
    args = parser.parse_args(argv)
    cluster = _configured()
    running = Cluster.from_state(cluster.var_dir)
    if args.command == "stop":
        if running is None:
            print("集群没有在运行。")
            return 0
        running.stop()
        print("集群已停止。")
        return 0
    if args.command == "status":
        if running is None:
            print("集群没有在运行。")
            return 1
        for proc in running.procs.values():
            where = f" http://{running.host}:{proc.port}/" if proc.port else ""
            print(f"{proc.name}  PID {proc.pid}  {'运行中' if proc.alive else '已退出'}{where}")
        return 0
    if running is not None and not any(proc.alive for proc in running.procs.values()):
        running.state_file.unlink()  # left by a cluster that died with its machine
        running = None
    if running is not None:
        print(f"集群已在运行（{cluster.state_file}）；先运行 make cluster-stop。", file=sys.stderr)
        return 1
    if reason := postgres_reason(cluster.database_url):
        print(reason, file=sys.stderr)
        return 2
    try:
        print("正在准备数据库（迁移、演示数据）……", flush=True)
        cluster.prepare(fresh=args.fresh)
        cluster.start()
    except ClusterError as exc:
        print(exc, file=sys.stderr)
        return 1
    for proc in cluster.procs.values():
        where = f"  http://{cluster.host}:{proc.port}/" if proc.port else ""
        print(f"已启动 {proc.name}  PID {proc.pid}{where}")
    print(f"日志：{cluster.log_dir}/；停止：make cluster-stop")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
