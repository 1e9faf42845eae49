"""Reports checked per second, per format, against the bare text extraction of the same files.

Our time: read + validate each report (gongkai.reportio.checking.check_bytes). Baseline, in the
same run on the same files: stdlib decode (TXT), lxml parse (HTML), python-docx open + iterate
paragraphs and table cells (DOCX), pdfplumber extract_text + extract_tables on every page (PDF:
the issue's stated baseline, though our reader now uses PDFium, not pdfminer). PDF gets a second
line, ``check_pdf_vs_pdfium_per_s``: the same figure against bare pypdfium2 text extraction
(get_text_range on every page), the engine we read with, so the cost of our line grouping, table
finding and checking above the engine itself stays visible.
Files: the real fixtures of each format plus reports written by tests/reportio/builders.py (the
HTML and DOCX fixtures are too few to time alone). One core; the best of several runs.

``check_mixed_per_s``: the whole command, ``gongkai check --jobs 2 --json`` over a folder of 400
reports (the real fixtures in their mix of formats, copied round-robin), against ``--jobs 1`` on
the same folder in the same run; process start-up included, outputs compared byte for byte.
"""

from __future__ import annotations

import io
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._common import best_of, emit  # noqa: E402
from gongkai.reportio.checking import check_bytes  # noqa: E402
from tests.reportio import builders as b  # noqa: E402

FIXTURES = ROOT.parent / "shared" / "fixtures" / "reports"


def corpus() -> dict[str, list[tuple[str, bytes]]]:
    files: dict[str, list[tuple[str, bytes]]] = {"txt": [], "html": [], "docx": [], "pdf": []}
    for p in sorted(FIXTURES.glob("*/*")):
        kind = {".txt": "txt", ".html": "html", ".docx": "docx", ".pdf": "pdf"}.get(p.suffix)
        if kind and p.name != "source.txt":
            files[kind].append((p.name, p.read_bytes()))
    for seed in range(8):
        spec = b.make_spec(seed, big=seed % 2 == 0)
        files["txt"].append(("gen.txt", b.to_tab_text(spec).encode("gbk" if seed % 3 == 0 else "utf-8")))
        files["html"].append(("gen.html", b.to_html(spec, "gbk" if seed % 2 else "utf-8")))
        files["docx"].append(("gen.docx", b.to_docx(spec)))
    printed = b.print_pdf(b.make_spec(9, big=True))
    if printed is not None:
        files["pdf"].append(("gen.pdf", printed))
    return files


def bare(kind: str, data: bytes) -> None:
    if kind == "txt":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            data.decode("gb18030")
    elif kind == "html":
        import lxml.html

        lxml.html.document_fromstring(data)
    elif kind == "docx":
        import docx

        d = docx.Document(io.BytesIO(data))
        for p in d.paragraphs:
            p.text  # noqa: B018
        for t in d.tables:
            for row in t.rows:
                for cell in row.cells:
                    cell.text  # noqa: B018
    else:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()


def bare_pdfium(data: bytes) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            page.get_textpage().get_text_range()
            page.close()
    finally:
        pdf.close()


MIXED_FILES = 400
ORIGINALS = ("report.pdf", "report.docx", "page.html", "page.txt", "report.txt")


def mixed_folder(target: Path) -> int:
    originals = sorted(
        p for d in FIXTURES.iterdir() if d.is_dir() for p in d.iterdir() if p.name in ORIGINALS
    )
    for i in range(MIXED_FILES):
        src = originals[i % len(originals)]
        shutil.copy(src, target / f"{i:03d}_{src.parent.name}_{src.name}")
    return len(originals)


def timed_check(folder: Path, jobs: int) -> tuple[float, bytes, float]:
    """Wall time, stdout, and the CPU seconds of the command and its worker processes."""
    cmd = [
        str(Path(sys.executable).with_name("gongkai")),
        "check",
        "--json",
        "--jobs",
        str(jobs),
        str(folder),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, check=False)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode in (0, 1), done.stderr.decode()[-2000:]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, done.stdout, cpu


def bench_mixed_jobs() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        kinds = mixed_folder(folder)
        runs: dict[int, list[tuple[float, bytes, float]]] = {1: [], 2: []}
        for _ in range(2):  # interleaved, so a busy spell on the machine hits both
            for jobs in (1, 2):
                runs[jobs].append(timed_check(folder, jobs))
        one, out_one, cpu_one = min(runs[1])
        two, out_two, cpu_two = min(runs[2])
        assert out_one == out_two, "--jobs 2 printed something else than --jobs 1"
    emit(
        "check_mixed_per_s",
        MIXED_FILES / two,
        "reports/s",
        ratio=one / two,
        baseline="gongkai_check_jobs_1",
        files=MIXED_FILES,
        originals=kinds,
        jobs=2,
        jobs1_per_s=round(MIXED_FILES / one, 1),
        cpu_s_jobs1=round(cpu_one, 2),
        cpu_s_jobs2=round(cpu_two, 2),  # ≈ cpu_s_jobs1: the workers add little work of their own
    )


def main() -> None:
    bench_mixed_jobs()
    files = corpus()
    for kind in ("txt", "html", "docx", "pdf"):
        items = files[kind]
        repeat = 2 if kind == "pdf" else 5
        for name, data in items:  # warm up imports and caches, and make sure every file checks
            r = check_bytes(data, name)
            assert r.error is None, (name, r.error)
        ours = best_of(lambda items=items: [check_bytes(d, n) for n, d in items], repeat)
        base = best_of(lambda items=items, kind=kind: [bare(kind, d) for _, d in items], repeat)
        emit(
            f"check_{kind}_per_s",
            len(items) / ours,
            "reports/s",
            ratio=ours / base,
            baseline=f"bare_{kind}_extraction",
            files=len(items),
            bare_per_s=round(len(items) / base, 1),
        )
        if kind == "pdf":
            engine = best_of(lambda items=items: [bare_pdfium(d) for _, d in items], repeat * 3)
            emit(
                "check_pdf_vs_pdfium_per_s",
                len(items) / ours,
                "reports/s",
                ratio=ours / engine,
                baseline="bare_pypdfium2_text",
                files=len(items),
                bare_per_s=round(len(items) / engine, 1),
            )


if __name__ == "__main__":
    main()
