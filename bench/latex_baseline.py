"""Benchmark baseline: the same course built the way a teacher using TeX would, pdflatex with the `exam` class (and
`article`) for the PDFs, pandoc for the Word files, pdfpages for the packets, against lessonpress's cold full build
measured in the same run.

Untimed: the lessons are loaded, validated and built into Documents by lessonpress itself (so the words are the
same), and written out as LaTeX and Markdown sources (bench/latex_source.py), with a reference DOCX whose footer
says "Page N of M". Timed: everything a rebuild runs: pdflatex twice per document (the exam class's \\numpages and
lastpage's "Page N of M" need the second pass), pandoc per Word file, then each packet's pdflatex passes until no
rerun is asked for; with 2 workers (as `make -j2` would, and as lessonpress's pool uses both cores) and serially.
Usage:
    python bench/latex_baseline.py [--runs 3] [--keep DIR]
Prints figures only; it never passes or fails. Skipped, with a one-line message, where TeX or pandoc is absent.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: bench.latex_source and the lessonpress of this checkout
    sys.path.insert(0, str(ROOT))

from bench import latex_source  # noqa: E402

WORKERS = 2
MAX_PASSES = 4
RERUN = ("Rerun to get", "Label(s) may have changed", "Rerun LaTeX")


def missing() -> str | None:
    """Why the baseline cannot run here, or None."""
    for tool in ("pdflatex", "pandoc", "kpsewhich"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    for name, package in (("exam.cls", "texlive-latex-extra"), ("pdfpages.sty", "texlive-latex-recommended"),
                          ("mathptmx.sty", "texlive-fonts-recommended")):
        found = subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=False).stdout.strip()
        if not found:
            return f"{name} is not installed (Debian package {package})"
    return None


@dataclass(frozen=True)
class Task:
    """One output file and the commands that make it from its source (run in `cwd`)."""

    out: str
    """The file made, relative to the work folder, as lessonpress names it in its output folder."""
    cwd: Path
    kind: str  # "latex", "pandoc" or "packet"
    source: str

    def run(self) -> int:
        """Run the commands; the number of pdflatex passes (0 for pandoc)."""
        if self.kind == "pandoc":
            _call(["pandoc", self.source, "-o", Path(self.out).name, "--reference-doc",
                   str(self.cwd.parent / "reference.docx")], self.cwd)
            return 0
        passes = 0
        while True:
            _call(["pdflatex", "-interaction=batchmode", "-halt-on-error", self.source], self.cwd)
            passes += 1
            if self.kind == "latex" and passes == 2:  # what a teacher's script does: twice
                return passes
            log = (self.cwd / Path(self.source).with_suffix(".log")).read_text("latin-1")
            if (passes >= 2 and not any(r in log for r in RERUN)) or passes == MAX_PASSES:
                return passes


def _call(cmd: list[str], cwd: Path) -> None:
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        log = Path(cwd / Path(cmd[-1]).with_suffix(".log"))
        tail = log.read_text("latin-1")[-1500:] if cmd[0] == "pdflatex" and log.exists() else proc.stderr.decode()
        raise RuntimeError(f"{' '.join(cmd)} failed in {cwd}:\n{tail}")


def reference_docx(path: Path) -> None:
    """pandoc's default reference document with a footer that says "Page N of M" (Word fields)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    path.write_bytes(subprocess.run(["pandoc", "--print-default-data-file", "reference.docx"],
                                    capture_output=True, check=True).stdout)
    document = docx.Document(str(path))
    para = document.sections[0].footer.paragraphs[0]
    para.alignment = 2  # right

    def field(code: str) -> None:
        run = para.add_run()
        for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            else:
                el = OxmlElement("w:instrText" if text == code else "w:t")
                el.text = text
            run._r.append(el)

    para.add_run("Page ")
    field("PAGE")
    para.add_run(" of ")
    field("NUMPAGES")
    document.save(str(path))


