"""Run every benchmark and print a summary table of figure vs budget (Markdown).

Each script runs in its own process (so one's imports and memory can't colour another's)
and appends its results as JSON lines to a shared file; the table is built from those.

    python benchmarks/run_all.py [--quick] [--only first_paint,memory]

--quick: fewer repetitions, for a smoke run; the figures are then noisier.
Exit status is 0 whether budgets pass or not (a benchmark is not a test); 1 if a script
crashed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import python  # noqa: E402

# script, its normal arguments, its --quick arguments
SCRIPTS = [
    ("first_paint", [], ["--runs", "3"]),
    ("first_paint_tmux", [], ["--runs", "3"]),
    ("filter_latency", [], ["--rounds", "1"]),
    ("refresh", [], ["--runs", "3"]),
    ("all_brands", [], ["--runs", "2"]),
    ("live_checks", [], ["--repeat", "100"]),
    ("memory", [], []),
]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--only", help="comma-separated script names")
    args = ap.parse_args(argv)
    wanted = set(args.only.split(",")) if args.only else None

    crashed = []
    with tempfile.TemporaryDirectory(prefix="dashtui-bench-") as tmp:
        out = Path(tmp) / "results.jsonl"
        env = {**os.environ, "DASHTUI_BENCH_JSON": str(out)}
        for name, normal, quick in SCRIPTS:
            if wanted and name not in wanted:
                continue
            print(f"\n=== {name} ===", flush=True)
            t0 = time.monotonic()
            proc = subprocess.run([python(), str(HERE / f"{name}.py"),
                                   *(quick if args.quick else normal)], env=env)
            print(f"({name}: {time.monotonic() - t0:.0f} s)", flush=True)
            if proc.returncode != 0:
                crashed.append(name)
        results = [json.loads(line) for line in out.read_text().splitlines()] \
            if out.exists() else []

    print("\n## Budgets\n")
    print(f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, Python "
          f"{sys.version.split()[0]}; medians of repeated runs"
          f"{' (--quick)' if args.quick else ''}.\n")
    print("| what | figure | budget | |")
    print("|---|---|---|---|")
    for r in results:
        print(f"| {r['what']} | {r['figure']} | {r['budget']} | "
              f"{'PASS' if r['ok'] else '**FAIL**'} |")
    for name in crashed:
        print(f"| {name} | crashed (see its output above) | | **ERROR** |")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
