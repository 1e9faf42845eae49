"""A small load generator on loopback: asyncio and raw HTTP/1.1, one connection per request
(gunicorn's sync workers close them anyway), bounded in count and in time.

Each simulated client keeps its own cookies (CSRF token, staff session) and may claim an address
of its own in ``X-Real-IP`` — the header a reverse proxy sets — which the cluster trusts under
``GONGKAI_TRUSTED_PROXY_HEADER=HTTP_X_REAL_IP``, so the per-address limits of the public forms
count each simulated person apart, as they would count real ones.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import secrets
import time
import urllib.parse
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

TIMEOUT_SECONDS = 60


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """One simulated visitor: a cookie jar and, optionally, an address of its own."""

    def __init__(self, base: str, address: str = ""):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}
        self.address = address

    async def request(
        self, method: str, path: str, *, data: dict | None = None, files: dict | None = None
    ) -> Response:
        body = b""
        headers = {"Host": f"{self.host}:{self.port}", "Connection": "close", "User-Agent": "gongkai-loadgen"}
        if self.address:
            headers["X-Real-IP"] = self.address
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if files:
            boundary = secrets.token_hex(16)
            body = _multipart(boundary, data or {}, files)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if method == "POST":
            headers["Content-Length"] = str(len(body))
        path = urllib.parse.quote(path, safe="/?=&%:+")
        head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        started = time.perf_counter()
        reader, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), TIMEOUT_SECONDS)
        try:
            writer.write(head.encode("latin-1") + b"\r\n" + body)
            await writer.drain()
            raw = await asyncio.wait_for(reader.read(-1), TIMEOUT_SECONDS)
        finally:
            writer.close()
        response = _parse(raw, time.perf_counter() - started)
        for name, value in response.headers:
            if name == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response


def _multipart(boundary: str, data: dict, files: dict) -> bytes:
    out = []
    for name, value in data.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out)


def _parse(raw: bytes, seconds: float) -> Response:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines or not lines[0].startswith("HTTP/"):
        raise ConnectionError("no HTTP response")
    headers = [(k.strip().lower(), v.strip()) for k, _, v in (line.partition(":") for line in lines[1:])]
    if ("transfer-encoding", "chunked") in headers:
        body = _unchunk(body)
    return Response(int(lines[0].split()[1]), headers, body, seconds)


def _unchunk(body: bytes) -> bytes:
    out, rest = [], body
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out.append(rest[:size])
        rest = rest[size + 2 :]
    return b"".join(out)


# --- what the pages need --------------------------------------------------------------------------
def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else ""


TRACKING = re.compile(r'class="tracking-code">([A-Z0-9]+)<')


def tracking_code(html: str) -> str:
    found = TRACKING.search(html)
    return found.group(1) if found else ""


def application(n: int) -> dict[str, str]:
    """A valid online application (tests/applications' shape), numbered so each can be told apart."""
    return {
        "applicant": "NATURAL_PERSON",
        "name": f"压力测试{n}",
        "id_type": "resident_id",
        "id_number": "350582199001011231",
        "phone": f"138{n % 100000000:08d}",
        "email": f"load{n}@example.com",
        "address": "福建省晋江市青阳街道1号",
        "postcode": "362200",
        "description": f"集群压力测试申请第{n}件：本机关2024年的道路改造工程立项批复",
        "medium": "electronic",
        "delivery": "email",
    }


_addresses = itertools.count(1)


def fresh_address() -> str:
    n = next(_addresses)
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


async def staff_login(base: str, username: str, password: str) -> Client:
    client = Client(base, fresh_address())
    page = await client.request("GET", "/staff/login/")
    answer = await client.request(
        "POST",
        "/staff/login/",
        data={"csrfmiddlewaretoken": hidden(page.text, "csrfmiddlewaretoken"), "username": username, "password": password},
    )
    if answer.status != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"工作人员登录失败（HTTP {answer.status}）")
    return client


# --- running a load -------------------------------------------------------------------------------
@dataclass
class Stats:
    seconds: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: int = 0
    wall: float = 0.0

    @property
    def done(self) -> int:
        return len(self.seconds)

    @property
    def rps(self) -> float:
        return self.done / self.wall if self.wall else 0.0

    def percentile_ms(self, q: float) -> float:
        if not self.seconds:
            return 0.0
        ordered = sorted(self.seconds)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run(job: Callable[[int], Awaitable[Response]], *, clients: int, total: int, seconds: float) -> Stats:
    """``total`` calls of ``job(i)`` by ``clients`` concurrent loops, none started after ``seconds``."""
    stats = Stats()
    numbers = iter(range(total))
    stop_at = time.perf_counter() + seconds

    async def loop() -> None:
        for i in numbers:
            if time.perf_counter() > stop_at:
                return
            try:
                response = await job(i)
            except (TimeoutError, OSError, ConnectionError, RuntimeError):
                stats.errors += 1
                continue
            stats.seconds.append(response.seconds)
            stats.statuses[response.status] += 1

    started = time.perf_counter()
    await asyncio.gather(*(loop() for _ in range(clients)))
    stats.wall = time.perf_counter() - started
    return stats
