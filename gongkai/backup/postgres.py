"""PostgreSQL: ``pg_dump`` (custom format, one snapshot), a staged database, a swap by rename.

The swap renames the live database aside and the staged one into its name in one transaction,
so other sessions see either the old system or the restored one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from urllib.parse import quote

import psycopg
from django.conf import settings
from psycopg import sql

from gongkai.backup import BackupError
from gongkai.backup.staging import content_tables, migrate_staged

MEMBER = "database/gongkai.pgdump"
MAINTENANCE_DB = "postgres"


def _params() -> dict:
    db = settings.DATABASES["default"]
    return {
        "dbname": db["NAME"],
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": str(db["PORT"]) if db.get("PORT") else None,
    }


def live_name() -> str:
    return settings.DATABASES["default"]["NAME"]


def _connect(dbname: str, autocommit: bool = True) -> psycopg.Connection:
    params = {k: v for k, v in _params().items() if v is not None} | {"dbname": dbname}
    try:
        return psycopg.connect(**params, autocommit=autocommit, connect_timeout=10)
    except psycopg.OperationalError as exc:
        raise BackupError(f"无法连接 PostgreSQL 数据库 {dbname}：{exc}") from exc


def _libpq_env() -> dict:
    p = _params()
    env = dict(os.environ)
    for key, name in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("password", "PGPASSWORD")):
        if p[key]:
            env[name] = p[key]
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"找不到 {name}：备份和恢复 PostgreSQL 数据库需要 PostgreSQL 客户端程序"
            f"（Debian：apt install postgresql-client，版本不低于数据库服务器）。"
        )
    return path


def _run(args: list[str], what: str) -> None:
    result = subprocess.run(args, env=_libpq_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what}失败：{result.stderr.strip()[-2000:]}")


def snapshot(dest) -> None:
    _run(
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(dest),
            live_name(),
        ],
        "pg_dump 导出数据库",
    )
    os.chmod(dest, 0o600)


def _exists(conn: psycopg.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def is_empty() -> bool:
    with _connect(MAINTENANCE_DB) as conn:
        if not _exists(conn, live_name()):
            return True
    with _connect(live_name()) as conn:
        existing = {
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = ANY(current_schemas(false))"
            )
        }
        for table in content_tables():
            if (
                table in existing
                and conn.execute(sql.SQL("SELECT 1 FROM {} LIMIT 1").format(sql.Identifier(table))).fetchone()
            ):
                return False
    return True


def database_url(name: str) -> str:
    p = _params()
    auth = quote(p["user"] or "", safe="")
    if p["password"]:
        auth += ":" + quote(p["password"], safe="")
    host = p["host"] or ""
    port = f":{p['port']}" if p["port"] else ""
    return f"postgres://{auth}@{host}{port}/{quote(name, safe='')}"


def stage(dump, staged: str, needs_migrate: bool) -> None:
    """Create the staged database and load the dump into it (dropped again on any failure)."""
    tool = _tool("pg_restore")
    with _connect(MAINTENANCE_DB) as conn:
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(staged)))
        except psycopg.Error as exc:
            raise BackupError(
                f"无法创建临时数据库 {staged}（恢复需要数据库用户有 CREATEDB 权限）：{exc}"
            ) from exc
    try:
        _run(
            [tool, "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", staged, str(dump)],
            "pg_restore 载入备份",
        )
        if needs_migrate:
            migrate_staged(database_url(staged))
    except BaseException:
        drop(staged)
        raise


def drop(name: str) -> None:
    with _connect(MAINTENANCE_DB) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def release(live: str) -> None:
    """Refuse while other sessions use the live database (it cannot be renamed under them)."""
    from django.db import connections

    connections.close_all()
    with _connect(MAINTENANCE_DB) as conn:
        users = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [live]
        ).fetchone()[0]
    if users:
        raise BackupError(
            f"数据库 {live} 仍有 {users} 个连接（gongkai serve 是否仍在运行？）。请先停止后再恢复。"
        )


def swap_in(staged: str, live: str, aside: str) -> str | None:
    """Rename live → aside and staged → live in one transaction (idempotent)."""
    try:
        return _rename(staged, live, aside)
    except psycopg.Error as exc:
        raise BackupError(
            f"无法把恢复好的数据库 {staged} 换为 {live}（gongkai serve 是否又启动了？）：{exc}。"
            f"停止后再次运行 gongkai restore 即可完成。"
        ) from exc


def _rename(staged: str, live: str, aside: str) -> str | None:
    with _connect(MAINTENANCE_DB, autocommit=False) as conn:
        if not _exists(conn, staged):
            return aside if _exists(conn, aside) else None
        kept = None
        if _exists(conn, live):
            conn.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(live), sql.Identifier(aside))
            )
            kept = aside
        conn.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(staged), sql.Identifier(live))
        )
        conn.commit()
    return kept