def prepare(work: Path, root: Path = ROOT, lessons: list[Path] | None = None) -> tuple[list[Task], list[Task]]:
    """Write every source of the course into `work`; the document tasks and the packet tasks (run after them)."""
    from lessonpress.build import PACKETS, Options, plan
    from lessonpress.documents.packet import Section, packet_front, wording
    from lessonpress.model import plain
    from lessonpress.templating import Templates
    from lessonpress.validate import load_project

    project = load_project(lessons or [], root / "lessons")
    if project.report.errors:
        raise SystemExit("\n".join(str(d) for d in project.report.items))
    folder = root / "templates"
    templates = Templates(folder if folder.is_dir() else None, project.course.language)
    plan_ = plan(project, Options(work, ("pdf", "docx")), templates)
    tasks = []
    for job in plan_.jobs:
        if job.stem is None:
            continue
        where = work / job.lesson
        where.mkdir(parents=True, exist_ok=True)
        if job.fmt == "pdf":
            try:
                source = latex_source.latex(job.doc)
            except latex_source.Unsupported as exc:
                raise latex_source.Unsupported(f"{job.lesson}/{job.stem}: {exc}") from None
            (where / f"{job.stem}.tex").write_text(source, "utf-8")
            tasks.append(Task(f"{job.lesson}/{job.stem}.pdf", where, "latex", f"{job.stem}.tex"))
        elif job.fmt == "docx":
            (where / f"{job.stem}.md").write_text(latex_source.markdown(job.doc), "utf-8")
            tasks.append(Task(f"{job.lesson}/{job.stem}.docx", where, "pandoc", f"{job.stem}.md"))
    reference_docx(work / "reference.docx")
    pdfs = {(j.lesson, j.kind): j for j in plan_.jobs if j.fmt == "pdf" and j.stem}
    packets = []
    course = project.course
    for name, kinds in PACKETS.items():
        context = {"packet": name, "course": course, "lessons": [ll.lesson.title for ll in project.lessons],
                   "form": None, "forms": 1}
        parts, sections = [], []
        for i, ll in enumerate(project.lessons, 1):
            here = []
            for kind in kinds:
                if (job := pdfs.get((ll.lesson.id, kind))) is not None:
                    ref = f"part{i}x{len(here) + 1}"
                    parts.append((f"{ll.lesson.id}/{job.stem}.pdf", ref, f"{ll.lesson.title}: {job.doc.kind_label}"))
                    here.append((job.doc.kind_label, ref))
            sections.append(Section(ll.lesson.title, tuple(here)))
        front = packet_front(course, templates, name, sections)
        stamp = plain(wording(templates, "stamp", number="{n}", **context)[0])
        (work / f"{name}.tex").write_text(latex_source.packet_latex(front, parts, stamp), "utf-8")
        packets.append(Task(f"{name}.pdf", work, "packet", f"{name}.tex"))
    return tasks, packets


def clean(work: Path) -> None:
    """Remove every output and auxiliary file, so the next build is cold."""
    for p in work.rglob("*"):
        if p.suffix in (".pdf", ".docx", ".aux", ".log", ".toc", ".out") and p.name != "reference.docx":
            p.unlink()


def child_cpu() -> float:
    """CPU seconds (user + system) of every finished child process so far (pdflatex, pandoc, lessonpress and its
    workers): a figure other load on the machine disturbs less than wall time."""
    t = os.times()
    return t.children_user + t.children_system


def build(tasks: list[Task], packets: list[Task], workers: int,
          by_kind: dict[str, float] | None = None) -> tuple[float, float, dict[str, int]]:
    """Wall and CPU seconds of one cold build of everything, and the pdflatex passes of each output; a serial
    build adds the CPU seconds of each kind of task to `by_kind`."""
    started, cpu = time.perf_counter(), child_cpu()
    if workers > 1:
        with ThreadPoolExecutor(workers) as pool:  # each task is its own process, as with `make -j2`
            passes = dict(zip([t.out for t in tasks], pool.map(Task.run, tasks), strict=True))
            passes.update(zip([t.out for t in packets], pool.map(Task.run, packets), strict=True))
    else:
        passes = {}
        for t in tasks + packets:
            before = child_cpu()
            passes[t.out] = t.run()
            if by_kind is not None:
                by_kind[t.kind] = by_kind.get(t.kind, 0.0) + child_cpu() - before
    return time.perf_counter() - started, child_cpu() - cpu, passes


