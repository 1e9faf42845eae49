"""SQLite: a snapshot through the online backup API, a staged file, a swap by rename."""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
from pathlib import Path

from django.conf import settings

from gongkai.backup import BackupError
from gongkai.backup.staging import content_tables, migrate_staged

MEMBER = "database/gongkai.sqlite3"


def live_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def _open_readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=20)


def _self_contained(conn: sqlite3.Connection) -> None:
    """Rollback-journal mode: the file alone is the whole database (no -wal beside it)."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    if mode.lower() != "delete":
        raise BackupError("数据库正被其他进程使用（gongkai serve 是否仍在运行？），请先停止后再恢复。")


def _check_integrity(conn: sqlite3.Connection, what: str) -> None:
    result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{what}未通过 SQLite 完整性检查：{result}")


def snapshot(dest: Path) -> None:
    """Copy the live database, consistent even while the web server and worker write to it."""
    path = live_path()
    if not path.exists():
        raise BackupError(
            f"没有数据库文件 {path}：系统还没有初始化（先运行 gongkai serve 或 gongkai demo）。"
        )
    source = _open_readonly(path)
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
        _self_contained(target)
        _check_integrity(target, "数据库快照")
    finally:
        target.close()
        source.close()


def is_empty() -> bool:
    path = live_path()
    if not path.exists() or path.stat().st_size == 0:
        return True
    conn = _open_readonly(path)
    try:
        existing = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in content_tables():
            if table in existing and conn.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone():
                return False
        return True
    finally:
        conn.close()


def stage(staged: Path, needs_migrate: bool) -> Path:
    """Check and (if older than the code) migrate the extracted copy, leaving it self-contained;
    returns where it now is: beside the live file, so that the swap is a rename."""
    conn = sqlite3.connect(staged)
    try:
        _check_integrity(conn, "备份中的数据库")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"备份中的数据库文件无法打开：{exc}") from exc
    finally:
        conn.close()
    if needs_migrate:
        migrate_staged(f"sqlite:///{staged}")
    conn = sqlite3.connect(staged)
    try:
        _self_contained(conn)
    finally:
        conn.close()
    os.chmod(staged, 0o600)
    live = live_path()
    live.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.stat(staged).st_dev != os.stat(live.parent).st_dev:  # DATABASE_URL on another disk
        beside = live.with_name(f".{live.name}.restore-{secrets.token_hex(4)}")
        shutil.copyfile(staged, beside)
        os.chmod(beside, 0o600)
        staged.unlink()
        return beside
    return staged


def release(live: Path) -> None:
    """Fold the live database's WAL into its file so it can be moved aside; refuse if in use."""
    if not live.exists():
        return
    conn = sqlite3.connect(live, timeout=5)
    try:
        _self_contained(conn)
    except sqlite3.OperationalError as exc:
        raise BackupError(f"数据库正被其他进程使用（{exc}）。请先停止 gongkai serve 再恢复。") from exc
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        side = live.with_name(live.name + suffix)
        if side.exists() and side.stat().st_size and suffix == "-wal":
            raise BackupError("数据库正被其他进程使用（仍有未写入的 WAL）。请先停止 gongkai serve 再恢复。")
        side.unlink(missing_ok=True)


def swap_in(staged: Path, live: Path, aside: Path) -> Path | None:
    """Put the staged file in place (idempotent: a rerun after a crash finishes the job).

    The old file is hard-linked aside first, so at every moment ``live`` is either the whole old
    database or the whole new one."""
    if not staged.exists():
        return aside if aside.exists() else None
    kept = None
    if live.exists() and live.stat().st_size:  # an empty file (made by prepare_var_dir) is not worth keeping
        if not aside.exists():
            os.link(live, aside)
        kept = aside
    os.replace(staged, live)
    return kept
