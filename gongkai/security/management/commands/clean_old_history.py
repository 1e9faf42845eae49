"""simple-history's ``clean_old_history``, kept to the retention period: nothing younger than
180 days is ever deleted (default 180 instead of simple-history's 30).

This app comes before ``simple_history`` in INSTALLED_APPS, so ``gongkai manage clean_old_history``
is this command.
"""

from django.core.management.base import CommandError
from simple_history.management.commands import clean_old_history

from gongkai.security.audit import retention_purge

RETENTION_DAYS = 180


class Command(clean_old_history.Command):
    help = f"删除 {RETENTION_DAYS} 天（或 --days 指定的更长天数）以前的历史记录；更新的记录一律保留。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(days=RETENTION_DAYS)

    def handle(self, *args, **options):
        if options["days"] < RETENTION_DAYS:
            raise CommandError(f"审计记录至少保留 {RETENTION_DAYS} 天，--days 不能小于 {RETENTION_DAYS}。")
        with retention_purge():
            super().handle(*args, **options)
