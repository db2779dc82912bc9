"""Time and memory of the safe reader plus validation, and of `python -m rasp validate`, on every hostile and odd
file kind in tests/hostile_files.py (the generic kinds and the returns made from the real template), each in a
fresh process. A benchmark, not a test: it prints a table.

    .venv/bin/python benchmarks/hostile_bench.py [--only KIND ...]

Columns: the file's size; what the reader and validator made of it in a child process (refused = unreadable,
invalid = problems listed, valid = would be stored, read = a workbook but not a return); the seconds and the
peak memory growth of that check; the wall time and exit code of the command line's validate; and how many
lines the command printed (a return lists at most 50 problems).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile_files as hf  # noqa: E402
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND  # noqa: E402

CHILD = """
import json, resource, sys, time
from rasp.core.errors import InvalidReturn, UnreadableFile
from rasp.core.framework import load_framework
from rasp.core.records import Directory
from rasp.intake.reader import read_workbook
from rasp.intake.validate import validate_return
fw = load_framework()
known = Directory({sys.argv[2]: tuple(json.loads(sys.argv[3]))}, {sys.argv[2]: (sys.argv[4],)})
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    book = read_workbook(data, "x.xlsx", hidden_allowed=("Meta",))
    try:
        validate_return(book, fw, known, partnership=sys.argv[2])
        outcome = "valid"
    except InvalidReturn as exc:
        outcome = "invalid" if book.sheet("Questions") is not None else "read"
except UnreadableFile:
    outcome = "refused"
print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - started,
                  "grew_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024}))
"""


def kinds() -> dict[str, object]:
    return {**hf.HOSTILE, **hf.READABLE_ODD, **hf.RETURN_UNREADABLE, **hf.RETURN_INVALID, **hf.RETURN_VALID_ODD}


def run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", help="kinds to run (default: all)")
    args = parser.parse_args()
    chosen = {k: v for k, v in kinds().items() if not args.only or k in args.only}
    print(f"{'kind':28} {'size KB':>8} {'outcome':>8} {'check s':>7} {'grew MB':>8}", end=" ")
    print(f"{'validate s':>10} {'exit':>4} {'lines':>5}")
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'bench.db'}"
        setup = [sys.executable, "-m", "rasp", "setup", "--db", db, "--partnership", PARTNERSHIP, "--round", ROUND]
        for council in COUNCILS:
            setup += ["--council", council]
        run(setup)
        for kind, make in chosen.items():
            path = Path(tmp) / f"{kind}.xlsx"
            path.write_bytes(make())  # type: ignore[operator]
            child = run([sys.executable, "-c", CHILD, str(path), PARTNERSHIP, json_list(COUNCILS), ROUND])
            result = (
                json.loads(child.stdout) if child.returncode == 0 else {"outcome": "CRASH", "seconds": 0, "grew_mb": 0}
            )
            started = time.perf_counter()
            cli = run([sys.executable, "-m", "rasp", "validate", str(path), "--db", db, "--partnership", PARTNERSHIP])
            wall = time.perf_counter() - started
            crashed = "Traceback" in cli.stdout + cli.stderr
            print(
                f"{kind:28} {path.stat().st_size // 1024:>8} {result['outcome']:>8} {result['seconds']:>7.2f} "
                f"{result['grew_mb']:>8.1f} {wall:>10.2f} {cli.returncode if not crashed else 'TB':>4} "
                f"{len(cli.stdout.splitlines()):>5}",
                flush=True,
            )
    return 0


def json_list(items: list[str]) -> str:
    return json.dumps(items)


if __name__ == "__main__":
    sys.exit(main())
