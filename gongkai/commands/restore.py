"""``gongkai restore ARCHIVE``: rebuild the system from a ``gongkai backup`` archive."""

from __future__ import annotations

from pathlib import Path

from gongkai.cli import UsageError, setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "restore",
        help="从备份归档恢复整个系统",
        description="先校验归档中每个文件的校验和、备份格式、数据库类型和个人信息密钥，全部无误后在旁边"
        "重建数据库和上传文件（备份较旧时先迁移），最后整体替换。请先停止 gongkai serve。"
        "当前数据库已有数据时需要 --force，原有数据会保留在旁边。",
    )
    parser.add_argument("archive", metavar="归档文件")
    parser.add_argument("--force", action="store_true", help="替换已有数据的数据库（原有数据保留在旁边）")
    parser.set_defaults(func=run)


def run(args) -> int:
    setup_django()
    from gongkai.backup import BackupError
    from gongkai.backup.restore import restore_backup

    try:
        kept = restore_backup(Path(args.archive).expanduser().resolve(), force=args.force, say=_say)
    except BackupError as exc:
        raise UsageError(str(exc)) from exc
    print("已恢复。")
    if kept:
        print(f"原有数据保留在：{'、'.join(kept)}；确认恢复无误后可删除。")
    return 0


def _say(line: str) -> None:
    print(line, flush=True)
