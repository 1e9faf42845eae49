"""What an archive says about itself: checksums, the migration state, the key's fingerprint."""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import PackageNotFoundError, version

from django.conf import settings

from gongkai.backup import BackupError

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"


def sha256_file(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def gongkai_version() -> str:
    try:
        return version("gongkai")
    except PackageNotFoundError:
        return "unknown"


def vendor() -> str:
    """``sqlite`` or ``postgresql``, as Django names them."""
    from django.db import connection

    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"不支持的数据库类型：{connection.vendor}（只支持 SQLite 和 PostgreSQL）。")
    return connection.vendor


def current_key() -> bytes | None:
    """The personal-data key this system uses, without creating one (restore must not)."""
    from gongkai.applications.personal import KEY_ENV

    if raw := os.environ.get(KEY_ENV, "").strip():
        return raw.encode()
    path = settings.VAR_DIR / "data_key"
    if path.exists():
        return path.read_bytes().strip() or None
    return None


def key_fingerprint(key: bytes | None) -> str | None:
    """Enough to tell two keys apart, nothing to recover one from (the key is 256 random bits)."""
    if not key:
        return None
    return hashlib.sha256(b"gongkai-data-key-fingerprint:" + key).hexdigest()[:16]


def applied_migrations(connection) -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def known_migrations() -> set[tuple[str, str]]:
    """Every migration this version of the code has."""
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def check_migrations(archived: dict[str, list[str]]) -> bool:
    """Whether the restored database needs ``migrate``; refuses an archive newer than the code."""
    archived_set = {(app, name) for app, names in archived.items() for name in names}
    known = known_migrations()
    unknown = sorted(archived_set - known)
    if unknown:
        listed = "、".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"备份来自更新版本的 gongkai（本程序没有这些迁移：{listed}）。请先把 gongkai 升级到不低于备份时的版本。"
        )
    return bool(known - archived_set)
