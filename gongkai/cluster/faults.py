"""Submissions while an app server and a task worker are killed (SIGKILL, by process id) and
restarted; then the books: every accepted submission — an answer that carried a tracking code —
is filed exactly once, its acknowledgement task queued once and run to completion, its e-mail sent
once; and the daily scan, run twice at once on the same day across both workers, mails each
reminder once.

A visitor whose submission got no answer (the server died under it) sends the same form again to
the other server, as a person pressing 提交 again would: the form's one-time key makes that safe.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from . import ROOT, TASK_TABLE, Cluster
from .loadgen import Client, application, fresh_address, hidden, tracking_code

ACK_TASK = "gongkai.applications.tasks.acknowledge_application"
REMINDER_TASK = "gongkai.applications.tasks.send_deadline_reminders"
ATTEMPTS = 4
MAIL_SEPARATOR = "\n" + "-" * 79 + "\n"


@dataclass
class Submission:
    n: int
    client: Client
    data: dict[str, str]
    code: str = ""
    attempts: int = 0
    statuses: list = field(default_factory=list)


@dataclass
class Run:
    accepted: dict[int, str]  # submission number → tracking code
    refused: list[Submission]  # never answered with a code, after every retry
    killed: dict[str, int]  # process name → pid killed
    retried: int
    seconds: float


async def _prepare(urls: list[str], agency: str, count: int, clients: int) -> list[Submission]:
    """Open ``count`` forms (the ticket's clock starts here), each visitor with an address of its own."""
    gate = asyncio.Semaphore(clients)

    async def one(n: int) -> Submission:
        async with gate:
            client = Client(urls[n % len(urls)], fresh_address())
            page = await client.request("GET", f"/{agency}/apply/online/")
            if page.status != 200:
                raise RuntimeError(f"申请表页面 HTTP {page.status}")
            data = application(n)
            data["ticket"] = hidden(page.text, "ticket")
            data["csrfmiddlewaretoken"] = hidden(page.text, "csrfmiddlewaretoken")
            return Submission(n, client, data)

    return list(await asyncio.gather(*(one(n) for n in range(count))))


async def _submit(sub: Submission, urls: list[str], agency: str) -> None:
    for attempt in range(ATTEMPTS):
        sub.attempts += 1
        base = urls[(sub.n + attempt) % len(urls)]  # the next try goes to the other server
        client = Client(base, sub.client.address)
        client.cookies = dict(sub.client.cookies)
        try:
            answer = await client.request("POST", f"/{agency}/apply/online/", data=sub.data)
        except (TimeoutError, OSError, ConnectionError):
            sub.statuses.append("connection")
            await asyncio.sleep(0.3)
            continue
        sub.statuses.append(answer.status)
        if answer.status == 200 and (code := tracking_code(answer.text)):
            sub.code = code
            return
        if answer.status < 500:
            return  # refused on its merits: sending it again would not help
        await asyncio.sleep(0.3)


async def submit_under_faults(
    cluster: Cluster,
    agency: str,
    *,
    count: int,
    clients: int,
    min_seconds: float,
    kill: tuple[str, ...] = ("app-1", "worker-1"),
) -> Run:
    urls = cluster.urls
    subs = await _prepare(urls, agency, count, clients)
    await asyncio.sleep(min_seconds + 0.3)  # the form refuses answers faster than a person's
    started = time.perf_counter()
    killed: dict[str, int] = {}
    queue = iter(subs)
    answered = 0

    async def loop() -> None:
        nonlocal answered
        for sub in queue:
            await _submit(sub, urls, agency)
            answered += 1

    async def faults() -> None:
        while answered < max(1, count // 3):
            await asyncio.sleep(0.02)
        for name in kill:
            killed[name] = await asyncio.to_thread(cluster.kill, name)
        await asyncio.sleep(0.5)  # visitors meet the dead server meanwhile
        for name in kill:
            cluster.respawn(name)  # in this (the main) thread, which the child's life is tied to
        for name in kill:
            await asyncio.to_thread(cluster.wait_ready, name)

    await asyncio.gather(faults(), *(loop() for _ in range(clients)))
    return Run(
        accepted={s.n: s.code for s in subs if s.code},
        refused=[s for s in subs if not s.code],
        killed=killed,
        retried=sum(s.attempts - 1 for s in subs),
        seconds=time.perf_counter() - started,
    )


# --- the books ------------------------------------------------------------------------------------
@dataclass
class Books:
    lost: list[str] = field(default_factory=list)  # what is missing, one line each
    duplicated: list[str] = field(default_factory=list)
    unanswered_filings: int = 0  # filed, but no visitor was told its code
    reminders_sent: int = 0

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated)


def wait_for_tasks(cluster: Cluster, task_path: str, timeout: float = 60) -> bool:
    """Whether every task of ``task_path`` finished within ``timeout`` seconds."""
    import psycopg

    deadline = time.monotonic() + timeout
    with psycopg.connect(cluster.database_url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            pending = conn.execute(
                f"SELECT count(*) FROM {TASK_TABLE} WHERE task_path = %s AND status IN ('READY', 'RUNNING')",
                [task_path],
            ).fetchone()[0]
            if pending == 0:
                return True
            time.sleep(0.2)
    return False


def mails(cluster: Cluster) -> list[str]:
    """Every e-mail the workers printed (the console backend, flushed after each message)."""
    out: list[str] = []
    for log in sorted(cluster.log_dir.glob("worker-*.log")):
        text = log.read_text("utf-8", "replace")
        out += text.split(MAIL_SEPARATOR)
    return out


def check_submissions(cluster: Cluster, run: Run, name_prefix: str = "压力测试") -> Books:
    import psycopg

    books = Books()
    if not wait_for_tasks(cluster, ACK_TASK):
        books.lost.append("确认任务在 60 秒内没有全部完成")
    codes = sorted(run.accepted.values())
    with psycopg.connect(cluster.database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT tracking_code, id FROM applications_application WHERE tracking_code = ANY(%s)", [codes]
        ).fetchall()
        ids = dict(rows)
        tasks = dict(
            conn.execute(
                f"SELECT (args_kwargs -> 'args' ->> 0)::bigint, array_agg(status) FROM {TASK_TABLE} "
                "WHERE task_path = %s GROUP BY 1",
                [ACK_TASK],
            ).fetchall()
        )
        acks = Counter(
            r[0]
            for r in conn.execute(
                "SELECT application_id FROM applications_acknowledgement WHERE application_id = ANY(%s)",
                [list(ids.values())],
            ).fetchall()
        )
        books.unanswered_filings = conn.execute(
            "SELECT count(*) FROM applications_application WHERE name LIKE %s AND NOT tracking_code = ANY(%s)",
            [f"{name_prefix}%", codes],
        ).fetchone()[0]
    if len(set(codes)) != len(codes):
        books.duplicated.append("两次不同的提交得到了同一个查询码")
    sent = Counter()
    for message in mails(cluster):
        for code in codes:
            if f"申请查询码：{code}" in message and "已收到您于" in message:
                sent[code] += 1
    for code in codes:
        pk = ids.get(code)
        if pk is None:
            books.lost.append(f"{code}：申请不存在")
            continue
        statuses = tasks.get(pk, [])
        if not statuses:
            books.lost.append(f"{code}：没有确认任务")
        elif len(statuses) > 1:
            books.duplicated.append(f"{code}：确认任务入队 {len(statuses)} 次")
        elif statuses != ["SUCCESSFUL"]:
            books.lost.append(f"{code}：确认任务状态 {statuses[0]}")
        if acks[pk] == 0:
            books.lost.append(f"{code}：没有确认记录")
        if sent[code] == 0:
            books.lost.append(f"{code}：没有发出确认邮件")
        elif sent[code] > 1:
            books.duplicated.append(f"{code}：确认邮件发出 {sent[code]} 封")
    return books


def scan_twice_at_once(cluster: Cluster, books: Books) -> None:
    """Two ``gongkai scan`` at the same moment: the two reminder tasks go to both workers together;
    each person still gets one reminder e-mail today."""
    import psycopg

    scans = [
        subprocess.Popen(
            [sys.executable, "-m", "gongkai.cli", "scan"],
            env=cluster.child_env(),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for scan in scans:
        _out, err = scan.communicate(timeout=120)
        if scan.returncode != 0:
            books.lost.append(f"gongkai scan 失败：{err.decode(errors='replace')[-300:]}")
            return
    if not wait_for_tasks(cluster, REMINDER_TASK):
        books.lost.append("期限提醒任务在 60 秒内没有全部完成")
    with psycopg.connect(cluster.database_url, autocommit=True) as conn:
        results = conn.execute(
            f"SELECT status, return_value FROM {TASK_TABLE} WHERE task_path = %s", [REMINDER_TASK]
        ).fetchall()
        recorded = dict(
            conn.execute(
                "SELECT u.email, count(*) FROM applications_remindersent r JOIN auth_user u ON u.id = r.user_id "
                "WHERE r.day = %s GROUP BY 1",
                [datetime.now(ZoneInfo("Asia/Shanghai")).date()],  # settings.TIME_ZONE: the scan's day
            ).fetchall()
        )
    if len(results) < 2 or any(status != "SUCCESSFUL" for status, _ in results):
        books.lost.append(f"期限提醒任务：{[s for s, _ in results]}")
    sent = sum(int((value or {}).get("sent", 0)) for _, value in results)
    per_person = Counter()
    for message in mails(cluster):
        if "每人每天一封" in message:
            to = next((line[4:].strip() for line in message.splitlines() if line.startswith("To: ")), "")
            per_person[to] += 1
    books.reminders_sent = sum(per_person.values())
    if sent != len(recorded) or any(n > 1 for n in recorded.values()):
        books.duplicated.append(f"期限提醒：任务报告发出 {sent} 封，记录 {dict(recorded)}")
    for to, n in per_person.items():
        if n > 1:
            books.duplicated.append(f"期限提醒：{to} 收到 {n} 封")
    for to in recorded:
        if per_person[to] == 0:
            books.lost.append(f"期限提醒：{to} 没有收到邮件")
