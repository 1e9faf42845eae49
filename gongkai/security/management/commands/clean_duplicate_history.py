"""simple-history's ``clean_duplicate_history`` deletes rows of any age; the audit trail only grows,
so here the command (same options, so scripts calling it get this message) only refuses."""

from django.core.management.base import CommandError
from simple_history.management.commands import clean_duplicate_history


class Command(clean_duplicate_history.Command):
    help = "已停用：审计记录只能追加，不删除重复的历史记录。"

    def handle(self, *args, **options):
        raise CommandError(
            "审计记录只能追加：clean_duplicate_history 已停用。过期记录请用 clean_old_history 清理（保留至少 180 天）。"
        )
