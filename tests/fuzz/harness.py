"""The fuzzing contract for the report readers, shared by tests/fuzz and bench/bench_fuzz.py.

Every input either reads (a report, validated, its contract JSON finite) or is refused with the
project's one error, :class:`UnreadableReport`, carrying a Chinese message — never another
exception, never more than ``HANG_S`` seconds. :func:`judge` runs one input in this process
(a SIGALRM interrupts Python loops that run away); the bench runs it in a child process it can
kill, which also catches a hang inside PDFium's C code.
"""

from __future__ import annotations

import json
import re
import signal
import threading
import time
import traceback
from dataclasses import dataclass

from gongkai.reportio import UnreadableReport, read_with_document
from gongkai.reportio.checking import CheckResult, _validate
from gongkai.reportio.contract import to_json

HANG_S = 5.0
_CJK = re.compile(r"[\u4e00-\u9fff]")


class Hang(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` of a reader eats it."""


@dataclass
class Outcome:
    kind: str  # "read", "unreadable", "crash", "hang"
    seconds: float
    detail: str = ""  # the Chinese message, or the traceback of a crash

    @property
    def ok(self) -> bool:
        return self.kind in ("read", "unreadable")


def check_once(data: bytes, name: str) -> str:
    """What the check service does with one file, without its catch-all: '' or the error message."""
    try:
        doc, report = read_with_document(data, name)
    except UnreadableReport as e:
        return str(e)
    result = CheckResult(name, report, _validate(report, None))
    result.document = doc
    json.dumps(to_json(result), allow_nan=False, ensure_ascii=False)
    return ""


def judge(data: bytes, name: str, limit: float = HANG_S) -> Outcome:
    """Run one input against the contract, interrupting Python code after ``limit`` seconds."""
    alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if alarm:
        previous = signal.signal(signal.SIGALRM, _raise_hang)
        signal.setitimer(signal.ITIMER_REAL, limit)
    t0 = time.perf_counter()
    try:
        message = check_once(data, name)
    except Hang:
        return Outcome("hang", time.perf_counter() - t0, traceback.format_exc())
    except Exception:
        return Outcome("crash", time.perf_counter() - t0, traceback.format_exc())
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    seconds = time.perf_counter() - t0
    if seconds > limit:  # time spent in C code, where the alarm could not interrupt
        return Outcome("hang", seconds, f"{seconds:.1f} s")
    if message and not _CJK.search(message):
        return Outcome("crash", seconds, f"UnreadableReport without a Chinese message: {message!r}")
    return Outcome("unreadable" if message else "read", seconds, message)


def _raise_hang(signum, frame):
    raise Hang(f"over {HANG_S} s")


def assert_contract(data: bytes, name: str) -> Outcome:
    """judge(), failing the test with the traceback (and the input's size) on a crash or hang."""
    outcome = judge(data, name)
    assert outcome.ok, (
        f"{outcome.kind} on {name} ({len(data)} bytes, {outcome.seconds:.2f} s):\n{outcome.detail}"
    )
    return outcome
