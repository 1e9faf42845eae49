"""``gongkai backup`` / ``gongkai restore`` on SQLite: a demo system round-trips row for row and
byte for byte; damaged, foreign or wrongly keyed archives are refused before anything changes.

One demo load (about 35 s) serves the whole module; every restore goes into a fresh VAR_DIR.
"""

from __future__ import annotations

import json
import sqlite3
import stat
import tarfile

import pytest

from tests.backup.helpers import (
    MEDIA,
    add_media,
    gongkai,
    media_tree,
    new_key,
    python,
    python_run,
    rewrite_archive,
    system_env,
)
from tests.legs import sqlite_leg

pytestmark = sqlite_leg


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A demo system with uploaded files and its own personal-data key, backed up once."""
    var_dir = tmp_path_factory.mktemp("source")
    key = new_key()
    env = system_env(var_dir, key)
    result = gongkai(env, "demo")
    assert result.returncode == 0, result.stderr
    add_media(var_dir / "media")
    archive = var_dir.parent / "system.tar.gz"
    result = gongkai(env, "backup", "-o", str(archive))
    assert result.returncode == 0, result.stderr
    assert "已备份到" in result.stdout
    return {"var_dir": var_dir, "key": key, "env": env, "archive": archive}


def all_rows(path) -> dict[str, list[tuple]]:
    """Every row of every table (the search index's tables and django_migrations included)."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def restore_into(tmp_path, archive, key, *extra):
    var_dir = tmp_path / "restored"
    env = system_env(var_dir, key)
    return var_dir, env, gongkai(env, "restore", str(archive), *extra)


def test_archive_is_private_and_lists_every_file(source):
    archive = source["archive"]
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert names[-1] == "manifest.json"
    assert manifest["format_version"] == 1 and manifest["database_vendor"] == "sqlite"
    assert "0001_initial" in manifest["migrations"]["applications"]
    listed = {f["path"] for f in manifest["files"]}
    assert listed == set(names) - {"manifest.json"}
    assert listed == {"database/gongkai.sqlite3"} | {f"media/{name}" for name in MEDIA}
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])
    # The key itself is nowhere in the archive; only its fingerprint is.
    assert manifest["data_key_fingerprint"] and source["key"] not in archive.read_bytes().decode("latin-1")


def test_round_trip_restores_every_row_and_file(source, tmp_path):
    var_dir, env, result = restore_into(tmp_path, source["archive"], source["key"])
    assert result.returncode == 0, result.stderr
    assert "已恢复" in result.stdout
    before, after = all_rows(source["var_dir"] / "gongkai.sqlite3"), all_rows(var_dir / "gongkai.sqlite3")
    assert set(after) == set(before)
    assert sum(len(rows) for rows in before.values()) > 1000  # the demo really was loaded
    for table in before:
        assert after[table] == before[table], table
    assert media_tree(var_dir / "media") == media_tree(source["var_dir"] / "media") == MEDIA
    # Private on disk: the database and every uploaded file and directory.
    assert stat.S_IMODE((var_dir / "gongkai.sqlite3").stat().st_mode) == 0o600
    for path in (var_dir / "media").rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    assert not list(var_dir.glob("restore-*"))  # staging and journal gone
    # The restored system works: the ORM reads it and the applicants' ID numbers decrypt.
    code = (
        "from gongkai.applications.models import Application\n"
        "print(Application.objects.count(), sorted(a.id_number for a in Application.objects.all())[:3])"
    )
    assert python(env, code) == python(source["env"], code)
    assert gongkai(env, "manage", "migrate", "--check").returncode == 0


def test_database_with_data_is_kept_unless_forced(source, tmp_path):
    var_dir, env, result = restore_into(tmp_path, source["archive"], source["key"])
    assert result.returncode == 0, result.stderr
    python(
        env,
        "from gongkai.agencies.models import Agency\nAgency.objects.filter(pk=Agency.objects.first().pk).update(name='改过的名称')",
    )
    changed = all_rows(var_dir / "gongkai.sqlite3")

    refused = gongkai(env, "restore", str(source["archive"]))
    assert refused.returncode == 2
    assert "当前数据库中已有数据" in refused.stderr and "--force" in refused.stderr
    assert all_rows(var_dir / "gongkai.sqlite3") == changed

    forced = gongkai(env, "restore", "--force", str(source["archive"]))
    assert forced.returncode == 0, forced.stderr
    assert all_rows(var_dir / "gongkai.sqlite3") == all_rows(source["var_dir"] / "gongkai.sqlite3")
    # What was there before is kept beside it, not deleted.
    kept = list(var_dir.glob("gongkai.sqlite3.before-restore-*"))
    assert len(kept) == 1 and all_rows(kept[0]) == changed
    assert "原有数据保留在" in forced.stdout


