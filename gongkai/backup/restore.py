"""``gongkai restore``: check everything, build the restored system beside the live one, swap.

The swap is a handful of renames recorded first in ``VAR_DIR/restore-journal.json``; if the
process dies among them, the next ``gongkai restore`` finishes them (everything they need is
already complete in the staging directory) and stops there.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from datetime import datetime
from pathlib import Path

from django.conf import settings

from gongkai.backup import BackupError, postgres, sqlite
from gongkai.backup.archive import extract_verified
from gongkai.backup.manifest import check_migrations, current_key, key_fingerprint, vendor

JOURNAL_NAME = "restore-journal.json"


def journal_path() -> Path:
    return Path(settings.VAR_DIR) / JOURNAL_NAME


def pending_restore() -> bool:
    """A restore stopped half-way through its swap (``gongkai serve`` should not start then)."""
    return journal_path().exists()


def _check_key(manifest: dict) -> None:
    from gongkai.applications.personal import KEY_ENV

    expected = manifest.get("data_key_fingerprint")
    if not expected:
        return
    here = key_fingerprint(current_key())
    if here is None:
        raise BackupError(
            f"备份中的个人信息是用指纹为 {expected} 的密钥加密的，本机既没有设置 {KEY_ENV}，"
            f"也没有 {Path(settings.VAR_DIR) / 'data_key'}。请设置与原系统相同的密钥后再恢复。"
        )
    if here != expected:
        raise BackupError(
            f"本机的个人信息密钥（指纹 {here}）与备份时的密钥（指纹 {expected}）不同，"
            f"恢复后将无法解密申请人的身份证号和电话。请把 {KEY_ENV} 设置为原系统的密钥（或复制原系统的 var/data_key）后再恢复。"
        )


def restore_backup(archive: Path, force: bool = False, say=print) -> list[str]:
    """Restore ``archive`` into this system; returns what was kept aside (old database/files)."""
    if pending_restore():
        # Finish that one and stop: which archive the user wants now is theirs to decide again.
        say("发现上次中断的恢复（其备份已全部校验并就位），正在完成它；这次没有恢复 " + str(archive) + "。")
        return finish_pending()
    if not archive.is_file():
        raise BackupError(f"找不到备份文件 {archive}。")
    kind = vendor()
    engine = sqlite if kind == "sqlite" else postgres
    if not force and not engine.is_empty():
        raise BackupError(
            "当前数据库中已有数据。恢复会替换全部现有数据；确认要替换时请加 --force（原有数据会被保留在旁边）。"
        )

    var_dir = Path(settings.VAR_DIR)
    stamp = datetime.now().strftime("%Y%m%d%H%M%S")
    staging = var_dir / f"restore-staging-{stamp}-{secrets.token_hex(4)}"
    staging.mkdir(mode=0o700)
    staged_db = None
    try:
        say(f"正在校验并解开备份 {archive} ……")
        manifest = extract_verified(archive, staging)
        archived_vendor = manifest.get("database_vendor")
        if archived_vendor != kind:
            raise BackupError(
                f"备份来自 {archived_vendor} 数据库，而本系统使用 {kind}；备份只能恢复到同类数据库。"
            )
        _check_key(manifest)
        needs_migrate = check_migrations(manifest.get("migrations") or {})
        if needs_migrate:
            say("备份早于当前版本，恢复后的数据库将先迁移。")
        dump = staging / engine.MEMBER
        if not dump.is_file():
            raise BackupError(f"备份文件中没有 {engine.MEMBER}，与清单中的数据库类型不符，拒绝恢复。")
        if kind == "sqlite":
            staged_db, live_db = str(sqlite.stage(dump, needs_migrate)), str(sqlite.live_path())
            aside_db = f"{live_db}.before-restore-{stamp}"
        else:
            live_db = postgres.live_name()
            staged_db = f"{live_db[:30]}_restore_{secrets.token_hex(4)}"
            say("正在把备份载入临时数据库……")
            postgres.stage(dump, staged_db, needs_migrate)
            aside_db = f"{live_db[:30]}_before_{stamp}"
        (staging / "media").mkdir(mode=0o700, exist_ok=True)
        engine.release(sqlite.live_path() if kind == "sqlite" else live_db)
        journal = {
            "vendor": kind,
            "staging": str(staging),
            "staged_db": staged_db,
            "live_db": live_db,
            "aside_db": aside_db,
            "media_root": str(settings.MEDIA_ROOT),
            "aside_media": f"{settings.MEDIA_ROOT}.before-restore-{stamp}",
        }
        _write_journal(journal)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if kind == "sqlite" and staged_db:  # moved beside the live file when on another disk
            Path(staged_db).unlink(missing_ok=True)
        if kind == "postgresql" and staged_db:
            postgres.drop(staged_db)
        raise
    return finish_pending()


def _write_journal(journal: dict) -> None:
    path = journal_path()
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(journal, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(partial, path)


def finish_pending() -> list[str]:
    """Do (or finish) the swap a journal describes; every step is safe to repeat."""
    journal = json.loads(journal_path().read_text())
    kept: list[str] = []
    if journal["vendor"] == "sqlite":
        old = sqlite.swap_in(Path(journal["staged_db"]), Path(journal["live_db"]), Path(journal["aside_db"]))
    else:
        old = postgres.swap_in(journal["staged_db"], journal["live_db"], journal["aside_db"])
    if old:
        kept.append(f"数据库 {old}")
    if old_media := _swap_media(
        Path(journal["staging"]) / "media", Path(journal["media_root"]), Path(journal["aside_media"])
    ):
        kept.append(f"上传文件 {old_media}")
    shutil.rmtree(journal["staging"], ignore_errors=True)
    journal_path().unlink()
    return kept


def _swap_media(staged: Path, live: Path, aside: Path) -> Path | None:
    if not staged.exists():
        return aside if aside.exists() else None
    if live.exists():
        if aside.exists():  # something recreated the directory after it was moved aside
            aside = aside.with_name(aside.name + "-" + secrets.token_hex(2))
        os.rename(live, aside)
    os.rename(staged, live)
    os.chmod(live, 0o700)
    if aside.exists() and not any(aside.iterdir()):
        aside.rmdir()
    return aside if aside.exists() else None
