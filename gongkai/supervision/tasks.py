"""Background work of the supervising office and what the daily scan (``gongkai scan``) asks of it:
the annual-report reminder e-mails (``reminders``), handed to the task worker once a day."""

from __future__ import annotations

from datetime import date

from django_tasks import task


@task()
def send_report_reminders(day: str) -> dict[str, int]:
    """Annual-report reminders due on ``day``, each sent once (a second scan sends nothing)."""
    from .reminders import send_reminders

    return send_reminders(date.fromisoformat(day))


def daily(today: date, mail: bool = True) -> list[str]:
    """The scan's part: enqueue the day's reminders; a line (Chinese) for what was done."""
    from django_tasks import TaskResultStatus

    from .reminders import due_reminders

    if not mail or not due_reminders(today):
        return []
    result = send_report_reminders.enqueue(today.isoformat())
    if result.status == TaskResultStatus.FAILED:
        return ["年度报告提醒邮件发送失败，请查看日志。"]
    if result.status == TaskResultStatus.SUCCESSFUL:
        r = result.return_value
        return [
            f"年度报告提醒邮件：发出 {r['sent']} 封，此前已提醒 {r['already_sent']} 人次，无邮箱 {r['no_email']} 人次。"
        ]
    return ["年度报告提醒邮件已交给后台任务发送（每人每事项一次）。"]