def refused(tmp_path, archive, key, message):
    var_dir, _env, result = restore_into(tmp_path, archive, key)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    # Nothing was touched: the database is the empty one the command itself prepared, no files
    # arrived, and no staging is left behind.
    assert not (var_dir / "gongkai.sqlite3").exists() or (var_dir / "gongkai.sqlite3").stat().st_size == 0
    assert not media_tree(var_dir / "media")
    assert not list(var_dir.glob("restore-*"))


def test_tampered_file_is_refused(source, tmp_path):
    name = "media/" + next(iter(MEDIA))
    bad = rewrite_archive(
        source["archive"], tmp_path / "bad.tar.gz", change_member=(name, lambda d: d[:-1] + b"X")
    )
    refused(tmp_path, bad, source["key"], "校验和与清单不符")


def test_tampered_database_is_refused(source, tmp_path):
    def flip(data: bytes) -> bytes:
        return data[:5000] + bytes([data[5000] ^ 1]) + data[5001:]

    bad = rewrite_archive(
        source["archive"], tmp_path / "bad.tar.gz", change_member=("database/gongkai.sqlite3", flip)
    )
    refused(tmp_path, bad, source["key"], "database/gongkai.sqlite3 的校验和与清单不符")


def test_missing_and_extra_files_are_refused(source, tmp_path):
    name = "media/" + next(iter(MEDIA))
    missing = rewrite_archive(source["archive"], tmp_path / "missing.tar.gz", drop=name)
    refused(tmp_path, missing, source["key"], "缺少 1 个文件")
    extra = rewrite_archive(
        source["archive"], tmp_path / "extra.tar.gz", extra={"media/插入.html": b"<script>"}
    )
    refused(tmp_path, extra, source["key"], "清单之外的文件")
    escape = rewrite_archive(source["archive"], tmp_path / "escape.tar.gz", extra={"media/../../etc/x": b"x"})
    refused(tmp_path, escape, source["key"], "不应出现的路径")
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(source["archive"].read_bytes()[:-5000])
    refused(tmp_path, truncated, source["key"], "已损坏或不完整")


def test_unknown_format_other_vendor_and_newer_schema_are_refused(source, tmp_path):
    def version(m):
        m["format_version"] = 2

    def vendor(m):
        m["database_vendor"] = "postgresql"

    def newer(m):
        m["migrations"]["applications"].append("9999_from_the_future")

    for change, message in (
        (version, "不认识的备份格式版本"),
        (vendor, "备份只能恢复到同类数据库"),
        (newer, "更新版本"),
    ):
        bad = rewrite_archive(source["archive"], tmp_path / "bad.tar.gz", change_manifest=change)
        refused(tmp_path, bad, source["key"], message)


def test_wrong_or_missing_key_is_refused(source, tmp_path):
    refused(tmp_path, source["archive"], new_key(), "与备份时的密钥")
    refused(tmp_path, source["archive"], None, "本机既没有设置 GONGKAI_DATA_KEY")


def test_older_archive_is_migrated(tmp_path):
    """An archive from before a migration: restored, then migrated to the code's schema."""
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    leaf = next(node for node in graph.leaf_nodes() if node[0] == "applications")
    parent = next(p for p in graph.node_map[leaf].parents if p.key[0] == "applications").key
    key = new_key()
    old_env = system_env(tmp_path / "old", key)
    assert gongkai(old_env, "manage", "migrate", "-v", "0").returncode == 0
    assert gongkai(old_env, "manage", "migrate", "applications", parent[1], "-v", "0").returncode == 0
    archive = tmp_path / "old.tar.gz"
    assert gongkai(old_env, "backup", "-o", str(archive)).returncode == 0

    var_dir, env, result = restore_into(tmp_path, archive, key)
    assert result.returncode == 0, result.stderr
    assert "恢复后的数据库将先迁移" in result.stdout
    assert gongkai(env, "manage", "migrate", "--check").returncode == 0


