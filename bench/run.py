"""Run the benchmark scripts in bench/ (DESIGN.md "Benchmarks").

    python bench/run.py            # every bench/bench_*.py
    python bench/run.py clock      # only scripts whose name contains "clock"

Each script prints lines ``BENCH <name> <value> <unit> [ratio=…] [baseline=…] [key=value …]``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    only = argv[0] if argv else ""
    scripts = sorted(p for p in HERE.glob("bench_*.py") if only in p.stem)
    if not scripts:
        print(f"没有匹配 {only!r} 的基准脚本", file=sys.stderr)
        return 2
    status = 0
    for script in scripts:
        print(f"# {script.name}", flush=True)
        status |= subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
