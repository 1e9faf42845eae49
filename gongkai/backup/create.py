"""``gongkai backup``: snapshot the database, then archive it with the uploaded files."""

from __future__ import annotations

import secrets
import shutil
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

from gongkai.backup import BackupError, postgres, sqlite
from gongkai.backup.archive import write_archive
from gongkai.backup.manifest import (
    applied_migrations,
    current_key,
    gongkai_version,
    key_fingerprint,
    vendor,
)


def default_name(now: datetime) -> str:
    return f"gongkai-backup-{now.astimezone().strftime('%Y%m%d-%H%M%S')}.tar.gz"


def create_backup(out: Path) -> dict:
    """Write the archive to ``out``; returns its manifest.

    The database is copied first and the files after: a file uploaded in between is in the
    archive without its record (harmless), while the other order could leave a record whose
    file is missing."""
    if out.exists() and out.is_dir():
        raise BackupError(f"{out} 是一个目录，请给出备份文件的名称。")
    if out.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        raise BackupError("备份文件不能放在上传文件目录里（它会把自己也备份进去）。")
    if not out.parent.is_dir():
        raise BackupError(f"目录 {out.parent} 不存在。")
    kind = vendor()
    engine = sqlite if kind == "sqlite" else postgres
    now = datetime.now(UTC)
    work = Path(settings.VAR_DIR) / f"backup-work-{secrets.token_hex(4)}"
    work.mkdir(mode=0o700)
    try:
        dump = work / Path(engine.MEMBER).name
        engine.snapshot(dump)
        migrations = applied_migrations(connection)
        if not migrations:
            raise BackupError("数据库还没有初始化（没有任何迁移记录），没有可备份的内容。")
        about = {
            "created_at": now.isoformat(timespec="seconds"),
            "gongkai_version": gongkai_version(),
            "database_vendor": kind,
            "migrations": migrations,
            "data_key_fingerprint": key_fingerprint(current_key()),
        }
        return write_archive(out, dump, engine.MEMBER, Path(settings.MEDIA_ROOT), about)
    finally:
        shutil.rmtree(work, ignore_errors=True)
