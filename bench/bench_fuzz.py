"""The long fuzzing run (issue 11, item 6): the report readers and the public application form.

BENCH fuzz_crashes       inputs that broke the contract: a reader raising anything but a Chinese
                         UnreadableReport, a form post answered 500 (or another status than
                         200/302/400), a refused post that left rows behind, errors not in Chinese.
                         Extra: inputs (readers + form), hangs, slowest_ms.
BENCH fuzz_reader_inputs inputs fed to the readers (extra: how many read and how many were refused,
                         and how many came from each source).
BENCH fuzz_hangs         reader inputs over 5 s (judged in the worker, or killed after 20 s).
BENCH fuzz_slowest_input_ms  the slowest reader input, and which it was.
BENCH fuzz_form_posts    posts to /<code>/apply/online/ (extra: the statuses answered).

Readers: BENCH_FUZZ_INPUTS (12,000) inputs — random bytes, bytes behind each format's magic,
report-shaped text (also grown to megabytes), byte mutations of every real and hostile fixture
and of built reports, mutations inside a DOCX body, mutations of a hand-built PDF, and once each
the DOCX zip bombs, broken PDFs and the corpus of tests/fuzz — each from its own seed (under
BENCH_FUZZ_SEED, default 0: the same seed, the same inputs, so a finding replays). Two worker
processes judge them (tests/fuzz/harness.judge); one that does not answer in 20 s is killed (a
hang in C code) and replaced. Form: BENCH_FUZZ_FORM_POSTS (2,000) generated posts through
Django's test client on a temporary SQLite database, in a subprocess of its own. Time-bounded:
new inputs stop after BENCH_FUZZ_SECONDS (420) for the readers and BENCH_FUZZ_FORM_SECONDS (150)
for the form. Inputs that broke the contract are written to var/fuzz/ for minimizing into
tests/fuzz/corpus/.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from multiprocessing.connection import wait
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

from _common import emit  # noqa: E402

READER_INPUTS = int(os.environ.get("BENCH_FUZZ_INPUTS", "12000"))
FORM_POSTS = int(os.environ.get("BENCH_FUZZ_FORM_POSTS", "2000"))
READER_SECONDS = float(os.environ.get("BENCH_FUZZ_SECONDS", "420"))
FORM_SECONDS = float(os.environ.get("BENCH_FUZZ_FORM_SECONDS", "150"))
SEED = os.environ.get("BENCH_FUZZ_SEED", "0")  # another value, other inputs; the same, the same inputs
KILL_AFTER_S = 20.0
OUT = ROOT / "var" / "fuzz"


# --- the readers ----------------------------------------------------------------------------------
def reader_sources() -> list[tuple[str, int]]:
    """(source, weight): how often each source comes round."""
    from tests.conftest import FIXTURES
    from tests.fuzz.inputs import built_reports, fixture_files

    sources = [("bytes", 10), ("magic", 8), ("shaped", 16), ("amplified", 2), ("pdf-built", 8)]
    sources += [(f"fixture:{p.relative_to(FIXTURES)}", 3) for p in fixture_files()]
    sources += [(f"built:{name}", 4) for name, _ in built_reports()]
    sources += [(f"docx-body:{name}", 4) for name, data in built_reports() if name.endswith(".docx")]
    return sources


def one_off_sources() -> list[str]:
    from tests.fuzz import bombs, pdfs

    corpus = ROOT / "tests" / "fuzz" / "corpus"
    return (
        [f"bomb:{k}" for k in bombs.BOMBS]
        + [f"pdf-case:{k}" for k in pdfs.CASES]
        + [f"corpus:{p.name}" for p in sorted(corpus.iterdir()) if "--" in p.name]
    )


def tasks(total: int):
    """(source, seed) pairs: the one-off inputs first, then the weighted sources in turn."""
    n = 0
    for source in one_off_sources():
        yield source, 0
        n += 1
    wheel = [source for source, weight in reader_sources() for _ in range(weight)]
    seed = 0
    while n < total:
        for source in wheel:
            if n >= total:
                return
            yield source, seed
            n += 1
        seed += 1


class Inputs:
    """Makes the input of (source, seed) in the worker, so only the seed crosses the pipe."""

    def __init__(self):
        from tests.conftest import FIXTURES
        from tests.fuzz.inputs import built_reports

        self.fixtures = FIXTURES
        self.built = dict(built_reports())
        self.cache: dict[str, bytes] = {}

    def make(self, source: str, seed: int) -> tuple[bytes, str]:
        from tests.fuzz import bombs, mutations, pdfs
        from tests.fuzz.inputs import NAMES, random_amplified, random_report_shaped

        rng = random.Random(f"{SEED}:{source}:{seed}")
        kind, _, arg = source.partition(":")
        if kind == "bytes":
            return rng.randbytes(rng.randint(0, 4096)), rng.choice(NAMES)
        if kind == "magic":
            magic = rng.choice([b"%PDF-1.7\n", b"PK\x03\x04", b"\xef\xbb\xbf<html>", b"<table>"])
            return magic + rng.randbytes(rng.randint(0, 4096)), "r"
        if kind == "shaped":
            return random_report_shaped(rng)
        if kind == "amplified":
            return random_amplified(rng)
        if kind == "pdf-built":
            return mutations.apply(pdfs.good(), mutations.random_edits(rng, 6)), "r.pdf"
        if kind == "fixture":
            data = self.cache.setdefault(arg, (self.fixtures / arg).read_bytes())
            return mutations.apply(data, mutations.random_edits(rng)), Path(arg).name
        if kind == "built":
            return mutations.apply(self.built[arg], mutations.random_edits(rng)), arg
        if kind == "docx-body":
            return mutations.apply_inside_zip(self.built[arg], mutations.random_edits(rng)), arg
        if kind == "bomb":
            return bombs.BOMBS[arg](), "r.docx"
        if kind == "pdf-case":
            return pdfs.CASES[arg](), "r.pdf"
        if kind == "corpus":
            return (ROOT / "tests" / "fuzz" / "corpus" / arg).read_bytes(), arg.split("--")[-1]
        raise ValueError(source)


def _serve(conn) -> None:
    """A worker: judge each (source, seed) it is sent; the input itself goes back only on a failure."""
    from tests.fuzz.harness import judge

    inputs = Inputs()
    while True:
        try:
            source, seed = conn.recv()
        except EOFError:
            return
        try:
            data, name = inputs.make(source, seed)
        except Exception:
            conn.send(("generator", 0.0, traceback.format_exc(), b"", ""))
            continue
        outcome = judge(data, name)
        conn.send((outcome.kind, outcome.seconds, outcome.detail[-3000:], b"" if outcome.ok else data, name))


class Worker:
    def __init__(self, context):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[str, int] | None = None
        self.since = 0.0

    def give(self, task) -> None:
        self.task, self.since = task, time.monotonic()
        self.conn.send(task)

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


def run_readers() -> dict:
    context = multiprocessing.get_context("fork")
    workers = [Worker(context) for _ in range(2)]
    pending = tasks(READER_INPUTS)
    stop_at = time.monotonic() + READER_SECONDS
    by_source: Counter = Counter()
    outcomes: Counter = Counter()
    failures: list[dict] = []
    slowest = (0.0, "")

    def record(task, kind, seconds, detail, data=b"", name="") -> None:
        nonlocal slowest
        source = task[0].partition(":")[0]
        by_source[source] += 1
        outcomes[kind] += 1
        if seconds > slowest[0]:
            slowest = (seconds, f"{task[0]}#{task[1]}")
        if kind not in ("read", "unreadable"):
            failures.append({"input": f"{task[0]}#{task[1]}", "kind": kind, "detail": detail})
            _keep(task, data, name)

    def feed(worker) -> bool:
        if time.monotonic() > stop_at:
            return False
        task = next(pending, None)
        if task is None:
            return False
        worker.give(task)
        return True

    busy = [w for w in workers if feed(w)]
    while busy:
        ready = wait([w.conn for w in busy], timeout=1.0)
        for worker in list(busy):
            if worker.conn in ready:
                try:
                    kind, seconds, detail, data, name = worker.conn.recv()
                except EOFError:  # the worker died: a crash below Python
                    record(worker.task, "crash", time.monotonic() - worker.since, "the worker process died")
                    worker.kill()
                    busy.remove(worker)
                    workers.remove(worker)
                    fresh = Worker(context)
                    workers.append(fresh)
                    if feed(fresh):
                        busy.append(fresh)
                    continue
                record(worker.task, kind, seconds, detail, data, name)
                if not feed(worker):
                    busy.remove(worker)
            elif time.monotonic() - worker.since > KILL_AFTER_S:
                record(
                    worker.task, "hang", time.monotonic() - worker.since, f"no answer in {KILL_AFTER_S:.0f} s"
                )
                worker.kill()
                busy.remove(worker)
                workers.remove(worker)
                fresh = Worker(context)
                workers.append(fresh)
                if feed(fresh):
                    busy.append(fresh)
    for worker in workers:
        worker.conn.close()
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.kill()
    return {
        "inputs": sum(by_source.values()),
        "by_source": dict(by_source),
        "outcomes": dict(outcomes),
        "failures": failures,
        "slowest_s": slowest[0],
        "slowest": slowest[1],
    }


def _keep(task, data: bytes, name: str) -> None:
    if not data:
        return
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{task[0].replace('/', '_').replace(':', '_')}-{task[1]}--{name or 'r'}"
    path.write_bytes(data)
    print(f"# kept {path}", flush=True)


# --- the form -------------------------------------------------------------------------------------
def run_form_phase() -> None:
    """In its own process (settings of its own): post generated bodies, print a JSON summary."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.agencies.factories import make_tree
    from tests.fuzz.form import check_answer, post, random_body

    setup_test_environment()
    agency = make_tree().a
    client = Client()
    statuses: Counter = Counter()
    failures: list[dict] = []
    stop_at = time.monotonic() + FORM_SECONDS
    posts = 0
    for seed in range(FORM_POSTS):
        if time.monotonic() > stop_at:
            break
        body = random_body(random.Random(f"{SEED}:form:{seed}"))
        posts += 1
        try:
            response, created, uploads = post(client, agency, body)
        except Exception:
            statuses[500] += 1
            failures.append(
                {"input": f"form#{seed}", "kind": "500", "detail": traceback.format_exc()[-3000:]}
            )
            continue
        statuses[response.status_code] += 1
        broken = check_answer(response, created, uploads)
        if broken:
            failures.append({"input": f"form#{seed}", "kind": "contract", "detail": broken})
    print(
        json.dumps(
            {"posts": posts, "statuses": {str(k): v for k, v in statuses.items()}, "failures": failures}
        )
    )


