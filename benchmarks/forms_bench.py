"""A 500-row Microsoft Forms export against the same answers sent as 500 filled templates.

Run from the project folder:

    .venv/bin/python benchmarks/forms_bench.py [--rows 500]

Both go into their own fresh SQLite database through the real import path (`rasp.intake.dispatch.import_file`):
the export as one file (one return per row), the templates one file each. It prints the time and peak memory of
each (peak memory from a second, traced pass that reads and validates without storing), the time again for
re-importing the export (every row "already imported"), and checks that both databases
hold the same answers. A script, not a test: it asserts nothing about timings. Exit status 1 if any return is
not stored or the two databases differ.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rasp.core.framework import load_framework  # noqa: E402
from rasp.intake.dispatch import import_file, validate_file  # noqa: E402
from rasp.intake.template import build_template, fill_template  # noqa: E402
from rasp.store.engine import make_engine  # noqa: E402
from rasp.store.reads import directory, load_answers  # noqa: E402
from tests import forms_exports as fx  # noqa: E402
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, set_up  # noqa: E402


def _measure(work, check) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    """Seconds for `work` (untraced: tracemalloc slows Python code several times over), then the peak traced
    memory of `check` (the same reading and validation, without the store) in a second, traced pass."""
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    check()
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return seconds, peak, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    args = parser.parse_args()
    fw = load_framework()
    who = fx.people(fw, COUNCILS, args.rows, seed=11)
    export = fx.ms_forms_xlsx(fw, COUNCILS, who)
    template = build_template(fw, partnership=PARTNERSHIP, councils=COUNCILS, rounds=[ROUND])
    files = []
    for p in who:
        about, answers, partners = fx.template_values(p)
        files.append(fill_template(template, about={**about, "Round": ROUND}, answers=answers, partners=partners))
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        forms_db = make_engine(f"sqlite:///{Path(folder) / 'forms.db'}")
        templates_db = make_engine(f"sqlite:///{Path(folder) / 'templates.db'}")
        set_up(forms_db)
        set_up(templates_db)

        def forms() -> object:
            return import_file(forms_db, fw, export, "export.xlsx", partnership=PARTNERSHIP, round_name=ROUND)

        def templates() -> object:
            return [
                import_file(templates_db, fw, data, f"r{i}.xlsx", partnership=PARTNERSHIP, round_name=ROUND)
                for i, data in enumerate(files)
            ]

        known = directory(forms_db)

        def check_forms() -> object:
            return validate_file(fw, known, export, "export.xlsx", partnership=PARTNERSHIP, round_name=ROUND)

        def check_templates() -> object:
            return [validate_file(fw, known, data, "r.xlsx", partnership=PARTNERSHIP) for data in files]

        f_s, f_mb, f_report = _measure(forms, check_forms)
        t_s, t_mb, t_reports = _measure(templates, check_templates)
        r_s, r_mb, r_report = _measure(forms, check_forms)
        counts = f_report.counts()  # type: ignore[attr-defined]
        t_counts = pd.Series([r.status for rep in t_reports for r in rep.results]).value_counts().to_dict()  # type: ignore[attr-defined]
        again = r_report.counts()  # type: ignore[attr-defined]
        cols = ["council", "respondent", "statement", "value", "status"]
        a = (
            load_answers(forms_db, PARTNERSHIP, ROUND)[cols]
            .sort_values(["respondent", "statement"])
            .reset_index(drop=True)
        )
        b = (
            load_answers(templates_db, PARTNERSHIP, ROUND)[cols]
            .sort_values(["respondent", "statement"])
            .reset_index(drop=True)
        )
        same = a.equals(b)
        ok = counts == {"stored": args.rows} and t_counts == {"stored": args.rows} and same
        forms_db.dispose()
        templates_db.dispose()
    print(f"{'route':42} {'seconds':>8} {'per return (ms)':>16} {'peak MB':>8}")
    label = f"one Forms export of {args.rows} rows ({len(export) // 1024} KB)"
    print(f"{label:42} {f_s:8.2f} {f_s / args.rows * 1000:16.1f} {f_mb:8.1f}")
    size = sum(len(d) for d in files) // 1024
    print(f"{f'{args.rows} templates ({size} KB in all)':42} {t_s:8.2f} {t_s / args.rows * 1000:16.1f} {t_mb:8.1f}")
    print(f"{'the export again (all already imported)':42} {r_s:8.2f} {r_s / args.rows * 1000:16.1f} {r_mb:8.1f}")
    print(f"export: {counts}; templates: {t_counts}; again: {again}; same answers stored: {same}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
