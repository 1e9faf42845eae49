"""Shared by both databases: which tables mean "this system has data", and migrating a staged copy."""

from __future__ import annotations

import os
import subprocess
import sys

from django.apps import apps
from django.conf import settings

from gongkai.backup import BackupError

# Filled by ``migrate`` itself (permissions, content types, the seeded working calendar): rows
# there do not make a database "in use".
FILLED_BY_MIGRATE = {
    "auth_permission",
    "django_content_type",
    "workcalendar_calendarday",
    "workcalendar_calendaryear",
    "workcalendar_historicalcalendarday",
    "workcalendar_historicalcalendaryear",
}


def content_tables() -> list[str]:
    """Tables whose rows are somebody's data (models of every installed app, m2m tables too)."""
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return sorted(tables - FILLED_BY_MIGRATE)


def migrate_staged(database_url: str) -> None:
    """Run ``migrate`` on the staged database in a child process whose only database it is."""
    env = {**os.environ, "DATABASE_URL": database_url, "GONGKAI_VAR_DIR": str(settings.VAR_DIR)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from gongkai.cli import main; sys.exit(main())",
            "manage",
            "migrate",
            "--no-input",
            "-v",
            "0",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"恢复出的数据库迁移失败，现有系统未被改动：\n{result.stderr.strip()[-2000:]}")