def run_form() -> dict:
    with tempfile.TemporaryDirectory() as d:
        var = Path(d)
        (var / "fuzz_settings.py").write_text(
            "from gongkai.settings import *  # noqa\n"
            "DEBUG = False\nALLOWED_HOSTS = ['*']\n"
            "GONGKAI_APPLY_MIN_SECONDS = 0\nGONGKAI_APPLY_RATE_LIMIT = 0\n"
            "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}\n"
            "PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']\n"
        )
        env = dict(os.environ, GONGKAI_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="fuzz_settings")
        env["PYTHONPATH"] = os.pathsep.join([str(var), str(ROOT / "bench"), str(ROOT)])
        env.pop("DATABASE_URL", None)
        done = subprocess.run(
            [sys.executable, __file__, "--form"], env=env, capture_output=True, text=True, cwd=ROOT
        )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-15:]
        return {
            "posts": 0,
            "statuses": {},
            "failures": [{"input": "form phase", "kind": "crash", "detail": "\n".join(tail)}],
        }
    return json.loads(lines[-1])


def main() -> int:
    t0 = time.monotonic()
    readers = run_readers()
    reader_s = time.monotonic() - t0
    form = run_form()
    failures = readers["failures"] + form["failures"]
    for f in failures[:20]:
        print(f"# {f['kind']} {f['input']}: {f['detail'][-1500:]}", flush=True)
    hangs = readers["outcomes"].get("hang", 0)
    emit(
        "fuzz_crashes",
        len(failures),
        "count",
        inputs=readers["inputs"] + form["posts"],
        hangs=hangs,
        slowest_ms=round(readers["slowest_s"] * 1000),
    )
    emit(
        "fuzz_reader_inputs",
        readers["inputs"],
        "count",
        seconds=round(reader_s),
        read=readers["outcomes"].get("read", 0),
        unreadable=readers["outcomes"].get("unreadable", 0),
        **readers["by_source"],
    )
    emit("fuzz_hangs", hangs, "count", limit_s=5)
    emit("fuzz_slowest_input_ms", round(readers["slowest_s"] * 1000), "ms", input=readers["slowest"])
    emit(
        "fuzz_form_posts",
        form["posts"],
        "count",
        **{f"status_{k}": v for k, v in sorted(form["statuses"].items())},
    )
    return 1 if failures else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--form"]:
        run_form_phase()
    else:
        sys.exit(main())
