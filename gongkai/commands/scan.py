"""``gongkai scan``: the daily scan that cron or a systemd timer runs (README "每日定时任务").

It reports what needs someone before it becomes late. Each app that has time-bound duties
contributes through the same ``todo(user, today)`` hook as the staff home page, called here
with no user (system-wide); the working-day calendar contributes its maintenance warnings.
Unless ``--no-mail``, it also hands the task worker the day's deadline reminder e-mails
(gongkai.applications.reminders: each clerk their cases, at most one e-mail a day).
The catalog's daily work runs too (gongkai.catalog.tasks.daily): items published for today reach
search (定时发布), and last month's missing 两馆移交包 are handed to the task worker.
"""

from __future__ import annotations

import json
from datetime import date

from gongkai.cli import UsageError, setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser("scan", help="每日扫描：期限提醒、工作日历维护提醒")
    parser.add_argument("--today", help="按指定日期扫描（YYYY-MM-DD，默认今天）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.add_argument("--no-mail", action="store_true", help="不发送期限提醒邮件（默认每人每天一封）")
    parser.set_defaults(func=run)


def run(args) -> int:
    today = _parse_today(args.today)
    setup_django()
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.staff.home import app_notices, calendar_notices

    # The scan speaks to whoever runs the system: every calendar warning, the import one included.
    notices = calendar_notices(SYSTEM, today) + app_notices(None, today)
    mail = None if getattr(args, "no_mail", False) else _enqueue_reminders(today)
    # 定时发布 reaches search on its day; last month's 两馆移交包 go to the task worker.
    catalog = _catalog_daily(today) + _supervision_daily(today, mail=mail is not None)
    if args.json:
        done = [{"level": "info", "text": line} for line in catalog]
        print(json.dumps([{"level": n.level, "text": n.text} for n in notices] + done, ensure_ascii=False))
    elif notices:
        for notice in notices:
            print(f"[{'提醒' if notice.level == 'warning' else '信息'}] {notice.text}")
    else:
        print(f"{today.isoformat()} 扫描完成：没有需要处理的提醒。")
    if mail and not args.json:
        print(f"[信息] {mail}")
    if not args.json:
        for line in catalog:
            print(f"[信息] {line}")
    return 0


def _catalog_daily(today: date) -> list[str]:
    from gongkai.catalog.tasks import daily

    return daily(today)


def _supervision_daily(today: date, mail: bool) -> list[str]:
    """Annual-report reminders (gongkai.supervision.tasks.daily): each sent once, however often this runs."""
    from gongkai.supervision.tasks import daily

    return daily(today, mail=mail)


def _enqueue_reminders(today: date) -> str:
    """Hand the day's reminder e-mails to the task worker (each person at most one a day)."""
    from django_tasks import TaskResultStatus

    from gongkai.applications.tasks import send_deadline_reminders

    result = send_deadline_reminders.enqueue(today.isoformat())
    if result.status == TaskResultStatus.FAILED:  # a backend that runs it at once
        return "期限提醒邮件发送失败，请查看日志。"
    if result.status == TaskResultStatus.SUCCESSFUL:
        r = result.return_value
        return (
            f"期限提醒邮件：发出 {r['sent']} 封，今天已发过 {r['already_sent']} 人，"
            f"无邮箱 {r['no_email']} 人，失败 {r['failed']} 封。"
        )
    return "期限提醒邮件已交给后台任务发送（每人每天一封）。"


def _parse_today(text: str | None) -> date:
    if not text:
        from django.utils import timezone

        setup_django()
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"日期“{text}”无效，请使用 YYYY-MM-DD 格式的真实日期。") from None
