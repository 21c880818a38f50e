"""Benchmark: the PDF writer's CPU in a fresh process, as one build spends it, for this tree and other checkouts
interleaved in the same run.

    python bench/pdf_writer.py [--runs 7] [--profile standard] [--code DIR ...]

Each round starts one fresh process per tree (bytecode kept, as a teacher's Python keeps it), which loads and
plans the course (not timed), then times in CPU seconds (`time.process_time`):
  setup    importing the PDF writer and making it (font registration, compat checks, styles);
  render   writing each of the course's PDFs once (the first pass, every cache cold, as in a build);
  finish   of which pikepdf's part (`Tags.finish`: the structure tree, metadata, saving);
  packets  assembling both packets from those PDFs (`build_packet`, not their covers and contents).
Rounds alternate between the trees so all see the same machine load. `--code DIR` runs the lessonpress package
of another checkout (a git worktree, or a folder holding `lessonpress/`) on this tree's lessons; give it more
than once to compare several. Prints the median of each figure per tree and each tree's ratio to this one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ("setup", "render", "finish", "packets")

WORKER = r"""
import json, sys, time
from pathlib import Path
import lessonpress, lessonpress.packet
from lessonpress.build import Options, packet_files, plan
from lessonpress.templating import Templates
from lessonpress.validate import load_project

root, profile = Path(sys.argv[1]), sys.argv[2]
project = load_project([], root / "lessons")
options = Options(root / "bench-unused-output", ("pdf",), profile=profile)
templates = Templates()
jobs = [job for job in plan(project, options, templates).jobs if job.fmt == "pdf"]
spent = {"finish": 0.0, "packets": 0.0}


def timed(owner, name, figure):
    function = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[figure] += time.process_time() - started

    setattr(owner, name, wrapper)


started = time.process_time()
from lessonpress.writers import get_writer
from lessonpress.writers import pdf_tags
writer = get_writer("pdf", profile, None)
setup = time.process_time() - started
timed(pdf_tags.Tags, "finish", "finish")
timed(lessonpress.packet, "build_packet", "packets")
started = time.process_time()
outputs = {job.key: writer.render(job.doc) for job in jobs}
render = time.process_time() - started
packets = packet_files(project, options, templates, plan(project, options, templates), outputs)
print(json.dumps({"setup": setup, "render": render, **spent, "documents": len(jobs),
                  "bytes": sum(len(o.data) for o in outputs.values()) + sum(len(p.data) for p in packets),
                  "package": lessonpress.__file__}))
"""


def once(tree: Path, profile: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode kept, as a teacher's Python keeps it
    # run from the tree itself: `python -c` puts the working folder first on the import path
    done = subprocess.run([sys.executable, "-c", WORKER, str(ROOT), profile], cwd=tree, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"the worker for {tree} failed:\n{done.stderr}")
    result = json.loads(done.stdout.splitlines()[-1])
    assert Path(result["package"]).is_relative_to(tree), result["package"]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", default="standard", choices=("standard", "large-print", "dyslexia"))
    parser.add_argument("--code", metavar="DIR", action="append", default=[], type=Path,
                        help="another checkout whose lessonpress to time too, in the same run")
    args = parser.parse_args()
    trees = {"this tree": ROOT, **{str(d): d.resolve() for d in args.code}}
    print(f"PDF writer, {args.profile}: {args.runs} fresh processes per tree, {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}")
    runs: dict[str, list[dict]] = {name: [] for name in trees}
    once(ROOT, args.profile)  # bytecode written, the disk cache warm
    for _ in range(args.runs):  # interleaved, so every tree sees the same machine load
        for name, tree in trees.items():
            runs[name].append(once(tree, args.profile))
    medians = {name: {f: statistics.median(r[f] for r in samples) for f in FIGURES} for name, samples in runs.items()}
    for name, m in medians.items():
        sample = runs[name][0]
        print(f"{name:<24} " + "  ".join(f"{f} {m[f]:.3f} s" for f in FIGURES)
              + f"   ({sample['documents']} PDFs, {sample['bytes'] / 1e6:.2f} MB with the packets)")
    for name, m in medians.items():
        if name != "this tree":
            base = medians["this tree"]
            print(f"{name} / this tree: " + "  ".join(f"{f} {m[f] / base[f]:.2f}x" for f in FIGURES if base[f]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
