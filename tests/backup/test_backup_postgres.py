"""``gongkai backup`` / ``gongkai restore`` on PostgreSQL (pg_dump / pg_restore, swap by renaming
databases). Skipped when no server answers at 127.0.0.1:5432 or the client programs are missing.

Databases used: gk_backup_src (the demo system) and gk_backup_dst (restored into), plus the
staged and kept-aside databases a restore makes from the latter's name; all dropped afterwards.
"""

from __future__ import annotations

import shutil

import pytest

from tests.backup.helpers import MEDIA, add_media, gongkai, media_tree, new_key, python, system_env
from tests.legs import postgres_leg

psycopg = pytest.importorskip("psycopg")

pytestmark = postgres_leg

SERVER = "postgres://postgres@127.0.0.1:5432"
SOURCE, TARGET = "gk_backup_src", "gk_backup_dst"


def admin():
    return psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3)


def ours() -> list[str]:
    with admin() as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname = %s OR datname LIKE %s", [SOURCE, TARGET + "%"]
        )
        return [row[0] for row in rows]


def drop(*names: str) -> None:
    with admin() as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("没有 PostgreSQL 客户端程序（pg_dump、pg_restore）")
    try:
        admin().close()
    except psycopg.OperationalError:
        pytest.skip(f"{SERVER} 没有 PostgreSQL 服务器")
    drop(*ours())
    with admin() as conn:
        conn.execute(f'CREATE DATABASE "{SOURCE}"')
    var_dir = tmp_path_factory.mktemp("pg-source")
    key = new_key()
    env = system_env(var_dir, key, f"{SERVER}/{SOURCE}")
    try:
        result = gongkai(env, "demo")
        assert result.returncode == 0, result.stderr
        add_media(var_dir / "media")
        archive = var_dir.parent / "pg-system.tar.gz"
        result = gongkai(env, "backup", "-o", str(archive))
        assert result.returncode == 0, result.stderr
        yield {"var_dir": var_dir, "key": key, "env": env, "archive": archive}
    finally:
        drop(*ours())


def all_rows(dbname: str) -> dict[str, list]:
    """Every row of every table, and every sequence's position."""
    with psycopg.connect(f"{SERVER}/{dbname}") as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        found = {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}
        for (sequence,) in conn.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall():
            found[f"sequence {sequence}"] = conn.execute(
                f'SELECT last_value, is_called FROM "{sequence}"'
            ).fetchall()
        return found


def restore(tmp_path, archive, key, *extra):
    var_dir = tmp_path / "restored"
    env = system_env(var_dir, key, f"{SERVER}/{TARGET}")
    return var_dir, env, gongkai(env, "restore", str(archive), *extra)


def test_round_trip_on_postgresql(source, tmp_path):
    drop(*[name for name in ours() if name != SOURCE])
    var_dir, env, result = restore(tmp_path, source["archive"], source["key"])
    assert result.returncode == 0, result.stderr
    before, after = all_rows(SOURCE), all_rows(TARGET)
    assert sum(len(rows) for rows in before.values()) > 1000
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    assert media_tree(var_dir / "media") == MEDIA
    code = (
        "from gongkai.applications.models import Application\n"
        "print(Application.objects.count(), sorted(a.id_number for a in Application.objects.all())[:3])"
    )
    assert python(env, code) == python(source["env"], code)
    # Nothing left behind but the restored database.
    assert set(ours()) == {SOURCE, TARGET}


def test_data_kept_aside_and_refused_while_in_use(source, tmp_path):
    drop(*[name for name in ours() if name != SOURCE])
    var_dir, env, result = restore(tmp_path, source["archive"], source["key"])
    assert result.returncode == 0, result.stderr
    again = gongkai(env, "restore", str(source["archive"]))
    assert again.returncode == 2 and "当前数据库中已有数据" in again.stderr

    with psycopg.connect(f"{SERVER}/{TARGET}"):  # as a running gongkai serve would be
        busy = gongkai(env, "restore", "--force", str(source["archive"]))
    assert busy.returncode == 2 and "仍有 1 个连接" in busy.stderr
    assert set(ours()) == {SOURCE, TARGET}  # the staged database was dropped again

    forced = gongkai(env, "restore", "--force", str(source["archive"]))
    assert forced.returncode == 0, forced.stderr
    aside = [name for name in ours() if name.startswith(TARGET + "_before_")]
    assert len(aside) == 1 and aside[0] in forced.stdout
    assert all_rows(aside[0]) == all_rows(TARGET) == all_rows(SOURCE)


def test_sqlite_archive_is_refused(source, tmp_path):
    from tests.backup.helpers import rewrite_archive

    def sqlite(manifest):
        manifest["database_vendor"] = "sqlite"

    bad = rewrite_archive(source["archive"], tmp_path / "bad.tar.gz", change_manifest=sqlite)
    drop(*[name for name in ours() if name != SOURCE])
    _var_dir, _env, result = restore(tmp_path, bad, source["key"])
    assert result.returncode == 2 and "备份只能恢复到同类数据库" in result.stderr
