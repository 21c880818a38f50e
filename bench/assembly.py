"""Benchmark: assembling the course's two packets and a 30-student class set from documents already written,
the way this tree does it, optionally beside another revision's way, in the same run.

    python bench/assembly.py [--runs 7] [--students 30] [--against REV]

Each tree gets one worker process, which plans and writes the course's PDFs once (not timed), assembles once to
warm up (imports, fonts), then on each round builds `packet_files` (course and teacher packets) and
`class_sets` for the first lesson (one period of `--students`). Rounds alternate between the trees so both see
the same machine load. `--against REV` (a commit, e.g. the one before the assembly changed) runs that revision's
lessonpress package, extracted with `git archive`, on the same lessons. Prints the median per tree and the ratio.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORKER = r"""
import json, sys, time
from pathlib import Path
import lessonpress, lessonpress.classset, lessonpress.packet
from lessonpress.build import Options, class_sets, fit_forms, packet_files, plan, write
from lessonpress.roster import Student
from lessonpress.templating import Templates
from lessonpress.validate import load_project

root, students = Path(sys.argv[1]), int(sys.argv[2])
project = load_project([], root / "lessons")
roster = tuple(Student(f"Student {i:02d} Ñúñez", "1", None, False, i + 2) for i in range(students))
options = Options(root / "bench-unused-output", ("pdf",), students=roster)
templates = Templates()
planned = plan(project, options, templates)
outputs = write(planned.jobs, options)
planned, outputs = fit_forms(project, options, templates, planned, outputs)
lesson = project.lessons[0]
spent = [0.0]  # in the assembly itself: build_packet and classset.assemble, not the packet's cover and contents


def timed(module, name):
    function = getattr(module, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    setattr(module, name, wrapper)


timed(lessonpress.packet, "build_packet")
timed(lessonpress.classset, "assemble")


def once():
    spent[0] = 0.0
    started = time.perf_counter()
    files = packet_files(project, options, templates, planned, outputs)
    made, _ = class_sets(lesson, project.course, templates, options, planned.forms[lesson.lesson.id], outputs)
    took = time.perf_counter() - started
    return {"took": took, "assembly": spent[0], "packets": sum(len(f.data) for f in files),
            "class_set": len(made[0].data), "package": lessonpress.__file__}


print(json.dumps(once()), flush=True)
for line in sys.stdin:
    print(json.dumps(once()), flush=True)
"""


def worker(tree: Path, students: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode kept, as a teacher's Python keeps it
    # run from the tree itself: `python -c` puts the working folder first on the import path
    return subprocess.Popen([sys.executable, "-c", WORKER, str(ROOT), str(students)], cwd=tree, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def ask(proc: subprocess.Popen, line: str | None = None) -> dict:
    if line is not None:
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
    answer = proc.stdout.readline()
    if not answer:
        sys.exit(f"a worker failed (exit {proc.wait()})")
    return json.loads(answer)


def extract(rev: str, into: Path) -> Path:
    """The lessonpress package of revision `rev`, in a folder of its own."""
    data = subprocess.run(["git", "archive", rev, "lessonpress"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--against", metavar="REV", help="also time this revision's assembly, in the same run")
    args = parser.parse_args()
    print(f"assembly: both packets and a {args.students}-student class set, {args.runs} runs each, "
          f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"this tree": ROOT}
        if args.against:
            trees[args.against] = extract(args.against, Path(tmp))
        procs = {name: worker(tree, args.students) for name, tree in trees.items()}
        runs: dict[str, list[dict]] = {name: [] for name in trees}
        try:
            for name, proc in procs.items():
                cold = ask(proc)
                assert Path(cold["package"]).is_relative_to(trees[name]), cold["package"]
                print(f"{name:<12} first (cold) run: assembly {cold['assembly']:.3f} s, with the packets' covers "
                      f"{cold['took']:.3f} s; packets {cold['packets'] / 1e6:.2f} MB, class set "
                      f"{cold['class_set'] / 1e6:.2f} MB")
            for _ in range(args.runs):  # interleaved, so both trees see the same machine load
                for name, proc in procs.items():
                    runs[name].append(ask(proc, "run"))
        finally:
            for proc in procs.values():
                proc.stdin.close()
                proc.wait()
    medians = {}
    for name, samples in runs.items():
        spent = [r["assembly"] for r in samples]
        medians[name] = statistics.median(spent)
        print(f"{name:<12} assembly median {medians[name]:.3f} s  (min {min(spent):.3f}, max {max(spent):.3f}); "
              f"with the packets' covers and contents {statistics.median(r['took'] for r in samples):.3f} s")
    if args.against:
        print(f"assembly, {args.against} / this tree: {medians[args.against] / medians['this tree']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
