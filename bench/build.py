"""Benchmark: median wall time and peak memory of a full course build (and of `check`), over several runs.

Each run is a fresh process, as a teacher's `python generate.py` is; then the preview's rebuild latency, save ->
page updated (bench/preview.py); and the same documents made by pdflatex with the `exam` class and pandoc, beside
lessonpress's cold build (bench/latex_baseline.py, skipped where TeX is absent). Usage:
    python bench/build.py [--runs 7] [--latex-runs 3] [--no-preview]
Prints figures only; it never passes or fails.
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

ROOT = Path(__file__).resolve().parent.parent


def run_once(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one `python -m lessonpress ARGS` process."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "lessonpress", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / 1024  # kilobytes on Linux
    else:
        proc.wait()
        wall, peak = time.perf_counter() - started, float("nan")
    if proc.returncode != 0:
        sys.exit(f"run failed: lessonpress {' '.join(args)}\n{proc.stderr.read().decode()}")
    return wall, peak


def report(name: str, samples: list[tuple[float, float]]) -> None:
    walls = [w for w, _ in samples]
    peaks = [p for _, p in samples]
    print(f"{name:<28} median {statistics.median(walls):6.3f} s  (min {min(walls):.3f}, max {max(walls):.3f})"
          f"   peak memory median {statistics.median(peaks):6.1f} MB  (max {max(peaks):.1f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--latex-runs", type=int, default=3, metavar="N",
                        help="cold runs of the LaTeX exam-class + pandoc baseline (bench/latex_baseline.py); 0 skips")
    parser.add_argument("--no-preview", dest="preview", action="store_false",
                        help="skip the preview's rebuild latency (bench/preview.py)")
    args = parser.parse_args()
    lessons = len([p for p in (ROOT / "lessons").glob("*.yaml") if p.name != "course.yaml"])
    print(f"lessonpress benchmark: {lessons} lessons, {args.runs} runs each, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        manifest = Path(tmp) / ".lessonpress-manifest.json"

        def full(extra: list[str]) -> tuple[float, float]:
            manifest.unlink(missing_ok=True)  # so the build does all its work
            return run_once(["build", "--out", tmp, "-q", *extra])

        full([])  # warm the disk cache
        build = [full([]) for _ in range(args.runs)]
        unchanged = [run_once(["build", "--out", tmp, "-q"]) for _ in range(args.runs)]
        pdf = [full(["--format", "pdf"]) for _ in range(args.runs)]
        check = [run_once(["check", "-q"]) for _ in range(args.runs)]
        files = len([p for p in Path(tmp).rglob("*.*") if p != manifest])
    report("build (pdf + docx)", build)
    report("build, nothing changed", unchanged)
    report("build --format pdf", pdf)
    report("check (no writers imported)", check)
    print(f"files written by a full build: {files}; "
          f"per lesson: {statistics.median(w for w, _ in build) / lessons * 1000:.0f} ms (median build / lessons)")
    if args.latex_runs:
        from bench import latex_baseline

        latex_baseline.compare(args.latex_runs)
    if args.preview:
        from bench import preview

        preview.report(preview.measure(args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
