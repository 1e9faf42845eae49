"""``gongkai backup``: one archive (database + uploaded files + checksums), readable only by its owner."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from gongkai.cli import UsageError, setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "backup",
        help="备份数据库和上传文件到一个归档文件",
        description="把数据库（SQLite 用在线备份，PostgreSQL 用 pg_dump）、全部上传文件和校验清单写入一个 "
        ".tar.gz 归档（权限 0600）。系统运行时也可备份。个人信息密钥不写入归档，请另行妥善保存。",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="文件",
        help="归档文件名（默认：当前目录下的 gongkai-backup-日期-时间.tar.gz）",
    )
    parser.set_defaults(func=run)


def run(args) -> int:
    setup_django()
    from gongkai.backup import BackupError
    from gongkai.backup.create import create_backup, default_name

    out = Path(args.output or default_name(datetime.now())).expanduser().resolve()
    try:
        manifest = create_backup(out)
    except BackupError as exc:
        raise UsageError(str(exc)) from exc
    files = manifest["files"]
    media = len(files) - 1
    size = out.stat().st_size
    print(f"已备份到 {out}（{size / 1024 / 1024:.1f} MB：数据库 1 个，上传文件 {media} 个）。")
    if manifest.get("data_key_fingerprint"):
        print(f"恢复时需要同一个个人信息密钥（指纹 {manifest['data_key_fingerprint']}），密钥不在归档中。")
    return 0
