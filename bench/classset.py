"""Benchmark: a class set for a 150-student roster with 30 forms (every form's worksheet and key, the key grid
and one PDF per period), the stamping path lessonpress uses against the naive path of rendering every
student's copy in full. Each run is a fresh process; prints medians and the ratios measured in the same run.

    python bench/classset.py [--runs 5] [--students 150] [--forms 30]

Paths, interleaved run by run so they see the same machine load:
  lessonpress     `python -m lessonpress build LESSON --versions F --roster R --format pdf`, as a teacher runs it
                  (every form rendered once, each copy stamped; also the handout and lesson plan)
  build only      the same command without --roster: what any path pays before the class sets
  naive           that build, then every student's copy rendered in full, one after another, joined per period
  naive-parallel  the same, with the build's parallel writers for the copies
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "lessons" / "01-tensions-and-treaties.yaml"
PATHS = ("lessonpress", "build only", "naive", "naive-parallel")


def write_roster(out: Path, students: int, forms: int) -> list[tuple[str, str, str]]:
    """A roster of `students` in periods of 30, forms dealt in turn; returns its rows."""
    from lessonpress.documents.common import forms as make_forms

    versions = make_forms(forms, "0")
    rows = [(f"Student {i:03d} Ñúñez", str(1 + i // 30), versions[i % forms].letter) for i in range(students)]
    (out / "roster.csv").write_text("name,period,form\n" + "".join(f"{n},{p},{f}\n" for n, p, f in rows),
                                    encoding="utf-8")
    return rows


def build_args(forms: int, out: str) -> list[str]:
    return ["build", str(LESSON), str(LESSON.parent / "course.yaml"), "--versions", str(forms), "--format", "pdf",
            "--out", out, "-q"]


def job(path: str, students: int, forms: int, out: str) -> None:
    """The naive class set, made the `path` way under `out`: the build without the roster, then every
    student's copy rendered in full (its name and period typed into its header) and joined per period."""
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

    roster = write_roster(Path(out), students, forms)
    assert main(build_args(forms, out)) == 0
    project = load_project([LESSON, LESSON.parent / "course.yaml"], LESSON.parent)
    ll, course, templates = project.lessons[0], project.course, Templates()
    sheets = {f.letter: worksheet(ll, course, templates, form=f) for f in make_forms(forms, "0")}
    copies = []
    for name, period, form in roster:
        header = (Para((Text(f"Name  {name}      Period  {period}"),), role="header-field"),)
        copies.append(("pdf", "standard", None, dataclasses.replace(sheets[form], header=header)))
    workers = 1 if path == "naive" else min(os.cpu_count() or 1, 4)
    periods: dict[str, PdfWriter] = {}
    for (_name, period, _form), output in zip(roster, render_jobs(copies, workers), strict=True):
        writer = periods.setdefault(period, PdfWriter())
        pages = len(writer.pages)
        writer.append(io.BytesIO(output.data))
        if (len(writer.pages) - pages) % 2:
            writer.add_blank_page()
    for period, writer in periods.items():
        with open(Path(out, f"class-set-period-{period}.pdf"), "wb") as fh:
            writer.write(fh)
    import gc

    gc.freeze()  # exits as the lessonpress command does (see cli.entry), so both skip the final collection


def tree_pss(pid: int) -> float:
    """Memory (MB) of a process and all its children, shared pages shared out between them (Linux's PSS);
    0 where /proc cannot tell."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, StopIteration, ValueError):
            pass
    return total / 1024


def measure(path: str, students: int, forms: int) -> tuple[float, float, float]:
    """Wall seconds and peak memory of one fresh process: the largest single process (MB), and the whole
    process tree, writer processes included, sampled every 50 ms (MB)."""
    with tempfile.TemporaryDirectory() as out:
        if path in ("lessonpress", "build only"):
            write_roster(Path(out), students, forms)
            roster = ["--roster", str(Path(out) / "roster.csv")] if path == "lessonpress" else []
            command = [sys.executable, "-m", "lessonpress", *build_args(forms, out), *roster]
        else:
            command = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
                       f"from bench.classset import job; job({path!r}, {students}, {forms}, {out!r})"]
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT)
        tree = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                tree[0] = max(tree[0], tree_pss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"the {path} run failed")
        if path == "lessonpress":
            assert len(list(Path(out).rglob("class-set-period-*.pdf"))) == -(-students // 30)
        return wall, usage.ru_maxrss / 1024, tree[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--students", type=int, default=150)
    parser.add_argument("--forms", type=int, default=30)
    args = parser.parse_args()
    print(f"class set: {args.students} students, {args.forms} forms, {args.runs} runs each, "
          f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    results: dict[str, list[tuple[float, float, float]]] = {path: [] for path in PATHS}
    for _ in range(args.runs):  # interleaved, so every path sees the same machine load
        for path in PATHS:
            results[path].append(measure(path, args.students, args.forms))
    medians = {}
    for path, samples in results.items():
        walls = [w for w, _, _ in samples]
        medians[path] = statistics.median(walls)
        print(f"{path:<15} median {medians[path]:6.2f} s  (min {min(walls):.2f}, max {max(walls):.2f})  "
              f"peak memory median {statistics.median(p for _, p, _ in samples):6.1f} MB largest process, "
              f"{statistics.median(t for _, _, t in samples):6.1f} MB all processes")
    stamp = medians["lessonpress"]
    print(f"whole run, naive / lessonpress: {medians['naive'] / stamp:.2f}x; "
          f"naive-parallel / lessonpress: {medians['naive-parallel'] / stamp:.2f}x")
    base = medians["build only"]
    added = {path: medians[path] - base for path in ("lessonpress", "naive", "naive-parallel")}
    # Class sets are assembled while the answer keys render, so on a small run what the roster adds can be
    # lost in the noise; no ratio is printed then.
    ratios = {path: f" ({added[path] / added['lessonpress']:.1f}x)" if added["lessonpress"] >= 0.2 else ""
              for path in added}
    print("what the roster adds to the run (each path minus build only): "
          + ", ".join(f"{path} {added[path]:.2f} s{ratios[path] if path != 'lessonpress' else ''}"
                      for path in added))
    return 0


if __name__ == "__main__":
    sys.exit(main())
