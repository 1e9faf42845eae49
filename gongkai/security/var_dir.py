"""Where the system keeps its data (database, uploads, keys, cache), and making it private.

Importing settings only *computes* the directory; :func:`prepare_var_dir` creates it — called by
the ``gongkai`` commands before Django starts, by the WSGI entry point and by the test run — so
a bare ``import gongkai.settings`` writes nothing.

Default location: ``var/`` beside the checkout for a development (editable) install, so
``make run`` and ``make test`` behave as they always did; for an installed package, which must not
write into site-packages, ``$XDG_DATA_HOME/gongkai`` (``~/.local/share/gongkai``).
``GONGKAI_VAR_DIR`` overrides both.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY_FILE = "secret_key"
SQLITE_FILE = "gongkai.sqlite3"
# Everything under var/ is the system's alone: files 0600, directories 0700.
FILE_MODE = 0o600
DIR_MODE = 0o700
# Made at preparation so later code can rely on them (WhiteNoise warns when static/ is missing).
SUBDIRS = ("media", "static", "cache")


def _is_checkout(package_dir: Path) -> bool:
    parts = set(package_dir.parts)
    return (package_dir.parent / "pyproject.toml").is_file() and not parts & {
        "site-packages",
        "dist-packages",
    }


def default_var_dir(package_dir: Path = PACKAGE_DIR, environ=os.environ) -> Path:
    if _is_checkout(package_dir):
        return package_dir.parent / "var"
    data_home = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "gongkai"


def var_dir(environ=os.environ) -> Path:
    """The data directory, from ``GONGKAI_VAR_DIR`` or the default; nothing is created."""
    configured = environ.get("GONGKAI_VAR_DIR")
    return (
        Path(configured).expanduser().resolve() if configured else default_var_dir(environ=environ).resolve()
    )


def read_secret_key(directory: Path) -> str | None:
    """The key :func:`prepare_var_dir` generated, or None before it has run."""
    try:
        return (directory / SECRET_KEY_FILE).read_text().strip() or None
    except FileNotFoundError:
        return None


def _restrict(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except PermissionError:  # not ours (e.g. a GONGKAI_VAR_DIR someone else owns): leave it
        pass


def prepare_var_dir(environ=os.environ) -> Path:
    """Create the data directory (0700), its sub-directories, the secret key (0600) and tighten an
    existing SQLite file to 0600. Safe to call again and from several processes at once."""
    directory = var_dir(environ)
    directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    _restrict(directory, DIR_MODE)
    for name in SUBDIRS:
        (directory / name).mkdir(mode=DIR_MODE, exist_ok=True)
    if not environ.get("SECRET_KEY"):
        _create_private(directory / SECRET_KEY_FILE, secrets.token_urlsafe(50).encode())
    # SQLite creates its -wal/-shm files with the database file's mode, so 0600 here covers them.
    sqlite = directory / SQLITE_FILE
    if not environ.get("DATABASE_URL"):
        _create_private(sqlite, b"")  # an empty file is an empty SQLite database
    if sqlite.exists():
        _restrict(sqlite, FILE_MODE)
    return directory


def _create_private(path: Path, content: bytes) -> None:
    """Write the file (0600) unless it exists; whole or not at all, so a process starting at the
    same moment never reads it half-written."""
    if path.exists():
        return
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.link(temporary, path)
    except FileExistsError:  # another process was first: keep its file
        pass
    finally:
        temporary.unlink()
