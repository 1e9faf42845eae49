"""Running ``gongkai`` on a system of its own (its own VAR_DIR, database and key) for these tests."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
# Not ``-m gongkai.cli``: run as __main__, the module's UsageError is another class than the one
# the commands import, and a refusal would exit 1 instead of 2.
CLI = "import sys; from gongkai.cli import main; sys.exit(main())"

# Uploaded files of every shape: nested, Chinese names, binary, empty.
MEDIA = {
    "applications/2025/09/申请书（扫描件）.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 40,
    "catalog/2025/10/通知.docx": os.urandom(5000),
    "imported_reports/jinjiang/empty.txt": b"",
}


def new_key() -> str:
    return Fernet.generate_key().decode()


def system_env(var_dir: Path, key: str | None, database_url: str | None = None) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "GONGKAI_DATA_KEY")
    }
    env.update(GONGKAI_VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1")
    if key:
        env["GONGKAI_DATA_KEY"] = key
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def gongkai(env: dict, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CLI, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def python_run(env: dict, code: str) -> subprocess.CompletedProcess:
    """Run ``code`` with Django set up on that system, as the gongkai command sets it up."""
    return subprocess.run(
        [sys.executable, "-c", "from gongkai.cli import setup_django; setup_django()\n" + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def python(env: dict, code: str) -> str:
    result = python_run(env, code)
    assert result.returncode == 0, result.stderr
    return result.stdout


def add_media(media_root: Path) -> None:
    for name, data in MEDIA.items():
        path = media_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def media_tree(media_root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(media_root).as_posix(): path.read_bytes()
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }


def rewrite_archive(
    source: Path, dest: Path, change_member=None, change_manifest=None, extra=None, drop=None
):
    """A copy of the archive with one thing changed, as an attacker or a bad disk would."""
    with tarfile.open(source) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar if m.isfile()]
    with tarfile.open(dest, "w:gz") as out:
        for member, data in members:
            if member.name == drop:
                continue
            if member.name == "manifest.json" and change_manifest:
                manifest = json.loads(data)
                change_manifest(manifest)
                data = json.dumps(manifest).encode()
            elif change_member and member.name == change_member[0]:
                data = change_member[1](data)
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
        for name, data in (extra or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    return dest
