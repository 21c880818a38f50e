"""Benchmark: a class set for a 150-student roster with 30 forms (every form's worksheet and key, the key grid
and one PDF per period), the stamping path lessonpress uses against the naive path of rendering every
student's copy in full. Each run is a fresh process; prints medians and the ratio measured in the same run.

    python bench/classset.py [--runs 5] [--students 150] [--forms 30]
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
LESSON = ROOT / "lessons" / "01-tensions-and-treaties.yaml"


def job(path: str, students: int, forms: int, out: str) -> None:
    """One class set, made the `path` way, written under `out`.

    stamp: `lessonpress build LESSON --versions F --roster R --format pdf` (every form rendered once, each
      copy stamped, writers in parallel), which also writes the handout, lesson plan and packets.
    naive: the same build without the roster, then every student's copy rendered in full, one after
      another, and joined per period.
    naive-parallel: the same, with the build's parallel writers for the copies.
    """
    import dataclasses
    import io
    import os

    from pypdf import PdfWriter

    from lessonpress.build import render_jobs
    from lessonpress.cli import main
    from lessonpress.documents.common import forms as make_forms
    from lessonpress.documents.worksheet import worksheet
    from lessonpress.model import Para, Text
    from lessonpress.templating import Templates
    from lessonpress.validate import load_project

    versions = make_forms(forms, "0")
    roster = [(f"Student {i:03d} Ñúñez", str(1 + i // 30), versions[i % forms].letter) for i in range(students)]
    csv = Path(out) / "roster.csv"
    csv.write_text("name,period,form\n" + "".join(f"{n},{p},{f}\n" for n, p, f in roster), encoding="utf-8")
    args = ["build", str(LESSON), str(LESSON.parent / "course.yaml"), "--versions", str(forms),
            "--format", "pdf", "--out", out, "-q"]
    if path == "stamp":
        assert main([*args, "--roster", str(csv)]) == 0
        return
    assert main(args) == 0
    project = load_project([LESSON, LESSON.parent / "course.yaml"], LESSON.parent)
    ll, course, templates = project.lessons[0], project.course, Templates()
    sheets = {f.letter: worksheet(ll, course, templates, form=f) for f in versions}
    copies = []
    for name, period, form in roster:  # every copy in full, with the name and period typed into its header
        header = (Para((Text(f"Name  {name}      Period  {period}"),), role="header-field"),)
        copies.append(("pdf", "standard", None, dataclasses.replace(sheets[form], header=header)))
    workers = 1 if path == "naive" else min(os.cpu_count() or 1, 4)
    periods: dict[str, PdfWriter] = {}
    for (_name, period, _form), (data, _) in zip(roster, render_jobs(copies, workers), strict=True):
        writer = periods.setdefault(period, PdfWriter())
        pages = len(writer.pages)
        writer.append(io.BytesIO(data))
        if (len(writer.pages) - pages) % 2:
            writer.add_blank_page()
    for period, writer in periods.items():
        with open(Path(out, f"class-set-period-{period}.pdf"), "wb") as fh:
            writer.write(fh)


def measure(path: str, students: int, forms: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from bench.classset import job; " \
               f"job({path!r}, {students}, {forms}, {out!r})"
        proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"the {path} run failed")
        return wall, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--students", type=int, default=150)
    parser.add_argument("--forms", type=int, default=30)
    args = parser.parse_args()
    print(f"class set: {args.students} students, {args.forms} forms, {args.runs} runs each, "
          f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    results: dict[str, list[tuple[float, float]]] = {"stamp": [], "naive": [], "naive-parallel": []}
    for _ in range(args.runs):  # interleaved, so both paths see the same machine load
        for path in results:
            results[path].append(measure(path, args.students, args.forms))
    medians = {}
    for path, samples in results.items():
        walls = [w for w, _ in samples]
        medians[path] = statistics.median(walls)
        print(f"{path:<14} median {medians[path]:6.2f} s  (min {min(walls):.2f}, max {max(walls):.2f})  "
              f"peak memory median {statistics.median(p for _, p in samples):6.1f} MB")
    print(f"ratio naive / stamp: {medians['naive'] / medians['stamp']:.2f}x; "
          f"naive-parallel / stamp: {medians['naive-parallel'] / medians['stamp']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
