"""``gongkai demo``: migrate when needed, then load the demo data (idempotent) and print the logins."""

from __future__ import annotations

import sys

from gongkai.cli import setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="载入演示机关、人员和记录（可重复运行）",
        description="载入演示数据：晋江市人民政府及其部门、每种角色一个演示账号，以及各功能的演示记录。"
        "可重复运行：已有的演示数据会恢复为演示状态，不会重复创建。需要时先迁移数据库。",
    )
    parser.set_defaults(func=run)


def migrate_if_needed(out=sys.stdout) -> bool:
    """Apply unapplied migrations; returns whether anything was applied."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return False
    print(f"正在迁移数据库（{len(plan)} 项迁移）……", file=out, flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    return True


def run(args) -> int:
    setup_django()
    from gongkai.agencies.demo import demo_logins, load_demo

    migrate_if_needed()
    context = load_demo()
    if context.log:
        print("已载入演示数据：")
        for line in context.log:
            print(f"  {line}")
    else:
        print("演示数据已是最新，没有需要修改的内容。")
    for line in demo_logins():
        print(line)
    return 0