def test_interrupted_swap_is_finished_by_the_next_restore(source, tmp_path):
    """The process dies after the database swap, before the files': the next run completes it."""
    var_dir = tmp_path / "restored"
    env = system_env(var_dir, source["key"])
    crash = (
        "import os, gongkai.backup.restore as r\n"
        "def die(*a): os._exit(9)\n"
        "r._swap_media = die\n"
        f"r.restore_backup(__import__('pathlib').Path({str(source['archive'])!r}))\n"
    )
    died = python_run(env, crash)
    assert died.returncode == 9, died.stderr
    assert (var_dir / "restore-journal.json").exists()
    assert not media_tree(var_dir / "media")

    result = gongkai(env, "restore", str(source["archive"]))
    assert result.returncode == 0, result.stderr
    assert "上次中断的恢复" in result.stdout
    assert not (var_dir / "restore-journal.json").exists()
    assert media_tree(var_dir / "media") == MEDIA
    assert all_rows(var_dir / "gongkai.sqlite3") == all_rows(source["var_dir"] / "gongkai.sqlite3")


def test_bad_command_lines(tmp_path):
    env = system_env(tmp_path / "empty", new_key())
    result = gongkai(env, "restore", str(tmp_path / "nothing.tar.gz"))
    assert result.returncode == 2 and "找不到备份文件" in result.stderr
    result = gongkai(env, "backup", "-o", str(tmp_path / "no-such-dir" / "x.tar.gz"))
    assert result.returncode == 2 and "不存在" in result.stderr
    result = gongkai(env, "backup", "-o", str(tmp_path / "x.tar.gz"))
    assert result.returncode == 2 and ("没有数据库文件" in result.stderr or "还没有初始化" in result.stderr)


def test_backup_while_the_system_writes(tmp_path):
    """Committed rows still in the WAL are in the snapshot; a transaction still open is not."""
    key = new_key()
    env = system_env(tmp_path / "live", key)
    assert gongkai(env, "manage", "migrate", "-v", "0").returncode == 0
    live = sqlite3.connect(tmp_path / "live" / "gongkai.sqlite3", isolation_level=None)
    try:
        live.execute("PRAGMA journal_mode=WAL")
        live.execute("PRAGMA wal_autocheckpoint=0")  # keep the committed row in the WAL only
        live.execute("INSERT INTO auth_group (name) VALUES ('已提交')")
        live.execute("BEGIN IMMEDIATE")  # the web server in the middle of a write
        live.execute("INSERT INTO auth_group (name) VALUES ('未提交')")
        archive = tmp_path / "live.tar.gz"
        result = gongkai(env, "backup", "-o", str(archive))
        assert result.returncode == 0, result.stderr
    finally:
        live.close()
    with tarfile.open(archive) as tar:
        tar.extract("database/gongkai.sqlite3", tmp_path / "x", filter="data")
    names = [
        r[0]
        for r in sqlite3.connect(tmp_path / "x" / "database" / "gongkai.sqlite3").execute(
            "SELECT name FROM auth_group"
        )
    ]
    assert names == ["已提交"]


def test_restore_refused_while_the_database_is_in_use(source, tmp_path):
    var_dir, env, result = restore_into(tmp_path, source["archive"], source["key"])
    assert result.returncode == 0, result.stderr
    before = all_rows(var_dir / "gongkai.sqlite3")
    server = sqlite3.connect(var_dir / "gongkai.sqlite3")  # as gongkai serve holds it, in WAL mode
    try:
        server.execute("PRAGMA journal_mode=WAL")
        server.execute("SELECT count(*) FROM auth_user").fetchone()
        busy = gongkai(env, "restore", "--force", str(source["archive"]))
    finally:
        server.close()
    assert busy.returncode == 2 and "请先停止 gongkai serve" in busy.stderr
    assert not list(var_dir.glob("restore-*")) and not list(var_dir.glob("*.before-restore-*"))
    assert all_rows(var_dir / "gongkai.sqlite3") == before


def test_archive_whose_database_is_not_sqlite_is_refused(source, tmp_path):
    """A manifest consistent with its files, but not made by gongkai backup: still nothing changes."""
    import hashlib

    junk = b"not a databa"

    def fix(manifest):
        for entry in manifest["files"]:
            if entry["path"] == "database/gongkai.sqlite3":
                entry["size"], entry["sha256"] = len(junk), hashlib.sha256(junk).hexdigest()

    bad = rewrite_archive(
        source["archive"],
        tmp_path / "bad.tar.gz",
        change_member=("database/gongkai.sqlite3", lambda _data: junk),
        change_manifest=fix,
    )
    refused(tmp_path, bad, source["key"], "备份中的数据库文件无法打开")
    media_as_file = rewrite_archive(source["archive"], tmp_path / "m.tar.gz", extra={"media": b"x"})
    refused(tmp_path, media_as_file, source["key"], "不应出现的路径")
