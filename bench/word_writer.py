"""Benchmark: median CPU time of writing the course's DOCX files (worksheet, answer key and lesson plan of every
lesson) in one warm process, pass after pass.

Each copy of lessonpress timed runs in a process of its own that loads the course and makes the writer once, then
writes every DOCX file once per pass when asked; with two or more copies (`--code DIR`, repeated) the passes take
turns, one of each copy at a time, so that a noisy machine slows them alike. The lessons and templates are this
checkout's, for every copy. Usage:
    python bench/word_writer.py [--runs 15] [--profile standard] [--code DIR ...]
Prints figures only; it never passes or fails.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on the path, where this file would stand in for python-docx's `docx`.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]


def worker(root: Path, profile: str) -> None:
    """Load the course, make the writer, then write every DOCX file once for each line read; print the pass's CPU
    seconds, files and bytes as one JSON line."""
    from lessonpress.build import documents, render_one
    from lessonpress.templating import Templates
    from lessonpress.validate import load_project

    project = load_project([root / "lessons"], root)
    templates = Templates(root / "templates")
    docs = [made.doc for ll in project.lessons for made in documents(ll, project.course, templates, None)
            if "docx" in made.formats]
    render_one(("docx", profile, None, docs[0]))  # the writer made and its styled base document kept
    import lessonpress

    print(json.dumps(str(Path(lessonpress.__file__).resolve().parent.parent)), flush=True)
    for _ in sys.stdin:
        started = time.process_time()
        size = sum(len(render_one(("docx", profile, None, doc)).data) for doc in docs)
        print(json.dumps([time.process_time() - started, len(docs), size]), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="passes over the files, for each copy (default 15)")
    parser.add_argument("--profile", default="standard", choices=("standard", "large-print", "dyslexia"))
    parser.add_argument("--code", type=Path, action="append",
                        help="folder holding the lessonpress package to time (repeat to compare; default this one)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(ROOT, args.profile)
    codes = [c.resolve() for c in args.code or [ROOT]]
    procs = []
    for code in codes:
        env = {**os.environ, "PYTHONPATH": str(code)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode kept, as a teacher's Python keeps it
        procs.append(subprocess.Popen([sys.executable, __file__, "--worker", "--profile", args.profile], cwd=code,
                                      env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True))
    for code, proc in zip(codes, procs, strict=True):
        ran = json.loads(proc.stdout.readline() or "null")
        if ran != str(code):
            sys.exit(f"asked to time {code}, but the worker runs lessonpress from {ran}")
    times: list[list[float]] = [[] for _ in codes]
    counts = [(0, 0)] * len(codes)
    for run in range(args.runs + 1):  # the first pass warms each process (caches, bytecode) and is not counted
        for i, proc in enumerate(procs):
            proc.stdin.write("\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
            if not line:
                sys.exit(f"the worker for {codes[i]} stopped")
            cpu, files, size = json.loads(line)
            if run:
                times[i].append(cpu)
            counts[i] = (files, size)
    for proc in procs:
        proc.stdin.close()
        proc.wait()
    print(f"DOCX writer, {args.profile}: median CPU of {args.runs} passes in one warm process each, "
          f"{os.cpu_count()} CPUs")
    first = statistics.median(times[0])
    for code, spent, (files, size) in zip(codes, times, counts, strict=True):
        med = statistics.median(spent)
        ratio = f"; the first copy takes {first / med:.2f}x as long" if code != codes[0] else ""
        print(f"  {code}: {med:.3f} s a pass ({med / files * 1000:.1f} ms a file, {files} files, {size} bytes; "
              f"min {min(spent):.3f}, max {max(spent):.3f}){ratio}")


if __name__ == "__main__":
    main()
