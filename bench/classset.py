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

    stamp: lessonpress's path (every form rendered once, copies stamped), writers in parallel as a build runs.
    naive: every student's copy rendered in full, one after another, then joined per period.
    naive-parallel: the same, with the build's parallel writers (the fair comparison on a multi-core machine).
    """
    import dataclasses
    import io
    import os

    from pypdf import PdfWriter

    from lessonpress.build import Run, class_sets, render_jobs
    from lessonpress.classset import FormPdf
    from lessonpress.documents.answer_key import answer_key
    from lessonpress.documents.common import forms as make_forms
    from lessonpress.documents.key_grid import key_grid
    from lessonpress.documents.worksheet import worksheet
    from lessonpress.model import Para, Text
    from lessonpress.roster import Student
    from lessonpress.templating import Templates
    from lessonpress.validate import load_project

    project = load_project([LESSON, LESSON.parent / "course.yaml"], LESSON.parent)
    ll, course, templates = project.lessons[0], project.course, Templates()
    versions = make_forms(forms, "0")
    roster = [Student(f"Student {i:03d} Ñúñez", str(1 + i // 30), versions[i % forms].letter, False, i + 2)
              for i in range(students)]
    workers = 1 if path == "naive" else min(os.cpu_count() or 1, 4)
    sheets_docs = {f.letter: worksheet(ll, course, templates, form=f) for f in versions}
    docs = {f"answer-key-{f.letter}.pdf": answer_key(ll, course, templates, form=f) for f in versions}
    docs["key-grid.pdf"] = key_grid(ll, course, templates, versions)
    docs.update({f"worksheet-{letter}.pdf": doc for letter, doc in sheets_docs.items()})
    if path != "stamp":  # every copy in full, with the name and period typed into its header
        for s in roster:
            header = (Para((Text(f"Name  {s.name}      Period  {s.period}"),), role="header-field"),)
            docs[f"copy-{s.line}"] = dataclasses.replace(sheets_docs[s.form], header=header)
    results = dict(zip(docs, render_jobs([("pdf", "standard", None, d) for d in docs.values()], workers),
                       strict=True))
    files = {name: data for name, (data, _) in results.items() if not name.startswith("copy-")}
    if path == "stamp":
        sheets = {(f.letter, "standard"): FormPdf(*results[f"worksheet-{f.letter}.pdf"]) for f in versions}
        run = Run(Path(out), ["pdf"], forms=versions, students=roster)
        for rendered in class_sets(ll, course, templates, run, sheets):
            files[rendered.path.name] = rendered.data
    else:
        periods: dict[str, PdfWriter] = {}
        for s in roster:
            writer = periods.setdefault(s.period, PdfWriter())
            pages = len(writer.pages)
            writer.append(io.BytesIO(results[f"copy-{s.line}"][0]))
            if (len(writer.pages) - pages) % 2:
                writer.add_blank_page()
        for period, writer in periods.items():
            buf = io.BytesIO()
            writer.write(buf)
            files[f"class-set-period-{period}.pdf"] = buf.getvalue()
    for name, data in files.items():
        Path(out, name).write_bytes(data)


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
