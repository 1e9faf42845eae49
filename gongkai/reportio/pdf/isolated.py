"""Run the PDFium part of reading in a forked child process that is killed after a time limit.

PDFium is C: neither a Python signal nor the reader's own deadline can stop it inside one call,
and a small hostile file makes one call run for minutes — a page whose /Contents array names one
1 MB stream 300 times (a 900 KB file: 34 s in FPDF_LoadPage), a content stream that inflates to a
gigabyte (11 s, 1 GB of memory). Found by tests/fuzz. In a child the parent can kill, such a file
costs at most ``limit_s`` seconds and a capped amount of memory, and a crash of PDFium itself
(a segfault) is an unreadable file instead of a dead server worker.

Forking an already-loaded process costs a few milliseconds; the child inherits the imported
reader and PDFium, so it starts no interpreter. Where there is no fork (not POSIX) the reading
runs in this process, as before.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import resource
import select
import signal
import time
import traceback
from collections.abc import Callable
from typing import TypeVar

from gongkai.reportio.errors import UnreadableReport

T = TypeVar("T")
EXTRA_MEMORY = 512 * 1024 * 1024  # the child's address space beyond the parent's: a report needs ~50 MB
DAMAGED = "PDF 文件已损坏或格式异常，无法读取。"


def call_with_limit(fn: Callable[[bytes], T], data: bytes, limit_s: float, lock) -> T:
    """``fn(data)`` in a forked child: its result, or its UnreadableReport raised here; an
    UnreadableReport when it runs over ``limit_s`` seconds or dies. ``lock`` (PDFium's) is held
    only while forking, so no other thread of this process is inside PDFium at that moment."""
    if not hasattr(os, "fork"):
        with lock:
            return fn(data)
    read_end, write_end = os.pipe()
    with lock:
        pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(fn, data, write_end)
    os.close(write_end)
    try:
        payload = _receive(read_end, time.monotonic() + limit_s)
    finally:
        os.close(read_end)
        _reap(pid)
    if payload is None:
        raise UnreadableReport(f"PDF 读取超时（超过 {limit_s:.0f} 秒），文件可能异常。")
    if not payload:  # the child died without answering: PDFium crashed or ran out of memory
        raise UnreadableReport(DAMAGED)
    kind, value = pickle.loads(payload)
    if kind == "ok":
        return value
    if kind == "unreadable":
        raise UnreadableReport(value)
    raise RuntimeError(f"reading the PDF failed in the child process:\n{value}")  # a bug of ours


def _child(fn, data: bytes, write_end: int) -> None:
    try:
        signal.setitimer(signal.ITIMER_REAL, 0)
        # PDFium dying on a hostile file is an answer here, not a crash to report: no dump of the
        # parent's stacks into its log (when the parent enabled faulthandler, as pytest does)
        faulthandler.disable()
        _cap_memory()
        try:
            answer = ("ok", fn(data))
        except UnreadableReport as e:
            answer = ("unreadable", str(e))
        except BaseException as e:  # noqa: BLE001 — everything goes back to the parent
            answer = ("bug", "".join(traceback.format_exception(e)))
        payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(payload)
        while view:
            view = view[os.write(write_end, view) :]
    finally:
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers, no finalizers


def _cap_memory() -> None:
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[0])
        size = pages * os.sysconf("SC_PAGE_SIZE") + EXTRA_MEMORY
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    except (OSError, ValueError):
        pass  # not Linux: the time limit still holds


def _receive(fd: int, deadline: float) -> bytes | None:
    """Everything the child writes until it closes the pipe; None past the deadline."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int) -> None:
    """Kill the child if it still runs, and collect it (no zombie left behind)."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass
