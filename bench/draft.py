"""Benchmark: median wall time and peak memory of `lessonpress new` on the shipped essay, over several runs.

Each run is a fresh process drafting into a new folder (the drafts are checked at the end of every run).
Usage:
    python bench/draft.py [--runs 5]
Prints figures only; it never passes or fails.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.build import ROOT, report, run_once  # noqa: E402

ESSAY = ROOT.parent / "shared" / "essay" / "soviet-japanese-relations-1905-1945.txt"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"lessonpress new benchmark: {ESSAY.name} ({ESSAY.stat().st_size:,} bytes), {args.runs} runs, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        samples = [run_once(["new", str(ESSAY), "--out", str(Path(tmp) / f"run{n}")]) for n in range(args.runs)]
        lessons = len(list((Path(tmp) / "run0").glob("0*.yaml")))
    report("new (draft, write, check)", samples)
    print(f"lessons drafted per run: {lessons}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
