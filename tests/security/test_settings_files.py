"""Importing settings writes nothing; the commands make the data directory, private to the system's user."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

from gongkai.security.var_dir import default_var_dir, prepare_var_dir
from tests.security.production import clean_env

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def python(env: dict, code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_importing_settings_creates_nothing(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    result = python(
        clean_env(var_dir, DJANGO_SETTINGS_MODULE="gongkai.settings"),
        "import django; django.setup(); from django.conf import settings; print(settings.VAR_DIR, len(settings.SECRET_KEY))",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == str(var_dir)
    assert list(var_dir.iterdir()) == []
    # …nor when the directory does not exist at all.
    missing = tmp_path / "not-yet"
    assert python(clean_env(missing), "import gongkai.settings").returncode == 0
    assert not missing.exists()


def test_prepare_makes_a_private_directory_key_and_database(tmp_path):
    var_dir = tmp_path / "data" / "gongkai"
    env = {"GONGKAI_VAR_DIR": str(var_dir)}
    assert prepare_var_dir(env) == var_dir
    assert mode(var_dir) == 0o700
    for sub in ("media", "static", "cache"):
        assert mode(var_dir / sub) == 0o700
    assert mode(var_dir / "secret_key") == 0o600 and len((var_dir / "secret_key").read_text()) >= 50
    assert mode(var_dir / "gongkai.sqlite3") == 0o600
    # An older, world-readable installation is tightened; the key is kept.
    key = (var_dir / "secret_key").read_text()
    var_dir.chmod(0o755)
    (var_dir / "gongkai.sqlite3").chmod(0o644)
    prepare_var_dir(env)
    assert mode(var_dir) == 0o700 and mode(var_dir / "gongkai.sqlite3") == 0o600
    assert (var_dir / "secret_key").read_text() == key


def test_no_key_file_when_the_key_comes_from_the_environment(tmp_path):
    prepare_var_dir(
        {"GONGKAI_VAR_DIR": str(tmp_path / "v"), "SECRET_KEY": "x" * 60, "DATABASE_URL": "postgres://h/db"}
    )
    assert sorted(p.name for p in (tmp_path / "v").iterdir()) == ["cache", "media", "static"]


def test_migrate_creates_the_database_private_and_settings_read_the_same_key(tmp_path):
    var_dir = tmp_path / "var"
    env = clean_env(var_dir)
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "manage", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    database = var_dir / "gongkai.sqlite3"
    assert database.stat().st_size > 0 and mode(database) == 0o600 and mode(var_dir) == 0o700
    for extra in var_dir.glob("gongkai.sqlite3-*"):  # WAL/SHM files follow the database's mode
        assert mode(extra) == 0o600, extra
    key = (var_dir / "secret_key").read_text().strip()
    printed = python(
        dict(env, DJANGO_SETTINGS_MODULE="gongkai.settings"),
        "import gongkai.settings as s; print(s.SECRET_KEY)",
    )
    assert printed.stdout.strip() == key


def test_uploaded_files_are_stored_private(tmp_path, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path / "media")
    name = storage.save("catalog/2026/12/通知.pdf", ContentFile(b"%PDF-1.4\n"))
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600
    assert mode(Path(storage.path(name))) == 0o600
    assert mode(tmp_path / "media" / "catalog") == 0o700
    assert mode(tmp_path / "media" / "catalog" / "2026" / "12") == 0o700


def test_default_data_directory(tmp_path):
    # A checkout (editable install): var/ beside it, as make run and make test expect.
    checkout = tmp_path / "src"
    (checkout / "gongkai").mkdir(parents=True)
    (checkout / "pyproject.toml").write_text("")
    assert default_var_dir(checkout / "gongkai", {}) == checkout / "var"
    # An installed package never writes into site-packages: the user's data directory instead.
    installed = tmp_path / "lib" / "python3.11" / "site-packages" / "gongkai"
    installed.mkdir(parents=True)
    assert (
        default_var_dir(installed, {"XDG_DATA_HOME": str(tmp_path / "xdg")}) == tmp_path / "xdg" / "gongkai"
    )
    assert default_var_dir(installed, {}) == Path.home() / ".local" / "share" / "gongkai"
