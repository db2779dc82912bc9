"""Time and memory of `rasp.intake.reader.read_workbook` and of `python -m rasp validate` on every hostile and odd file
kind in tests/hostile_files.py, each in a fresh process. A benchmark, not a test: it prints a table.

    .venv/bin/python benchmarks/hostile_bench.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile_files as hf  # noqa: E402

CHILD = """
import json, resource, sys, time
from rasp.core.errors import UnreadableFile
from rasp.intake.reader import read_workbook
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    read_workbook(data, "x.xlsx")
    outcome = "read"
except UnreadableFile:
    outcome = "refused"
print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - started,
                  "grew_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024}))
"""


def main() -> int:
    kinds = {**hf.HOSTILE, **hf.READABLE_ODD}
    print(f"{'kind':22} {'size KB':>8} {'outcome':>8} {'read s':>7} {'grew MB':>8} {'validate s':>10} {'exit':>4}")
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'bench.db'}"
        for kind, make in kinds.items():
            path = Path(tmp) / f"{kind}.xlsx"
            path.write_bytes(make())
            run = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            result = json.loads(run.stdout) if run.returncode == 0 else {"outcome": "CRASH", "seconds": 0, "grew_mb": 0}
            started = time.perf_counter()
            cli = subprocess.run(
                [sys.executable, "-m", "rasp", "validate", str(path), "--db", db],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            wall = time.perf_counter() - started
            print(
                f"{kind:22} {path.stat().st_size // 1024:>8} {result['outcome']:>8} {result['seconds']:>7.2f} "
                f"{result['grew_mb']:>8.1f} {wall:>10.2f} {cli.returncode:>4}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