def lessonpress_cold(out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one lessonpress cold full build into `out` (a fresh process, the folder removed
    so that it makes and writes every file), as bench/build.py measures it."""
    from bench.build import run_once

    shutil.rmtree(out, ignore_errors=True)
    cpu = child_cpu()
    wall = run_once(["build", "--out", str(out), "-q"])[0]
    return wall, child_cpu() - cpu


def made(folder: Path) -> dict[str, int]:
    """Every document file in a folder (not dot files or sources): its page count (PDF), else 0."""
    import pypdf

    return {str(p.relative_to(folder)): len(pypdf.PdfReader(p).pages) if p.suffix == ".pdf" else 0
            for p in sorted(folder.rglob("*")) if p.suffix in (".pdf", ".docx") and p.name != "reference.docx"}


def measure(runs: int, keep: Path | None = None) -> dict:
    """Prepare once, warm both up, then `runs` rounds of: a cold LaTeX build with 2 workers, one serially and a
    lessonpress cold full build (interleaved, so both meet the same load); wall and CPU seconds of each, the
    files each made and their pages."""
    with tempfile.TemporaryDirectory() as tmp:
        work = keep or Path(tmp) / "latex"
        work.mkdir(parents=True, exist_ok=True)
        ours = Path(tmp) / "lessonpress"
        tasks, packets = prepare(work)
        build(tasks, packets, WORKERS)  # warm: fonts, formats and pandoc from disk
        lessonpress_cold(ours)  # warm, as bench/build.py does
        samples: dict[str, list[tuple[float, float]]] = {"parallel": [], "serial": [], "lessonpress": []}
        passes: dict[str, int] = {}
        by_kind: dict[str, float] = {}
        for _ in range(runs):
            clean(work)
            wall, cpu, passes = build(tasks, packets, WORKERS)
            samples["parallel"].append((wall, cpu))
            clean(work)
            samples["serial"].append(build(tasks, packets, 1, by_kind)[:2])
            samples["lessonpress"].append(lessonpress_cold(ours))
        return {**samples, "files": sorted(t.out for t in tasks + packets), "pages": made(work),
                "lessonpress_pages": made(ours), "passes": passes,
                "by_kind": {k: v / runs for k, v in by_kind.items()},
                "latex": sum(t.kind != "pandoc" for t in tasks + packets),
                "pandoc": sum(t.kind == "pandoc" for t in tasks)}


def report(result: dict) -> None:
    """Print the baseline's figures, its ratio to lessonpress's cold build and the pages of both."""
    def median(name: str, i: int) -> float:
        return statistics.median(s[i] for s in result[name])

    print(f"LaTeX baseline: {len(result['files'])} files ({result['latex']} by pdflatex with the exam class, "
          f"article and pdfpages, {result['pandoc']} by pandoc), {len(result['parallel'])} cold runs each")
    for name, label in (("parallel", "pdflatex + pandoc, 2 workers"), ("serial", "pdflatex + pandoc, serial"),
                        ("lessonpress", "lessonpress cold full build")):
        walls = [w for w, _ in result[name]]
        print(f"{label:<28} median {median(name, 0):6.3f} s  (min {min(walls):.3f}, max {max(walls):.3f})"
              f"   CPU median {median(name, 1):6.2f} s")
    mine, mine_cpu = median("lessonpress", 0), median("lessonpress", 1)
    print(f"{'LaTeX / lessonpress':<28} wall {median('parallel', 0) / mine:.1f}x (both on 2 workers), "
          f"{median('serial', 0) / mine:.1f}x (LaTeX serial); CPU {median('parallel', 1) / mine_cpu:.1f}x")
    kinds = {"latex": "pdflatex documents", "pandoc": "pandoc", "packet": "pdflatex packets"}
    print("  LaTeX CPU by task (serial, mean): " + ", ".join(f"{kinds[k]} {v:.2f} s"
                                                            for k, v in result["by_kind"].items()))
    ours, theirs = result["lessonpress_pages"], result["pages"]
    if sorted(ours) != result["files"]:
        print(f"  file sets differ: only lessonpress {sorted(set(ours) - set(theirs))}, "
              f"only LaTeX {sorted(set(theirs) - set(ours))}")
    else:
        print(f"  the same {len(ours)} files as lessonpress's build (its manifest aside): "
              f"{sum(f.endswith('.pdf') for f in ours)} PDF (2 packets), {sum(f.endswith('.docx') for f in ours)} Word")
    absent = [f for f in result["files"] if f not in theirs]
    if absent:
        print(f"  NOT MADE by the baseline: {', '.join(absent)}")
    print(f"  pdflatex passes per PDF: {sorted(set(result['passes'].values()) - {0})}; "
          "pages, lessonpress / LaTeX (Word files not counted):")
    pdfs = [f for f in result["files"] if f.endswith(".pdf")]
    for i in range(0, len(pdfs), 4):
        print("   " + "   ".join(f"{f.removesuffix('.pdf')} {ours.get(f, '-')}/{theirs.get(f, '-')}"
                                 for f in pdfs[i:i + 4]))


def compare(runs: int) -> None:
    """The baseline beside lessonpress's cold build (for bench/build.py), or one line saying why it is skipped."""
    why = missing()
    if why:
        print(f"LaTeX baseline skipped: {why}")
        return
    report(measure(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep the sources and outputs")
    args = parser.parse_args()
    why = missing()
    if why:
        print(f"LaTeX baseline skipped: {why}")
        return 0
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    print(f"LaTeX baseline: {os.cpu_count()} CPUs, {WORKERS} workers")
    report(measure(args.runs, args.keep))
    return 0


if __name__ == "__main__":
    sys.exit(main())
