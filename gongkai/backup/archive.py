"""The archive file: written 0600 through a temporary name, read back only after every check."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import tarfile
import time
import zlib
from pathlib import Path, PurePosixPath

from gongkai.backup import BackupError
from gongkai.backup.manifest import FORMAT, FORMAT_VERSION, MANIFEST_NAME

MEMBER_ROOTS = ("database", "media")


class _HashingReader:
    """Reads exactly ``size`` bytes of a file, hashing what was read (the file may be in use)."""

    def __init__(self, fh, size: int):
        self.fh, self.left, self.digest = fh, size, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.fh.read(n)
        if len(data) < n:  # the file shrank while we read it: pad, and the checksum says what we wrote
            data += b"\0" * (n - len(data))
        self.left -= len(data)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict:
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o600, int(os.fstat(fh.fileno()).st_mtime)
        reader = _HashingReader(fh, size)
        tar.addfile(info, reader)
    return {"path": name, "size": size, "sha256": reader.digest.hexdigest()}


def media_files(media_root: Path) -> list[tuple[Path, str]]:
    """Every regular file under MEDIA_ROOT with its archive name (symlinks are not followed)."""
    found = []
    if media_root.is_dir():
        for dirpath, dirnames, filenames in os.walk(media_root):
            dirnames.sort()
            for filename in sorted(filenames):
                path = Path(dirpath) / filename
                if stat.S_ISREG(path.lstat().st_mode):
                    found.append((path, "media/" + path.relative_to(media_root).as_posix()))
    return found


def write_archive(out: Path, database_file: Path, database_name: str, media_root: Path, about: dict) -> dict:
    """Write the archive to ``out`` (0600, complete or not at all); returns the manifest."""
    partial = out.with_name(out.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing .partial keeps its old mode through O_CREAT
    try:
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
            files = [_add_file(tar, database_file, database_name)]
            files += [_add_file(tar, path, name) for path, name in media_files(media_root)]
            manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, **about, "files": files}
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or ".." in path.parts
        or not path.parts
        or (name != MANIFEST_NAME and (path.parts[0] not in MEMBER_ROOTS or len(path.parts) < 2))
    ):
        raise BackupError(f"备份文件中有不应出现的路径：{name}，拒绝恢复。")
    return path


def _private_dirs(root: Path, directory: Path) -> None:
    """Make ``directory`` and its parents below ``root`` 0700 (``mkdir(parents=True)`` uses the umask)."""
    for part in reversed([directory, *directory.parents]):
        if part.is_relative_to(root) and part != root and not part.is_dir():
            part.mkdir(mode=0o700)


def extract_verified(archive: Path, staging: Path) -> dict:
    """Extract into ``staging`` (a fresh private directory), then check every file against the
    manifest; raises BackupError on any difference. Nothing outside ``staging`` is written."""
    seen: dict[str, dict] = {}
    manifest_bytes = None
    try:
        tar = tarfile.open(archive, mode="r:*")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"无法读取备份文件 {archive}：{exc}") from exc
    try:
        with tar:
            for member in tar:
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupError(f"备份文件中有链接或特殊文件：{member.name}，拒绝恢复。")
                name = _safe_name(member.name)
                if member.name in seen or (member.name == MANIFEST_NAME and manifest_bytes is not None):
                    raise BackupError(f"备份文件中 {member.name} 出现了两次，拒绝恢复。")
                source = tar.extractfile(member)
                if member.name == MANIFEST_NAME:
                    manifest_bytes = source.read()
                    continue
                target = staging / name
                _private_dirs(staging, target.parent)
                digest, size = hashlib.sha256(), 0
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    while chunk := source.read(1 << 20):
                        digest.update(chunk)
                        size += len(chunk)
                        fh.write(chunk)
                seen[member.name] = {"size": size, "sha256": digest.hexdigest()}
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise BackupError(f"备份文件 {archive} 已损坏或不完整：{exc}") from exc
    manifest = _parse_manifest(manifest_bytes)
    _compare(manifest, seen)
    return manifest


def _parse_manifest(data: bytes | None) -> dict:
    if data is None:
        raise BackupError("备份文件中没有 manifest.json（不是 gongkai backup 生成的备份，或已不完整）。")
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"备份文件中的 manifest.json 无法解析：{exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("备份文件不是 gongkai backup 生成的备份（manifest.json 的 format 不对）。")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"不认识的备份格式版本：{manifest.get('format_version')!r}（本程序只能恢复第 {FORMAT_VERSION} 版）。"
        )
    if not isinstance(manifest.get("files"), list):
        raise BackupError("manifest.json 中没有文件清单。")
    migrations = manifest.get("migrations")
    if not isinstance(migrations, dict) or not all(
        isinstance(names, list) and all(isinstance(n, str) for n in names) for names in migrations.values()
    ):
        raise BackupError("manifest.json 中的迁移记录格式不对。")
    return manifest


def _compare(manifest: dict, seen: dict[str, dict]) -> None:
    listed = {}
    for entry in manifest["files"]:
        path = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(path, str):
            raise BackupError("manifest.json 的文件清单格式不对。")
        _safe_name(path)
        listed[path] = entry
    missing = sorted(set(listed) - set(seen))
    if missing:
        raise BackupError(
            f"备份文件不完整：缺少 {len(missing)} 个文件（{'、'.join(missing[:5])}），拒绝恢复。"
        )
    extra = sorted(set(seen) - set(listed))
    if extra:
        raise BackupError(f"备份文件中有清单之外的文件（{'、'.join(extra[:5])}），可能被改动过，拒绝恢复。")
    for path, entry in listed.items():
        if entry.get("size") != seen[path]["size"] or entry.get("sha256") != seen[path]["sha256"]:
            raise BackupError(f"备份文件中 {path} 的校验和与清单不符（文件被改动或损坏），拒绝恢复。")
    databases = [p for p in listed if p.startswith("database/")]
    if len(databases) != 1:
        raise BackupError("备份文件中应当正好有一个数据库文件。")
