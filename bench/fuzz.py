"""Outside-style fuzzing: lessons with adversarial text run through `check` and `build` as a teacher runs them.

Each case is the every-type fixture with one or two fields replaced by hostile text (very long, one unbroken
word, markup, control characters, right-to-left and combined scripts, numbers at their bounds), written to a
fresh project folder and run as `python -m lessonpress check`, then `build` (in a profile picked per case) in
fresh processes with a time limit. Usage:
    python bench/fuzz.py [--cases 120] [--seed 1] [--timeout 60] [--code DIR]
`--code` runs another copy of lessonpress (say, an older checkout) instead of this one. Prints the counts:
clean errors (exit 1, one located line each), successes, internal errors, hangs (over the time limit), and
`check`/`build` disagreements (`check` accepts what `build` refuses). It never passes or fails.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "valid" / "every-type.yaml"
COURSE = ROOT / "lessons" / "course.yaml"
PROFILES = ("standard", "large-print", "dyslexia")

# where hostile text goes: a path into the lesson (or "course" and a key)
FIELDS = [
    ("title",), ("section",), ("grade",), ("objectives", 0), ("warm_up",), ("closing_discussion",),
    ("reading", 0), ("reading", 1), ("vocabulary", 0, "term"), ("vocabulary", 0, "definition"),
    ("timeline", 0, "date"), ("timeline", 0, "event"), ("people", 0, "name"), ("people", 0, "role"),
    ("questions", 0, "prompt"), ("questions", 0, "choices", 0), ("questions", 0, "explanation"),
    ("questions", 3, "pairs", 0, "left"), ("questions", 3, "pairs", 0, "right"), ("questions", 4, "items", 0),
    ("questions", 5, "answer"), ("questions", 7, "rubric", 0, "criterion"), ("questions", 2, "word_bank", 2),
    ("plan", "procedure", 0, "activity"), ("plan", "procedure", 0, "details"), ("plan", "materials", 0),
    ("course", "title"), ("course", "teacher"), ("course", "school"), ("course", "grade_band"),
]
PLAN = {"materials": ["Map"], "procedure": [{"minutes": 45, "activity": "Reading", "details": "Read it."}],
        "differentiation": ["Support"]}


def hostile(rng: random.Random) -> str:
    """One piece of adversarial text."""
    word = rng.choice(["a", "Tōgō", "東郷", "Литвинов", "مرحبا", "e\u0301", "👩‍🏫", "&amp;", "<b>", "W"])
    kind = rng.randrange(9)
    if kind == 0:
        return word * rng.choice([250, 1000, 3000])  # one unbroken word
    if kind == 1:
        return " ".join([word] * rng.choice([200, 1000, 4000]))  # a paragraph pasted in
    if kind == 2:
        return "<b>x</b> & <i>y</i> <font name='x'> {{ 7*7 }} {% raw %} </para> ]]> &#0;"
    if kind == 3:
        return "line one\nline two\n\n\tindented\u00a0nbsp\u200bzero-width\u2028sep"
    if kind == 4:
        return "".join(rng.choice("‮‭‫\u200d\u0301\u0332ﷺ𒐫꧅") for _ in range(rng.choice([5, 300])))
    if kind == 5:
        return rng.choice(["-", "*", "1.", "…", "___", "\u00ad", "\u3000"]) + " x"
    if kind == 6:
        return rng.choice(["con", "nul.", "x" * 300, "a.", "0"])
    if kind == 7:
        return word * 60 + " " + "word " * 600
    return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.choice([10, 500, 5000])))


def case(rng: random.Random) -> tuple[dict, dict, str]:
    lesson = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    lesson["questions"][0]["answer"] = "C"
    lesson["questions"][1]["answer"] = False
    lesson["plan"] = copy.deepcopy(PLAN)
    course = yaml.safe_load(COURSE.read_text(encoding="utf-8"))
    for _ in range(rng.choice([1, 1, 2])):
        path = rng.choice(FIELDS)
        target, keys = (course, path[1:]) if path[0] == "course" else (lesson, path)
        for k in keys[:-1]:
            target = target[k]
        target[keys[-1]] = hostile(rng)
    if rng.random() < 0.2:
        lesson["questions"][6]["points"] = 100
        lesson["plan"]["procedure"][0]["minutes"] = 300
        lesson["duration"] = 300
        lesson["questions"][5]["lines"] = 30
    if rng.random() < 0.1:
        lesson["questions"] = lesson["questions"] * 40
    return lesson, course, rng.choice(PROFILES)


def run(code: Path, folder: Path, args: list[str], timeout: float) -> tuple[str, str]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    try:
        proc = subprocess.run([sys.executable, "-m", "lessonpress", *args], cwd=folder, env=env, timeout=timeout,
                              capture_output=True, text=True, errors="replace")
    except subprocess.TimeoutExpired:
        return "hang", ""
    if proc.returncode == 0:
        return "ok", ""
    if "internal error" in proc.stderr or "Traceback" in proc.stderr:
        return "internal", proc.stderr.strip().splitlines()[0 if "internal error" in proc.stderr else -1][:160]
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    located = all(": error: " in ln or ": warning: " in ln or ln.startswith("lessonpress:") for ln in lines)
    return ("clean" if located else "unlocated"), (lines[0][:160] if lines else "")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cases", type=int, default=120)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--code", type=Path, default=ROOT, help="folder holding the lessonpress package to run")
    args = p.parse_args()
    rng = random.Random(args.seed)
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    started = time.perf_counter()
    for i in range(args.cases):
        lesson, course, profile = case(rng)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / "lessons").mkdir()
            dump = {"allow_unicode": True, "width": 1 << 30, "sort_keys": False}
            (folder / "lessons" / "every-type.yaml").write_text(yaml.safe_dump(lesson, **dump), encoding="utf-8")
            (folder / "lessons" / "course.yaml").write_text(yaml.safe_dump(course, **dump), encoding="utf-8")
            shutil.copytree(ROOT / "templates", folder / "templates")
            checked, why = run(args.code, folder, ["check", "-q"], args.timeout)
            result = f"check {checked}"
            if checked == "ok":
                built, why = run(args.code, folder, ["build", "-q", "-j", "1", "--profile", profile], args.timeout)
                result = {"ok": "success", "clean": "check/build disagree"}.get(built, f"build {built}")
            elif checked == "clean":
                result = "clean error"
        counts[result] += 1
        if result not in ("success", "clean error"):
            examples.setdefault(f"{result}: {why}", f"case {i}")
        print(f"case {i}: {result} {why[:100]}", file=sys.stderr, flush=True)
    print(f"{args.cases} cases, seed {args.seed}, {time.perf_counter() - started:.0f} s, code {args.code}")
    for name, n in counts.most_common():
        print(f"  {name:<22} {n}")
    for what, where in sorted(examples.items()):
        print(f"  e.g. {where}: {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
