"""Benchmark: median wall time of building very large input, which must stay bounded and near linear: a lesson
whose title is 20,000 characters long, and lessons of 50 and 1,000 questions (the every-type fixture's eight,
repeated), with the ratio of their times.

Each run is a fresh `python -m lessonpress build` process in a fresh project folder. Usage:
    python bench/long_input.py [--runs 3] [--format pdf,docx] [--code DIR]
`--code` times another copy of lessonpress (say, an older checkout). Prints figures only; it never passes or fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "valid" / "every-type.yaml"


def lesson(kind: str, questions: int = 1000) -> dict:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    data["questions"][0]["answer"] = "C"
    data["questions"][1]["answer"] = False
    if kind == "title":
        data["title"] = ("Treaty " * 2858)[:20_000]
    else:
        data["questions"] = (data["questions"] * (questions // len(data["questions"]) + 1))[:questions]
    return data


def run_once(kind: str, fmt: str, code: Path, timeout: float, questions: int = 1000) -> tuple[float, float]:
    """Wall and CPU seconds of one build."""
    before = _cpu()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "lessons").mkdir()
        (folder / "lessons" / "course.yaml").write_bytes((ROOT / "lessons" / "course.yaml").read_bytes())
        (folder / "lessons" / "big.yaml").write_text(
            yaml.safe_dump(lesson(kind, questions), allow_unicode=True, width=1 << 30, sort_keys=False),
            encoding="utf-8")
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "lessonpress", "build", "-q", "--format", fmt],
                              cwd=folder, env={**os.environ, "PYTHONPATH": str(code)}, capture_output=True,
                              text=True, timeout=timeout)
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            print(f"  {kind}: exit {proc.returncode}: {proc.stderr.strip().splitlines()[-1][:150]}")
        return wall, _cpu() - before


def _cpu() -> float:
    """CPU seconds used so far by finished child processes (a shared machine's load inflates wall time)."""
    if not hasattr(os, "times"):
        return float("nan")
    t = os.times()
    return t.children_user + t.children_system


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--format", default="pdf,docx")
    p.add_argument("--code", type=Path, default=ROOT)
    p.add_argument("--timeout", type=float, default=1800)
    p.add_argument("--only", choices=("title", "questions"), default=None)
    args = p.parse_args()
    print(f"lessonpress large-input benchmark: {args.runs} runs each, --format {args.format}, code {args.code}, "
          f"{os.cpu_count()} CPUs")
    medians = {}
    for kind, questions, name in [k for k in (("title", 0, "20,000-character title"),
                                              ("questions", 50, "50-question lesson"),
                                              ("questions", 1000, "1,000-question lesson"))
                                  if args.only in (None, k[0])]:
        try:
            walls = [run_once(kind, args.format, args.code, args.timeout, questions) for _ in range(args.runs)]
        except subprocess.TimeoutExpired:
            print(f"{name:<26} over {args.timeout:.0f} s (stopped)")
            continue
        cpu = [c for _, c in walls]
        walls = [w for w, _ in walls]
        medians[questions] = statistics.median(walls), statistics.median(cpu)
        print(f"{name:<26} median {statistics.median(walls):7.2f} s wall (min {min(walls):.2f}, max {max(walls):.2f})"
              f", {statistics.median(cpu):7.2f} s CPU (all processes)")
    if 50 in medians and 1000 in medians:
        print(f"1,000 / 50 questions: {medians[1000][0] / medians[50][0]:.1f}x the wall time, "
              f"{medians[1000][1] / medians[50][1]:.1f}x the CPU time (20x the questions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
