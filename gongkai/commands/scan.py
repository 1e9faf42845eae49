"""``gongkai scan``: the daily scan that cron or a systemd timer runs (README "每日定时任务").

It reports what needs someone before it becomes late. Each app that has time-bound duties
contributes through the same ``todo(user, today)`` hook as the staff home page, called here
with no user (system-wide); the working-day calendar contributes its maintenance warnings.
"""

from __future__ import annotations

import json
from datetime import date

from gongkai.cli import UsageError, setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser("scan", help="每日扫描：期限提醒、工作日历维护提醒")
    parser.add_argument("--today", help="按指定日期扫描（YYYY-MM-DD，默认今天）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.set_defaults(func=run)


def run(args) -> int:
    today = _parse_today(args.today)
    setup_django()
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.staff.home import app_notices, calendar_notices

    # The scan speaks to whoever runs the system: every calendar warning, the import one included.
    notices = calendar_notices(SYSTEM, today) + app_notices(None, today)
    if args.json:
        print(json.dumps([{"level": n.level, "text": n.text} for n in notices], ensure_ascii=False))
    elif notices:
        for notice in notices:
            print(f"[{'提醒' if notice.level == 'warning' else '信息'}] {notice.text}")
    else:
        print(f"{today.isoformat()} 扫描完成：没有需要处理的提醒。")
    return 0


def _parse_today(text: str | None) -> date:
    if not text:
        from django.utils import timezone

        setup_django()
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"日期“{text}”无效，请使用 YYYY-MM-DD 格式的真实日期。") from None
