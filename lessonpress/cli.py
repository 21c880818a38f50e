"""The command line: `lessonpress build` (also `python generate.py`) and `lessonpress check`."""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

from lessonpress import __version__
from lessonpress.errors import LessonpressError, Report, display_path

FORMATS = ("pdf", "docx")


def _formats(value: str) -> list[str]:
    names = [v.strip().lower() for v in value.split(",") if v.strip()]
    bad = [n for n in names if n not in FORMATS + ("debug",)]
    if bad or not names:
        raise argparse.ArgumentTypeError(f"unknown format '{','.join(bad) or value}' (choose from: pdf, docx)")
    return names


def _versions(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if not 1 <= n <= 100:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 100, got '{value}'")
    return n


def parser(root: Path) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="lessonpress", description="Turn YAML lessons into print-ready handouts, worksheets and answer keys.")
    p.add_argument("--version", action="version", version=f"lessonpress {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="lesson files or folders (default: lessons/)")
        sp.add_argument("--strict", action="store_true", help="treat warnings as errors")
        sp.add_argument("-q", "--quiet", action="store_true", help="print only problems")
        sp.add_argument("-v", "--verbose", action="store_true", help="list every file written")
        sp.add_argument("--debug", action="store_true", help="show a traceback for internal errors")
        sp.add_argument("--templates", type=Path, default=None, metavar="DIR",
                        help="folder of templates that replace the built-in ones (default: templates/)")

    b = sub.add_parser("build", help="validate the lessons and write PDF and DOCX files (the default)")
    common(b)
    b.add_argument("--out", type=Path, default=root / "output", metavar="DIR", help="output folder (default: output/)")
    b.add_argument("--format", type=_formats, default=list(FORMATS), metavar="pdf,docx",
                   help="formats to write (default: pdf,docx)")
    b.add_argument("--paper", choices=("letter", "a4"), default=None,
                   help="paper size (default: course.yaml's, else letter)")
    b.add_argument("--versions", type=_versions, default=1, metavar="N",
                   help="print N forms (A, B, C…) of each worksheet and key, shuffled, plus a key grid")
    b.add_argument("--seed", default="0", metavar="S",
                   help="seed of the shuffles: the same seed always gives the same forms (default: 0)")
    b.add_argument("--roster", type=Path, default=None, metavar="CSV",
                   help="class roster (name, period; optional form, large_print): one class set PDF per period")
    b.add_argument("--profile", choices=("standard", "large-print", "dyslexia"), default="standard",
                   help="accessible copies: large print, or a dyslexia-friendly font and spacing")
    b.add_argument("-j", "--jobs", type=int, default=min(os.cpu_count() or 1, 4), metavar="N",
                   help="processes that write documents at once (default: one per CPU, at most 4)")
    c = sub.add_parser("check", help="validate the lessons without writing anything")
    common(c)
    return p


def _print_report(report: Report, quiet: bool) -> None:
    for d in report.sorted():
        print(d, file=sys.stderr)


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    root = root or Path.cwd()
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0] not in ("build", "check", "-h", "--help", "--version"):
        args_list.insert(0, "build")
    args = parser(root).parse_args(args_list)
    try:
        return run(args, root)
    except LessonpressError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("lessonpress: interrupted; files already finished are complete, the rest were not touched",
              file=sys.stderr)
        return 130
    except Exception as exc:  # anything else is a bug in lessonpress
        if args.debug:
            traceback.print_exc()
        print(f"lessonpress: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in lessonpress, not in your lessons. Run again with --debug and report what it prints.",
              file=sys.stderr)
        return 1


def run(args: argparse.Namespace, root: Path) -> int:
    from lessonpress.validate import load_project

    started = time.perf_counter()
    project = load_project(args.paths, root / "lessons")
    report = project.report
    if report.errors or (args.strict and report.warnings):
        _print_report(report, args.quiet)
        n = len(report.errors) + (len(report.warnings) if args.strict else 0)
        print(f"lessonpress: {n} problem(s); nothing was written", file=sys.stderr)
        return 1
    if args.command == "check":
        _print_report(report, args.quiet)
        if not args.quiet:
            print(f"{len(project.lessons)} lesson(s) OK")
        return 0

    from lessonpress.build import render, write_all
    from lessonpress.templating import Templates

    template_dir = args.templates if args.templates is not None else root / "templates"
    if args.templates is not None and not args.templates.is_dir():
        print(f"{display_path(args.templates)}: error: no such templates folder [template.folder]", file=sys.stderr)
        return 1
    templates = Templates(template_dir if template_dir.is_dir() else None)
    reference = template_dir / "reference.docx"
    from lessonpress.build import Run
    from lessonpress.documents.common import forms

    versions = forms(args.versions, args.seed)
    students = None
    if args.roster is not None:
        from lessonpress.roster import load_roster

        students = load_roster(args.roster, [f.letter for f in versions if f is not None])
    run_ = Run(args.out, args.format, args.paper, versions, args.profile, students,
               reference if reference.is_file() else None, args.jobs)
    files, warnings = render(project, run_, templates)
    report.items.extend(warnings)
    _print_report(report, args.quiet)
    if args.strict and report.warnings:
        print(f"lessonpress: {len(report.warnings)} warning(s) under --strict; nothing was written", file=sys.stderr)
        return 1
    write_all(files)
    if args.verbose:
        for f in files:
            print(f"wrote {display_path(f.path)} ({len(f.data):,} bytes)")
    if not args.quiet:
        print(f"Built {len(project.lessons)} lesson(s): {len(files)} files in {display_path(args.out)}/ "
              f"({time.perf_counter() - started:.1f} s)")
    return 0
