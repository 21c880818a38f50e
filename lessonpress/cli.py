"""The command line: `lessonpress build` (also `python generate.py`) and `lessonpress check`."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
import traceback
from pathlib import Path

from lessonpress import __version__
from lessonpress.errors import LessonpressError, Loc, Report, did_you_mean, display_path, one_line

FORMATS = ("pdf", "docx")
COMMANDS = ("build", "check")


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


def _print_report(report: Report) -> None:
    for d in report.sorted():
        print(d, file=sys.stderr)


def entry(root: Path | None = None) -> None:
    """The `lessonpress` command, `python -m lessonpress` and generate.py: run, then exit."""
    code = main(root=root)
    # The process ends here: skip collecting everything the build held, which takes a tenth of a second
    # and frees nothing anyone needs (files are already written and closed).
    gc.freeze()
    sys.exit(code)


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    root = root or Path.cwd()
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0] not in ("build", "check", "-h", "--help", "--version"):
        first = args_list[0] if args_list else ""
        if first and not first.startswith("-") and not Path(first).exists() and did_you_mean(first, COMMANDS):
            print(f"lessonpress: unknown command '{first}'{did_you_mean(first, COMMANDS)}", file=sys.stderr)
            return 2
        args_list.insert(0, "build")
    args = parser(root).parse_args(args_list)
    try:
        return run(args, root)
    except LessonpressError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("lessonpress: interrupted; nothing was changed in the output folder",
              file=sys.stderr)
        return 130
    except Exception as exc:  # anything else is a bug in lessonpress
        if args.debug:
            traceback.print_exc()
        print(f"lessonpress: internal error: {one_line(f'{type(exc).__name__}: {exc}')[:500]}\n"
              "This is a bug in lessonpress, not in your lessons. Run again with --debug and report what it prints.",
              file=sys.stderr)
        return 1


def _fail(report: Report, strict: bool) -> int:
    _print_report(report)
    n = len(report.errors) + (len(report.warnings) if strict else 0)
    print(f"lessonpress: {n} problem(s){' (warnings count under --strict)' if strict and report.warnings else ''}; "
          "nothing was written", file=sys.stderr)
    return 1


def run(args: argparse.Namespace, root: Path) -> int:
    from lessonpress.validate import lesson_files, load_project
    from lessonpress.writers import source_date_problem

    started = time.perf_counter()
    lessons_dir = root / "lessons"
    project = load_project(args.paths, lessons_dir)
    report = project.report
    date_problem = source_date_problem()
    if date_problem:
        report.error(Loc("SOURCE_DATE_EPOCH"), date_problem, "env.source-date")
    if args.command == "build":
        students = _setup(args, root, project)
    if report.errors or (args.strict and report.warnings):
        return _fail(report, args.strict)
    if args.command == "check":
        from lessonpress.build import Options, plan

        plan(project, Options(root / "output", FORMATS), _templates(args, root))  # builders and templates, no writers
        _print_report(report)
        if not args.quiet:
            print(f"{len(project.lessons)} lesson(s) OK")
        return 0

    from lessonpress.build import Options, commit
    from lessonpress.build import run as run_build
    from lessonpress.documents.common import forms
    from lessonpress.output import Lock

    templates = _templates(args, root)
    reference = (args.templates if args.templates is not None else root / "templates") / "reference.docx"
    whole = {p.resolve() for p in lesson_files([], lessons_dir)}
    covered = {p.resolve() for p in lesson_files(args.paths, lessons_dir)}
    options = Options(args.out, tuple(args.format), args.paper, tuple(forms(args.versions, args.seed)), args.profile,
                      tuple(students) if students is not None else None, reference if reference.is_file() else None,
                      args.jobs, packets=not args.paths or whole <= covered)
    with Lock(args.out):  # a second build into the same folder is refused, never interleaved
        results = run_build(project, options, templates)
        files = results.files
        report.items.extend(results.warnings)
        if args.strict and report.warnings:
            return _fail(report, args.strict)
        _print_report(report)
        commit(args.out, files)
    if args.verbose:
        for f in files:
            print(f"wrote {display_path(f.path)} ({len(f.data):,} bytes)")
    if not args.quiet:
        for note in results.notes + stale_notes(files, options.suffix):
            print(f"note: {note}")
        print(f"Built {len(project.lessons)} lesson(s): {len(files)} files in {display_path(args.out)}/ "
              f"({time.perf_counter() - started:.1f} s)")
    return 0


def _templates(args: argparse.Namespace, root: Path):
    """The templates: the user's folder (--templates, else templates/ if there is one), then the built-ins."""
    from lessonpress.templating import Templates

    folder = args.templates if args.templates is not None else root / "templates"
    return Templates(folder if folder.is_dir() else None)


def _setup(args: argparse.Namespace, root: Path, project) -> list | None:
    """Check what a build needs besides the lessons (output folder, templates, roster); report problems."""
    report = project.report
    if args.out.exists() and not args.out.is_dir():
        report.error(Loc(display_path(args.out)), "is a file; --out needs a folder", "output.folder")
    if args.templates is not None and not args.templates.is_dir():
        report.error(Loc(display_path(args.templates)), "no such templates folder", "template.folder")
    reference = (args.templates or root / "templates") / "reference.docx"
    if reference.is_file() and "docx" in args.format:
        import docx

        try:
            docx.Document(str(reference))
        except Exception:  # python-docx raises several kinds for a file that is not a Word document
            report.error(Loc(display_path(reference)), "is not a Word (.docx) document; save it from Word as "
                         "'Word Document (.docx)' or remove it", "template.reference")
    if args.roster is None:
        return None
    from lessonpress.documents.common import forms
    from lessonpress.glyphs import missing_glyphs
    from lessonpress.roster import load_roster

    letters = [f.letter for f in forms(args.versions, args.seed) if f is not None]
    try:
        students = load_roster(args.roster, letters)
    except LessonpressError as exc:
        report.items.extend(exc.diagnostics)
        return None
    report.items.extend(missing_glyphs([(Loc(s.file, s.line, 1), s.name) for s in students]))
    return students


VARIABLE = ("worksheet-", "answer-key-", "key-grid", "class-set-period-")  # files that depend on the options


def stale_notes(files: list, suffix: str) -> list[str]:
    """Files of an earlier run's forms or class sets that this run did not rewrite, so nobody prints them
    by mistake (say, Form C after a build with two forms)."""
    written = {f.path.resolve() for f in files}
    notes = []
    for folder in sorted({f.path.parent for f in files}):
        old = []
        for p in sorted(folder.iterdir()) if folder.is_dir() else []:
            profiled = any(p.stem.endswith(f"-{name}") for name in ("large-print", "dyslexia"))
            same_profile = p.stem.endswith(suffix) if suffix else not profiled
            if p.name.startswith(VARIABLE) and same_profile and p.resolve() not in written:
                old.append(p.name)
        if old:
            notes.append(f"{display_path(folder)}/ still holds files from an earlier build: {', '.join(old)} "
                         "(delete them if they are no longer wanted)")
    return notes
