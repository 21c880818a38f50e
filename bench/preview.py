"""Benchmark: `lessonpress preview` rebuild latency, from saving a lesson to the open page's update, and to the PDF
and Word files being rewritten. One preview process (as a teacher starts it) on a copy of the course; each edit
changes the reading of one lesson. Usage:
    python bench/preview.py [--edits 7]
Prints medians only; it never passes or fails. `python bench/build.py` runs it too.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSON = "01-tensions-and-treaties"
WORD = "Russo-Japanese Treaty of Portsmouth"  # in the reading: the handout changes


def fetch(url: str) -> str:
    return urllib.request.urlopen(url, timeout=10).read().decode("utf-8")


def until(check, timeout: float = 120.0) -> float:
    """Seconds until `check()` is true, polling every 5 ms."""
    started = time.perf_counter()
    while not check():
        if time.perf_counter() - started > timeout:
            sys.exit("preview did not update in time")
        time.sleep(0.005)
    return time.perf_counter() - started


def measure(edits: int) -> dict[str, list[float]]:
    """Start a preview on a copy of the course, wait for its first files, then time each edit."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "lessons", root / "lessons")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "lessonpress", "preview", "--no-browser", "--port", "0"],
                                cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = proc.stdout.readline()
            while line and "Previewing at" not in line:
                line = proc.stdout.readline()
            url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
            first_page = time.perf_counter() - started
            pdf = root / "output" / LESSON / "handout.pdf"
            until(lambda: (root / "output" / "teacher-packet.pdf").exists())
            first_files = time.perf_counter() - started
            time.sleep(1)
            figures = {"first page (start -> served)": [first_page],
                       "first files (start -> all written)": [first_files],
                       "save -> page updated": [], "save -> files rewritten": []}
            source = root / "lessons" / f"{LESSON}.yaml"
            text = source.read_text(encoding="utf-8")
            for i in range(edits):
                marker = f"{WORD} {i}x"
                before = pdf.stat().st_mtime_ns
                t0 = time.perf_counter()
                source.write_text(text.replace(WORD, marker, 1), encoding="utf-8")
                figures["save -> page updated"].append(
                    until(lambda m=marker: m in fetch(f"{url}page/{LESSON}/handout.html")))
                until(lambda b=before: pdf.stat().st_mtime_ns != b)
                figures["save -> files rewritten"].append(time.perf_counter() - t0)
                time.sleep(0.5)
        finally:
            proc.terminate()
            proc.wait(30)
    return figures


def report(figures: dict[str, list[float]]) -> None:
    for name, samples in figures.items():
        print(f"preview: {name:<34} median {statistics.median(samples):6.3f} s  "
              f"(min {min(samples):.3f}, max {max(samples):.3f}, n={len(samples)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=7)
    args = parser.parse_args()
    report(measure(args.edits))
    return 0


if __name__ == "__main__":
    sys.exit(main())
