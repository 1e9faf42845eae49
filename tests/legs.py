"""Which leg of the suite this is. ``.ci/run`` runs the suite on SQLite, then again on PostgreSQL
(``DATABASE_URL``). Tests of one database's own tooling make their own databases whatever
``DATABASE_URL`` says (the SQLite backup file, the PostgreSQL cluster and pg_dump), so running them
in both legs only doubles their minutes: each runs in the leg of its database."""

from __future__ import annotations

import os

import pytest

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))

sqlite_leg = pytest.mark.skipif(ON_POSTGRES, reason="在 SQLite 轮次运行（自带数据库，与 DATABASE_URL 无关）")
postgres_leg = pytest.mark.skipif(
    not ON_POSTGRES, reason="在 PostgreSQL 轮次运行：DATABASE_URL=postgres://… make test-only"
)
