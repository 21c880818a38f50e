"""Benchmark: median wall time and peak memory of a full course build, a build with nothing changed, a build after
editing one lesson, and `check`, over several runs.

Each run is a fresh process, as a teacher's `python generate.py` is, on a copy of the course in a temporary folder
(the repository's lessons are never edited). Peak memory is the whole process tree's: the resident memory of the
lessonpress process and all its workers, summed, sampled every 10 ms (Linux /proc; elsewhere the process's own
peak); and the same sum of their proportional shares (Pss), in which a page a forked worker shares with its parent
counts once. Then the preview's rebuild latency, save -> page updated (bench/preview.py); and the same documents
made by pdflatex with the `exam` class and pandoc, beside lessonpress's cold build (bench/latex_baseline.py,
skipped where TeX is absent). Usage:
    python bench/build.py [--runs 7] [--latex-runs 3] [--no-preview] [--code DIR]
Prints figures only; it never passes or fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: `from bench import …` below
    sys.path.insert(0, str(ROOT))
EDITED = "03-soviet-interference.yaml"  # the lesson the one-lesson figure edits (its title, so every document)


def _tree(pid: int) -> list[int]:
    """`pid` and every process descended from it."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    stat = fh.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += parents.get(p, [])
    return found


def _memory(pid: int) -> tuple[int, int]:
    """Resident memory of one process in kB (0 once it has ended), and its proportional share (Pss: each page
    shared with other processes, as a forked worker shares its parent's, counted once over all of them)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmRSS:"):
                    rss = int(line.split()[1])
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    pss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, pss


class TreePeak(threading.Thread):
    """Samples the memory of a process and its children every 10 ms: `peak` is the highest sum of their resident
    memory, `shared` the highest sum of their proportional shares (pages they share counted once), in MB."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.shared, self.done = pid, 0.0, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            sizes = [_memory(p) for p in _tree(self.pid)]
            self.peak = max(self.peak, sum(r for r, _ in sizes) / 1024)
            self.shared = max(self.shared, sum(p for _, p in sizes) / 1024)
            self.done.wait(0.01)


CODE = [ROOT]  # the lessonpress copy timed (--code)


def run_once(args: list[str], cwd: Path = ROOT) -> tuple[float, float, float, float]:
    """Wall seconds, peak memory (MB: summed resident, and summed proportional) and CPU seconds of one
    `python -m lessonpress ARGS` process tree."""
    env = {**os.environ, "PYTHONPATH": str(CODE[0]) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    # as a teacher's Python does: bytecode kept after the first run (set, every run compiled every module again)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "lessonpress", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreePeak(proc.pid) if os.path.isdir("/proc/self") else None
    if sampler is not None:
        sampler.start()
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        own = usage.ru_maxrss / 1024  # kilobytes on Linux
        cpu = usage.ru_utime + usage.ru_stime  # with its workers, which it waits for
    else:
        proc.wait()
        wall, own, cpu = time.perf_counter() - started, float("nan"), float("nan")
    if sampler is not None:
        sampler.done.set()
        sampler.join()
    if proc.returncode != 0:
        sys.exit(f"run failed: lessonpress {' '.join(args)}\n{proc.stderr.read().decode()}")
    if sampler is None:
        return wall, own, cpu, float("nan")
    return wall, max(own, sampler.peak), cpu, sampler.shared


def report(name: str, samples: list[tuple[float, float, float, float]]) -> None:
    walls, peaks, cpus, shared = ([s[i] for s in samples] for i in range(4))
    print(f"{name:<26} median {statistics.median(walls):6.3f} s wall (min {min(walls):.3f}, max {max(walls):.3f}),"
          f" {statistics.median(cpus):5.2f} s CPU; peak memory of the process tree: "
          f"{statistics.median(peaks):5.1f} MB resident summed (max {max(peaks):.1f}), "
          f"{statistics.median(shared):5.1f} MB proportional")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--latex-runs", type=int, default=3, metavar="N",
                        help="cold runs of the LaTeX exam-class + pandoc baseline (bench/latex_baseline.py); 0 skips")
    parser.add_argument("--no-preview", dest="preview", action="store_false",
                        help="skip the preview's rebuild latency (bench/preview.py)")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="time another copy of lessonpress (say, an older checkout) on this one's lessons")
    args = parser.parse_args()
    CODE[0] = args.code.resolve()
    lessons = len([p for p in (ROOT / "lessons").glob("*.yaml") if p.name != "course.yaml"])
    print(f"lessonpress benchmark: {lessons} lessons, {args.runs} runs each, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, code {CODE[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        project, out = Path(tmp) / "course", Path(tmp) / "output"
        shutil.copytree(ROOT / "lessons", project / "lessons")
        if (ROOT / "templates").is_dir():
            shutil.copytree(ROOT / "templates", project / "templates")
        edited = project / "lessons" / EDITED
        original = edited.read_text(encoding="utf-8")

        def build(extra: list[str] = ()) -> tuple[float, float, float, float]:
            return run_once(["build", "--out", str(out), "-q", *extra], project)

        def full(extra: list[str] = ()) -> tuple[float, float, float, float]:
            # a cold build: no output folder (with only the manifest gone, a build makes every file but writes
            # none whose bytes are already there)
            shutil.rmtree(out, ignore_errors=True)
            return build(extra)

        def one_lesson(n: int) -> tuple[float, float, float, float]:
            edited.write_text(original.replace("title: ", f"title: Draft {n} ", 1), encoding="utf-8")
            return build()

        full()  # warm the disk cache, and write the bytecode of the code timed
        whole = [full() for _ in range(args.runs)]
        files = len([p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")])
        unchanged = [build() for _ in range(args.runs)]
        edits = [one_lesson(n) for n in range(args.runs)]
        edited.write_text(original, encoding="utf-8")
        pdf = [full(["--format", "pdf"]) for _ in range(args.runs)]
        check = [run_once(["check", "-q"], project) for _ in range(args.runs)]
    report("build (pdf + docx)", whole)
    report("build, nothing changed", unchanged)
    report("build, one lesson edited", edits)
    report("build --format pdf", pdf)
    report("check (no writers imported)", check)
    print(f"files written by a full build: {files}; "
          f"per lesson: {statistics.median(w[0] for w in whole) / lessons * 1000:.0f} ms (median build / lessons)")
    if args.latex_runs:
        from bench import latex_baseline

        latex_baseline.compare(args.latex_runs)
    if args.preview:
        from bench import preview

        preview.report(preview.measure(args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
