"""The production environment README "安全设置" documents, for the tests that start processes with it."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# Variables that would leak from the developer's shell into the child and change what it sees.
_OURS = (
    "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER", "GONGKAI_CONTENT_SECURITY_POLICY", "GONGKAI_VAR_DIR",
)  # fmt: skip


def clean_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _OURS}
    env.update(GONGKAI_VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1", **extra)
    return env


def production_env(var_dir: Path) -> dict[str, str]:
    return clean_env(
        var_dir,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="gongkai.example.gov.cn",
        SECURE_COOKIES="1",
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_HSTS_PRELOAD="1",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
    )
